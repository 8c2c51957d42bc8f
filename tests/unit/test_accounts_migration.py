"""Upgrading a database of the previous release (every schema up to 0021_township) adds the accounts table
(0022_accounts); members survive, no account exists (the program opens as before), and a first 管理员 works."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.services import accounts


def test_upgrade_from_previous_release_adds_accounts(tmp_path: Path) -> None:
    data = make_roster_only_database(tmp_path / "data", [("m1", "王伟", "在册")])
    engine = make_engine(data.db_path)
    cfg = alembic_config()
    previous = [h for h in head_revision().split("+") if h != "0022_accounts"] + ["0021_township"]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for rev in previous:
            command.upgrade(cfg, rev)
    engine.dispose()
    db = Database.open(data.root)
    try:
        assert "0022_accounts" in (current_revision(db.engine) or "")
        assert "accounts" in inspect(db.engine).get_table_names()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        assert not accounts.accounts_exist(db)
        accounts.create_account(db, "boss", "boss-secret", "管理员")
        assert accounts.login(db, "boss", "boss-secret").role_label == "管理员"
    finally:
        db.close()
