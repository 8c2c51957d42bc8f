"""The first-run screen asks the clerk's name; it becomes the 评定人/记录人 of every change (not the OS login)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.services import audit, preferences, roster
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


def test_looking_at_the_demo_first_leaves_the_data_folder_for_real_work(qtbot: QtBot, tmp_path: Path) -> None:
    """先看看演示数据 opens an invented village from a folder of its own: the data folder stays empty (the next start
    asks again for the organisation), the clerk's name holds in both, and a second look reopens the same village."""
    from app.paths import demo_folder
    from app.services import organizations

    db = open_database(tmp_path / "data")
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.clerk.setText("李文书")
    dialog.demo_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    shown = dialog.db
    assert shown.data_dir.root == demo_folder(tmp_path / "data")
    assert organizations.is_set_up(shown) and shown.actor == "李文书"
    first_member = roster.list_members(shown)[0].id
    shown.close()
    demo_again = open_database(
        demo_folder(tmp_path / "data")
    )  # the name went into the village's own settings
    assert demo_again.actor == "李文书"
    demo_again.close()

    real = open_database(tmp_path / "data")  # the next start: the real folder, still to be set up
    assert not organizations.is_set_up(real) and real.actor == "李文书"
    again = FirstRunDialog(real)
    qtbot.addWidget(again)
    assert again.clerk.text() == "李文书"  # typed yesterday, still there
    again.demo_button.click()  # the same village, not a second one
    assert roster.list_members(again.db)[0].id == first_member
    again.db.close()


def test_the_window_says_when_it_shows_the_demo_village(
    qtbot: QtBot, tmp_path: Path, demo_templates: Callable[[int, int], Path]
) -> None:
    import shutil

    from app.paths import demo_folder
    from ui.main_window import MainWindow

    titles = {}
    for root in (tmp_path / "data", demo_folder(tmp_path / "data")):
        shutil.copytree(demo_templates(30, 7), root)
        db = open_database(root)
        window = MainWindow(db)
        qtbot.addWidget(window)
        titles[root.name] = window.windowTitle()
        window.close()
        db.close()
    assert "演示数据" in titles["data-演示"] and "丁新村" in titles["data-演示"]
    assert "演示" not in titles["data"]


def test_a_demo_folder_that_cannot_be_made_is_said_not_crashed(qtbot: QtBot, tmp_path: Path) -> None:
    from app.paths import demo_folder

    db = open_database(tmp_path / "data")
    demo_folder(tmp_path / "data").write_text("一个同名的文件挡住了演示文件夹")
    dialog = FirstRunDialog(db)
    qtbot.addWidget(dialog)
    dialog.demo_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "无法建立演示文件夹" in dialog.error.text() and dialog.db is db
    db.close()
