"""Commitment rules: overdue, statistics, members who left, copy forward, keeping dates, teams, 五亮."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.db.database import Database
from app.db.models import AuditEntry
from app.db.models_commitments import Commitment
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.id_number import make_id_number
from app.services import commitments as cm, organizations, roster, teams, wuliang

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

TODAY = dt.date.today()
YEAR = TODAY.year


@dataclass
class Village:
    db: Database
    branch_a: str
    branch_b: str
    a: list[str]  # member ids in branch A
    b: list[str]


def _member(db: Database, branch_id: str, name: str, seq: int) -> str:
    draft = roster.MemberDraft(
        name=name,
        id_number=make_id_number("330522", dt.date(1975, 3, 4), seq),
        branch_id=branch_id,
        joined_on=dt.date(2000, 7, 1),
        confirmed_on=dt.date(2001, 7, 1),
        phone="13800000000",
    )
    return roster.add_member(db, draft)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Village]:
    """Two branches of 4 and 3 members, made once per module (migrations are the slow part)."""
    root_dir = tmp_path_factory.mktemp("commitments") / "data"
    db = Database.open(root_dir)
    root = organizations.set_up(db, "测试村党总支")
    a = organizations.add_unit(db, root, "第一党支部", "党支部")
    b = organizations.add_unit(db, root, "第二党支部", "党支部")
    names_a = ["张伟", "王芳", "李强", "赵敏"]
    names_b = ["陈杰", "刘洋", "孙丽"]
    ma = [_member(db, a, n, 10 + i) for i, n in enumerate(names_a)]
    mb = [_member(db, b, n, 30 + i) for i, n in enumerate(names_b)]
    db.close()
    return root_dir, Village(db, a, b, ma, mb)


@pytest.fixture
def village(tmp_path: Path, template: tuple[Path, Village]) -> Iterator[Village]:
    source, v = template
    shutil.copytree(source, tmp_path / "data")
    db = Database.open(tmp_path / "data")
    yield Village(db, v.branch_a, v.branch_b, v.a, v.b)
    db.close()


def _add(
    v: Village,
    member_id: str,
    content: str = "结对帮扶1户困难群众",
    *,
    year: int = YEAR,
    deadline: dt.date | None = None,
    published: dt.date | None = dt.date(YEAR, 1, 1),
) -> str:
    return cm.add_commitment(
        v.db,
        cm.CommitmentDraft(
            year=year,
            kind="具体承诺",
            content=content,
            member_id=member_id,
            deadline=deadline,
            published_on=published,
        ),
    )


def test_overdue_is_computed_from_deadline_and_status() -> None:
    today = dt.date(2026, 6, 1)
    assert cm.is_overdue("承诺中", dt.date(2026, 5, 31), today)
    assert not cm.is_overdue("承诺中", dt.date(2026, 6, 1), today)
    assert not cm.is_overdue("承诺中", None, today)
    assert not cm.is_overdue("已兑现", dt.date(2026, 1, 1), today)
    assert not cm.is_overdue("未兑现", dt.date(2026, 1, 1), today)
    assert cm.is_overdue("延期", dt.date(2026, 5, 1), today)


def test_overdue_shows_in_lists_and_postpone_clears_it(village: Village) -> None:
    past = TODAY - dt.timedelta(days=3)
    cid = _add(village, village.a[0], deadline=max(past, dt.date(YEAR, 1, 1)), published=dt.date(YEAR, 1, 1))
    row = cm.get_commitment(village.db, cid, today=TODAY)
    if row.deadline and row.deadline < TODAY:
        assert row.overdue and row.display_status == "逾期"
        assert [r.id for r in cm.list_commitments(village.db, YEAR, status="逾期")] == [cid]
    cm.postpone(village.db, cid, TODAY + dt.timedelta(days=30), "等天气转好")
    row = cm.get_commitment(village.db, cid)
    assert row.status == "延期" and not row.overdue
    # once the new deadline passes it is overdue again — computed at read time, never stored
    assert cm.get_commitment(village.db, cid, today=TODAY + dt.timedelta(days=31)).overdue
    with pytest.raises(ValidationError):
        cm.postpone(village.db, cid, TODAY + dt.timedelta(days=10))  # not later than the current deadline


def test_add_rejects_bad_input_and_changes_nothing(village: Village) -> None:
    db = village.db
    with pytest.raises(ValidationError, match="承诺内容不能为空"):
        _add(village, village.a[0], "   ")
    with pytest.raises(NotFoundError):
        _add(village, "no-such-member")
    with pytest.raises(ValidationError, match="年度"):
        _add(village, village.a[0], year=1990, published=None)
    with pytest.raises(ValidationError, match="完成期限不能早于公示日期"):
        _add(village, village.a[0], deadline=dt.date(YEAR, 1, 1), published=dt.date(YEAR, 2, 1))
    with pytest.raises(ValidationError, match="类别"):
        cm.add_commitment(db, cm.CommitmentDraft(year=YEAR, kind="随便", content="x", member_id=village.a[0]))
    with pytest.raises(ValidationError):
        cm.add_commitment(db, cm.CommitmentDraft(year=YEAR, kind="具体承诺", content="x"))  # no owner
    _add(village, village.a[0])
    with pytest.raises(UserError, match="同样内容"):
        _add(village, village.a[0])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Commitment)) == 1


def test_member_who_left_keeps_history_but_gets_no_new_commitment(village: Village) -> None:
    db = village.db
    leaving = village.a[1]
    cid = _add(village, leaving)
    roster.leave_member(db, leaving, "转出", TODAY, destination="上海市")
    with pytest.raises(UserError, match="不在册"):
        _add(village, leaving, "另一项承诺")
    assert [r.id for r in cm.list_commitments(db, YEAR)] == [cid]
    states = {s.member_id: s for s in cm.member_states(db, YEAR, village.branch_a)}
    assert states[leaving].member_status == "转出"  # still listed: they committed this year
    stats = cm.stats(db, YEAR)
    a = next(r for r in stats.branches if r.unit_id == village.branch_a)
    assert a.members == 3  # only 在册 members should commit
    assert a.with_commitment == 0 and a.without_commitment == 3  # the one who left is not "without"
    assert a.made == 1  # their commitment still counts as made


def test_stats_per_branch_and_total(village: Village) -> None:
    db = village.db
    c1 = _add(village, village.a[0])
    _add(village, village.a[0], "做好垃圾分类宣传")
    c3 = _add(village, village.a[1], deadline=dt.date(YEAR, 1, 2), published=dt.date(YEAR, 1, 1))
    c4 = _add(village, village.b[0])
    _add(village, village.b[1], published=None)  # a draft is not yet a public commitment
    cm.keep(db, c1, dt.date(YEAR, 1, 1), "已帮扶")
    cm.fail(db, c4, dt.date(YEAR, 1, 1), "病了")
    today = max(TODAY, dt.date(YEAR, 1, 3))
    stats = cm.stats(db, YEAR, today=today)
    a = next(r for r in stats.branches if r.unit_id == village.branch_a)
    b = next(r for r in stats.branches if r.unit_id == village.branch_b)
    assert (a.members, a.with_commitment, a.without_commitment) == (4, 2, 2)
    assert (a.made, a.kept, a.overdue, a.kept_rate) == (3, 1, 1, 33.3)
    assert (b.members, b.with_commitment, b.without_commitment, b.made, b.failed, b.drafts) == (
        3,
        1,
        2,
        1,
        1,
        1,
    )
    assert stats.total.made == 4 and stats.total.kept == 1 and stats.total.members == 7
    assert stats.total.with_commitment == 3 and stats.total.overdue == 1
    assert cm.get_commitment(db, c3, today=today).overdue
    assert stats.as_json()["total"]["kept_rate"] == 25.0


def test_keep_date_must_not_be_before_the_commitment_was_made(village: Village) -> None:
    db = village.db
    cid = _add(
        village, village.a[0], published=dt.date(YEAR, 1, 10) if dt.date(YEAR, 1, 10) <= TODAY else TODAY
    )
    made = cm.get_commitment(db, cid).made_on
    with pytest.raises(ValidationError, match="早于承诺公示日期"):
        cm.keep(db, cid, made - dt.timedelta(days=1), "做完了")
    with pytest.raises(ValidationError, match="晚于今天"):
        cm.keep(db, cid, TODAY + dt.timedelta(days=1), "做完了")
    with pytest.raises(ValidationError, match="践诺情况"):
        cm.keep(db, cid, TODAY, "  ")
    assert cm.get_commitment(db, cid).status == "承诺中"
    cm.keep(db, cid, TODAY, "全年参加整治 8 次")
    row = cm.get_commitment(db, cid)
    assert (row.status, row.kept_on, row.note) == ("已兑现", TODAY, "全年参加整治 8 次")
    with pytest.raises(UserError, match="已兑现"):
        cm.keep(db, cid, TODAY, "again")
    actions = [e.action for e in cm.history(db, cid)]
    assert actions == ["承诺", "兑现"]
    with db.session() as s:
        fields = set(s.scalars(select(AuditEntry.field).where(AuditEntry.entity_id == cid)))
    assert {"content", "status", "kept_on", "note"} <= fields
    cm.reopen(db, cid, "登记错了")
    assert cm.get_commitment(db, cid).status == "承诺中"


def test_draft_keep_date_counts_from_entry_day(village: Village) -> None:
    cid = _add(village, village.a[0], published=None)
    with pytest.raises(ValidationError):
        cm.keep(village.db, cid, TODAY - dt.timedelta(days=1), "x")
    cm.keep(village.db, cid, TODAY, "x")


def test_copy_forward_skips_members_who_left_and_those_already_committed(village: Village) -> None:
    db = village.db
    last = YEAR - 1
    for m in village.a + village.b[:1]:
        _add(village, m, year=last, deadline=dt.date(last, 12, 31), published=dt.date(last, 3, 1))
    roster.leave_member(db, village.a[3], "去世", TODAY)
    _add(village, village.a[0], "今年的新承诺", year=YEAR)
    n = cm.copy_forward(db, last, YEAR)
    assert n == 3  # a[1], a[2], b[0]; not a[0] (has one), not a[3] (left)
    rows = cm.list_commitments(db, YEAR)
    drafts = [r for r in rows if r.is_draft]
    assert {r.member_id for r in drafts} == {village.a[1], village.a[2], village.b[0]}
    assert all(r.status == "承诺中" and r.deadline == dt.date(YEAR, 12, 31) for r in drafts)
    assert cm.copy_forward(db, last, YEAR) == 0  # running it twice copies nothing more
    with pytest.raises(ValidationError):
        cm.copy_forward(db, YEAR, last)
    assert cm.stats(db, YEAR).total.drafts == 3
    assert cm.publish(db, YEAR, TODAY, village.branch_a) == 2
    assert cm.stats(db, YEAR).total.drafts == 1


def test_team_commitments_list_team_members(village: Village) -> None:
    db = village.db
    team_id = teams.add_team(db, "治安巡防志愿服务队", "志愿服务队", "村内巡防", leader_id=village.a[0])
    teams.join_team(db, team_id, village.b[0])
    teams.join_team(db, team_id, village.a[2])
    team = teams.get_team(db, team_id)
    assert team.leader_name == "张伟" and team.members[0].role == "队长" and len(team.members) == 3
    cid = cm.add_commitment(
        db,
        cm.CommitmentDraft(
            year=YEAR, kind="因事承诺", content="每周巡防两次", team_id=team_id, published_on=TODAY
        ),
    )
    row = cm.get_commitment(db, cid)
    assert row.team == "治安巡防志愿服务队" and row.member_id is None
    assert set(row.team_members) == {"张伟", "陈杰", "李强"} and row.team_members[0] == "张伟"
    # with a branch filter only members' own commitments are listed
    assert cid not in [r.id for r in cm.list_commitments(db, YEAR, branch_id=village.branch_a)]
    assert cm.stats(db, YEAR).teams.made == 1
    teams.leave_team(db, team_id, village.b[0])
    assert "陈杰" not in cm.get_commitment(db, cid).team_members
    with pytest.raises(ValidationError):
        teams.add_team(db, "治安巡防志愿服务队", "志愿服务队")
    roster.leave_member(db, village.a[1], "转出", TODAY, destination="杭州")
    with pytest.raises(UserError):
        teams.join_team(db, team_id, village.a[1])


def test_database_refuses_a_commitment_with_two_owners(village: Village) -> None:
    team_id = teams.add_team(village.db, "两委班子", "两委班子")
    with village.db.session() as s, s.begin(), pytest.raises(IntegrityError):
        s.add(Commitment(member_id=village.a[0], team_id=team_id, year=YEAR, kind="具体承诺", content="x"))
        s.flush()


def test_wuliang_profile_takes_commitments_from_this_year(village: Village) -> None:
    db = village.db
    m = village.a[0]
    _add(village, m, "带头参加环境整治")
    _add(village, m, "去年的承诺", year=YEAR - 1, published=dt.date(YEAR - 1, 3, 1))
    _add(village, m, "还没公示", published=None)
    draft = wuliang.WuliangDraft(post="党员先锋岗", area="丁家桥片", duties="联系群众", services="代办代跑")
    assert wuliang.save_profile(db, m, draft) == 4
    view = wuliang.get_profile(db, m, YEAR)
    assert view.commitments == ("带头参加环境整治",)
    assert view.post == "党员先锋岗" and view.phone == "13800000000"  # roster mobile by default
    assert (
        wuliang.save_profile(
            db, m, wuliang.WuliangDraft(**{**draft.__dict__, "contact_phone": "0572-6012345"})
        )
        == 1
    )
    assert wuliang.get_profile(db, m, YEAR).phone == "0572-6012345"
    wuliang.save_profile(db, m, wuliang.WuliangDraft(**{**draft.__dict__, "show_phone": False}))
    assert wuliang.get_profile(db, m, YEAR).phone == ""
    with pytest.raises(ValidationError, match="公示电话"):
        wuliang.save_profile(db, m, wuliang.WuliangDraft(contact_phone="12ab"))
    assert wuliang.save_profile(db, village.a[1], wuliang.WuliangDraft()) == 0  # nothing typed, no row


def test_demo_fills_commitments_teams_and_profiles(demo_db: Database) -> None:
    stats = cm.stats(demo_db, YEAR)
    assert stats.total.made > 20 and stats.total.kept > 0 and stats.total.without_commitment > 0
    assert stats.teams.made >= 1
    last = cm.stats(demo_db, YEAR - 1)
    assert last.total.kept_rate is not None and last.total.kept_rate > 70
    all_teams = teams.list_teams(demo_db)
    assert any(t.kind == "两委班子" for t in all_teams) and all(t.leader_id for t in all_teams)
    assert all(r.kept_on is None or r.kept_on >= r.made_on for r in cm.list_commitments(demo_db, YEAR))
