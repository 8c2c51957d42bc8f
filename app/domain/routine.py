"""Pure rules of the branch's routine (组织生活): meeting kinds and their expected frequency, attendance
marks and the points they earn, months and money (integer 分) for dues, the dues bands, arrears."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain.errors import ValidationError

PRESENT, LEAVE, ABSENT = "出席", "请假", "缺席"
MARKS = (PRESENT, LEAVE, ABSENT)
HELD, WITHDRAWN = "已召开", "已撤回"

ABSENCE_INDICATOR = "无故缺席组织生活"
DUES_ON_TIME_INDICATOR = "按时交纳党费"
DUES_LATE_INDICATOR = "未按时交纳党费"
ARREARS_WARNING_MONTHS = 3  # the clerk's warning
ARREARS_LIMIT_MONTHS = 6  # the Party constitution: six months in a row → regarded as having left
CONTACT_WAYS = ("电话", "微信", "上门", "来信")
MOBILE_CONTACT_DAYS = 183  # about six months without contact → a reminder
PROBATION_NOTICE_DAYS = 60


@dataclass(frozen=True)
class MeetingKind:
    """A kind of meeting: the indicator attending earns (empty: none), how many a quarter each unit of
    ``unit_kind`` should hold (0: not tracked), and whether only members with a party post are expected."""

    name: str
    indicator: str = ""
    per_quarter: int = 0
    unit_kind: str = "党支部"
    committee_only: bool = False
    deducts_absence: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "indicator": self.indicator,
            "per_quarter": self.per_quarter,
            "unit_kind": self.unit_kind,
            "committee_only": self.committee_only,
            "deducts_absence": self.deducts_absence,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> MeetingKind:
        return cls(
            str(d.get("name", "")).strip(),
            str(d.get("indicator", "") or ""),
            int(str(d.get("per_quarter", 0) or 0)),
            str(d.get("unit_kind", "党支部") or "党支部"),
            bool(d.get("committee_only", False)),
            bool(d.get("deducts_absence", True)),
        )


# 党支部工作条例 (2018): 党员大会 about once a quarter, 支委会 and 党小组会 about monthly, 党课 at least once a
# quarter, 主题党日 monthly; the seeds' 闪光言行交流会 once a quarter; 两委例会 weekly (not counted here).
FLASH_MEETING = "闪光言行交流会"
DEFAULT_MEETING_KINDS: tuple[MeetingKind, ...] = (
    MeetingKind("支部党员大会", "三会一课", 1),
    MeetingKind("支委会", "三会一课", 3, committee_only=True),
    MeetingKind("党小组会", "三会一课", 3, unit_kind="党小组"),
    MeetingKind("党课", "三会一课", 1),
    MeetingKind("主题党日", "主题党日", 3),
    MeetingKind(FLASH_MEETING, "集中学习", 1),
    MeetingKind("两委例会", "", 0, committee_only=True, deducts_absence=False),
    MeetingKind("其他", "", 0, deducts_absence=False),
)


def points_indicator(kind: MeetingKind, mark: str) -> str | None:
    """The indicator a mark earns at a meeting of ``kind``: attended → the kind's, 缺席 → the deduction
    (the rule set limits it to the tiers that must attend), 请假 → nothing."""
    if mark == PRESENT and kind.indicator:
        return kind.indicator
    if mark == ABSENT and kind.deducts_absence and kind.indicator:
        return ABSENCE_INDICATOR
    return None


def next_mark(mark: str) -> str:
    """Space on the tick list: 出席 → 请假 → 缺席 → 出席 (unmarked starts at 出席)."""
    if mark not in MARKS:
        return PRESENT
    return MARKS[(MARKS.index(mark) + 1) % len(MARKS)]


def absent_twice_running(marks_by_date: Sequence[str]) -> bool:
    """The member's marks at their unit's meetings in date order: the last two are 缺席 (time for a talk)."""
    marked = [m for m in marks_by_date if m in MARKS]
    return len(marked) >= 2 and marked[-1] == ABSENT and marked[-2] == ABSENT


# --- months and money -------------------------------------------------------------------------------------------

_MONTH = re.compile(r"^\s*(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str, field: str = "month") -> str:
    """``2026-01`` (also 2026-1, 2026.1, 2026年1月) → ``2026-01``."""
    m = _MONTH.match(str(text or ""))
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1921 <= int(m.group(1)) <= 2999:
        raise ValidationError(f"月份“{text}”看不懂，请写成 2026-01 这样的形式", field=field)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_from_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_end(month: str) -> dt.date:
    nxt = month_index(month) + 1
    return dt.date(nxt // 12, nxt % 12 + 1, 1) - dt.timedelta(days=1)


def months_between(first: str, last: str) -> list[str]:
    return [month_from_index(i) for i in range(month_index(first), month_index(last) + 1)]


def parse_month_range(text: str) -> tuple[str, str]:
    """``2026-01..2026-06`` (or ``2026-01~2026-06``, or one month) → (first, last)."""
    parts = re.split(r"\.\.|~|～|至|—|到", str(text or ""))
    if len(parts) > 2:
        raise ValidationError(f"月份范围“{text}”看不懂，请写成 2026-01..2026-06", field="months")
    first = parse_month(parts[0], "months")
    last = parse_month(parts[-1], "months")
    if month_index(last) < month_index(first):
        raise ValidationError(f"月份范围“{text}”的结束月早于开始月", field="months")
    if month_index(last) - month_index(first) >= 36:
        raise ValidationError("一次最多交 36 个月的党费", field="months")
    return first, last


_YUAN = re.compile(r"^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*元?\s*$")


def parse_yuan(text: str, field: str = "amount") -> int:
    """``10.00`` / ``10`` / ``0.2`` 元 → integer 分 (1000, 1000, 20); no floats anywhere."""
    m = _YUAN.match(str(text or "").replace(",", "").replace("，", ""))
    if not m:
        raise ValidationError(f"金额“{text}”看不懂，请写成 10.00 这样的元数（最多两位小数）", field=field)
    return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))


def format_fen(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def split_fen(total: int, parts: int) -> list[int]:
    """A payment's amount spread over its months, the odd 分 on the first months (sums exactly)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


