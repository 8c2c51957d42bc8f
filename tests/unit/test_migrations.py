"""Schema at start-up: fresh databases reach head, old ones are upgraded with a safety copy, newer ones refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from app.db.database import (
    Database,
    SchemaTooNewError,
    alembic_config,
    current_revision,
    head_revision,
    make_engine,
)
from app.paths import DataDir


def test_fresh_database_is_at_head_with_safe_pragmas(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    db.close()


def test_roster_database_survives_upgrade_to_head(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    engine = make_engine(data.db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_roster")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, parent_id, name, kind, sort_order, created_at) "
                "VALUES ('o1', NULL, '老村党支部', '党支部', 0, :now)"
            ),
            {"now": dt.datetime(2020, 1, 1)},
        )
        conn.execute(
            text(
                "INSERT INTO members (id, name, gender, ethnicity, id_number, birth_date, education, degree, category,"
                " branch_id, joined_day_unknown, confirmed_day_unknown, party_age_correction, probation_extension,"
                " joined_branch, job, party_post, phone, landline, address, residence, hukou, native_place, photo,"
                " note, is_mobile, mobile_destination, is_lost_contact, status, left_to, pinyin_full,"
                " pinyin_initials, created_at, updated_at) VALUES ('m1', '曾小红', '女', '汉族',"
                " '330522198001010020', '1980-01-01', '', '', '正式党员', 'o1', 0, 0, 0, '', '', '', '', '', '',"
                " '', '', '', '', '', '', 0, '', 0, '在册', '', 'zengxiaohong', 'zxh', :now, :now)"
            ),
            {"now": dt.datetime(2020, 1, 1)},
        )
    engine.dispose()
    db = Database.open(tmp_path)
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
