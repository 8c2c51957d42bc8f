"""A hint that tells the clerk to press “某某…” must name a button that is there, on that page, under that name:
the 备份与恢复 page said “选择文件夹…” beside a button called 选择位置并备份…, and a clerk looks for the words."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from ui.main_window import PAGES, page_factory

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

# A quoted name ending in "…" is a button's (a page, a column or a field is named without the dots; a menu
# path "文件 → 设置…" has its arrow).
BUTTON_NAME = re.compile(r"“([^”→]{1,20}…)”")


def _words(page: QWidget) -> list[str]:
    """Every text the page shows or hints: labels, placeholders, tooltips, list items."""
    found: list[str] = []
    for w in page.findChildren(QWidget):
        found.append(w.toolTip())
        for name in ("text", "placeholderText"):
            if callable(getter := getattr(w, name, None)):
                try:
                    value = getter()
                except TypeError:  # a text() that needs arguments
                    continue
                if isinstance(value, str):
                    found.append(value)
        if isinstance(w, QListWidget):
            found.extend(w.item(i).data(Qt.ItemDataRole.DisplayRole) for i in range(w.count()))
    return [t for t in found if t]


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: s.split()[1])
def test_buttons_named_in_hints_exist(spec: str, demo_copy: Database, qtbot: QtBot) -> None:
    page = page_factory(spec)(demo_copy)
    qtbot.addWidget(page)
    page.setMinimumSize(1300, 700)
    page.show()
    page.refresh()
    QApplication.processEvents()
    buttons = {b.text().replace("&", "") for b in page.findChildren(QAbstractButton)}
    missing = {
        name: text[:60] for text in _words(page) for name in BUTTON_NAME.findall(text) if name not in buttons
    }
    assert not missing, missing
