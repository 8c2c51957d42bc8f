"""Issue 15: what start-up leaves until the rows are shown, and the start-up shortcuts that must not change results."""

from __future__ import annotations

import threading
import types

import pytest
from pytestqt.qtbot import QtBot

from app.services import reminders
from app.services.store import Database
from ui import startup
from ui.pages.roster import RosterPage
from ui.pages.todo_panel import TodoPanel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_todo_panel_is_read_off_the_gui_thread_once_the_rows_are_shown(
    demo_copy: Database, qtbot: QtBot, monkeypatch
) -> None:
    threads: list[bool] = []
    real = reminders.todo

    def todo(db: Database) -> list[reminders.TodoItem]:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(db)

    monkeypatch.setattr(reminders, "todo", todo)
    page = RosterPage(demo_copy)
    qtbot.addWidget(page)
    panel = page.findChild(TodoPanel)
    assert panel is not None
    page.refresh()
    page.show()
    assert panel.toggle.text() == "待办"  # not read before the page is painted
    qtbot.waitUntil(lambda: panel.toggle.text() != "待办", timeout=20_000)
    assert threads == [False]
    assert panel.items.count() > 0 and panel.toggle.text().startswith("待办（")
    assert page.model.rowCount() > 0


def test_the_pyside_source_scan_is_skipped_only_for_packages_without_qt() -> None:
    startup.skip_pyside_source_scan()
    startup.skip_pyside_source_scan()  # twice: still one wrapper
    from shibokensupport import feature

    scan = feature._mod_uses_pyside
    assert getattr(scan, "skips_data_layer", False)
    assert scan(types.ModuleType("sqlalchemy.orm")) is False
    assert scan(types.ModuleType("app.db.models")) is False
    assert scan(startup) is True  # ours, read as before: it names PySide6
