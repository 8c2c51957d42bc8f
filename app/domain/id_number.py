"""公民身份号码 (GB 11643-1999): clean up what the clerk typed, check it, and read birth date, gender and region."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from app.domain.errors import ValidationError

FIELD = "id_number"
LABEL = "公民身份号码"

# GB 11643 weights are 2^(17-i) mod 11 for positions 1..17 (ISO 7064 MOD 11-2).
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
# Index = (sum of weighted digits) mod 11; "X" stands for the check value 10.
_CHECK_CHARS = "10X98765432"

# Province-level codes of GB/T 2260 (71 台湾, 81 香港, 82 澳门 included: their residents hold mainland IDs).
_PROVINCE_CODES = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
    ]
)

_EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# Zero-width characters are not str.isspace() but arrive with text pasted from web pages and WeChat.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX")
# A leading apostrophe is the Excel habit for "store as text"; it is never part of the number.
_QUOTES = "'＇‘’`"

# What Excel shows, or what a program reading the cell as a number gets, once the last digits are gone.
_EXCEL_NUMBER = re.compile(r"^\d+(\.\d*)?[Ee][+]?\d+$|^\d{16,}\.\d*$")


@dataclass(frozen=True)
class IdInfo:
    number: str  # normalized, 18 characters
    birth_date: datetime.date
    gender: str  # "男"/"女"
    region: str  # 6 digits (行政区划代码 where the number was issued)


def normalize_id_number(raw: str) -> str:
    """Drop every kind of space, make full-width digits and X half-width, upper-case x. Does not validate."""
    kept = "".join(ch for ch in raw if not ch.isspace() and ch not in _INVISIBLE)
    kept = kept.lstrip(_QUOTES)
    return kept.translate(_FULL_WIDTH)


def check_character(first17: str) -> str:
    """The 18th character (0-9 or X) that GB 11643 requires after these 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"check_character needs 17 ASCII digits, got {first17!r}")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def make_id_number(region: str, birth: datetime.date, sequence: int) -> str:
    """Build a valid 18-character number (for demo data and tests); an odd sequence makes a man."""
    if len(region) != 6 or not region.isascii() or not region.isdigit():
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0..999, got {sequence}")
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def _fail(message: str) -> ValidationError:
    return ValidationError(f"{LABEL}：{message}", field=FIELD)


def _format_date(d: datetime.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def parse_id_number(raw: str, today: datetime.date | None = None) -> IdInfo:
    """Check a 公民身份号码 and read it; raises ValidationError(field="id_number") with the reason in Chinese.

    ``today`` is only for tests; it bounds the birth date.
    """
    number = normalize_id_number(raw)
    if not number:
        raise _fail("没有填写，请填写18位号码")
    if _EXCEL_NUMBER.match(number) or "E+" in number.upper():
        raise _fail(
            f"“{number}”是被 Excel 当成数字后的样子，号码的最后几位已经丢失，无法恢复。"
            "请在 Excel 里把这一列的格式设为“文本”，再重新输入完整的18位号码"
        )
    if len(number) == 15 and number.isdigit():
        raise _fail("这是15位的旧号码，请改填18位的新号码（见第二代居民身份证）")
    if len(number) != 18:
        raise _fail(f"现在有{len(number)}位，应为18位，请核对是否多输或漏输")
    for position, ch in enumerate(number[:17], start=1):
        if not ("0" <= ch <= "9"):
            raise _fail(f"第{position}位是“{ch}”，前17位只能是数字")
    if not ("0" <= number[17] <= "9" or number[17] == "X"):
        raise _fail(f"第18位是“{number[17]}”，只能是数字或X")

    if int(number[:2]) not in _PROVINCE_CODES:
        raise _fail(f"前两位“{number[:2]}”不是有效的省份代码，请核对")

    digits = number[6:14]
    try:
        birth = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise _fail(f"第7～14位的出生日期“{digits}”不存在，请核对") from None
    today = today or datetime.date.today()
    if birth > today:
        raise _fail(f"第7～14位的出生日期{_format_date(birth)}晚于今天，请核对")
    if birth < _EARLIEST_BIRTH:
        raise _fail(f"第7～14位的出生日期{_format_date(birth)}早于1900年，请核对")

    if check_character(number[:17]) != number[17]:
        raise _fail("第18位校验码不对，请核对后重新输入")

    gender = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number=number, birth_date=birth, gender=gender, region=number[:6])


def gender_of(raw: str) -> str:
    """The gender ("男"/"女") the 17th digit says; raises ValidationError like parse_id_number."""
    return parse_id_number(raw).gender


def mask_id_number(number: str) -> str:
    """330522198503121234 → 330522********1234: enough to tell people apart, not enough to copy."""
    if len(number) < 11:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
