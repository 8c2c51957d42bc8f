"""A database's schema is built or upgraded whole or not at all.

SQLite's migrations run outside a transaction (Alembic: "non-transactional DDL"): a first start, or the first start
after an update, killed half-way (kill -9, a power cut, the clerk ending a start that seemed to hang) used to leave a
file with part of the new tables and the old version, which every later start called damaged. Now the new schema is
built in ``pioneer-board.sqlite3.new`` beside the database — from nothing, or from a copy of the database — and
renamed over it once complete; a half-built one is thrown away at the next start. All of it with the data folder
held alone (no other process of the program reads or writes meanwhile).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.db import folder_lock
from app.paths import DataDir

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.db.database import BeforeUpgrade, MigrationOutcome

log = logging.getLogger(__name__)
SUFFIX = ".new"
SIDES = ("", "-wal", "-shm", "-journal")


def is_fresh(db_path: Path) -> bool:
    """No database yet: no file, or the empty file made to set its mode, with no journal beside it."""
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            return False
    except OSError:
        return False
    return not any(db_path.with_name(db_path.name + side).exists() for side in SIDES[1:])


def _remove(path: Path) -> None:
    for side in SIDES:
        with contextlib.suppress(OSError):
            path.with_name(path.name + side).unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to flush it; its rename is flushed with the file
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _one_file(path: Path) -> None:
    """The database with everything in its main file (no -wal beside it), so that it can be moved."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _build(scratch: Path) -> None:
    from app.db.database import make_engine, migrate

    engine = make_engine(scratch)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    _one_file(scratch)


def create_whole(data_dir: DataDir) -> None:
    """Build the schema under a scratch name and rename it into place (the caller holds the folder shared)."""
    db_path = data_dir.db_path
    scratch = db_path.with_name(db_path.name + SUFFIX)
    with folder_lock.exclusive(data_dir.root, "创建数据库"):
        if not is_fresh(db_path):
            return  # another process made it meanwhile
        _remove(scratch)
        if os.name != "nt":
            os.close(os.open(scratch, os.O_RDWR | os.O_CREAT, 0o600))  # the ID numbers' file: owner only
        _build(scratch)
        _remove(db_path)  # the empty placeholder (and nothing else: is_fresh said so)
        os.replace(scratch, db_path)
        _fsync_dir(data_dir.root)


def upgrade_whole(
    data_dir: DataDir, engine: Engine, before_upgrade: BeforeUpgrade | None
) -> MigrationOutcome | None:
    """An existing database of an older schema: upgraded in a copy that replaces it once complete. None when there
    is nothing to upgrade (or a newer program's database: ``migrate`` says so), or when the copy could not replace
    the database (Windows: another program has the file open) — ``migrate`` then upgrades in place as before."""
    from app.db.database import (
        MigrationOutcome,
        current_revision,
        head_revision,
        known_revisions,
        sqlite_backup,
    )

    current = current_revision(engine)
    if current is None or current == head_revision() or not set(current.split("+")) <= known_revisions():
        return None  # None: tables without a version — not ours to copy; `migrate` decides
    db_path = data_dir.db_path
    scratch = db_path.with_name(db_path.name + SUFFIX)
    with folder_lock.exclusive(data_dir.root, "升级数据库"):
        if current_revision(engine) == head_revision():
            return None  # another process upgraded it meanwhile
        safety = before_upgrade(engine, current) if before_upgrade is not None else None
        _remove(scratch)
        sqlite_backup(engine, scratch)
        _build(scratch)
        engine.dispose()
        try:
            _one_file(db_path)
            os.replace(scratch, db_path)
        except OSError:
            log.warning("the upgraded copy could not replace %s; upgrading in place", db_path, exc_info=True)
            _remove(scratch)
            return None
        _fsync_dir(data_dir.root)
    return MigrationOutcome(True, safety)
