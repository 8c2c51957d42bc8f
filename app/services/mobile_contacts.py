"""流动党员联系记录: the home branch's contacts with its mobile members, and when each was last reached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Member
from app.db.models_routine import MobileContact
from app.domain import routine
from app.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit


@dataclass(frozen=True)
class ContactRow:
    id: str
    member_id: str
    name: str
    date: dt.date
    way: str
    doing: str
    certificate_no: str
    attends_at: str
    note: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "member_id": self.member_id,
            "name": self.name,
            "date": self.date.isoformat(),
            "way": self.way,
            "doing": self.doing,
            "certificate_no": self.certificate_no,
            "attends_at": self.attends_at,
            "note": self.note,
        }


def add_contact(
    db: Database,
    member_id: str,
    date: dt.date,
    way: str,
    doing: str = "",
    certificate_no: str = "",
    attends_at: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> str:
    errors = []
    if way not in routine.CONTACT_WAYS:
        errors.append(FieldError("way", f"联系方式只能是 {'、'.join(routine.CONTACT_WAYS)}"))
    if date > (today or dt.date.today()):
        errors.append(FieldError("date", "联系日期不能晚于今天"))
    if errors:
        raise ValidationError(errors)
    with db.session() as s, s.begin():
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到党员（编号 {member_id}）")
        if not m.is_mobile:
            raise UserError(f"{m.name}不是流动党员：先在花名册里标为流动党员")
        c = MobileContact(
            member_id=m.id,
            date=date,
            way=way,
            doing=doing.strip(),
            certificate_no=certificate_no.strip(),
            attends_at=attends_at.strip(),
            note=note.strip(),
            created_by=db.actor,
        )
        s.add(c)
        s.flush()
        audit.record(s, db.actor, "create", "mobile_contact", c.id, "date", None, date)
        return c.id


def list_contacts(db: Database, member_id: str | None = None) -> list[ContactRow]:
    stmt = (
        select(MobileContact, Member.name)
        .join(Member, Member.id == MobileContact.member_id)
        .order_by(MobileContact.date.desc(), MobileContact.created_at.desc())
    )
    if member_id:
        stmt = stmt.where(MobileContact.member_id == member_id)
    with db.session() as s:
        return [
            ContactRow(
                c.id, c.member_id, name, c.date, c.way, c.doing, c.certificate_no, c.attends_at, c.note
            )
            for c, name in s.execute(stmt)
        ]


def last_contacts(db: Database) -> dict[str, dt.date]:
    """Member id → the date of the last contact (for the roster and the reminders)."""
    with db.session() as s:
        return dict(
            s.execute(
                select(MobileContact.member_id, func.max(MobileContact.date)).group_by(
                    MobileContact.member_id
                )
            ).all()
        )


def overdue(db: Database, today: dt.date | None = None) -> list[tuple[str, str, dt.date | None]]:
    """Active mobile members not reached for about six months: (member id, name, last contact or None)."""
    today = today or dt.date.today()
    last = last_contacts(db)
    with db.session() as s:
        mobile = list(
            s.execute(
                select(Member.id, Member.name)
                .where(Member.is_mobile.is_(True), Member.status == MemberStatus.ACTIVE)
                .order_by(Member.pinyin_full)
            )
        )
    limit = today - dt.timedelta(days=routine.MOBILE_CONTACT_DAYS)
    return [(mid, name, last.get(mid)) for mid, name in mobile if (last.get(mid) or dt.date.min) < limit]
