"""Dates as clerks type them: 1985-03-12, 1985/3/12, 1985.03.12, 1985年3月12日, 19850312, 1998.07."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.errors import ValidationError

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")  # 1日 or 1号
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_YM = re.compile(r"^(\d{4})(\d{2})$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
# Date-time texts other systems export: 1963-06-10 00:00:00.0 (Java), 1963/6/10 0:00, 1963-06-10T00:00:00Z.
_WITH_TIME = re.compile(
    r"^(\S+?日?)[ T]+\d{1,2}[:：]\d{2}([:：]\d{2}([.,]\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


@dataclass(frozen=True)
class ParsedDate:
    value: dt.date
    day_unknown: bool = False  # only year and month were given; the day is stored as 1


def parse_date(
    raw: object, label: str = "日期", field: str = "", allow_month: bool = False
) -> ParsedDate | None:
    """Parse a date typed or stored in many ways. Blank → None. Year-month only when ``allow_month``."""
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return ParsedDate(raw.date())
    if isinstance(raw, dt.date):
        return ParsedDate(raw)
    text = str(raw).strip().translate(_FULLWIDTH)
    if not text:
        return None
    if m := _WITH_TIME.match(text):
        text = m.group(1)
    text = text.rstrip(".-/ ")  # "2001.7." — a separator typed after the last number
    for pattern in (_YMD, _COMPACT):
        if m := pattern.match(text):
            y, mo, d = (int(g) for g in m.groups())
            try:
                return ParsedDate(dt.date(y, mo, d))
            except ValueError:
                raise ValidationError(f"{label}“{raw}”不是一个存在的日期", field=field) from None
    for pattern in (_YM, _COMPACT_YM):
        if m := pattern.match(text):
            if not allow_month:
                raise ValidationError(f"{label}“{raw}”缺少日，请写成 1985-03-12 这样的完整日期", field=field)
            y, mo = (int(g) for g in m.groups())
            if not 1 <= mo <= 12:
                raise ValidationError(f"{label}“{raw}”的月份不对", field=field)
            return ParsedDate(dt.date(y, mo, 1), day_unknown=True)
    if m := _YEAR.match(text):
        wanted = (
            f"至少写出年月，例如 {m.group(1)}.07" if allow_month else f"写出年月日，例如 {m.group(1)}-07-01"
        )
        raise ValidationError(f"{label}“{raw}”只有年份，请{wanted}", field=field)
    raise ValidationError(f"{label}“{raw}”看不懂，请写成 1985-03-12 或 1985年3月12日", field=field)


def format_date(value: dt.date | None, day_unknown: bool = False) -> str:
    if value is None:
        return ""
    if day_unknown:
        return f"{value.year}-{value.month:02d}"
    return value.isoformat()


def format_date_zh(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"
