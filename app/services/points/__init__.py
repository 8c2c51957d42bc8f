"""Points (党员量化积分): rule sets, the ledger, summaries, and the links to commitments and the star rating.

Totals are never stored: every summary is recomputed from the ledger (SQL sums per member and indicator,
caps applied in Python), so nothing can drift. Entries are never updated or deleted. Callers use this
package as one module (``from app.services import points; points.summary(...)``).

The names are loaded on first use (PEP 562): a command that needs one part — e.g. ``stars list``, which
asks only ``star_bands`` for its suggestion — does not import the ledger, the rules and the summaries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services import lazy

if TYPE_CHECKING:  # what the type checker sees; at run time __getattr__ below loads each on first use
    from app.services.points.entries import (
        AddResult as AddResult,
        BatchResult as BatchResult,
        Candidate as Candidate,
        EntryRow as EntryRow,
        Ledger as Ledger,
        add_entry as add_entry,
        batch_entry as batch_entry,
        candidates as candidates,
        ledger as ledger,
        record_entry as record_entry,
        record_reversal as record_reversal,
        resolve_entry_id as resolve_entry_id,
        reverse_entry as reverse_entry,
    )
    from app.services.points.links import (
        AwardResult as AwardResult,
        award_kept_commitments as award_kept_commitments,
    )
    from app.services.points.rules import (
        RETIRED_TIER as RETIRED_TIER,
        IndicatorRow as IndicatorRow,
        RuleSetRow as RuleSetRow,
        TierRow as TierRow,
        add_tier as add_tier,
        copy_rule_set as copy_rule_set,
        create_preset as create_preset,
        get_rule_set as get_rule_set,
        retire_tier as retire_tier,
        rule_sets as rule_sets,
        save_indicator as save_indicator,
        set_member_tier as set_member_tier,
        set_member_tier_by_name as set_member_tier_by_name,
        update_rule_set as update_rule_set,
        update_tier as update_tier,
        years as years,
    )
    from app.services.points.star_bands import (
        quarter_star_suggestions as quarter_star_suggestions,
        register_star_suggestions as register_star_suggestions,
    )
    from app.services.points.totals import (
        SummaryRow as SummaryRow,
        suggested_stars as suggested_stars,
        summary as summary,
    )

# Where each public name lives (tests/unit/test_lazy_packages.py checks this against the list above).
WHERE = {
    "AddResult": "entries",
    "BatchResult": "entries",
    "Candidate": "entries",
    "EntryRow": "entries",
    "Ledger": "entries",
    "add_entry": "entries",
    "batch_entry": "entries",
    "candidates": "entries",
    "ledger": "entries",
    "record_entry": "entries",
    "record_reversal": "entries",
    "resolve_entry_id": "entries",
    "reverse_entry": "entries",
    "AwardResult": "links",
    "award_kept_commitments": "links",
    "quarter_star_suggestions": "star_bands",
    "register_star_suggestions": "star_bands",
    "RETIRED_TIER": "rules",
    "IndicatorRow": "rules",
    "RuleSetRow": "rules",
    "TierRow": "rules",
    "add_tier": "rules",
    "copy_rule_set": "rules",
    "create_preset": "rules",
    "get_rule_set": "rules",
    "retire_tier": "rules",
    "rule_sets": "rules",
    "save_indicator": "rules",
    "set_member_tier": "rules",
    "set_member_tier_by_name": "rules",
    "update_rule_set": "rules",
    "update_tier": "rules",
    "years": "rules",
    "SummaryRow": "totals",
    "suggested_stars": "totals",
    "summary": "totals",
}
__all__ = sorted(WHERE)


__getattr__ = lazy.exports(__name__, WHERE)
