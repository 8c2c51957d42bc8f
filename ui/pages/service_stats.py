"""统计 tab: the seeds' figures for a year or a quarter, per grid and in total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.residents import common, pairing, stats
from ui.dialogs.service_settings import ServiceSettingsDialog
from ui.kit.dates import year_and_quarter
from ui.kit.export import export_button
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
        self.year, self.quarter = year_and_quarter(top)
        top.addStretch(1)
        settings = QPushButton("设置…")
        settings.setToolTip("住户标签、求助类别、办理期限、联户目标户数、联户公示牌是否印户主姓名")
        settings.clicked.connect(self.edit_settings)
        top.addWidget(settings)
        top.addWidget(
            export_button(
                self,
                page.db,
                lambda: self.stats_view,
                lambda: f"联户走访求助统计 {self.year.currentText()}{self.quarter.currentText()}",
            )
        )
        layout.addLayout(top)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("color: #333;")  # the program's size: at 150 % the table keeps its rows
        layout.addWidget(self.sentence)
        self.pairing = QLabel()
        layout.addWidget(self.pairing)
        self.model = stats_model(self)
        self.stats_view = table_view(self.model, stretch=0)
        layout.addWidget(self.stats_view, 1)
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
        counts = pairing.pairing_counts(self.page.db)
        low, high = common.get_settings(self.page.db).pairing_target
        by_status = {s: sum(1 for c in counts if c.status == s) for s in ("达标", "不足", "超出")}
        self.pairing.setText(
            f"联户目标每名党员 {low}–{high} 户（当前）：达标 {by_status['达标']} 人，"
            f"不足 {by_status['不足']} 人，超出 {by_status['超出']} 人。"
        )

    def edit_settings(self) -> None:
        if ServiceSettingsDialog(self.page.db, self).exec():
            self.refresh()
