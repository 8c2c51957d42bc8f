"""Editors that check before they accept and ask before they discard.

``GuardedDialog``: a QDialog whose Esc, 取消 and window close ask "有未保存的修改，放弃吗？" (default 继续编辑)
once something was changed. ``EditGuard`` watches the editor's fields: it marks the dialog changed and keeps the
OK button grey, with the reason beside it and as its tooltip, while ``check()`` names something to fix.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ui import messages
from ui.kit.dates import DateEdit

REASON_STYLE = "color: #b00020;"


class EditGuard(QObject):
    def __init__(
        self,
        dialog: QDialog,
        ok: QAbstractButton | None,
        reason: QLabel | None = None,
        check: Callable[[], str] = lambda: "",
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.ok = ok
        self.reason = reason
        self.check = check
        self.dirty = False
        self.quiet = False  # set while the dialog fills its own fields
        if reason is not None:
            reason.setStyleSheet(REASON_STYLE)
            reason.setWordWrap(True)

    def watch(self, *widgets: QWidget) -> EditGuard:
        """Any edit of these marks the dialog changed and checks it again."""
        for w in widgets:
            if isinstance(w, DateEdit):
                w.line.textChanged.connect(self.changed)
            elif isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.textChanged.connect(self.changed)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self.changed)
                w.editTextChanged.connect(self.changed)
            elif isinstance(w, QDateEdit):
                w.dateChanged.connect(self.changed)
            elif isinstance(w, QSpinBox):
                w.valueChanged.connect(self.changed)
            elif isinstance(w, QAbstractSpinBox):
                w.editingFinished.connect(self.changed)
            elif isinstance(w, QAbstractButton):
                w.toggled.connect(self.changed)
        return self

    def changed(self, *_args: object) -> None:
        if not self.quiet:
            self.dirty = True
        self.recheck()

    def recheck(self) -> str:
        """Grey OK with the reason shown while something must be fixed; returns the reason ("" when fine)."""
        why = self.check()
        if self.ok is not None:
            self.ok.setEnabled(not why)
            self.ok.setToolTip(why)
        if self.reason is not None:
            self.reason.setText(why)
            self.reason.setVisible(bool(why))
        return why

    def may_discard(self) -> bool:
        return not self.dirty or messages.ask_discard(self.dialog)


class GuardedDialog(QDialog):
    """Set ``self.guard``; Esc / 取消 / closing the window then asks before throwing changes away."""

    guard: EditGuard | None = None

    def reject(self) -> None:
        if self.guard is not None and not self.guard.may_discard():
            return
        super().reject()
