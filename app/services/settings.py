"""Settings stored in the database (organisation name, board titles…) as JSON values."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Setting
from app.services import audit

ORGANIZATION_NAME = "organization_name"


def get(db: Database, key: str, default: Any = None) -> Any:
    table = Setting.__table__.c  # a Core read: opening the data need not set up the ORM's mappings
    with db.session() as s:
        value = s.scalar(select(table.value).where(table.key == key))
        return json.loads(value) if value is not None else default


def put(db: Database, key: str, value: Any) -> None:
    with db.session() as s, s.begin():
        before, text = store(s, key, value)
        if before != text:
            audit.record(s, db.actor, "update", "setting", key, key, before, text)


def store(s: Session, key: str, value: Any) -> tuple[str | None, str]:
    """Write a setting in the caller's transaction (the caller audits it); returns (before, after) as JSON."""
    text = json.dumps(value, ensure_ascii=False)
    row = s.get(Setting, key)
    before = row.value if row else None
    if row is None:
        s.add(Setting(key=key, value=text))
    else:
        row.value = text
    return before, text
