"""服务群众 → 求助与建议 → 转为服务需求…: the request becomes a need prefilled from it, linked both ways (the ledger
shows the need and then its project; the need shows its request), once only; the same from the CLI's
`needs add --from-request` (tests/e2e/test_cli_projects.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services.projects import needs, pool
from app.services.residents import requests
from ui.dialogs.project_dialogs import NeedDialog
from ui.pages.projects import ProjectsPage
from ui.pages.service import ServicePage


def _column(model: object, title: str) -> int:
    from PySide6.QtCore import Qt

    m = model  # a RecordModel
    return next(
        c
        for c in range(m.columnCount())  # type: ignore[attr-defined]
        if m.headerData(c, Qt.Orientation.Horizontal) == title  # type: ignore[attr-defined]
    )


def test_a_request_becomes_a_need_then_a_project_both_ways(
    demo_copy: Database, qtbot: QtBot, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = demo_copy
    page = ServicePage(db)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.requests)
    tab = page.requests
    linked = needs.request_links(db)
    row_index = next(
        i
        for i in range(tab.model.rowCount())
        if tab.model.row_at(i).id not in linked  # type: ignore[union-attr]
    )
    request = tab.model.row_at(row_index)
    assert request is not None
    tab.view.selectRow(row_index)
    opened: list[NeedDialog] = []

    def run(dialog: NeedDialog) -> int:
        opened.append(dialog)
        assert dialog.text.toPlainText() == request.text[: needs.MAX_TEXT]
        assert not dialog.how.isEnabled() and dialog.how.currentText() == "求助"
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(NeedDialog, "exec", run)
    tab.to_need()
    assert opened and opened[0].need_id
    need = next(n for n in needs.list_needs(db) if n.id == opened[0].need_id)
    assert need.request_id == request.id and need.raised_how == "求助"
    assert need.source == f"求助：{request.text}" and need.household_id == request.household_id
    column = _column(tab.model, "服务项目")
    i = next(k for k, r in enumerate(tab.model.rows) if r.id == request.id)
    assert tab.model.index(i, column).data() == "已转服务需求（待立项）"
    tab.view.selectRow(i)
    tab.to_need()  # a second time: told, nothing added
    assert len(opened) == 1 and "已经转为服务需求" in said[-1]
    pid = pool.add_project(db, pool.ProjectDraft([need.id], "办好", dt.date.today() + dt.timedelta(days=9)))
    tab.refresh()
    i = next(k for k, r in enumerate(tab.model.rows) if r.id == request.id)
    assert tab.model.index(i, column).data() == f"服务项目“{pool.get_project(db, pid).title}”（待公示）"
    tab.view.selectRow(i)
    tab.history()
    assert said[-1].endswith(f"已转为服务需求 → 服务项目“{pool.get_project(db, pid).title}”（待公示）")
    # the need's side: the 需求 tab says where it came from
    projects = ProjectsPage(db)
    qtbot.addWidget(projects)
    projects.tabs.setCurrentWidget(projects.needs)
    projects.needs.open_only.setCurrentIndex(1)  # 全部
    rows = projects.needs.model.rows
    k = next(k for k, r in enumerate(rows) if r.id == need.id)
    assert projects.needs.model.index(k, _column(projects.needs.model, "来源")).data().startswith("求助：")
    assert requests.get_request(db, request.id).text == request.text
