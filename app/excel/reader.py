"""Reading a roster sheet (.xlsx from Excel or WPS, .xls, .ods): which sheet, where the header is.

Only values are read (python-calamine, through app.excel.sources, which checks the file's size first); more than
MAX_DATA_ROWS non-blank rows stops the reading with a message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain.errors import UserError
from app.excel import columns
from app.excel.merges import fill_down
from app.excel.sources import Spreadsheet

HEADER_SEARCH_ROWS = 10
MAX_DATA_ROWS = 20_000

Progress = Callable[[int, int], None]


@dataclass
class Table:
    """One sheet's cells: the header row and the rows below it, numbered as Excel shows them (1-based)."""

    path: Path
    sheet: str
    sheet_names: list[str]
    header_row: int  # Excel row number of the header (the last one when the header spans two rows)
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    title: str = ""  # the text above the header ("丁新村党总支党员花名册"), for the report
    header_start: int = 0  # first row of a two-row header ("联系电话" over "手机号码 | 固定电话"), else 0


def sheet_names(path: Path | str) -> list[str]:
    wb = Spreadsheet(Path(path))
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Vocabulary:
    """Which header texts name a column: the roster's (default), or another sheet's such as the 住户台账."""

    field_for: Callable[[object], str | None]  # header text → field key, columns.IGNORE, or None
    example: str  # column names the "no header found" message cites
    key_field: str = ""  # the field that tells records apart (a merge over it makes several lines one record)


ROSTER = Vocabulary(columns.field_for_header, "“姓名”“公民身份号码”", "id_number")


def _header_score(values: list[Any], vocab: Vocabulary) -> int:
    return sum(1 for v in values if isinstance(v, str) and vocab.field_for(v) not in (None, columns.IGNORE))


def _looks_like_header(values: list[Any], vocab: Vocabulary) -> bool:
    known = _header_score(values, vocab)
    if known < 2:
        return False
    return not any(isinstance(v, int | float | dt.date) for v in values if not isinstance(v, bool))


def choose_sheet(names: list[str], sheet: str | None) -> str:
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    listed = "、".join(f"“{n}”" for n in names)
    raise UserError(f"没有名为“{sheet}”的工作表。这个文件里有：{listed}")


class NoHeaderError(UserError):
    """The sheet is empty or has no roster header in its first rows."""


def read_table(
    path: Path | str,
    sheet: str | None = None,
    header_row: int | None = None,
    progress: Progress | None = None,
    vocab: Vocabulary = ROSTER,
) -> Table:
    """Read one sheet. The header is the row among the first ten that names the most roster columns,
    unless ``header_row`` (Excel's row number) is given. Without ``sheet``, the first sheet that has a
    roster header (real files often start with a 封面 or 说明 sheet)."""
    path = Path(path)
    wb = Spreadsheet(path)
    try:
        if not wb.sheet_names:
            raise UserError(f"文件“{path.name}”里没有工作表")
        if sheet is not None or header_row is not None:
            return _read_sheet(wb, choose_sheet(wb.sheet_names, sheet), header_row, progress, vocab)
        first_error: NoHeaderError | None = None
        for name in wb.sheet_names:
            try:
                return _read_sheet(wb, name, None, progress, vocab)
            except NoHeaderError as exc:
                first_error = first_error or exc
        assert first_error is not None
        raise first_error
    finally:
        wb.close()


