"""服务项目 page: 需求 (the inbox) → 项目库 (filtered by state, with counts: 待公示 · 待认领 · 已认领 · 已完成…)
→ a project's card with its history; 队伍 (each team's 队长, members and projects; members in no service team);
统计 (the figures of `projects stats`, the category setting).
The flow of the seeds: 收集群众需求 → 设置项目库 → 党员认领项目 → 服务群众."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.store import Database
from ui.kit.page import Page
from ui.pages.projects_parts import NeedsTab, PoolTab, TeamsTab
from ui.pages.projects_stats import ProjectStatsTab


class ProjectsPage(Page):
    title = "服务项目"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.heading("服务项目（需求 → 项目库 → 认领 → 完成）"))
        self.tabs = QTabWidget()
        self.pool = PoolTab(self)
        self.needs = NeedsTab(self)
        self.teams = TeamsTab(self)
        self.stats = ProjectStatsTab(self)
        self.tabs.addTab(self.pool, "项目库")
        self.tabs.addTab(self.needs, "需求")
        self.tabs.addTab(self.teams, "队伍")
        self.tabs.addTab(self.stats, "统计")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        refresh = getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
