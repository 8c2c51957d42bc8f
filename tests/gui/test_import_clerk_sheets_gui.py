"""The sheets clerks keep (tests/fixtures/clerk_sheets.py) through the GUI: the roster import wizard, and the
住户 tab's 从 Excel 导入… (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

import clerk_sheets
import pytest
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import roster, roster_excel as importer
from app.services.residents import households
from tests.gui.conftest import Said
from ui.dialogs.import_wizard import ImportWizard
from ui.pages.service import ServicePage


def _preview(qtbot: QtBot, db: Database, sheet: Path, said: list[str]) -> ImportWizard:
    wizard = ImportWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(sheet))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, said
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page, said
    return wizard


def test_wizard_imports_the_wps_roster(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    sheet = clerk_sheets.build_wps(tmp_path / "花名册.xlsx")
    before = len(roster.list_members(demo_copy, status="all"))
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(sheet))
    wizard.next()
    info = wizard.mapping_page.info.text()
    assert "表头在第 3–4 行" in info and clerk_sheets.TITLE in info
    wizard.next()
    model = wizard.preview_page.model
    marks = {model.row_at(i).row: model.data(model.index(i, 1)) for i in range(model.rowCount())}
    rows = clerk_sheets.WPS_ROWS
    assert [marks[rows[k]] for k in ("zhang", "li", "wang")] == [importer.NEW] * 3
    assert marks[rows["signatures"]] == marks[rows["totals"]] == importer.SKIP
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled()
    finish.click()
    assert wizard.import_result is not None and wizard.import_result.created == 3
    assert len(roster.list_members(demo_copy, status="all")) == before + 3


def test_wizard_names_the_row_of_a_differing_duplicate(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    before = len(roster.list_members(demo_copy, status="all"))
    wizard = _preview(qtbot, demo_copy, clerk_sheets.build_duplicates(tmp_path / "重复.xlsx"), said)
    model = wizard.preview_page.model
    texts = [
        " ".join(str(model.data(model.index(i, c)) or "") for c in range(model.columnCount()))
        for i in range(3)
    ]
    assert "完全相同" in texts[1]
    assert "第 2 行" in texts[2] and "手机号码" in texts[2]
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert len(roster.list_members(demo_copy, status="all")) == before


def test_household_tab_imports_only_after_saying_which_rows_are_wrong(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: Said, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = clerk_sheets.build_households(tmp_path / "住户.xlsx")
    page = ServicePage(demo_copy)
    qtbot.addWidget(page)
    page.setMinimumSize(1000, 600)
    page.resize(1300, 720)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    before = len(households.list_households(demo_copy))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(sheet), ""))
    said.answer = False
    page.households.import_sheet()
    question = said.questions[-1]
    assert "第 5 行 错误：“人口”列" in question and "只导入没有错误的 2 户" in question
    assert len(households.list_households(demo_copy)) == before
    said.answer = True
    page.households.import_sheet()
    assert len(households.list_households(demo_copy)) == before + 2
    assert "已导入 2 户。" in said
