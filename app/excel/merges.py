"""Merged cells: a value merged down over several rows (所在党支部 once for a whole branch) belongs to each of them.

python-calamine reports an .xlsx or .xls sheet's merged ranges, not an .ods sheet's: those are read from content.xml,
where a cell with table:number-rows-spanned / number-columns-spanned starts a merged range. Repeated rows and cells (table:number-rows-repeated, the million empty rows at a sheet's end) are counted, never
expanded. The archive has already been checked against the zip-bomb limits (app.excel.sources.check_file).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")

Range = tuple[tuple[int, int], tuple[int, int]]


def ods_ranges(path: Path, sheet: str) -> list[Range]:
    """((first row, first column), (last row, last column)), 0-based, of every merged range on ``sheet``."""
    try:
        return _ods_ranges(path, sheet)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError):
        return []  # the cells were read; only the merges are not known (a damaged or unusual file)


def _ods_ranges(path: Path, sheet: str) -> list[Range]:
    with zipfile.ZipFile(path) as zf:
        with zf.open("content.xml") as fh:
            if b"<!DOCTYPE" in fh.read(4096):
                return []  # an OpenDocument file has none: entity declarations are no business of ours
        with zf.open("content.xml") as fh:
            return _scan(fh, sheet)


def _scan(fh: IO[bytes], sheet: str) -> list[Range]:
    out: list[Range] = []
    inside = False
    row = 0
    for event, element in ElementTree.iterparse(fh, events=("start", "end")):
        tag = element.tag
        if tag == _TABLE + "table":
            if event == "start":
                inside = element.get(_TABLE + "name") == sheet
                row = 0
            elif inside:
                return out
            else:
                element.clear()
            continue
        if not inside or event != "end" or tag != _TABLE + "table-row":
            continue
        column = 0
        for cell in element:
            if cell.tag not in _CELLS:
                continue
            rows = int(cell.get(_TABLE + "number-rows-spanned", "1"))
            columns = int(cell.get(_TABLE + "number-columns-spanned", "1"))
            if rows > 1 or columns > 1:
                out.append(((row, column), (row + rows - 1, column + columns - 1)))
            column += int(cell.get(_TABLE + "number-columns-repeated", "1"))
        row += int(element.get(_TABLE + "number-rows-repeated", "1"))
        element.clear()
    return out


def fill_down(rows: list[list[Any]], ranges: list[Range], first: int, key_column: int | None) -> None:
    """Give a value merged down over rows ``first``… (0-based, the rows under the header) to every row of its range.
    Merges across columns (a title, a group heading) are left alone. When the key column (公民身份号码) itself is
    merged, its rows are ONE record written over several lines (two phone numbers, a long 工作单位): nothing is
    filled into those continuation lines, which then read as what they are, not as the same person again.
    In place."""
    continuation: set[int] = set()
    if key_column is not None:
        for (top, left), (bottom, right) in ranges:
            if left <= key_column <= right and bottom > top:
                continuation.update(range(top + 1, bottom + 1))
    for (top, left), (bottom, right) in ranges:
        if bottom <= top or left != right or top < first or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if value is None:
            continue
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            if r not in continuation and left < len(row) and row[left] is None:
                row[left] = value
