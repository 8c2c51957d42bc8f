"""Dialogs of 评选与考核: a new 先锋评选, a nomination with the evidence the program holds, a 述职 and its ballots."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import recognition as rules
from app.services import recognition
from app.services.store import Database
from ui.dialogs import ok_cancel_buttons
from ui.dialogs.service_dialogs import member_items, pick_combo, required
from ui.kit.dates import date_edit, from_qdate
from ui.kit.page import attempt


class CampaignDialog(QDialog):
    """新建评选: name, year, quota, categories."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.created: str | None = None
        self.setWindowTitle("新建先锋评选")
        form = QFormLayout(self)
        this = dt.date.today().year
        self.name = QLineEdit(f"{this} 年度党员服务先锋评选")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(this)
        self.quota = QSpinBox()
        self.quota.setRange(1, 999)
        self.quota.setValue(30)
        self.categories = QLineEdit("、".join(rules.DEFAULT_CATEGORIES))
        for edit in (self.name, self.categories):  # the whole name and every category in sight
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.text()) + 24)
        form.addRow("名称", self.name)
        form.addRow("年度", self.year)
        form.addRow("名额", self.quota)
        form.addRow("类别（用顿号分隔）", self.categories)
        form.addRow(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        cats = [
            c for c in self.categories.text().replace(",", "、").replace("，", "、").split("、") if c.strip()
        ]
        row = attempt(
            self,
            lambda: recognition.create_campaign(
                self.db, self.name.text(), self.year.value(), self.quota.value(), cats
            ),
        )
        if row is not None:
            self.created = row.id
            super().accept()


class NominateDialog(QDialog):
    """推荐: the member, category, who recommends and how many, a line of deeds, and evidence ticked from records."""

    def __init__(
        self, db: Database, campaign: recognition.CampaignRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.campaign = campaign
        self.setWindowTitle(f"推荐候选人 — {campaign.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.member = pick_combo(member_items(db), "输入姓名选择党员")
        self.category = QComboBox()
        self.category.addItems(campaign.categories)
        self.by = QComboBox()
        self.by.addItems(rules.NOMINATED_BY)
        self.count = QSpinBox()
        self.count.setRange(1, 9999)
        self.deeds = QPlainTextEdit()
        self.deeds.setPlaceholderText("一句话事迹：印在选票和先锋榜上")
        self.deeds.setMaximumHeight(70)
        form.addRow("党员", self.member)
        form.addRow("类别", self.category)
        form.addRow("推荐方式", self.by)
        form.addRow("推荐人数", self.count)
        form.addRow("事迹", self.deeds)
        layout.addLayout(form)
        self.evidence = QListWidget()
        self.evidence.setToolTip("程序里记录的本年闪光言行、为民办事和积分：勾选的附在推荐材料上")
        layout.addWidget(self.evidence, 1)
        self.member.currentIndexChanged.connect(lambda _i: self._load_evidence())
        layout.addWidget(ok_cancel_buttons(self, "确定"))
        self.resize(540, 420)

    def _load_evidence(self) -> None:
        self.evidence.clear()
        member = self.member.currentData()
        if not member:
            return
        for e in recognition.member_evidence(self.db, str(member), self.campaign.year):
            item = QListWidgetItem(f"{e['kind']}：{e['text']}")
            item.setData(Qt.ItemDataRole.UserRole, e)
            item.setCheckState(Qt.CheckState.Checked)
            self.evidence.addItem(item)

    def accept(self) -> None:
        chosen = [
            self.evidence.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.evidence.count())
            if self.evidence.item(i).checkState() == Qt.CheckState.Checked
        ]
        done = attempt(
            self,
            lambda: recognition.nominate(
                self.db,
                self.campaign.id,
                required(self.member, "党员"),
                self.category.currentText(),
                self.by.currentText(),
                self.count.value(),
                self.deeds.toPlainText(),
                chosen,
            ),
        )
        if done is not None:
            super().accept()


class DutyDialog(QDialog):
    """登记述职: who, year, date, role, text or the file it is kept in."""

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("登记述职")
        form = QFormLayout(self)
        self.member = pick_combo(member_items(db), "输入姓名选择党员")
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.date = date_edit(dt.date.today())
        self.role = QLineEdit("书记")
        self.text = QPlainTextEdit()
        self.file = QLineEdit()
        self.file.setPlaceholderText("或：述职报告文件存放位置")
        form.addRow("述职人", self.member)
        form.addRow("年度", self.year)
        form.addRow("日期", self.date)
        form.addRow("职务", self.role)
        form.addRow("述职内容", self.text)
        form.addRow("文件", self.file)
        form.addRow(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        done = attempt(
            self,
            lambda: recognition.add_duty_report(
                self.db,
                required(self.member, "述职人"),
                self.year.value(),
                from_qdate(self.date.date()),
                self.role.text(),
                self.text.toPlainText(),
                self.file.text(),
            ),
        )
        if done is not None:
            super().accept()


class BallotDialog(QDialog):
    """测评票: 满意 / 基本满意 / 不满意 counts for each group, typed from the paper ballots."""

    def __init__(self, db: Database, report: recognition.DutyRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report = report
        self.setWindowTitle(f"录入测评票 — {report.name}")
        # A table as the tally sheet reads: a row per group, a column per answer (stacked, the twelve boxes made
        # the dialog taller than a 1366×768 screen at 150 %, its 确定 below the task bar).
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        for column, answer in enumerate(rules.DUTY_ANSWERS, start=1):
            grid.addWidget(QLabel(answer), 0, column, alignment=Qt.AlignmentFlag.AlignCenter)
        self.spins: dict[str, list[QSpinBox]] = {}
        for row, group in enumerate(rules.DUTY_GROUPS, start=1):
            grid.addWidget(QLabel(group), row, 0)
            spins = []
            for i in range(len(rules.DUTY_ANSWERS)):
                spin = QSpinBox()
                spin.setRange(0, 9999)
                spin.setValue(report.tallies.get(group, [0, 0, 0])[i])
                grid.addWidget(spin, row, i + 1)
                spins.append(spin)
            self.spins[group] = spins
        layout.addLayout(grid)
        layout.addWidget(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        counts = {
            g: [s.value() for s in spins] for g, spins in self.spins.items() if any(s.value() for s in spins)
        }
        if attempt(self, lambda: recognition.tally_duty(self.db, self.report.id, counts)) is not None:
            super().accept()
