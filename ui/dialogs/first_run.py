"""First run on an empty data folder: name the organisation, or load a demo village."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import demo
from app.domain.errors import UserError
from app.services import organizations
from app.services.store import Database


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("欢迎使用先锋榜")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<h2>欢迎使用先锋榜</h2>"
            "<p>先锋榜帮助村、社区党组织管理花名册、公开承诺、闪光言行星级评定和积分，"
            "并打印公示栏。所有数据只保存在这台电脑上。</p>"
            "<p>第一次使用，请填写本组织的名称：</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：丁新村党总支")
        self.kind = QComboBox()
        self.kind.addItems(list(organizations.TOP_KINDS))
        self.kind.setCurrentText("党总支")
        form.addRow("组织名称", self.name)
        form.addRow("组织类别", self.kind)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button = QPushButton("先看看演示数据")
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setToolTip("换了电脑或重装后：用U盘上的先锋榜备份文件恢复全部数据")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_backup)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_organization)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.load_demo)
        layout.addWidget(buttons)
        self.resize(480, 300)

    def create_organization(self) -> None:
        try:
            organizations.set_up(self.db, self.name.text(), self.kind.currentText())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def load_demo(self) -> None:
        try:
            demo.make_demo(self.db, members=300)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()

    def restore_backup(self) -> None:
        """Another PC or a reinstall: bring everything back from a backup file (e.g. on a USB stick)."""
        from ui.dialogs import backup_dialogs

        path = backup_dialogs.choose_backup_file(self)
        if path is None:
            return
        go_on, passphrase = backup_dialogs.passphrase_for(self, path)
        if not go_on:
            return
        outcome = backup_dialogs.restore_from_file(self, self.db, path, passphrase)
        if outcome is None:
            return
        self.db = outcome.db
        self.accept()
