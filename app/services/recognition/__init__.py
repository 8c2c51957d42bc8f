"""评选与考核: 先锋评选, 支部百分制考核, 五星级组织, 书记述职测评, 先锋岗 / 示范岗 / 工作室, 1+N 所在单位.

Callers use this package as one module (``from app.services import recognition; recognition.nominate(...)``).
"""

from __future__ import annotations

from app.services.recognition.assessment import (
    BranchAssessment,
    SchemeItem,
    assessment,
    bands,
    scheme,
    score,
    set_bands,
    set_scheme,
)
from app.services.recognition.campaigns import (
    Badge,
    CampaignRow,
    NomineeRow,
    announce,
    badges,
    create_campaign,
    get_campaign,
    honour,
    list_campaigns,
    nominate,
    review,
    tally,
)
from app.services.recognition.evidence import member_evidence
from app.services.recognition.organs import (
    DutyRow,
    OrgStarRow,
    PostRow,
    UnitWithoutBranch,
    add_duty_report,
    add_post,
    list_duty_reports,
    list_org_stars,
    list_posts,
    retire_post,
    set_org_star,
    set_work_unit,
    star_criteria,
    tally_duty,
    units_without_branch,
)

__all__ = [
    "Badge",
    "BranchAssessment",
    "CampaignRow",
    "DutyRow",
    "NomineeRow",
    "OrgStarRow",
    "PostRow",
    "SchemeItem",
    "UnitWithoutBranch",
    "add_duty_report",
    "add_post",
    "announce",
    "assessment",
    "badges",
    "bands",
    "create_campaign",
    "get_campaign",
    "honour",
    "list_campaigns",
    "list_duty_reports",
    "list_org_stars",
    "list_posts",
    "member_evidence",
    "nominate",
    "retire_post",
    "review",
    "scheme",
    "score",
    "set_bands",
    "set_org_star",
    "set_scheme",
    "set_work_unit",
    "star_criteria",
    "tally",
    "tally_duty",
    "units_without_branch",
]
