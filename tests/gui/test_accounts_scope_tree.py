"""Issue 21 follow-up: a 书记/党务 (or 只读) account limited to one unit sees its own subtree on the 组织 page —
under the path above it, greyed, not selectable and without counts — and in 账户与权限… only its own account and
those of its subtree (and changes its own password there). A 管理员 and a database without accounts see the whole
tree as before."""

from __future__ import annotations

from accounts_helpers import ADMIN_PW, READER_PW, SEC_PW, set_up_accounts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import accounts, organizations
from ui.dialogs.accounts_dialog import AccountEditor, AccountsDialog, PasswordDialog
from ui.pages.organization import ID_ROLE, OrganizationPage


def _items(page: OrganizationPage) -> dict[str, QTreeWidgetItem]:
    out: dict[str, QTreeWidgetItem] = {}
    stack = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item is not None:
            out[str(item.data(0, ID_ROLE))] = item
            stack.extend(item.child(i) for i in range(item.childCount()))
    return out


def _subtree(db: Database, unit_id: str) -> set[str]:
    with db.session() as s:
        return set(organizations.unit_and_below(s, unit_id))


def test_the_organisation_tree_shows_a_secretary_their_subtree(
    qtbot: QtBot, demo_copy: Database, said: list[str]
) -> None:
    first, second = set_up_accounts(demo_copy)
    every = {u.id for u in organizations.units(demo_copy)}
    page = OrganizationPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    assert set(_items(page)) == every  # no one logged in: the whole tree, as before

    accounts.login(demo_copy, "zhang", SEC_PW)
    page.refresh()
    shown = _items(page)
    mine = _subtree(demo_copy, first)
    top = next(u for u in organizations.units(demo_copy) if u.parent_id is None)
    assert set(shown) == mine | {top.id} and second not in shown
    context = shown[top.id]
    assert not context.flags() & Qt.ItemFlag.ItemIsSelectable and context.text(2) == ""
    assert shown[first].flags() & Qt.ItemFlag.ItemIsSelectable and shown[first].text(2).isdigit()
    page.tree.setCurrentItem(context)
    assert page.current_unit() is None  # nothing to rename, move or delete up there
    page.tree.setCurrentItem(shown[first])
    assert page.current_unit() is not None and page.current_unit().id == first  # type: ignore[union-attr]

    accounts.logout(demo_copy)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    page.refresh()
    assert set(_items(page)) == every
    assert all(item.flags() & Qt.ItemFlag.ItemIsSelectable for item in _items(page).values())


def test_the_accounts_dialog_shows_a_secretary_their_subtree(
    qtbot: QtBot, demo_copy: Database, said: list[str]
) -> None:
    first, _second = set_up_accounts(demo_copy)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    accounts.create_account(demo_copy, "wu", "wu-secret-44", "书记/党务", _second)
    accounts.logout(demo_copy)

    accounts.login(demo_copy, "zhang", SEC_PW)
    dialog = AccountsDialog(demo_copy)
    qtbot.addWidget(dialog)
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["li", "zhang"]  # not the 管理员, not the other branch's clerk
    assert not dialog.add_button.isEnabled() and not dialog.own_button.isHidden()
    editor = AccountEditor(demo_copy, dialog)
    qtbot.addWidget(editor)
    offered = {editor.unit.itemData(i) for i in range(editor.unit.count())}
    assert None not in offered and offered <= _subtree(demo_copy, first)

    own = PasswordDialog("改我的密码", dialog, own=True)
    qtbot.addWidget(own)
    assert own.old_value() == ""
    accounts.change_password(demo_copy, "zhang", "zhang-new-secret-5", SEC_PW)
    accounts.logout(demo_copy)
    accounts.login(demo_copy, "zhang", "zhang-new-secret-5")

    accounts.logout(demo_copy)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    dialog.refresh()
    assert dialog.table.rowCount() == 4
    whole = AccountEditor(demo_copy, dialog)
    qtbot.addWidget(whole)
    assert whole.unit.itemData(0) is None
    assert whole.unit.count() == len(organizations.units(demo_copy)) + 1


def test_a_reader_lists_only_their_own_subtree_on_the_command_line_too(demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    accounts.login(demo_copy, "li", READER_PW)
    assert [a.name for a in accounts.list_accounts(demo_copy)] == ["li", "zhang"]
