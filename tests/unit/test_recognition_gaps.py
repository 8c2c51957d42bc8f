"""评选与考核's second wave: bands saved in one transaction, editable 五星级 criteria (rated years keep theirs),
posts edited, 1+N organisation kinds and members from elsewhere at their organisation life (never points)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry, Setting
from app.domain import recognition as rules
from app.domain.errors import UserError, ValidationError
from app.services import boards, meetings, organizations, recognition, roster
from app.services.meetings.common import SOURCE
from app.services.points.routine import linked_entry_ids
from app.services.residents import people

pytestmark = pytest.mark.both_backends

Y = 2021


def _audits(db: Database, entity_id: str) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).where(AuditEntry.entity_id == entity_id)) or 0


def test_set_bands_writes_setting_and_one_audit_together(demo_copy: Database) -> None:
    db = demo_copy
    new = (
        rules.Band("优秀", 90, "奖励款 8000 元"),
        rules.Band("合格", 60, ""),
        rules.Band("不合格", 0, "整顿"),
    )
    before = _audits(db, "recognition.assessment_bands")
    recognition.set_bands(db, new)
    assert recognition.bands(db) == new
    assert _audits(db, "recognition.assessment_bands") == before + 1
    with db.session() as s:
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == "recognition.assessment_bands")
        ).all()[-1]
        assert "优秀≥95" in (entry.before or "") and "优秀≥90（奖励款 8000 元）" in (entry.after or "")
    with pytest.raises(ValidationError, match="名称"):
        recognition.set_bands(db, (rules.Band(" ", 50, ""), rules.Band("差", 0, "")))
    assert recognition.bands(db) == new


def test_set_bands_is_one_transaction(demo_copy: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure in the audit row leaves the setting as it was (before: the setting was saved apart)."""
    db = demo_copy
    assessment = importlib.import_module("app.services.recognition.assessment")

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(assessment.audit, "record", broken)
    with pytest.raises(RuntimeError):
        recognition.set_bands(db, (rules.Band("好", 80, ""), rules.Band("差", 0, "")))
    with db.session() as s:
        assert s.get(Setting, "recognition.assessment_bands") is None
    assert recognition.bands(db) == rules.DEFAULT_BANDS


def test_star_criteria_edited_rated_years_keep_theirs(demo_copy: Database) -> None:
    db = demo_copy
    unit = organizations.branches(db)[0].id
    for c in rules.DEFAULT_STAR_CRITERIA:
        recognition.set_org_star(db, unit, Y, c, True, f"{c}的依据", dt.date(Y, 11, 1))
    with pytest.raises(ValidationError, match="3 到 10"):
        recognition.set_star_criteria(db, ["班子强", "队伍优"])
    with pytest.raises(ValidationError, match="重复"):
        recognition.set_star_criteria(db, ["班子强", "班子强", "服务好"])
    new = recognition.set_star_criteria(db, ["班子强", "队伍优", "服务好", "制度全", "群众满意", "特色鲜明"])
    assert recognition.star_criteria(db) == new
    # the rated year keeps the five it was judged on; its stars stay five
    assert recognition.star_criteria(db, Y) == list(rules.DEFAULT_STAR_CRITERIA)
    row = next(r for r in recognition.list_org_stars(db, Y) if r.unit_id == unit)
    assert row.stars == 5 and list(row.criteria) == list(rules.DEFAULT_STAR_CRITERIA)
    with pytest.raises(ValidationError, match="评定条件"):
        recognition.set_org_star(db, unit, Y, "特色鲜明", True, "x")
    # a year not rated yet is judged on the new list from its first rating; later edits leave it alone
    recognition.set_org_star(db, unit, Y + 1, "特色鲜明", True, "村史馆")
    recognition.set_star_criteria(db, ["班子强", "队伍优", "服务好"])
    assert recognition.star_criteria(db, Y + 1) == new
    assert recognition.star_criteria(db, Y) == list(rules.DEFAULT_STAR_CRITERIA)
    assert recognition.star_criteria(db, Y + 2) == ["班子强", "队伍优", "服务好"]


def test_post_edited_then_retired(demo_copy: Database) -> None:
    db = demo_copy
    a, b = [r.id for r in roster.list_members(db)][:2]
    p = recognition.add_post(db, "明星党员工作室", "王师傅工作室", a, place="村口", offers="农机修理")
    p2 = recognition.update_post(
        db, p.id[:8], name="王师傅农机工作室", member_id=b, offers="农机修理、技术培训"
    )
    assert (p2.name, p2.member_id, p2.place, p2.offers) == (
        "王师傅农机工作室",
        b,
        "村口",
        "农机修理、技术培训",
    )
    with pytest.raises(ValidationError, match="负责"):
        recognition.update_post(db, p.id, member_id="", team="")
    p3 = recognition.update_post(db, p.id, member_id="", team="农机服务队")
    assert p3.member_id is None and p3.team == "农机服务队"
    recognition.retire_post(db, p.id)
    with pytest.raises(ValidationError, match="撤销"):
        recognition.update_post(db, p.id, name="x")


