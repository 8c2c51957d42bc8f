"""The one "list sheet" every report export writes: the roster export's conventions for any list.

A title row (organisation, what the list is, the export date), the header frozen under it, one row per record;
strings are text cells (IDs and phones never become 3.30522E+17), dates are date cells in a Chinese format,
columns are fitted to their contents, and the file is written beside the target and renamed (atomic save).
Pure: the services turn their lists into :class:`ListSheet`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.excel import writer
from app.excel.exporter import DATE_FORMAT, check_destination
from app.excel.files import save_workbook

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
        title = writer.cell(ws, title_line(organisation, sheet.title, on, len(sheet.rows)))
        title.font = Font(bold=True, size=14)
        ws.append([title])
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
            ws.append([writer.cell(ws, note)])
    save_workbook(wb, dest)
