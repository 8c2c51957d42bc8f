"""Small dialogs of the commitments page: record keeping (践诺, with optional photo) and postponing (延期)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
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


class KeepDialog(QDialog):
    """践诺: the date it was kept, what was done, and an optional photo as evidence."""

    def __init__(self, content: str, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记践诺（已兑现）")
        self.resize(460, 300)
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
        form.addRow(ok_cancel_buttons(self, "保存"))
        self.note.setFocus()

    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择践诺照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        if name:
            self.photo = Path(name)
            self.photo_label.setText(self.photo.name)

    def values(self) -> tuple[dt.date, str, Path | None]:
        return from_qdate(self.date.date()), self.note.toPlainText(), self.photo


class PostponeDialog(QDialog):
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
        form.addRow(ok_cancel_buttons(self, "保存"))

    def values(self) -> tuple[dt.date, str]:
        return from_qdate(self.deadline.date()), self.note.toPlainText()
