"""Page headers at 100 % on a maximised 1366×768 window: the 找人 box and the 支部 chooser take the row's spare room
(up to their whole text), rather than staying narrow and cut off beside an empty stretch. At 150 % they give the
room back (the fit tests: test_fit_walk.py, test_dialogs_fit.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from app.db.database import Database
from tests.gui.test_dialogs_fit import maximised
from ui.kit.header import FindBox
from ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.usefixtures("bundled_font")]

HEADER_PAGES = ("星级评定", "公开承诺", "年终评议")


def _go(window: MainWindow, title: str) -> None:
    window.nav.setCurrentRow(next(r for r in range(window.nav.count()) if window.nav.item(r).text() == title))
    for _ in range(5):
        QApplication.processEvents()


def _shows_whole(combo: QComboBox) -> bool:
    """The chosen item's text fits the combo's text area."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    area = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return combo.fontMetrics().horizontalAdvance(combo.currentText()) <= area.width()


@pytest.mark.parametrize("title", HEADER_PAGES)
def test_find_box_and_branch_chooser_take_the_spare_room_at_100(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], title: str
) -> None:
    window = maximised(qtbot, demo_copy, fake_screen(1.0))
    _go(window, title)
    page = window.current_page()
    assert page is not None
    box = next(b for b in page.findChildren(FindBox) if b.isVisible())
    text = box.fontMetrics().horizontalAdvance(box.placeholderText())
    assert box.width() >= text + box.fontMetrics().height(), f"{title}: 找人 box cut: {box.width()} < {text}"
    branch = page.branch_combo  # type: ignore[attr-defined]  # each of these pages has one
    assert isinstance(branch, QComboBox)
    longest = max(
        range(branch.count()), key=lambda i: branch.fontMetrics().horizontalAdvance(branch.itemText(i))
    )
    branch.setCurrentIndex(longest)
    for _ in range(3):
        QApplication.processEvents()
    assert _shows_whole(branch), f"{title}: 支部 “{branch.currentText()}” cut at {branch.width()} px"


def test_at_150_the_chooser_gets_the_room_before_the_buttons_stretch(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect]
) -> None:
    """公开承诺 at 150 %: the row has some room after the find box; “全部（丁新村党总支）” takes it, whole."""
    window = maximised(qtbot, demo_copy, fake_screen(1.5))
    _go(window, "公开承诺")
    page = window.current_page()
    branch = page.branch_combo  # type: ignore[union-attr]
    assert branch.currentIndex() == 0 and _shows_whole(branch), (
        f"“{branch.currentText()}” cut at {branch.width()}"
    )
