"""统计 tab of 服务项目: the figures of `projects stats` for a year or a quarter and a responsible unit — needs,
projects set, claims by members / 报到党员 / teams, completed, overdue, satisfaction, who took part, each team's
projects — and the category setting (项目类别…)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.projects import stats
from app.services.projects.stats import FigureLine
from ui.dialogs.project_categories import CategoriesDialog
from ui.kit.dates import year_and_quarter
from ui.kit.export import export_button
from ui.kit.records import Column, RecordModel, table_view

if TYPE_CHECKING:
    from ui.kit.page import Page

FIGURE_COLUMNS: list[Column[FigureLine]] = [
    Column("分组", lambda f: f.group),
    Column("项目", lambda f: f.label),
    Column("数值", lambda f: f.value, numeric=True),
]


class ProjectStatsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year, self.quarter = year_and_quarter(top)
        top.addWidget(QLabel("责任单位"))
        self.unit = QComboBox()
        self.unit.setMinimumContentsLength(10)
        self.unit.addItem("全部", "")
        top.addWidget(self.unit)
        for box in (self.year, self.quarter, self.unit):
            box.currentIndexChanged.connect(lambda _i: self.show_figures())
        top.addStretch(1)
        categories = QPushButton("项目类别…")
        categories.setToolTip("新增、改名、停用服务项目的类别")
        categories.clicked.connect(self.edit_categories)
        top.addWidget(categories)
        self.model: RecordModel[FigureLine] = RecordModel(FIGURE_COLUMNS, self)
        self.view = table_view(self.model, stretch=1)
        top.addWidget(
            export_button(
                self,
                page.db,
                self.view,
                lambda: (
                    f"服务项目统计 {self.year.currentText()}{self.quarter.currentText()}{self.unit.currentData() or ''}"
                ),
            )
        )
        layout.addLayout(top)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("color: #333;")  # the program's size: at 150 % the table keeps its rows
        layout.addWidget(self.sentence)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("全部", "")
        for u in stats.units(self.page.db):
            self.unit.addItem(u, u)
        self.unit.setCurrentIndex(max(0, self.unit.findData(chosen)))
        self.unit.blockSignals(False)
        self.show_figures()

    def show_figures(self) -> None:
        f = stats.project_stats(
            self.page.db,
            int(self.year.currentData()),
            self.quarter.currentData(),
            self.unit.currentData() or "",
        )
        self.figures = f
        self.model.set_rows(stats.figure_lines(f))
        rate = f"，满意率 {stats.figure_text(f.satisfied_rate)}" if f.satisfied_rate is not None else ""
        self.sentence.setText(
            f"收集群众需求 {f.needs} 条，立项 {f.projects} 个，认领 {f.claimed} 次"
            f"（党员 {f.claimed_by_members}、报到党员 {f.claimed_by_registered}、队伍 {f.claimed_by_teams}），"
            f"完成 {f.completed} 个{rate}，逾期 {f.overdue} 个；参与党员 {f.members_taking_part} 名、"
            f"报到党员 {f.registered_taking_part} 名、队伍 {f.teams_taking_part} 支。"
        )

    def edit_categories(self) -> None:
        dialog = CategoriesDialog(self.page.db, self)
        dialog.exec()
        if dialog.changed:
            self.show_figures()
