"""Excel of 服务项目: the pool with its states, and a 报到党员's service sheet; text cells stay text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.db.database import Database
from app.domain import project_rules as rules
from app.services.projects import claims, export, needs, pool
from app.services.residents import people

pytestmark = pytest.mark.both_backends


def test_pool_and_registered_sheet(demo_copy: Database, tmp_path: Path) -> None:
    today = dt.date.today()
    nid = needs.add_need(demo_copy, needs.NeedDraft(category="其他", size=rules.SMALL, text="=1+1 修门"))
    pid = pool.add_project(demo_copy, pool.ProjectDraft([nid], "修好", today + dt.timedelta(days=9)))
    pool.publish_project(demo_copy, pid, today)
    person = people.add_person(
        demo_copy, people.PersonDraft(name="在职周", roles=["报到党员"], organization="县医院党支部")
    )
    claims.claim(demo_copy, pid, rules.PERSON, person, today)
    claims.complete(demo_copy, pid, "门修好了", today, people_served=2)

    out = tmp_path / "pool.xlsx"
    n = export.export_pool(demo_copy, out)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None and ws.title == "项目库" and ws.max_row == n + 2
    cells = {c.value for row in ws.iter_rows() for c in row}
    assert "=1+1 修门" in cells  # text, never a formula

    sheet = tmp_path / "reg.xlsx"
    assert export.export_registered_sheet(demo_copy, person, today.year, sheet) == 1
    ws = openpyxl.load_workbook(sheet).active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert "县医院党支部" in str(values[0][0]) and values[2][6] == "门修好了"
