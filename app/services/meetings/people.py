"""1+N: members from elsewhere at a 区域综合党支部 / 流动党员服务站's organisation life.

They are people in the people register with the role 报到党员 (not on the roster, unless transferred in): they can be listed on the
meeting, marked 出席 / 请假 / 缺席 and printed on the sign-in sheet, and they never get points (points follow
only the roster's attendance rows)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Organization
from app.db.models_recognition import MeetingPerson
from app.db.models_routine import Meeting
from app.db.models_service import Person
from app.domain import routine
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.service_rules import REGISTERED_MEMBER
from app.services import audit

# The kinds of unit whose organisation life members from elsewhere may join (a 党小组 below one counts too).
WELCOMING_KINDS = ("区域综合党支部", "流动党员服务站")


@dataclass(frozen=True)
class PersonAttendee:
    person_id: str
    name: str
    organization: str  # their own organisation (where their membership is kept)
    mark: str  # 出席 / 请假 / 缺席 / ""
    reason: str
    pinyin_full: str = ""
    pinyin_initials: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: self.__dict__[k] for k in ("person_id", "name", "organization", "mark", "reason")}


def welcomes_people(s: Session, unit_id: str) -> bool:
    """Whether the unit (or the branch above its 党小组) is a 区域综合党支部 or 流动党员服务站."""
    org = s.get(Organization, unit_id)
    while org is not None:
        if org.kind in WELCOMING_KINDS:
            return True
        if org.kind != "党小组" or not org.parent_id:
            return False
        org = s.get(Organization, org.parent_id)
    return False


def unit_welcomes_people(db: Database, unit_id: str) -> bool:
    """Whether the unit's meetings can list members from elsewhere (the editor shows its 外来党员… button)."""
    with db.session() as s:
        return welcomes_people(s, unit_id)


def listed(s: Session, meeting_id: str) -> tuple[PersonAttendee, ...]:
    return tuple(
        PersonAttendee(mp.person_id, name, organization, mp.mark, mp.reason, full, initials)
        for mp, name, organization, full, initials in s.execute(
            select(
                MeetingPerson, Person.name, Person.organization, Person.pinyin_full, Person.pinyin_initials
            )
            .join(Person, Person.id == MeetingPerson.person_id)
            .where(MeetingPerson.meeting_id == meeting_id)
            .order_by(MeetingPerson.sort_order)
        )
    )


def mark_people(s: Session, actor: str, m: Meeting, marks: Mapping[str, tuple[str, str] | None]) -> None:
    """Person id → (mark, reason), or None to take them off the list. Refused (nothing written by the caller's
    transaction) for a unit that is not a 区域综合党支部 / 流动党员服务站, an unknown or inactive person."""
    if not marks:
        return
    bad = [v[0] for v in marks.values() if v is not None and v[0] not in (*routine.MARKS, "")]
    if bad:
        raise ValidationError(f"出勤只能是 {'、'.join(routine.MARKS)}", field="mark")
    if not welcomes_people(s, m.unit_id):
        raise UserError(
            f"外来党员只能参加{'、'.join(WELCOMING_KINDS)}的组织生活；"
            "先在“组织与网格”页把这个组织改为其中一种"
        )
    rows = {r.person_id: r for r in s.scalars(select(MeetingPerson).where(MeetingPerson.meeting_id == m.id))}
    for pid, value in marks.items():
        row = rows.get(pid)
        if value is None:
            if row is not None:
                audit.record(s, actor, "delete", "meeting_person", row.id, "person_id", pid, None)
                s.delete(row)
            continue
        if row is None:
            person = s.get(Person, pid)
            if person is None:
                raise NotFoundError(f"找不到人员（编号 {pid}）")
            if not person.active:
                raise UserError(f"{person.name}已停用，不能记出勤")
            if REGISTERED_MEMBER not in json.loads(person.roles or "[]"):
                raise UserError(
                    f"{person.name}在人员名册里不是“{REGISTERED_MEMBER}”：外来党员要先在人员名册里加上这个身份，"
                    "写上他（她）的组织关系所在的党组织"
                )
            row = MeetingPerson(meeting_id=m.id, person_id=pid, sort_order=len(rows))
            s.add(row)
            s.flush()
            rows[pid] = row
            audit.record(s, actor, "create", "meeting_person", row.id, "person_id", None, pid)
        mark, reason = value
        reason = reason.strip() if mark == routine.LEAVE else ""
        if (row.mark, row.reason) != (mark, reason):
            audit.record(s, actor, "update", "meeting_person", row.id, "mark", row.mark or None, mark or None)
            row.mark, row.reason = mark, reason
