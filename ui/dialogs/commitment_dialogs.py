"""Small dialogs of the commitments page: record keeping (践诺, with optional photo) and postponing (延期)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ui.dialogs import ok_cancel_buttons
from ui.kit.dates import date_edit, from_qdate, to_qdate
from ui.kit.guard import EditGuard, GuardedDialog
from ui.screen_fit import resize_to_fit


class KeepDialog(GuardedDialog):
    """践诺: the date it was kept, what was done, and an optional photo as evidence."""

    def __init__(self, content: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记践诺（已兑现）")
        form = QFormLayout(self)
        what = QLabel(content)
        what.setWordWrap(True)
        form.addRow("承诺：", what)
        self.date = date_edit(today)
        self.date.setMaximumDate(to_qdate(today))
        form.addRow("兑现日期：", self.date)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("做了什么、帮了谁、结果如何（必填）")
        self.note.setTabChangesFocus(True)
        form.addRow("践诺情况：", self.note)
        row = QHBoxLayout()
        self.photo_label = QLabel("（无照片）")
        pick = QPushButton("选择照片…")
        pick.clicked.connect(self._pick)
        row.addWidget(self.photo_label, 1)
        row.addWidget(pick)
        form.addRow("照片：", row)
        self.photo: Path | None = None
        self.reason = QLabel()
        form.addRow(self.reason)
        buttons = ok_cancel_buttons(self, "保存")
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # 践诺情况 is required: 保存 stays grey until it is written, so nothing typed is lost to a refusal.
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not).watch(self.date, self.note)
        self.guard.recheck()
        self.note.setFocus()
        resize_to_fit(self, 460, 300)

    def _why_not(self) -> str:
        return "" if self.note.toPlainText().strip() else "请写明践诺情况：做了什么、帮了谁、结果如何"

    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择践诺照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        if name:
            self.photo = Path(name)
            self.photo_label.setText(self.photo.name)
            if self.guard is not None:
                self.guard.changed()

    def values(self) -> tuple[dt.date, str, Path | None]:
        return from_qdate(self.date.date()), self.note.toPlainText(), self.photo


class PostponeDialog(GuardedDialog):
    """延期: a new deadline and why."""

    def __init__(
        self, content: str, current: dt.date | None, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("延期")
        form = QFormLayout(self)
        what = QLabel(content)
        what.setWordWrap(True)
        form.addRow("承诺：", what)
        form.addRow("原期限：", QLabel(current.isoformat() if current else "（无）"))
        start = max(today, current or today) + dt.timedelta(days=30)
        self.deadline = date_edit(start)
        self.deadline.setMinimumDate(to_qdate(today))
        form.addRow("新的完成期限：", self.deadline)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("延期原因")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(80)
        form.addRow("原因：", self.note)
        self.reason = QLabel()
        form.addRow(self.reason)
        buttons = ok_cancel_buttons(self, "保存")
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.current = current
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not).watch(self.deadline, self.note)
        self.guard.recheck()

    def _why_not(self) -> str:
        if not self.note.toPlainText().strip():
            return "请写明延期原因"
        if self.current and from_qdate(self.deadline.date()) <= self.current:
            return f"新的完成期限要晚于原期限 {self.current.isoformat()}"
        return ""

    def values(self) -> tuple[dt.date, str]:
        return from_qdate(self.deadline.date()), self.note.toPlainText()
