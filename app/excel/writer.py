"""The one way every export puts a value into a cell: text stays text, never a formula, never an illegal byte.

openpyxl turns any string beginning with "=" into a live formula, so a name typed as ``=cmd|'/C calc'!A0`` would
run in the clerk's Excel. Every string is written as an explicit text cell (leading =, +, -, @, tab and CR are
kept, as text); C0 control characters, which Excel cannot store, are dropped as a second guard behind input
validation. Used by the roster export and the import's 错误行 file alike — add new exports here, not beside it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

# What the .xlsx format cannot hold (tab, LF and CR are fine): the same set openpyxl refuses.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
TEXT_FORMAT = "@"


def clean_text(value: str) -> str:
    return ILLEGAL_XML.sub("", value)


def cell(ws: Any, value: Any, *, number_format: str | None = None) -> Any:
    """A write-only cell holding ``value``; a string is always a text cell."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        c = WriteOnlyCell(ws, value=clean_text(value))
        c.data_type = "s"  # after the value: openpyxl guessed "f" for a leading "="
    else:
        c = WriteOnlyCell(ws, value=value)
    if number_format is not None:
        c.number_format = number_format
    return c


def row(ws: Any, values: list[Any], formats: dict[int, str] | None = None) -> list[Any]:
    """One row of cells; ``formats`` gives a number format by column index."""
    formats = formats or {}
    return [cell(ws, v, number_format=formats.get(i)) for i, v in enumerate(values)]


def display_width(value: Any) -> int:
    """How many character cells ``value`` takes in Excel: Chinese characters count twice."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 12
    text = str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
