"""The roster import reads .xls (Excel 97–2003, old WPS) and .ods like .xlsx: header, title, dates, ID cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import old_formats
import pytest

from app.db.database import Database
from app.domain.errors import UserError
from app.excel import reader, sources
from app.services import organizations, roster, roster_excel as importer

WRITERS: dict[str, Callable[[Path], Path]] = {
    ".xlsx": old_formats.write_xlsx,
    ".xls": old_formats.write_xls,
    ".ods": old_formats.write_ods,
}


@pytest.fixture
def village(empty_db: Database) -> Database:
    root = organizations.set_up(empty_db, "丁新村党总支")
    organizations.add_unit(empty_db, root, "第一党支部", "党支部")
    organizations.add_unit(empty_db, root, "第二党支部", "党支部")
    return empty_db


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_each_format_imports_the_same_roster(village: Database, tmp_path: Path, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"花名册{suffix}")
    table = reader.read_table(path)
    assert (table.sheet, table.header_row, table.title) == ("花名册", 3, old_formats.TITLE)
    assert table.headers == old_formats.HEADER
    plan = importer.plan_import(village, path)
    assert [r.status for r in plan.rows] == [importer.NEW] * len(old_formats.ROWS), [
        r.reason_text for r in plan.rows
    ]
    importer.apply_plan(village, plan)
    got = {
        m.name: (m.id_number, m.birth_date, m.joined_on, m.joined_day_unknown, m.branch)
        for m in roster.list_members(village)
    }
    assert got == old_formats.EXPECTED
    phones = {m.name: m.phone for m in roster.list_members(village)}
    assert phones["王芳"] == "13800000001" and phones["张秀英"] == ""


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_header_row_and_sheet_choice(village: Database, tmp_path: Path, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"花名册{suffix}")
    assert reader.sheet_names(path) == ["花名册"]
    assert reader.read_table(path, sheet="花名册", header_row=3).headers == old_formats.HEADER
    with pytest.raises(UserError, match="没有名为“第二页”的工作表"):
        reader.read_table(path, sheet="第二页")


def test_xls_size_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = old_formats.write_xls(tmp_path / "big.xls")
    monkeypatch.setattr(sources, "XLS_MAX_BYTES", 1024)
    with pytest.raises(UserError, match="超过旧版 Excel 表格"):
        reader.read_table(path)


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_cell_count_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"花名册{suffix}")
    monkeypatch.setattr(sources, "MAX_SHEET_CELLS", 20)
    with pytest.raises(UserError, match="太大"):
        reader.read_table(path)


def test_damaged_xls_and_ods(tmp_path: Path) -> None:
    xls = tmp_path / "坏.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\1" * 2000)
    with pytest.raises(UserError, match="另存为"):
        reader.read_table(xls)
    ods = old_formats.write_ods(tmp_path / "好.ods")
    bad = tmp_path / "坏.ods"
    bad.write_bytes(ods.read_bytes()[:-200])
    with pytest.raises(UserError, match="不是 Excel 表格|损坏|无法"):
        reader.read_table(bad)
