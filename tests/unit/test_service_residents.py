"""服务群众 rules: people kept off the roster, households, pairing one at a time, the request flow with its
refusals, overdue by urgency, links to deeds and points reversed with their source, and the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry
from app.db.models_evaluations import Deed
from app.db.models_points import PointEntry
from app.db.models_service import Household
from app.domain import service_rules as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import organizations, roster
from app.services.residents import (
    common,
    grids,
    households,
    links,
    pairing,
    people,
    requests,
    stats,
    teams_people,
    visits,
)
from app.services.teams import list_teams

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

TODAY = dt.date.today()


def _members(db: Database, n: int = 3) -> list[str]:
    return [m.id for m in roster.list_members(db)[:n]]


def _household(db: Database, address: str = "三组 12 号", **kw: object) -> str:
    return households.add_household(db, households.HouseholdDraft(address=address, head_name="王大妈", **kw))  # type: ignore[arg-type]


def _count(db: Database, model: object) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_people_are_a_register_of_their_own_never_the_roster(demo_copy: Database) -> None:
    before = len(roster.list_members(demo_copy))
    pid = people.add_person(
        demo_copy,
        people.PersonDraft(
            name="李网格", phone="13900001111", roles=["网格员"], grid="第1网格", id_number=""
        ),
    )
    assert len(roster.list_members(demo_copy)) == before
    row = people.get_person(demo_copy, pid)
    assert row.roles == ("网格员",) and row.grid == "第1网格" and not row.has_id_number
    assert "id_number" not in row.as_json()
    assert [p.id for p in people.list_people(demo_copy, role="网格员")] == [pid] or pid in [
        p.id for p in people.list_people(demo_copy, role="网格员")
    ]
    with pytest.raises(ValidationError, match="手机"):
        people.add_person(demo_copy, people.PersonDraft(name="张三", phone="123"))
    with pytest.raises(ValidationError, match="所在党组织"):
        people.add_person(demo_copy, people.PersonDraft(name="赵报到", roles=["报到党员"]))
    changed = people.update_person(
        demo_copy, pid, people.PersonDraft(name="李网格", phone="13900001111", roles=["网格员", "居民代表"])
    )
    assert changed == 2  # roles and grid (cleared)


def test_household_head_becomes_a_person_and_is_found_by_address_or_name(demo_copy: Database) -> None:
    from app.domain.pinyin import matches, normalize_query

    hid = _household(demo_copy, phone="13812345678", tags=["空巢老人"], grid="第2网格")
    row = households.get_household(demo_copy, hid)
    assert row.head_person_id and people.get_person(demo_copy, row.head_person_id).household_id == hid
    assert matches(row.find, normalize_query("三组")) and matches(row.find, normalize_query("王大"))
    assert matches(row.find, normalize_query("wdm"))
    with pytest.raises(ValidationError) as err:
        households.add_household(demo_copy, households.HouseholdDraft(address="", tags=["富户"], size=0))
    assert {e.field for e in err.value.errors} == {"address", "tags", "size"}


def test_a_household_has_one_pairer_at_a_time_and_pairing_is_all_or_nothing(demo_copy: Database) -> None:
    a, b = _members(demo_copy, 2)
    h1, h2 = _household(demo_copy, "一组 1 号"), _household(demo_copy, "一组 2 号")
    pairing.pair(demo_copy, [h1], member_id=a)
    with pytest.raises(UserError, match="只能有一名联户人"):
        pairing.pair(demo_copy, [h2, h1], member_id=b)
    assert households.get_household(demo_copy, h2).paired_with == ""  # h2 was not half-written
    mine = {r.household_id for r in pairing.member_households(demo_copy, a)}
    assert h1 in mine and h2 not in mine
    assert h2 in {h.id for h in households.list_households(demo_copy, unpaired_only=True)}
    pairing.unpair(demo_copy, h1)
    pairing.pair(demo_copy, h1, member_id=b)
    assert households.get_household(demo_copy, h1).paired_member_id == b
    counts = {c.member_id: c for c in pairing.pairing_counts(demo_copy)}
    low, high = common.get_settings(demo_copy).pairing_target
    n = len(pairing.member_households(demo_copy, b))
    assert counts[b].households == n and counts[b].status == (
        "不足" if n < low else "超出" if n > high else "达标"
    )


def test_request_flow_refuses_resolving_twice_and_revisit_before_resolve(demo_copy: Database) -> None:
    (m,) = _members(demo_copy, 1)
    hid = _household(demo_copy)
    rid = requests.add_request(
        demo_copy, text="路灯坏了", channel="电话", category="基础设施", household_id=hid
    )
    with pytest.raises(UserError, match="还没有办结"):
        requests.revisit_request(demo_copy, rid, "满意")
    requests.assign_request(demo_copy, rid, member_id=m)
    requests.add_progress(demo_copy, rid, "已报修")
    requests.resolve_request(demo_copy, rid, "已修好")
    with pytest.raises(UserError, match="不能再次办结"):
        requests.resolve_request(demo_copy, rid, "又修了一次")
    assert requests.revisit_request(demo_copy, rid, "不满意") == rules.IN_PROGRESS  # re-opened
    requests.resolve_request(demo_copy, rid, "换了新灯")
    assert requests.revisit_request(demo_copy, rid, "满意") == rules.REVISITED
    actions = [e.action for e in requests.history(demo_copy, rid)]
    assert actions == ["受理", "指派", "进展", "办结", "回访", "重办", "办结", "回访"]
    row = requests.get_request(demo_copy, rid)
    assert row.assigned_to and row.reopened == 1 and row.satisfaction == "满意"
    with demo_copy.session() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == rid))
    assert audited == len(actions)


def test_anonymous_requests_and_unknown_sources(demo_copy: Database) -> None:
    rid = requests.add_request(
        demo_copy, text="建议增设垃圾桶", channel="恳谈会", category="环境卫生", kind="建议"
    )
    assert requests.get_request(demo_copy, rid).source == "匿名"
    with pytest.raises(NotFoundError):
        requests.add_request(demo_copy, text="x", channel="电话", category="其他", household_id="nope")
    with pytest.raises(ValidationError, match="类别"):
        requests.add_request(demo_copy, text="x", channel="电话", category="天气")


def test_overdue_by_the_deadline_of_its_urgency() -> None:
    deadlines = dict(rules.DEFAULT_DEADLINES)
    raised = dt.date(2026, 3, 1)
    assert not rules.is_overdue(rules.RECEIVED, raised, "紧急", deadlines, dt.date(2026, 3, 4))
    assert rules.is_overdue(rules.RECEIVED, raised, "紧急", deadlines, dt.date(2026, 3, 5))
    assert not rules.is_overdue(rules.RECEIVED, raised, "一般", deadlines, dt.date(2026, 3, 5))
    assert not rules.is_overdue(rules.RESOLVED, raised, "紧急", deadlines, dt.date(2026, 9, 1))


def test_settings_change_categories_and_deadlines(demo_copy: Database) -> None:
    conf = common.get_settings(demo_copy)
    common.save_settings(
        demo_copy,
        common.ServiceSettings(
            household_tags=conf.household_tags,
            categories=(*conf.categories, "养老服务"),
            deadlines={"一般": 10, "加急": 2},
            pairing_target=(3, 8),
        ),
    )
    rid = requests.add_request(
        demo_copy,
        text="助餐",
        channel="电话",
        category="养老服务",
        urgency="加急",
        raised_on=TODAY - dt.timedelta(days=5),
    )
    assert requests.get_request(demo_copy, rid).overdue
    with pytest.raises(ValidationError):
        common.save_settings(demo_copy, common.ServiceSettings(deadlines={"一般": 0}))


def test_visit_links_make_deeds_and_points_and_withdrawing_reverses_them(demo_copy: Database) -> None:
    a, b = _members(demo_copy, 2)
    hid = _household(demo_copy)
    deeds, entries = _count(demo_copy, Deed), _count(demo_copy, PointEntry)
    vid = visits.add_visit(demo_copy, [a, b], household_ids=[hid], way="上门", text="了解用水困难")
    result = visits.record_visit_links(demo_copy, vid)
    assert result.deeds == 2 and result.points + len(result.problems) >= 2
    assert _count(demo_copy, Deed) == deeds + 2
    linked = links.links_of(demo_copy, "visit", vid)
    assert {link.member_id for link in linked} == {a, b}
    undone = visits.withdraw_visit(demo_copy, vid)
    assert undone.deeds == 2
    with demo_copy.session() as s:
        live = s.scalar(select(func.count()).select_from(Deed).where(Deed.withdrawn_at.is_(None)))
        net = s.scalar(select(func.coalesce(func.sum(PointEntry.points), 0)))
    assert live == deeds
    assert _count(demo_copy, PointEntry) == entries + 2 * result.points
    assert net is not None
    assert visits.get_visit(demo_copy, vid).withdrawn
    with pytest.raises(NotFoundError):
        visits.withdraw_visit(demo_copy, vid)


def test_resolution_links_go_to_the_member_who_resolved(demo_copy: Database) -> None:
    (m,) = _members(demo_copy, 1)
    rid = requests.add_request(demo_copy, text="邻里纠纷", channel="网格员", category="矛盾纠纷")
    with pytest.raises(ValidationError, match="还没有办结"):
        requests.record_resolution_links(demo_copy, rid)
    requests.assign_request(demo_copy, rid, member_id=m)
    requests.resolve_request(demo_copy, rid, "调解成功")
    result = requests.record_resolution_links(demo_copy, rid)
    assert result.deeds == 1
    assert requests.withdraw_request(demo_copy, rid, "重复登记").deeds == 1
    assert requests.get_request(demo_copy, rid).status == rules.WITHDRAWN


def test_grid_levels_with_staff(demo_copy: Database) -> None:
    (m,) = _members(demo_copy, 1)
    area = grids.add_cell(demo_copy, "第1网格", "第一责任区")
    unit = grids.add_cell(demo_copy, "第1网格", "3 栋 1 单元", area)
    with pytest.raises(UserError):
        grids.add_cell(demo_copy, "第1网格", "更小", unit)
    pid = people.add_person(demo_copy, people.PersonDraft(name="周联络", roles=["单元联络员"]))
    grids.set_staff(demo_copy, "第1网格", "协管员", cell_id=area, member_id=m)
    grids.set_staff(demo_copy, "第1网格", "联络员", cell_id=unit, person_id=pid)
    (tree,) = grids.grid_tree(demo_copy, "第1网格")
    (zone,) = [c for c in tree.children if c.id == area]
    assert zone.level == "责任区" and zone.staff[0].member_id == m
    assert zone.children[0].level == "单元格" and zone.children[0].staff[0].name == "周联络"


def test_people_join_teams(demo_copy: Database) -> None:
    team = list_teams(demo_copy)[0]
    pid = people.add_person(demo_copy, people.PersonDraft(name="钱组长", roles=["居民组长"]))
    teams_people.join_team_person(demo_copy, team.id, pid)
    assert [r.name for r in teams_people.team_people(demo_copy, team.id)] == ["钱组长"]
    with pytest.raises(UserError):
        teams_people.join_team_person(demo_copy, team.id, pid)
    teams_people.leave_team_person(demo_copy, team.id, pid)
    assert teams_people.team_people(demo_copy, team.id) == []


def test_stats_count_per_grid_and_in_total(demo_copy: Database) -> None:
    (m,) = _members(demo_copy, 1)
    year = TODAY.year
    before = stats.service_stats(demo_copy, year).total
    hid = _household(demo_copy, "统计 1 号", grid="第1网格")
    pairing.pair(demo_copy, hid, member_id=m)
    visits.add_visit(demo_copy, [m], household_ids=[hid])
    rid = requests.add_request(demo_copy, text="求助", channel="电话", category="其他", household_id=hid)
    requests.resolve_request(demo_copy, rid, "办好了")
    after = stats.service_stats(demo_copy, year)
    t = after.total
    assert (t.households, t.paired_households, t.visits, t.received, t.resolved) == (
        before.households + 1,
        before.paired_households + 1,
        before.visits + 1,
        before.received + 1,
        before.resolved + 1,
    )
    only = stats.service_stats(demo_copy, year, unit="第1网格")
    assert set(only.by_unit) == {"第1网格"} and only.total.households >= 1
    assert organizations.find_grid(demo_copy, "第1网格")


def test_nothing_changes_when_a_household_is_refused(demo_copy: Database) -> None:
    n = _count(demo_copy, Household)
    with pytest.raises(ValidationError):
        households.add_household(demo_copy, households.HouseholdDraft(address="某处", grid="不存在的网格"))
    assert _count(demo_copy, Household) == n


def test_households_are_listed_in_house_number_order(demo_copy: Database) -> None:
    for address in ("十组 10 号", "十组 2 号", "十组 1 号"):
        _household(demo_copy, address)
    listed = [h.address for h in households.list_households(demo_copy) if h.address.startswith("十组")]
    assert listed == ["十组 1 号", "十组 2 号", "十组 10 号"]


def test_a_refused_part_of_a_link_still_writes_the_other_and_the_link(demo_copy: Database) -> None:
    """Deed and points are SAVEPOINTs inside the member's one transaction: a refusal rolls back only its part."""
    a, b = _members(demo_copy, 2)
    day = dt.date.today()
    deeds, entries = _count(demo_copy, Deed), _count(demo_copy, PointEntry)
    result = links.record_links(
        demo_copy, "visit", "v-test", [a, b], day, "帮助修水管", indicator="没有这个指标"
    )
    assert result.deeds == 2 and result.points == 0
    assert len(result.problems) == 2 and all(p.startswith("积分未记：") for p in result.problems)
    assert _count(demo_copy, Deed) == deeds + 2 and _count(demo_copy, PointEntry) == entries
    linked = links.links_of(demo_copy, "visit", "v-test")
    assert {link.member_id for link in linked} == {a, b}
    assert all(link.deed_id and link.point_entry_id is None for link in linked)
    undone = links.reverse_links(demo_copy, "visit", "v-test", "测试")
    assert undone.deeds == 2 and not undone.problems
    assert all(link.reversed for link in links.links_of(demo_copy, "visit", "v-test"))
