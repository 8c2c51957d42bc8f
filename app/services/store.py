"""The open data store as the GUI and the CLI hold it, and the start-up sequence both entry points call.

Opening a data folder: finish or roll back a restore that was cut short, then open the database, making
a restorable safety backup just before an existing database is upgraded to a newer schema.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from app.db import folder_lock, health
from app.db.database import (
    Database,
    DatabaseDamagedError,
    DatabaseLockedError,
    DataFolderReadOnlyError,
    DiskFullError,
    SchemaTooNewError,
    sqlite_backup,
)
from app.db.folder_lock import DataFolderBusyError
from app.db.health import HealthReport
from app.db.url import DatabaseUrlError, resolve_database_url
from app.paths import DataDir

__all__ = [
    "Database",
    "DataFolderBusyError",
    "DataFolderReadOnlyError",
    "DatabaseDamagedError",
    "DiskFullError",
    "DatabaseLockedError",
    "DatabaseUrlError",
    "HealthReport",
    "SchemaTooNewError",
    "check",
    "open_database",
    "resolve_database_url",
]

log = logging.getLogger(__name__)


def open_database(
    root: Path | str,
    *,
    actor: str | None = None,
    on_stage: Callable[[str], None] | None = None,
    url: str | None = None,
) -> Database:
    """The one way the program opens a data folder (GUI, CLI, and the reopening after a restore).

    ``db.recovery_message`` says, in Chinese, what was done about an interrupted restore (None if nothing).
    ``on_stage`` hears, in Chinese, about slow work before it starts (a restore to finish, a schema upgrade),
    so that the window opening the data can say so.
    ``url``: a township's PostgreSQL server (``app.db.url.resolve_database_url``); None for the data folder's
    SQLite file. On a server there is no file to restore or copy: the server's own backups apply.
    """
    if url is not None:
        server_db = Database.open(root, actor=actor, url=url)
        if actor is None:
            from app.services.preferences import use_clerk_as_actor

            use_clerk_as_actor(server_db)
        return server_db
    # Imported here: backups (and their crypto) cost start-up time that `--help` and `--version` need not pay.
    from app.backup.restore import JOURNAL, recover_interrupted_restore

    data_dir = DataDir(Path(root))
    data_dir.ensure()
    folder_lock.acquire_shared(data_dir.root)
    try:
        # A restore cut short (crash, power cut) is rolled back or finished before anything reads the data,
        # alone; leftovers without a journal are only tidied when no other process is at work.
        interrupted = (data_dir.root / JOURNAL).exists()
        if on_stage is not None and interrupted:
            on_stage("上次从备份恢复没有做完，正在处理…")
        try:
            with folder_lock.exclusive(data_dir.root, "恢复中断的还原", wait=None if interrupted else 0):
                recovery_message = recover_interrupted_restore(data_dir)
        except DataFolderBusyError:
            if interrupted:
                raise
            recovery_message = None

        def before_upgrade(engine: Engine, current: str | None) -> str:
            if on_stage is not None:
                on_stage("正在升级数据库（升级前先自动备份），请稍候…")
            return safety_backup_before_upgrade(engine, data_dir, current)

        db = Database.open(data_dir.root, actor=actor, before_upgrade=before_upgrade)
    finally:
        folder_lock.release(data_dir.root)
    db.recovery_message = recovery_message
    if actor is None:  # the clerk's name from the first-run screen, rather than the computer's login
        from app.services.preferences import use_clerk_as_actor

        use_clerk_as_actor(db)
    return db


def safety_backup_before_upgrade(engine: Engine, data_dir: DataDir, current: str | None) -> str:
    """A restorable .pbk backup; a plain copy of the database file if that cannot be made."""
    from app.backup.auto import auto_backup_engine

    try:
        made = auto_backup_engine(engine, data_dir, "before-migration", force=True)
        if made is not None:
            return str(made)
    except Exception:
        log.exception("backup before migration failed; copying the file instead")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = data_dir.backups / f"升级前-{current or 'none'}-{stamp}.sqlite3"
    sqlite_backup(engine, dest)
    return str(dest)


def check(db: Database) -> HealthReport:
    """Database health for the `check` command: integrity, foreign keys, schema revision."""
    return health.check(db.engine)
