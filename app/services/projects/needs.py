"""Needs (群众需求): collected on a visit, from a request in the ledger, at a 恳谈会 or by a 网格员."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models_projects import Need, Project
from app.db.models_service import Household, Person, ServiceRequest
from app.domain import project_rules as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit
from app.services.projects import common

MAX_TEXT = 500


@dataclass
class NeedDraft:
    category: str
    size: str
    text: str
    household_id: str | None = None
    person_id: str | None = None
    group_name: str = ""  # 空巢老人…, when the need is a group's
    raised_how: str = "走访"
    request_id: str | None = None
    raised_on: dt.date | None = None
    wanted_by: dt.date | None = None
    effort: str = ""


@dataclass(frozen=True)
class NeedRow:
    id: str
    category: str
    size: str
    text: str
    for_whom: str
    household_id: str | None
    person_id: str | None
    group_name: str
    raised_how: str
    request_id: str | None
    raised_on: dt.date
    wanted_by: dt.date | None
    effort: str
    project_id: str | None
    source: str = ""  # a request's text (求助：…) when the need came from the ledger

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "size": self.size,
            "text": self.text,
            "for": self.for_whom or None,
            "household_id": self.household_id,
            "person_id": self.person_id,
            "raised_how": self.raised_how,
            "request_id": self.request_id,
            "raised_on": common.iso(self.raised_on),
            "wanted_by": common.iso(self.wanted_by),
            "effort": self.effort,
            "project_id": self.project_id,
            "source": self.source or None,
        }


@dataclass(frozen=True)
class RequestLink:
    """What became of a ledger request: its need and, once set, the project (title and state)."""

    need_id: str
    project_id: str | None
    project_title: str
    project_status: str

    @property
    def label(self) -> str:
        if not self.project_id:
            return "已转服务需求（待立项）"
        return f"服务项目“{self.project_title}”（{self.project_status}）"


def draft_from_request(db: Database, request_id: str, categories: tuple[str, ...]) -> NeedDraft:
    """A need prefilled from a ledger request: its text, household or person; its category when the project
    categories have it (else 其他); a personal need unless the clerk says otherwise."""
    with db.session() as s:
        r = s.get(ServiceRequest, request_id)
        if r is None:
            raise NotFoundError(f"找不到编号为“{request_id}”的求助")
        category = (
            r.category if r.category in categories else ("其他" if "其他" in categories else categories[0])
        )
        return NeedDraft(
            category=category,
            size=rules.SMALL,
            text=r.text[:MAX_TEXT],
            household_id=r.household_id,
            person_id=r.person_id,
            raised_how="求助",
            request_id=r.id,
        )


def request_links(db: Database, request_ids: Sequence[str] | None = None) -> dict[str, RequestLink]:
    """request id → its need and project, for the ledger (求助与建议) to show what became of each."""
    stmt = (
        select(Need.request_id, Need.id, Need.project_id, Project.title, Project.status)
        .outerjoin(Project, Project.id == Need.project_id)
        .where(Need.request_id.is_not(None))
    )
    if request_ids is not None:
        stmt = stmt.where(Need.request_id.in_(list(request_ids)))
    with db.session() as s:
        return {
            str(rid): RequestLink(nid, pid, title or "", status or "")
            for rid, nid, pid, title, status in s.execute(stmt)
        }


def resolve_for(db: Database, ref: str) -> tuple[str | None, str | None]:
    """``--for``: a household or a person, by id or a 4+ character prefix → (household_id, person_id)."""
    from app.services.residents import common as residents

    try:
        return residents.resolve_household_id(db, ref), None
    except NotFoundError:
        return None, residents.resolve_person_id(db, ref)


def add_need(db: Database, d: NeedDraft, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    text = d.text.strip()
    if not text:
        raise ValidationError("请写需求内容，例如“给独居的李奶奶买一副轮椅”", field="text")
    if len(text) > MAX_TEXT:
        raise ValidationError(f"需求内容最多 {MAX_TEXT} 字", field="text")
    if d.raised_how not in rules.RAISED_HOW:
        raise ValidationError(f"收集方式只能是{'、'.join(rules.RAISED_HOW)}", field="raised_how")
    raised_on = d.raised_on or today
    if raised_on > today:
        raise ValidationError(f"收集日期 {raised_on} 还没到", field="raised_on")
    if d.wanted_by and d.wanted_by < raised_on:
        raise ValidationError("希望完成日期不能早于收集日期", field="wanted_by")
    category = common.check_category(db, d.category)
    size = common.check_size(d.size)
    with db.session() as s, s.begin():
        if d.household_id and s.get(Household, d.household_id) is None:
            raise NotFoundError(f"找不到编号为“{d.household_id}”的住户")
        if d.person_id and s.get(Person, d.person_id) is None:
            raise NotFoundError(f"找不到编号为“{d.person_id}”的人员")
        if d.request_id and s.get(ServiceRequest, d.request_id) is None:
            raise NotFoundError(f"找不到编号为“{d.request_id}”的求助")
        if d.request_id and s.scalar(select(Need.id).where(Need.request_id == d.request_id).limit(1)):
            raise UserError("这条求助已经转为服务需求，不用再转（在“服务项目 → 需求”里能看到）")
        need = Need(
            category=category,
            size=size,
            text=text,
            household_id=d.household_id,
            person_id=d.person_id,
            group_name=d.group_name.strip(),
            raised_how="求助" if d.request_id else d.raised_how,
            request_id=d.request_id,
            raised_on=raised_on,
            wanted_by=d.wanted_by,
            effort=d.effort.strip(),
            created_by=db.actor,
        )
        s.add(need)
        s.flush()
        audit.record(s, db.actor, "create", "need", need.id, "text", None, text)
        return need.id


def list_needs(
    db: Database,
    *,
    year: int | None = None,
    open_only: bool = False,
    category: str | None = None,
    project_id: str | None = None,
    request_id: str | None = None,
) -> list[NeedRow]:
    stmt = (
        select(Need, Household.address, Person.name, ServiceRequest.text)
        .outerjoin(Household, Household.id == Need.household_id)
        .outerjoin(Person, Person.id == Need.person_id)
        .outerjoin(ServiceRequest, ServiceRequest.id == Need.request_id)
        .order_by(Need.raised_on.desc(), Need.created_at.desc())
    )
    if year:
        stmt = stmt.where(Need.raised_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if open_only:
        stmt = stmt.where(Need.project_id.is_(None))
    if category:
        stmt = stmt.where(Need.category == category)
    if project_id:
        stmt = stmt.where(Need.project_id == project_id)
    if request_id:
        stmt = stmt.where(Need.request_id == request_id)
    with db.session() as s:
        return [
            NeedRow(
                id=n.id,
                category=n.category,
                size=n.size,
                text=n.text,
                for_whom=person or address or n.group_name,
                household_id=n.household_id,
                person_id=n.person_id,
                group_name=n.group_name,
                raised_how=n.raised_how,
                request_id=n.request_id,
                raised_on=n.raised_on,
                wanted_by=n.wanted_by,
                effort=n.effort,
                project_id=n.project_id,
                source=f"求助：{request}" if request else "",
            )
            for n, address, person, request in s.execute(stmt)
        ]
