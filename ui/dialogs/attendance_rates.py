"""每人出勤: a quarter's attendance per member (meetings expected at, present, leave, absent, rate), lowest first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.services import meetings
from app.services.meetings.reading import MemberRate
from app.services.store import Database
from ui.kit.export import export_button
from ui.kit.records import Column, RecordModel, table_view
from ui.screen_fit import resize_to_fit

COLUMNS: list[Column[MemberRate]] = [
    Column("姓名", lambda r: r.name),
    Column("组织", lambda r: r.unit),
    Column("应到次数", lambda r: str(r.meetings), numeric=True),
    Column("出席", lambda r: str(r.present), numeric=True),
    Column("请假", lambda r: str(r.leave), numeric=True),
    Column("缺席", lambda r: str(r.absent), numeric=True, color=lambda r: "#b00000" if r.absent else None),
    Column(
        "出勤率", lambda r: f"{r.rate:.0%}", numeric=True, color=lambda r: "#b00000" if r.rate < 0.5 else None
    ),
    Column("未记", lambda r: str(r.unmarked) if r.unmarked else "", numeric=True),
]


class AttendanceRatesDialog(QDialog):
    def __init__(
        self, db: Database, view: meetings.QuarterView, unit_name: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(f"每人出勤 — {view.quarter.label}")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"{unit_name}，{view.quarter.label}：按出勤率从低到高（应到 = 名单上应参加的会议次数）")
        )
        self.model: RecordModel[MemberRate] = RecordModel(COLUMNS, self)
        self.model.set_rows(view.members)
        self.table = table_view(self.model, stretch=0)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.addButton(
            export_button(self, db, self.table, f"{unit_name}{view.quarter.label}每人出勤"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 640, 560)
