"""The request ledger (求助 / 意见建议): 受理 → 办理中 (assigned, progress notes) → 办结 → 回访 (不满意 re-opens).
Never deleted (撤销 keeps the row); every step is a RequestEvent and an audit row, with who and when.

Issue 18 builds on this: ``list_requests`` returns :class:`RequestRow` (``as_json`` is the CLI's contract).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Team
from app.db.models_projects import Need
from app.db.models_service import Household, Person, RequestEvent, ServiceRequest
from app.domain import service_rules as rules
from app.domain.errors import NotFoundError, ValidationError
from app.services import audit, versions
from app.services.residents import common, links

COMMITTEE = "村（社区）两委"


@dataclass(frozen=True)
class RequestRow:
    id: str
    kind: str
    raised_on: dt.date
    source: str  # the household's address, the person's name, or 匿名
    household_id: str | None
    person_id: str | None
    channel: str
    category: str
    urgency: str
    text: str
    grid: str
    status: str
    assigned_to: str
    resolved_on: dt.date | None
    resolution: str
    satisfaction: str
    due_on: dt.date
    overdue: bool
    reopened: int
    adopted: bool
    need_id: str | None = None  # the 服务需求 it became (issue 18), and that need's project
    project_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "raised_on": self.raised_on.isoformat(),
            "source": self.source,
            "channel": self.channel,
            "category": self.category,
            "urgency": self.urgency,
            "text": self.text,
            "status": self.status,
            "assigned_to": self.assigned_to,
            "resolved_on": self.resolved_on.isoformat() if self.resolved_on else None,
            "satisfaction": self.satisfaction,
            "overdue": self.overdue,
            "need": {"id": self.need_id, "project_id": self.project_id} if self.need_id else None,
        }


@dataclass(frozen=True)
class EventRow:
    date: dt.date
    action: str
    note: str
    recorded_by: str
    recorded_at: dt.datetime


def _event(s: Session, actor: str, r: ServiceRequest, action: str, day: dt.date, note: str = "") -> None:
    s.add(RequestEvent(request_id=r.id, date=day, action=action, note=note, recorded_by=actor))
    audit.record(s, actor, action, "service_request", r.id, "status", None, f"{r.status} {note}".strip())


def _get(s: Session, request_id: str, lock: bool = True) -> ServiceRequest:
    if lock:  # its status decides the next step: one step at a time
        versions.lock(s, ServiceRequest, request_id)
    r = s.get(ServiceRequest, request_id)
    if r is None:
        raise NotFoundError(f"找不到编号为“{request_id}”的求助")
    return r


def add_request(
    db: Database,
    *,
    text: str,
    channel: str,
    category: str,
    household_id: str | None = None,
    person_id: str | None = None,
    urgency: str = "一般",
    kind: str = "求助",
    raised_on: dt.date | str | None = None,
    visit_id: str | None = None,
    today: dt.date | None = None,
) -> str:
    """受理 a request or a suggestion. No household and no person: anonymous."""
    conf = common.get_settings(db)
    text = text.strip()
    if not text:
        raise ValidationError("请写下群众反映的内容", field="text")
    kind = rules.choice(kind, rules.REQUEST_KINDS, "类型", "kind")
    channel = rules.choice(channel, rules.CHANNELS, "渠道", "channel")
    category = rules.choice(category, conf.categories, "类别", "category")
    urgency = rules.choice(urgency, conf.urgencies, "紧急程度", "urgency")
    day = common.day(raised_on, "受理日期", today)
    with db.session() as s, s.begin():
        grid_id = None
        if household_id:
            grid_id = common.household(s, household_id).grid_id
        if person_id:
            grid_id = grid_id or common.person(s, person_id).grid_id
        r = ServiceRequest(
            kind=kind,
            raised_on=day,
            household_id=household_id,
            person_id=person_id,
            channel=channel,
            category=category,
            urgency=urgency,
            text=text,
            grid_id=grid_id,
            visit_id=visit_id,
            status=rules.RECEIVED,
            created_by=db.actor,
        )
        s.add(r)
        s.flush()
        _event(s, db.actor, r, rules.RECEIVED, day, text[:100])
        return r.id


def assign_request(
    db: Database,
    request_id: str,
    *,
    member_id: str | None = None,
    team_id: str | None = None,
    committee: bool = False,
    date: dt.date | str | None = None,
) -> None:
    """办理中: give the request to a member, a team or the committee (reassigning is allowed while open)."""
    if sum((member_id is not None, team_id is not None, committee)) != 1:
        raise ValidationError("请指定一名党员、一个队伍或村（社区）两委来办理", field="assignee")
    with db.session() as s, s.begin():
        r = _get(s, request_id)
        rules.check_step(rules.ASSIGN, r.status)
        day = common.day(date, "指派日期")
        rules.check_dates(r.raised_on, day, "指派")
        if member_id:
            who = common.active_member(s, member_id).name
        elif team_id:
            team = s.get(Team, team_id)
            if team is None or not team.active:
                raise NotFoundError("找不到这个队伍")
            who = team.name
        else:
            who = COMMITTEE
        r.assigned_member_id, r.assigned_team_id, r.assigned_committee = member_id, team_id, committee
        r.status = rules.ASSIGN.leads_to
        _event(s, db.actor, r, rules.ASSIGN.action, day, f"交{who}办理")


def add_progress(db: Database, request_id: str, text: str, date: dt.date | str | None = None) -> None:
    text = text.strip()
    if not text:
        raise ValidationError("请写下办理进展", field="text")
    with db.session() as s, s.begin():
        r = _get(s, request_id)
        rules.check_step(rules.PROGRESS, r.status)
        day = common.day(date, "日期")
        rules.check_dates(r.raised_on, day, "进展")
        r.status = rules.PROGRESS.leads_to
        _event(s, db.actor, r, rules.PROGRESS.action, day, text)


def resolve_request(
    db: Database, request_id: str, text: str, date: dt.date | str | None = None, *, adopted: bool = False
) -> None:
    """办结: how it was resolved and when. Resolving twice is refused."""
    text = text.strip()
    if not text:
        raise ValidationError("请写下是怎么解决的", field="text")
    with db.session() as s, s.begin():
        r = _get(s, request_id)
        rules.check_step(rules.RESOLVE, r.status)
        day = common.day(date, "办结日期")
        rules.check_dates(r.raised_on, day, "办结")
        r.status, r.resolved_on, r.resolution = rules.RESOLVED, day, text
        r.adopted = adopted or r.adopted
        _event(s, db.actor, r, rules.RESOLVE.action, day, text)


def revisit_request(
    db: Database, request_id: str, satisfaction: str, date: dt.date | str | None = None, note: str = ""
) -> str:
    """回访: the resident's satisfaction; 不满意 re-opens the request (办理中). Returns the new status."""
    satisfaction = rules.choice(satisfaction, rules.SATISFACTION, "满意度", "satisfaction")
    with db.session() as s, s.begin():
        r = _get(s, request_id)
        rules.check_step(rules.REVISIT, r.status)
        day = common.day(date, "回访日期")
        assert r.resolved_on is not None
        rules.check_dates(r.resolved_on, day, "回访")
        r.satisfaction, r.revisited_on = satisfaction, day
        r.status = rules.after_revisit(satisfaction)
        _event(s, db.actor, r, rules.REVISIT.action, day, f"{satisfaction} {note}".strip())
        if r.status == rules.IN_PROGRESS:
            r.reopened += 1
            r.resolved_on = None
            _event(s, db.actor, r, "重办", day, "群众不满意，重新办理")
        return r.status


