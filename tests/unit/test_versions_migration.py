"""Upgrading a database of the previous release (every head before 0023) to 0023_versions: each edited record
gets version 1, nothing else changes, and the downgrade drops the column again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.paths import DataDir
from app.services import organizations, roster, versions

PREVIOUS_RELEASE = ("0005_routine", "0007_projects", "0008_recognition", "0009_speed", "0021_township")
VERSIONED = ("members", "organizations", "commitments", "households", "people", "meetings")


def test_previous_release_upgrades_to_versions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册"), ("m2", "李娜", "在册")], org="丁新村党总支")
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for revision in PREVIOUS_RELEASE:
            command.upgrade(cfg, revision)
    engine.dispose()
    db = Database.open(data)
    try:
        assert current_revision(db.engine) == head_revision()
        assert "0023_versions" in head_revision().split("+")
        for table in VERSIONED:
            assert "version" in {c["name"] for c in inspect(db.engine).get_columns(table)}, table
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, name, version FROM members ORDER BY id")).all()
        assert [tuple(r) for r in rows] == [("m1", "王伟", 1), ("m2", "李娜", 1)]
        assert roster.get_member(db, "m1").version == 1
        organizations.rename_unit(db, "o1", "丁新村第一党支部", version=1)
        assert versions.loaded(db, "organization", "o1") == 2
    finally:
        db.close()


def test_downgrade_drops_the_versions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Database.open(data).close()
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007_projects")  # 0023 merges two branches: name one parent
    columns = {c["name"] for c in inspect(engine).get_columns("members")}
    engine.dispose()
    assert "version" not in columns