def test_regional_kinds(demo_copy: Database) -> None:
    db = demo_copy
    top = organizations.root(db)
    assert top is not None
    uid = organizations.add_unit(db, top.id, "工业园区域综合党支部", "区域综合党支部")
    assert next(u for u in organizations.units(db) if u.id == uid).kind == "区域综合党支部"
    assert uid in [u.id for u in organizations.branches(db)]
    organizations.add_unit(db, uid, "五金厂党小组", "党小组")
    organizations.set_unit_kind(db, uid, "流动党员服务站")
    assert next(u for u in organizations.units(db) if u.id == uid).kind == "流动党员服务站"
    with pytest.raises(ValidationError, match="支部一级"):
        organizations.set_unit_kind(db, top.id, "党支部")
    with pytest.raises(ValidationError):
        organizations.add_unit(db, top.id, "x", "党委")
    # the branch 百分制 scores the regional units as branches
    recognition.set_scheme(db, Y)
    assert uid in [r.unit_id for r in recognition.assessment(db, Y)]


def _person(db: Database, name: str, roles: list[str]) -> str:
    return people.add_person(db, people.PersonDraft(name, roles=roles, organization="外县某村党支部"))


def test_members_from_elsewhere_attend_without_points(demo_copy: Database) -> None:
    db = demo_copy
    top = organizations.root(db)
    assert top is not None
    station = organizations.add_unit(db, top.id, "流动党员服务站", "流动党员服务站")
    guest = _person(db, "外来甲", ["报到党员"])
    resident = _person(db, "居民乙", ["居民"])
    day = dt.date.today() - dt.timedelta(days=3)
    mid = meetings.add_meeting(db, meetings.MeetingDraft(station, "主题党日", day, "过组织生活"))
    meetings.set_attendance(db, mid, {}, people={guest: ("出席", "")})
    d = meetings.get_meeting(db, mid)
    assert [(p.name, p.mark, p.organization) for p in d.people] == [("外来甲", "出席", "外县某村党支部")]
    assert d.as_json()["people"][0]["person_id"] == guest
    with db.session() as s:
        assert linked_entry_ids(s, SOURCE, mid) == []  # never points
    sheet = boards.build(db, boards.BoardRequest("signin", meeting_id=mid)).entries[0]
    assert [(r.name, r.unit, r.note) for r in sheet.apart] == [("外来甲", "外县某村党支部", "外来党员")]
    assert "外来甲（外来）" in sheet.present
    # a resident is not a member from elsewhere; the refusal writes nothing (the guest's mark stays)
    with pytest.raises(UserError, match="报到党员"):
        meetings.set_attendance(db, mid, {}, people={guest: ("请假", "出差"), resident: ("出席", "")})
    assert [(p.name, p.mark) for p in meetings.get_meeting(db, mid).people] == [("外来甲", "出席")]
    meetings.set_attendance(db, mid, {}, people={guest: ("请假", "出差")})
    assert meetings.get_meeting(db, mid).people[0].reason == "出差"
    meetings.set_attendance(db, mid, {}, people={guest: None})
    assert meetings.get_meeting(db, mid).people == ()
    # an ordinary 党支部's meeting does not take people from elsewhere
    branch = next(u.id for u in organizations.units(db) if u.kind == "党支部")
    other = meetings.add_meeting(db, meetings.MeetingDraft(branch, "主题党日", day, "学习"))
    with pytest.raises(UserError, match="流动党员服务站"):
        meetings.set_attendance(db, other, {}, people={guest: ("出席", "")})


def test_the_sign_in_sheet_prints_a_long_home_branch_and_topic_whole(demo_copy: Database) -> None:
    """签到表 of a 流动党员服务站: a 外来党员's home branch and the meeting's topic were cut with "…" (县人民医院第二党支部
    （外来…); the cell and the line under the title are set smaller before anything is cut."""
    from app.boards import ops

    db = demo_copy
    top = organizations.root(db)
    assert top is not None
    station = organizations.add_unit(db, top.id, "开发区流动党员服务站", "流动党员服务站")
    home = "县第一人民医院住院部第二党支部"
    guest = people.add_person(db, people.PersonDraft("外来甲", roles=["报到党员"], organization=home))
    topic = "流动党员过组织生活：学习党章，重温入党誓词，交流返乡创业经验"
    day = dt.date.today() - dt.timedelta(days=3)
    mid = meetings.add_meeting(db, meetings.MeetingDraft(station, "主题党日", day, topic))
    meetings.set_attendance(db, mid, {}, people={guest: ("出席", "")})
    pages, _large = boards.preview(db, boards.BoardRequest("signin", meeting_id=mid))
    texts = [op.text for page in pages for op in page.ops if isinstance(op, ops.Text)]
    assert f"{home}（外来党员）" in texts
    assert any(t.endswith(topic) for t in texts), [t for t in texts if "主题" in t]
