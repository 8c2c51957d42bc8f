"""The main window: navigation on the left, one page per area, data location in the status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.services import organizations
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
    "ui.pages.year_end:YearEndPage",
    "ui.pages.boards:BoardsPage",
    "ui.pages.backup:BackupPage",
)


def page_factories() -> list[Callable[[Database], Page]]:
    factories = []
    for spec in PAGES:
        module, cls = spec.split(":")
        factories.append(getattr(importlib.import_module(module), cls))
    return factories


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
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
            "QListWidget#navigation { background: #a61b1b; color: white; border: none; font-size: 15px; }"
            "QListWidget#navigation::item { padding: 12px 16px; }"
            "QListWidget#navigation::item:selected { background: #7d1010; color: #ffe9a8; }"
        )
        self.pages = QStackedWidget()
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._pages: list[Page] = []
        from ui.screen_fit import scrollable

        for factory in page_factories():
            page = factory(db)
            self._pages.append(page)
            self.pages.addWidget(scrollable(page))  # scrolls rather than squashes on a 150 % screen
            QListWidgetItem(page.title, self.nav)
        self.nav.currentRowChanged.connect(self.show_page)
        location = QLabel(f"数据位置：{db.data_dir.root}")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(location)
        from ui.app_menu import install_menus

        install_menus(self, db)  # 文件 → 设置…; 帮助 → 关于先锋榜
        self.update_title()
        self.nav.setCurrentRow(0)
        from ui.pages.backup import install_auto_backup  # a daily backup while open (if data changed)

        self.auto_backup_timer = install_auto_backup(self)

    def update_title(self) -> None:
        name = organizations.organization_name(self.db)
        self.setWindowTitle(f"先锋榜 — {name}" if name else "先锋榜")

    def show_page(self, index: int) -> None:
        if 0 <= index < len(self._pages):
            self.pages.setCurrentIndex(index)
            self._pages[index].refresh()
            self.update_title()

    def page(self, page_type: type[Page]) -> Page:
        for p in self._pages:
            if isinstance(p, page_type):
                return p
        raise KeyError(page_type)

    def shutdown(self) -> None:
        for p in self._pages:
            p.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        from ui.pages.backup import backup_on_close  # only if data changed since the last backup

        backup_on_close(self)
        self.shutdown()
        super().closeEvent(event)
