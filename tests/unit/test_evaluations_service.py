"""闪光言行考评 services: no deeds no stars, exemption, closed quarters read-only, reopen audited,
membership in a quarter, last quarter's level and the movement lists; plus the 0003 migration."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from old_database import make_roster_only_database
from sqlalchemy import inspect

from app.db.database import Database
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.id_number import make_id_number
from app.services import audit, evaluations, organizations, roster

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

TODAY = dt.date(2026, 8, 15)  # in 2026Q3
Q = "2026Q3"
P = "2026Q2"


def _member(db: Database, branch: str, name: str, birth: dt.date, seq: int, **extra: object) -> str:
    values: dict[str, object] = {
        "name": name,
        "id_number": make_id_number("330522", birth, seq),
        "category": "正式党员",
        "branch_id": branch,
        "joined_on": dt.date(2005, 7, 1),
        "confirmed_on": dt.date(2006, 7, 1),
    }
    values.update(extra)
    return roster.add_member(db, roster.MemberDraft(**values))  # type: ignore[arg-type]


@pytest.fixture
def village(empty_db: Database) -> tuple[Database, dict[str, str], str]:
    root = organizations.set_up(empty_db, "测试村党总支")
    branch = organizations.add_unit(empty_db, root, "第一党支部", "党支部")
    m = {
        "wang": _member(empty_db, branch, "王伟", dt.date(1980, 5, 6), 123),
        "li": _member(empty_db, branch, "李芳", dt.date(1985, 3, 2), 222),
        "old": _member(empty_db, branch, "张德胜", dt.date(1950, 1, 1), 131),  # 76: exempt by age
        "new": _member(
            empty_db,
            branch,
            "刘洋",
            dt.date(2000, 1, 1),
            151,
            category="预备党员",
            joined_on=dt.date(2026, 7, 20),
            confirmed_on=None,
        ),
    }
    evaluations.open_period(empty_db, P, today=TODAY)
    evaluations.open_period(empty_db, Q, today=TODAY)
    return empty_db, m, branch


@pytest.fixture(autouse=True)
def _only_the_deeds_suggestion(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other areas (points) plug into SUGGESTION_SOURCES when imported; these tests check the deeds rule."""
    monkeypatch.setattr(evaluations, "SUGGESTION_SOURCES", [])


def _row(db: Database, member_id: str, period: str = Q) -> evaluations.RatingRow:
    return evaluations.member_rating(db, member_id, period)