def withdraw_request(db: Database, request_id: str, reason: str) -> links.LinkResult:
    """撤销 a request entered by mistake (the row stays); deeds and points recorded from it are reversed."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("撤销要写明原因", field="reason")
    with db.session() as s, s.begin():
        r = _get(s, request_id)
        rules.check_step(rules.WITHDRAW, r.status)
        r.status = rules.WITHDRAWN
        _event(s, db.actor, r, rules.WITHDRAW.action, dt.date.today(), reason)
    return links.reverse_links(db, "request", request_id, reason)


def record_resolution_links(
    db: Database,
    request_id: str,
    *,
    deed: bool = True,
    deed_source: str = "群众反映",
    indicator: str | None = links.RESOLVE_INDICATOR,
) -> links.LinkResult:
    """One click after 办结: a deed and points for the member who resolved it."""
    r = get_request(db, request_id)
    if r.resolved_on is None or r.status not in (rules.RESOLVED, rules.REVISITED):
        raise ValidationError("这条求助还没有办结", field="status")
    with db.session() as s:
        member_id = _get(s, request_id, lock=False).assigned_member_id
    if member_id is None:
        raise ValidationError(
            "这条求助不是由某一名党员办理的，无法记入个人的闪光言行和积分", field="assignee"
        )
    text = f"办结群众{r.kind}（{r.category}）：{r.resolution}"
    return links.record_links(
        db,
        "request",
        r.id,
        [member_id],
        r.resolved_on,
        text,
        deed=deed,
        deed_source=deed_source,
        indicator=indicator,
    )


def list_requests(
    db: Database,
    *,
    status: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    request_ids: list[str] | None = None,
    today: dt.date | None = None,
) -> list[RequestRow]:
    today = today or dt.date.today()
    if status and status not in rules.STATUSES:
        raise ValidationError(f"状态只能是{'、'.join(rules.STATUSES)}", field="status")
    deadlines = common.get_settings(db).deadlines
    stmt = (
        select(ServiceRequest, Household.address, Person.name, Member.name, Team.name)
        .outerjoin(Household, Household.id == ServiceRequest.household_id)
        .outerjoin(Person, Person.id == ServiceRequest.person_id)
        .outerjoin(Member, Member.id == ServiceRequest.assigned_member_id)
        .outerjoin(Team, Team.id == ServiceRequest.assigned_team_id)
        .order_by(ServiceRequest.raised_on.desc(), ServiceRequest.created_at.desc())
    )
    if status:
        stmt = stmt.where(ServiceRequest.status == status)
    if start:
        stmt = stmt.where(ServiceRequest.raised_on >= start)
    if end:
        stmt = stmt.where(ServiceRequest.raised_on <= end)
    if request_ids is not None:
        stmt = stmt.where(ServiceRequest.id.in_(request_ids))
    with db.session() as s:
        grids = common.grid_names(s)
        became = {
            rid: (nid, pid)
            for rid, nid, pid in s.execute(
                select(Need.request_id, Need.id, Need.project_id).where(Need.request_id.is_not(None))
            )
        }
        out = []
        for r, address, pname, mname, tname in s.execute(stmt):
            assigned = mname or tname or (COMMITTEE if r.assigned_committee else "")
            out.append(
                RequestRow(
                    r.id,
                    r.kind,
                    r.raised_on,
                    address or pname or "匿名",
                    r.household_id,
                    r.person_id,
                    r.channel,
                    r.category,
                    r.urgency,
                    r.text,
                    grids.get(r.grid_id or "", ""),
                    r.status,
                    assigned,
                    r.resolved_on,
                    r.resolution,
                    r.satisfaction,
                    rules.due_on(r.raised_on, r.urgency, deadlines),
                    rules.is_overdue(r.status, r.raised_on, r.urgency, deadlines, today),
                    r.reopened,
                    r.adopted,
                    *became.get(r.id, (None, None)),
                )
            )
        return out


def get_request(db: Database, request_id: str) -> RequestRow:
    found = list_requests(db, request_ids=[request_id])
    if not found:
        raise NotFoundError(f"找不到编号为“{request_id}”的求助")
    return found[0]


def history(db: Database, request_id: str) -> list[EventRow]:
    with db.session() as s:
        _get(s, request_id, lock=False)
        return [
            EventRow(e.date, e.action, e.note, e.recorded_by, e.recorded_at)
            for e in s.scalars(
                select(RequestEvent)
                .where(RequestEvent.request_id == request_id)
                .order_by(RequestEvent.recorded_at)
            )
        ]
