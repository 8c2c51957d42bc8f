"""Schema at start-up: fresh databases reach head, old ones are upgraded with a safety copy, newer ones refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from old_database import make_roster_only_database
from sqlalchemy import text

from app.db.database import (
    Database,
    SchemaTooNewError,
    alembic_config,
    current_revision,
    head_revision,
    known_revisions,
    make_engine,
)
from app.paths import DataDir
from app.services.store import open_database


def test_fresh_database_is_at_head_with_safe_pragmas(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    db.close()


def test_roster_database_survives_upgrade_to_head(tmp_path: Path) -> None:
    make_roster_only_database(tmp_path)
    db = open_database(tmp_path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "曾小红"
    if head_revision() != "0001_roster":
        assert db.migration_backup and Path(db.migration_backup).exists()
    db.close()


def test_database_from_a_newer_program_is_refused_untouched(tmp_path: Path) -> None:
    Database.open(tmp_path).close()
    data = DataDir(tmp_path)
    engine = make_engine(data.db_path)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    with engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    digest = hashlib.sha256(data.db_path.read_bytes()).hexdigest()
    with pytest.raises(SchemaTooNewError, match="更新版本"):
        Database.open(tmp_path)
    assert hashlib.sha256(data.db_path.read_bytes()).hexdigest() == digest


def test_start_up_reading_of_revisions_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == "+".join(sorted(script.get_heads()))
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_a_revision_value_over_several_lines_is_read_from_the_syntax_tree() -> None:
    from app.db import database

    one_line = 'revision: str = "0030_x"\ndown_revision: str | None = "0009_speed"\n'
    spread = 'revision = "0031_y"\ndown_revision = (\n    "0030_x",\n    "0025_recognition2",\n)\ndepends_on = None\n'
    assert [n for n, _ in database._REVISION_LINE.findall(one_line)] == ["revision", "down_revision"]
    assert database._revision_assignments(spread) == [
        ("revision", "0031_y"),
        ("down_revision", ("0030_x", "0025_recognition2")),
        ("depends_on", None),
    ]


def test_the_hook_before_upgrading_runs_only_when_existing_data_is_upgraded(tmp_path: Path) -> None:
    calls: list[str | None] = []

    def before(_engine: object, current: str | None) -> str:
        calls.append(current)
        return "safety-copy"

    fresh = Database.open(tmp_path / "fresh", before_upgrade=before)
    assert calls == [] and fresh.migration_backup is None and not fresh.schema_upgraded
    fresh.close()
    make_roster_only_database(tmp_path / "old")
    old = Database.open(tmp_path / "old", before_upgrade=before)
    if head_revision() != "0001_roster":
        assert calls == ["0001_roster"]
        assert old.migration_backup == "safety-copy" and old.schema_upgraded
    old.close()


def test_start_up_recovers_an_interrupted_restore_before_opening(tmp_path: Path) -> None:
    """A journal left by a restore cut short before the swap: the old data comes back, and the program says so."""
    import json

    db = open_database(tmp_path)
    db.close()
    staging = tmp_path / "restore-staging-20260101-000000-000000"
    staging.mkdir()
    (tmp_path / "restore-journal.json").write_text(
        json.dumps(
            {
                "format": 1,
                "state": "prepared",
                "staging": staging.name,
                "old": "restore-old-20260101-000000-000000",
                "source": "备份.pbk",
            }
        ),
        encoding="utf-8",
    )
    reopened = open_database(tmp_path)
    assert reopened.recovery_message and "退回" in reopened.recovery_message
    assert not (tmp_path / "restore-journal.json").exists()
    assert current_revision(reopened.engine) == head_revision()
    reopened.close()
