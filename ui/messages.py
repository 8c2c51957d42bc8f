"""Message boxes for the clerk, in one place so every page words them the same way and tests can patch them."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "先锋榜"
log = logging.getLogger(__name__)


def warn(parent: QWidget | None, text: str) -> None:
    """An input the services refused (UserError/ValidationError): the Chinese message, never a traceback."""
    QMessageBox.warning(parent, TITLE, text)


def file_problem(parent: QWidget | None, exc: OSError) -> None:
    """A file the clerk chose cannot be used (the folder gone, the stick pulled out, a full or read-only disk, a
    name too long or forbidden): which file and what to do — a calm refusal, logged as a warning, no apology."""
    from app.domain.disk_errors import file_problem_message

    log.warning("file refused: %s", exc)
    warn(parent, file_problem_message(exc))


def info(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, TITLE, text)


def confirm(parent: QWidget | None, text: str, yes: str = "确定") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is ok


DISCARD_QUESTION = "有未保存的修改，放弃吗？"


def ask_discard(parent: QWidget | None) -> bool:
    """Esc or 取消 on an editor with changes: True to throw them away. The default (Enter) is 继续编辑."""
    box = QMessageBox(
        QMessageBox.Icon.Question, TITLE, DISCARD_QUESTION, QMessageBox.StandardButton.NoButton, parent
    )
    discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def keep_unsaved(
    parent: QWidget | None, titles: list[str], title: str, loss: str, after: str, discard: str
) -> bool:
    """Pages hold input not saved yet, which what the clerk asked for (a restore, closing the program) would throw
    away: True to go back and save it (回去保存: the default, also Esc), False to discard it and go on.
    ``loss`` says what would happen to the input, ``after`` when to come back (“保存后再退出”), ``discard`` names
    the other button (“不保存，退出”)."""
    pages = "、".join(f"“{t}”" for t in titles)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title,
        f"{pages}页上有还没保存的修改。{loss}\n\n要留下它们，请点“回去保存”，{after}。",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    throw_away = box.addButton(discard, QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("回去保存", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(back)
    box.setEscapeButton(back)
    box.exec()
    return box.clickedButton() is not throw_away


def saved(parent: QWidget | None, text: str, path: Path) -> None:
    """After a PDF or Excel file is written: say so, and offer 打开文件 / 打开所在文件夹."""
    box = QMessageBox(QMessageBox.Icon.Information, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    open_file = box.addButton("打开文件", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.exec()
    clicked = box.clickedButton()
    if clicked is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif clicked is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def stale(parent: QWidget | None, text: str, typed: str = "") -> bool:
    """Another clerk saved the record first (optimistic locking): the refusal, with 刷新 (load theirs, drop
    what was typed) or 继续编辑 (keep it on screen to copy; the default). True for 刷新. ``typed``: what the
    clerk wrote in a box that has closed, shown under 显示详细信息 to copy."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    if typed:
        box.setInformativeText("刚才输入的内容没有保存，在“显示详细信息”里可以复制出来。")
        box.setDetailedText(typed)
    else:
        box.setInformativeText("选“继续编辑”保留刚才输入的内容（可复制），刷新后再改。")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    refresh = box.addButton("刷新", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is refresh
