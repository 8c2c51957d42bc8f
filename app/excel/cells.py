"""Reading cells the way clerks fill them (dates in a dozen shapes, numbers that should be text), and the
first guess at which column means what. Pure: no database, nothing written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.domain.dates import parse_date
from app.domain.errors import ValidationError
from app.domain.member_fields import LABELS
from app.excel import columns

DATE_FIELDS = ("birth_date", "joined_on", "confirmed_on", "lost_contact_on")
BOOL_FIELDS = ("is_mobile", "is_lost_contact")
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")


@dataclass(frozen=True)
class Issue:
    row: int
    field: str  # Chinese column label, "" for the whole row
    message: str


# --- converting cells ------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date_label(key: str) -> str:
    return LABELS.get(key, key)


def convert_date(value: Any, key: str) -> tuple[dt.date | None, bool]:
    """A date cell as people fill it: a real date, a serial number, 1985.03.12, 1998年7月… → (date, day_unknown)."""
    label = _date_label(key)
    allow_month = key in ("joined_on", "confirmed_on", "birth_date")
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if isinstance(value, bool):
        raise ValidationError(f"{label}“{cell_text(value)}”不是日期", field=key)
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer():
            n = int(number)
            if 19000101 <= n <= 21001231 or 190001 <= n <= 210012:
                parsed = parse_date(str(n), label, key, allow_month=allow_month)
                assert parsed is not None
                return parsed.value, parsed.day_unknown
            if 1900 <= n <= 2100:
                raise ValidationError(f"{label}“{n}”只有年份，请写出年月日，例如 {n}-07-01", field=key)
            if 3653 <= n <= 73415:  # Excel serial numbers for 1910…2100
                from openpyxl.utils.datetime import from_excel

                return from_excel(n).date(), False
        elif 1900 <= number < 2101:
            # "1998.07" typed into a General cell becomes the number 1998.07; "1998.10" becomes 1998.1.
            text = repr(number)
            year, frac = text.split(".")
            if frac == "1":
                raise ValidationError(
                    f"{label}是数字 {text}，分不清是{year}年1月还是10月。请把这一列设为“文本”格式，"
                    f"写成 {year}.01 或 {year}.10",
                    field=key,
                )
            month = int(frac) if len(frac) == 2 else int(frac) if len(frac) == 1 else 0
            if 1 <= month <= 12 and allow_month:
                return dt.date(int(year), month, 1), True
        raise ValidationError(
            f"{label}“{cell_text(value)}”看不懂，请写成 1985-03-12 或 1985年3月12日", field=key
        )
    parsed = parse_date(cell_text(value), label, key, allow_month=allow_month)
    if parsed is None:
        return None, False
    return parsed.value, parsed.day_unknown


def category(text: str) -> str:
    """正式/预备 as clerks type them → 正式党员/预备党员."""
    text = "".join(text.split())
    return {"正式": "正式党员", "预备": "预备党员", "正式党员": "正式党员", "预备党员": "预备党员"}.get(
        text, text
    )


def auto_mapping(headers: list[str]) -> tuple[dict[int, str | None], list[str], list[Issue]]:
    """Column index → field; the unknown headers; notes about columns that say the same thing twice."""
    mapping: dict[int, str | None] = {}
    unknown: list[str] = []
    notes: list[Issue] = []
    taken: dict[str, str] = {}
    for i, header in enumerate(headers):
        if not header:
            continue
        key = columns.field_for_header(header)
        if key is None:
            unknown.append(header)
            mapping[i] = None
        elif key == columns.IGNORE:
            mapping[i] = None
        elif key in taken:
            if key == "phone" and "landline" not in taken:
                key = "landline"  # "联系电话" next to "手机号码" is the landline
                taken[key] = header
                mapping[i] = key
                continue
            notes.append(
                Issue(
                    0,
                    header,
                    f"“{header}”和“{taken[key]}”都表示{columns.field_label(key)}，只导入“{taken[key]}”",
                )
            )
            mapping[i] = None
        else:
            taken[key] = header
            mapping[i] = key
    return mapping, unknown, notes
