"""What every part of 服务项目 shares: the category setting, lookups, claimant names, the event row, the row shape."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Team
from app.db.models_projects import Need, Project, ProjectEvent
from app.db.models_service import Person
from app.domain import project_rules as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit, lookup, settings

SETTING_KEY = "projects.categories"


def categories(db: Database) -> tuple[str, ...]:
    """The configurable list of categories (便民利民, 扶贫帮困…)."""
    return tuple(settings.get(db, SETTING_KEY, None) or rules.DEFAULT_CATEGORIES)


def save_categories(db: Database, values: list[str]) -> None:
    cleaned = [v.strip() for v in values if v.strip()]
    if not cleaned:
        raise ValidationError("至少要有一个项目类别", field="categories")
    settings.put(db, SETTING_KEY, cleaned)


def add_category(db: Database, name: str) -> None:
    name = _category_name(name)
    values = list(categories(db))
    if name in values:
        raise UserError(f"已经有“{name}”这个类别")
    save_categories(db, [*values, name])


def retire_category(db: Database, name: str) -> None:
    """停用: no longer offered for new needs and projects; the ones already in it keep it."""
    values = list(categories(db))
    if name not in values:
        raise NotFoundError(f"没有“{name}”这个类别")
    if len(values) == 1:
        raise UserError("至少要留一个项目类别")
    save_categories(db, [v for v in values if v != name])


def rename_category(db: Database, old: str, new: str) -> int:
    """改名: the setting and every need and project of that category, in one transaction; returns how many
    needs and projects were renamed."""
    new = _category_name(new)
    values = list(categories(db))
    if old not in values:
        raise NotFoundError(f"没有“{old}”这个类别")
    if new in values:
        raise UserError(f"已经有“{new}”这个类别")
    renamed = [new if v == old else v for v in values]
    with db.session() as s, s.begin():
        before, text = settings.store(s, SETTING_KEY, renamed)
        audit.record(s, db.actor, "update", "setting", SETTING_KEY, SETTING_KEY, before, text)
        n = 0
        for model in (Need, Project):
            result = s.execute(update(model).where(model.category == old).values(category=new))
            n += int(getattr(result, "rowcount", 0) or 0)
        return n


def _category_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("请写类别名称", field="category")
    if len(name) > 20 or "、" in name:
        raise ValidationError("类别名称最多 20 个字，不能含顿号", field="category")
    return name


def check_category(db: Database, category: str) -> str:
    category = category.strip()
    allowed = categories(db)
    if category not in allowed:
        raise ValidationError(f"类别只能是{'、'.join(allowed)}，不能是“{category}”", field="category")
    return category


def check_size(size: str) -> str:
    if size not in rules.SIZES:
        raise ValidationError(f"规模只能是{'、'.join(rules.SIZES)}", field="size")
    return size


def project(s: Session, project_id: str) -> Project:
    p = s.get(Project, project_id)
    if p is None:
        raise NotFoundError(f"找不到编号为“{project_id}”的项目")
    return p


def resolve_project_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Project, ref, "项目")


def resolve_need_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Need, ref, "需求")


def claimant_names(s: Session, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(kind, id) → display name, for members, people and teams, in three queries at most."""
    by_kind: dict[str, set[str]] = {}
    for kind, cid in pairs:
        by_kind.setdefault(kind, set()).add(cid)
    models: dict[str, Any] = {rules.MEMBER: Member, rules.PERSON: Person, rules.TEAM: Team}
    names: dict[tuple[str, str], str] = {}
    for kind, ids in by_kind.items():
        model = models.get(kind)
        if model is None:
            continue
        for rid, name in s.execute(select(model.id, model.name).where(model.id.in_(ids))):
            names[(kind, rid)] = name
    return names


def record_event(
    s: Session, actor: str, p: Project, day: dt.date, action: str, text: str = "", photo: str = ""
) -> None:
    s.add(
        ProjectEvent(
            project_id=p.id,
            date=day,
            action=action,
            text=text,
            photo=photo,
            claimant_kind=p.claimant_kind,
            claimant_id=p.claimant_id,
            recorded_by=actor,
        )
    )


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True)
class ProjectRow:
    id: str
    title: str
    category: str
    size: str
    status: str
    goal: str
    measure: str
    unit: str
    deadline: dt.date
    published_on: dt.date | None
    claimant: str
    claimant_kind: str
    claimant_id: str | None
    claimed_on: dt.date | None
    overdue: bool
    completed_on: dt.date | None
    done_text: str
    people_served: int
    satisfaction: str
    before_photo: str
    after_photo: str
    withdrawn_reason: str
    need_ids: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "size": self.size,
            "status": self.status,
            "claimant": self.claimant or None,
            "claimant_kind": self.claimant_kind or None,
            "deadline": iso(self.deadline),
            "overdue": self.overdue,
            "completed_on": iso(self.completed_on),
            "satisfaction": self.satisfaction or None,
        }


def to_row(p: Project, claimant: str, today: dt.date, need_ids: tuple[str, ...] = ()) -> ProjectRow:
    return ProjectRow(
        id=p.id,
        title=p.title,
        category=p.category,
        size=p.size,
        status=p.status,
        goal=p.goal,
        measure=p.measure,
        unit=p.unit,
        deadline=p.deadline,
        published_on=p.published_on,
        claimant=claimant,
        claimant_kind=p.claimant_kind,
        claimant_id=p.claimant_id,
        claimed_on=p.claimed_on,
        overdue=rules.is_overdue(p.status, p.deadline, today),
        completed_on=p.completed_on,
        done_text=p.done_text,
        people_served=p.people_served,
        satisfaction=p.satisfaction,
        before_photo=p.before_photo,
        after_photo=p.after_photo,
        withdrawn_reason=p.withdrawn_reason,
        need_ids=need_ids,
    )
