"""党员服务项目化 rules: the words of needs and projects, and when a project is overdue (pure, no database).

The flow of the seeds: 收集群众需求 → 设置项目库 → 党员认领项目 → 服务群众. A small need (一个书包、一副轮椅) is
claimed by one member (or a 报到党员); a collective project by a volunteer team with its 队长 responsible.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_CATEGORIES = (
    "便民利民",
    "扶贫帮困",
    "治安维稳",
    "矛盾纠纷协调",
    "政策理论宣传",
    "文体活动",
    "敬老助残",
    "环境整治",
    "其他",
)
# A ledger request's category (服务群众) → the project category its need most likely belongs to.
FROM_REQUEST_CATEGORY = {
    "矛盾纠纷": "矛盾纠纷协调",
    "生活困难": "扶贫帮困",
    "环境卫生": "环境整治",
    "基础设施": "便民利民",
    "政策咨询": "政策理论宣传",
    "就业": "扶贫帮困",
}
SMALL = "个人小项目"
COLLECTIVE = "集体项目"
SIZES = (SMALL, COLLECTIVE)
RAISED_HOW = ("走访", "求助", "恳谈会", "网格员", "其他")
SATISFACTION = ("满意", "基本满意", "不满意")

# Project states, in the order of the flow.
DRAFT = "待公示"
OPEN = "待认领"
CLAIMED = "已认领"
DONE = "已完成"
JUDGED = "已验收"
WITHDRAWN = "已撤回"
STATUSES = (DRAFT, OPEN, CLAIMED, DONE, JUDGED, WITHDRAWN)
LIVE = (DRAFT, OPEN, CLAIMED)  # not yet done and not withdrawn

# Who claims.
MEMBER = "member"
PERSON = "person"  # a 报到党员 from the people register
TEAM = "team"
CLAIMANT_KINDS = (MEMBER, PERSON, TEAM)
CLAIMANT_WORDS = {MEMBER: "党员", PERSON: "报到党员", TEAM: "队伍"}

DEED_INDICATOR = "志愿服务"  # the points indicator offered on completion


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """Past its deadline and not yet done (a draft or withdrawn project is never overdue)."""
    return status in (OPEN, CLAIMED) and deadline is not None and deadline < today


def claimant_fits(size: str, kind: str) -> str | None:
    """Why this kind of claimant may not claim a project of this size, or None when it may."""
    if size == COLLECTIVE and kind != TEAM:
        return "集体项目由队伍认领（组团集体认领，队长负责）"
    if size == SMALL and kind == TEAM:
        return "个人小项目由一名党员或报到党员认领"
    return None


# Teams that count as a member's service team (the seeds: each member in at least one): volunteer teams and the
# 党员队伍 of 1+4+1. 两委班子 and the others are posts, not service teams.
SERVICE_TEAM_KINDS = ("志愿服务队", "党员队伍")
