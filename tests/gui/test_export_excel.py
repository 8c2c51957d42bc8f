"""导出 Excel… (issue 20): what the table shows, as the page filters it, goes to the file; the clerk is offered
打开文件 / 打开所在文件夹 (messages.saved); every page with a list has the button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.db.database import Database
from ui.kit import export
from ui.pages.commitments import CommitmentsPage
from ui.pages.evaluations import EvaluationPage
from ui.pages.meetings import MeetingsPage
from ui.pages.points import PointsPage
from ui.pages.service import ServicePage
from ui.pages.year_end import YearEndPage

TODAY = dt.date.today()


def _show(page: Any, qtbot: QtBot) -> None:
    qtbot.addWidget(page)
    page.setMinimumSize(1100, 650)
    page.resize(1300, 720)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()


def _export_buttons(page: Any) -> list[QPushButton]:
    return [b for b in page.findChildren(QPushButton) if b.text().startswith("导出") and "Excel" in b.text()]


def test_points_summary_exports_the_filtered_rows(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    first = page.summary_model.row_at(0)
    assert first is not None
    everyone = page.summary_model.rowCount()
    page.find_box.setText(first.member_name)
    shown = [r for r in range(page.summary_model.rowCount()) if not page.summary_view.isRowHidden(r)]
    assert 0 < len(shown) < everyone
    dest = tmp_path / "汇总"
    monkeypatch.setattr(export, "ask_path", lambda _parent, _title: str(dest))
    saved = export.export_view(page, demo_copy, page.summary_view, "积分汇总")
    assert saved == tmp_path / "汇总.xlsx"
    ws = load_workbook(saved).active
    assert [c.value for c in ws[2]][:2] == ["姓名", "支部"]
    assert ws.max_row - 2 == len(shown)
    assert ws["A3"].value == first.member_name
    assert said and "已导出" in said[-1]


def test_cancel_writes_nothing(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = YearEndPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    monkeypatch.setattr(export, "ask_path", lambda _parent, _title: "")
    assert export.export_view(page, demo_copy, page.view, "评议") is None
    assert not said


@pytest.mark.parametrize(
    "make", [PointsPage, YearEndPage, CommitmentsPage, EvaluationPage, MeetingsPage, ServicePage]
)
def test_every_list_page_has_the_button(demo_copy: Database, qtbot: QtBot, make: Any) -> None:
    page = make(demo_copy)
    _show(page, qtbot)
    assert _export_buttons(page)
