"""Pure rules of the routine: months, money in 分, dues bands, marks and their indicators, arrears runs."""

from __future__ import annotations

import pytest

from app.domain import routine
from app.domain.errors import ValidationError


def test_months_and_ranges() -> None:
    assert routine.parse_month("2026-1") == "2026-01"
    assert routine.parse_month("2026年12月") == "2026-12"
    assert routine.parse_month_range("2026-01..2026-06") == ("2026-01", "2026-06")
    assert routine.parse_month_range("2026-03") == ("2026-03", "2026-03")
    assert routine.months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    with pytest.raises(ValidationError):
        routine.parse_month_range("2026-06..2026-01")
    with pytest.raises(ValidationError):
        routine.parse_month("2026-13")


def test_money_is_integer_fen() -> None:
    assert routine.parse_yuan("10.00") == 1000
    assert routine.parse_yuan("0.2") == 20
    assert routine.parse_yuan("60") == 6000
    for bad in ("-1", "1.234", "abc", ""):
        with pytest.raises(ValidationError):
            routine.parse_yuan(bad)
    assert routine.format_fen(1005) == "10.05"
    assert routine.split_fen(1000, 3) == [334, 333, 333]
    assert sum(routine.split_fen(6001, 6)) == 6001


def test_dues_bands() -> None:
    assert routine.suggested_dues("在职", "3000")[0] == 1500
    assert routine.suggested_dues("在职", "4000")[0] == 4000
    assert routine.suggested_dues("在职", "8000")[0] == 12000
    assert routine.suggested_dues("在职", "12000")[0] == 24000
    assert routine.suggested_dues("离退休", "6000")[0] == 6000
    assert routine.suggested_dues("学生/低保/失业")[0] == 20
    assert routine.suggested_dues("农民")[0] == 100


def test_marks_earn_the_kinds_indicator_or_the_deduction() -> None:
    day = routine.MeetingKind("主题党日", "主题党日", 3)
    assert routine.points_indicator(day, routine.PRESENT) == "主题党日"
    assert routine.points_indicator(day, routine.ABSENT) == routine.ABSENCE_INDICATOR
    assert routine.points_indicator(day, routine.LEAVE) is None
    other = routine.MeetingKind("其他", "", 0, deducts_absence=False)
    assert routine.points_indicator(other, routine.ABSENT) is None
    assert [routine.next_mark(m) for m in ("", "出席", "请假", "缺席")] == ["出席", "请假", "缺席", "出席"]


def test_absent_twice_running_and_arrears_runs() -> None:
    assert routine.absent_twice_running(["出席", "缺席", "", "缺席"])
    assert not routine.absent_twice_running(["缺席", "请假", "缺席"])
    assert routine.longest_run(["2026-01", "2026-02", "2026-04", "2026-05", "2026-06"]) == 3
