"""评选与考核: a pioneer campaign from nomination to honour with every rule, the branch 百分制 with suggestions that
never overwrite, 五星级 self-assessment and confirmation, 述职 satisfaction rates, posts and 1+N units."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.models import AuditEntry, Member
from app.db.models_points import Review
from app.domain import recognition as rules
from app.domain.errors import UserError, ValidationError
from app.services import organizations, recognition, roster

Y = 2021  # a year of its own: the demo fills the current year


def _active(db: Database, n: int) -> list[str]:
    return [r.id for r in roster.list_members(db)][:n]


def _campaign(db: Database, quota: int = 2) -> str:
    return recognition.create_campaign(db, "区域党员服务先锋评选", Y, quota).id


def test_campaign_from_nomination_to_honour(demo_copy: Database) -> None:
    db = demo_copy
    cid = _campaign(db)
    a, b, c = _active(db, 3)
    ev = recognition.member_evidence(db, a, Y)
    assert ev[-1]["kind"] == "积分"
    na = recognition.nominate(db, cid, a, "服务先锋", "支部推荐", 3, "帮扶困难户", ev[:2])
    nb = recognition.nominate(db, cid, b, "致富能手", "群众推荐", 12)
    nc = recognition.nominate(db, cid, c, "道德模范", "党员推荐", 5)
    assert recognition.get_campaign(db, cid).stage == "推荐"
    recognition.review(db, cid, na.id, True, reason="事迹突出")
    recognition.review(db, cid, nb.id, True)
    recognition.review(db, cid, nc.id, False, reason="事迹材料不足")
    with pytest.raises(ValidationError, match="没有通过审议"):
        recognition.tally(db, cid, {nc.id: 10})
    row = recognition.tally(db, cid, {na.id: 80, nb.id: 75}, invalid_ballots=4)
    assert row.stage == "投票" and row.invalid_ballots == 4
    assert [n.votes for n in row.nominees][:2] == [80, 75]
    with pytest.raises(ValidationError, match="没有通过审议"):
        recognition.announce(db, cid, [na.id, nc.id], dt.date(Y, 12, 1))
    row = recognition.announce(db, cid, [na.id, nb.id], dt.date(Y, 12, 1), objection_days=7)
    assert row.stage == "公示" and row.objection_until == dt.date(Y, 12, 8)
    with pytest.raises(ValidationError, match="公示期"):
        recognition.honour(db, cid, dt.date(Y, 12, 5))
    with pytest.raises(UserError, match="公示"):
        recognition.nominate(db, cid, _active(db, 4)[3], "服务先锋", "支部推荐")
    row = recognition.honour(db, cid, dt.date(Y, 12, 10))
    assert row.stage == "表彰"
    got = {m: [x for x in bs if x.year == Y] for m, bs in recognition.badges(db, {a, b, c}).items()}
    assert {m for m, bs in got.items() if bs} == {a, b} and got[a][0].title == f"{Y} 年度服务先锋"
    with db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.entity == "pioneer_campaign")) is not None


def test_quota_needs_a_reason(demo_copy: Database) -> None:
    db = demo_copy
    cid = _campaign(db, quota=1)
    ids = [recognition.nominate(db, cid, m, "服务先锋", "支部推荐").id for m in _active(db, 2)]
    for n in ids:
        recognition.review(db, cid, n, True)
    with pytest.raises(ValidationError, match="超过名额"):
        recognition.announce(db, cid, ids, dt.date(Y, 12, 1))
    assert recognition.get_campaign(db, cid).stage == "审议"  # nothing changed
    row = recognition.announce(db, cid, ids, dt.date(Y, 12, 1), over_quota_reason="两人票数相同")
    assert sum(n.selected for n in row.nominees) == 2 and row.over_quota_reason == "两人票数相同"


def test_nominee_must_be_active_and_not_unqualified(demo_copy: Database) -> None:
    db = demo_copy
    cid = _campaign(db)
    a, b = _active(db, 2)
    with db.session() as s, s.begin():
        gone = s.scalar(select(Member).where(Member.status != "在册"))
        s.add(Review(member_id=b, year=Y, decided_grade="不合格"))
    if gone is not None:
        with pytest.raises(ValidationError, match="不是在册党员"):
            recognition.nominate(db, cid, gone.id, "服务先锋", "支部推荐")
    with pytest.raises(ValidationError, match="类别"):
        recognition.nominate(db, cid, a, "不存在的类别", "支部推荐")
    recognition.nominate(db, cid, a, "服务先锋", "支部推荐")
    with pytest.raises(ValidationError, match="已经被推荐"):
        recognition.nominate(db, cid, a, "服务先锋", "党员推荐")
    n = recognition.nominate(db, cid, b, "服务先锋", "支部推荐")
    with pytest.raises(ValidationError, match="不合格"):
        recognition.review(db, cid, n.id, True)
    with pytest.raises(ValidationError, match="原因"):
        recognition.review(db, cid, n.id, False)


def test_assessment_suggests_but_the_committee_decides(demo_copy: Database) -> None:
    db = demo_copy
    with pytest.raises(UserError, match="考核方案"):
        recognition.assessment(db, Y)
    items = recognition.set_scheme(db, Y)
    assert [(i.name, i.max_points) for i in items] == list(rules.PRESET_ITEMS)
    rows = recognition.assessment(db, Y)
    assert rows and all(r.total is None and r.band == "" for r in rows)
    first = rows[0]
    assert set(first.suggested) == {n for n, _ in rules.PRESET_ITEMS}
    assert all(first.evidence[n] for n, _ in rules.PRESET_ITEMS)
    with pytest.raises(ValidationError, match="0 到 20"):
        recognition.score(db, Y, first.unit_id, {"组织建设": 25})
    with pytest.raises(ValidationError, match="不是"):
        recognition.score(db, Y, first.unit_id, {"别的": 5})
    got = recognition.score(db, Y, first.unit_id, {"组织建设": 20, "党员管理": 19, "组织生活": 19})
    assert got.total is None  # not every item yet
    got = recognition.score(db, Y, first.unit_id, {"服务群众": 19, "特色工作": 19})
    assert got.total == 96 and got.band == "优秀" and got.consequence == "奖励款 10000 元" and got.rank == 1
    assert got.suggested == recognition.assessment(db, Y)[0].suggested  # scores never touch suggestions
    with pytest.raises(ValidationError, match="已经有支部打了分"):
        recognition.set_scheme(db, Y, [("组织建设", 50), ("特色工作", 50)])


def test_bands() -> None:
    assert rules.band_of(95).name == "优秀"
    assert rules.band_of(94.5).name == "良好"
    assert rules.band_of(85).name == "良好"
    assert rules.band_of(60).name == "一般"
    assert rules.band_of(59.5).name == "较差" and rules.band_of(59.5).consequence == "限期整顿"


def test_org_stars_self_then_confirmed(demo_copy: Database) -> None:
    db = demo_copy
    unit = organizations.branches(db)[0].id
    with pytest.raises(ValidationError, match="依据"):
        recognition.set_org_star(db, unit, Y, "班子强", True)
    with pytest.raises(ValidationError, match="评定条件"):
        recognition.set_org_star(db, unit, Y, "别的", True, "x")
    for c in rules.DEFAULT_STAR_CRITERIA:
        row = recognition.set_org_star(db, unit, Y, c, True, f"{c}的依据", dt.date(Y, 11, 1))
    assert row.stars == 5 and row.confirmed_stars == 0
    row = recognition.set_org_star(db, unit, Y, "班子强", True, confirm=True)
    assert row.confirmed_stars == 1 and row.criteria["班子强"]["evidence"] == "班子强的依据"


def test_duty_report_rates(demo_copy: Database) -> None:
    db = demo_copy
    m = _active(db, 1)[0]
    with pytest.raises(ValidationError, match="内容"):
        recognition.add_duty_report(db, m, Y, dt.date(Y, 12, 20))
    r = recognition.add_duty_report(db, m, Y, dt.date(Y, 12, 20), "书记", "一年来……")
    with pytest.raises(ValidationError, match="已经登记"):
        recognition.add_duty_report(db, m, Y, dt.date(Y, 12, 21), "书记", "再来")
    with pytest.raises(ValidationError, match="测评组别"):
        recognition.tally_duty(db, r.id, {"路人": [1, 1, 1]})
    r = recognition.tally_duty(db, r.id, {"党员": [40, 8, 2], "群众代表": [20, 5, 5]})
    assert r.rates == {"党员": 96.0, "群众代表": 83.3} and r.overall == 91.3
    assert recognition.list_duty_reports(db, Y)[0].overall == 91.3


def test_posts_and_units_without_branch(demo_copy: Database) -> None:
    db = demo_copy
    m = _active(db, 1)[0]
    p = recognition.add_post(db, "党员先锋岗", "便民服务岗", m, place="村服务中心", offers="代办")
    with pytest.raises(ValidationError, match="类型"):
        recognition.add_post(db, "别的岗", "x", m)
    assert p.id in [x.id for x in recognition.list_posts(db)]
    recognition.retire_post(db, p.id)
    assert p.id not in [x.id for x in recognition.list_posts(db)]
    assert p.id in [x.id for x in recognition.list_posts(db, include_retired=True)]
    before = recognition.units_without_branch(db)
    taken = {name for u in before for name in u.members}  # the demo's own 1+N workers stay where they are
    full = [r.id for r in roster.list_members(db) if r.category == "正式党员" and r.name not in taken][-4:]
    for mid in full[:3]:
        recognition.set_work_unit(db, mid, "宏丰五金厂")
    recognition.set_work_unit(db, full[3], "小卖部")
    got = [u for u in recognition.units_without_branch(db) if u not in before]
    assert [(u.unit, u.full_members) for u in got] == [("宏丰五金厂", 3)]
    assert all(u.unit != "小卖部" for u in recognition.units_without_branch(db))
    recognition.set_work_unit(db, full[0], "")
    assert all(u.unit != "宏丰五金厂" for u in recognition.units_without_branch(db))
