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


# 正式/预备 as clerks and other systems write them (预/正 columns, 政治面貌 "中共预备党员").
_CATEGORY_WORDS = {
    "正式": "正式党员",
    "预备": "预备党员",
    "正": "正式党员",
    "预": "预备党员",
    "正式党员": "正式党员",
    "预备党员": "预备党员",
    "中共党员": "正式党员",
    "中共正式党员": "正式党员",
    "中共预备党员": "预备党员",
}
CATEGORY_VALUES = ("正式党员", "预备党员")


def category(text: str) -> str:
    """正式/预备 as clerks type them → 正式党员/预备党员; anything else unchanged (and refused later)."""
    text = "".join(text.split())
    return _CATEGORY_WORDS.get(text, text)


# 性别 as sheets write it: 男性, M/F from systems in English, 1/2 from the GB/T 2261.1 code. Whatever is read here
# is checked against the ID number's 17th digit afterwards, so a wrong guess cannot be stored.
_GENDER_WORDS = {
    "男性": "男",
    "女性": "女",
    "m": "男",
    "f": "女",
    "male": "男",
    "female": "女",
    "1": "男",
    "2": "女",
}


def gender(text: str) -> str:
    """男/女 as clerks and other systems type them → 男/女; anything else unchanged (and refused later)."""
    text = "".join(text.split())
    return _GENDER_WORDS.get(text.casefold(), text)


# "-", "—", "/", "无" in a date or number cell: the national system's way of writing "nothing here".
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "－", "/", "／", "无", "暂无", "空", "null", "NULL", "None"})


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and "".join(value.split()) in PLACEHOLDERS


def _category_fit(values: list[Any]) -> float:
    filled = [cell_text(v) for v in values if v is not None and cell_text(v)]
    if not filled:
        return 0.0
    return sum(1 for t in filled if category(t) in CATEGORY_VALUES) / len(filled)


def refit_category(
    headers: list[str], rows: list[list[Any]], mapping: dict[int, str | None], notes: list[Issue]
) -> None:
    """When the column named like 人员类别 holds something else (在职教职工) and another candidate column
    (政治面貌, 党籍状态, 预/正…) holds 正式/预备, take that one, and say so in ``notes``. In place."""
    candidates = [
        i for i, h in enumerate(headers) if columns.field_for_header(h) in ("category", columns.STATUS)
    ]
    mapped = next((i for i, k in mapping.items() if k == "category"), None)
    sample = rows[:500]
    fits = {i: _category_fit([r[i] if i < len(r) else None for r in sample]) for i in candidates}
    if mapped is not None and fits.get(mapped, 0.0) >= 0.5:
        return
    better = [i for i in candidates if i != mapped and fits[i] >= 0.8]
    if not better:
        return
    chosen = max(better, key=lambda i: fits[i])
    if mapped is not None:
        shown = "、".join(
            dict.fromkeys(cell_text(r[mapped]) for r in sample if mapped < len(r) and cell_text(r[mapped]))
        )
        mapping[mapped] = None
        notes.append(
            Issue(
                0,
                headers[mapped],
                f"“{headers[mapped]}”列填的是“{shown[:40]}”，不是正式党员/预备党员，没有导入；"
                f"人员类别改从“{headers[chosen]}”列读取",
            )
        )
    else:
        notes.append(Issue(0, headers[chosen], f"人员类别从“{headers[chosen]}”列读取"))
    mapping[chosen] = "category"
    # Drop the "only the first is imported" note about the column now used.
    notes[:] = [n for n in notes if not (n.field == headers[chosen] and "只导入" in n.message)]


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
        elif key in columns.MULTI_COLUMN_FIELDS:
            mapping[i] = key
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
