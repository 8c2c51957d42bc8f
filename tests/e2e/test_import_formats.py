"""Issue 13, "Imports from the systems offices already use": one generated fixture per format, imported whole,
with nothing silently changed into a different value."""

from __future__ import annotations

import json
from pathlib import Path

import import_formats
import pytest

from app.cli import main


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def village(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "village"
    assert cli(capsys, data, "org", "init", "--name", "丁新村党总支")[0] == 0
    for name in ("第一党支部", "第二党支部"):
        assert cli(capsys, data, "org", "add", "--name", name)[0] == 0
    return data


def members(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, dict[str, object]]:
    code, out, _ = cli(capsys, data, "roster", "list", "--status", "all", "--json")
    assert code == 0
    return {str(m["id_number"]): m for m in json.loads(out)}


def test_owip_category_comes_from_political_status(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = import_formats.build_owip(tmp_path / "全部党员信息.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 10 and report["rejected"] == []
    assert any("政治面貌" in w["message"] and "在职教职工" in w["message"] for w in report["warnings"])
    got = members(capsys, village)
    probationary = {import_formats.person(n)[2] for n in range(3)}
    assert {k for k, m in got.items() if m["category"] == "预备党员"} == probationary
    first = got[import_formats.person(5)[2]]
    assert first["joined_on"] == "1995-07-01"  # from "1995-07-01 00:00:00.0"
    assert first["phone"] == "13900000005"
    assert first["job"] == "丁新村村委会"


def test_owip_without_the_staff_column_still_keeps_probationers(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    sheet = import_formats.build_owip(tmp_path / "全部党员信息.xlsx")
    wb = load_workbook(sheet)
    ws = wb.active
    assert ws is not None
    ws.delete_cols(7)  # 人员类别
    wb.save(sheet)
    code, _, err = cli(capsys, village, "roster", "import", str(sheet))
    assert code == 0, err
    got = members(capsys, village)
    assert sum(1 for m in got.values() if m["category"] == "预备党员") == 3


def test_talent_centre_into_a_chosen_branch(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = import_formats.build_talent_centre(tmp_path / "人才中心.xlsx")
    code, _, err = cli(capsys, village, "roster", "import", str(sheet))
    assert code == 2 and "所在党支部" in err  # 党总支: a branch must be named
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--branch", "第二党支部", "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 8
    got = members(capsys, village)
    assert {m["branch"] for m in got.values()} == {"第二党支部"}
    probationary = {import_formats.person(n)[2] for n in range(20, 28) if n % 4 == 0}
    assert {k for k, m in got.items() if m["category"] == "预备党员"} == probationary


def test_national_placeholders_mean_empty(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = import_formats.build_national(tmp_path / "党员信息.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 6
    got = members(capsys, village)
    for n in range(40, 46):
        m = got[import_formats.person(n)[2]]
        assert m["category"] == ("预备党员" if n % 3 == 0 else "正式党员")
        assert (m["confirmed_on"] is None) == (n % 3 == 0)


def test_smart_township_education_is_never_narrowed(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = import_formats.build_smart_township(tmp_path / "智慧乡镇.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 30
    assert sum(1 for w in report["warnings"] if "高中及以下" in w["message"]) == 20
    got = members(capsys, village)
    educations = [m["education"] for m in got.values()]
    assert educations.count("高中及以下") == 20 and "高中" not in educations
    code, out, _ = cli(capsys, village, "roster", "show", _id(got, 60), "--json")
    assert code == 0
    assert json.loads(out)["note"] == "低保户；独居"


def _id(got: dict[str, dict[str, object]], n: int) -> str:
    return str(got[import_formats.person(n)[2]]["id"])


def test_plain_roster_comes_through_whole(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = import_formats.build_plain(tmp_path / "花名册.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--json")
    assert code == 0, err
    assert json.loads(out)["created"] == 5


def test_row_without_any_category_is_flagged(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    name, gender, number, birth = import_formats.person(7)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "性别", "公民身份号码", "所在党支部", "加入党组织日期"])
    ws.append([name, gender, number, "第一党支部", "2024-03-01"])
    wb.save(tmp_path / "x.xlsx")
    code, out, _ = cli(capsys, village, "roster", "import", str(tmp_path / "x.xlsx"), "--dry-run", "--json")
    assert code == 0
    assert any("可能是预备党员" in w["message"] for w in json.loads(out)["warnings"])


def test_fractional_party_age_correction_is_not_rounded(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    name, gender, number, birth = import_formats.person(8)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        ["姓名", "公民身份号码", "人员类别", "所在党支部", "加入党组织日期", "转为正式党员日期", "党龄校正值"]
    )
    ws.append([name, number, "正式党员", "第一党支部", "1990-03-01", "1991-03-01", "2.5"])
    wb.save(tmp_path / "x.xlsx")
    code, out, _ = cli(capsys, village, "roster", "import", str(tmp_path / "x.xlsx"), "--dry-run", "--json")
    assert code == 2
    assert any("党龄校正" in r["reason"] for r in json.loads(out)["rejected"])
