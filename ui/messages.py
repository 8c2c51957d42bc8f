"""Message boxes for the clerk, in one place so every page words them the same way and tests can patch them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "先锋榜"


def warn(parent: QWidget | None, text: str) -> None:
    """An input the services refused (UserError/ValidationError): the Chinese message, never a traceback."""
    QMessageBox.warning(parent, TITLE, text)


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, TITLE, text)


def confirm(parent: QWidget | None, text: str, yes: str = "确定") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is ok
