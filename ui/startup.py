"""Opening the data off the GUI thread, after the main window's frame has been painted.

The window paints "正在打开…" first; a worker then imports the data layer (SQLAlchemy, the services), finishes an
interrupted restore or upgrades the schema (saying so in the window), and makes the demo if asked; the
database comes back to the GUI thread by a signal. SQLAlchemy opens file databases with
``check_same_thread=False``, so the GUI thread may use the engine the worker made.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from app import resume_gc
from app.domain.errors import UserError

if TYPE_CHECKING:
    from app.services.store import Database

log = logging.getLogger(__name__)

# PIONEER_BOARD_QUIT_AFTER=shown: leave once the window's frame is painted; =ready: once the first page shows its
# rows. Both exit 0; for measuring start-up (bench/bench_speed.py). The older PIONEER_BOARD_QUIT_AFTER_SHOW=1
# is kept as another name for "shown".
QUIT_AFTER = "PIONEER_BOARD_QUIT_AFTER"
QUIT_AFTER_SHOW_ALIAS = "PIONEER_BOARD_QUIT_AFTER_SHOW"


# Packages that never use PySide6 (the app core has no Qt: tests/unit/test_layers.py) and are imported after the window.
_NO_QT_PACKAGES = (
    "app",
    "sqlalchemy",
    "alembic",
    "reportlab",
    "PIL",
    "openpyxl",
    "python_calamine",
    "pypinyin",
)


def skip_pyside_source_scan() -> None:
    """PySide6 (shiboken's ``__feature__`` import hook) reads the whole source of every module imported after it, to
    see whether it says "PySide6" — ~0.08 s CPU of the data layer's import at start-up. The data layer's packages
    never do, so they get the hook's answer for such modules (``False``: feature selection ignored) without the
    read. Nothing changes for the program's Qt modules; without shiboken's hook (a newer PySide6) this does nothing.
    """
    try:
        from shibokensupport import feature  # shiboken6 embedded module
    except ImportError:
        return
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "skips_data_layer", False):
        return

    def uses_pyside(module: object) -> bool:
        name = str(getattr(module, "__name__", ""))
        if name.split(".", 1)[0] in _NO_QT_PACKAGES:
            return False
        return bool(scan(module))

    uses_pyside.skips_data_layer = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


def quit_after() -> str:
    """ "shown", "ready" or "" (stay open), from the environment."""
    wanted = os.environ.get(QUIT_AFTER, "").strip().lower()
    if wanted in ("shown", "ready"):
        return wanted
    return "shown" if os.environ.get(QUIT_AFTER_SHOW_ALIAS) else ""


class _PaintWatcher(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)  # after this paint has reached the screen
        return False


def on_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` from the event loop once ``widget`` has been painted."""
    _PaintWatcher(widget, callback)


class OpenerSignals(QObject):
    stage = Signal(str)  # what slow work is going on, in Chinese
    opened = Signal(object)  # the Database
    failed = Signal(str, bool)  # message (or traceback), is_user_error
    damaged = Signal(str)  # the database file cannot be opened at all: offer a restore


class Opener(QRunnable):
    """Opens the data folder (and makes the demo village if asked and the folder is empty) off the GUI thread."""

    def __init__(self, root: Path, demo_members: int | None = None, database_url: str | None = None) -> None:
        super().__init__()
        self.root = root
        self.database_url = database_url  # --database-url as given; resolved (env, settings file) on opening
        self.demo_members = demo_members
        self.signals = OpenerSignals()
        self.db: Database | None = None  # set once opened (also if nobody is listening any more)

    def run(self) -> None:
        from app.services.store import DatabaseDamagedError

        try:
            db = self._open()
        except DatabaseDamagedError as exc:
            self.signals.damaged.emit(str(exc))
        except UserError as exc:
            self.signals.failed.emit(str(exc), True)
        except Exception:
            log.exception("opening the data failed")
            self.signals.failed.emit(traceback.format_exc(), False)
        else:
            self.signals.opened.emit(db)
        finally:
            resume_gc()  # paused by ui.main for the start-up imports, which are done now

    def _open(self) -> Database:
        from app.services import organizations
        from app.services.store import open_database, resolve_database_url

        url = resolve_database_url(self.database_url, self.root)
        db = self.db = open_database(self.root, on_stage=self.signals.stage.emit, url=url)
        if self.demo_members is not None and not organizations.is_set_up(db):
            from app import demo

            self.signals.stage.emit("正在生成演示数据…")
            demo.make_demo_at_once(db, members=self.demo_members)
        # The first page's module (and the services it needs) is imported here, not on the GUI thread.
        from ui.main_window import PAGES

        __import__(PAGES[0].split(":")[0])  # "module:Class 标题"
        return db


def start_opening(opener: Opener) -> None:
    skip_pyside_source_scan()  # before the worker imports the data layer
    opener.setAutoDelete(False)  # ui.main reads opener.db after the event loop
    QThreadPool.globalInstance().start(opener)


def wait_for_opening() -> None:
    """Block until the opening (and any other background job) has finished: the window may close while it works."""
    QThreadPool.globalInstance().waitForDone()
