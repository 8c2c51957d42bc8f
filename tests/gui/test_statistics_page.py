"""统计 page (issue 20): charts with their tables, Excel of every table, the 季度简报 PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QTableWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from ui.pages.statistics import ChartView, StatisticsPage


def _page(db: Database, qtbot: QtBot) -> StatisticsPage:
    page = StatisticsPage(db)
    qtbot.addWidget(page)
    page.setMinimumSize(1100, 650)
    page.resize(1300, 720)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    return page


def test_every_chart_has_its_table_and_paints(demo_copy: Database, qtbot: QtBot) -> None:
    page = _page(demo_copy, qtbot)
    views = page.findChildren(ChartView)
    tables = page.findChildren(QTableWidget)
    assert len(views) == len(page.charts) == len(tables) >= 12
    assert tables[0].rowCount() == len(page.charts[0].categories)
    image = views[0].grab()
    assert not image.isNull()


def test_excel_and_quarter_brief(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(demo_copy, qtbot)
    answers = iter([str(tmp_path / "统计"), str(tmp_path / "简报")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (next(answers), ""))
    page.export_excel()
    book = load_workbook(tmp_path / "统计.xlsx")
    assert len(book.sheetnames) == len(page.charts)
    page.save_pdf("quarter")
    assert (tmp_path / "简报.pdf").stat().st_size > 1000
    assert len(said) == 2
