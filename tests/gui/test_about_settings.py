"""About and Settings dialogs, and the menu entries that open them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea
from pytestqt.qtbot import QtBot

from app import __version__
from app.db.database import Database
from app.services import organizations, preferences
from ui.dialogs.about import AboutDialog
from ui.dialogs.settings_dialog import SettingsDialog


def test_about_shows_version_data_location_and_opens_the_folder(
    empty_db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog = AboutDialog(empty_db)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.data_label)))
    assert __version__ in texts
    assert dialog.data_label.text() == str(empty_db.data_dir.root)
    assert "还没有备份" in dialog.backup_label.text()
    assert dialog.licences.rowCount() >= 10
    licences = {
        dialog.licences.item(r, 0).text(): dialog.licences.item(r, 2).text()
        for r in range(dialog.licences.rowCount())
    }
    assert licences["Noto Sans SC 思源黑体"].startswith("SIL Open Font License")
    assert "LGPL" in licences["Qt 6 / PySide6"]
    dialog.open_button.click()
    assert [Path(u.toLocalFile()) for u in opened] == [empty_db.data_dir.root]


def test_about_shows_the_newest_backup(empty_db: Database, qtbot: QtBot, tmp_path: Path) -> None:
    older = empty_db.data_dir.backups / "old.sqlite3"
    older.write_bytes(b"x")
    os.utime(older, (time.time() - 86400, time.time() - 86400))
    usb = tmp_path / "usb"
    usb.mkdir()
    newest = usb / "先锋榜备份-丁新村.pbk"
    newest.write_bytes(b"y")
    preferences.save(empty_db, preferences.Preferences(backup_target=str(usb)))
    dialog = AboutDialog(empty_db)
    qtbot.addWidget(dialog)
    assert newest.name in dialog.backup_label.text()


@pytest.fixture
def village_db(empty_db: Database) -> Database:
    """Only the top organisation: enough for these dialogs, much quicker than the demo village."""
    organizations.set_up(empty_db, "丁新村党总支")
    return empty_db


def _save_button(dialog: SettingsDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_settings_saves_names_paper_and_backup(village_db: Database, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(village_db)
    qtbot.addWidget(dialog)
    assert dialog.org_name.text() == organizations.organization_name(village_db)
    dialog.org_name.setText("丁新村党委")  # Chinese via setText: keyClicks cannot type it
    dialog.issuer.setText("中共丁新村委员会")
    dialog.secretary.setText("王建国")
    dialog.phone.setText("0858-1234567")
    dialog.paper.setCurrentText("A4")
    dialog.backup_target.setText(str(tmp_path / "usb"))
    dialog.auto_backup.setChecked(False)
    _save_button(dialog).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert organizations.organization_name(village_db) == "丁新村党委"
    root = organizations.root(village_db)
    assert root is not None and root.name == "丁新村党委"
    assert preferences.load(village_db) == preferences.Preferences(
        board_issuer="中共丁新村委员会",
        board_secretary="王建国",
        board_contact_phone="0858-1234567",
        default_paper="A4",
        backup_target=str(tmp_path / "usb"),
        auto_backup_enabled=False,
    )


def test_settings_bad_phone_is_explained_and_nothing_changes(village_db: Database, qtbot: QtBot) -> None:
    name = organizations.organization_name(village_db)
    dialog = SettingsDialog(village_db)
    qtbot.addWidget(dialog)
    dialog.org_name.setText("改了名字的党委")
    dialog.phone.setText("call me")
    _save_button(dialog).click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.error.isHidden() and "联系电话" in dialog.error.text()
    assert organizations.organization_name(village_db) == name
    assert preferences.load(village_db) == preferences.DEFAULTS


def test_menu_opens_settings_and_about(
    village_db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main_window import MainWindow

    opened: list[str] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: opened.append("settings") or 0)
    monkeypatch.setattr(AboutDialog, "exec", lambda self: opened.append("about") or 0)
    window = MainWindow(village_db)
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:1] == ["文件(&F)"] and "帮助(&H)" in menus
    window.findChild(QAction, "action_settings").trigger()
    window.findChild(QAction, "action_about").trigger()
    assert opened == ["settings", "about"]
    assert window.minimumWidth() <= 910 and window.minimumHeight() <= 512
    # Pages scroll rather than squash when the window is that small.
    assert isinstance(window.pages.currentWidget(), QScrollArea)
