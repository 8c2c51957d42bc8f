"""The roster import wizard and export dialog, driven as a clerk would (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

import messy_roster
import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog, QWizard
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import roster, roster_excel as importer
from ui.dialogs import import_wizard
from ui.dialogs.import_wizard import ExportDialog, ImportWizard


def test_wizard_preview_marks_import_and_error_rows(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    before = len(roster.list_members(demo_copy, status="all"))
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(sheet))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, said
    mapping = wizard.mapping_page.mapping()
    headers = wizard.table.headers  # type: ignore[union-attr]
    assert mapping[headers.index("身份证号码")] == "id_number"
    assert mapping[headers.index("微信号")] is None
    assert "微信号" in wizard.mapping_page.info.text()

    wizard.next()
    assert wizard.currentPage() is wizard.preview_page, said
    model = wizard.preview_page.model
    ModelTester(qtbot).check(model)  # type: ignore[no-untyped-call]
    marks = {model.row_at(i).row: model.data(model.index(i, 1)) for i in range(model.rowCount())}
    R = messy_roster.ROWS
    assert marks[R["ok_text_id"]] == importer.NEW
    assert marks[R["numeric_id"]] == importer.ERROR
    assert marks[R["blank"]] == importer.SKIP
    assert "文本" in model.data(model.index(1, 4))
    assert "错误 2 行" in wizard.preview_page.counts.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # errors and no explicit choice: nothing can be imported
    assert "不会导入" in wizard.preview_page.hint.text()

    errors_file = tmp_path / "错误行.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(errors_file), ""))
    wizard.preview_page.save_errors.click()
    assert load_workbook(errors_file).active.max_row == 3  # type: ignore[union-attr]
    assert len(roster.list_members(demo_copy, status="all")) == before

    wizard.preview_page.only_valid.setChecked(True)
    assert finish.isEnabled() and finish.text() == "只导入没有错误的行"
    finish.click()
    assert wizard.import_result is not None and wizard.import_result.created == 7
    assert len(roster.list_members(demo_copy, status="all")) == before + 7
    assert any("导入完成" in s for s in said)


def test_wizard_bad_file_stays_on_first_page(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(bad))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert said and "另存为" in said[0]


def test_export_dialog_writes_and_warns(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    dialog = ExportDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.full.setChecked(True)
    dialog.export(tmp_path / "out.xlsx")
    assert dialog.exported == tmp_path / "out.xlsx" and dialog.exported.exists()
    assert "敏感" in said[-1]
    ws = load_workbook(dialog.exported).active
    assert ws is not None and "党小组" in [c.value for c in ws[2]]
    assert import_wizard.SENSITIVE.startswith("⚠")


def test_wizard_mapping_can_be_corrected(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(sheet))
    wizard.next()
    combos = {
        wizard.mapping_page.table.item(i, 0).text(): wizard.mapping_page.combos[i]
        for i in range(len(wizard.mapping_page.combos))
    }
    # The clerk says the 微信号 column is really the 备注, and drops the 备注 column.
    combos["微信号"].setCurrentIndex(combos["微信号"].findData("note"))
    combos["备注"].setCurrentIndex(0)
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page, said
    plan = wizard.plan
    assert plan is not None
    first = next(r for r in plan.rows if r.row == messy_roster.ROWS["ok_text_id"])
    assert first.draft is not None and first.draft.note == "wjg001"
    wizard.back()
    combos["身份证号码"].setCurrentIndex(0)  # no ID column: the wizard refuses with the reason
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert "公民身份号码" in said[-1]


def test_wizard_imports_a_sheet_without_branch_into_the_chosen_branch(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str]
) -> None:
    """Issue 13: a 人才中心 export has no 所在党支部 column; the wizard offers a branch chooser."""
    import import_formats

    sheet = import_formats.build_talent_centre(tmp_path / "人才中心.xlsx")
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(sheet))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page, said
    assert "没有“所在党支部”列" in wizard.mapping_page.info.text()
    combo = wizard.mapping_page.branch_combo
    combo.setCurrentIndex(combo.count() - 1)
    chosen = combo.currentText()
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page, said
    assert wizard.plan is not None and wizard.plan.count(importer.NEW) == 8 and not wizard.plan.has_errors
    wizard.button(QWizard.WizardButton.FinishButton).click()
    added = [
        m
        for m in roster.list_members(demo_copy)
        if m.id_number in {import_formats.person(n)[2] for n in range(20, 28)}
    ]
    assert len(added) == 8 and {m.branch for m in added} == {chosen}
