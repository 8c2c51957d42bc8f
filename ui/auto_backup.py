"""The main window's automatic backups: once a day while the program stays open, and on close (if data changed).

Kept apart from the 备份与恢复 page so that the window can set its timer without importing that page (its
PDF and chart exports pull in ReportLab and Pillow) before the first page has shown its rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from app.services.store import Database

DAILY_CHECK_MS = 60 * 60 * 1000  # look once an hour whether a day has passed since the last backup
FIRST_CHECK_MS = 60 * 1000


def backup_on_close(window: QWidget) -> None:
    """Called from the main window's closeEvent: a quick backup if anything changed."""
    db: Database | None = getattr(window, "db", None)
    if db is None or window.property("database_replaced"):
        return
    from app.services import backup as backups

    backups.backup_on_close(db)


def install_auto_backup(window: QWidget) -> QTimer:
    """A timer on the main window: a backup once a day while the program stays open (if data changed)."""
    timer = QTimer(window)
    timer.setInterval(DAILY_CHECK_MS)

    def check() -> None:
        from app.services import backup as backups
        from ui.workers import Job, start

        db: Database | None = getattr(window, "db", None)
        if db is None or window.property("database_replaced") or not backups.auto_backup_enabled(db):
            return
        timer.setInterval(DAILY_CHECK_MS)
        if backups.daily_backup_wanted(db):
            start(Job(lambda _p, _c: backups.daily_backup(db)))

    timer.timeout.connect(check)
    timer.start(FIRST_CHECK_MS)
    return timer
