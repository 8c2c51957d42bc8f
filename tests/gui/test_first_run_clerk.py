"""The first-run screen asks the clerk's name; it becomes the 评定人/记录人 of every change (not the OS login)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import audit, preferences
from app.services.store import open_database
from ui.dialogs.first_run import FirstRunDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_start_stays_grey_with_the_reason_until_both_names_are_given(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "data")
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    assert (
        not dialog.ok.isEnabled() and "组织名称" in dialog.error.text() and "您的姓名" in dialog.ok.toolTip()
    )
    assert "b00020" not in dialog.error.styleSheet()  # a calm hint before anything was typed, not an error
    dialog.name.setText("丁新村党总支")
    assert not dialog.ok.isEnabled() and dialog.error.text() == "请填写您的姓名"
    dialog.clerk.setText("李文书")
    assert dialog.ok.isEnabled() and dialog.error.text() == ""
    dialog.ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert preferences.load(db).clerk_name == "李文书"
    assert {r.actor for r in audit.entries(db) if r.entity == "组织"} == {"李文书"}
    db.close()

    again = open_database(tmp_path / "data")  # next start: the clerk's name, not the computer's login
    assert again.actor == "李文书"
    again.close()


def test_the_clerks_name_survives_looking_at_the_demo_first(qtbot: QtBot, tmp_path: Path) -> None:
    """先看看演示数据 after typing one's name: the demo village is copied over the database, the name must stay."""
    db = open_database(tmp_path / "data")
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.clerk.setText("李文书")
    dialog.demo_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert preferences.load(dialog.db).clerk_name == "李文书"
    dialog.db.close()

    again = open_database(tmp_path / "data")
    assert again.actor == "李文书"
    again.close()
