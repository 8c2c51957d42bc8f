"""Upgrading a database of the previous release (0002/0003/0004 heads, with members and a team) to 0006_service:
the 服务群众 tables appear, earlier data is intact, and households, pairing and people in teams work at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.paths import DataDir
from app.services.residents import households, pairing, people, teams_people

PREVIOUS_RELEASE = ("0002_commitments", "0003_evaluations", "0004_points")


def test_previous_release_upgrades_to_service(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册")], org="丁新村党总支")
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for revision in PREVIOUS_RELEASE:
            command.upgrade(cfg, revision)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO teams (id, name, kind, area, active, sort_order, note, created_at) "
                "VALUES ('t1', '居民组长队伍', '居民组长', '', 1, 0, '', '2025-01-01 00:00:00')"
            )
        )
    engine.dispose()
    db = Database.open(data)
    try:
        assert current_revision(db.engine) == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {"people", "households", "pairings", "visits", "service_requests", "team_people"} <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
            assert conn.execute(text("SELECT name FROM teams WHERE id='t1'")).scalar() == "居民组长队伍"
        hid = households.add_household(db, households.HouseholdDraft(address="一组 1 号", head_name="李大爷"))
        pairing.pair(db, hid, member_id="m1")
        assert households.get_household(db, hid).paired_with == "王伟"
        pid = people.add_person(db, people.PersonDraft(name="赵组长", roles=["居民组长"]))
        teams_people.join_team_person(db, "t1", pid)
        assert [r.name for r in teams_people.team_people(db, "t1")] == ["赵组长"]
    finally:
        db.close()
