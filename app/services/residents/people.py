"""The register of people beyond the Party roster: residents, 网格员, 社区工作者, 报到党员… (never the roster).

Issue 18 builds on this: ``list_people`` / ``get_person`` return :class:`PersonRow`; ``add_person`` and
``update_person`` take a :class:`PersonDraft`; ids are stable UUIDs.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import utcnow
from app.db.models_service import Person
from app.domain import service_rules as rules
from app.domain.errors import ValidationError
from app.domain.id_number import parse_id_number
from app.domain.pinyin import FindKey, find_key, name_pinyin
from app.domain.roster_rules import validate_mobile
from app.services import audit, versions
from app.services.residents import common


@dataclass
class PersonDraft:
    name: str
    phone: str = ""
    gender: str = ""
    id_number: str = ""
    address: str = ""
    household_id: str | None = None
    grid: str = ""  # the grid's name
    roles: list[str] = field(default_factory=lambda: ["居民"])
    organization: str = ""
    post: str = ""
    note: str = ""
    active: bool = True
    photo: str = ""  # file name inside the photos folder (see app.services.photos.store_photo)


@dataclass(frozen=True)
class PersonRow:
    id: str
    name: str
    phone: str
    gender: str
    address: str
    household_id: str | None
    grid: str
    roles: tuple[str, ...]
    organization: str
    post: str
    note: str
    active: bool
    has_id_number: bool  # the number itself never leaves the service
    photo: str  # file name inside the photos folder ("" when none)
    find: FindKey

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data.pop("find")
        data["roles"] = list(self.roles)
        return data


def _check(s: Session, d: PersonDraft) -> dict[str, Any]:
    name = d.name.strip()
    if not name:
        raise ValidationError("姓名不能为空", field="name")
    id_number = d.id_number.strip().upper()
    if id_number:
        parse_id_number(id_number)
    gender = d.gender.strip()
    if gender not in ("", "男", "女"):
        raise ValidationError("性别只能是男或女", field="gender")
    full, initials = name_pinyin(name)
    return {
        "name": name,
        "phone": validate_mobile(d.phone),
        "gender": gender,
        "id_number": id_number,
        "address": d.address.strip(),
        "household_id": d.household_id or None,
        "grid_id": common.grid_id_by_name(s, d.grid),
        "roles": json.dumps(rules.check_roles(d.roles, d.organization), ensure_ascii=False),
        "organization": d.organization.strip(),
        "post": d.post.strip(),
        "note": d.note.strip(),
        "active": d.active,
        "photo": d.photo.strip(),
        "pinyin_full": full,
        "pinyin_initials": initials,
    }


def add_person(db: Database, draft: PersonDraft) -> str:
    with db.session() as s, s.begin():
        values = _check(s, draft)
        if values["household_id"]:
            common.household(s, values["household_id"])
        p = Person(**values)
        s.add(p)
        s.flush()
        audit.record(s, db.actor, "create", "person", p.id, "name", None, p.name)
        return p.id


def update_person(db: Database, person_id: str, draft: PersonDraft, version: int | None = None) -> int:
    """Save the changes; returns how many fields changed (each one audited, the ID number masked).
    ``version``: the one the editor loaded (versions.loaded before the draft; a stale one is refused)."""
    with db.session() as s, s.begin():
        versions.claim(s, Person, person_id, version, "person", f"找不到编号为“{person_id}”的人员")
        p = common.person(s, person_id)
        values = _check(s, draft)
        changed = 0
        for key, value in values.items():
            before = getattr(p, key)
            if before != value:
                masked = key == "id_number"
                audit.record(
                    s,
                    db.actor,
                    "update",
                    "person",
                    p.id,
                    key,
                    "***" if masked else before,
                    "***" if masked else value,
                )
                setattr(p, key, value)
                changed += 1
        if changed:
            p.updated_at = utcnow()
        else:
            versions.release(s, Person, person_id)
        return changed


def draft_of(db: Database, person_id: str) -> PersonDraft:
    with db.session() as s:
        p = common.person(s, person_id)
        grids = common.grid_names(s)
        return PersonDraft(
            name=p.name,
            phone=p.phone,
            gender=p.gender,
            id_number=p.id_number,
            address=p.address,
            household_id=p.household_id,
            grid=grids.get(p.grid_id or "", ""),
            roles=common.tags_of(p.roles),
            organization=p.organization,
            post=p.post,
            note=p.note,
            active=p.active,
            photo=p.photo,
        )


def _row(p: Person, grids: dict[str, str]) -> PersonRow:
    return PersonRow(
        p.id,
        p.name,
        p.phone,
        p.gender,
        p.address,
        p.household_id,
        grids.get(p.grid_id or "", ""),
        tuple(common.tags_of(p.roles)),
        p.organization,
        p.post,
        p.note,
        p.active,
        bool(p.id_number),
        p.photo,
        find_key(p.name, p.pinyin_full, p.pinyin_initials, "", p.phone),
    )


def list_people(
    db: Database, role: str | None = None, include_inactive: bool = False, person_ids: list[str] | None = None
) -> list[PersonRow]:
    stmt = select(Person).order_by(Person.pinyin_full)
    if not include_inactive:
        stmt = stmt.where(Person.active.is_(True))
    if person_ids is not None:
        stmt = stmt.where(Person.id.in_(person_ids))
    if role:
        # JSON text: '"网格员"' inside the list (role names are not substrings of each other's quoted forms).
        stmt = stmt.where(Person.roles.contains(json.dumps(role, ensure_ascii=False)))
    with db.session() as s:
        grids = common.grid_names(s)
        return [_row(p, grids) for p in s.scalars(stmt)]


def get_person(db: Database, person_id: str) -> PersonRow:
    with db.session() as s:
        return _row(common.person(s, person_id), common.grid_names(s))


def photo_file(db: Database, person_id: str) -> str:
    """The person's photo file name inside the photos folder ("" when none)."""
    with db.session() as s:
        return common.person(s, person_id).photo
