"""Rows of a sheet that are not records: blank rows, the header repeated (every printed page), totals, and what
offices write under a table — 制表人/审核人 signatures, the date, notes on how to fill it. Pure.
"""

from __future__ import annotations

import re

from app.excel.columns import normalise_header

TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")

_FOOTER = re.compile(
    r"^(填表人|填报人|制表人|制表|审核人|审核|审批人|负责人|单位负责人|主要负责人|分管领导|联系人|经办人|"
    r"填表日期|制表日期|填报日期|报送日期|填表时间|填报时间|填报单位|填表单位|制表单位|说明|填表说明|注)[：:]"
)


def is_footer_text(text: str) -> bool:
    """“制表人：王五”, “审核人:”, “填表日期：2026.3.1”… (spaces ignored)."""
    return _FOOTER.match("".join(text.split())) is not None


def repeats_header(texts: list[str], header_texts: set[str]) -> bool:
    """At least half the filled cells (and two) name a column of the header. Stops as soon as the answer
    is known: on a data row after a few cells, instead of normalising every cell of 2,000 rows."""
    needed = max(2, len(texts) // 2)
    misses_allowed = len(texts) - needed
    hits = misses = 0
    for t in texts:
        # Numbers (序号, phone numbers, 人口) are never column names: no need to normalise them.
        if t in header_texts or (not (t.isascii() and t.isdigit()) and normalise_header(t) in header_texts):
            hits += 1
            if hits >= needed:
                return True
        else:
            misses += 1
            if misses > misses_allowed:
                return False
    return False


def skip_reason(
    texts: list[str], header_texts: set[str], *, has_record: bool, has_key: bool, what: str
) -> str | None:
    """Why a row is not a record, or None. ``texts``: the row's filled cells as text (none: a blank row);
    ``has_record``: a cell that names the record (姓名, 地址…) is filled; ``has_key``: the row carries what only
    a record has (an 18-character ID), so it is never taken for a footer; ``what``: "党员", "住户"."""
    if not texts:
        return "空行"
    if repeats_header(texts, header_texts):
        return "重复的表头行"
    if not has_key:
        # The row starts with 制表人：…, or nothing in it names a record: a signature line. A member's row with a
        # 说明：… note further right is not one (it is reported for its missing ID instead of vanishing).
        footer = texts[0] if is_footer_text(texts[0]) else None
        if footer is None and not has_record:
            footer = next((t for t in texts if is_footer_text(t)), None)
        if footer is not None:
            return f"表尾（“{footer[:20]}”）"
    first = "".join(texts[0].split())
    if any(first.startswith(w) for w in TOTAL_WORDS) or (
        not has_record and any(w in t for t in texts for w in TOTAL_WORDS)
    ):
        return f"合计行（“{texts[0][:20]}”）"
    if not has_record and len(texts) <= 3:
        return f"不是{what}数据（“{' '.join(texts)[:30]}”）"
    return None
