"""The audit trail: who changed what, when, before → after — always inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import AuditEntry


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    field: str = "",
    before: object = None,
    after: object = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            field=field,
            before=_text(before),
            after=_text(after),
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    field: str
    before: str | None
    after: str | None


def history(
    db: Database, entity: str | None = None, entity_id: str | None = None, limit: int = 500
) -> list[AuditRow]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    with db.session() as s:
        return [
            AuditRow(a.at, a.actor, a.action, a.entity, a.entity_id, a.field, a.before, a.after)
            for a in s.scalars(stmt)
        ]
