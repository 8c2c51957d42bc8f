"""A township database: villages' verified USB packages merged under the township's root organisation.

The names are loaded on first use (see app/services/lazy.py): the main window asks ``shows_summary`` at start-up
without importing the merge, the comparison and the backups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services import lazy

if TYPE_CHECKING:  # what the type checker sees; at run time __getattr__ below loads each on first use
    from app.services.township.batch import import_packages as import_packages
    from app.services.township.comparison import (
        HEADINGS as HEADINGS,
        Comparison as Comparison,
        compare as compare,
        default_period as default_period,
        records as records,
    )
    from app.services.township.merge import (
        MergeReport as MergeReport,
        VillageRow as VillageRow,
        import_package as import_package,
        shown_time as shown_time,
        villages as villages,
    )
    from app.services.township.status import is_township as is_township, shows_summary as shows_summary

# Where each public name lives (tests/unit/test_lazy_packages.py checks this against the list above).
WHERE = {
    "import_packages": "batch",
    "HEADINGS": "comparison",
    "Comparison": "comparison",
    "compare": "comparison",
    "default_period": "comparison",
    "records": "comparison",
    "MergeReport": "merge",
    "VillageRow": "merge",
    "import_package": "merge",
    "shown_time": "merge",
    "villages": "merge",
    "is_township": "status",
    "shows_summary": "status",
}
__all__ = sorted(WHERE)

__getattr__ = lazy.exports(__name__, WHERE)
