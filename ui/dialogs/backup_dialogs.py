"""Backup dialogs shared by the backup page and the first-run screen: password, restore question, restore."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import backup as backups
from app.services.store import Database
from ui import messages
from ui.dialogs import plain_buttons
from ui.kit.guard import EditGuard, GuardedDialog
from ui.kit.page import attempt
from ui.workers import JobFailed, run_with_progress

log = logging.getLogger(__name__)

LOST_PASSWORD_WARNING = "请牢记密码：忘记密码，这个备份就再也打不开，谁也无法恢复。"
FILE_FILTER = "先锋榜备份 (*.pbk);;所有文件 (*)"


class NewPassphraseDialog(GuardedDialog):
    """A password typed twice, with the warning that a lost password means a lost backup. Esc or 取消 after
    typing asks before throwing it away (GuardedDialog)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("给备份设置密码")
        layout = QVBoxLayout(self)
        warning = QLabel(LOST_PASSWORD_WARNING)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #b00020; font-weight: bold")
        layout.addWidget(warning)
        form = QFormLayout()
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("密码", self.first)
        form.addRow("再输入一次", self.second)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        plain_buttons(buttons)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.guard = EditGuard(self, None).watch(self.first, self.second)

    def check(self) -> None:
        try:
            backups.check_new_passphrase(self.first.text(), self.second.text())
        except UserError as exc:
            self.error.setText(str(exc))  # shown in the dialog, beside the fields
            return
        self.accept()

    def passphrase(self) -> str:
        return self.first.text()


def ask_passphrase(parent: QWidget | None, path: Path) -> str | None:
    """The password of an encrypted backup (None: cancelled)."""
    text, ok = QInputDialog.getText(
        parent, "输入密码", f"备份文件 {path.name} 已加密，请输入密码：", QLineEdit.EchoMode.Password
    )
    return text if ok and text else None


def choose_backup_file(parent: QWidget | None, start: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", start, FILE_FILTER)
    return Path(name) if name else None


def passphrase_for(parent: QWidget | None, path: Path) -> tuple[bool, str | None]:
    """(go on?, passphrase): asks only when the file is encrypted."""
    encrypted = attempt(parent, lambda: backups.is_encrypted(path))
    if encrypted is None:
        return False, None
    if not encrypted:
        return True, None
    passphrase = ask_passphrase(parent, path)
    return passphrase is not None, passphrase


def _counts_rows(counts: dict[str, int]) -> str:
    return "<br>".join(f"{backups.count_label(t)}：{counts[t]}" for t in backups.MAIN_TABLES if t in counts)


def restore_question(manifest: dict[str, Any], current: backups.Facts | None) -> str:
    backup_side = (
        f"<b>备份文件</b><br>组织：{manifest.get('organization') or '（未命名）'}<br>"
        f"备份时间：{backups.created_text(manifest)}<br>"
        f"{_counts_rows(manifest.get('counts', {}))}<br>"
        f"程序版本：{manifest.get('program_version', '?')}"
    )
    if current is None or not any(current[2].get(t) for t in ("organizations", "members")):
        current_side = "<b>当前数据</b><br>（空）"
    else:
        current_side = f"<b>当前数据</b><br>组织：{current[1] or '（未命名）'}<br>时间：现在<br>{_counts_rows(current[2])}"
    return (
        "<p>要用这个备份<b>替换当前全部数据</b>吗？</p>"
        f"<table cellspacing=12><tr><td valign=top>{backup_side}</td>"
        f"<td valign=top>{current_side}</td></tr></table>"
        "<p>恢复前会先把当前数据自动备份到数据目录的 backups 文件夹。</p>"
    )


def keep_unsaved(parent: QWidget | None, titles: list[str]) -> bool:
    """Pages hold input not saved yet, which a restore would throw away: True to go back and save it (the
    default, also Esc), False to discard it and restore."""
    return messages.keep_unsaved(
        parent,
        titles,
        "从备份恢复",
        "从备份恢复会替换全部数据，这些修改会丢失。",
        "保存后再来恢复",
        "放弃这些修改，继续恢复",
    )


def confirm_restore(parent: QWidget | None, text: str) -> bool:
    """Asked before any data is replaced; the default button is 不恢复 (No)."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, "从备份恢复", text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton("恢复", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("不恢复", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def restore_from_file(
    parent: QWidget | None, db: Database, path: Path, passphrase: str | None
) -> backups.RestoreOutcome | None:
    """Show what the backup holds next to the current data, ask (default No), then restore off the GUI thread.

    Returns the outcome (with the reopened database) or None when refused or cancelled; ``db`` is then
    still open and unchanged.
    """
    try:
        manifest = run_with_progress(
            parent,
            "正在读取备份文件…",
            lambda _p, _c: backups.read_manifest(path, passphrase),
            cancellable=False,
        )
    except JobFailed as exc:
        messages.warn(
            parent, str(exc) if exc.user_error else "读取备份文件时出现意外错误，详情已记录在日志中。"
        )
        return None
    current = attempt(parent, lambda: backups.current_facts(db))
    if current is None:
        return None
    if not confirm_restore(parent, restore_question(manifest, current)):
        return None
    try:
        outcome: backups.RestoreOutcome = run_with_progress(
            parent,
            "正在检查并恢复备份…",
            lambda progress, _c: backups.restore(db, path, passphrase, progress=progress),
            cancellable=False,
        )
    except JobFailed as exc:
        if exc.user_error:
            messages.warn(parent, f"没有恢复，当前数据没有改动：{exc}")
        else:
            messages.warn(parent, "恢复时出现意外错误，当前数据没有改动。详情已记录在日志中。")
        return None
    return outcome


def outcome_text(outcome: backups.RestoreOutcome) -> str:
    lines = [
        f"已从备份恢复：{outcome.manifest.get('organization') or ''}（{backups.created_text(outcome.manifest)}）。"
    ]
    if outcome.safety_backup:
        lines.append(f"恢复前的数据已备份为 {outcome.safety_backup.name}，可在“自动备份”列表里找回。")
    if outcome.migrated:
        lines.append("这个备份来自旧版本，数据已升级到当前版本。")
    return "\n".join(lines)
