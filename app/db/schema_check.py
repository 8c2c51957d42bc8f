"""Is a database's schema the one its recorded revision should have? Tables, columns, indexes, triggers, views.

A backup whose tables were dropped or which carries an extra trigger (code that would run on every write after a
restore) is refused; `check` compares the live database the same way. The expected schema is built once per
revision and process by running the migrations on an empty scratch database.
"""

from __future__ import annotations

import functools
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Schema:
    columns: dict[str, frozenset[str]]  # table → column names
    indexes: frozenset[str]
    triggers: frozenset[str]
    views: frozenset[str]


def schema_of(conn: sqlite3.Connection) -> Schema:
    rows = list(conn.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    columns: dict[str, frozenset[str]] = {}
    for kind, name, _table in rows:
        if kind == "table":
            quoted = name.replace('"', '""')
            columns[name] = frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{quoted}")'))
    return Schema(
        columns,
        frozenset(n for k, n, _t in rows if k == "index"),
        frozenset(n for k, n, _t in rows if k == "trigger"),
        frozenset(n for k, n, _t in rows if k == "view"),
    )


@functools.cache
def expected_schema(revision: str) -> Schema:
    """The schema the migrations make for ``revision`` ("0001_roster+0002_commitments…", as recorded)."""
    from alembic import command
    from sqlalchemy import create_engine

    from app.db.database import alembic_config

    with tempfile.TemporaryDirectory(prefix="pioneer-schema-") as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'expected.sqlite3'}")
        try:
            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                for head in revision.split("+"):
                    if head:
                        command.upgrade(cfg, head)
            raw = engine.raw_connection()
            try:
                driver = raw.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                return schema_of(driver)
            finally:
                raw.close()
        finally:
            engine.dispose()


def schema_problems(conn: sqlite3.Connection, revision: str | None) -> list[str]:
    """What differs from the schema ``revision`` should have, in Chinese ([] when it matches)."""
    if not revision:
        return ["数据库没有记录结构版本"]
    actual, expected = schema_of(conn), expected_schema(revision)
    problems: list[str] = []
    for table, cols in sorted(expected.columns.items()):
        if table not in actual.columns:
            problems.append(f"缺少数据表 {table}")
        elif cols - actual.columns[table]:
            problems.append(f"数据表 {table} 缺少列 {'、'.join(sorted(cols - actual.columns[table]))}")
        elif actual.columns[table] - cols:
            problems.append(f"数据表 {table} 多出列 {'、'.join(sorted(actual.columns[table] - cols))}")
    problems += [f"多出数据表 {t}" for t in sorted(set(actual.columns) - set(expected.columns))]
    problems += [f"缺少索引 {i}" for i in sorted(expected.indexes - actual.indexes)]
    problems += [f"多出索引 {i}" for i in sorted(actual.indexes - expected.indexes)]
    problems += [f"有不认识的触发器 {t}" for t in sorted(actual.triggers - expected.triggers)]
    problems += [f"缺少触发器 {t}" for t in sorted(expected.triggers - actual.triggers)]
    problems += [f"有不认识的视图 {v}" for v in sorted(actual.views - expected.views)]
    return problems
