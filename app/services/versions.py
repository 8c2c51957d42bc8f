"""Optimistic locking: an editor saves only over the version it loaded (several clerks at once, issue 21).

``claim(s, Model, id, expected, entity)`` runs first in a save's transaction: one UPDATE that both compares
and bumps the version (``WHERE id = :id AND version = :expected``). On PostgreSQL the UPDATE takes the row's
lock, so a second save waits for the first and then matches nothing; SQLite is serialised by BEGIN
IMMEDIATE. Nothing is compared in Python. A stale save raises :class:`StaleRecord` with who changed the
record and when (the record's last audit row), and its transaction writes nothing.

``expected=None`` (the CLI without ``--version``) saves over whatever is current — there is no loaded copy
to be stale — and still bumps the version, so an open editor elsewhere learns of the change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import AuditEntry
from app.domain.errors import NotFoundError, UserError


class StaleRecord(UserError):
    """Refused: the record changed after the editor loaded it. Nothing was written."""


def claim(s: Session, model: Any, record_id: str, expected: int | None, entity: str, missing: str) -> int:
    """Compare-and-bump in one statement; returns the new version. ``missing`` is the not-found message."""
    stmt = update(model).where(model.id == record_id)
    if expected is not None:
        stmt = stmt.where(model.version == expected)
    stmt = stmt.values(version=model.version + 1).returning(model.version)
    new = s.execute(stmt.execution_options(synchronize_session=False)).scalar()
    if new is not None:
        # The ORM copy (if any) must not write its old version back.
        for obj in list(s.identity_map.values()):
            if isinstance(obj, model) and obj.id == record_id:
                s.expire(obj, ["version"])
        return int(new)
    if not s.scalar(select(exists().where(model.id == record_id))):
        raise NotFoundError(missing)
    raise StaleRecord(conflict_message(s, entity, record_id))


def conflict_message(s: Session, entity: str, record_id: str) -> str:
    """这条记录已被 X 在 HH:MM 修改，请刷新后再改 — X and the time (local) from the record's last audit row."""
    from app.services.audit import local_time

    last = s.execute(
        select(AuditEntry.actor, AuditEntry.at)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return "这条记录已被其他人修改，请刷新后再改"
    return f"这条记录已被 {last.actor} 在 {local_time(last.at):%H:%M} 修改，请刷新后再改"


def current(s: Session, model: Any, record_id: str) -> int:
    """The version a reader hands to its editor."""
    return int(s.scalar(select(model.version).where(model.id == record_id)) or 0)


def release(s: Session, model: Any, record_id: str) -> None:
    """Undo this transaction's bump when the save changed nothing (the row is still locked by it)."""
    s.execute(
        update(model)
        .where(model.id == record_id)
        .values(version=model.version - 1)
        .execution_options(synchronize_session=False)
    )


def lock(s: Session, model: Any, record_id: str) -> None:
    """Hold the row until the transaction ends, so a rule checked after this (months already paid, a
    yearly cap, one pairer per household, one claimant per project) sees every earlier write and no later
    one slips in between: SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises
    (nothing to send there: SQLite has no row locks and the statement would only cost a round of the ORM)."""
    if s.get_bind().dialect.name == "sqlite":
        return
    s.execute(select(model.id).where(model.id == record_id).with_for_update())


def _models() -> dict[str, Any]:
    from app.db.models import Member, Organization
    from app.db.models_commitments import Commitment
    from app.db.models_routine import Meeting
    from app.db.models_service import Household, Person

    return {
        "member": Member, "organization": Organization, "commitment": Commitment,
        "household": Household, "person": Person, "meeting": Meeting,
    }  # fmt: skip


def loaded(db: Database, entity: str, record_id: str) -> int:
    """The version an editor remembers: read it BEFORE the record's values, so a change in between makes
    the save refused (safe) rather than silently overwritten."""
    with db.session() as s:
        return current(s, _models()[entity], record_id)


def loaded_many(db: Database, entity: str, record_ids: list[str]) -> dict[str, int]:
    """The versions of several records in one query (a list's JSON hands them to ``--version``)."""
    if not record_ids:
        return {}
    model = _models()[entity]
    with db.session() as s:
        rows = s.execute(select(model.id, model.version).where(model.id.in_(record_ids))).all()
    return {str(r[0]): int(r[1] or 0) for r in rows}
