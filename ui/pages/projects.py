"""服务项目 page: 需求 (the inbox) → 项目库 (filtered by state, with counts: 待公示 · 待认领 · 已认领 · 已完成…)
→ a project's card with its history; 队伍 (each team's 队长, members and projects; members in no service team);
统计 (the figures of `projects stats`, the category setting).
The flow of the seeds: 收集群众需求 → 设置项目库 → 党员认领项目 → 服务群众."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.store import Database
from ui.kit.page import TabbedPage
from ui.pages.projects_parts import NeedsTab, PoolTab, TeamsTab
from ui.pages.projects_stats import ProjectStatsTab


class ProjectsPage(TabbedPage):
    title = "服务项目"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, "服务项目", parent)
        self.heading_label.setToolTip("需求 → 项目库 → 认领 → 完成")
        self.pool = PoolTab(self)
        self.needs = NeedsTab(self)
        self.teams = TeamsTab(self)
        self.stats = ProjectStatsTab(self)
        self.add_tabs((self.pool, "项目库"), (self.needs, "需求"), (self.teams, "队伍"), (self.stats, "统计"))
