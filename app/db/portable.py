"""A server database (PostgreSQL) copied into a portable SQLite file: the inside of a `.pbk` backup — and back:
a verified snapshot replacing the server's content (restoring a `.pbk` onto a server).

The snapshot is migrated to the program's schema and filled table by table, parents first, from one
REPEATABLE READ transaction on the server, so it is as consistent as SQLite's own online backup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from sqlalchemy import Connection, Engine, insert, select

from app.db.models import every_table
from app.domain.errors import UserError

BATCH = 2000


def server_to_sqlite(engine: Engine, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
    from app.db.database import make_engine, migrate

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = make_engine(tmp)
    try:
        migrate(target)
        tables = every_table()
        with (
            engine.connect().execution_options(isolation_level="REPEATABLE READ") as source,
            source.begin(),
            target.begin() as out,
        ):
            for done, table in enumerate(tables, 1):
                result = source.execution_options(yield_per=BATCH).execute(select(table))
                for rows in result.mappings().partitions(BATCH):
                    out.execute(insert(table), [dict(r) for r in rows])
                if progress is not None:
                    progress(done, len(tables))
        with target.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=DELETE")
    finally:
        target.dispose()
    tmp.replace(dest)


class ServerBusyError(UserError):
    pass


LOCK_WAIT = "15s"


def sqlite_to_server(
    engine: Engine,
    source_file: Path,
    *,
    within: Callable[[Connection], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Replace every table's rows on the server by a SQLite snapshot's (already migrated to the same schema),
    in ONE transaction: other clients see the old data or the new, never a mix. TRUNCATE takes each table's
    exclusive lock; a clerk's open transaction holding one longer than ``LOCK_WAIT`` refuses the restore.
    ``within(conn)`` runs in the same transaction at the end (the audit row)."""
    from sqlalchemy import Integer, text

    from app.db.database import make_engine

    tables = every_table()
    source_engine = make_engine(source_file)
    try:
        with source_engine.connect() as source, engine.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
            names = ", ".join(f'"{t.name}"' for t in tables)
            try:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
            except sqlalchemy.exc.OperationalError as exc:
                if "lock" not in str(exc.orig).lower():
                    raise
                raise ServerBusyError(
                    "数据库正被其他电脑上的先锋榜使用（有未完成的修改），没有恢复，数据没有改动。"
                    "请让其他人先关闭先锋榜，再恢复一次。"
                ) from exc
            raw: Any = conn.connection.dbapi_connection  # psycopg's own connection: COPY is not in the DB-API
            for done, table in enumerate(tables, 1):
                columns = [c.name for c in table.columns]
                quoted = ", ".join(f'"{c}"' for c in columns)
                result = source.execution_options(yield_per=BATCH).execute(select(table))
                with (
                    raw.cursor() as cursor,
                    cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy,
                ):
                    for rows in result.partitions(BATCH):
                        for row in rows:
                            copy.write_row(tuple(row))
                for column in table.primary_key.columns:
                    if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                        # The ids came with the rows: the next one must follow the largest.
                        conn.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                                f'COALESCE(MAX("{column.name}"), 0) + 1, false) FROM "{table.name}"'
                            )
                        )
                if progress is not None:
                    progress(done, len(tables))
            if within is not None:
                within(conn)
    finally:
        source_engine.dispose()
