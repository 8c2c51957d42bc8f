"""Holding meetings: create (with the expected list), edit, mark attendance (points follow), withdraw."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, utcnow
from app.db.models_routine import Attendance, Meeting
from app.domain import routine
from app.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, photos, versions
from app.services.meetings.common import (
    SOURCE,
    MeetingDraft,
    default_list,
    get_meeting_row,
    kind_named,
    kind_of,
    meeting_kinds,
    photos_of,
    unit_kind,
)
from app.services.meetings.people import mark_people
from app.services.points.routine import SyncResult, Wanted, sync_links

EDITABLE = (
    "kind",
    "date",
    "time",
    "place",
    "topic",
    "host_id",
    "recorder_id",
    "minutes",
    "resolutions",
    "guests",
)


def _check(s: Session, db: Database, d: MeetingDraft) -> MeetingDraft:
    errors: list[FieldError] = []
    try:
        kind = kind_named(meeting_kinds(db), d.kind)
        if kind.unit_kind == "党小组" and unit_kind(s, d.unit_id) != "党小组":
            errors.append(FieldError("unit", f"{kind.name}要选一个党小组"))
    except ValidationError as exc:
        errors.extend(exc.errors)
    except NotFoundError:
        errors.append(FieldError("unit", "找不到这个组织"))
    if not d.topic.strip():
        errors.append(FieldError("topic", "请写上会议主题"))
    if d.date > dt.date.today() + dt.timedelta(days=366):
        errors.append(FieldError("date", "会议日期太远了，请检查年份"))
    for f, mid in (("host_id", d.host_id), ("recorder_id", d.recorder_id)):
        if mid and s.get(Member, mid) is None:
            errors.append(FieldError(f, f"找不到党员（编号 {mid}）"))
    if errors:
        raise ValidationError(errors)
    return MeetingDraft(
        d.unit_id,
        d.kind.strip(),
        d.date,
        d.topic.strip(),
        d.time.strip(),
        d.place.strip(),
        d.host_id or None,
        d.recorder_id or None,
        d.minutes.strip(),
        d.resolutions.strip(),
        "\n".join(g.strip() for g in d.guests.splitlines() if g.strip()),
    )


def add_meeting(db: Database, draft: MeetingDraft) -> str:
    """A meeting with its list: the unit's members expected (others listed apart), nobody marked yet."""
    with db.session() as s, s.begin():
        d = _check(s, db, draft)
        m = Meeting(unit_id=d.unit_id, created_by=db.actor)
        for f in EDITABLE:
            setattr(m, f, getattr(d, f))
        s.add(m)
        s.flush()
        rows = default_list(s, d.unit_id, kind_of(db, d.kind), d.date)
        s.add_all(
            Attendance(meeting_id=m.id, member_id=info.id, expected=expected, sort_order=i)
            for i, (info, expected, _why) in enumerate(rows)
        )
        audit.record(s, db.actor, "create", "meeting", m.id, "kind", None, f"{d.kind} {d.date} {d.topic}")
        return m.id


def _wanted(s: Session, db: Database, m: Meeting) -> list[Wanted]:
    if m.withdrawn_at is not None:
        return []
    kind = kind_of(db, m.kind)
    out = []
    for a in s.scalars(select(Attendance).where(Attendance.meeting_id == m.id)):
        indicator = routine.points_indicator(kind, a.mark)
        if indicator is None or (a.mark == routine.ABSENT and not a.expected):
            continue
        out.append(
            Wanted(a.member_id, indicator, m.date, a.member_id, f"{m.kind} {m.date:%m-%d} {m.topic}"[:60])
        )
    return out


def _sync(s: Session, db: Database, m: Meeting, reason: str) -> SyncResult:
    s.flush()
    return sync_links(s, db.actor, SOURCE, m.id, _wanted(s, db, m), reason)


def update_meeting(
    db: Database, meeting_id: str, draft: MeetingDraft, version: int | None = None
) -> SyncResult:
    """Change the details; a new date or kind moves the meeting's points entries (reversed and re-written).
    ``version``: the one the editor loaded (versions.loaded; a stale one is refused); None: the current one."""
    with db.session() as s, s.begin():
        versions.claim(s, Meeting, meeting_id, version, "meeting", f"找不到会议（编号 {meeting_id}）")
        m = get_meeting_row(s, meeting_id)
        if m.withdrawn_at is not None:
            raise UserError("这次会议已撤回，不能再修改")
        d = _check(s, db, dataclasses.replace(draft, unit_id=m.unit_id))
        for f in EDITABLE:
            before, after = getattr(m, f), getattr(d, f)
            if before != after:
                audit.record(s, db.actor, "update", "meeting", m.id, f, before, after)
                setattr(m, f, after)
        m.updated_at = utcnow()
        return _sync(s, db, m, "会议的日期或类型改了")


