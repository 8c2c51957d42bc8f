"""备份与恢复 page: back up to a folder, verify, restore (confirmation patched to Yes), wrong password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import demo
from app.backup import crypto
from app.db.database import Database
from app.services import organizations, settings
from ui.dialogs import backup_dialogs
from ui.pages import backup as backup_page
from ui.pages.backup import BackupPage


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gui-village") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=40, seed=13)
    db.close()
    return root


@pytest.fixture
def db(village: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copytree(village, tmp_path / "data")
    opened = Database.open(tmp_path / "data")
    yield opened
    opened.close()


def test_backup_verify_and_restore(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = BackupPage(db)
    qtbot.addWidget(page)
    page.refresh()
    assert not page.backup_button.isEnabled()  # first time: nowhere chosen yet
    usb = tmp_path / "usb"
    usb.mkdir()
    path = page.backup_to(usb)
    assert path is not None and path.exists()
    assert "检查无误" in page.result.text() and str(path) in page.result.text()
    assert page.backup_button.isEnabled() and page.target() == usb  # remembered: one click next time
    report = page.verify(path)
    assert report is not None and "备份文件完好" in said[-1]

    settings.put(page.db, settings.ORGANIZATION_NAME, "恢复前的名字")
    asked: list[str] = []

    def yes(_parent: object, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(backup_dialogs, "confirm_restore", yes)
    with qtbot.waitSignal(page.databaseReplaced):
        new_db = page.restore(path)
    assert new_db is not None and page.db is new_db
    assert "恢复前的名字" in asked[0] and "丁新村党总支" in asked[0]  # both sides shown
    assert organizations.organization_name(new_db) == "丁新村党总支"
    assert "已从备份恢复" in said[-1]
    assert page.auto_table.rowCount() >= 1  # the safety backup made before restoring
    new_db.close()


def test_encrypted_backup_and_wrong_password(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = BackupPage(db)
    qtbot.addWidget(page)
    usb = tmp_path / "usb"
    usb.mkdir()

    class TypedTwice:
        def __init__(self, _parent: object) -> None:
            pass

        def exec(self) -> bool:
            return True

        def passphrase(self) -> str:
            return "right-pw"

    monkeypatch.setattr(backup_dialogs, "NewPassphraseDialog", TypedTwice)
    monkeypatch.setattr(crypto, "DEFAULT_N", 1 << 10)
    page.encrypt.setChecked(True)
    path = page.backup_to(usb)
    assert path is not None and crypto.is_encrypted(path)
    assert "已加密" in page.result.text()
    monkeypatch.setattr(backup_dialogs, "ask_passphrase", lambda _p, _f: "wrong-pw")
    assert page.verify(path) is None
    assert said[-1].startswith("WARN 密码错误")
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _p, _t: True)
    assert page.restore(path) is None
    assert "密码错误" in said[-1]
    assert organizations.organization_name(page.db) == "丁新村党总支"


def test_restore_declined_changes_nothing(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = BackupPage(db)
    qtbot.addWidget(page)
    usb = tmp_path / "usb"
    usb.mkdir()
    path = page.backup_to(usb)
    assert path is not None
    settings.put(db, settings.ORGANIZATION_NAME, "不要动我")
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _p, _t: False)
    assert page.restore(path) is None
    assert organizations.organization_name(page.db) == "不要动我"


def test_main_window_starts_over_after_restore(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    page = window.page(BackupPage)
    assert isinstance(page, BackupPage)
    usb = tmp_path / "usb"
    usb.mkdir()
    path = page.backup_to(usb)
    assert path is not None
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _p, _t: True)
    page.restore(path)
    new_window = backup_page._windows[-1]
    qtbot.addWidget(new_window)
    assert new_window is not window and new_window.isVisible()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.property("database_replaced")
    new_db = new_window.db  # type: ignore[attr-defined]
    assert organizations.organization_name(new_db) == "丁新村党总支"
    new_window.close()
    new_db.close()


def test_first_run_restores_into_a_fresh_data_dir(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.first_run import FirstRunDialog

    usb = tmp_path / "usb"
    usb.mkdir()
    from app.backup import package

    path = package.create_backup(db.engine, db.data_dir, usb).path
    fresh = Database.open(tmp_path / "new-pc")
    dialog = FirstRunDialog(fresh)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(backup_dialogs, "choose_backup_file", lambda _p, _s="": path)
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _p, _t: True)
    dialog.restore_button.click()
    assert dialog.result() == 1
    assert dialog.db is not fresh and organizations.is_set_up(dialog.db)
    dialog.db.close()


def test_closing_the_window_backs_up_if_changed(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    from app.backup import auto
    from app.services import preferences
    from ui.main_window import MainWindow

    stick = tmp_path / "stick"
    stick.mkdir()
    settings.put(db, preferences.BACKUP_TARGET, str(stick))  # 设置 → 同时备份到
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.close()
    assert [e.reason for e in auto.list_backups(db.data_dir)] == ["关闭时自动备份"]
    assert len(list(stick.glob("*.pbk"))) == 1
    window2 = MainWindow(db)
    qtbot.addWidget(window2)
    window2.close()  # nothing changed: no second backup
    assert len(auto.list_backups(db.data_dir)) == 1


def test_restore_asks_before_throwing_away_another_pages_unsaved_edits(
    qtbot: QtBot, db: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marks changed on 组织生活 and text typed on 星级评定, not saved; the clerk goes to 备份与恢复 and restores: asked
    first (default 回去保存, which leads back to the page), not silently replaced by the restore's new window."""
    from ui.main_window import PAGES, MainWindow
    from ui.pages.meetings import MeetingsPage

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    meetings = window.page(MeetingsPage)
    assert isinstance(meetings, MeetingsPage)
    window.go_to(next(i for i, spec in enumerate(PAGES) if spec.startswith("ui.pages.meetings:")))
    qtbot.waitUntil(lambda: meetings.editor.detail is not None)
    meetings.editor.view.cycle(0)  # 出席 → 请假, not saved
    assert meetings.unsaved_input()
    page = window.page(BackupPage)
    assert isinstance(page, BackupPage)
    window.go_to(next(i for i, spec in enumerate(PAGES) if spec.startswith("ui.pages.backup:")))
    usb = tmp_path / "usb"
    usb.mkdir()
    path = page.backup_to(usb)
    assert path is not None
    asked: list[list[str]] = []
    monkeypatch.setattr(backup_dialogs, "keep_unsaved", lambda _p, titles: asked.append(titles) or True)
    monkeypatch.setattr(
        backup_dialogs, "confirm_restore", lambda _p, _t: pytest.fail("restored over unsaved edits")
    )
    assert page.restore(path) is None
    assert asked == [[meetings.title]]
    assert (
        window.current_page() is meetings and meetings.unsaved_input()
    )  # back where the edits are, still there
    monkeypatch.setattr(backup_dialogs, "keep_unsaved", lambda _p, _titles: False)  # 放弃这些修改，继续恢复
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _p, _t: True)
    new_db = page.restore(path)
    assert new_db is not None
    new_window = backup_page._windows[-1]
    qtbot.addWidget(new_window)
    new_window.close()
    new_db.close()
