"""Roster export to .xlsx in the national system's column order, readable by Excel and WPS as-is.

ID numbers and phones are text cells (no 3.30522E+17), dates are date cells with a Chinese format, a
date whose day is unknown is written as text "1998年7月" so that importing the file again keeps it.
Written in openpyxl's write-only mode to a temporary file, then renamed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.domain.errors import UserError, ValidationError
from app.excel import columns
from app.excel.files import save_workbook
from app.services import organizations, roster

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
TEXT_FORMAT = "@"
_TEXT_KEYS = ("id_number", "phone", "landline")
_DATE_KEYS = ("birth_date", "joined_on", "confirmed_on", "lost_contact_on")

Progress = Callable[[int, int], None]


def export_columns(kind: str) -> tuple[tuple[str, str], ...]:
    if kind == "national":
        return columns.NATIONAL_COLUMNS
    if kind == "full":
        return columns.NATIONAL_COLUMNS + columns.FULL_EXTRA_COLUMNS
    raise ValidationError("列的范围只能是 national（全国系统的列）或 full（全部列）", field="columns")


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


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 12
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    dest = Path(dest)
    if dest.suffix.lower() != ".xlsx":
        raise ValidationError("导出文件名要以 .xlsx 结尾，例如 花名册.xlsx", field="file")
    if not dest.parent.exists():
        raise UserError(f"文件夹“{dest.parent}”不存在")
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
    title = f"{org}{(' ' + unit) if unit and unit != org else ''} 党员花名册（导出日期：{today.year}年{today.month}月{today.day}日，共 {len(members)} 人）"

    table: list[list[Any]] = []
    widths = [_width(label) + 2 for _, label in cols]
    for seq, m in enumerate(members, start=1):
        values = []
        for i, (key, _label) in enumerate(cols):
            v = corrections.get(m.id) if key == "party_age_correction" else _value(m, key, seq)
            values.append(v)
            w = _width(v)
            if w > widths[i]:
                widths[i] = w
        table.append(values)

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员花名册")
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(50, max(6, w + 2))
    ws.freeze_panes = "C3"  # title and header stay, and 序号 + 姓名 stay when scrolling right
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    header = []
    for _key, label in cols:
        c = WriteOnlyCell(ws, value=label)
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center")
        header.append(c)
    ws.append(header)
    text_idx = {i for i, (k, _) in enumerate(cols) if k in _TEXT_KEYS}
    date_idx = {i for i, (k, _) in enumerate(cols) if k in _DATE_KEYS}
    for n, values in enumerate(table, start=1):
        out: list[Any] = list(values)
        for i in text_idx:
            c = WriteOnlyCell(ws, value=values[i])
            c.number_format = TEXT_FORMAT
            out[i] = c
        for i in date_idx:
            if isinstance(values[i], dt.date):
                c = WriteOnlyCell(ws, value=values[i])
                c.number_format = DATE_FORMAT
                out[i] = c
        ws.append(out)
        if progress is not None and n % 1000 == 0:
            progress(n, len(table))
    save_workbook(wb, dest)
    return len(members)


def _corrections(db: Database) -> dict[str, int]:
    from sqlalchemy import select

    from app.db.models import Member

    with db.session() as s:
        return {mid: c for mid, c in s.execute(select(Member.id, Member.party_age_correction))}
