"""A server database (PostgreSQL) copied into a portable SQLite file: the inside of a `.pbk` backup.

The snapshot is migrated to the program's schema and filled table by table, parents first, from one
REPEATABLE READ transaction on the server, so it is as consistent as SQLite's own online backup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, insert, select

from app.db import (
    models_service,  # noqa: F401  (registers the 服务群众 tables on Base.metadata)
    models_township,  # noqa: F401
)
from app.db.models import Base

BATCH = 2000


def server_to_sqlite(engine: Engine, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
    from app.db.database import make_engine, migrate

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    target = make_engine(tmp)
    try:
        migrate(target)
        tables = Base.metadata.sorted_tables
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
