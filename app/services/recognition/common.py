"""Shared pieces of 评选与考核: the unit → branch map, member names, and looking rows up by id or prefix."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization
from app.domain.errors import NotFoundError


def branch_of_unit(s: Session) -> dict[str, str]:
    """Every unit id → the id of the 党支部 (or top unit) it counts under: a 党小组 counts under its parent."""
    rows = {o.id: (o.parent_id, o.kind) for o in s.scalars(select(Organization))}
    out: dict[str, str] = {}
    for uid, (parent, kind) in rows.items():
        out[uid] = parent if kind == "党小组" and parent else uid
    return out


def unit_names(s: Session) -> dict[str, str]:
    return {r[0]: r[1] for r in s.execute(select(Organization.id, Organization.name))}


def member_names(s: Session, ids: set[str] | None = None) -> dict[str, str]:
    q = select(Member.id, Member.name)
    if ids is not None:
        q = q.where(Member.id.in_(ids))
    return {r[0]: r[1] for r in s.execute(q)}


def get_row(s: Session, model: Any, row_id: str, noun: str) -> Any:
    """The row by its id, or by a unique prefix of 4 or more characters."""
    row = s.get(model, row_id)
    if row is None and len(row_id) >= 4:
        found = list(s.scalars(select(model).where(model.id.startswith(row_id, autoescape=True)).limit(2)))
        row = found[0] if len(found) == 1 else None
    if row is None:
        raise NotFoundError(f"找不到编号为“{row_id}”的{noun}")
    return row
