"""统计 tab: the seeds' figures for a year or a quarter, per grid and in total."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.residents import stats
from ui.kit.records import table_view
from ui.models.service_models import stats_model

if TYPE_CHECKING:
    from ui.kit.page import Page


class StatsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        self.year = QComboBox()
        this = dt.date.today().year
        for y in range(this, this - 5, -1):
            self.year.addItem(f"{y}年", y)
        top.addWidget(self.year)
        top.addWidget(QLabel("季度"))
        self.quarter = QComboBox()
        self.quarter.addItem("全年", None)
        for q in range(1, 5):
            self.quarter.addItem(f"第{q}季度", q)
        top.addWidget(self.quarter)
        top.addStretch(1)
        layout.addLayout(top)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("font-size: 15px; padding: 6px 0;")
        layout.addWidget(self.sentence)
        self.model = stats_model(self)
        layout.addWidget(table_view(self.model, stretch=0), 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.quarter.currentIndexChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        result = stats.service_stats(self.page.db, int(self.year.currentData()), self.quarter.currentData())
        t = result.total
        self.sentence.setText(
            f"党员联系结对 {t.paired_households} 户；走访 {t.visits} 次（{t.visited_households} 户次）；"
            f"受理群众求助和意见建议 {t.received} 件，办结 {t.resolved} 件，逾期未办结 {t.overdue} 件；"
            f"回访满意 {t.satisfied} 件，不满意 {t.dissatisfied} 件；建议采纳 {t.suggestions_adopted} 条。"
        )
        self.model.set_rows([*result.by_unit.items(), ("合计", t)])
