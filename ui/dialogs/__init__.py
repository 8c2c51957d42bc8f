"""Dialogs: editors, wizards, first run, apology — and the button row they share."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel_buttons(dialog: QDialog, ok_text: str = "保存") -> QDialogButtonBox:
    """The OK/取消 row of a small dialog, the OK button saying what it does (保存, 记分…)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return plain_buttons(buttons)


def plain_buttons(buttons: QDialogButtonBox) -> QDialogButtonBox:
    """Text only: some styles put icons on standard buttons; every dialog's buttons look the same without."""
    for b in buttons.buttons():
        b.setIcon(QIcon())
    return buttons
