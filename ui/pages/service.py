"""服务群众 page: tabs 住户与联户 / 走访 / 求助与建议 / 统计. Each tab loads its data when it is first shown
(and again on each visit), so opening the page costs only the tab in front."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.store import Database
from ui.kit.page import TabbedPage
from ui.pages.service_households import HouseholdsTab
from ui.pages.service_requests import RequestsTab
from ui.pages.service_stats import StatsTab
from ui.pages.service_visits import VisitsTab


class ServicePage(TabbedPage):
    title = "服务群众"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, "服务群众", parent)
        self.households = HouseholdsTab(self)
        self.visits = VisitsTab(self)
        self.requests = RequestsTab(self)
        self.stats = StatsTab(self)
        self.add_tabs(
            (self.households, "住户与联户"),
            (self.visits, "走访"),
            (self.requests, "求助与建议"),
            (self.stats, "统计"),
        )
