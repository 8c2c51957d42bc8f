"""Dialogs of 服务群众: a household, a request (受理), a step of its flow (进展/办结), and the pickers they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import service_rules as rules
from app.domain.errors import UserError
from app.services import organizations, roster, versions
from app.services.residents import common, households, requests
from app.services.store import Database
from app.services.teams import list_teams
from app.services.versions import StaleRecord
from ui import messages
from ui.kit.dates import date_edit, from_qdate
from ui.kit.guard import EditGuard, GuardedDialog
from ui.kit.wrap import WrapLabel


def pick_combo(items: list[tuple[str, str]], placeholder: str, parent: QWidget | None = None) -> QComboBox:
    """An editable combo whose typed text finds an item anywhere in its label (name, address…)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for label, value in items:
        combo.addItem(label, value)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1)
    edit = combo.lineEdit()
    assert edit is not None
    edit.setPlaceholderText(placeholder)
    return combo


def member_items(db: Database) -> list[tuple[str, str]]:
    return [(f"{m.name}（{m.branch}）", m.id) for m in roster.list_members(db)]


def household_items(db: Database) -> list[tuple[str, str]]:
    return [(f"{h.address} {h.head_name}".strip(), h.id) for h in households.list_households(db)]


def picked(combo: QComboBox) -> str | None:
    """The chosen item's value, only if the text still is that item's label (typing elsewhere picks nothing)."""
    index = combo.findText(combo.currentText())
    return str(combo.itemData(index)) if index >= 0 else None


def required(combo: QComboBox, what: str) -> str:
    value = picked(combo)
    if value is None:
        raise UserError(f"请从列表里选{what}（输入姓名后在弹出的列表里点选）")
    return value


