"""Points (党员量化积分): rule sets, the ledger, summaries, and the links to commitments and the star rating.

Totals are never stored: every summary is recomputed from the ledger (SQL sums per member and indicator,
caps applied in Python), so nothing can drift. Entries are never updated or deleted. Callers use this
package as one module (``from app.services import points; points.summary(...)``).
"""

from __future__ import annotations

from app.services.points.ledger import (
    AddResult,
    BatchResult,
    Candidate,
    EntryRow,
    Ledger,
    add_entry,
    batch_entry,
    candidates,
    ledger,
    record_entry,
    record_reversal,
    resolve_entry_id,
    reverse_entry,
)
from app.services.points.links import (
    AwardResult,
    award_kept_commitments,
    quarter_star_suggestions,
    register_star_suggestions,
)
from app.services.points.rules import (
    RETIRED_TIER,
    IndicatorRow,
    RuleSetRow,
    TierRow,
    add_tier,
    copy_rule_set,
    create_preset,
    get_rule_set,
    retire_tier,
    rule_sets,
    save_indicator,
    set_member_tier,
    set_member_tier_by_name,
    update_rule_set,
    update_tier,
    years,
)
from app.services.points.summary import SummaryRow, suggested_stars, summary

__all__ = [
    "AddResult",
    "AwardResult",
    "BatchResult",
    "Candidate",
    "EntryRow",
    "RETIRED_TIER",
    "IndicatorRow",
    "Ledger",
    "RuleSetRow",
    "SummaryRow",
    "TierRow",
    "add_entry",
    "award_kept_commitments",
    "batch_entry",
    "candidates",
    "copy_rule_set",
    "create_preset",
    "get_rule_set",
    "ledger",
    "quarter_star_suggestions",
    "register_star_suggestions",
    "resolve_entry_id",
    "record_entry",
    "record_reversal",
    "reverse_entry",
    "rule_sets",
    "save_indicator",
    "set_member_tier",
    "set_member_tier_by_name",
    "suggested_stars",
    "summary",
    "update_rule_set",
    "update_tier",
    "add_tier",
    "retire_tier",
    "years",
]
