"""Accounts in the window (issue 21): the login dialog (wrong password → attempts left; locked → minutes), the
status bar naming the account, 账户与权限… making the first 管理员 and the others, and a 只读 account refused."""

from __future__ import annotations

from accounts_helpers import ADMIN_PW, READER_PW, SEC_PW, set_up_accounts
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import accounts, organizations, roster
from ui.dialogs.accounts_dialog import AccountEditor, AccountsDialog
from ui.dialogs.login_dialog import LoginDialog, account_text
from ui.kit.page import attempt_ok


def test_login_dialog_counts_down_and_logs_in(qtbot: QtBot, demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    dialog = LoginDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.name.setText("zhang")
    dialog.password.setText("wrong-password")
    dialog.ok.click()
    assert "还可以再试 4 次" in dialog.error.text()
    assert dialog.password.text() == "" and dialog.result() == 0
    dialog.password.setText(SEC_PW)
    dialog.ok.click()
    assert dialog.result() == 1 and dialog.password.text() == ""
    assert demo_copy.actor == "zhang"
    assert account_text(demo_copy) == "当前账户：张书记（书记/党务 · 第一党支部）"


def test_a_locked_account_is_told_how_long(qtbot: QtBot, demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    dialog = LoginDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.name.setText("li")
    for _ in range(5):
        dialog.password.setText("wrong-password")
        dialog.ok.click()
    assert "锁定 5 分钟" in dialog.error.text()
    dialog.password.setText(READER_PW)
    dialog.ok.click()
    assert "分钟后再试" in dialog.error.text() and dialog.result() == 0


def test_first_admin_from_the_dialog_then_a_secretary(
    qtbot: QtBot, demo_copy: Database, said: list[str]
) -> None:
    dialog = AccountsDialog(demo_copy)
    qtbot.addWidget(dialog)
    first = AccountEditor(demo_copy, dialog, first=True)
    assert not first.role.isEnabled() and first.role.currentText() == "管理员"
    first.name.setText("boss")
    first.password.setText(ADMIN_PW)
    first.again.setText("another")
    first.ok.click()
    assert "不一样" in first.error.text()
    first.again.setText(ADMIN_PW)
    first.ok.click()
    assert first.result() == 1 and accounts.accounts_exist(demo_copy)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    branch = next(u for u in organizations.units(demo_copy) if u.kind == "党支部")
    editor = AccountEditor(demo_copy, dialog)
    editor.name.setText("zhang")
    editor.role.setCurrentIndex(editor.role.findData("secretary"))
    editor.unit.setCurrentIndex(editor.unit.findData(branch.id))
    editor.password.setText(SEC_PW)
    editor.again.setText(SEC_PW)
    editor.ok.click()
    assert editor.result() == 1, editor.error.text()
    dialog.refresh()
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["boss", "zhang"]
    assert dialog.table.item(1, 3).text() == branch.name


def test_a_reader_gets_the_refusal(qtbot: QtBot, demo_copy: Database, said: list[str]) -> None:
    first, _ = set_up_accounts(demo_copy)
    member = roster.list_members(demo_copy, branch_id=first)[0].id
    accounts.login(demo_copy, "li", READER_PW)
    assert not attempt_ok(None, lambda: roster.set_fields(demo_copy, member, {"phone": "13912345678"}))
    assert said.warnings() and "只读账户" in said.warnings()[0]
    dialog = AccountsDialog(demo_copy)
    qtbot.addWidget(dialog)
    assert not dialog.add_button.isEnabled()
