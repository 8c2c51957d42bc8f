"""CLI contract of `meetings`, `dues`, `contacts`, `todo` and the routine's sheets (`board signin|minutes|dues`):
JSON shapes, exit 2 with nothing changed for bad input, PDFs with the bundled font and no ID numbers."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import run
from openpyxl import load_workbook

from app.db.database import Database
from app.services import points

Y = "2020"
LIST_KEYS = {"id", "unit", "kind", "date", "topic", "status", "expected", "present", "leave", "absent"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, demo_templates: Callable[[int, int], Path]) -> Path:
    """The shared 40-member demo village with the points rules of year Y."""
    root = tmp_path_factory.mktemp("meetings-cli") / "data"
    shutil.copytree(demo_templates(40, 4), root)
    db = Database.open(root)
    points.create_preset(db, int(Y))
    db.close()
    return root


@pytest.fixture
def data(template: Path, tmp_path: Path) -> str:
    shutil.copytree(template, tmp_path / "data")
    return str(tmp_path / "data")


def _branch(capsys: pytest.CaptureFixture[str], data: str) -> str:
    code, members, _ = run(capsys, data, "roster", "list", "--json")
    assert code == 0
    return str(members[0]["branch"])


def test_a_theme_day_from_sign_in_sheet_to_points(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    branch = _branch(capsys, data)
    code, meeting, err = run(
        capsys, data, "meetings", "add", "--unit", branch, "--kind", "主题党日", "--date", f"{Y}-06-05",
        "--topic", "重温入党誓词", "--place", "村党群服务中心", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert meeting["id"] and meeting["status"] == "已召开" and meeting["expected"] > 2
    mid = meeting["id"]
    people = [a["member_id"] for a in meeting["attendees"] if a["expected"]]

    sheet = tmp_path / "签到表.pdf"
    assert run(capsys, data, "board", "signin", mid[:8], "-o", str(sheet))[0] == 0
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "签到表" in text and "重温入党誓词" in text
    fonts = subprocess.run(["pdffonts", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansSC" in fonts and " yes " in fonts

    code, row, err = run(
        capsys, data, "meetings", "attend", mid, "--all-present", "--leave", f"{people[0]}:外出务工",
        "--absent", people[1], "--json",
    )  # fmt: skip
    assert code == 0, err
    assert (row["present"], row["leave"], row["absent"]) == (len(people) - 2, 1, 1)
    assert row["points"]["written"] == len(people) - 1

    code, listed, _ = run(capsys, data, "meetings", "list", "--year", Y, "--quarter", "2", "--json")
    assert code == 0 and [r["id"] for r in listed] == [mid] and set(listed[0]) >= LIST_KEYS

    # changed afterwards: the absent member did come
    assert run(capsys, data, "meetings", "attend", mid, "--present", people[1])[0] == 0
    code, ledger, _ = run(capsys, data, "points", "ledger", "--member", people[1], "--year", Y, "--json")
    assert code == 0 and ledger["total"] == 62

    assert (
        run(capsys, data, "meetings", "edit", mid, "--minutes", "学习了党章", "--resolutions", "人人写心得")[
            0
        ]
        == 0
    )
    from PIL import Image

    photo = tmp_path / "现场.png"
    Image.new("RGB", (640, 480), "#b3261e").save(photo)
    assert run(capsys, data, "meetings", "photo", mid, str(photo))[0] == 0
    record = tmp_path / "会议记录.pdf"
    assert run(capsys, data, "board", "minutes", mid, "-o", str(record))[0] == 0
    text = subprocess.run(["pdftotext", str(record), "-"], capture_output=True, text=True, check=True).stdout
    assert "学习了党章" in text and "外出务工" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(record)], capture_output=True, text=True, check=True
    ).stdout
    assert len(images.strip().splitlines()) == 3  # header, rule, the one photo

    code, _out, err = run(capsys, data, "meetings", "withdraw", mid, "--reason", "登记重复")
    assert code == 0
    code, shown, _ = run(capsys, data, "meetings", "show", mid, "--json")
    assert code == 0 and shown["status"] == "已撤回"
    code, ledger, _ = run(capsys, data, "points", "ledger", "--member", people[1], "--year", Y, "--json")
    assert code == 0 and ledger["total"] == 60


def test_bad_meeting_input_is_rejected(capsys: pytest.CaptureFixture[str], data: str) -> None:
    branch = _branch(capsys, data)
    code, _out, err = run(
        capsys,
        data,
        "meetings",
        "add",
        "--unit",
        branch,
        "--kind",
        "茶话会",
        "--date",
        f"{Y}-06-05",
        "--topic",
        "x",
    )
    assert code == 2 and "会议类型" in err
    code, _out, err = run(capsys, data, "meetings", "add", "--unit", "没有这个支部", "--kind", "主题党日",
                          "--date", f"{Y}-06-05", "--topic", "x")  # fmt: skip
    assert code == 2
    code, _out, err = run(capsys, data, "meetings", "add", "--unit", " ", "--kind", "主题党日",
                          "--date", f"{Y}-06-05", "--topic", "x")  # fmt: skip
    assert code == 2 and "开会的组织" in err
    code, listed, _ = run(capsys, data, "meetings", "list", "--json")
    assert code == 0 and all(r["date"][:4] != Y for r in listed)


def test_dues_contract(capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path) -> None:
    code, members, _ = run(capsys, data, "roster", "list", "--json")
    assert code == 0
    member = members[0]["id"]
    assert (
        run(capsys, data, "dues", "set", "--member", member, "--amount", "10.00", "--from", "2019-01")[0] == 0
    )
    code, paid, err = run(
        capsys, data, "dues", "pay", "--member", member, "--months", "2019-01..2019-06", "--amount", "60.00",
        "--date", "2019-03-20", "--receipt", "R001", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert paid["amount_fen"] == 6000 and paid["id"]
    code, _out, err = run(
        capsys,
        data,
        "dues",
        "pay",
        "--member",
        member,
        "--months",
        "2019-06",
        "--amount",
        "10.005",
        "--date",
        "2019-07-01",
    )
    assert code == 2
    code, _out, err = run(
        capsys,
        data,
        "dues",
        "pay",
        "--member",
        member,
        "--months",
        "2019-06",
        "--amount",
        "10",
        "--date",
        "2019-07-01",
    )
    assert code == 2 and "已经交过" in err
    code, payments, _ = run(capsys, data, "dues", "payments", "--member", member, "--year", "2019", "--json")
    assert code == 0 and len(payments) == 1
    code, arrears, _ = run(capsys, data, "dues", "arrears", "--json")
    assert code == 0
    rows = {r["member_id"]: r for r in arrears}
    assert min(rows[member]["months"]) >= "2019-07" and isinstance(rows[member]["owed_fen"], int)
    xlsx = tmp_path / "党费.xlsx"
    assert run(capsys, data, "dues", "register", "--year", "2019", "-o", str(xlsx))[0] == 0
    ws = load_workbook(xlsx).active
    assert ws is not None and "党费收缴登记表" in str(ws["A1"].value)
    pdf = tmp_path / "党费.pdf"
    assert run(capsys, data, "dues", "register", "--year", "2019", "-o", str(pdf))[0] == 0
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.27" in size  # A4 landscape
    assert run(capsys, data, "dues", "register", "--year", "2019", "-o", str(tmp_path / "x.doc"))[0] == 2


def test_contacts_and_todo(capsys: pytest.CaptureFixture[str], data: str) -> None:
    code, members, _ = run(capsys, data, "roster", "list", "--json")
    assert code == 0
    mobile = next(r["id"] for r in members if r.get("is_mobile"))
    code, items, _ = run(capsys, data, "todo", "--json")
    assert code == 0
    assert {"kind", "text", "member_id", "due"} <= set(items[0])
    code, contact, err = run(
        capsys, data, "contacts", "add", "--member", mobile, "--date", "2026-11-01", "--way", "微信",
        "--doing", "在宁波打工", "--certificate", "LD-1", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert contact["id"]
    code, contacts, _ = run(capsys, data, "contacts", "list", "--member", mobile, "--json")
    assert code == 0 and contacts[0]["way"] == "微信"
    assert (
        run(capsys, data, "contacts", "add", "--member", mobile, "--date", "2026-11-01", "--way", "托梦")[0]
        == 2
    )
