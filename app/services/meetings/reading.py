"""Reading meetings: the list by quarter and unit, one meeting whole, the quarter view (held against
expected, attendance rates, members absent twice running) and who attended a 闪光言行交流会."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, Organization
from app.db.models_routine import Attendance, Meeting
from app.domain import routine
from app.domain.member_status import MemberStatus
from app.domain.periods import Quarter
from app.services import organizations
from app.services.meetings.common import (
    SOURCE,
    AttendeeRow,
    MeetingDetail,
    MeetingDraft,
    MeetingRow,
    get_meeting_row,
    meeting_kinds,
    photos_of,
    status_of,
)
from app.services.meetings.people import listed as listed_people
from app.services.points.routine import linked_entry_ids


def _rows(s: Session, stmt: Any) -> list[MeetingRow]:
    counts = (
        select(
            Attendance.meeting_id,
            func.sum(case((Attendance.expected.is_(True), 1), else_=0)),
            func.sum(case((Attendance.mark == routine.PRESENT, 1), else_=0)),
            func.sum(case((Attendance.mark == routine.LEAVE, 1), else_=0)),
            func.sum(case((Attendance.mark == routine.ABSENT, 1), else_=0)),
        )
        .group_by(Attendance.meeting_id)
        .subquery()
    )
    q = (
        stmt.add_columns(Organization.name, counts.c[1], counts.c[2], counts.c[3], counts.c[4])
        .join(Organization, Organization.id == Meeting.unit_id)
        .outerjoin(counts, counts.c.meeting_id == Meeting.id)
        .order_by(Meeting.date.desc(), Meeting.time.desc())
    )
    out = []
    for m, unit, expected, present, leave, absent in s.execute(q):
        out.append(
            MeetingRow(
                m.id,
                m.unit_id,
                unit,
                m.kind,
                m.date,
                m.time,
                m.place,
                m.topic,
                status_of(m),
                int(expected or 0),
                int(present or 0),
                int(leave or 0),
                int(absent or 0),
            )
        )
    return out


def list_meetings(
    db: Database,
    *,
    year: int | None = None,
    quarter: int | None = None,
    unit_id: str | None = None,
    include_withdrawn: bool = True,
) -> list[MeetingRow]:
    """Meetings newest first; ``unit_id`` takes the units below it too."""
    stmt = select(Meeting)
    if year is not None:
        if quarter is not None:
            q = Quarter(year, quarter)
            stmt = stmt.where(Meeting.date >= q.starts_on, Meeting.date <= q.ends_on)
        else:
            stmt = stmt.where(Meeting.date >= dt.date(year, 1, 1), Meeting.date <= dt.date(year, 12, 31))
    if not include_withdrawn:
        stmt = stmt.where(Meeting.withdrawn_at.is_(None))
    with db.session() as s:
        if unit_id:
            stmt = stmt.where(Meeting.unit_id.in_(organizations.unit_and_below(s, unit_id)))
        return _rows(s, stmt)


def get_meeting(db: Database, meeting_id: str) -> MeetingDetail:
    with db.session() as s:
        m = get_meeting_row(s, meeting_id)
        row = _rows(s, select(Meeting).where(Meeting.id == meeting_id))[0]
        names = dict(
            s.execute(
                select(Member.id, Member.name).where(Member.id.in_([m.host_id or "", m.recorder_id or ""]))
            ).all()
        )
        attendees = tuple(
            AttendeeRow(
                a.member_id, name, a.expected, a.mark, a.reason, full, initials, "" if a.expected else "另列"
            )
            for a, name, full, initials in s.execute(
                select(Attendance, Member.name, Member.pinyin_full, Member.pinyin_initials)
                .join(Member, Member.id == Attendance.member_id)
                .where(Attendance.meeting_id == meeting_id)
                .order_by(Attendance.expected.desc(), Attendance.sort_order)
            )
        )
        draft = MeetingDraft(
            m.unit_id,
            m.kind,
            m.date,
            m.topic,
            m.time,
            m.place,
            m.host_id,
            m.recorder_id,
            m.minutes,
            m.resolutions,
            m.guests,
        )
        entries = len(linked_entry_ids(s, SOURCE, m.id))
        return MeetingDetail(
            row,
            draft,
            names.get(m.host_id or "", ""),
            names.get(m.recorder_id or "", ""),
            photos_of(m),
            attendees,
            m.withdrawn_reason,
            entries,
            listed_people(s, m.id),
        )


# --- the quarter view ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindCount:
    unit_id: str
    unit: str
    kind: str
    held: int
    expected: int

    @property
    def short(self) -> int:
        return max(0, self.expected - self.held)


@dataclass(frozen=True)
class MemberRate:
    member_id: str
    name: str
    unit: str
    meetings: int  # expected at, in the quarter
    present: int
    leave: int
    absent: int
    unmarked: int = 0  # meetings whose attendance is not typed in yet: not counted either way

    @property
    def rate(self) -> float:
        """出席 / the meetings whose attendance is recorded (a meeting just created is not an absence)."""
        recorded = self.meetings - self.unmarked
        return self.present / recorded if recorded else 1.0


@dataclass
class QuarterView:
    quarter: Quarter
    counts: list[KindCount] = field(default_factory=list)
    members: list[MemberRate] = field(default_factory=list)
    unit_rates: dict[str, float] = field(default_factory=dict)  # unit name → present / expected marks
    absent_twice: list[tuple[str, str]] = field(default_factory=list)  # (member id, name)


def _scoped_units(db: Database, unit_id: str | None) -> list[organizations.OrgUnit]:
    all_units = organizations.units(db)
    if unit_id is None:
        return all_units
    with db.session() as s:
        below = set(organizations.unit_and_below(s, unit_id))
    return [u for u in all_units if u.id in below]


def expected_counts(
    db: Database,
    q: Quarter,
    unit_id: str | None = None,
    *,
    units: Sequence[organizations.OrgUnit] | None = None,
) -> list[KindCount]:
    """For each unit and each tracked kind that fits it: meetings held in the quarter against expected.

    ``units``: the units to count for, already read (a caller going through several quarters)."""
    units = _scoped_units(db, unit_id) if units is None else units
    kinds = [k for k in meeting_kinds(db) if k.per_quarter > 0]
    with db.session() as s:
        held = {
            (uid, kind): n
            for uid, kind, n in s.execute(
                select(Meeting.unit_id, Meeting.kind, func.count())
                .where(Meeting.date >= q.starts_on, Meeting.date <= q.ends_on, Meeting.withdrawn_at.is_(None))
                .group_by(Meeting.unit_id, Meeting.kind)
            )
        }
    out = []
    for u in units:
        for k in kinds:
            if k.unit_kind == u.kind:
                out.append(KindCount(u.id, u.name, k.name, held.get((u.id, k.name), 0), k.per_quarter))
    return out


def quarter_view(db: Database, q: Quarter, unit_id: str | None = None) -> QuarterView:
    view = QuarterView(q, expected_counts(db, q, unit_id))
    with db.session() as s:
        stmt = (
            select(Attendance.member_id, Member.name, Organization.name, Attendance.mark, Meeting.date)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Member, Member.id == Attendance.member_id)
            .join(Organization, Organization.id == Member.branch_id)
            .where(
                Meeting.date >= q.starts_on,
                Meeting.date <= q.ends_on,
                Meeting.withdrawn_at.is_(None),
                Attendance.expected.is_(True),
            )
            .order_by(Meeting.date, Meeting.time)
        )
        if unit_id:
            stmt = stmt.where(Meeting.unit_id.in_(organizations.unit_and_below(s, unit_id)))
        rows = list(s.execute(stmt))
    per: dict[str, list[Any]] = {}
    marks: dict[str, list[str]] = {}
    for mid, name, unit, mark, _date in rows:
        rec = per.setdefault(mid, [name, unit, 0, 0, 0, 0])
        rec[2] += 1
        if mark in routine.MARKS:
            rec[3 + routine.MARKS.index(mark)] += 1
        marks.setdefault(mid, []).append(mark)
    unit_tot: dict[str, list[int]] = {}
    for mid, (name, unit, n, p, leave, a) in per.items():
        unmarked = n - p - leave - a
        view.members.append(MemberRate(mid, name, unit, n, p, leave, a, unmarked))
        t = unit_tot.setdefault(unit, [0, 0])
        t[0] += n - unmarked  # the rates count recorded attendance only
        t[1] += p
        if routine.absent_twice_running(marks[mid]):
            view.absent_twice.append((mid, name))
    view.members.sort(key=lambda r: (r.rate, r.name))
    view.unit_rates = {u: (p / n if n else 1.0) for u, (n, p) in unit_tot.items()}
    return view


def absent_twice_running(db: Database, since: dt.date) -> list[tuple[str, str]]:
    """Members whose last two marked meetings (as expected attendees, since ``since``) were both 缺席.

    Only each member's last two marks are read (a window function), not a year of attendance."""
    order = func.row_number().over(
        partition_by=Attendance.member_id, order_by=(Meeting.date.desc(), Meeting.time.desc())
    )
    last = (
        select(Attendance.member_id, Attendance.mark, order.label("n"))
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Meeting.date >= since,
            Meeting.withdrawn_at.is_(None),
            Attendance.expected.is_(True),
            Attendance.mark != "",
        )
        .subquery()
    )
    stmt = (
        select(last.c.member_id, Member.name)
        .join(Member, Member.id == last.c.member_id)
        .where(last.c.n <= 2, last.c.mark == routine.ABSENT, Member.status == MemberStatus.ACTIVE)
        .group_by(last.c.member_id, Member.name)
        .having(func.count() == 2)
        .order_by(Member.name)
    )
    with db.session() as s:
        return [(mid, name) for mid, name in s.execute(stmt)]


def flash_attendees(db: Database, q: Quarter) -> dict[str, str]:
    """Who attended the quarter's 闪光言行交流会 (member id → name), for the star rating page."""
    with db.session() as s:
        stmt = (
            select(Attendance.member_id, Member.name)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .join(Member, Member.id == Attendance.member_id)
            .where(
                Meeting.kind == routine.FLASH_MEETING,
                Meeting.withdrawn_at.is_(None),
                Meeting.date >= q.starts_on,
                Meeting.date <= q.ends_on,
                Attendance.mark == routine.PRESENT,
            )
        )
        return dict(s.execute(stmt).all())