# --- dues bands (中组部 2008): a helper for the clerk, who decides ----------------------------------------------

DUES_GROUPS = ("在职", "离退休", "农民", "学生/低保/失业")


def suggested_dues(group: str, monthly_income_yuan: str = "0") -> tuple[int, str]:
    """(monthly 分, the band as words). Income is the monthly income after tax, in 元."""
    try:
        income = Decimal(str(monthly_income_yuan or "0"))
    except InvalidOperation:
        raise ValidationError(f"月收入“{monthly_income_yuan}”看不懂", field="income") from None
    if group == "农民":
        return 100, "农民党员：每月 0.2～1 元（这里取 1 元，可改）"
    if group == "学生/低保/失业":
        return 20, "学生、失业、低保党员：每月 0.2 元"
    if group == "离退休":
        rate = Decimal("0.005") if income <= 5000 else Decimal("0.01")
    elif group == "在职":
        if income <= 3000:
            rate = Decimal("0.005")
        elif income <= 5000:
            rate = Decimal("0.01")
        elif income <= 10000:
            rate = Decimal("0.015")
        else:
            rate = Decimal("0.02")
    else:
        raise ValidationError(f"党员类别只能是 {'、'.join(DUES_GROUPS)}", field="group")
    fen = int((income * rate * 100).quantize(Decimal("1")))
    return fen, f"{group}，月收入 {income} 元 × {rate * 100}%"


def unpaid_months(due: Iterable[str], paid: Iterable[str]) -> list[str]:
    paid_set = set(paid)
    return sorted(m for m in due if m not in paid_set)


def longest_run(months: Sequence[str]) -> int:
    """The longest run of consecutive months in a sorted list (arrears "six months in a row")."""
    best = run = 0
    prev: int | None = None
    for m in months:
        i = month_index(m)
        run = run + 1 if prev is not None and i == prev + 1 else 1
        best = max(best, run)
        prev = i
    return best
