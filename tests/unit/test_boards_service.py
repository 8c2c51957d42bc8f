"""Boards built from the data: ratings, commitments, 五亮 and points through their services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import demo
from app.db.database import Database
from app.domain.errors import NotFoundError, UserError
from app.services import boards, commitments, evaluations, organizations, points, roster, settings

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One demo village for the whole module (the tests only add what they need)."""
    db = Database.open(tmp_path_factory.mktemp("boards") / "data")
    demo.make_demo(db, members=60, seed=3)
    yield db
    db.close()


def _rated_period(db: Database) -> str:
    for p in evaluations.list_periods(db):
        if any(r.level for r in evaluations.ratings(db, p.id)):
            return p.id
    pytest.skip("demo data has no rated quarter")


def test_star_chart_from_ratings(demo_db: Database, tmp_path: Path) -> None:
    period = _rated_period(demo_db)
    data = boards.build(demo_db, boards.BoardRequest("stars", period=period), today=dt.date(2026, 10, 8))
    # On the board: the rated with stars, and those 只挂牌不参评; 0-star and unrated members are not.
    rated = [r for r in evaluations.ratings(demo_db, period) if (r.level or 0) > 0 or r.exempt]
    assert len(data.stars) == len(rated)
    assert {c.name for c in data.stars} == {r.member_name for r in rated}
    assert all(c.highlight == (c.level == 5) for c in data.stars if not c.exempt)
    # An exemption's own reason (age, illness) stays off the public board.
    assert all(c.reason == "只挂牌不参评" for c in data.stars if c.exempt)
    o = data.options
    assert o.title.startswith(evaluations.get_period(demo_db, period).label)
    assert o.objection_line.startswith("公示期：2026年10月8日至10月14日。")
    assert o.organization == organizations.organization_name(demo_db)
    out = tmp_path / "stars.pdf"
    assert boards.render(demo_db, boards.BoardRequest("stars", period=period), out) >= 1
    assert out.read_bytes().startswith(b"%PDF")


def test_the_star_chart_says_who_is_on_it_and_who_is_left_off(demo_db: Database) -> None:
    period = _rated_period(demo_db)
    rows = evaluations.ratings(demo_db, period)
    req = boards.BoardRequest("stars", period=period)
    data = boards.build(demo_db, req)
    shown = sum(1 for c in data.stars if not c.exempt)
    assert "全体党员中已评星的" in data.options.subtitle and f"{shown} 人" in data.options.subtitle
    unrated, zero = boards.stars_left_out(demo_db, req)
    assert unrated == sum(1 for r in rows if r.level is None and not r.exempt)
    assert zero == sum(1 for r in rows if r.level == 0 and not r.exempt)
    assert all(c.level > 0 for c in data.stars if not c.exempt)
    with_zero = boards.BoardRequest("stars", period=period, extra={"zero_stars": "yes"})
    assert len(boards.build(demo_db, with_zero).stars) == len(data.stars) + zero
    assert boards.stars_left_out(demo_db, with_zero) == (unrated, 0)


def test_star_chart_of_one_branch(demo_db: Database) -> None:
    period = _rated_period(demo_db)
    branch = next(u for u in organizations.branches(demo_db) if u.depth > 0 and u.active_members)
    data = boards.build(demo_db, boards.BoardRequest("stars", period=period, branch_ids=(branch.id,)))
    assert data.stars and {c.branch for c in data.stars} <= {u.name for u in organizations.units(demo_db)}
    assert branch.name in data.options.subtitle


def test_nothing_to_print(demo_db: Database, tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "x.pdf"
    with pytest.raises(UserError, match="没有可打印的内容"):
        boards.render(demo_db, boards.BoardRequest("stars", period="2019Q1"), out)
    with pytest.raises(UserError, match="没有可打印的内容"):
        boards.render(demo_db, boards.BoardRequest("commitments", year=2011), out)
    with pytest.raises(UserError, match="没有可打印的内容"):
        boards.render(demo_db, boards.BoardRequest("points", year=2011), out)
    with pytest.raises(NotFoundError):
        organizations.find_unit(demo_db, "没有这个支部")
    assert list(tmp_path.iterdir()) == []


def test_title_is_remembered_per_kind_with_the_period_kept_current(demo_db: Database, tmp_path: Path) -> None:
    period = _rated_period(demo_db)
    req = boards.BoardRequest("stars", period=period)
    label = evaluations.get_period(demo_db, period).label
    assert boards.title_for(demo_db, req) == f"{label}党员闪光言行星级评定公示"
    boards.render(
        demo_db, boards.BoardRequest("stars", period=period, title=f"{label}丁新村星级榜"), tmp_path / "a.pdf"
    )
    assert boards.title_for(demo_db, req) == f"{label}丁新村星级榜"
    assert (
        boards.title_for(demo_db, boards.BoardRequest("stars", period="2030Q2"))
        == "2030年第二季度丁新村星级榜"
    )
    assert boards.title_for(demo_db, boards.BoardRequest("points", year=2026)) == "2026年度党员量化积分公示"
    assert settings.get(demo_db, boards.TITLE_SETTING + "stars") == "{period}丁新村星级榜"


def test_commitment_board(demo_db: Database) -> None:
    year = next(y for y in commitments.years(demo_db) if commitments.list_commitments(demo_db, y))
    data = boards.build(demo_db, boards.BoardRequest("commitments", year=year, year_end=True))
    rows = commitments.list_commitments(demo_db, year)
    assert sum(len(e.commitments) for e in data.commitments) == len(rows)
    kept = [c for e in data.commitments for c in e.commitments if c.kept]
    assert len(kept) == sum(1 for r in rows if r.status == commitments.KEPT)
    assert "践诺" in data.options.title


def test_wuliang_prints_only_filled_profiles_or_named_members(demo_db: Database) -> None:
    member = roster.list_members(demo_db)[0]
    try:
        data = boards.build(demo_db, boards.BoardRequest("wuliang"))
        assert data.wuliang
    except UserError as exc:
        assert "没有可打印的内容" in str(exc)
    data = boards.build(demo_db, boards.BoardRequest("wuliang", member_ids=(member.id,)))
    assert [s.name for s in data.wuliang] == [member.name]
    assert data.options.objection_line == ""  # a 五亮 board is a standing sign, not a 公示


def test_points_ranking(demo_db: Database) -> None:
    year = 2031  # a year of its own, whatever the demo recorded
    points.create_preset(demo_db, year)
    members = roster.list_members(demo_db)[:3]
    points.add_entry(demo_db, members[0].id, "主题党日", dt.date(year, 3, 1), times=3)
    data = boards.build(demo_db, boards.BoardRequest("points", year=year))
    assert data.points[0].name == members[0].name and data.points[0].rank == 1
    assert [r.rank for r in data.points] == sorted(r.rank for r in data.points)
    summary = {r.member_name: r for r in points.summary(demo_db, year)}
    assert data.points[0].total == summary[members[0].name].total
