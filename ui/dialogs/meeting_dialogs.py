"""Dialogs of the 组织生活 page: a new meeting, a member's dues (amount, payment), a 流动党员 contact."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import routine
from app.domain.errors import ValidationError
from app.services import meetings, organizations
from app.services.store import Database
from ui.kit.dates import date_edit, from_qdate


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class NewMeetingDialog(_Form):
    """新建会议: the unit, kind, date and topic; the expected list is made from the unit's members."""

    def __init__(self, db: Database, unit_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__("新建会议", parent)
        self.unit = QComboBox()
        from app.services.accounts import visible_units

        for u in visible_units(db):  # an account with a unit: its own subtree
            self.unit.addItem("　" * u.depth + u.name, u.id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit_id)))
        self.kind = QComboBox()
        for k in meetings.meeting_kinds(db):
            self.kind.addItem(k.name)
        self.date = date_edit(dt.date.today())
        self.time = QLineEdit()
        self.time.setPlaceholderText("如 09:00")
        self.place = QLineEdit()
        self.topic = QLineEdit()
        self.form.addRow("组织", self.unit)
        self.form.addRow("会议类型", self.kind)
        self.form.addRow("日期", self.date)
        self.form.addRow("时间", self.time)
        self.form.addRow("地点", self.place)
        self.form.addRow("主题", self.topic)

    def draft(self) -> meetings.MeetingDraft:
        return meetings.MeetingDraft(
            self.unit.currentData(),
            self.kind.currentText(),
            from_qdate(self.date.date()),
            self.topic.text(),
            self.time.text(),
            self.place.text(),
        )


class MemberChoice(QComboBox):
    """A member by name (typing filters through the combo's completer)."""

    def __init__(self, members: list[tuple[str, str]], chosen: str | None = None) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for mid, label in members:
            self.addItem(label, mid)
        self.setCurrentIndex(max(0, self.findData(chosen)))

    def member_id(self) -> str | None:
        index = self.findText(self.currentText())
        return str(self.itemData(index)) if index >= 0 else None


class DuesRateDialog(_Form):
    """设定党费: the monthly amount from a month on, with the national bands as a helper."""

    def __init__(
        self, members: list[tuple[str, str]], chosen: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("设定党费标准", parent)
        self.member = MemberChoice(members, chosen)
        self.group = QComboBox()
        self.group.addItems(routine.DUES_GROUPS)
        self.income = QLineEdit()
        self.income.setPlaceholderText("税后月收入（元），只作计算参考")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("每月金额（元），如 10.00")
        self.from_month = QLineEdit(routine.month_of(dt.date.today()))
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.form.addRow("党员", self.member)
        self.form.addRow("类别", self.group)
        self.form.addRow("月收入", self.income)
        self.form.addRow("每月党费", self.amount)
        self.form.addRow("起始月份", self.from_month)
        self.form.addRow("", self.basis)
        self.group.currentIndexChanged.connect(self._suggest)
        self.income.textEdited.connect(self._suggest)

    def _suggest(self) -> None:
        try:
            fen, basis = routine.suggested_dues(self.group.currentText(), self.income.text() or "0")
        except Exception:  # a half-typed number: no suggestion yet
            return
        self.amount.setText(routine.format_fen(fen))
        self.basis.setText(f"按规定：{basis}（支部可调整）")


class DuesPayDialog(_Form):
    """记交纳: months (one or several), amount, date, receipt."""

    def __init__(
        self, members: list[tuple[str, str]], chosen: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("记党费交纳", parent)
        self.member = MemberChoice(members, chosen)
        month = routine.month_of(dt.date.today())
        self.months = QLineEdit(month)
        self.months.setPlaceholderText("如 2026-01..2026-06")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("金额（元）")
        self.date = date_edit(dt.date.today())
        self.receipt = QLineEdit()
        self.form.addRow("党员", self.member)
        self.form.addRow("交纳月份", self.months)
        self.form.addRow("金额", self.amount)
        self.form.addRow("交纳日期", self.date)
        self.form.addRow("收据号", self.receipt)


class ContactDialog(_Form):
    """流动党员联系: date, way, what they are doing, the 活动证 number, where they attend organisation life."""

    def __init__(
        self, members: list[tuple[str, str]], chosen: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("记一次联系", parent)
        self.member = MemberChoice(members, chosen)
        self.date = date_edit(dt.date.today())
        self.way = QComboBox()
        self.way.addItems(routine.CONTACT_WAYS)
        self.doing = QLineEdit()
        self.doing.setPlaceholderText("在外做什么、在哪里")
        self.certificate = QLineEdit()
        self.attends_at = QLineEdit()
        self.attends_at.setPlaceholderText("在哪里参加组织生活（没有可不填）")
        self.note = QLineEdit()
        self.form.addRow("流动党员", self.member)
        self.form.addRow("日期", self.date)
        self.form.addRow("方式", self.way)
        self.form.addRow("近况", self.doing)
        self.form.addRow("活动证号", self.certificate)
        self.form.addRow("参加组织生活", self.attends_at)
        self.form.addRow("备注", self.note)


class MeetingKindsDialog(_Form):
    """会议类型: the configurable list (name, the indicator attending earns, how many a quarter, held by which
    level, committee only, absence deducted). Preset from the 2018 党支部工作条例; the clerk may change it."""

    HEADERS = ("会议类型", "出席记分指标", "每季度应开", "召开组织", "只限党内职务", "缺席扣分")

    def __init__(self, kinds: list[routine.MeetingKind], parent: QWidget | None = None) -> None:
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        super().__init__("会议类型", parent)
        self.table = QTableWidget(len(kinds) + 1, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.verticalHeader().setVisible(False)
        for row, k in enumerate([*kinds, routine.MeetingKind("")]):
            values = (k.name, k.indicator, str(k.per_quarter), k.unit_kind)
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
            for col, flag in ((4, k.committee_only), (5, k.deducts_absence)):
                item = QTableWidgetItem()
                item.setCheckState(Qt.CheckState.Checked if flag else Qt.CheckState.Unchecked)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setMinimumWidth(560)
        note = QLabel(
            "最后一行可新增；名称清空即删除这一类型。指标名称要和积分规则里的一致；0 次表示不统计。"
        )
        note.setWordWrap(True)
        self.form.addRow(self.table)
        self.form.addRow(note)

    def kinds(self) -> list[routine.MeetingKind]:
        out = []
        for row in range(self.table.rowCount()):

            def text(col: int, row: int = row) -> str:
                item = self.table.item(row, col)
                return item.text().strip() if item else ""

            def checked(col: int, row: int = row) -> bool:
                item = self.table.item(row, col)
                return item is not None and item.checkState() == Qt.CheckState.Checked

            if not text(0):
                continue
            try:
                per_quarter = int(text(2) or "0")
            except ValueError:
                raise ValidationError(f"“{text(0)}”的每季度应开次数要写数字", field="kinds") from None
            unit_kind = text(3) or "党支部"
            if unit_kind not in organizations.KINDS:
                raise ValidationError(f"召开组织只能是 {'、'.join(organizations.KINDS)}", field="kinds")
            out.append(routine.MeetingKind(text(0), text(1), per_quarter, unit_kind, checked(4), checked(5)))
        return out
