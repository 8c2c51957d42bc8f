"""A township database made by the first release (schema 0001_roster) on PostgreSQL upgrades with every row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Column, MetaData, Table, create_engine, func, select

from app.db.database import Database, alembic_config, head_revision

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

FILLERS: dict[type, Any] = {
    str: "",
    int: 0,
    bool: False,
    dt.date: dt.date(1980, 1, 1),
    dt.datetime: dt.datetime(2020, 1, 1),
}


def _row(table: Table, **given: Any) -> dict[str, Any]:
    row = dict(given)
    column: Column[Any]
    for column in table.columns:
        if column.name not in row and not column.nullable and column.server_default is None:
            row[column.name] = FILLERS[column.type.python_type]
    return row


def test_first_release_database_upgrades_on_postgresql(pg_admin_url: str | None, tmp_path: Path) -> None:
    if pg_admin_url is None:
        pytest.skip("PostgreSQL only: run with --pg-url (the SQLite upgrade has its own tests)")
    import pg_backend

    name = f"pb_upgrade_{tmp_path.name[-20:]}".replace("-", "_")
    pg_backend.admin(pg_admin_url, f'CREATE DATABASE "{name}"')
    url = pg_backend.server_url(pg_admin_url, name)
    engine = create_engine(url)
    try:
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001_roster")
        with engine.begin() as conn:
            meta = MetaData()
            orgs = Table("organizations", meta, autoload_with=conn)
            members = Table("members", meta, autoload_with=conn)
            conn.execute(orgs.insert(), [_row(orgs, id="o1", name="老村党支部", kind="branch")])
            conn.execute(
                members.insert(),
                [
                    _row(
                        members,
                        id=f"m{i}",
                        name=f"党员{i}",
                        id_number=f"ID{i}",
                        branch_id="o1",
                        status="在册",
                    )
                    for i in range(25)
                ],
            )
        engine.dispose()
        db = Database.open(tmp_path / "data", url=url)
        try:
            with db.engine.connect() as conn:
                count = conn.scalar(
                    select(func.count()).select_from(Table("members", MetaData(), autoload_with=conn))
                )
            assert count == 25
            assert db.schema_upgraded
            from app.db.database import current_revision

            assert current_revision(db.engine) == head_revision()
        finally:
            db.close()
    finally:
        engine.dispose()
        pg_backend.drop_database(pg_admin_url, url)
