"""A demo village made all at once: generated in a scratch database, then copied in one SQLite transaction.

A demo killed half-way (kill -9, power cut) used to leave part of a village that `check` called fine and `demo`
refused to redo. Now the data folder holds either nothing or the whole village.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from app.db.database import Database, sqlite_backup
from app.db.models import Organization
from app.domain.errors import UserError
from app.faults import fault_point
from app.paths import DataDir

SCRATCH_PREFIX = ".demo-work-"
SCRATCH_CACHE_KIB = 200_000  # page cache of the scratch database: the whole demo village stays in memory


def _scratch_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """The scratch database is thrown away if anything goes wrong, and the village reaches the data folder
    through one backup transaction under the folder's own (synchronous=FULL) pragmas: no fsync per commit
    here, and a page cache large enough for the bulk inserts' random index pages."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute(f"PRAGMA cache_size=-{SCRATCH_CACHE_KIB}")
    cursor.close()


def scratch_engine(engine: Engine) -> None:
    """Turn an opened scratch database's connections to the scratch pragmas (after the usual ones)."""
    engine.dispose()  # connections opened while migrating had the usual pragmas only
    event.listen(engine, "connect", _scratch_pragmas)


def make_demo_at_once(db: Database, **options: Any) -> dict[str, Any]:
    """``app.demo.make_demo`` with all-or-nothing semantics; same options and summary."""
    from app.demo.village import make_demo

    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Organization)):
            raise UserError(
                "数据目录里已经有数据，演示数据只能生成在空的数据目录里（用 --data-dir 指定一个新目录）"
            )
    if db.on_server:  # a township's PostgreSQL: no file to copy over; generated straight in
        return make_demo(db, **options)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=db.data_dir.root) as tmp:
        scratch_root = Path(tmp) / "data"
        # The scratch starts as a copy of the (empty, migrated) database here: what the clerk already set — their
        # name on the first-run screen — survives the copy back, and the schema is not migrated a second time.
        sqlite_backup(db.engine, DataDir(scratch_root).db_path)
        scratch = Database.open(scratch_root, actor=db.actor)
        scratch_engine(scratch.engine)
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of row dicts, no cycles worth a collection: ~5 % of the time
        try:
            summary = make_demo(scratch, **options)
        finally:
            if collecting:
                gc.enable()
            scratch.close()
        db.data_dir.photos.mkdir(parents=True, exist_ok=True)
        for photo in scratch.data_dir.photos.iterdir():
            shutil.copy2(photo, db.data_dir.photos / photo.name)  # unreferenced until the copy below
        fault_point("demo-generated")
        source = sqlite3.connect(scratch.data_dir.db_path)
        raw = db.engine.raw_connection()
        try:
            target = raw.driver_connection
            assert isinstance(target, sqlite3.Connection)
            source.backup(target)  # one write transaction on the target: all pages or none
        finally:
            raw.close()
            source.close()
        db.engine.dispose()  # pooled connections re-read the copied schema and data
    return summary
