"""走访: a visit by member(s) to household(s) or a person — date, way, what was found; requests raised during
it go into the ledger (requests.add_request(visit_id=…)). Withdrawn (typo, duplicate) rather than deleted."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member, utcnow
from app.db.models_service import Household, Person, Visit, VisitMember, VisitTarget
from app.domain import service_rules as rules
from app.domain.errors import NotFoundError, ValidationError
from app.services import audit
from app.services.residents import common, links


@dataclass(frozen=True)
class VisitRow:
    id: str
    date: dt.date
    way: str
    text: str
    member_ids: tuple[str, ...]
    members: tuple[str, ...]
    household_ids: tuple[str, ...]
    targets: tuple[str, ...]  # addresses / names
    withdrawn: bool

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for key in ("member_ids", "members", "household_ids", "targets"):
            data[key] = list(data[key])
        return data


def add_visit(
    db: Database,
    member_ids: Sequence[str],
    *,
    household_ids: Sequence[str] = (),
    person_ids: Sequence[str] = (),
    date: dt.date | str | None = None,
    way: str = "上门",
    text: str = "",
    today: dt.date | None = None,
) -> str:
    if not member_ids:
        raise ValidationError("请至少选一名走访的党员", field="members")
    if not household_ids and not person_ids:
        raise ValidationError("请至少选一户住户或一名群众", field="households")
    way = rules.choice(way, rules.VISIT_WAYS, "走访方式", "way")
    day = common.day(date, "走访日期", today)
    with db.session() as s, s.begin():
        names = [common.active_member(s, m).name for m in dict.fromkeys(member_ids)]
        for h in household_ids:
            common.household(s, h)
        for p in person_ids:
            common.person(s, p)
        v = Visit(date=day, way=way, text=text.strip(), created_by=db.actor)
        s.add(v)
        s.flush()
        s.add_all(VisitMember(visit_id=v.id, member_id=m) for m in dict.fromkeys(member_ids))
        s.add_all(VisitTarget(visit_id=v.id, household_id=h) for h in dict.fromkeys(household_ids))
        s.add_all(VisitTarget(visit_id=v.id, person_id=p) for p in dict.fromkeys(person_ids))
        audit.record(s, db.actor, "create", "visit", v.id, "text", None, f"{day} {'、'.join(names)} {way}")
        return v.id


def withdraw_visit(db: Database, visit_id: str, reason: str = "走访记录撤回") -> links.LinkResult:
    """Mark the visit withdrawn; deeds and points recorded from it are withdrawn/reversed."""
    with db.session() as s, s.begin():
        v = s.get(Visit, visit_id)
        if v is None or v.withdrawn_at is not None:
            raise NotFoundError("找不到这条走访记录（可能已经撤回）")
        v.withdrawn_at, v.withdrawn_by = utcnow(), db.actor
        audit.record(s, db.actor, "withdraw", "visit", v.id, "text", v.text, None)
    return links.reverse_links(db, "visit", visit_id, reason)


def record_visit_links(
    db: Database, visit_id: str, *, deed: bool = True, indicator: str | None = links.VISIT_INDICATOR
) -> links.LinkResult:
    """One click: a 支部记录 deed and the 联系走访群众 points for each member of the visit."""
    v = get_visit(db, visit_id)
    if v.withdrawn:
        raise NotFoundError("这条走访记录已经撤回")
    text = f"走访{'、'.join(v.targets)}：{v.text}".rstrip("：")
    return links.record_links(db, "visit", v.id, v.member_ids, v.date, text, deed=deed, indicator=indicator)


def list_visits(
    db: Database,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    member_id: str | None = None,
    household_id: str | None = None,
    include_withdrawn: bool = False,
    visit_ids: Sequence[str] | None = None,
) -> list[VisitRow]:
    """Newest first. Three column queries (no ORM objects): a year of 20,000 visits reads in a fraction of a second."""
    conditions: list[Any] = []
    if start:
        conditions.append(Visit.date >= start)
    if end:
        conditions.append(Visit.date <= end)
    if not include_withdrawn:
        conditions.append(Visit.withdrawn_at.is_(None))
    if member_id:
        conditions.append(
            Visit.id.in_(select(VisitMember.visit_id).where(VisitMember.member_id == member_id))
        )
    if household_id:
        conditions.append(
            Visit.id.in_(select(VisitTarget.visit_id).where(VisitTarget.household_id == household_id))
        )
    if visit_ids is not None:
        conditions.append(Visit.id.in_(list(visit_ids)))
    chosen = select(Visit.id).where(*conditions)
    with db.session() as s:
        visits = s.execute(
            select(Visit.id, Visit.date, Visit.way, Visit.text, Visit.withdrawn_at)
            .where(*conditions)
            .order_by(Visit.date.desc(), Visit.created_at.desc())
        ).all()
        everyone: dict[str, tuple[list[str], list[str]]] = {}
        for vid, mid, name in s.execute(
            select(VisitMember.visit_id, VisitMember.member_id, Member.name)
            .join(Member, Member.id == VisitMember.member_id)
            .where(VisitMember.visit_id.in_(chosen))
        ):
            ids, names = everyone.setdefault(vid, ([], []))
            ids.append(mid)
            names.append(name)
        targets: dict[str, tuple[list[str], list[str]]] = {}
        for vid, hid, address, pname in s.execute(
            select(VisitTarget.visit_id, VisitTarget.household_id, Household.address, Person.name)
            .outerjoin(Household, Household.id == VisitTarget.household_id)
            .outerjoin(Person, Person.id == VisitTarget.person_id)
            .where(VisitTarget.visit_id.in_(chosen))
        ):
            hids, labels = targets.setdefault(vid, ([], []))
            if hid:
                hids.append(hid)
            labels.append(address or pname or "")
        none: tuple[list[str], list[str]] = ([], [])
        out = []
        for vid, date, way, text, withdrawn_at in visits:
            mids, names = everyone.get(vid, none)
            hids, labels = targets.get(vid, none)
            out.append(
                VisitRow(
                    vid,
                    date,
                    way,
                    text,
                    tuple(mids),
                    tuple(names),
                    tuple(hids),
                    tuple(labels),
                    withdrawn_at is not None,
                )
            )
        return out


def get_visit(db: Database, visit_id: str) -> VisitRow:
    found = list_visits(db, include_withdrawn=True, visit_ids=[visit_id])
    if not found:
        raise NotFoundError(f"找不到编号为“{visit_id}”的走访记录")
    return found[0]
