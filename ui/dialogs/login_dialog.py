"""The login that guards a database with accounts: name, password, 登录 / 退出; and who is logged in, shown in
the status bar. Without accounts the program never shows it (the first-run clerk name stays the actor)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from app.services import accounts
from app.services.store import Database
from ui.screen_fit import resize_to_fit


class LoginDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.account: accounts.AccountView | None = None
        self.setWindowTitle("登录先锋榜")
        layout = QVBoxLayout(self)
        intro = QLabel("这个数据库设置了账户，请登录。每一次修改都记在您的账户名下。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("login_name")
        self.name.setPlaceholderText("账户名")
        self.password = QLineEdit()
        self.password.setObjectName("login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("账户名", self.name)
        form.addRow("密码", self.password)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("login_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("登录", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setDefault(True)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.log_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 420, 220)

    def log_in(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.error.setText("请填写账户名")
            self.name.setFocus()
            return
        try:
            self.account = accounts.login(self.db, name, self.password.text())
        except accounts.LoginError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()  # the password is not kept anywhere
        self.accept()


def account_text(db: Database) -> str:
    """ "当前账户：张书记（书记/党务 · 第一党支部）", or "" when nobody is logged in (no accounts)."""
    who = accounts.current_account(db)
    if who is None:
        return ""
    view = next((a for a in accounts.list_accounts(db) if a.name == who.name), None)
    if view is None:
        return f"当前账户：{who.name}"
    scope = view.unit_name or "全部组织"
    shown = view.display_name or view.name
    return f"当前账户：{shown}（{view.role_label} · {scope}）"


def show_account(window: QMainWindow, db: Database) -> None:
    """The logged-in account in the status bar (kept up to date by calling again)."""
    label = window.findChild(QLabel, "status_account")
    if label is None:
        label = QLabel()
        label.setObjectName("status_account")
        window.statusBar().addPermanentWidget(label)
    label.setText(account_text(db))
    label.setVisible(bool(label.text()))
