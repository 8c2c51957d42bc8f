"""The main window: navigation on the left, one page per area (built on first visit), data location below.

The frame needs neither SQLAlchemy nor the services: ui/main.py paints it with "正在打开…" before the data is
opened (ui/startup.py), then hands the database over with ``attach``.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.services.store import Database
    from ui.kit.page import Page

# "module:Class", one per line, in navigation order. Only areas that work appear.
PAGES = (
    "ui.pages.roster:RosterPage",
    "ui.pages.organization:OrganizationPage",
    "ui.pages.evaluations:EvaluationPage",
    "ui.pages.commitments:CommitmentsPage",
    "ui.pages.points:PointsPage",
    "ui.pages.meetings:MeetingsPage",
    "ui.pages.service:ServicePage",
    "ui.pages.recognition:RecognitionPage",
    "ui.pages.year_end:YearEndPage",
    "ui.pages.boards:BoardsPage",
    "ui.pages.backup:BackupPage",
)


def page_factory(spec: str) -> Callable[[Database], Page]:
    module, cls = spec.split(":")
    factory: Callable[[Database], Page] = getattr(importlib.import_module(module), cls)
    return factory


def page_title(spec: str) -> str:
    """A page's navigation title read from its source (``title = "…"`` in the class), without importing it."""
    module, cls = spec.split(":")
    found = importlib.util.find_spec(module)
    if found is None or found.origin is None:
        return ""
    with open(found.origin, encoding="utf-8") as fh:
        source = fh.read()
    match = re.search(rf"^class {cls}\b.*?^    title = \"([^\"\n]*)\"", source, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


class OpeningNotice(QWidget):
    """What the first page's place shows until the data is open: "正在打开…", or the slow work going on."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.label = QLabel("正在打开…")
        self.label.setObjectName("opening")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("font-size: 18px; color: #7d1010;")
        layout.addWidget(self.label)


class MainWindow(QMainWindow):
    def __init__(self, db: Database | None = None) -> None:
        super().__init__()
        self.db: Database | None = None
        available = self.screen().availableGeometry()  # a 1366×768 screen at 150 % is only 910×512 points
        self.resize(min(1280, available.width() - 40), min(720, available.height() - 60))
        # Fits 1366×768 at 150 % scaling (about 910×512 points, less the title and task bars).
        self.setMinimumSize(QSize(860, 440))
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(128)
        self.nav.setStyleSheet(
            # outline: 0 — no dotted focus rectangle on the chosen item
            "QListWidget#navigation { background: #a61b1b; color: white; border: none; font-size: 15px;"
            " outline: 0; }"
            "QListWidget#navigation::item { padding: 12px 16px; }"
            "QListWidget#navigation::item:selected { background: #7d1010; color: #ffe9a8; }"
        )
        self.pages = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # Each page is built the first time it is shown; until then its place holds an empty widget.
        self._pages: list[Page | None] = [None] * len(PAGES)
        self.opening = OpeningNotice()
        for index, spec in enumerate(PAGES):
            self.pages.addWidget(self.opening if index == 0 else QWidget())
            QListWidgetItem(page_title(spec), self.nav)
        self.nav.setCurrentRow(0)
        self.setWindowTitle("先锋榜")
        # The menu and status bars take their room now, so that nothing moves when the data arrives.
        for title in ("文件(&F)", "帮助(&H)"):
            self.menuBar().addMenu(title).setEnabled(False)
        self.statusBar()
        if db is not None:
            self.attach(db)

    def say_opening(self, text: str) -> None:
        """Show what slow work goes on before the data is open (a schema upgrade, a restore to finish)."""
        self.opening.label.setText(text)

    def attach(self, db: Database) -> None:
        """The data is open: status bar, menus, the current page, and the daily backup timer."""
        self.db = db
        location = QLabel(f"数据位置：{db.data_dir.root}")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(location)
        from ui.app_menu import install_menus

        self.menuBar().clear()  # the disabled stand-ins of the frame
        install_menus(self, db)  # 文件 → 设置…; 帮助 → 关于先锋榜
        self.nav.currentRowChanged.connect(self.show_page)
        self.show_page(max(0, self.nav.currentRow()))
        from ui.pages.backup import install_auto_backup  # a daily backup while open (if data changed)

        self.auto_backup_timer = install_auto_backup(self)

    def update_title(self) -> None:
        if self.db is None:
            return
        from app.services import organizations

        name = organizations.organization_name(self.db)
        self.setWindowTitle(f"先锋榜 — {name}" if name else "先锋榜")

    def _build(self, index: int, factory: Callable[[Database], Page] | None = None) -> Page:
        built = self._pages[index]
        if built is not None:
            return built
        assert self.db is not None, "pages are built once the data is open"
        from ui.screen_fit import scrollable

        page = (factory or page_factory(PAGES[index]))(self.db)
        self._pages[index] = page
        placeholder = self.pages.widget(index)
        self.pages.insertWidget(index, scrollable(page))  # scrolls rather than squashes on a 150 % screen
        if placeholder is not None:
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
        item = self.nav.item(index)
        if item is not None and item.text() != page.title:
            item.setText(page.title)
        return page

    def show_page(self, index: int) -> None:
        if self.db is not None and 0 <= index < len(self._pages):
            page = self._build(index)
            self.pages.setCurrentIndex(index)
            page.refresh()
            self.update_title()

    def current_page(self) -> Page | None:
        """The page on show (None before the data is open)."""
        index = self.pages.currentIndex()
        return self._pages[index] if self.db is not None and 0 <= index < len(self._pages) else None

    def page(self, page_type: type[Page]) -> Page:
        """The page of this type, built now if it was not yet visited."""
        for index, spec in enumerate(PAGES):
            built = self._pages[index]
            if built is not None:
                if isinstance(built, page_type):
                    return built
                continue
            factory = page_factory(spec)
            if isinstance(factory, type) and issubclass(factory, page_type):
                return self._build(index, factory)
        raise KeyError(page_type)

    def shutdown(self) -> None:
        for p in self._pages:
            if p is not None:
                p.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.db is not None:
            from ui.pages.backup import backup_on_close  # only if data changed since the last backup

            backup_on_close(self)
        self.shutdown()
        super().closeEvent(event)
