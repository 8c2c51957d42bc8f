"""One line of help per command group, so that `--help` and `--version` list the groups without importing them.

A test checks this table against what each module's ``register()`` adds: change both together.
"""

from __future__ import annotations

GROUP_HELP = {
    "check": "检查数据库：完整性、外键、版本、结构（数据表、列、索引、触发器）",
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
    "board": "公示栏 PDF：星级评定、承诺、五亮、积分、联户、网格、为民办事、签到表、会议记录、党费",
    "wuliang": "五亮：亮身份、亮区域、亮职责、亮承诺、亮服务",
    "prefs": "设置：公示栏落款、书记姓名、联系电话、默认纸张、备份位置",
    "people": "花名册以外的人员：居民、网格员、社区工作者、报到党员……",
    "households": "住户：地址、户主、网格、标签；联户结对",
    "pair": "联户：党员（或人员）与住户结对；一户同时只有一名联户人",
    "unpair": "解除住户的联户结对（记录保留）",
    "visits": "走访：党员走访住户或群众",
    "requests": "求助与意见建议：受理、办理、办结、回访",
    "service": "服务群众：统计、网格层级、联户户数、设置",
    "audit": "修改记录：谁在什么时候改了什么（只读，身份证号已遮挡）",
    "meetings": "组织生活：会议、签到出勤（自动记积分）",
    "dues": "党费：标准、交纳、欠缴、收缴登记表",
    "contacts": "流动党员联系记录",
    "needs": "群众需求：走访、求助、恳谈会、网格员收集，可立项进项目库",
    "projects": "服务项目：立项、公示、认领、进度、完成、验收、统计",
    "pioneers": "先锋评选：推荐、审议、投票、公示、表彰",
    "assess": "支部工作考核（百分制）：方案、建议分、打分、排名",
    "stars-org": "五星级服务型党组织：逐项达标、依据、上级确认",
    "report-duty": "书记述职、述职述廉与满意度测评",
    "posts": "党员先锋岗、党员示范岗、明星党员工作室",
    "todo": "待办：转正、欠缴党费、连续缺席、流动党员联系、应开未开的会、星级评定",
    "report": "统计：花名册构成、季度统计、季度简报",
    "township": "乡镇汇总：并入各村U盘里的备份数据包，列出已并入的村，各村比较",
}
