"""闪光言行考评: quarters, deeds, 点评 comments and star ratings, with the rules of DOMAIN.md §1.

Rules enforced here (the domain rules themselves live in app.domain.stars and app.domain.periods):

* A quarter is opened (created) on demand, entries are made while it is open, and it is closed when the
  results are published. A closed quarter is read-only; reopening needs a reason and is audited.
* Only members who were on the roll during the quarter can get deeds or a level.
* No deed, no star: levels 1–5 need at least one (not withdrawn) deed in the quarter.
* Exempt members (只挂牌不参评) have no level. Exemption is automatic for members aged
  ``exempt_age``+ at the quarter's end (70 by default) and, when the settings say so, for 预备党员 and
  mobile members; a branch decision (a level, or an explicit exemption) always overrides the automatic one.
* The suggested level never overwrites a decision: it is computed on reading, never stored.

Other areas (the points' star bands) feed the suggestion through ``SUGGESTION_SOURCES``, named as
"module:function" and imported when a suggestion is computed, so the answer never depends on which
modules the caller happened to import (the CLI loads only the asked-for group).
"""

from __future__ import annotations

from app.services.evaluations.common import (
    CLOSED,
    DEFAULT_EXEMPT_AGE,
    OPEN,
    POINTS_STAR_BANDS,
    SETTING_CATEGORIES,
    SETTING_EXEMPT_AGE,
    SETTING_INCLUDE_MOBILE,
    SETTING_INCLUDE_PROBATIONARY,
    STATUS_LABELS,
    SUGGESTION_SOURCES,
    DeedRow,
    EvaluationSettings,
    HistoryRow,
    MemberRef,
    PeriodRow,
    PeriodSummary,
    RatingRow,
    SuggestionSource,
    auto_exemption,
    get_settings,
    put_settings,
    suggestion_source,
)
from app.services.evaluations.entry import (
    DeedFields,
    add_deed,
    check_deed,
    close_period,
    get_period,
    list_deeds,
    list_periods,
    open_period,
    record_deed,
    record_withdrawal,
    reopen_period,
    set_comment,
    set_exempt,
    set_level,
    set_reason,
    withdraw_deed,
)
from app.services.evaluations.grid import (
    current_quarter,
    member_history,
    member_rating,
    ratings,
    summary,
)

__all__ = [
    "CLOSED",
    "DEFAULT_EXEMPT_AGE",
    "DeedFields",
    "DeedRow",
    "EvaluationSettings",
    "HistoryRow",
    "MemberRef",
    "OPEN",
    "POINTS_STAR_BANDS",
    "PeriodRow",
    "PeriodSummary",
    "RatingRow",
    "SETTING_CATEGORIES",
    "SETTING_EXEMPT_AGE",
    "SETTING_INCLUDE_MOBILE",
    "SETTING_INCLUDE_PROBATIONARY",
    "STATUS_LABELS",
    "SUGGESTION_SOURCES",
    "SuggestionSource",
    "add_deed",
    "check_deed",
    "auto_exemption",
    "close_period",
    "current_quarter",
    "get_period",
    "get_settings",
    "list_deeds",
    "list_periods",
    "member_history",
    "member_rating",
    "open_period",
    "put_settings",
    "ratings",
    "reopen_period",
    "set_comment",
    "set_exempt",
    "set_level",
    "set_reason",
    "suggestion_source",
    "summary",
    "record_deed",
    "record_withdrawal",
    "withdraw_deed",
]
