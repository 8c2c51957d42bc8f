"""The main window: navigation on the left, one page per area (built on first visit), data location below.

The frame needs neither SQLAlchemy nor the services: ui/main.py paints it with "正在打开…" before the data is
opened (ui/startup.py), then hands the database over with ``attach``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QCloseEvent, QFontMetrics
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

# "module:Class 标题", one per line, in navigation order. Only areas that work appear. The title is written here
# (a test checks it equals the class's ``title``) so that the frame shows the navigation before any page is imported
# — also in the frozen program, which carries no page sources to read it from.
PAGES = (
    "ui.pages.roster:RosterPage 花名册",
    "ui.pages.organization:OrganizationPage 组织与网格",
    "ui.pages.evaluations:EvaluationPage 星级评定",
    "ui.pages.commitments:CommitmentsPage 公开承诺",
    "ui.pages.points:PointsPage 积分管理",
    "ui.pages.meetings:MeetingsPage 组织生活",
    "ui.pages.service:ServicePage 服务群众",
    "ui.pages.projects:ProjectsPage 服务项目",
    "ui.pages.recognition:RecognitionPage 评选与考核",
    "ui.pages.year_end:YearEndPage 年终评议",
    "ui.pages.statistics:StatisticsPage 统计",
    "ui.pages.boards:BoardsPage 公示栏",
    "ui.pages.township:TownshipPage 乡镇汇总",
    "ui.pages.backup:BackupPage 备份与恢复",
)

# Pages in the navigation only when the open data asks for them: page → (service module, its yes/no function).
# Hidden from the first paint, so that a village PC's navigation never shows them.
ONLY_WHEN = {"ui.pages.township:TownshipPage": ("app.services.township", "shows_summary")}


def page_factory(spec: str) -> Callable[[Database], Page]:
    module, cls = spec.split()[0].split(":")
    factory: Callable[[Database], Page] = getattr(importlib.import_module(module), cls)
    return factory


def page_title(spec: str) -> str:
    """A page's navigation title, as written in PAGES (no import needed)."""
    return spec.split(maxsplit=1)[1] if " " in spec else ""


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
            "QListWidget#navigation::item { padding: 0px 16px; }"  # the height: _fit_navigation
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
            QListWidgetItem(page_title(spec), self.nav).setHidden(spec.split()[0] in ONLY_WHEN)
        self.nav.setCurrentRow(0)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.nav.viewport().installEventFilter(self)  # resized: the items share the height (_fit_navigation)
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
        location = QLabel(f"数据位置：{db.server_url or db.data_dir.root}")
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(location)
        from ui.app_menu import install_menus

        self.menuBar().clear()  # the disabled stand-ins of the frame
        install_menus(self, db)  # 文件 → 设置…; 帮助 → 关于先锋榜
        for index, spec in enumerate(PAGES):
            if spec.split()[0] in ONLY_WHEN:
                module, function = ONLY_WHEN[spec.split()[0]]
                wanted = bool(getattr(importlib.import_module(module), function)(db))
                self.nav.item(index).setHidden(not wanted)
        self._fit_navigation()
        self.nav.currentRowChanged.connect(self.show_page)
        self.show_page(max(0, self.nav.currentRow()))
        from ui.auto_backup import install_auto_backup  # a daily backup while open (if data changed)

        self.auto_backup_timer = install_auto_backup(self)
        from ui.kit.live import follow_changes  # another clerk's change reloads the page on show

        self.change_watcher = follow_changes(self, db, self.current_page)

    def update_title(self) -> None:
        if self.db is None:
            return
        from app.paths import is_demo_folder
        from app.services import organizations

        name = organizations.organization_name(self.db)
        if name and is_demo_folder(self.db.data_dir.root):
            name += "（演示数据，人员均为虚构）"
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
            if not page.unsaved_input():  # back to marks or text not saved yet: as the clerk left them
                page.refresh()
            self.update_title()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.nav.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_navigation()
        return super().eventFilter(watched, event)

    def _fit_navigation(self) -> None:
        """Every area in sight without scrolling: roomy rows on a tall window, tighter ones at 150 % on 1366×768."""
        count = sum(1 for i in range(self.nav.count()) if not self.nav.item(i).isHidden())
        if not count:
            return
        font = self.nav.font()
        font.setPixelSize(15)  # as the style sheet says
        line = QFontMetrics(font).height()
        share = self.nav.viewport().height() // count

        def set_height(height: int) -> int:
            height = max(line + 6, min(line + 24, height))
            for i in range(self.nav.count()):
                self.nav.item(i).setSizeHint(QSize(self.nav.width(), height))
            self.nav.doItemsLayout()
            return self.nav.visualItemRect(self.nav.item(0)).height()

        shown = set_height(share)
        if shown > share:  # the style adds its own margins to the hint
            set_height(share - (shown - share))

    def current_page(self) -> Page | None:
        """The page on show (None before the data is open)."""
        index = self.pages.currentIndex()
        return self._pages[index] if self.db is not None and 0 <= index < len(self._pages) else None

    def unsaved_pages(self) -> list[tuple[int, str]]:
        """(index, title) of each visited page holding input not saved yet, shown or not (a restore replaces it)."""
        return [(i, p.title) for i, p in enumerate(self._pages) if p is not None and p.unsaved_input()]

    def go_to(self, index: int) -> None:
        self.nav.setCurrentRow(index)

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

    def may_close(self) -> bool:
        """No page holds input not saved yet, or the clerk chose 不保存，退出. Asked first (default 回去保存, also
        Esc, which shows the page with the input); the current page first when it is one of them."""
        if self.db is None or self.property("database_replaced"):  # a restore was asked about already
            return True
        unsaved = self.unsaved_pages()
        if not unsaved:
            return True
        from ui import messages

        titles = [t for _i, t in unsaved]
        if not messages.keep_unsaved(
            self, titles, "退出", "退出后这些修改会丢失。", "保存后再退出", "不保存，退出"
        ):
            return True
        current = self.pages.currentIndex()
        self.go_to(current if current in [i for i, _t in unsaved] else unsaved[0][0])
        return False

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.may_close():
            event.ignore()
            return
        if self.db is not None:
            from ui.auto_backup import backup_on_close  # only if data changed since the last backup

            backup_on_close(self)
        self.shutdown()
        super().closeEvent(event)