def set_attendance(
    db: Database,
    meeting_id: str,
    marks: Mapping[str, tuple[str, str]],
    *,
    all_present: bool = False,
    people: Mapping[str, tuple[str, str] | None] | None = None,
) -> SyncResult:
    """Mark members (member id → (mark, reason)); ``all_present`` marks every expected member 出席 first.
    A member not on the list is added (listed apart: a member from elsewhere who came). The points entries
    follow: those that no longer hold are reversed, the missing ones written. ``people`` marks members from
    elsewhere (people register, person id → (mark, reason) or None to take off the list) in the same
    transaction: only at a 区域综合党支部 / 流动党员服务站, never with points."""
    bad = [mark for mark, _r in marks.values() if mark not in (*routine.MARKS, "")]
    if bad:
        raise ValidationError(f"出勤只能是 {'、'.join(routine.MARKS)}", field="mark")
    with db.session() as s, s.begin():
        m = get_meeting_row(s, meeting_id)
        if m.withdrawn_at is not None:
            raise UserError("这次会议已撤回，不能再记出勤")
        rows = {a.member_id: a for a in s.scalars(select(Attendance).where(Attendance.meeting_id == m.id))}
        missing = [mid for mid in marks if mid not in rows]
        if missing:
            known = {
                mid: status
                for mid, status in s.execute(select(Member.id, Member.status).where(Member.id.in_(missing)))
            }
            for mid in missing:
                if mid not in known:
                    raise NotFoundError(f"找不到党员（编号 {mid}）")
                if known[mid] != MemberStatus.ACTIVE:
                    raise UserError(f"党员（编号 {mid[:8]}）已不在册，不能记出勤")
                rows[mid] = Attendance(meeting_id=m.id, member_id=mid, expected=False, sort_order=len(rows))
                s.add(rows[mid])
        wanted: dict[str, tuple[str, str]] = {}
        if all_present:
            wanted.update({mid: (routine.PRESENT, "") for mid, a in rows.items() if a.expected})
        wanted.update({mid: (mark, reason.strip()) for mid, (mark, reason) in marks.items()})
        for mid, (mark, reason) in wanted.items():
            a = rows[mid]
            reason = reason if mark == routine.LEAVE else ""
            if (a.mark, a.reason) != (mark, reason):
                audit.record(s, db.actor, "update", "attendance", a.id, "mark", a.mark or None, mark or None)
                a.mark, a.reason = mark, reason
        mark_people(s, db.actor, m, people or {})
        return _sync(s, db, m, "出勤改了")


def withdraw_meeting(db: Database, meeting_id: str, reason: str) -> SyncResult:
    """A meeting entered by mistake: withdrawn with the reason, its points entries reversed; never deleted."""
    if not reason.strip():
        raise ValidationError("请写明撤回的原因", field="reason")
    with db.session() as s, s.begin():
        m = get_meeting_row(s, meeting_id)
        if m.withdrawn_at is not None:
            raise UserError("这次会议已经撤回过了")
        m.withdrawn_at, m.withdrawn_by, m.withdrawn_reason = utcnow(), db.actor, reason.strip()
        audit.record(s, db.actor, "withdraw", "meeting", m.id, "reason", None, reason.strip())
        return _sync(s, db, m, f"会议撤回：{reason.strip()}")


def add_photos(db: Database, meeting_id: str, files: Sequence[Path]) -> list[str]:
    """Photos of the meeting (shrunk into the photos folder like members' photos)."""
    names = photos.store_photo_files(db, files)
    with photos.kept_if_saved(db, names), db.session() as s, s.begin():
        m = get_meeting_row(s, meeting_id)
        before = list(photos_of(m))
        m.photos = json.dumps(before + names)
        audit.record(s, db.actor, "update", "meeting", m.id, "photos", len(before), len(before) + len(names))
    return names


def record_deed(db: Database, meeting_id: str, member_id: str, text: str) -> str:
    """A deed told at a 闪光言行交流会 (who spoke about what), into the meeting's quarter."""
    from app.domain.periods import quarter_of
    from app.services import evaluations

    with db.session() as s:
        m = get_meeting_row(s, meeting_id)
        if m.withdrawn_at is not None:
            raise UserError("这次会议已撤回")
        if m.kind != routine.FLASH_MEETING:
            raise UserError(f"只有{routine.FLASH_MEETING}可以从会议记闪光言行")
        on = m.date
    return evaluations.add_deed(db, member_id, quarter_of(on).id, text, date=on, source="本人陈述")
