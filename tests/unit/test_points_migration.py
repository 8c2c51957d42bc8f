"""Upgrading a database made at 0001_roster (with members) to heads adds the points tables, data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database
from app.services import points


def test_upgrade_from_roster_keeps_members(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册")], org="丁新村党总支")
    db = Database.open(data)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"rule_sets", "tiers", "member_tiers", "indicators", "point_entries", "reviews"} <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        points.create_preset(db, 2026)
        assert points.add_entry(db, "m1", "集中学习", dt.date(2026, 3, 1)).points == 2
        assert points.summary(db, 2026)[0].total == 62
    finally:
        db.close()
