"""Finding a row by the id a clerk or a script typed: the whole id, or a unique prefix of 4+ characters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.domain.errors import NotFoundError


def resolve_id(db: Database, model: Any, ref: str, noun: str) -> str:
    """The id of ``model``'s row named by ``ref``; NotFoundError "找不到编号为…的{noun}" otherwise."""
    ref = ref.strip()
    with db.session() as s:
        if s.get(model, ref) is not None:
            return ref
        if len(ref) >= 4:
            found = list(s.scalars(select(model.id).where(model.id.startswith(ref)).limit(2)))
            if len(found) == 1:
                return str(found[0])
    raise NotFoundError(f"找不到编号为“{ref}”的{noun}")
