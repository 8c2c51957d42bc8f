"""账户与权限…: the accounts with their role and unit; a 管理员 adds, resets a password, sets role and unit,
retires. With no account yet it makes the first one — a 管理员 — and logs in as it. Another logged-in account sees
its own account and those of its subtree (never the whole tree) and changes its own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.roles import LABELS, Role
from app.services import accounts, organizations
from app.services.store import Database
from ui import messages
from ui.kit.page import attempt, attempt_ok
from ui.screen_fit import resize_to_fit

HEADINGS = ("账户名", "姓名", "角色", "管理范围", "状态")


class AccountsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("账户与权限")
        layout = QVBoxLayout(self)
        note = QLabel(
            "管理员管理全部组织和账户；书记/党务只能查看和修改所管组织（含下级）的数据；只读账户只能查看。"
            "没有账户时程序不需要登录；添加第一个账户（必须是管理员）后，每次打开都要登录。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        who = accounts.current_account(db)
        if who is not None and who.role is not Role.ADMIN:
            mine = QLabel(
                f"您是{who.role.label}账户：这里只列出您自己和您所管组织的账户。"
                "添加账户、改角色和管理范围请找管理员。"
            )
            mine.setObjectName("accounts_own_scope")
            mine.setWordWrap(True)
            layout.addWidget(mine)
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setObjectName("accounts_table")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("添加账户…")
        self.password_button = QPushButton("重设密码…")
        self.role_button = QPushButton("角色与范围…")
        self.retire_button = QPushButton("停用")
        self.own_button = QPushButton("改我的密码…")
        for button, slot in (
            (self.add_button, self.add_account),
            (self.password_button, self.reset_password),
            (self.role_button, self.change_role),
            (self.retire_button, self.retire),
            (self.own_button, self.change_own_password),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()
        resize_to_fit(self, 720, 420)

    def refresh(self) -> None:
        self.rows = accounts.list_accounts(self.db)
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            state = "已停用" if not a.active else ("已锁定" if a.locked else "在用")
            for c, value in enumerate(
                (a.name, a.display_name, a.role_label, a.unit_name or "全部组织", state)
            ):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._enable()

    def selected(self) -> accounts.AccountView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _enable(self) -> None:
        chosen = self.selected()
        admin = accounts.can_administer(self.db)
        self.add_button.setEnabled(admin)
        for button in (self.password_button, self.role_button, self.retire_button):
            button.setEnabled(admin and chosen is not None and chosen.active)
        self.own_button.setVisible(accounts.current_account(self.db) is not None)

    def change_own_password(self) -> None:
        who = accounts.current_account(self.db)
        if who is None:
            return
        dialog = PasswordDialog("改我的密码", self, own=True)
        if dialog.exec() and attempt_ok(
            self, lambda: accounts.change_password(self.db, who.name, dialog.value(), dialog.old_value())
        ):
            messages.info(self, "密码已改好，下次登录请用新密码。")

    def add_account(self) -> None:
        first = not accounts.accounts_exist(self.db)
        editor = AccountEditor(self.db, self, first=first)
        if editor.exec():
            if first:  # the first 管理员: log in as it, so that it can go on managing the others
                attempt(self, lambda: accounts.login(self.db, editor.created_name, editor.created_password))
                from ui.dialogs.login_dialog import show_account

                window = self.parent()
                if window is not None and hasattr(window, "statusBar"):
                    show_account(window, self.db)  # type: ignore[arg-type]
            editor.created_password = ""
            self.refresh()

    def reset_password(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        dialog = PasswordDialog(f"为“{chosen.name}”设新密码", self)
        if dialog.exec() and attempt_ok(
            self, lambda: accounts.change_password(self.db, chosen.name, dialog.value())
        ):
            messages.info(self, f"“{chosen.name}”的密码已重设，请告诉本人尽快登录后自己再改一次。")
            self.refresh()

    def change_role(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if AccountEditor(self.db, self, existing=chosen).exec():
            self.refresh()

    def retire(self) -> None:
        chosen = self.selected()
        if chosen is None or not messages.confirm(
            self, f"停用账户“{chosen.name}”？停用后不能再登录，修改记录里的名字保留。", "停用"
        ):
            return
        if attempt_ok(self, lambda: accounts.retire(self.db, chosen.name)):
            self.refresh()


def _unit_combo(db: Database, chosen: str | None) -> QComboBox:
    """The scope to give an account: the whole tree's units for a 管理员 (or the first account), else only the
    logged-in account's own subtree."""
    combo = QComboBox()
    whole = accounts.visible_unit_ids(db) is None
    if whole:
        combo.addItem("全部组织（管理员）", None)
    for unit in accounts.visible_units(db) if not whole else organizations.units(db):
        combo.addItem("　" * unit.depth + unit.name, unit.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo


class AccountEditor(QDialog):
    """A new account (name, role, unit, password twice), or an existing one's role and unit."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, *, first: bool = False,
        existing: accounts.AccountView | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.db = db
        self.existing = existing
        self.created_name = ""
        self.created_password = ""
        self.setWindowTitle("添加账户" if existing is None else f"角色与范围：{existing.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(existing.name if existing else "")
        self.name.setReadOnly(existing is not None)
        self.display_name = QLineEdit(existing.display_name if existing else "")
        self.display_name.setReadOnly(existing is not None)
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(LABELS[role], role.value)
        self.role.setCurrentIndex(
            max(0, self.role.findData(existing.role if existing else Role.SECRETARY.value))
        )
        if first:
            self.role.setCurrentIndex(self.role.findData(Role.ADMIN.value))
            self.role.setEnabled(False)
        self.unit = _unit_combo(db, existing.unit_id if existing else None)
        form.addRow("账户名", self.name)
        form.addRow("姓名", self.display_name)
        form.addRow("角色", self.role)
        form.addRow("管理范围", self.unit)
        self.password = QLineEdit()
        self.again = QLineEdit()
        if existing is None:
            for edit in (self.password, self.again):
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            form.addRow("密码", self.password)
            form.addRow("再输入一次", self.again)
        layout.addLayout(form)
        if first:
            hint = QLabel("第一个账户必须是管理员。添加后，每次打开先锋榜都要登录。")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 440, 300)

    def save(self) -> None:
        role, unit = str(self.role.currentData()), self.unit.currentData()
        try:
            if self.existing is not None:
                accounts.set_role(self.db, self.existing.name, role, unit)
            else:
                if self.password.text() != self.again.text():
                    raise UserError("两次输入的密码不一样")
                accounts.create_account(
                    self.db, self.name.text(), self.password.text(), role, unit, self.display_name.text()
                )
                self.created_name, self.created_password = self.name.text().strip(), self.password.text()
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class PasswordDialog(QDialog):
    """A new password, typed twice (``own``: one's own, after the old one)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, own: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.old = QLineEdit()
        self.password = QLineEdit()
        self.again = QLineEdit()
        for edit in (self.old, self.password, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.own = own
        if own:
            form.addRow("原密码", self.old)
        form.addRow("新密码", self.password)
        form.addRow("再输入一次", self.again)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 360, 160)

    def _check(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText("两次输入的密码不一样")
            return
        self.accept()

    def value(self) -> str:
        return self.password.text()

    def old_value(self) -> str | None:
        return self.old.text() if self.own else None
