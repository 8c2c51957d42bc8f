"""Acceptance review of 评选与考核 (issue 19), the service side: a nominee's evidence includes the service projects
they completed (issue 18's ledger), and the branch suggestion counts each kind of meeting only up to what it
expects (ten 主题党日 do not make up for a missing 支委会)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.db.database import Database
from app.db.models_commitments import Team
from app.db.models_projects import Project
from app.services import meetings, organizations, recognition

pytestmark = pytest.mark.both_backends


def test_evidence_lists_the_members_completed_projects(demo_copy: Database) -> None:
    with demo_copy.session() as s:
        done = list(s.scalars(select(Project).where(Project.completed_on.is_not(None))))
        leaders = {t.id: t.leader_id for t in s.scalars(select(Team))}
    mine = next(p for p in done if p.claimant_kind == "member")
    assert mine.completed_on is not None and mine.claimant_id is not None
    found = recognition.member_evidence(demo_copy, mine.claimant_id, mine.completed_on.year)
    assert {"kind": "服务项目", "id": mine.id, "text": f"{mine.completed_on} 完成“{mine.title}”"} in found
    led = next((p for p in done if p.claimant_kind == "team" and leaders.get(p.claimant_id or "")), None)
    if led is not None and led.completed_on is not None:  # a team's project counts for its 队长
        leader = leaders[led.claimant_id or ""]
        assert leader is not None
        ids = [e["id"] for e in recognition.member_evidence(demo_copy, leader, led.completed_on.year)]
        assert led.id in ids


def test_meetings_count_only_up_to_what_each_kind_expects(demo_copy: Database) -> None:
    year = 2021  # the demo holds no meetings then
    branch = next(u for u in organizations.units(demo_copy) if u.kind == "党支部")
    for day in range(1, 11):  # ten 主题党日 in one quarter: three are expected
        meetings.add_meeting(
            demo_copy, meetings.MeetingDraft(branch.id, "主题党日", dt.date(year, 1, day), f"主题党日 {day}")
        )
    recognition.set_scheme(demo_copy, year)
    row = next(r for r in recognition.assessment(demo_copy, year) if r.unit_id == branch.id)
    line = row.evidence["组织建设"][0]
    assert line.startswith("应开会议已开：3/"), line


def test_demo_campaign_reviewed_at_a_meeting(demo_copy: Database) -> None:
    """The demo's 审议 names the meeting it was held at, taken from the 组织生活 records."""
    c = recognition.list_campaigns(demo_copy, dt.date.today().year)[0]
    ids = {m.id for m in meetings.list_meetings(demo_copy)}
    assert c.nominees and all(n.review_meeting_id in ids for n in c.nominees)


def test_an_upheld_objection_is_announced_again(demo_copy: Database) -> None:
    """During the 公示 a nominee can be dropped (an objection upheld): the corrected list gets a new period;
    not before the first 公示, and the 表彰 waits for the new period to end."""
    from app.domain.errors import ValidationError
    from app.services import roster

    db = demo_copy
    cid = recognition.create_campaign(db, "异议评选", 2021, 2).id
    ids = [
        recognition.nominate(db, cid, m.id, "服务先锋", "支部推荐").id for m in roster.list_members(db)[:2]
    ]
    for nid in ids:
        recognition.review(db, cid, nid, True)
    recognition.announce(db, cid, ids, dt.date(2021, 12, 1), objection_days=5)
    with pytest.raises(ValidationError, match="不能早于"):
        recognition.announce(db, cid, ids[:1], dt.date(2021, 11, 30))
    c = recognition.announce(db, cid, ids[:1], dt.date(2021, 12, 4), objection_days=5)
    assert c.stage == "公示" and [n.id for n in c.nominees if n.selected] == ids[:1]
    assert c.objection_until == dt.date(2021, 12, 9)
    with pytest.raises(ValidationError, match="公示期"):
        recognition.honour(db, cid, dt.date(2021, 12, 7))
    assert recognition.honour(db, cid, dt.date(2021, 12, 9)).stage == "表彰"
