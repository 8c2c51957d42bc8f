"""Writing sheets to .xlsx, readable by Excel and WPS as-is: the roster export in the national system's column
order, the 错误行 file of an import, and the "list sheet" every other export writes (:func:`write_lists`).

ID numbers and phones are text cells (no 3.30522E+17), dates are date cells with a Chinese format, a
date whose day is unknown is written as text "1998年7月" so that importing the file again keeps it.
Written in openpyxl's write-only mode to a temporary file, then renamed. No database here: the roster
service (app.services.roster_excel) gathers the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.errors import UserError, ValidationError
from app.excel import columns, writer
from app.excel.files import save_workbook
from app.excel.reader import Progress

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
TEXT_FORMAT = writer.TEXT_FORMAT
TEXT_KEYS = ("id_number", "phone", "landline")
DATE_KEYS = ("birth_date", "joined_on", "confirmed_on", "lost_contact_on")


def export_columns(kind: str) -> tuple[tuple[str, str], ...]:
    if kind == "national":
        return columns.NATIONAL_COLUMNS
    if kind == "full":
        return columns.NATIONAL_COLUMNS + columns.FULL_EXTRA_COLUMNS
    raise ValidationError("列的范围只能是 national（全国系统的列）或 full（全部列）", field="columns")


def check_destination(dest: Path) -> None:
    """Refuse a destination that is not a .xlsx file in an existing folder, before any work is done."""
    if dest.suffix.lower() != ".xlsx":
        raise ValidationError("导出文件名要以 .xlsx 结尾，例如 花名册.xlsx", field="file")
    if not dest.parent.exists():
        raise UserError(f"文件夹“{dest.parent}”不存在")


def write_roster(
    dest: Path,
    title: str,
    cols: Sequence[tuple[str, str]],
    table: Sequence[Sequence[Any]],
    progress: Progress | None = None,
    sheet: str = "党员花名册",
) -> None:
    """One sheet (党员花名册 unless named): a title row, the header, then ``table`` (one list of values per row,
    by ``cols``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = [writer.display_width(label) + 2 for _, label in cols]
    for values in table:
        for i, v in enumerate(values):
            w = writer.display_width(v)
            if w > widths[i]:
                widths[i] = w

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(50, max(6, w + 2))
    ws.freeze_panes = "C3"  # title and header stay, and 序号 + 姓名 stay when scrolling right
    title_cell = writer.cell(ws, title)
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    header = []
    for _key, label in cols:
        c = writer.cell(ws, label)
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center", vertical="center")
        header.append(c)
    ws.append(header)
    text_idx = {i for i, (k, _) in enumerate(cols) if k in TEXT_KEYS}
    date_idx = {i for i, (k, _) in enumerate(cols) if k in DATE_KEYS}
    for n, values in enumerate(table, start=1):
        formats = {i: TEXT_FORMAT for i in text_idx}
        formats.update({i: DATE_FORMAT for i in date_idx if isinstance(values[i], dt.date)})
        ws.append(writer.row(ws, list(values), formats))
        if progress is not None and n % 1000 == 0:
            progress(n, len(table))
    save_workbook(wb, dest)


def write_error_rows(
    dest: Path,
    headers: Sequence[str],
    rows: Sequence[tuple[Sequence[Any], int, str]],
    *,
    text_column: int | None = None,
) -> None:
    """A sheet 错误行: the original header and cells of each (values, row number, reason), plus 原行号 and 错误原因.

    ``text_column`` (the ID number's column) is written as text so that Excel does not round it.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    out_headers = list(headers) + ["原行号", "错误原因"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误行")
    for i, h in enumerate(out_headers, start=1):
        width = 80 if i == len(out_headers) else max(10, min(60, len(h) * 2 + 4))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = writer.row(ws, out_headers)
    for c in header:
        c.font = Font(bold=True)
    ws.append(header)
    formats = {text_column: TEXT_FORMAT} if text_column is not None else {}
    for values, number, reason in rows:
        cells = list(values) + [None] * (len(headers) - len(values))
        out = writer.row(ws, cells[: len(headers)] + [number, reason], formats)
        out[-1].fill = PatternFill("solid", fgColor="FFF2CC")
        ws.append(out)
    save_workbook(wb, dest)


# --- the list sheet of every report export (issue 20) ----------------------------------------------------

SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ListSheet:
    """One sheet: ``title`` (what the list is, e.g. "2026年积分汇总"), ``headers`` and ``rows`` of plain values."""

    name: str
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)


def sheet_name(text: str, taken: set[str]) -> str:
    """A tab name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the workbook."""
    base = (text.translate(SHEET_NAME_BAD).strip("'") or "Sheet")[:28]
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}"[:31], n + 1
    taken.add(name)
    return name


def title_line(organisation: str, title: str, on: dt.date, count: int) -> str:
    org = f"{organisation} " if organisation else ""
    return f"{org}{title}（导出日期：{on.year}年{on.month}月{on.day}日，共 {count} 行）"


def write_lists(dest: Path, sheets: Sequence[ListSheet], *, organisation: str, on: dt.date) -> None:
    """Write ``sheets`` to the .xlsx ``dest`` (refused before any work if it is not a .xlsx in a folder)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    check_destination(dest)
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for sheet in sheets:
        ws = wb.create_sheet(sheet_name(sheet.name, taken))
        widths = [writer.display_width(h) + 2 for h in sheet.headers]
        for values in sheet.rows:
            for i, v in enumerate(values[: len(widths)]):
                widths[i] = max(widths[i], writer.display_width(v))
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(6, w + 2))
        ws.freeze_panes = "A3"  # the title and the header stay when scrolling down
        title_cell = writer.cell(ws, title_line(organisation, sheet.title, on, len(sheet.rows)))
        title_cell.font = Font(bold=True, size=14)
        ws.append([title_cell])
        header = []
        for label in sheet.headers:
            c = writer.cell(ws, label)
            c.font = Font(bold=True)
            c.alignment = Alignment(horizontal="center", vertical="center")
            header.append(c)
        ws.append(header)
        for values in sheet.rows:
            formats = {
                i: DATE_FORMAT if isinstance(v, dt.date) else writer.TEXT_FORMAT
                for i, v in enumerate(values)
                if isinstance(v, dt.date | str)
            }
            ws.append(writer.row(ws, list(values), formats))
        for note in sheet.notes:
            ws.append(writer.row(ws, [note]))
    save_workbook(wb, dest)
