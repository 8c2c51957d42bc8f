"""The 花名册 to and from Excel/WPS (.xlsx), for the import wizard and `roster import|export` alike.

Import: ``plan_import`` / ``plan_table`` (a preview, nothing written) → ``apply_plan`` (one transaction, after a
safety backup) → ``report_json`` / ``report_lines`` / ``save_error_rows``. Export: ``export_roster``.
Reading and writing the sheets themselves is app.excel's (re-exported here for the wizard).
"""

from __future__ import annotations

from app.excel.cells import Issue, auto_mapping, cell_text, convert_date
from app.excel.columns import MAPPABLE_FIELDS, field_label
from app.excel.exporter import DATE_FORMAT
from app.excel.reader import HEADER_SEARCH_ROWS, Progress, Table, is_blank, read_table
from app.services.roster_excel.applying import apply_plan
from app.services.roster_excel.export import export_roster
from app.services.roster_excel.planning import (
    ERROR,
    NEW,
    SKIP,
    UPDATE,
    Change,
    ColumnMap,
    ImportPlan,
    ImportResult,
    PlannedRow,
    plan_import,
    plan_table,
)
from app.services.roster_excel.reports import report_json, report_lines, save_error_rows

__all__ = [
    "DATE_FORMAT",
    "ERROR",
    "HEADER_SEARCH_ROWS",
    "MAPPABLE_FIELDS",
    "NEW",
    "SKIP",
    "UPDATE",
    "Change",
    "ColumnMap",
    "ImportPlan",
    "ImportResult",
    "Issue",
    "PlannedRow",
    "Progress",
    "Table",
    "apply_plan",
    "auto_mapping",
    "cell_text",
    "convert_date",
    "export_roster",
    "field_label",
    "is_blank",
    "plan_import",
    "plan_table",
    "read_table",
    "report_json",
    "report_lines",
    "save_error_rows",
]
