"""Upgrading a database of the previous release (every area up to 0004_points, with data) adds the routine's
tables (0005_routine); members and points entries survive and meetings work at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.services import meetings, points


def test_upgrade_from_previous_release_keeps_data(tmp_path: Path) -> None:
    data = make_roster_only_database(tmp_path / "data", [("m1", "王伟", "在册"), ("m2", "李娜", "在册")])
    engine = make_engine(data.db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for rev in ("0002_commitments", "0003_evaluations", "0004_points"):
            command.upgrade(cfg, rev)
    engine.dispose()
    db = Database.open(data.root)
    try:
        assert current_revision(db.engine) == head_revision()  # 0005_routine, below any later revision
        tables = set(inspect(db.engine).get_table_names())
        assert {"meetings", "meeting_attendance", "dues_rates", "dues_payments", "mobile_contacts"} <= tables
        assert "routine_point_links" in tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        points.create_preset(db, 2026)
        points.add_entry(db, "m1", "集中学习", dt.date(2026, 3, 1))
        mid = meetings.add_meeting(
            db, meetings.MeetingDraft("o1", "主题党日", dt.date(2026, 3, 5), "主题党日")
        )
        meetings.set_attendance(db, mid, {}, all_present=True)
        totals = {r.member_id: r.total for r in points.summary(db, 2026)}
        assert totals == {"m1": 64, "m2": 62}
    finally:
        db.close()
