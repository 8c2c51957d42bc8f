"""办理离开: the dialog that records a member leaving (reason, date, 转往, note); errors show inline."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.errors import UserError, ValidationError
from app.services import roster
from app.services.store import Database
from ui.kit.dates import DateEdit
from ui.kit.guard import EditGuard, GuardedDialog
from ui.screen_fit import resize_to_fit

ERROR_STYLE = "color: #b00020;"


class LeaveDialog(GuardedDialog):
    """办理离开: reason, date, 转往 (for 转出), note. Nothing is written unless 确定 succeeds."""

    def __init__(self, db: Database, member_id: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.member_id = member_id
        self.setWindowTitle(f"办理离开 — {name}")
        layout = QVBoxLayout(self)
        intro = QLabel(f"{name}将不再列入在册党员，档案和历史记录会保留，以后可以恢复在册。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.addItems(list(roster.LEAVE_REASONS))
        self.date = DateEdit()
        self.date.setText(dt.date.today().isoformat())
        self.destination = QLineEdit()
        self.destination.setPlaceholderText("如 长兴县林城镇党委")
        self.note = QLineEdit()
        form.addRow("原因", self.reason)
        form.addRow("日期", self.date)
        form.addRow("转往", self.destination)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.currentTextChanged.connect(lambda r: self.destination.setEnabled(r == "转出"))
        self.guard = EditGuard(self, self.ok_button, self.error, self._why_not)
        self.guard.watch(self.reason, self.date, self.destination, self.note).recheck()
        resize_to_fit(self, 420, 260)

    def _why_not(self) -> str:
        try:
            parsed = parse_date(self.date.text(), "日期", "date")
        except ValidationError as exc:
            return str(exc)
        return "" if parsed else "请填写日期"

    def submit(self) -> None:
        try:
            parsed = parse_date(self.date.text(), "日期", "date")
            if parsed is None:
                raise ValidationError("请填写日期", field="date")
            destination = self.destination.text() if self.reason.currentText() == "转出" else ""
            roster.leave_member(
                self.db,
                self.member_id,
                self.reason.currentText(),
                parsed.value,
                destination,
                self.note.text(),
            )
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
