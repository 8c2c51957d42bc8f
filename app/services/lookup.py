"""Finding a row by the id a clerk or a script typed: the whole id, or a unique prefix of 4+ characters.

The prefix is matched literally (``%`` and ``_`` are characters, not wildcards); a prefix shared by several
rows is refused with the candidates listed, never reported as "not found".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.domain.errors import NotFoundError, UserError

MIN_PREFIX = 4
LISTED = 10


class AmbiguousError(UserError):
    """A prefix names more than one row."""


def resolve_id(db: Database, model: Any, ref: str, noun: str) -> str:
    """The id of ``model``'s row named by ``ref``; NotFoundError "找不到编号为…的{noun}" otherwise."""
    ref = ref.strip()
    with db.session() as s:
        if s.get(model, ref) is not None:
            return ref
        if len(ref) >= MIN_PREFIX:
            named = hasattr(model, "name")
            columns = (model.id, model.name) if named else (model.id,)
            query = select(*columns).where(model.id.startswith(ref, autoescape=True)).order_by(model.id)
            found = list(s.execute(query.limit(LISTED + 1)))
            if len(found) == 1:
                return str(found[0][0])
            if found:
                listed = "、".join(f"{r[1]}（{r[0]}）" if named else str(r[0]) for r in found[:LISTED])
                more = "等" if len(found) > LISTED else ""
                raise AmbiguousError(f"编号开头“{ref}”匹配到多名{noun}：{listed}{more}。请多写几位编号")
    raise NotFoundError(f"找不到编号为“{ref}”的{noun}")
