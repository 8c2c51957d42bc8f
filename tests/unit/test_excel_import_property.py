"""Property test: messy generated sheets never crash the import; every data row is imported exactly or
reported with its row number; no ID number in the database ever differs from the sheet's text."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member
from app.domain.id_number import make_id_number, normalize_id_number
from app.services import organizations, roster_excel as importer

HEADERS = {
    "name": ("姓名", "党员姓名"),
    "id": ("公民身份号码", "身份证号", "身份证号码", "证件号码"),
    "joined": ("入党时间", "入党日期", "加入党组织日期"),
    "category": ("人员类别", "党员类别"),
    "branch": ("所在党支部", "支部", "所属支部"),
    "phone": ("手机", "手机号码", "联系电话"),
    "mobile": ("是否流动党员", "流动党员"),
}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "data"
    db = Database.open(root)
    top = organizations.set_up(db, "丁新村党总支")
    organizations.add_unit(db, top, "第一党支部", "党支部")
    db.close()
    return root


def _date_forms(d: dt.date) -> st.SearchStrategy[tuple[Any, bool]]:
    """(cell value, day known) in the ways people fill a date column."""
    from openpyxl.utils.datetime import to_excel

    return st.sampled_from(
        [
            (dt.datetime(d.year, d.month, d.day), True),
            (int(to_excel(d)), True),
            (d.isoformat(), True),
            (f"{d.year}/{d.month}/{d.day}", True),
            (f"{d.year}.{d.month:02d}.{d.day:02d}", True),
            (f"{d.year}年{d.month}月{d.day}日", True),
            (f"{d.year}年{d.month}月", False),
            (f"{d.year}.{d.month:02d}", False),
        ]
    )


@st.composite
def person(draw: st.DrawFn, seq: int) -> dict[str, Any]:
    birth = draw(st.dates(dt.date(1940, 1, 1), dt.date(1990, 12, 31)))
    number = make_id_number("330522", birth, seq)
    style = draw(
        st.sampled_from(["plain", "plain", "spaces", "lower", "full", "numeric", "badcheck", "short"])
    )
    if style == "spaces":
        text: Any = f" {number[:6]} {number[6:14]} {number[14:]} "
    elif style == "lower":
        text = number.lower()
    elif style == "full":
        text = number.translate(FULL_WIDTH)
    elif style == "numeric":
        text = float(number[:17])  # what Excel keeps of an ID typed as a number
    elif style == "badcheck":
        text = number[:17] + ("0" if number[17] != "0" else "1")
    elif style == "short":
        text = number[:15]
    else:
        text = number
    joined = birth.replace(year=birth.year + draw(st.integers(19, 33)), day=min(birth.day, 28))
    joined_cell, joined_day_known = draw(_date_forms(joined))
    return {
        "name": draw(
            st.sampled_from(["王伟", "李娜", "张  强", "欧阳明", "Ali Hasan", "刘洋", "陈晨", "赵敏", ""])
        ),
        "id": text,
        "valid_id": style in ("plain", "spaces", "lower", "full"),
        "joined": joined_cell,
        "joined_date": joined if joined_day_known else joined.replace(day=1),
        "category": draw(st.sampled_from(["正式党员", "正式", "正式党员", "预备", "群众", None, None])),
        "branch": draw(st.sampled_from(["第一党支部", "第一党支部", "新建党支部", None])),
        "phone": draw(st.sampled_from(["138 0000 1111", "139-0000-2222", None, None, 13800003333, "12345"])),
        "mobile": draw(st.sampled_from(["是", "否", "√", "", None, None, "也许"])),
    }


@st.composite
def messy_sheet(draw: st.DrawFn) -> tuple[list[list[Any]], int, list[str], dict[str, dt.date]]:
    keys = ["name", "id", "branch"] + draw(
        st.lists(st.sampled_from(["joined", "category", "phone", "mobile"]), unique=True)
    )
    keys = draw(st.permutations(keys))
    header = [draw(st.sampled_from(HEADERS[k])) for k in keys]
    titles = draw(st.integers(0, 3))
    rows: list[list[Any]] = [[f"标题{i}", None, "填报单位：丁新村"][: 1 + i % 3] for i in range(titles)]
    rows.append(header)
    people: list[list[Any]] = []
    joined: dict[str, dt.date] = {}
    kinds = draw(
        st.lists(
            st.sampled_from(["person", "person", "person", "blank", "dup", "junk", "total"]), max_size=12
        )
    )
    for seq, kind in enumerate(kinds, start=100):
        if kind == "person":
            p = draw(person(seq))
            row = [p[k] for k in keys]
            if p["valid_id"]:
                joined[normalize_id_number(p["id"])] = p["joined_date"]
            people.append(row)
            rows.append(row)
        elif kind == "dup" and people:
            rows.append(list(draw(st.sampled_from(people))))
        elif kind == "junk":
            rows.append([draw(st.sampled_from(["x", "", None, "备注"])) for _ in keys])
        elif kind == "total":
            rows.append(["合计", f"{len(people)}人"] + [None] * (len(keys) - 2))
        else:
            rows.append([None] * len(keys))
    return rows, titles + 1, keys, joined


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=messy_sheet())
def test_messy_sheets_import_exactly_or_report_by_row(
    template: Path, sheet: tuple[list[list[Any]], int, list[str], dict[str, dt.date]]
) -> None:
    rows, header_row, keys, joined = sheet
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(template, root)
        path = Path(tmp) / "s.xlsx"
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        for r in rows:
            ws.append(r)
        if header_row > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
        wb.save(path)
        db = Database.open(root)
        try:
            plan = importer.plan_import(db, path)
            assert plan.header_row == header_row
            planned = {r.row: r for r in plan.rows}
            id_col = keys.index("id")
            for number, values in enumerate(rows, start=1):
                if number <= header_row:
                    continue
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    assert number not in planned or planned[number].status == importer.SKIP
                    continue
                assert number in planned, f"row {number} not reported"
                r = planned[number]
                assert r.status in (importer.NEW, importer.UPDATE, importer.SKIP, importer.ERROR)
                if r.status in (importer.ERROR, importer.SKIP):
                    assert r.reasons and all(i.row == number for i in r.reasons)
                cell = values[id_col]
                if isinstance(cell, float | int):
                    assert r.status == importer.ERROR
            importer.apply_plan(db, plan, skip_invalid=True)
            with db.session() as s:
                stored = {m.id_number: m for m in s.scalars(select(Member))}
            new_rows = [r for r in plan.rows if r.status == importer.NEW]
            event(
                f"rows created: {'some' if new_rows else 'none'}; errors: {'some' if plan.has_errors else 'none'}"
            )
            assert set(stored) == {r.id_number for r in new_rows}
            for r in new_rows:
                cell = rows[r.row - 1][id_col]
                assert isinstance(cell, str) and normalize_id_number(cell) == r.id_number
                m = stored[r.id_number]
                assert m.name == "".join(str(rows[r.row - 1][keys.index("name")]).split()) or " " in m.name
                if "joined" in keys:
                    assert m.joined_on == joined[r.id_number]  # whatever way the date was written
        finally:
            db.close()
