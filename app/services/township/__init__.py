"""A township database: villages' verified USB packages merged under the township's root organisation."""

from app.services.township.batch import import_packages
from app.services.township.compare import HEADINGS, Comparison, compare, default_period, records
from app.services.township.merge import (
    MergeReport,
    VillageRow,
    import_package,
    is_township,
    shown_time,
    shows_summary,
    villages,
)

__all__ = [
    "HEADINGS",
    "Comparison",
    "MergeReport",
    "compare",
    "default_period",
    "import_package",
    "import_packages",
    "is_township",
    "records",
    "shown_time",
    "shows_summary",
    "villages",
    "VillageRow",
]
