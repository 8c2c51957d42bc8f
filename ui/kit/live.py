"""Pages follow other clerks' changes (several clerks on one database, issue 21).

A timer asks the database for its change revision (``app.services.changes``: one indexed query) every few
seconds. When another client — a second PC, the CLI — has changed something, the page on show reloads
through ``Page.follow_change()`` (ui/kit/page.py): its own ``refresh()`` inside ``keep_view_state``
(ui/kit/view_state.py), so the selected rows and scroll positions stay. Every page follows unless it says
``live_refresh = False``; never while the clerk is in the middle of something: a dialog (an editor) open, a
menu or list popped up, the cursor in a text field with text in it, or typed input not saved yet (``Page.unsaved_input()``,
e.g. the meeting editor's marks). Then the change waits for the next tick.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from app.services import changes
from app.services.store import Database
from ui.kit.header import FindBox
from ui.kit.page import Page

log = logging.getLogger(__name__)

# How often to look; PIONEER_BOARD_REFRESH_MS changes it (tests, or a slow township link).
INTERVAL_MS = 3000


def refresh_interval_ms() -> int:
    return int(os.environ.get("PIONEER_BOARD_REFRESH_MS", "") or INTERVAL_MS)


class ChangeWatcher(QObject):
    """Emits ``changed`` once per change of the database made since the last look, at a quiet moment."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        interval_ms: int | None = None,
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.ready = ready  # besides a quiet moment: e.g. the page on show holds no unsaved input
        self._seen = changes.revision(db)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms or refresh_interval_ms())
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> bool:
        """Look now; True when ``changed`` was emitted."""
        try:
            now = changes.revision(self.db, self._seen.floor)
            if now == self._seen or not quiet_moment() or not self.ready():
                return False  # nothing new, or not now: the change stays unseen until the next tick
            self._seen = changes.revision(self.db)  # a fresh floor for the next look
        except Exception as exc:  # noqa: BLE001 — a busy or unreachable database: try at the next tick
            log.warning("change poll failed: %s", exc)
            return False
        self.changed.emit()
        return True


def quiet_moment() -> bool:
    """Nothing the clerk is doing would be disturbed by reloading the page on show."""
    if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
        return False
    focus = QApplication.focusWidget()
    if isinstance(focus, FindBox):
        return True  # the page's refresh keeps what is typed in its find box
    if isinstance(focus, QLineEdit):
        return focus.isReadOnly() or not focus.text()  # an empty field (just saved and cleared) loses nothing
    if isinstance(focus, (QPlainTextEdit, QTextEdit)):
        return focus.isReadOnly() or not focus.toPlainText()
    return not isinstance(focus, QAbstractSpinBox)


def follow_changes(window: QWidget, db: Database, current_page: object) -> ChangeWatcher:
    """The main window's watcher: ``current_page()`` (a callable) gives the page on show."""

    def following() -> Page | None:
        page = current_page() if callable(current_page) else None
        return page if isinstance(page, Page) and page.live_refresh else None

    def ready() -> bool:
        page = following()
        return page is None or not page.unsaved_input()

    watcher = ChangeWatcher(db, window, ready=ready)

    def reload() -> None:
        if window.property("database_replaced"):
            return
        page = following()
        if page is not None:
            page.follow_change()

    watcher.changed.connect(reload)
    return watcher
