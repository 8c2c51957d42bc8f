"""First steps: an empty roster says what to do; 找人 + Enter with one match opens it, none says 没有找到."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import organizations
from ui.pages.roster import RosterPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_an_empty_roster_says_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    db = Database.open(tmp_path / "data")
    organizations.set_up(db, "丁新村党总支", "党总支")
    page = RosterPage(db)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    assert page.empty_hint.isVisible()
    assert "还没有党员" in page.empty_hint.text() and "新增党员" in page.empty_hint.text()
    db.close()


def test_find_and_enter_opens_the_only_match(
    qtbot: QtBot, demo_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = RosterPage(demo_copy)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    assert not page.empty_hint.isVisible()
    opened: list[str | None] = []
    monkeypatch.setattr(page, "edit_current", lambda: opened.append(page.current_member_id()))
    only = page.model.visible_rows()[0]
    page.search.setText(only.id_number[-6:])  # the last digits of one ID number: one match
    assert page.model.rowCount() == 1
    page.search.returnPressed.emit()
    assert opened == [only.id]
    page.search.setText("zzzzzz")
    assert page.model.rowCount() == 0 and page.empty_hint.isVisible()
    assert page.empty_hint.text().startswith("没有找到“zzzzzz”")
    page.search.returnPressed.emit()
    assert opened == [only.id]  # nothing more opened
