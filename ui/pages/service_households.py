"""住户与联户 tab: households found by address or head's name, their pairing member, import from Excel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.pinyin import matches, normalize_query
from app.services import organizations
from app.services.residents import household_import, households, pairing
from app.services.residents.households import HouseholdRow
from ui import messages
from ui.dialogs.pair_dialog import PairDialog
from ui.dialogs.service_dialogs import HouseholdDialog
from ui.kit.export import export_button
from ui.kit.header import FindBox
from ui.kit.records import table_view
from ui.models.service_models import households_model

if TYPE_CHECKING:
    from ui.kit.page import Page


class HouseholdsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        self.all_rows: list[HouseholdRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.finder = FindBox("找住户：地址、户主姓名或拼音首字母")
        self.finder.setMinimumWidth(220)
        self.finder.textChanged.connect(lambda _t: self._filter())
        top.addWidget(self.finder)
        top.addWidget(QLabel("网格"))
        self.grid = QComboBox()
        self.grid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grid.currentIndexChanged.connect(lambda _i: self._filter())
        top.addWidget(self.grid)
        self.unpaired = QCheckBox("只看未结对")
        self.unpaired.toggled.connect(lambda _c: self._filter())
        top.addWidget(self.unpaired)
        top.addStretch(1)
        self.summary = QLabel()
        top.addWidget(self.summary)
        layout.addLayout(top)
        self.model = households_model(self)
        self.view = table_view(self.model, stretch=0)
        self.view.horizontalHeader().setResizeContentsPrecision(200)  # widths from the first rows only
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            ("新增住户", self.add),
            ("修改", self.edit),
            ("结对…", self.pair),
            ("解除结对", self.unpair),
            ("从 Excel 导入…", self.import_sheet),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addWidget(export_button(self, self.page.db, self.view, "住户台账"))
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        chosen = self.grid.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("全部网格", None)
        for g in organizations.grids(self.page.db):
            self.grid.addItem(g.name, g.name)
        self.grid.setCurrentIndex(max(0, self.grid.findData(chosen)))
        self.grid.blockSignals(False)
        self.all_rows = households.list_households(self.page.db)
        self._filter()

    def _filter(self) -> None:
        query = normalize_query(self.finder.text())
        grid = self.grid.currentData()
        rows = [
            r
            for r in self.all_rows
            if (not grid or r.grid == grid)
            and (not self.unpaired.isChecked() or not r.paired_with)
            and matches(r.find, query)
        ]
        self.model.set_rows(rows)
        paired = sum(1 for r in self.all_rows if r.paired_with)
        self.summary.setText(f"共 {len(self.all_rows)} 户，已结对 {paired} 户，显示 {len(rows)} 户")

    def current(self) -> HouseholdRow | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def add(self) -> None:
        if HouseholdDialog(self.page.db, None, self).exec():
            self.refresh()

    def edit(self) -> None:
        row = self.current()
        if row and HouseholdDialog(self.page.db, row.id, self).exec():
            self.refresh()

    def pair(self) -> None:
        row = self.current()
        if row is None:
            messages.info(self, "请先在表格里选一户")
            return
        dialog = PairDialog(self.page.db, row.id, f"联户结对：{row.address}", self)
        if dialog.exec():
            self.refresh()

    def unpair(self) -> None:
        row = self.current()
        question = f"解除“{row.address}”与{row.paired_with or '联户人'}的结对？" if row else ""
        if (
            row
            and messages.confirm(self, question, "解除")
            and self.page.attempt_ok(lambda: pairing.unpair(self.page.db, row.id))
        ):
            self.refresh()

    def import_sheet(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择住户表格", "", "表格 (*.xlsx *.xls *.ods)")
        if not path:
            return
        plan = self.page.attempt(lambda: household_import.plan_household_import(self.page.db, path))
        if plan is None:
            return
        report = "\n".join(plan.report_lines()[:30])
        if plan.count(household_import.NEW) == 0:
            messages.info(self, report + "\n没有可以导入的新住户。")
            return
        bad = plan.count(household_import.ERROR)
        question = (
            f"\n\n有 {bad} 行错误，这些行不会导入。只导入没有错误的 {plan.count(household_import.NEW)} 户？"
            if bad
            else "\n\n导入这些新住户？"
        )
        if messages.confirm(self, report + question, "只导入没有错误的行" if bad else "导入"):
            written = self.page.attempt(
                lambda: household_import.apply_household_import(self.page.db, plan, skip_invalid=True)
            )
            if written is not None:
                messages.info(self, f"已导入 {written} 户。")
                self.refresh()