class FormDialog(GuardedDialog):
    """A form dialog: rows, an error line, 保存/取消; ``save`` raises UserError to keep the dialog open. Once
    shown, 取消/Esc/closing asks before throwing away what the clerk typed or ticked."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        if self.guard is None:  # the fields as filled in are the starting point: only the clerk's edits count
            fields: list[QWidget] = [*self.findChildren(QLineEdit), *self.findChildren(QPlainTextEdit)]
            fields += [*self.findChildren(QComboBox), *self.findChildren(QCheckBox)]
            self.guard = EditGuard(self, None).watch(*fields)
        super().showEvent(event)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        # a long message grows the dialog instead of squeezing the rows above it (the 标签 ticks overlapped)
        self.layout_.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = WrapLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        self.save: Callable[[], object] = lambda: None
        # 刷新 after another clerk saved the same record first: load theirs (None: the dialog has no reload).
        self.reload: Callable[[], object] | None = None

    def submit(self) -> None:
        try:
            self.save()
        except StaleRecord as exc:
            self.error.setText(str(exc))  # what was typed stays in the fields, to copy
            if self.reload is not None and messages.stale(self, str(exc)):
                self.reload()
                self.error.setText("已刷新为别人保存的内容，请重新修改后保存")
            return
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class HouseholdDialog(FormDialog):
    """Add or edit a household."""

    def __init__(self, db: Database, household_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑住户" if household_id else "新增住户", parent)
        self.db, self.household_id = db, household_id
        self.version: int | None = None
        self.address = QLineEdit()
        self.address.setPlaceholderText("如 三组 12 号、5 栋 2 单元 301")
        self.head = QLineEdit()
        self.phone = QLineEdit()
        self.grid = QComboBox()
        self.grid.addItem("（未分网格）", "")
        for g in organizations.grids(db):
            self.grid.addItem(g.name, g.name)
        self.people_count = QSpinBox()
        self.people_count.setRange(1, 50)
        tag_box = QWidget()
        tag_grid = QGridLayout(tag_box)
        tag_grid.setContentsMargins(0, 0, 0, 0)
        self.tags: list[QCheckBox] = []
        for i, tag in enumerate(common.get_settings(db).household_tags):
            box = QCheckBox(tag)
            tag_grid.addWidget(box, i // 3, i % 3)
            self.tags.append(box)
        self.note = QLineEdit()
        self._fill()
        for label, widget in (
            ("地址", self.address),
            ("户主", self.head),
            ("联系电话", self.phone),
            ("网格", self.grid),
            ("人口数", self.people_count),
            ("标签", tag_box),
            ("备注", self.note),
        ):
            self.form.addRow(label, widget)
        self.save = self._save
        self.reload = self._fill

    def _fill(self) -> None:
        """The stored values (and the version they are of: read first, so a change in between is caught)."""
        if self.household_id:
            self.version = versions.loaded(self.db, "household", self.household_id)
            draft = households.draft_of(self.db, self.household_id)
        else:
            draft = households.HouseholdDraft(address="")
        self.address.setText(draft.address)
        self.head.setText(draft.head_name)
        self.phone.setText(draft.phone)
        self.grid.setCurrentIndex(max(0, self.grid.findData(draft.grid)))
        self.people_count.setValue(draft.size)
        for box in self.tags:
            box.setChecked(box.text() in draft.tags)
        self.note.setText(draft.note)

    def _save(self) -> None:
        draft = households.HouseholdDraft(
            address=self.address.text(),
            head_name=self.head.text(),
            phone=self.phone.text(),
            grid=str(self.grid.currentData() or ""),
            tags=[b.text() for b in self.tags if b.isChecked()],
            size=self.people_count.value(),
            note=self.note.text(),
        )
        if self.household_id:
            households.update_household(self.db, self.household_id, draft, self.version)
        else:
            self.household_id = households.add_household(self.db, draft)


class RequestDialog(FormDialog):
    """受理 a request or suggestion: who raised it (a household, or anonymous), channel, category, urgency, text."""

    def __init__(
        self,
        db: Database,
        household_id: str | None = None,
        parent: QWidget | None = None,
        visit_id: str | None = None,
    ) -> None:
        super().__init__("受理求助或意见建议" + ("（走访中收集）" if visit_id else ""), parent)
        self.db, self.visit_id = db, visit_id
        self.request_id: str | None = None
        conf = common.get_settings(db)
        self.household = pick_combo(household_items(db), "输入地址或户主姓名；不填为匿名")
        if household_id:
            self.household.setCurrentIndex(self.household.findData(household_id))
        self.kind = QComboBox()
        self.kind.addItems(list(rules.REQUEST_KINDS))
        self.channel = QComboBox()
        self.channel.addItems(list(rules.CHANNELS))
        if visit_id:
            self.channel.setCurrentText("走访")
        self.category = QComboBox()
        self.category.addItems(list(conf.categories))
        self.urgency = QComboBox()
        self.urgency.addItems(list(conf.urgencies))
        self.date = date_edit(dt.date.today())
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("群众反映的问题或建议")
        self.text.setMaximumHeight(90)
        for label, widget in (
            ("反映人（住户）", self.household),
            ("类型", self.kind),
            ("渠道", self.channel),
            ("类别", self.category),
            ("紧急程度", self.urgency),
            ("受理日期", self.date),
            ("内容", self.text),
        ):
            self.form.addRow(label, widget)
        self.resize(460, 360)
        self.save = self._save

    def _save(self) -> None:
        typed = self.household.currentText().strip()
        household_id = picked(self.household)
        if typed and household_id is None:
            raise UserError(f"找不到住户“{typed}”：请从列表里选，或清空表示匿名")
        self.request_id = requests.add_request(
            self.db,
            text=self.text.toPlainText(),
            channel=self.channel.currentText(),
            category=self.category.currentText(),
            household_id=household_id,
            urgency=self.urgency.currentText(),
            kind=self.kind.currentText(),
            raised_on=from_qdate(self.date.date()),
            visit_id=self.visit_id,
        )


class StepDialog(FormDialog):
    """进展 or 办结: a text and a date (办结 also asks whether a suggestion was adopted and offers the links)."""

    def __init__(self, title: str, prompt: str, resolving: bool, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(prompt)
        self.text.setMaximumHeight(90)
        self.date = date_edit(dt.date.today())
        self.form.addRow("内容", self.text)
        self.form.addRow("日期", self.date)
        self.adopted = QCheckBox("意见建议已采纳")
        self.link = QCheckBox("为办理的党员记闪光言行（群众反映）和“联系走访群众”积分")
        if resolving:
            self.form.addRow("", self.adopted)
            self.form.addRow("", self.link)
        self.resize(440, 240)

    def values(self) -> tuple[str, dt.date]:
        return self.text.toPlainText(), from_qdate(self.date.date())


class AssignDialog(FormDialog):
    """交办: a member (typed name), or the committee."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("交办", parent)
        self.member = pick_combo(member_items(db), "输入姓名选择党员")
        self.team = QComboBox()
        self.team.addItem("（不交队伍）", None)
        for t in list_teams(db):
            self.team.addItem(t.name, t.id)
        self.committee = QCheckBox("交村（社区）两委办理")
        self.form.addRow("办理党员", self.member)
        self.form.addRow("或交队伍", self.team)
        self.form.addRow("", self.committee)
        self.resize(380, 160)
