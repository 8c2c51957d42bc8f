"""Upgrading a database of the previous release (heads 0005_routine and 0006_service) to 0007_projects: the
服务项目 tables appear, earlier data is intact, and a need becomes a project claimed at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import applied, make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.domain import project_rules as rules
from app.paths import DataDir
from app.services.projects import claims, needs, pool

PREVIOUS_RELEASE = ("0005_routine", "0006_service")


def test_previous_release_upgrades_to_projects(tmp_path: Path) -> None:
    import datetime as dt

    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册")], org="丁新村党总支")
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for revision in PREVIOUS_RELEASE:
            command.upgrade(cfg, revision)
        assert "projects" not in inspect(conn).get_table_names()
    engine.dispose()
    db = Database.open(data)
    try:
        assert current_revision(db.engine) == head_revision()
        assert applied("0007_projects", head_revision())
        assert {"projects", "project_needs", "project_events"} <= set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        today = dt.date.today()
        nid = needs.add_need(db, needs.NeedDraft(category="便民利民", size=rules.SMALL, text="修路灯"))
        pid = pool.add_project(db, pool.ProjectDraft([nid], "一周修好", today + dt.timedelta(days=7)))
        pool.publish_project(db, pid, today)
        claims.claim(db, pid, rules.MEMBER, "m1", today)
        assert pool.get_project(db, pid).claimant == "王伟"
    finally:
        db.close()
