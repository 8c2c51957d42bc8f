"""The project pool (项目库): needs turned into projects, published (公示), withdrawn with a reason; reading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from app.db.database import Database
from app.db.models import utcnow
from app.db.models_projects import Need, Project, ProjectEvent
from app.domain import project_rules as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit
from app.services.projects import common
from app.services.projects.common import ProjectRow

MAX_TITLE = 100


@dataclass
class ProjectDraft:
    need_ids: Sequence[str]
    goal: str
    deadline: dt.date
    title: str = ""  # blank: the first need's text
    measure: str = ""  # 考核标准
    unit: str = ""  # the responsible unit (支部, 网格…)
    category: str = ""  # blank: the first need's
    size: str = ""  # blank: 集体项目 when any need is collective or several are merged, else 个人小项目


@dataclass(frozen=True)
class EventRow:
    date: dt.date
    action: str
    text: str
    photo: str
    claimant: str
    recorded_by: str


def add_project(db: Database, d: ProjectDraft, today: dt.date | None = None) -> str:
    """One need → one project, or several needs into one project; the needs leave the inbox."""
    today = today or dt.date.today()
    goal = d.goal.strip()
    if not goal:
        raise ValidationError("请写项目目标，例如“为 12 户空巢老人每周上门一次”", field="goal")
    if d.deadline < today:
        raise ValidationError(f"完成期限 {d.deadline} 已经过去", field="deadline")
    if not d.need_ids:
        raise ValidationError("请给出至少一条需求", field="need", cli_hint="--from-need")
    with db.session() as s, s.begin():
        needs = []
        for nid in dict.fromkeys(d.need_ids):
            n = s.get(Need, nid)
            if n is None:
                raise NotFoundError(f"找不到编号为“{nid}”的需求")
            if n.project_id:
                raise UserError(f"需求“{n.text[:20]}”已经立项，不能再放进别的项目")
            needs.append(n)
        title = (d.title.strip() or needs[0].text)[:MAX_TITLE]
        category = common.check_category(db, d.category) if d.category else needs[0].category
        if d.size:
            size = common.check_size(d.size)
        else:
            collective = len(needs) > 1 or any(n.size == rules.COLLECTIVE for n in needs)
            size = rules.COLLECTIVE if collective else rules.SMALL
        p = Project(
            title=title,
            category=category,
            size=size,
            goal=goal,
            measure=d.measure.strip(),
            deadline=d.deadline,
            unit=d.unit.strip(),
            status=rules.DRAFT,
        )
        s.add(p)
        s.flush()
        for n in needs:
            n.project_id = p.id
            audit.record(s, db.actor, "update", "need", n.id, "project_id", None, p.id)
        audit.record(s, db.actor, "create", "project", p.id, "title", None, title)
        common.record_event(s, db.actor, p, today, "立项", goal)
        return p.id


def publish_project(db: Database, project_id: str, on: dt.date | None = None) -> None:
    """公示: the project enters the pool and can be claimed."""
    on = on or dt.date.today()
    with db.session() as s, s.begin():
        p = common.project(s, project_id)
        if p.status != rules.DRAFT:
            raise UserError(f"这个项目已经是“{p.status}”，不用再公示")
        audit.record(s, db.actor, "publish", "project", p.id, "status", p.status, rules.OPEN)
        p.status, p.published_on, p.updated_at = rules.OPEN, on, utcnow()
        common.record_event(s, db.actor, p, on, "公示")


def withdraw_project(db: Database, project_id: str, reason: str, today: dt.date | None = None) -> None:
    """撤回: never deleted; a claimed project must be handed back first, a done one cannot be withdrawn."""
    today = today or dt.date.today()
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写撤回原因", field="reason")
    with db.session() as s, s.begin():
        p = common.project(s, project_id)
        if p.status == rules.WITHDRAWN:
            raise UserError("这个项目已经撤回")
        if p.status == rules.CLAIMED:
            raise UserError("项目已被认领，请先交回再撤回", cli_hint="projects hand-back")
        if p.status in (rules.DONE, rules.JUDGED):
            raise UserError("项目已经完成，不能撤回；完成登记有误请先撤销完成", cli_hint="projects reopen")
        audit.record(s, db.actor, "withdraw", "project", p.id, "status", p.status, rules.WITHDRAWN)
        p.status, p.withdrawn_reason, p.updated_at = rules.WITHDRAWN, reason, utcnow()
        common.record_event(s, db.actor, p, today, "撤回", reason)


def list_projects(
    db: Database,
    *,
    status: str | None = None,
    year: int | None = None,
    overdue_only: bool = False,
    claimant: tuple[str, str] | None = None,
    today: dt.date | None = None,
) -> list[ProjectRow]:
    """Projects, newest deadline last; ``status`` one of STATUSES; ``year`` by deadline or completion."""
    today = today or dt.date.today()
    if status and status not in rules.STATUSES:
        raise ValidationError(f"状态只能是{'、'.join(rules.STATUSES)}", field="status")
    stmt = select(Project).order_by(Project.deadline, Project.created_at)
    if status:
        stmt = stmt.where(Project.status == status)
    if year:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        stmt = stmt.where(Project.deadline.between(start, end) | Project.completed_on.between(start, end))
    if overdue_only:
        stmt = stmt.where(Project.status.in_((rules.OPEN, rules.CLAIMED)), Project.deadline < today)
    if claimant:
        stmt = stmt.where(Project.claimant_kind == claimant[0], Project.claimant_id == claimant[1])
    with db.session() as s:
        projects = list(s.scalars(stmt))
        names = common.claimant_names(
            s, {(p.claimant_kind, p.claimant_id) for p in projects if p.claimant_id}
        )
        return [
            common.to_row(p, names.get((p.claimant_kind, p.claimant_id or ""), ""), today) for p in projects
        ]


def get_project(db: Database, project_id: str, today: dt.date | None = None) -> ProjectRow:
    today = today or dt.date.today()
    with db.session() as s:
        p = common.project(s, project_id)
        names = common.claimant_names(s, {(p.claimant_kind, p.claimant_id)} if p.claimant_id else set())
        need_ids = tuple(s.scalars(select(Need.id).where(Need.project_id == p.id)))
        return common.to_row(p, names.get((p.claimant_kind, p.claimant_id or ""), ""), today, need_ids)


def history(db: Database, project_id: str) -> list[EventRow]:
    """The project's card: every step with the claimant of the time, oldest first."""
    with db.session() as s:
        common.project(s, project_id)
        events = list(
            s.scalars(
                select(ProjectEvent)
                .where(ProjectEvent.project_id == project_id)
                .order_by(ProjectEvent.date, ProjectEvent.recorded_at)
            )
        )
        names = common.claimant_names(s, {(e.claimant_kind, e.claimant_id) for e in events if e.claimant_id})
        return [
            EventRow(
                e.date,
                e.action,
                e.text,
                e.photo,
                names.get((e.claimant_kind, e.claimant_id or ""), ""),
                e.recorded_by,
            )
            for e in events
        ]


