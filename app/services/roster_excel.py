"""The 花名册 to and from Excel/WPS (.xlsx), for the import wizard and `roster import|export` alike.

Import: ``plan_import`` / ``plan_table`` (a preview, nothing written: roster_excel_plan) → ``apply_plan`` (one
transaction after a safety backup: roster_excel_apply) → ``report_json`` / ``report_lines`` / ``save_error_rows``
(roster_excel_report). Export: ``export_roster`` (here). Reading and writing the sheets themselves is app.excel's
(re-exported here for the wizard): callers use only this module.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member
from app.excel.cells import Issue, auto_mapping, cell_text, convert_date
from app.excel.columns import MAPPABLE_FIELDS, field_label
from app.excel.exporter import DATE_FORMAT, check_destination, export_columns, write_roster
from app.excel.reader import HEADER_SEARCH_ROWS, Progress, Table, is_blank, read_table
from app.services import organizations, roster
from app.services.roster_excel_apply import apply_plan
from app.services.roster_excel_diff import Change
from app.services.roster_excel_plan import (
    ERROR,
    NEW,
    SKIP,
    UPDATE,
    ColumnMap,
    ImportPlan,
    ImportResult,
    PlannedRow,
    plan_import,
    plan_table,
    suggest_mapping,
)
from app.services.roster_excel_report import report_json, report_lines, save_error_rows

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
    "suggest_mapping",
]


def _value(row: roster.MemberRow, key: str, seq: int) -> Any:
    if key == "seq":
        return seq
    if key == "status":
        return "正常" if row.status == roster.ACTIVE else row.status
    if key in ("joined_on", "confirmed_on"):
        value = getattr(row, key)
        if value is not None and getattr(row, key.replace("_on", "_day_unknown")):
            return f"{value.year}年{value.month}月"  # text: the day is not known
        return value
    if key in ("is_mobile", "is_lost_contact"):
        return "是" if getattr(row, key) else "否"
    if key == "party_age":
        return row.party_age
    value = getattr(row, key, None)
    return None if value == "" else value


def export_roster(
    db: Database,
    dest: Path | str,
    *,
    branch_id: str | None = None,
    kind: str = "national",
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the members on the roll (在册) to ``dest``; returns how many. The file holds ID numbers."""
    dest = Path(dest)
    check_destination(dest)
    today = today or dt.date.today()
    cols = export_columns(kind)
    members = roster.list_members(db, branch_id=branch_id, status="active", today=today)
    if any(c[0] == "party_age_correction" for c in cols):
        # MemberRow does not carry the correction; read it with the detail only when the column is wanted.
        corrections = _corrections(db)
    else:
        corrections = {}
    top = organizations.root(db)
    org = organizations.organization_name(db) or (top.name if top else "")
    unit = ""
    if branch_id:
        unit = next((u.name for u in organizations.units(db) if u.id == branch_id), "")
    title = (
        f"{org}{(' ' + unit) if unit and unit != org else ''} 党员花名册"
        f"（导出日期：{today.year}年{today.month}月{today.day}日，共 {len(members)} 人）"
    )
    table = [
        [
            corrections.get(m.id) if key == "party_age_correction" else _value(m, key, seq)
            for key, _label in cols
        ]
        for seq, m in enumerate(members, start=1)
    ]
    write_roster(dest, title, cols, table, progress)
    return len(members)


def _corrections(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {mid: c for mid, c in s.execute(select(Member.id, Member.party_age_correction))}
