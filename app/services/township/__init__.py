"""A township database: villages' verified USB packages merged under the township's root organisation."""

from app.services.township.merge import MergeReport, import_package, villages

__all__ = ["MergeReport", "import_package", "villages"]
