"""Meetings: the expected list, attendance writing linked points entries, changing it after the fact
(reversal only), withdrawing, the quarter view, reminders, and the 闪光言行交流会 link to the star page."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import demo
from app.db.database import Database
from app.db.models import AuditEntry, Organization
from app.db.models_points import PointEntry
from app.db.models_routine import RoutinePointLink
from app.domain import routine
from app.domain.errors import UserError, ValidationError
from app.domain.periods import Quarter
from app.services import evaluations, meetings, points

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

Y = 2020  # a year of its own, far from the demo's meetings
DAY = dt.date(Y, 5, 8)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("meetings") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=60, seed=3)
    points.create_preset(db, Y)
    db.close()
    return root


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copytree(template, tmp_path / "data")
    d = Database.open(tmp_path / "data")
    yield d
    d.close()


def _branch(db: Database) -> str:
    with db.session() as s:
        return (
            s.scalars(
                select(Organization.id).where(Organization.kind == "党支部").order_by(Organization.name)
            ).first()
            or ""
        )


def _meeting(db: Database, kind: str = "主题党日", day: dt.date = DAY) -> str:
    return meetings.add_meeting(db, meetings.MeetingDraft(_branch(db), kind, day, "学习党章"))


def _entries(db: Database, member_id: str) -> list[tuple[str, int, str | None]]:
    with db.session() as s:
        return [
            (e.note, e.points, e.reverses_entry_id)
            for e in s.scalars(
                select(PointEntry)
                .where(PointEntry.member_id == member_id, PointEntry.year == Y)
                .order_by(PointEntry.recorded_at)
            )
        ]


def _net(db: Database, member_id: str) -> int:
    with db.session() as s:
        return int(
            s.scalar(
                select(func.coalesce(func.sum(PointEntry.points), 0)).where(
                    PointEntry.member_id == member_id, PointEntry.year == Y
                )
            )
            or 0
        )


def test_expected_list_sets_mobile_and_special_apart(db: Database) -> None:
    detail = meetings.get_meeting(db, _meeting(db))
    assert detail.row.expected > 0
    assert detail.row.expected == sum(1 for a in detail.attendees if a.expected)
    assert all(a.mark == "" for a in detail.attendees)
    summary = {r.member_id: r.tier for r in points.summary(db, Y)}
    for a in detail.attendees:
        assert (summary[a.member_id] in ("骨干类", "普通类")) == a.expected


def test_attendance_writes_linked_entries_by_the_rules(db: Database) -> None:
    mid = _meeting(db)
    people = [a.member_id for a in meetings.get_meeting(db, mid).attendees if a.expected]
    present, leave, absent = people[0], people[1], people[2]
    result = meetings.set_attendance(
        db, mid, {leave: (routine.LEAVE, "外出"), absent: (routine.ABSENT, "")}, all_present=True
    )
    assert result.written == len(people) - 1  # everyone present earns, the absent one loses, leave: nothing
    assert _net(db, present) == 2
    assert _net(db, leave) == 0
    assert _net(db, absent) == -5
    row = meetings.get_meeting(db, mid).row
    assert (row.present, row.leave, row.absent) == (len(people) - 2, 1, 1)
    with db.session() as s:
        linked = s.scalar(
            select(func.count()).select_from(RoutinePointLink).where(RoutinePointLink.source_id == mid)
        )
    assert linked == len(people) - 1


def test_changing_attendance_reverses_and_rewrites_exactly_those_entries(db: Database) -> None:
    mid = _meeting(db)
    people = [a.member_id for a in meetings.get_meeting(db, mid).attendees if a.expected]
    meetings.set_attendance(db, mid, {people[0]: (routine.ABSENT, "")}, all_present=True)
    before_others = _entries(db, people[1])
    result = meetings.set_attendance(db, mid, {people[0]: (routine.PRESENT, "")})
    assert (result.written, result.reversed) == (1, 1)
    assert _net(db, people[0]) == 2
    notes = _entries(db, people[0])
    assert sorted(p for _n, p, _r in notes) == [-5, 2, 5]  # the deduction, its reversal, the attendance
    assert [r is not None for _n, p, r in notes if p == 5] == [True]  # the reversal points at the original
    assert _entries(db, people[1]) == before_others  # nobody else touched
    # marking the same again changes nothing
    again = meetings.set_attendance(db, mid, {people[0]: (routine.PRESENT, "")})
    assert (again.written, again.reversed) == (0, 0)
    # to 请假: the attendance entry is reversed, nothing new
    leave = meetings.set_attendance(db, mid, {people[0]: (routine.LEAVE, "生病")})
    assert (leave.written, leave.reversed) == (0, 1)
    assert _net(db, people[0]) == 0


def test_moving_the_date_moves_the_entries(db: Database) -> None:
    mid = _meeting(db)
    meetings.set_attendance(db, mid, {}, all_present=True)
    d = meetings.get_meeting(db, mid).draft
    import dataclasses

    result = meetings.update_meeting(
        db, mid, dataclasses.replace(d, date=dt.date(Y, 6, 1), minutes="讨论了…")
    )
    assert result.written == result.reversed > 0
    assert meetings.get_meeting(db, mid).draft.minutes == "讨论了…"


def test_withdraw_reverses_everything_and_keeps_the_meeting(db: Database) -> None:
    mid = _meeting(db)
    people = [a.member_id for a in meetings.get_meeting(db, mid).attendees if a.expected]
    meetings.set_attendance(db, mid, {}, all_present=True)
    with pytest.raises(ValidationError):
        meetings.withdraw_meeting(db, mid, " ")
    result = meetings.withdraw_meeting(db, mid, "登记重复")
    assert result.reversed == len(people)
    assert all(_net(db, p) == 0 for p in people)
    assert meetings.get_meeting(db, mid).row.status == routine.WITHDRAWN
    with pytest.raises(UserError):
        meetings.set_attendance(db, mid, {}, all_present=True)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == mid)) >= 3


def test_bad_input_changes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError):
        meetings.add_meeting(db, meetings.MeetingDraft(_branch(db), "茶话会", DAY, "x"))
    with pytest.raises(ValidationError):
        meetings.add_meeting(db, meetings.MeetingDraft(_branch(db), "党小组会", DAY, "x"))  # needs a 党小组
    mid = _meeting(db)
    with pytest.raises(UserError):
        meetings.set_attendance(db, mid, {"nobody": (routine.PRESENT, "")}, all_present=True)
    assert meetings.get_meeting(db, mid).row.present == 0


def test_quarter_view_counts_and_absent_twice(db: Database) -> None:
    first, second = _meeting(db, day=dt.date(Y, 4, 3)), _meeting(db, day=dt.date(Y, 5, 3))
    someone = next(a.member_id for a in meetings.get_meeting(db, first).attendees if a.expected)
    for mid in (first, second):
        meetings.set_attendance(db, mid, {someone: (routine.ABSENT, "")}, all_present=True)
    view = meetings.quarter_view(db, Quarter(Y, 2), _branch(db))
    day = next(c for c in view.counts if c.kind == "主题党日")
    assert (day.held, day.expected, day.short) == (2, 3, 1)
    assert someone in [m for m, _n in view.absent_twice]
    rate = next(r for r in view.members if r.member_id == someone)
    assert (rate.meetings, rate.absent, rate.rate) == (2, 2, 0.0)


def test_flash_meeting_attendees_and_a_deed_from_it(db: Database) -> None:
    mid = _meeting(db, routine.FLASH_MEETING, dt.date(Y, 2, 10))
    someone = next(a.member_id for a in meetings.get_meeting(db, mid).attendees if a.expected)
    meetings.set_attendance(db, mid, {someone: (routine.PRESENT, "")})
    assert list(meetings.flash_attendees(db, Quarter(Y, 1))) == [someone]
    evaluations.open_period(db, f"{Y}Q1", today=dt.date(Y, 2, 10))
    deed = meetings.record_deed(db, mid, someone, "帮邻居修好了水泵")
    assert any(d.id == deed for d in evaluations.list_deeds(db, f"{Y}Q1"))
    other = _meeting(db)
    with pytest.raises(UserError):
        meetings.record_deed(db, other, someone, "x")


def test_a_meeting_whose_attendance_is_not_typed_in_yet_lowers_no_rate(db: Database) -> None:
    recorded = _meeting(db, day=dt.date(Y, 4, 3))
    meetings.set_attendance(db, recorded, {}, all_present=True)
    before = meetings.quarter_view(db, Quarter(Y, 2), _branch(db))
    _meeting(db, day=dt.date(Y, 5, 3))  # just created: every expected member 未记
    after = meetings.quarter_view(db, Quarter(Y, 2), _branch(db))
    assert after.unit_rates == before.unit_rates and set(after.unit_rates.values()) == {1.0}
    someone = next(r for r in after.members)
    assert (someone.meetings, someone.present, someone.unmarked, someone.rate) == (2, 1, 1, 1.0)
