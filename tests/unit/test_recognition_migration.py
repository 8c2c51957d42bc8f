"""Upgrading a database of the previous release (every area up to 0005_routine + 0006_service, with members) adds
the 评选与考核 tables (0008_recognition); members survive and a campaign works at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.services import recognition


def test_upgrade_from_previous_release_keeps_data(tmp_path: Path) -> None:
    data = make_roster_only_database(tmp_path / "data", [("m1", "王伟", "在册"), ("m2", "李娜", "在册")])
    engine = make_engine(data.db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for rev in ("0002_commitments", "0003_evaluations", "0004_points", "0005_routine", "0006_service"):
            command.upgrade(cfg, rev)
    engine.dispose()
    db = Database.open(data.root)
    try:
        assert current_revision(db.engine) == head_revision()  # 0008_recognition, now below 0025_recognition2
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "pioneer_campaigns",
            "pioneer_nominees",
            "assessment_items",
            "assessment_scores",
            "org_star_checks",
            "duty_reports",
            "pioneer_posts",
            "member_work_units",
        } <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        cid = recognition.create_campaign(db, "先锋评选", 2026, 30).id
        n = recognition.nominate(db, cid, "m1", "服务先锋", "支部推荐")
        assert n.name == "王伟"
        recognition.set_scheme(db, 2026)
        assert recognition.assessment(db, 2026)[0].total is None
    finally:
        db.close()
