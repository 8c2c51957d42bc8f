"""导出 Excel… (issue 20) on the remaining lists: 人员名册, 自动备份, 积分规则 (层次, 指标), 服务项目 (项目库, 需求, 队伍).
Each button writes an .xlsx whose heading row is the table's visible headings and whose rows are the shown rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from ui.kit import export
from ui.pages.backup import BackupPage
from ui.pages.organization_people import PeopleTab
from ui.pages.points import PointsPage
from ui.pages.projects import ProjectsPage

TODAY = dt.date.today()
Pick = Callable[[Database], tuple[QWidget, Callable[[QWidget], tuple[QPushButton, QTableView]]]]


def _people(db: Database) -> Any:
    return PeopleTab(db), lambda w: (w.export_button, w.view)


def _backups(db: Database) -> Any:
    return BackupPage(db), lambda w: (w.export_button, w.auto_table)


def _tiers(db: Database) -> Any:
    return PointsPage(db, today=TODAY), lambda w: (w.rules_tab.export_tiers, w.rules_tab.tier_view)


def _indicators(db: Database) -> Any:
    return PointsPage(db, today=TODAY), lambda w: (w.rules_tab.export_indicators, w.rules_tab.ind_view)


def _tab(name: str) -> Any:
    def make(db: Database) -> Any:
        page = ProjectsPage(db)

        def pick(w: Any) -> tuple[QPushButton, QTableView]:
            tab = getattr(w, name)
            w.tabs.setCurrentWidget(tab)
            tab.refresh()
            return tab.export_button, tab.view

        return page, pick

    return make


@pytest.mark.parametrize(
    "make",
    [_people, _backups, _tiers, _indicators, _tab("pool"), _tab("needs"), _tab("teams")],
    ids=["people", "backups", "tiers", "indicators", "pool", "needs", "teams"],
)
def test_the_button_writes_what_the_table_shows(
    demo_copy: Database,
    qtbot: QtBot,
    said: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make: Pick,
) -> None:
    widget, pick = make(demo_copy)
    qtbot.addWidget(widget)
    widget.setMinimumSize(1100, 650)
    widget.resize(1300, 720)
    widget.show()
    qtbot.waitExposed(widget)
    refresh = getattr(widget, "refresh", None)
    if refresh is not None:
        refresh()
    button, view = pick(widget)
    assert button.text() == "导出 Excel…"
    dest = tmp_path / "导出"
    monkeypatch.setattr(export, "ask_path", lambda _parent, _title: str(dest))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "导出.xlsx"
    assert saved.exists()
    headers, rows = export.view_table(view)
    assert headers and all(headers)
    ws = load_workbook(saved).active
    assert ws is not None
    assert [c.value for c in ws[2]][: len(headers)] == headers
    assert ws.max_row - 2 == len(rows)
    assert said and "已导出" in said[-1]
