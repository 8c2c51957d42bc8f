"""Pure points rules: caps, reversals and totals hold whatever the order of entries and reversals."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from app.domain import points as rules
from app.domain.errors import UserError, ValidationError

# indicator id → (points per occurrence, cap)
INDICATORS: dict[str, tuple[int, int | None]] = {
    "study": (2, 12),
    "meeting": (3, 12),
    "day": (2, 8),
    "notes": (1, None),
    "absent": (-5, 20),
}
CAPS = {k: cap for k, (_, cap) in INDICATORS.items()}

op = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(sorted(INDICATORS)), st.integers(1, 6)),
    st.tuples(st.just("reverse"), st.integers(0, 200), st.just(0)),
)


class Ledger:
    """A minimal in-memory ledger driven only by the pure rules, as the services drive them."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, int, int | None]] = []  # indicator, points, reverses index
        self.reversed: set[int] = set()

    def used(self, indicator: str) -> int:
        return sum(p for i, p, _ in self.entries if i == indicator)

    def add(self, indicator: str, times: int) -> int | None:
        per, cap = INDICATORS[indicator]
        room = rules.room_left(cap, self.used(indicator), per)
        capped = rules.apply_cap(per, times, cap, self.used(indicator))
        assert capped.raw == per * times
        if room is not None:
            assert abs(capped.points) <= room  # never more than what is left
        assert abs(capped.points) <= abs(capped.raw)
        if capped.points == 0:
            return None  # refused: nothing left under the cap
        self.entries.append((indicator, capped.points, None))
        return capped.points

    def reverse(self, index: int) -> bool:
        if not self.entries:
            return False
        index %= len(self.entries)
        indicator, pts, reverses = self.entries[index]
        try:
            rules.check_reversal(reverses is not None, index in self.reversed, "录入错误")
        except UserError:
            return False
        self.reversed.add(index)
        self.entries.append((indicator, -pts, index))
        return True


@settings(max_examples=150, deadline=None)
@given(st.lists(op, max_size=40), st.integers(0, 100))
def test_totals_equal_base_plus_ledger_within_caps(ops: list[tuple[str, object, int]], base: int) -> None:
    ledger = Ledger()
    for kind, arg, times in ops:
        if kind == "add":
            ledger.add(str(arg), times)
        else:
            ledger.reverse(int(arg))  # type: ignore[call-overload]
    nets = rules.net_by_indicator((i, p) for i, p, _ in ledger.entries)
    for indicator, net in nets.items():
        per, cap = INDICATORS[indicator]
        if cap is not None:
            assert 0 <= (net if per > 0 else -net) <= cap
    t = rules.totals(base, nets, CAPS)
    assert t.total == base + sum(p for _, p, _ in ledger.entries)
    assert t.total == t.base + t.awarded - t.deducted
    # order does not matter: the same entries shuffled give the same total
    shuffled = list(ledger.entries)
    random.Random(len(ops)).shuffle(shuffled)
    assert rules.totals(base, rules.net_by_indicator((i, p) for i, p, _ in shuffled), CAPS) == t


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(INDICATORS)), st.lists(st.integers(1, 5), min_size=1, max_size=12))
def test_reversal_restores_room_under_the_cap(indicator: str, times: list[int]) -> None:
    ledger = Ledger()
    for n in times:
        ledger.add(indicator, n)
    if not ledger.entries:
        return
    per, cap = INDICATORS[indicator]
    before = rules.room_left(cap, ledger.used(indicator), per)
    assert ledger.reverse(0)
    after = rules.room_left(cap, ledger.used(indicator), per)
    if cap is not None:
        assert before is not None and after is not None
        assert after == before + abs(ledger.entries[0][1])


def test_reversal_of_a_reversal_and_double_reversal_are_rejected() -> None:
    ledger = Ledger()
    ledger.add("study", 1)
    assert ledger.reverse(0)
    assert not ledger.reverse(0)  # twice
    assert not ledger.reverse(1)  # the reversal itself
    with pytest.raises(ValidationError):
        rules.check_reversal(False, False, "  ")


def test_cap_examples_from_the_community_form() -> None:
    assert rules.apply_cap(2, 7, 12, 0).points == 12  # 集中学习 2/次, cap 12
    assert rules.apply_cap(2, 1, 12, 12).points == 0
    capped = rules.apply_cap(3, 2, 12, 9)
    assert (capped.raw, capped.points, capped.was_capped) == (6, 3, True)
    assert rules.apply_cap(-5, 5, 20, -10).points == -10  # deductions capped by magnitude
    assert rules.apply_cap(1, 50, None, 400).points == 50
    with pytest.raises(ValidationError):
        rules.apply_cap(1, 0, None, 0)


def test_bands_grades_and_stars() -> None:
    g, s = rules.PRESET_GRADE_BANDS, rules.PRESET_STAR_BANDS
    assert [rules.grade_for(t, g) for t in (59, 60, 74, 75, 89, 90)] == [
        "不合格",
        "基本合格",
        "基本合格",
        "合格",
        "合格",
        "优秀",
    ]
    assert [rules.stars_for(t, s) for t in (59, 60, 69, 70, 79, 80, 89, 90, 95, 96, 120)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    rules.check_grade_bands(g)
    rules.check_star_bands(s)
    with pytest.raises(ValidationError):
        rules.check_grade_bands([(70, "优秀"), (80, "合格")])
    with pytest.raises(ValidationError):
        rules.check_star_bands([(60, 5), (90, 1)])


def test_review_rules() -> None:
    assert [rules.excellent_limit(n) for n in (0, 2, 3, 10, 30)] == [0, 0, 1, 3, 10]
    ballots = rules.parse_ballots("优秀=12,合格=30，基本合格=2,不合格=0")
    assert ballots == {"优秀": 12, "合格": 30, "基本合格": 2, "不合格": 0}
    with pytest.raises(ValidationError):
        rules.parse_ballots("很好=3")
    warnings = rules.decision_warnings(
        "优秀", ballots=ballots, points_grade="合格", excellent_in_scope=4, graded_in_scope=10
    )
    assert any("三分之一" in w for w in warnings)
    assert any("得票最多" in w for w in warnings)
    assert (
        rules.decision_warnings(
            "合格", ballots=ballots, points_grade="合格", excellent_in_scope=0, graded_in_scope=10
        )
        == []
    )
    assert rules.flagged_two_years("不合格", "不合格")
    assert not rules.flagged_two_years("基本合格", "不合格")


def test_default_tiers_and_carry_over() -> None:
    assert rules.default_tier_kind("书记", True, 75) == "core"
    assert rules.default_tier_kind("", True, 75) == "mobile"
    assert rules.default_tier_kind("", False, 70) == "special"
    assert rules.default_tier_kind("", False, 69) == "ordinary"
    assert rules.carry_over_base(20, 87) == 17  # 17.4
    assert rules.carry_over_base(20, 88) == 18  # 17.6
    assert rules.carry_over_base(50, 45) == 23  # 22.5 rounds half up
