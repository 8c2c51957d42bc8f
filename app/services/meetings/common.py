"""The meetings area's plain values, its configurable list of meeting kinds, and who is expected."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, Organization
from app.db.models_routine import Meeting
from app.domain import points as point_rules, routine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.member_status import MemberStatus
from app.domain.periods import age_on
from app.services import lookup, organizations, settings
from app.services.meetings.people import PersonAttendee
from app.services.points.resolver import MEMBER_COLUMNS, MemberInfo, Resolver

SETTING_KINDS = "routine.meeting_kinds"
SOURCE = "meeting"


@dataclass(frozen=True)
class MeetingRow:
    id: str
    unit_id: str
    unit: str
    kind: str
    date: dt.date
    time: str
    place: str
    topic: str
    status: str  # 已召开 / 已撤回
    expected: int
    present: int
    leave: int
    absent: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "unit": self.unit,
            "unit_id": self.unit_id,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "time": self.time,
            "place": self.place,
            "topic": self.topic,
            "status": self.status,
            "expected": self.expected,
            "present": self.present,
            "leave": self.leave,
            "absent": self.absent,
        }


@dataclass(frozen=True)
class AttendeeRow:
    member_id: str
    name: str
    expected: bool  # false: listed apart (流动党员, 特殊类, or a member from elsewhere)
    mark: str  # 出席 / 请假 / 缺席 / ""
    reason: str
    pinyin_full: str = ""
    pinyin_initials: str = ""
    note: str = ""  # why listed apart

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "expected": self.expected,
            "mark": self.mark,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class MeetingDraft:
    """What the editor (or `meetings add`) sets; the unit is fixed once the meeting exists."""

    unit_id: str
    kind: str
    date: dt.date
    topic: str
    time: str = ""
    place: str = ""
    host_id: str | None = None
    recorder_id: str | None = None
    minutes: str = ""
    resolutions: str = ""
    guests: str = ""


@dataclass(frozen=True)
class MeetingDetail:
    row: MeetingRow
    draft: MeetingDraft
    host: str
    recorder: str
    photos: tuple[str, ...]
    attendees: tuple[AttendeeRow, ...]
    withdrawn_reason: str
    entries: int  # points entries linked to the meeting (originals and reversals)
    people: tuple[PersonAttendee, ...] = ()  # members from elsewhere (1+N), never with points

    def as_json(self) -> dict[str, Any]:
        d = self.row.as_json()
        d.update(
            {
                "host_id": self.draft.host_id,
                "host": self.host,
                "recorder_id": self.draft.recorder_id,
                "recorder": self.recorder,
                "minutes": self.draft.minutes,
                "resolutions": self.draft.resolutions,
                "guests": [g for g in self.draft.guests.splitlines() if g.strip()],
                "photos": list(self.photos),
                "withdrawn_reason": self.withdrawn_reason,
                "points_entries": self.entries,
                "attendees": [a.as_json() for a in self.attendees],
                "people": [p.as_json() for p in self.people],
            }
        )
        return d


# --- the kinds of meetings (configurable) ------------------------------------------------------------------------


def meeting_kinds(db: Database) -> list[routine.MeetingKind]:
    stored = settings.get(db, SETTING_KINDS, None)
    if not stored:
        return list(routine.DEFAULT_MEETING_KINDS)
    return [routine.MeetingKind.from_dict(d) for d in stored if isinstance(d, dict) and d.get("name")]


def save_meeting_kinds(db: Database, kinds: list[routine.MeetingKind]) -> None:
    names = [k.name for k in kinds]
    if not names or any(not n for n in names) or len(set(names)) != len(names):
        raise ValidationError("会议类型不能为空，也不能重名", field="kinds")
    if any(k.per_quarter < 0 or k.per_quarter > 30 for k in kinds):
        raise ValidationError("每季度应开次数要在 0～30 之间", field="kinds")
    settings.put(db, SETTING_KINDS, [k.as_dict() for k in kinds])


def kind_named(kinds: list[routine.MeetingKind], name: str) -> routine.MeetingKind:
    for k in kinds:
        if k.name == name.strip():
            return k
    raise ValidationError(f"会议类型只能是 {'、'.join(k.name for k in kinds)}", field="kind")


def kind_of(db: Database, name: str) -> routine.MeetingKind:
    """The configured kind; a kind since removed from the list still works (no indicator)."""
    for k in meeting_kinds(db):
        if k.name == name:
            return k
    return routine.MeetingKind(name)


def resolve_meeting_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Meeting, ref, "会议")


def get_meeting_row(s: Session, meeting_id: str) -> Meeting:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError(f"找不到会议（编号 {meeting_id}）")
    return m


def status_of(m: Meeting) -> str:
    return routine.WITHDRAWN if m.withdrawn_at is not None else routine.HELD


# --- who is expected -------------------------------------------------------------------------------------------


def unit_member_infos(s: Session, unit_id: str, on: dt.date) -> list[MemberInfo]:
    """Active members of the unit and the units below it (a 党小组 by its members' group) who had joined
    by ``on``, by pinyin."""
    ids = organizations.unit_and_below(s, unit_id)
    stmt = (
        select(*MEMBER_COLUMNS)
        .where(
            Member.status == MemberStatus.ACTIVE,
            or_(Member.branch_id.in_(ids), Member.group_id.in_(ids)),
            or_(Member.joined_on.is_(None), Member.joined_on <= on),
        )
        .order_by(Member.pinyin_full, Member.name)
    )
    return [MemberInfo.from_row(r) for r in s.execute(stmt)]


def default_list(
    s: Session, unit_id: str, kind: routine.MeetingKind, on: dt.date
) -> list[tuple[MemberInfo, bool, str]]:
    """(member, expected, why apart) for a new meeting: the unit's members in the tiers that must attend
    are expected; 流动党员 and 特殊类 (70+, exempt) are listed apart. A committee meeting lists only the
    members with a party post (党内职务)."""
    resolver = Resolver(s, on.year)
    out = []
    for m in unit_member_infos(s, unit_id, on):
        if kind.committee_only and not m.party_post.strip():
            continue
        rs = resolver.rule_set(m.branch_id)
        if rs is not None:
            tier = resolver.tier(rs, m)
            tier_kind, tier_name, exempt = tier.kind, tier.name, tier.is_exempt
        else:
            tier_kind = point_rules.default_tier_kind(m.party_post, m.is_mobile, age_on(m.birth_date, on))
            tier_name, exempt = {"mobile": "流动党员", "special": "特殊类"}.get(tier_kind, ""), False
        expected = tier_kind in point_rules.ATTENDING and not exempt
        out.append((m, expected, "" if expected else tier_name or "不参评"))
    return out


def unit_kind(s: Session, unit_id: str) -> str:
    kind = s.scalar(select(Organization.kind).where(Organization.id == unit_id))
    if kind is None:
        raise NotFoundError("找不到这个组织")
    return kind


def photos_of(m: Meeting) -> tuple[str, ...]:
    try:
        value = json.loads(m.photos or "[]")
    except ValueError:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()
