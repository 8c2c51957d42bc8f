"""Vertical room at 150 % on a 1366×768 screen: every page's main table shows at least ``MIN_ROWS`` rows (a clerk
at 125–150 % saw only seven on 星级评定, the header, filters and hints above ate the screen). Measured maximised on
the fake screen of test_dialogs_fit.py, in the program's font: the rows of the tallest table on show that are in
sight without scrolling the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from tests.gui.test_dialogs_fit import maximised
from ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.usefixtures("bundled_font")]

MIN_ROWS = {1.0: 15, 1.25: 12, 1.5: 10}
# Pages without a main table of records: a tree with its details, a board's form beside its preview, a form.
NO_MAIN_TABLE = {"组织与网格", "公示栏", "备份与恢复", "乡镇汇总"}


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def visible_rows(window: MainWindow, view: QTableView) -> int:
    """Rows of ``view`` in sight: its viewport cut to the window's page area (a page scrolls when too tall)."""
    area = window.pages.currentWidget()
    assert isinstance(area, QScrollArea)
    port = view.viewport()
    top_left = port.mapTo(area.viewport(), QPoint(0, 0))
    seen = QRect(top_left, port.size()).intersected(area.viewport().rect())
    return max(0, seen.height()) // view.verticalHeader().defaultSectionSize()


def _main_table(page: QWidget) -> QTableView | None:
    """The page's list: its tallest table on show (an editor's table beside it is shorter)."""
    tables = [v for v in page.findChildren(QTableView) if v.isVisible()]
    return max(tables, key=lambda v: v.height(), default=None)


def rows_per_page(window: MainWindow) -> dict[str, tuple[int, int]]:
    """Page (/ tab) → (rows in sight, rows the table holds)."""
    found: dict[str, tuple[int, int]] = {}
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        if item.isHidden() or item.text() in NO_MAIN_TABLE:
            continue
        window.nav.setCurrentRow(row)
        _settle()
        page = window.current_page()
        assert page is not None
        tabs = page.tabs if isinstance(getattr(page, "tabs", None), QTabWidget) else None
        for index in range(tabs.count()) if tabs else [0]:
            if tabs:
                tabs.setCurrentIndex(index)
                _settle()
            view = _main_table(page)
            if view is not None:
                name = item.text() + (f" / {tabs.tabText(index)}" if tabs else "")
                found[name] = (visible_rows(window, view), view.model().rowCount())
    return found


@pytest.mark.parametrize("scale", sorted(MIN_ROWS))
def test_every_main_table_shows_enough_rows(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    window = maximised(qtbot, demo_copy, fake_screen(scale))
    found = rows_per_page(window)
    window.shutdown()
    print(f"\nrows at {scale:.0%}: " + "; ".join(f"{k} {v}/{n}" for k, (v, n) in found.items()))
    # A short table (统计's six age bands) is fine when every row of it shows.
    short = {k: v for k, (v, n) in found.items() if v < min(MIN_ROWS[scale], n)}
    assert not short, f"at {scale:.0%} these tables show fewer than {MIN_ROWS[scale]} rows: {short}"
