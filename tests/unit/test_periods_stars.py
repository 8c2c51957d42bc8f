"""Quarters (2026Q3) and the star rules: parsing, dates, neighbours, suggestion, the no-deeds rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from app.domain import stars
from app.domain.errors import ValidationError
from app.domain.periods import Quarter, age_on, parse_quarter, quarter_of, was_member_during

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

quarters = st.builds(Quarter, st.integers(1921, 2999), st.integers(1, 4))


@pytest.mark.parametrize(
    "text", ["2026Q3", "2026q3", "2026-Q3", " 2026 Q3 ", "2026年第三季度", "2026年3季度", "２０２６Ｑ３"]
)
def test_quarter_written_many_ways(text: str) -> None:
    assert parse_quarter(text) == Quarter(2026, 3)


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q3", "", "Q3", "2026", "0226Q3", "2026年第五季度"])
def test_bad_quarters_are_refused_in_chinese(text: str) -> None:
    with pytest.raises(ValidationError, match="2026Q3"):
        parse_quarter(text)


def test_quarter_dates_and_names() -> None:
    q = parse_quarter("2026Q1")
    assert (q.starts_on, q.ends_on) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert parse_quarter("2024Q1").ends_on == dt.date(2024, 3, 31)
    assert parse_quarter("2026Q4").ends_on == dt.date(2026, 12, 31)
    assert q.previous().id == "2025Q4" and q.next().id == "2026Q2"
    assert q.label == "2026年第一季度"
    assert [x.id for x in parse_quarter("2026Q3").quarters_of_year_so_far()] == ["2026Q1", "2026Q2", "2026Q3"]


@given(quarters)
def test_quarters_tile_the_calendar(q: Quarter) -> None:
    assert parse_quarter(q.id) == q
    assert q.next().previous() == q
    if q.year < 2999:
        assert q.next().starts_on == q.ends_on + dt.timedelta(days=1)
    assert quarter_of(q.starts_on) == q == quarter_of(q.ends_on)
    assert q < q.next()


@given(st.dates(dt.date(1921, 1, 1), dt.date(2998, 12, 31)))
def test_every_day_is_in_its_quarter(day: dt.date) -> None:
    assert quarter_of(day).contains(day)


def test_membership_in_a_quarter() -> None:
    q = parse_quarter("2026Q3")
    assert was_member_during(q, dt.date(2026, 9, 30), None)
    assert not was_member_during(q, dt.date(2026, 10, 1), None)
    assert was_member_during(q, None, dt.date(2026, 7, 1))
    assert not was_member_during(q, dt.date(2000, 1, 1), dt.date(2026, 6, 30))
    assert age_on(dt.date(1956, 9, 30), q.ends_on) == 70
    assert age_on(dt.date(1956, 10, 1), q.ends_on) == 69


def test_no_deeds_no_stars() -> None:
    assert stars.level_problem(0, 0) is None
    assert stars.level_problem(None, 0) is None
    problem = stars.level_problem(1, 0)
    assert problem is not None and "不予评星级" in problem
    assert stars.level_problem(5, 1) is None
    assert "0 到 5" in (stars.level_problem(6, 3) or "")


W, L, S, V = (stars.DeedKind(c, "本人陈述") for c in ("工作", "生活", "服务群众", "志愿服务"))


def test_suggestion_table() -> None:
    assert stars.suggest_from_deeds([]) is None
    assert stars.suggest_from_deeds([W]) == 3
    assert stars.suggest_from_deeds([W, L]) == 4
    assert stars.suggest_from_deeds([W, L, W]) == 4
    assert stars.suggest_from_deeds([W, L, S]) == 5
    assert stars.suggest_from_deeds([W, L, stars.DeedKind("工作", "群众反映")]) == 5


@given(
    st.lists(
        st.builds(stars.DeedKind, st.sampled_from(stars.DEFAULT_CATEGORIES), st.sampled_from(stars.SOURCES))
    )
)
def test_suggestion_always_obeys_the_no_deeds_rule(deeds: list[stars.DeedKind]) -> None:
    level = stars.suggest_from_deeds(deeds)
    assert (level is None) == (not deeds)
    assert stars.level_problem(level, len(deeds)) is None
    more = stars.suggest_from_deeds([*deeds, S])
    assert more is not None and (level is None or more >= level)


def test_points_bands_and_combination() -> None:
    assert [stars.level_from_points(p) for p in (None, 59.5, 60, 69, 70, 85, 90, 95, 96, 120)] == [
        None,
        0,
        1,
        1,
        2,
        3,
        4,
        4,
        5,
        5,
    ]
    assert stars.combine_suggestions(5, [3, None]) == 3
    assert stars.combine_suggestions(None, [5]) is None  # points never beat the no-deeds rule
    assert stars.combine_suggestions(4, []) == 4


def test_movement_arrows() -> None:
    assert [stars.movement(3, 4), stars.movement(4, 3), stars.movement(3, 3), stars.movement(None, 3)] == [
        "↑",
        "↓",
        "=",
        "",
    ]
