"""The one list-sheet writer and the records → sheet service (issue 20): text cells, dates, masks, atomic save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.errors import UserError, ValidationError
from app.excel.exporter import ListSheet, sheet_name, write_lists
from app.services import reports
from app.services.store import Database


def test_list_sheet_title_frozen_header_text_and_date_cells(tmp_path: Path) -> None:
    dest = tmp_path / "汇总.xlsx"
    rows = [["=cmd|'/C calc'!A0", "13800138000", dt.date(2026, 7, 1), 12]]
    write_lists(
        dest,
        [ListSheet("积分汇总", "2026年积分汇总", ["姓名", "电话", "日期", "总分"], rows)],
        organisation="丁新村党总支",
        on=dt.date(2026, 11, 30),
    )
    ws = load_workbook(dest).active
    assert ws.title == "积分汇总"
    assert ws["A1"].value == "丁新村党总支 2026年积分汇总（导出日期：2026年11月30日，共 1 行）"
    assert ws.freeze_panes == "A3"
    assert [c.value for c in ws[2]] == ["姓名", "电话", "日期", "总分"]
    assert ws["A3"].data_type == "s" and ws["A3"].value.startswith("=")  # never a formula
    assert ws["B3"].data_type == "s" and ws["B3"].number_format == "@"
    assert ws["C3"].is_date and "年" in ws["C3"].number_format
    assert ws["D3"].value == 12
    assert ws.column_dimensions["A"].width > ws.column_dimensions["D"].width
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~")]  # no temporary left


def test_sheet_names_are_legal_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("2026/Q3 [星级]", taken) == "2026_Q3 _星级_"
    assert sheet_name("2026/Q3 [星级]", taken) != "2026_Q3 _星级_"
    assert len(sheet_name("长" * 40, taken)) <= 31


def test_destination_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        write_lists(tmp_path / "x.csv", [], organisation="", on=dt.date.today())
    with pytest.raises(UserError):
        write_lists(tmp_path / "nope" / "x.xlsx", [], organisation="", on=dt.date.today())


def test_records_hide_internal_ids_and_mask_id_numbers(demo_copy: Database, tmp_path: Path) -> None:
    records = [
        {
            "id": "u-1",
            "member_id": "u-2",
            "name": "张三",
            "id_number": "330522196304226471",
            "kept": True,
            "months": ["2026-04", "2026-05"],
            "joined_on": "2017-03-03",
        },
    ]
    dest = tmp_path / "名单.xlsx"
    assert reports.export_records(demo_copy, dest, "名单", records) == 1
    ws = load_workbook(dest).active
    assert [c.value for c in ws[2]] == ["姓名", "公民身份号码", "已兑现", "欠缴月份", "加入党组织日期"]
    values = [c.value for c in ws[3]]
    assert values[1] != "330522196304226471" and "*" in values[1]
    assert values[2:4] == ["是", "2026-04、2026-05"]
    assert ws["E3"].is_date
    reports.export_records(demo_copy, dest, "花名册", records, keep_ids=True)
    assert load_workbook(dest).active["B3"].value == "330522196304226471"


def test_a_page_table_masks_a_shown_id_number(demo_copy: Database, tmp_path: Path) -> None:
    dest = tmp_path / "表.xlsx"
    reports.export_table(demo_copy, dest, "表", ["姓名", "身份证"], [["张三", "33052219630422647X"]])
    assert "*" in load_workbook(dest).active["B3"].value
