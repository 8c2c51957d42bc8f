"""One line of help per command group, so that `--help` and `--version` list the groups without importing them.

A test checks this table against what each module's ``register()`` adds: change both together.
"""

from __future__ import annotations

GROUP_HELP = {
    "check": "检查数据库：完整性、外键、版本",
    "demo": "生成演示数据（演示村，不含真实人员）",
    "roster": "花名册",
    "org": "组织（党总支、支部、党小组）和网格",
    "periods": "考评季度：开启、公示（关闭）、重新打开",
    "deeds": "闪光言行",
    "stars": "星级评定",
    "commitments": "公开承诺与践诺",
    "teams": "队伍（两委班子、1+4+1、志愿服务队）",
    "backup": "备份与恢复：备份到U盘、检查备份、从备份恢复、自动备份",
    "points": "党员量化积分（积分手册）",
    "review": "民主评议与年终等次",
    "rules": "积分规则（每个组织每年一套）",
    "board": "公示栏 PDF：星级评定、承诺、五亮、积分",
    "wuliang": "五亮：亮身份、亮区域、亮职责、亮承诺、亮服务",
    "prefs": "设置：公示栏落款、书记姓名、联系电话、默认纸张、备份位置",
}
