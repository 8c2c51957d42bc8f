"""The page on show follows another clerk's change (ui/kit/live.py): the roster reloads its rows and keeps
the selection; while an editor is open it waits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from app.services import roster
from app.services.store import Database
from ui.kit.live import ChangeWatcher, follow_changes
from ui.pages.roster import RosterPage


@pytest.fixture
def other(demo_copy: Database) -> Iterator[Database]:
    db = Database.open(demo_copy.data_dir.root, actor="李文书")
    yield db
    db.close()


def _phone_shown(page: RosterPage, member_id: str) -> str:
    row = page.model.row_at(page.model.row_of(member_id))
    assert row is not None
    return row.phone


def test_roster_reloads_on_another_clients_change_keeping_the_selection(
    qtbot: QtBot, demo_copy: Database, other: Database
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    page = RosterPage(demo_copy, window)
    page.refresh()
    watcher: ChangeWatcher = follow_changes(window, demo_copy, lambda: page)
    watcher.timer.stop()  # the test polls by hand
    rows = roster.list_members(demo_copy)
    chosen, changed = rows[3].id, rows[5].id
    assert page.select_member(chosen)
    assert not watcher.poll()  # nothing new yet

    roster.set_fields(other, changed, {"手机号码": "13912345678"})
    assert watcher.poll()
    assert _phone_shown(page, changed) == "13912345678"
    assert page.current_member_id() == chosen
    assert not watcher.poll()  # seen once


def test_no_reload_while_an_editor_is_open(qtbot: QtBot, demo_copy: Database, other: Database) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    page = RosterPage(demo_copy, window)
    page.refresh()
    watcher = follow_changes(window, demo_copy, lambda: page)
    watcher.timer.stop()
    member_id = roster.list_members(demo_copy)[0].id
    editor = QDialog(window)
    editor.setWindowModality(Qt.WindowModality.ApplicationModal)
    editor.show()
    qtbot.waitExposed(editor)
    roster.set_fields(other, member_id, {"手机号码": "13912345678"})
    assert not watcher.poll() and _phone_shown(page, member_id) != "13912345678"
    editor.close()
    assert watcher.poll() and _phone_shown(page, member_id) == "13912345678"  # the change was kept for later
