"""走访 tab: a visit entered from the keyboard in a few keys (党员 ⇥ 住户 ⇥ 方式 ⇥ 情况 ⏎), the year's visits below."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import service_rules as rules
from app.domain.errors import UserError
from app.services.residents import visits
from app.services.residents.visits import VisitRow
from ui import messages
from ui.dialogs.service_dialogs import RequestDialog, household_items, member_items, pick_combo, required
from ui.kit.dates import date_edit, from_qdate
from ui.kit.export import export_button
from ui.kit.records import table_view
from ui.models.service_models import visits_model

if TYPE_CHECKING:
    from ui.kit.page import Page

# How far back the list goes: a year is ~20,000 visits in a big village; a month opens at once.
SPANS = (("近一个月", 31), ("近三个月", 92), ("近一年", 366))


class VisitsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        entry = QHBoxLayout()
        self.member = pick_combo([], "党员姓名")
        self.household = pick_combo([], "住户地址或户主")
        self.way = QComboBox()
        self.way.addItems(list(rules.VISIT_WAYS))
        self.text = QLineEdit()
        self.text.setPlaceholderText("了解到的情况，回车登记")
        self.text.returnPressed.connect(self.save)
        self.date = date_edit(dt.date.today())
        self.link = QCheckBox("记闪光言行和积分")
        save = QPushButton("登记走访")
        save.clicked.connect(self.save)
        # Two rows, so that the pick boxes stay wide at 150 % scaling: who and where, then what and save.
        row: list[tuple[QWidget, int]] = [
            (self.member, 2),
            (self.household, 3),
            (self.way, 0),
            (self.date, 0),
        ]
        for widget, stretch in row:
            entry.addWidget(widget, stretch)
        second = QHBoxLayout()
        row = [(self.text, 1), (self.link, 0), (save, 0)]
        for widget, stretch in row:
            second.addWidget(widget, stretch)
        layout.addLayout(entry)
        layout.addLayout(second)
        self.message = QLabel()
        self.message.setStyleSheet("color: #1b5e20;")
        layout.addWidget(self.message)
        self.message.hide()  # shown once there is something to say
        self.model = visits_model(self)
        self.view = table_view(self.model, stretch=4)
        self.view.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first rows only
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            ("撤回所选走访", self.withdraw),
            ("记闪光言行和积分", self.link_selected),
            ("由此走访受理求助…", self.raise_request),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addWidget(export_button(self, self.page.db, self.view, "走访记录"))
        buttons.addStretch(1)
        self.span = QComboBox()
        for label, days in SPANS:
            self.span.addItem(label, days)
        self.span.currentIndexChanged.connect(lambda _i: self.refresh())
        buttons.addWidget(self.span)
        self.summary = QLabel()
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)
        self._loaded = False

    def refresh(self) -> None:
        db = self.page.db
        if not self._loaded:  # the pick lists: once per page visit, they do not change while entering
            for combo, items in ((self.member, member_items(db)), (self.household, household_items(db))):
                combo.clear()
                for label, value in items:
                    combo.addItem(label, value)
                combo.setCurrentIndex(-1)
            self._loaded = True
        days = int(self.span.currentData())
        rows = visits.list_visits(db, start=dt.date.today() - dt.timedelta(days=days))
        self.model.set_rows(rows)
        self.summary.setText(f"{self.span.currentText()}走访 {len(rows)} 次")

    def save(self) -> None:
        def add() -> str:
            member_id = required(self.member, "走访的党员")
            household_id = required(self.household, "走访的住户")
            return visits.add_visit(
                self.page.db,
                [member_id],
                household_ids=[household_id],
                way=self.way.currentText(),
                text=self.text.text(),
                date=from_qdate(self.date.date()),
            )

        visit_id = self.page.attempt(add)
        if visit_id is None:
            return
        note = "已登记走访。"
        if self.link.isChecked():
            note += visits.record_visit_links(self.page.db, visit_id).message
        self._say(note)
        self.household.setCurrentIndex(-1)
        self.text.clear()
        self.household.setFocus()  # the same member usually visits several households in a row
        self.refresh()

    def current(self) -> VisitRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def withdraw(self) -> None:
        row = self.current()
        if row and messages.confirm(self, "撤回这条走访记录？由它记的闪光言行会撤回、积分会冲销。", "撤回"):
            result = self.page.attempt(lambda: visits.withdraw_visit(self.page.db, row.id))
            if result is not None:
                self._say("已撤回。" + result.message)
                self.refresh()

    def link_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            result = visits.record_visit_links(self.page.db, row.id)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._say(result.message)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def raise_request(self) -> None:
        """A request or suggestion the visit collected: the visit's household, channel 走访, linked to the visit."""
        row = self.current()
        if row is None:
            messages.info(self, "请先在表格里选一次走访")
            return
        dialog = RequestDialog(
            self.page.db, row.household_ids[0] if row.household_ids else None, self, row.id
        )
        if dialog.exec():
            self._say("已受理，可在“求助与建议”里办理。")
