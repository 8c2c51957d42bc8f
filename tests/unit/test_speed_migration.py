"""Upgrading a database of the previous release (0002–0006 heads, with a member) to
0009_speed: the ledger's index gains the date, the roster is intact and the star suggestion's sums read the index alone."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.paths import DataDir

PREVIOUS_RELEASE = ("0002_commitments", "0003_evaluations", "0004_points", "0005_routine", "0006_service")
QUARTER_SUMS = (
    "SELECT member_id, indicator_id, sum(points) FROM point_entries WHERE year = 2026 AND date <= '2026-09-30' "
    "GROUP BY member_id, indicator_id"
)


def _index_names(db: Database) -> set[str]:
    return {ix["name"] or "" for ix in inspect(db.engine).get_indexes("point_entries")}


def test_previous_release_upgrades_to_speed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册")], org="丁新村党总支")
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
        assert "0009_speed" in head_revision().split("+")
        names = _index_names(db)
        assert "ix_point_entries_year_member_date" in names and "ix_point_entries_year_member" not in names
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
            plan = " ".join(str(r[-1]) for r in conn.execute(text("EXPLAIN QUERY PLAN " + QUARTER_SUMS)))
        assert "COVERING INDEX ix_point_entries_year_member_date" in plan
    finally:
        db.close()


def test_downgrade_restores_the_old_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Database.open(data).close()
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0009_speed@-1")
    names = {ix["name"] for ix in inspect(engine).get_indexes("point_entries")}
    engine.dispose()
    assert "ix_point_entries_year_member" in names and "ix_point_entries_year_member_date" not in names