def progress_notes(
    db: Database, project_ids: Sequence[str], start: dt.date, end: dt.date
) -> dict[str, list[str]]:
    """Progress notes between ``start`` and ``end`` by project, newest first (the monthly 进度公开)."""
    out: dict[str, list[str]] = {}
    with db.session() as s:
        for pid, text in s.execute(
            select(ProjectEvent.project_id, ProjectEvent.text)
            .where(
                ProjectEvent.action == "进度",
                ProjectEvent.date.between(start, end),
                ProjectEvent.project_id.in_(list(project_ids)),
            )
            .order_by(ProjectEvent.date.desc(), ProjectEvent.recorded_at.desc())
        ):
            out.setdefault(pid, []).append(text)
    return out


def progress_photos(
    db: Database, project_ids: Sequence[str], start: dt.date, end: dt.date
) -> dict[str, list[str]]:
    """The stored names of the progress photos between ``start`` and ``end`` by project, newest first (the step
    carries its first photo, each further one is a 照片 event whose text names the step)."""
    out: dict[str, list[str]] = {}
    with db.session() as s:
        for pid, name in s.execute(
            select(ProjectEvent.project_id, ProjectEvent.photo)
            .where(
                or_(
                    ProjectEvent.action == "进度",
                    and_(ProjectEvent.action == "照片", ProjectEvent.text == "进度"),
                ),
                ProjectEvent.photo != "",
                ProjectEvent.date.between(start, end),
                ProjectEvent.project_id.in_(list(project_ids)),
            )
            .order_by(ProjectEvent.date.desc(), ProjectEvent.recorded_at)
        ):
            out.setdefault(pid, []).append(name)
    return out