def _read_sheet(
    wb: Spreadsheet, name: str, header_row: int | None, progress: Progress | None, vocab: Vocabulary
) -> Table:
    path, names = wb.path, list(wb.sheet_names)
    all_rows = wb.rows(name)
    total = len(all_rows)
    rows: list[tuple[int, list[Any]]] = []
    head: list[tuple[int, list[Any]]] = []
    data_rows = 0
    header_at: int | None = header_row
    for number, values in enumerate(all_rows, start=1):
        if header_at is None and number <= HEADER_SEARCH_ROWS:
            head.append((number, values))
            if number == HEADER_SEARCH_ROWS:
                header_at = _pick_header(head, path, name, vocab)
                rows.extend(head)
            continue
        rows.append((number, values))
        if header_at is not None and number > header_at and any(not is_blank(v) for v in values):
            data_rows += 1
            if data_rows > MAX_DATA_ROWS:
                raise UserError(
                    f"工作表“{name}”有超过 {MAX_DATA_ROWS:,} 行数据，一次最多导入 {MAX_DATA_ROWS:,} 行"
                    "（一个村或乡镇的花名册通常远少于此）。请检查是否选错了工作表，"
                    "或者把表格拆成几个文件分批导入"
                )
        if progress is not None and number % 500 == 0:
            progress(number, total)
    if header_at is None:
        if not head or all(all(is_blank(v) for v in vals) for _, vals in head):
            raise NoHeaderError(f"工作表“{name}”是空的，请确认选对了工作表")
        header_at = _pick_header(head, path, name, vocab)
        rows = head
    by_number = dict(rows)
    if header_at not in by_number:
        raise UserError(f"第 {header_at} 行不存在，工作表“{name}”没有这么多行")
    headers_raw = list(by_number[header_at])
    # A two-row header: "联系电话" over "手机号码 | 固定电话" (merged cells leave the sub-row's others blank).
    header_start = 0
    sub = by_number.get(header_at + 1)
    if sub is not None and _header_score(sub, vocab) >= 1 and _is_sub_header(sub, headers_raw, vocab):
        width = max(len(headers_raw), len(sub))
        headers_raw += [None] * (width - len(headers_raw))
        for i, v in enumerate(sub):
            if not is_blank(v):
                headers_raw[i] = v
        header_at += 1
        header_start = header_at - 1
    else:
        # The other way round: 序号/姓名 merged down over both header rows, sitting in the row above
        # ("基本信息" | "联系方式" group headings), the rest of the names in the row picked.
        top = by_number.get(header_at - 1)
        if top is not None and _names_over_blanks(top, headers_raw, vocab):
            width = max(len(headers_raw), len(top))
            headers_raw += [None] * (width - len(headers_raw))
            for i, v in enumerate(top):
                if is_blank(headers_raw[i]) and isinstance(v, str) and vocab.field_for(v) is not None:
                    headers_raw[i] = v
            header_start = header_at - 1
    headers = ["" if v is None else str(v).strip() for v in headers_raw]
    key = next((i for i, h in enumerate(headers) if h and vocab.field_for(h) == vocab.key_field), None)
    fill_down(all_rows, wb.merged(name), header_at, key)  # 0-based: the first row under the header
    # The first filled row above the header is the sheet's title ("丁新村党总支党员花名册").
    above = [
        vals for n, vals in rows if n < (header_start or header_at) and any(not is_blank(v) for v in vals)
    ]
    title = " ".join(str(v).strip() for v in above[0] if not is_blank(v))[:100] if above else ""
    data = [(n, vals) for n, vals in rows if n > header_at]
    if progress is not None:
        progress(1, 1)
    return Table(path, name, names, header_at, headers, data, title, header_start)


def _is_sub_header(values: list[Any], above: list[Any], vocab: Vocabulary) -> bool:
    """Column names only, and at least one of them under a blank (merged) header cell."""
    named = [i for i, v in enumerate(values) if not is_blank(v)]
    if not all(isinstance(values[i], str) and vocab.field_for(values[i]) is not None for i in named):
        return False
    return any(i >= len(above) or is_blank(above[i]) for i in named)


def _names_over_blanks(values: list[Any], below: list[Any], vocab: Vocabulary) -> bool:
    """A column name (姓名) above a blank cell of the header row: the name was merged down over two rows."""
    return any(
        isinstance(v, str)
        and (i >= len(below) or is_blank(below[i]) or below[i] == v)
        and vocab.field_for(v) not in (None, columns.IGNORE)
        for i, v in enumerate(values)
    )


def _pick_header(head: list[tuple[int, list[Any]]], path: Path, sheet: str, vocab: Vocabulary) -> int:
    best, best_score = None, 0
    for number, values in head:
        score = _header_score(values, vocab) if _looks_like_header(values, vocab) else 0
        if score > best_score:
            best, best_score = number, score
    if best is None:
        if all(all(is_blank(v) for v in vals) for _, vals in head):
            raise NoHeaderError(f"工作表“{sheet}”是空的，请确认选对了工作表")
        raise NoHeaderError(
            f"在“{path.name}”工作表“{sheet}”的前 {HEADER_SEARCH_ROWS} 行里没有找到表头"
            f"（应有{vocab.example}等列名）。请确认选对了工作表，或指定表头所在的行"
        )
    return best