def test_no_deed_no_star_but_zero_is_allowed(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    with pytest.raises(UserError, match="不予评星级"):
        evaluations.set_level(db, m["wang"], Q, 3)
    assert _row(db, m["wang"]).level is None
    evaluations.set_level(db, m["wang"], Q, 0)
    assert _row(db, m["wang"]).level == 0
    evaluations.add_deed(db, m["wang"], Q, "帮助独居老人申请补贴", category="服务群众", today=TODAY)
    evaluations.set_level(db, m["wang"], Q, 4, reason="热心服务群众")
    row = _row(db, m["wang"])
    assert (row.level, row.deeds, row.reason, row.suggested) == (4, 1, "热心服务群众", 3)
    assert [a.field for a in audit.history(db, "star_rating") if a.action == "rate"]
    with pytest.raises(ValidationError, match="0 到 5"):
        evaluations.set_level(db, m["wang"], Q, 6)


def test_the_only_deed_cannot_be_withdrawn_under_stars(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    deed = evaluations.add_deed(db, m["li"], Q, "参加防汛值守", today=TODAY)
    evaluations.set_level(db, m["li"], Q, 3)
    with pytest.raises(UserError, match="唯一"):
        evaluations.withdraw_deed(db, deed)
    evaluations.set_level(db, m["li"], Q, None)
    evaluations.withdraw_deed(db, deed)
    assert _row(db, m["li"]).deeds == 0
    assert evaluations.list_deeds(db, Q) == []


def test_deed_input_is_checked(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    with pytest.raises(ValidationError, match="不在2026年第三季度"):
        evaluations.add_deed(db, m["li"], Q, "x", date="2026-06-30", today=TODAY)
    with pytest.raises(ValidationError, match="类别"):
        evaluations.add_deed(db, m["li"], Q, "x", category="打麻将", today=TODAY)
    with pytest.raises(ValidationError, match="来源"):
        evaluations.add_deed(db, m["li"], Q, "x", source="传说", today=TODAY)
    with pytest.raises(ValidationError, match="内容"):
        evaluations.add_deed(db, m["li"], Q, "  ", today=TODAY)
    evaluations.add_deed(db, m["li"], P, "补录上季度", today=TODAY)
    assert evaluations.list_deeds(db, P)[0].date == dt.date(2026, 6, 30)  # past quarter: its last day


def test_exemption_automatic_and_by_decision(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    old = _row(db, m["old"])
    assert old.exempt and old.exempt_automatic and old.level is None and "70" in old.exempt_reason
    assert old.as_json()["level"] is None and old.as_json()["exempt"] is True
    # The branch may rate an older member after all (a deed first: no deeds, no stars).
    evaluations.add_deed(db, m["old"], Q, "义务调解邻里纠纷", today=TODAY)
    evaluations.set_level(db, m["old"], Q, 5)
    assert (_row(db, m["old"]).exempt, _row(db, m["old"]).level) == (False, 5)
    # ...and exempt a member who is long ill: shown as exempt, not as zero stars.
    evaluations.set_exempt(db, m["li"], Q, True, "长期患病")
    li = _row(db, m["li"])
    assert (li.exempt, li.exempt_reason, li.level, li.exempt_automatic) == (True, "长期患病", None, False)
    assert any(a.action == "exempt" for a in audit.history(db, "star_rating"))


def test_settings_can_leave_out_probationary_members(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    assert not _row(db, m["new"]).exempt  # 预备党员 take part by default
    conf = evaluations.get_settings(db)
    evaluations.put_settings(db, evaluations.EvaluationSettings(False, True, None, ("工作", "志愿服务")))
    assert _row(db, m["new"]).exempt_reason == "预备党员不参评"
    assert not _row(db, m["old"]).exempt  # no automatic age exemption any more
    assert conf.exempt_age == 70


def test_only_members_of_the_quarter(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    with pytest.raises(UserError, match="不在党员名册上"):
        evaluations.add_deed(db, m["new"], P, "入党前的事", today=TODAY)  # joined 2026-07-20
    assert m["new"] not in {r.member_id for r in evaluations.ratings(db, P)}
    assert m["new"] in {r.member_id for r in evaluations.ratings(db, Q)}
    roster.leave_member(db, m["li"], "转出", dt.date(2026, 3, 31), "湖州")
    assert m["li"] not in {r.member_id for r in evaluations.ratings(db, Q)}
    with pytest.raises(UserError, match="不在党员名册上"):
        evaluations.set_level(db, m["li"], Q, 0)
    with pytest.raises(NotFoundError):
        evaluations.set_level(db, "no-such-member", Q, 0)


def test_closed_quarter_is_read_only_and_reopen_needs_a_reason(
    village: tuple[Database, dict[str, str], str],
) -> None:
    db, m, _ = village
    evaluations.add_deed(db, m["wang"], Q, "带头整治河道", today=TODAY)
    evaluations.close_period(db, Q)
    assert evaluations.get_period(db, Q).status == "closed"
    for change in (
        lambda: evaluations.set_level(db, m["wang"], Q, 3),
        lambda: evaluations.add_deed(db, m["wang"], Q, "又一条", today=TODAY),
        lambda: evaluations.set_comment(db, m["wang"], Q, "好"),
        lambda: evaluations.set_exempt(db, m["wang"], Q),
        lambda: evaluations.set_reason(db, m["wang"], Q, "好"),
    ):
        with pytest.raises(UserError, match="已经公示"):
            change()
    with pytest.raises(ValidationError, match="理由"):
        evaluations.reopen_period(db, Q, "")
    evaluations.reopen_period(db, Q, "王伟的星级漏评")
    assert evaluations.get_period(db, Q).reopen_reason == "王伟的星级漏评"
    assert any(a.after == "王伟的星级漏评" for a in audit.history(db, "evaluation_period", Q))
    evaluations.set_level(db, m["wang"], Q, 3)
    evaluations.set_comment(db, m["wang"], Q, "事迹属实")
    assert _row(db, m["wang"]).comment == "事迹属实"


def test_quarters_open_on_demand_not_in_the_future(empty_db: Database) -> None:
    with pytest.raises(ValidationError, match="还没有开始"):
        evaluations.open_period(empty_db, "2026Q4", today=TODAY)
    evaluations.open_period(empty_db, "2024Q1", today=TODAY)  # history can be recorded
    assert [p.as_json() for p in evaluations.list_periods(empty_db)] == [
        {"id": "2024Q1", "status": "open", "starts_on": "2024-01-01", "ends_on": "2024-03-31"}
    ]
    with pytest.raises(NotFoundError, match="还没有开始考评"):
        evaluations.get_period(empty_db, "2025Q1")


def test_previous_level_and_movement_lists(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    for quarter in (P, Q):
        for _ in range(3):
            evaluations.add_deed(db, m["wang"], quarter, "参加志愿服务", category="志愿服务", today=TODAY)
    evaluations.set_level(db, m["wang"], P, 3)
    evaluations.set_level(db, m["wang"], Q, 5)
    evaluations.set_level(db, m["li"], P, 0)
    evaluations.set_level(db, m["li"], Q, 0)
    wang = _row(db, m["wang"])
    assert (wang.previous_level, wang.movement, wang.suggested) == (3, "↑", 5)
    s = evaluations.summary(db, Q)
    assert [r.name for r in s.five_star_of_year] == ["王伟"]
    assert [r.name for r in s.risers] == ["王伟"]
    assert {r.name for r in s.without_stars_twice} == {"李芳"}
    assert s.exempt == 1 and s.by_level == {5: 1, 0: 1}
    history = evaluations.member_history(db, m["wang"])
    assert [(h.period, h.level, len(h.deeds)) for h in history] == [(Q, 5, 3), (P, 3, 3)]


def test_suggestion_sources_hook_is_the_lower_bound(village: tuple[Database, dict[str, str], str]) -> None:
    db, m, _ = village
    for _ in range(3):
        evaluations.add_deed(db, m["wang"], Q, "上门服务", category="服务群众", today=TODAY)
    evaluations.SUGGESTION_SOURCES.append(lambda _db, _p, ids: dict.fromkeys(ids, 2))
    assert _row(db, m["wang"]).suggested == 2
    assert _row(db, m["li"]).suggested is None  # no deeds: no suggestion whatever the points say


def test_demo_obeys_the_rules(demo_db: Database) -> None:
    periods = evaluations.list_periods(demo_db)
    assert [p.status for p in periods] == ["open", "closed", "closed", "closed", "closed"]
    for p in periods:
        for r in evaluations.ratings(demo_db, p.id):
            assert not (r.level and r.deeds == 0)
            if r.age >= 70 and not r.decided_by:
                assert r.exempt and r.level is None


def test_upgrade_from_roster_keeps_members_and_adds_evaluation_tables(tmp_path: Path) -> None:
    make_roster_only_database(tmp_path)
    db = Database.open(tmp_path)
    tables = set(inspect(db.engine).get_table_names())
    assert {"evaluation_periods", "deeds", "period_comments", "star_ratings"} <= tables
    evaluations.open_period(db, Q, today=TODAY)
    evaluations.add_deed(db, "m1", Q, "带头参加垃圾分类督导", today=TODAY)
    evaluations.set_level(db, "m1", Q, 3)
    assert [(r.member_name, r.level) for r in evaluations.ratings(db, Q)] == [("曾小红", 3)]
    db.close()
