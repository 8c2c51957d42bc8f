"""Backups: verified .pbk files (optionally encrypted), automatic rotating backups, atomic restore.

Other areas call ``backup.auto_backup(db, reason)`` before risky operations (e.g. "before-import").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from app.db.database import Database


def auto_backup(db: Database, reason: str, *, force: bool = False) -> Path | None:
    """A safety backup into the data folder's backups/ if the data changed (see app.backup.auto)."""
    from app.backup import auto

    return auto.auto_backup(db, reason, force=force)
