"""What every part of 服务群众 shares: its settings (tags, categories, deadlines, pairing target) and lookups."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Grid, Member
from app.db.models_service import Household, Person, ServiceRequest, Visit
from app.domain import service_rules as rules
from app.domain.dates import parse_date
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import lookup, settings

SETTING_KEY = "service.settings"


@dataclass(frozen=True)
class ServiceSettings:
    household_tags: tuple[str, ...] = rules.DEFAULT_HOUSEHOLD_TAGS
    categories: tuple[str, ...] = rules.DEFAULT_CATEGORIES
    deadlines: dict[str, int] = field(default_factory=lambda: dict(rules.DEFAULT_DEADLINES))
    pairing_target: tuple[int, int] = rules.DEFAULT_PAIRING_TARGET
    hide_household_names: bool = False  # 联户公示牌: addresses only

    @property
    def urgencies(self) -> tuple[str, ...]:
        return tuple(self.deadlines)


def get_settings(db: Database) -> ServiceSettings:
    raw = settings.get(db, SETTING_KEY, None) or {}
    base = ServiceSettings()
    target = raw.get("pairing_target") or base.pairing_target
    return ServiceSettings(
        household_tags=tuple(raw.get("household_tags") or base.household_tags),
        categories=tuple(raw.get("categories") or base.categories),
        deadlines={str(k): int(v) for k, v in (raw.get("deadlines") or base.deadlines).items()},
        pairing_target=(int(target[0]), int(target[1])),
        hide_household_names=bool(raw.get("hide_household_names", False)),
    )


def save_settings(db: Database, value: ServiceSettings) -> None:
    tags = [t.strip() for t in value.household_tags if t.strip()]
    categories = [c.strip() for c in value.categories if c.strip()]
    if not categories:
        raise ValidationError("至少要有一个求助类别", field="categories")
    if not value.deadlines or any(days < 1 for days in value.deadlines.values()):
        raise ValidationError("每个紧急程度的办理期限至少 1 天", field="deadlines")
    low, high = value.pairing_target
    if low < 0 or high < low:
        raise ValidationError("联户目标户数写成“最少–最多”，如 5–10", field="pairing_target")
    settings.put(
        db,
        SETTING_KEY,
        {
            "household_tags": tags,
            "categories": categories,
            "deadlines": dict(value.deadlines),
            "pairing_target": [low, high],
            "hide_household_names": value.hide_household_names,
        },
    )


def day(value: dt.date | str | None, label: str = "日期", today: dt.date | None = None) -> dt.date:
    """A date typed by the clerk (blank: today); never in the future."""
    today = today or dt.date.today()
    parsed = parse_date(value, label, "date") if value not in (None, "") else None
    result = parsed.value if parsed else today
    if result > today:
        raise ValidationError(f"{label} {result.isoformat()} 还没到", field="date")
    return result


def tags_of(text: str) -> list[str]:
    return [str(t) for t in json.loads(text or "[]")]


def active_member(s: Session, member_id: str) -> Member:
    m = s.get(Member, member_id)
    if m is None:
        raise NotFoundError(f"找不到编号为“{member_id}”的党员")
    if m.status != MemberStatus.ACTIVE:
        raise UserError(f"{m.name}已经{m.status}，不在册")
    return m


def household(s: Session, household_id: str) -> Household:
    h = s.get(Household, household_id)
    if h is None:
        raise NotFoundError(f"找不到编号为“{household_id}”的住户")
    return h


def person(s: Session, person_id: str) -> Person:
    p = s.get(Person, person_id)
    if p is None:
        raise NotFoundError(f"找不到编号为“{person_id}”的人员")
    return p


def grid_id_by_name(s: Session, name: str | None) -> str | None:
    name = (name or "").strip()
    if not name:
        return None
    found = s.scalar(select(Grid.id).where(Grid.name == name))
    if found is None:
        raise NotFoundError(f"找不到名为“{name}”的网格（在“组织与网格”页或 org grid-add 添加）")
    return found


def grid_names(s: Session) -> dict[str, str]:
    return {gid: name for gid, name in s.execute(select(Grid.id, Grid.name))}


def resolve_household_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Household, ref, "住户")


def resolve_person_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Person, ref, "人员")


def resolve_request_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, ServiceRequest, ref, "求助")


def resolve_visit_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, Visit, ref, "走访记录")
