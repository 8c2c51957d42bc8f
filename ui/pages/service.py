"""服务群众 page: tabs 住户与联户 / 走访 / 求助与建议 / 统计. Each tab loads its data when it is first shown
(and again on each visit), so opening the page costs only the tab in front."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.services.store import Database
from ui.kit.page import Page
from ui.pages.service_households import HouseholdsTab
from ui.pages.service_requests import RequestsTab
from ui.pages.service_stats import StatsTab
from ui.pages.service_visits import VisitsTab


class ServicePage(Page):
    title = "服务群众"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.heading("服务群众"))
        self.tabs = QTabWidget()
        self.households = HouseholdsTab(self)
        self.visits = VisitsTab(self)
        self.requests = RequestsTab(self)
        self.stats = StatsTab(self)
        self.tabs.addTab(self.households, "住户与联户")
        self.tabs.addTab(self.visits, "走访")
        self.tabs.addTab(self.requests, "求助与建议")
        self.tabs.addTab(self.stats, "统计")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        refresh = getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
