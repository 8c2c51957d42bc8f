"""From a visit or a resolved request to a 闪光言行 deed and a points entry for the members involved, linked
back to the source; withdrawing the source withdraws the deeds and reverses the points (nothing is deleted).

One transaction per member holds the deed, the points entry and the link, so a crash never leaves a deed or
points that withdrawing the source could not find. The deed and points services write inside it (their own
rules: the quarter must be open, the indicator must exist in the year's rule set, caps apply), each in a
SAVEPOINT: a member refused one of them still gets the other and the link, is named in the result, and the
other members still get theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.db.database import Database
from app.db.models import utcnow
from app.db.models_service import ServiceLink
from app.domain.errors import UserError
from app.domain.periods import quarter_of
from app.faults import fault_point
from app.services import evaluations, points

VISIT_INDICATOR = "联系走访群众"
RESOLVE_INDICATOR = "联系走访群众"
DEED_CATEGORY = "服务群众"
SOURCES = ("群众反映", "支部记录")


@dataclass(frozen=True)
class LinkRow:
    member_id: str
    deed_id: str | None
    point_entry_id: str | None
    reversed: bool


@dataclass
class LinkResult:
    deeds: int = 0
    points: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        text = f"记入闪光言行 {self.deeds} 条，积分 {self.points} 条"
        return text + ("；" + "；".join(self.problems) if self.problems else "") + "。"


def record_links(
    db: Database,
    source_kind: str,
    source_id: str,
    member_ids: Sequence[str],
    day: dt.date,
    text: str,
    *,
    deed: bool = True,
    deed_source: str = "支部记录",
    indicator: str | None = VISIT_INDICATOR,
) -> LinkResult:
    from app.services import accounts

    accounts.require_members(db, member_ids)  # one transaction per member: refuse all or none
    result = LinkResult()
    fields: evaluations.DeedFields | None = None
    refused: UserError | None = None
    if deed:
        try:
            fields = evaluations.check_deed(
                db, quarter_of(day).id, text, date=day, category=DEED_CATEGORY, source=deed_source
            )
        except UserError as exc:
            refused = exc
    for member_id in dict.fromkeys(member_ids):
        deed_id = entry_id = None
        with db.session() as s, s.begin():
            if refused is not None:
                result.problems.append(f"闪光言行未记：{refused}")
            elif fields is not None:
                try:
                    with s.begin_nested():
                        deed_id = evaluations.record_deed(s, db.actor, member_id, fields)
                    result.deeds += 1
                except UserError as exc:
                    result.problems.append(f"闪光言行未记：{exc}")
            fault_point("link-deed-written")  # a kill here (or anywhere before the commit) writes nothing
            if indicator:
                try:
                    with s.begin_nested():
                        added = points.record_entry(s, db.actor, member_id, indicator, day, note=text[:60])
                    entry_id = added.entry_id
                    result.points += 1
                except UserError as exc:
                    result.problems.append(f"积分未记：{exc}")
            if deed_id or entry_id:
                s.add(
                    ServiceLink(
                        source_kind=source_kind,
                        source_id=source_id,
                        member_id=member_id,
                        deed_id=deed_id,
                        point_entry_id=entry_id,
                    )
                )
    return result


def reverse_links(db: Database, source_kind: str, source_id: str, reason: str) -> LinkResult:
    """Withdraw the deeds and reverse the points recorded from this source (one transaction per link)."""
    result = LinkResult()
    with db.session() as s:
        link_ids = list(
            s.scalars(
                select(ServiceLink.id).where(
                    ServiceLink.source_kind == source_kind,
                    ServiceLink.source_id == source_id,
                    ServiceLink.reversed_at.is_(None),
                )
            )
        )
        members = list(s.scalars(select(ServiceLink.member_id).where(ServiceLink.id.in_(link_ids))))
    from app.services import accounts

    accounts.require_members(db, members)  # one transaction per link: refuse all or none
    for link_id in link_ids:
        with db.session() as s, s.begin():
            link = s.get(ServiceLink, link_id)
            if link is None or link.reversed_at is not None:
                continue  # reversed meanwhile by another window
            if link.deed_id:
                try:
                    with s.begin_nested():
                        evaluations.record_withdrawal(s, db.actor, link.deed_id)
                    result.deeds += 1
                except UserError as exc:
                    result.problems.append(f"闪光言行未撤回：{exc}")
            if link.point_entry_id:
                try:
                    with s.begin_nested():
                        points.record_reversal(s, db.actor, link.point_entry_id, reason)
                    result.points += 1
                except UserError as exc:
                    result.problems.append(f"积分未冲销：{exc}")
            link.reversed_at = utcnow()
    return result


def links_of(db: Database, source_kind: str, source_id: str) -> list[LinkRow]:
    with db.session() as s:
        return [
            LinkRow(r.member_id, r.deed_id, r.point_entry_id, r.reversed_at is not None)
            for r in s.scalars(
                select(ServiceLink).where(
                    ServiceLink.source_kind == source_kind, ServiceLink.source_id == source_id
                )
            )
        ]
