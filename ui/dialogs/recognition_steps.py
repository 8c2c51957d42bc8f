"""Steps of a 先锋评选 that need more than a button: 审议 (passed or not, the meeting, the reason) and 公示 (who
is announced, from when, how many days; a reason when over the quota)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services import meetings, recognition
from app.services.store import Database
from ui.dialogs import ok_cancel_buttons
from ui.kit.dates import date_edit, from_qdate
from ui.kit.page import attempt


class ReviewDialog(QDialog):
    """审议: the nominee passed or not, at which meeting (from the 组织生活 records), and why."""

    def __init__(
        self,
        db: Database,
        campaign: recognition.CampaignRow,
        nominee: recognition.NomineeRow,
        passed: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.campaign, self.nominee = db, campaign, nominee
        self.setWindowTitle(f"审议：{nominee.name}")
        form = QFormLayout(self)
        self.passed = QRadioButton("通过")
        self.failed = QRadioButton("不通过")
        (self.passed if passed else self.failed).setChecked(True)
        row = QVBoxLayout()
        row.addWidget(self.passed)
        row.addWidget(self.failed)
        form.addRow("审议结果", row)
        self.meeting = QComboBox()
        self.meeting.addItem("（不关联会议）", "")
        for year in (campaign.year + 1, campaign.year):  # a year's review may meet the next January
            for m in meetings.list_meetings(db, year=year, include_withdrawn=False):
                self.meeting.addItem(f"{m.date} {m.unit} {m.kind} {m.topic}"[:60], m.id)
        if nominee.review_meeting_id:
            self.meeting.setCurrentIndex(max(0, self.meeting.findData(nominee.review_meeting_id)))
        self.meeting.setMinimumWidth(360)
        form.addRow("审议会议", self.meeting)
        self.reason = QLineEdit(nominee.review_reason)
        self.reason.setPlaceholderText("如：事迹突出，群众公认（不通过时必填）")
        form.addRow("理由", self.reason)
        form.addRow(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        meeting = str(self.meeting.currentData() or "") or None
        done = attempt(
            self,
            lambda: recognition.review(
                self.db,
                self.campaign.id,
                self.nominee.id,
                self.passed.isChecked(),
                meeting,
                self.reason.text(),
            ),
        )
        if done is not None:
            super().accept()


class AnnounceDialog(QDialog):
    """公示: the nominees who passed review, the most votes first and the quota ticked; the date and days."""

    def __init__(
        self, db: Database, campaign: recognition.CampaignRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.campaign = db, campaign
        self.setWindowTitle(f"公示：{campaign.name}")
        layout = QVBoxLayout(self)
        again = (
            f"已于 {campaign.announced_on} 公示；异议成立时改选后重新公示，公示期从新的日期算起。\n"
            if campaign.announced_on
            else ""
        )
        layout.addWidget(QLabel(f"{again}勾选入选的先锋（名额 {campaign.quota} 名；已按得票从高到低排好）："))
        self.list = QListWidget()
        passed = sorted(
            (n for n in campaign.nominees if n.review == "通过"), key=lambda n: (-(n.votes or 0), n.name)
        )
        for i, n in enumerate(passed):
            votes = "未计票" if n.votes is None else f"{n.votes} 票"
            item = QListWidgetItem(f"{n.name}　{n.category}　{votes}")
            item.setData(Qt.ItemDataRole.UserRole, n.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = n.selected if campaign.announced_on else i < campaign.quota  # 重新公示: as announced
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _i: self._count())
        layout.addWidget(self.list, 1)
        self.counted = QLabel()
        layout.addWidget(self.counted)
        form = QFormLayout()
        self.date = date_edit(dt.date.today())
        form.addRow("公示日期", self.date)
        self.days = QSpinBox()
        self.days.setRange(1, 30)
        self.days.setValue(5)
        self.days.setSuffix(" 天")
        form.addRow("公示期", self.days)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("超过名额时必填")
        form.addRow("超名额理由", self.reason)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self, "确定"))
        self._count()

    def chosen(self) -> list[str]:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [
            str(it.data(Qt.ItemDataRole.UserRole)) for it in items if it.checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        n, quota = len(self.chosen()), self.campaign.quota
        over = f"，超过名额 {n - quota} 名：请写明理由" if n > quota else ""
        self.counted.setText(f"已选 {n} 名{over}")

    def accept(self) -> None:
        done = attempt(
            self,
            lambda: recognition.announce(
                self.db,
                self.campaign.id,
                self.chosen(),
                from_qdate(self.date.date()),
                self.days.value(),
                self.reason.text(),
            ),
        )
        if done is not None:
            super().accept()
