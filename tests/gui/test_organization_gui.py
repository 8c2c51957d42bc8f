"""The 组织与网格 page and the whole main window, with demo data (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import organizations
from ui.main_window import MainWindow
from ui.pages.organization import GridDialog, OrganizationPage
from ui.pages.roster import RosterPage


@pytest.fixture
def page(qtbot: QtBot, demo_copy: Database, said: list[str]) -> OrganizationPage:
    p = OrganizationPage(demo_copy)
    qtbot.addWidget(p)
    p.refresh()
    return p


def answer(monkeypatch: pytest.MonkeyPatch, text: str, kind: str = "党支部") -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (text, True))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (kind, True))


def test_tree_shows_units_with_counts(page: OrganizationPage) -> None:
    units = organizations.units(page.db)
    assert page.tree.topLevelItemCount() == 1
    top = page.tree.topLevelItem(0)
    assert top is not None and top.text(0) == units[0].name
    branches = [u for u in units if u.kind == "党支部"]
    assert int(top.text(2)) == sum(u.active_members for u in branches)


def test_add_branch_and_group(page: OrganizationPage, monkeypatch: pytest.MonkeyPatch) -> None:
    answer(monkeypatch, "第九党支部")
    page.add_branch()
    unit = organizations.find_unit(page.db, "第九党支部")
    assert unit.kind == "党支部" and page.current_unit() == unit
    answer(monkeypatch, "新村党小组")
    page.add_group()
    group = organizations.find_unit(page.db, "新村党小组", group=True)
    assert group.parent_id == unit.id


def test_regional_branch_its_kind_and_the_1n_units(
    page: OrganizationPage, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    """1+N: a 区域综合党支部 made from the page, turned into a 流动党员服务站, and the 所在单位 dialog registers a
    member's unit and lists the units that should form a branch."""
    from app.services import recognition, roster
    from ui.dialogs.recognition_settings import WorkUnitsDialog

    answer(monkeypatch, "工业园区域综合党支部", "区域综合党支部")
    page.add_branch()
    unit = organizations.find_unit(page.db, "工业园区域综合党支部")
    assert unit.kind == "区域综合党支部"
    answer(monkeypatch, "", "流动党员服务站")
    page.change_kind()
    assert organizations.find_unit(page.db, "工业园区域综合党支部").kind == "流动党员服务站"
    assert page.tree.findItems("流动党员服务站", Qt.MatchFlag.MatchRecursive, 1)
    dialog = WorkUnitsDialog(page.db, page)
    qtbot.addWidget(dialog)
    before = dialog.need.rowCount()
    taken = {w.member_id for w in recognition.work_units(page.db)}
    full = [m for m in roster.list_members(page.db) if m.category == "正式党员" and m.id not in taken][:3]
    for m in full:
        dialog.member.setCurrentIndex(dialog.member.findData(m.id))
        dialog.unit.setText("新星电子厂")
        dialog.save()
    assert dialog.need.rowCount() == before + 1
    assert any(
        u.unit == "新星电子厂" and u.full_members == 3 for u in recognition.units_without_branch(page.db)
    )
    assert sum(1 for w in recognition.work_units(page.db) if w.unit == "新星电子厂") == 3


def test_delete_branch_with_members_refused(page: OrganizationPage, said: list[str]) -> None:
    branch = next(u for u in organizations.units(page.db) if u.kind == "党支部")
    page.select_unit(branch.id)
    page.delete_unit()
    assert said and "不能删除" in said[0]
    assert any(u.id == branch.id for u in organizations.units(page.db))


def test_duplicate_name_refused_with_message(
    page: OrganizationPage, monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    branches = [u for u in organizations.units(page.db) if u.kind == "党支部"]
    page.select_unit(branches[1].id)
    answer(monkeypatch, branches[0].name)
    page.rename_unit()
    assert said and "已有" in said[0]


def test_rename_top_updates_window_title(
    qtbot: QtBot, demo_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    org_page = window.page(OrganizationPage)
    assert isinstance(org_page, OrganizationPage)
    window.nav.setCurrentRow(window._pages.index(org_page))
    top = organizations.units(demo_copy)[0]
    org_page.select_unit(top.id)
    answer(monkeypatch, "丁新村党委")
    org_page.rename_unit()
    assert window.windowTitle().endswith("丁新村党委")


def test_grid_add_edit_delete(page: OrganizationPage, qtbot: QtBot, said: list[str]) -> None:
    dialog = GridDialog(page.db, None, page)
    qtbot.addWidget(dialog)
    dialog.name.setText("第9网格")
    dialog.households.setValue(120)
    dialog.responsible.setText("张三")
    dialog.submit()
    assert dialog.result() == GridDialog.DialogCode.Accepted
    page.refresh()
    grid = organizations.find_grid(page.db, "第9网格")
    assert grid.households == 120
    names = [page.grid_table.item(r, 0).text() for r in range(page.grid_table.rowCount())]  # type: ignore[union-attr]
    assert "第9网格" in names
    page.grid_table.selectRow(names.index("第9网格"))
    page.delete_grid()
    assert all(g.name != "第9网格" for g in organizations.grids(page.db))
    used = next(g for g in organizations.grids(page.db) if g.active_members)
    page.refresh()
    names = [page.grid_table.item(r, 0).text() for r in range(page.grid_table.rowCount())]  # type: ignore[union-attr]
    page.grid_table.selectRow(names.index(used.name))
    page.delete_grid()
    assert said and "不能删除" in said[-1]


def test_main_window_opens_with_demo_data(qtbot: QtBot, demo_copy: Database) -> None:
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert organizations.organization_name(demo_copy) in window.windowTitle()
    roster_page = window.page(RosterPage)
    assert isinstance(roster_page, RosterPage) and roster_page.model.rowCount() > 0
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
    window.nav.setCurrentRow(0)
    assert roster_page.count_label.text().startswith("共 ")


def test_a_refused_name_is_asked_again_with_what_was_typed(
    page: OrganizationPage, monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    """新增支部 → an empty (or taken) name → the refusal, then the name box again with the typed text, not the
    end of the whole flow; a cancel there ends it."""
    taken = organizations.units(page.db)[1].name
    answers = iter([(taken, True), ("第九党支部", True)])
    offered: list[str] = []

    def get_text(
        _parent: object, _title: str, _label: str, _mode: object, text: str = ""
    ) -> tuple[str, bool]:
        offered.append(text)
        return next(answers)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("党支部", True))
    page.add_branch()
    assert (
        offered == ["", taken] and said
    )  # refused once (the message shown), asked again with the taken name
    assert page.current_unit() == organizations.find_unit(page.db, "第九党支部")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))
    page.add_group()  # cancelled: nothing added, no loop
