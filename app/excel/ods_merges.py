"""Merged cells of an .ods sheet (LibreOffice, WPS), which python-calamine does not report for this format.

Read from content.xml: a cell with table:number-rows-spanned / number-columns-spanned starts a merged range.
Repeated rows and cells (table:number-rows-repeated, the million empty rows at a sheet's end) are counted, never
expanded. The archive has already been checked against the zip-bomb limits (app.excel.sources.check_file).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")

Range = tuple[tuple[int, int], tuple[int, int]]


def merged_ranges(path: Path, sheet: str) -> list[Range]:
    """((first row, first column), (last row, last column)), 0-based, of every merged range on ``sheet``."""
    out: list[Range] = []
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
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
