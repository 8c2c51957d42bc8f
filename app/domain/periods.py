"""Quarters as evaluation periods (考评周期): ids like ``2026Q3``, their dates, neighbours and Chinese names."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.errors import ValidationError

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CN_NAMES = ("", "一", "二", "三", "四")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＱｑＳｓ", "0123456789QqSs")
_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-_ ]?\s*[QqSs]\s*([1-4])$"),  # 2026Q3, 2026-Q3, 2026 q3
    re.compile(r"^(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度?$"),  # 2026年第三季度, 2026年3季度
)
MIN_YEAR = 1921  # nothing can be earlier than the Party itself; also catches typos like 0226Q3


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter must be 1..4, not {self.quarter}")

    @property
    def id(self) -> str:
        return f"{self.year}Q{self.quarter}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def ends_on(self) -> dt.date:
        return self.next().starts_on - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """The name a clerk writes on a board: 2026年第三季度."""
        return f"{self.year}年第{_CN_NAMES[self.quarter]}季度"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def quarters_of_year_so_far(self) -> list[Quarter]:
        """Q1 … this quarter of the same year (for 闪光言行之星 of the year)."""
        return [Quarter(self.year, q) for q in range(1, self.quarter + 1)]

    def __str__(self) -> str:
        return self.id


def quarter_of(day: dt.date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_quarter(text: object) -> Quarter:
    """``2026Q3`` (also 2026q3, 2026-Q3, 2026年第三季度, 2026年3季度) → Quarter; anything else is refused."""
    raw = str(text or "").strip().translate(_FULLWIDTH)
    for pattern in _PATTERNS:
        if m := pattern.match(raw):
            year = int(m.group(1))
            if year < MIN_YEAR or year > 2999:
                break
            return Quarter(year, _CN_DIGITS[m.group(2)])
    raise ValidationError(f"季度“{text}”看不懂，请写成 2026Q3（2026年第三季度）这样的形式", field="period")


def was_member_during(quarter: Quarter, joined_on: dt.date | None, left_on: dt.date | None) -> bool:
    """A member counts in a quarter if they joined by its last day and had not left before its first.

    An unknown joining date counts as "long ago" (old records often lack it).
    """
    if joined_on is not None and joined_on > quarter.ends_on:
        return False
    return left_on is None or left_on >= quarter.starts_on


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
