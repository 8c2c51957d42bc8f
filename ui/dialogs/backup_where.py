"""选择位置并备份…: where to write the backup and whether to encrypt it, asked together before anything starts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import backup as backups
from ui.dialogs.backup_dialogs import LOST_PASSWORD_WARNING
from ui.kit.guard import EditGuard, GuardedDialog
from ui.screen_fit import resize_to_fit


class BackupWhereDialog(GuardedDialog):
    def __init__(self, start: str, encrypt: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选择位置并备份")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        where = QHBoxLayout()
        self.folder_edit = QLineEdit(start)
        self.folder_edit.setPlaceholderText("例如U盘：E:\\")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        where.addWidget(self.folder_edit, 1)
        where.addWidget(browse)
        form.addRow("备份到", where)
        self.encrypt = QCheckBox("加密备份（U盘丢失时别人看不到身份证号等信息）")
        self.encrypt.setChecked(encrypt)
        form.addRow("", self.encrypt)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码", self.first)
        form.addRow("再输入一次", self.second)
        layout.addLayout(form)
        self.warning = QLabel(LOST_PASSWORD_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020; font-weight: bold")
        layout.addWidget(self.warning)
        self.reason = QLabel()
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("开始备份", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.encrypt.toggled.connect(self._show_password)
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not)
        self.guard.watch(self.folder_edit, self.encrypt, self.first, self.second)
        self._show_password(encrypt)
        self.guard.recheck()
        resize_to_fit(self, 520, 300)

    def _show_password(self, on: bool) -> None:
        for w in (self.first, self.second, self.warning):
            w.setEnabled(on)
        self.warning.setVisible(on)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择备份文件夹（例如U盘）", self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _why_not(self) -> str:
        text = self.folder_edit.text().strip()
        if not text:
            return "请选择备份位置"
        if not Path(text).is_dir():
            return f"找不到文件夹 {text}：请插好U盘，或点“浏览…”重新选择"
        if self.encrypt.isChecked():
            try:
                backups.check_new_passphrase(self.first.text(), self.second.text())
            except UserError as exc:
                return str(exc)
        return ""

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip())

    def passphrase(self) -> str | None:
        return self.first.text() if self.encrypt.isChecked() else None
