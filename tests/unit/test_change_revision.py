"""The database's change revision that open pages poll (app/services/changes.py): two Database objects on one
database — the second sees the first's change, including a transaction that commits a lower id late."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from app.db.database import Database
from app.db.models import AuditEntry
from app.services import changes, roster

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


def _other(db: Database) -> Database:
    url = db.engine.url.render_as_string(hide_password=False) if db.on_server else None
    return Database.open(db.data_dir.root, url=url, actor="李文书")


def test_another_clients_change_moves_the_revision(demo_copy: Database) -> None:
    other = _other(demo_copy)
    try:
        seen = changes.revision(demo_copy)
        assert changes.revision(demo_copy, seen.floor) == seen  # nothing changed: the same answer
        roster.set_fields(other, roster.list_members(other)[0].id, {"手机号码": "13912345678"})
        now = changes.revision(demo_copy, seen.floor)
        assert now != seen and now.highest > seen.highest
    finally:
        other.close()


def test_a_late_commit_of_a_lower_id_is_seen(demo_copy: Database) -> None:
    """PostgreSQL hands out ids at insert, not at commit: the count above the floor still catches it."""
    if not demo_copy.on_server:
        pytest.skip("SQLite serialises writers: ids commit in order")
    other = _other(demo_copy)
    try:
        row = {"actor": "甲", "action": "update", "entity": "member", "entity_id": "x", "field": "phone"}
        with demo_copy.engine.connect() as slow:
            slow.begin()
            slow.execute(insert(AuditEntry).values(**row))  # takes the lower id, commits last
            with other.engine.begin() as quick:
                quick.execute(insert(AuditEntry).values(**row | {"actor": "乙"}))
            seen = changes.revision(demo_copy)
            slow.commit()
        now = changes.revision(demo_copy, seen.floor)
        assert now.highest == seen.highest and now.above_floor == seen.above_floor + 1
    finally:
        other.close()
