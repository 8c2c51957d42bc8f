"""显示的列: a clerk chooses the columns of a table from its heading row's right-click menu; the choice wins over
hiding for room, comes back after a restart, and 恢复默认 undoes it (ui/kit/columns.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import preferences
from tests.gui.test_dialogs_fit import maximised
from ui.kit.columns import MENU_TITLE, RESET, ColumnChooser, chooser_of
from ui.kit.records import ROOM_HIDDEN
from ui.main_window import MainWindow
from ui.pages.roster import RosterPage

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.usefixtures("bundled_font")]


def _roster(window: MainWindow) -> RosterPage:
    for _ in range(4):
        QApplication.processEvents()
    page = window.current_page()
    assert isinstance(page, RosterPage)
    return page


def _column(view: QTableView, heading: str) -> int:
    model = view.model()
    return next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == heading
    )


def _chooser(view: QTableView) -> ColumnChooser:
    chooser = chooser_of(view)
    assert chooser is not None, "every page table has the 显示的列 menu"
    return chooser


def _tick(chooser: ColumnChooser, heading: str, on: bool) -> None:
    menu = chooser.menu()
    action = next(a for a in menu.actions() if a.text() == heading)
    assert action.isEnabled()
    action.setChecked(on)
    QApplication.processEvents()


def test_a_column_hidden_for_room_comes_back_by_choice_and_is_remembered(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect]
) -> None:
    screen = fake_screen(1.5)
    window = maximised(qtbot, demo_copy, screen)
    view = _roster(window).table
    id_col = _column(view, "公民身份号码")
    assert view.isColumnHidden(id_col) and id_col in view.property(ROOM_HIDDEN), (
        "narrow: the ID number gives way"
    )
    chooser = _chooser(view)
    menu = chooser.menu()
    assert menu.title() == MENU_TITLE
    name = next(a for a in menu.actions() if a.text() == "姓名")
    assert name.isChecked() and not name.isEnabled(), "the name column cannot be hidden"
    _tick(chooser, "公民身份号码", True)
    _tick(chooser, "性别", False)
    _tick(
        chooser, "党龄", False
    )  # one that gives way for room anyway: hidden at the restart, its width unknown
    assert not view.isColumnHidden(id_col), "the clerk's choice wins over hiding for room"
    assert view.isColumnHidden(_column(view, "性别"))
    window.shutdown()

    again = maximised(qtbot, demo_copy, screen)  # a restart: a new window and page
    view = _roster(again).table
    assert not view.isColumnHidden(_column(view, "公民身份号码")), "remembered across a restart"
    assert view.isColumnHidden(_column(view, "性别"))
    assert preferences.chosen_columns(demo_copy, _chooser(view).key) == {
        "公民身份号码": True,
        "性别": False,
        "党龄": False,
    }

    reset = next(a for a in _chooser(view).menu().actions() if a.text() == RESET)
    assert reset.isEnabled()
    reset.trigger()
    QApplication.processEvents()
    assert view.isColumnHidden(_column(view, "公民身份号码")), "恢复默认: hidden for room again"
    assert not view.isColumnHidden(_column(view, "性别"))
    assert view.horizontalHeader().length() <= view.viewport().width(), "back to the default, it still fits"
    assert preferences.chosen_columns(demo_copy, _chooser(view).key) == {}
    again.shutdown()


def test_every_table_page_offers_the_menu(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect]
) -> None:
    window = maximised(qtbot, demo_copy, fake_screen(1.0))
    for title in ("星级评定", "积分管理", "统计"):
        window.nav.setCurrentRow(
            next(r for r in range(window.nav.count()) if window.nav.item(r).text() == title)
        )
        for _ in range(3):
            QApplication.processEvents()
        page = window.current_page()
        assert page is not None
        views = [v for v in page.findChildren(QTableView) if v.isVisible()]
        assert views and all(chooser_of(v) is not None for v in views), title
        header = views[0].horizontalHeader()
        assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    window.shutdown()


def test_export_still_writes_a_column_the_clerk_hid(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect]
) -> None:
    from ui.kit.export import view_table

    window = maximised(qtbot, demo_copy, fake_screen(1.0))
    window.nav.setCurrentRow(
        next(r for r in range(window.nav.count()) if window.nav.item(r).text() == "年终评议")
    )
    for _ in range(3):
        QApplication.processEvents()
    page = window.current_page()
    assert page is not None
    view = max((v for v in page.findChildren(QTableView) if v.isVisible()), key=lambda v: v.height())
    _tick(_chooser(view), "支部", False)
    assert view.isColumnHidden(_column(view, "支部"))
    headers, _rows = view_table(view)
    assert "支部" in headers, "导出 Excel writes every column, whatever the clerk shows"
    window.shutdown()
