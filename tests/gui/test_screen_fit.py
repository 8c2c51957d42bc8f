"""Every page fits a 1366×768 office screen (maximised window) without scroll bars."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from app.db.database import Database
from ui.main_window import MainWindow


def test_every_page_fits_a_1366_by_768_screen(qtbot: QtBot, demo_copy: Database) -> None:
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.resize(1366, 700)  # 768 less the task bar and the window's title bar
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        for _ in range(5):  # page switch, then the layouts and the scroll area settle
            QApplication.processEvents()
        area = window.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        holder = area.widget()
        assert holder is not None
        title = window.nav.item(row).text()
        assert holder.height() <= area.viewport().height(), f"{title} scrolls vertically"
        assert holder.width() <= area.viewport().width(), f"{title} scrolls sideways"
    window.shutdown()
