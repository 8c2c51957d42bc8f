"""服务项目 rules: needs into the pool, publishing, one claimant at a time, collective projects by a team with a
队长, the linked 认领承诺, progress, completion with deed and points reversed on undo, 验收, withdrawal (never
deletion), overdue, the statistics and the 报到党员 sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry
from app.db.models_evaluations import Deed
from app.db.models_points import PointEntry
from app.db.models_projects import Project
from app.domain import project_rules as rules
from app.domain.errors import UserError, ValidationError
from app.services import commitments, roster, teams
from app.services.projects import claims, needs, pool, stats
from app.services.residents import links, people

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()
SOON = TODAY + dt.timedelta(days=20)


def _need(db: Database, size: str = rules.SMALL, text: str = "给独居的李奶奶买一副轮椅") -> str:
    return needs.add_need(db, needs.NeedDraft(category="敬老助残", size=size, text=text))


def _project(db: Database, size: str = rules.SMALL, publish: bool = True, deadline: dt.date = SOON) -> str:
    pid = pool.add_project(
        db, pool.ProjectDraft([_need(db, size, f"需求{size}{deadline}")], "办好", deadline)
    )
    if publish:
        pool.publish_project(db, pid, TODAY)
    return pid


def _member(db: Database, i: int = 0) -> str:
    return roster.list_members(db)[i].id


def _team(db: Database, leader: str | None) -> str:
    return teams.add_team(db, f"测试志愿服务队{leader}", "志愿服务队", leader_id=leader)


def _count(db: Database, model: object) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def test_a_need_becomes_a_project_and_leaves_the_inbox(demo_copy: Database) -> None:
    a, b = _need(demo_copy, rules.SMALL, "一"), _need(demo_copy, rules.SMALL, "二")
    assert {a, b} <= {n.id for n in needs.list_needs(demo_copy, open_only=True)}
    pid = pool.add_project(demo_copy, pool.ProjectDraft([a, b], "两件一起办", SOON, title="合并项目"))
    row = pool.get_project(demo_copy, pid)
    assert row.status == rules.DRAFT and set(row.need_ids) == {a, b}
    assert row.size == rules.COLLECTIVE  # several needs merged → a collective project
    assert not {a, b} & {n.id for n in needs.list_needs(demo_copy, open_only=True)}
    with pytest.raises(UserError, match="已经立项"):
        pool.add_project(demo_copy, pool.ProjectDraft([a], "再立一次", SOON))


def test_bad_needs_are_refused(demo_copy: Database) -> None:
    with pytest.raises(ValidationError):
        needs.add_need(demo_copy, needs.NeedDraft(category="不存在", size=rules.SMALL, text="x"))
    with pytest.raises(ValidationError):
        needs.add_need(demo_copy, needs.NeedDraft(category="其他", size="大项目", text="x"))
    with pytest.raises(ValidationError):
        needs.add_need(demo_copy, needs.NeedDraft(category="其他", size=rules.SMALL, text="  "))


def test_claim_publishes_a_linked_commitment_and_one_claimant_at_a_time(demo_copy: Database) -> None:
    pid = _project(demo_copy)
    m1, m2 = _member(demo_copy, 0), _member(demo_copy, 1)
    cid = claims.claim(demo_copy, pid, rules.MEMBER, m1, TODAY)
    assert cid is not None
    c = commitments.get_commitment(demo_copy, cid)
    assert c.kind == "因事承诺" and c.member_id == m1 and c.deadline == SOON and c.published_on == TODAY
    with pytest.raises(UserError, match="已由"):
        claims.claim(demo_copy, pid, rules.MEMBER, m2, TODAY)
    claims.hand_back(demo_copy, pid, "搬家了", TODAY)
    assert commitments.get_commitment(demo_copy, cid).status == commitments.FAILED
    row = pool.get_project(demo_copy, pid)
    assert row.status == rules.OPEN and row.claimant == ""
    claims.claim(demo_copy, pid, rules.MEMBER, m2, TODAY)
    actions = [e.action for e in pool.history(demo_copy, pid)]
    assert actions == ["立项", "公示", "认领", "交回", "认领"]


def test_the_same_claimant_may_claim_again_and_claim_two_projects_of_one_title(demo_copy: Database) -> None:
    """The 认领承诺's wording repeats (same title, same day): that is no clerk's double entry, never refused."""
    first, second = _project(demo_copy), _project(demo_copy)  # two projects of the same title
    m = _member(demo_copy, 0)
    one = claims.claim(demo_copy, first, rules.MEMBER, m, TODAY)
    two = claims.claim(demo_copy, second, rules.MEMBER, m, TODAY)
    claims.hand_back(demo_copy, first, "先交回", TODAY)
    again = claims.claim(demo_copy, first, rules.MEMBER, m, TODAY)  # claimed again the same day
    assert len({one, two, again}) == 3
    assert (
        commitments.get_commitment(demo_copy, one).content
        == commitments.get_commitment(demo_copy, two).content
    )


def test_draft_and_collective_claims_are_refused_without_changes(demo_copy: Database) -> None:
    draft = _project(demo_copy, publish=False)
    with pytest.raises(UserError, match="待公示"):
        claims.claim(demo_copy, draft, rules.MEMBER, _member(demo_copy))
    big = _project(demo_copy, rules.COLLECTIVE)
    with pytest.raises(UserError, match="队伍认领"):
        claims.claim(demo_copy, big, rules.MEMBER, _member(demo_copy))
    leaderless = _team(demo_copy, None)
    before = _count(demo_copy, AuditEntry)
    n_commitments = len(commitments.list_commitments(demo_copy, TODAY.year))
    with pytest.raises(UserError, match="没有队长"):
        claims.claim(demo_copy, big, rules.TEAM, leaderless)
    assert _count(demo_copy, AuditEntry) == before
    assert len(commitments.list_commitments(demo_copy, TODAY.year)) == n_commitments
    assert pool.get_project(demo_copy, big).status == rules.OPEN


def test_completion_offers_deeds_and_points_for_the_team_and_undo_reverses_them(demo_copy: Database) -> None:
    leader, other = _member(demo_copy, 2), _member(demo_copy, 3)
    team = _team(demo_copy, leader)
    teams.join_team(demo_copy, team, other)
    pid = _project(demo_copy, rules.COLLECTIVE)
    with pytest.raises(UserError, match="还没有人认领"):
        claims.complete(demo_copy, pid, "做完了", TODAY)
    cid = claims.claim(demo_copy, pid, rules.TEAM, team, TODAY)
    assert cid and commitments.get_commitment(demo_copy, cid).team_id == team
    claims.add_progress(demo_copy, pid, "第一个月：清理了一半")
    deeds, entries = _count(demo_copy, Deed), _count(demo_copy, PointEntry)
    result = claims.complete(demo_copy, pid, "河道清理完毕", TODAY, people_served=40)
    assert result.deeds == 2 and result.points == 2, result.problems
    assert _count(demo_copy, Deed) == deeds + 2
    assert commitments.get_commitment(demo_copy, cid).status == commitments.KEPT
    claims.evaluate(demo_copy, pid, "满意")
    assert pool.get_project(demo_copy, pid).status == rules.JUDGED
    undone = claims.reopen(demo_copy, pid, "登记错了")
    assert undone.deeds == 2 and undone.points == 2
    assert all(link.reversed for link in links.links_of(demo_copy, claims.SOURCE_KIND, pid))
    assert _count(demo_copy, PointEntry) >= entries + 2  # reversals are new entries, nothing deleted
    row = pool.get_project(demo_copy, pid)
    assert row.status == rules.CLAIMED and row.satisfaction == "" and row.completed_on is None
    assert commitments.get_commitment(demo_copy, cid).status == commitments.IN_PROGRESS


def test_evaluate_needs_a_completed_project(demo_copy: Database) -> None:
    pid = _project(demo_copy)
    with pytest.raises(UserError, match="完成后"):
        claims.evaluate(demo_copy, pid, "满意")
    with pytest.raises(ValidationError):
        claims.evaluate(demo_copy, pid, "很好")


def test_withdrawn_never_deleted_and_claimed_must_be_handed_back_first(demo_copy: Database) -> None:
    pid = _project(demo_copy)
    claims.claim(demo_copy, pid, rules.MEMBER, _member(demo_copy))
    with pytest.raises(UserError, match="先交回"):
        pool.withdraw_project(demo_copy, pid, "不办了")
    claims.hand_back(demo_copy, pid, "办不了")
    pool.withdraw_project(demo_copy, pid, "需求已由他人解决")
    row = pool.get_project(demo_copy, pid)
    assert row.status == rules.WITHDRAWN and row.withdrawn_reason == "需求已由他人解决"
    with demo_copy.session() as s:
        assert s.get(Project, pid) is not None


def test_an_overdue_project_can_still_be_claimed(demo_copy: Database) -> None:
    pid = _project(demo_copy)
    with demo_copy.session() as s, s.begin():  # published long ago, its deadline now past
        p = s.get(Project, pid)
        assert p is not None
        p.published_on, p.deadline = TODAY - dt.timedelta(days=60), TODAY - dt.timedelta(days=5)
    assert pool.get_project(demo_copy, pid).overdue
    kind, cid = rules.MEMBER, _member(demo_copy)
    commitment = claims.claim(demo_copy, pid, kind, cid, TODAY)
    assert commitment and commitments.get_commitment(demo_copy, commitment).deadline is None
    with pytest.raises(ValidationError, match="还没到"):
        claims.claim(demo_copy, _project(demo_copy), rules.MEMBER, cid, TODAY + dt.timedelta(days=1))


def test_overdue_is_flagged(demo_copy: Database) -> None:
    pid = _project(demo_copy, deadline=TODAY)
    later = TODAY + dt.timedelta(days=1)
    assert pid in [r.id for r in pool.list_projects(demo_copy, overdue_only=True, today=later)]
    assert pid not in [r.id for r in pool.list_projects(demo_copy, overdue_only=True, today=TODAY)]
    assert pool.get_project(demo_copy, pid, today=later).overdue
    assert not rules.is_overdue(rules.DONE, TODAY, later)


def test_registered_member_claims_count_on_their_sheet(demo_copy: Database) -> None:
    resident = people.add_person(demo_copy, people.PersonDraft(name="普通居民"))
    registered = people.add_person(
        demo_copy, people.PersonDraft(name="在职刘", roles=["报到党员"], organization="区税务局党支部")
    )
    pid = _project(demo_copy)
    with pytest.raises(UserError, match="报到党员"):
        claims.claim(demo_copy, pid, rules.PERSON, resident)
    assert (
        claims.claim(demo_copy, pid, rules.PERSON, registered, TODAY) is None
    )  # no commitment off the roster
    claims.complete(demo_copy, pid, "修好了楼道灯", TODAY, people_served=6)
    sheet = stats.registered_sheet(demo_copy, registered, TODAY.year)
    assert sheet.organization == "区税务局党支部" and sheet.completed == 1
    assert sheet.lines[0].people_served == 6
    figures = stats.project_stats(demo_copy, TODAY.year)
    assert figures.claimed_by_registered >= 1 and figures.registered_taking_part >= 1


def test_stats_and_team_lines(demo_copy: Database) -> None:
    base = stats.project_stats(demo_copy, TODAY.year)
    leader = _member(demo_copy, 4)
    team = _team(demo_copy, leader)
    pid = _project(demo_copy, rules.COLLECTIVE)
    claims.claim(demo_copy, pid, rules.TEAM, team, TODAY)
    figures = stats.project_stats(demo_copy, TODAY.year)
    assert figures.projects == base.projects + 1 and figures.needs == base.needs + 1
    assert figures.claimed_by_teams == base.claimed_by_teams + 1
    line = next(t for t in stats.team_lines(demo_copy) if t.id == team)
    assert line.claimed == 1 and line.leader == roster.list_members(demo_copy)[4].name
    assert leader not in {i for i, _ in stats.members_without_team(demo_copy)}


def test_demo_claims_went_through_the_claim_path(demo_copy: Database) -> None:
    """Each member or team claim of the demo has its linked 因事承诺 (on the commitment board), kept when done."""
    with demo_copy.session() as s:
        held = list(s.scalars(select(Project).where(Project.claimant_kind.in_((rules.MEMBER, rules.TEAM)))))
    assert len(held) >= 5 and {p.claimant_kind for p in held} == {rules.MEMBER, rules.TEAM}
    for p in held:
        assert p.commitment_id, p.title
        c = commitments.get_commitment(demo_copy, p.commitment_id)
        assert c.kind == "因事承诺" and (c.member_id or c.team_id) == p.claimant_id
        assert c.status == ("已兑现" if p.status in (rules.DONE, rules.JUDGED) else "承诺中"), (
            p.status,
            c.status,
        )
    assert any(e.action == "认领" for e in pool.history(demo_copy, held[0].id))


def test_the_demo_shows_every_state_and_registered_claims(demo_copy: Database) -> None:
    rows = pool.list_projects(demo_copy)
    assert {r.status for r in rows} == set(rules.STATUSES)
    assert any(r.claimant_kind == rules.PERSON for r in rows)  # 报到党员 claiming


def test_the_audit_view_names_needs_and_projects(demo_copy: Database) -> None:
    from app.services import audit

    pid = _project(demo_copy)
    claims.claim(demo_copy, pid, rules.MEMBER, _member(demo_copy), TODAY)
    shown = {(e.entity, e.action, e.field) for e in audit.entries(demo_copy, audit.AuditFilter(limit=50))}
    assert ("服务需求", "新增", "需求内容") in shown and ("服务项目", "新增", "项目名称") in shown
    assert ("服务项目", "公示", "项目状态") in shown and ("服务项目", "认领", "认领人") in shown
