"""The CLI contract other checks rely on: JSON fields, exit codes, Chinese messages, nothing changed on rejection."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import run_text as cli

from app import __version__
from app.domain.id_number import make_id_number

ROSTER_FIELDS = {
    "id",
    "name",
    "gender",
    "ethnicity",
    "id_number",
    "birth_date",
    "education",
    "category",
    "branch",
    "group",
    "joined_on",
    "confirmed_on",
    "party_age",
    "phone",
    "address",
    "is_mobile",
    "status",
    "pinyin_initials",
    "last_contact",
}


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


@pytest.fixture
def village(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "village"
    assert cli(capsys, data, "demo", "--members", "50", "--seed", "4")[0] == 0
    return data


def test_version_and_demo_and_list_as_a_subprocess(tmp_path: Path) -> None:
    version = run(tmp_path, "--version")
    assert version.returncode == 0 and __version__ in version.stdout
    assert run(tmp_path / "d", "demo", "--members", "30").returncode == 0
    listed = run(tmp_path / "d", "roster", "list", "--json")
    assert listed.returncode == 0
    members = json.loads(listed.stdout)
    assert len(members) >= 25
    assert set(members[0]) >= ROSTER_FIELDS
    assert "\\u" not in listed.stdout  # UTF-8, not ASCII-escaped
    assert {m["gender"] for m in members} <= {"男", "女"}
    assert {m["category"] for m in members} <= {"正式党员", "预备党员"}
    assert all(len(m["birth_date"]) == 10 for m in members)


def test_list_filters_by_branch_and_status(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, village, "roster", "list", "--branch", "第一党支部", "--json")
    assert code == 0
    assert {m["branch"] for m in json.loads(out)} == {"第一党支部"}
    active = json.loads(cli(capsys, village, "roster", "list", "--json")[1])
    everyone = json.loads(cli(capsys, village, "roster", "list", "--status", "all", "--json")[1])
    assert all(m["status"] == "在册" for m in active)
    assert len(everyone) >= len(active)
    code, _, err = cli(capsys, village, "roster", "list", "--branch", "不存在的支部")
    assert code == 2 and "不存在的支部" in err


def test_add_set_leave(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    number = make_id_number("330522", __import__("datetime").date(1990, 2, 3), 42)  # even: 女
    code, out, err = cli(
        capsys,
        village,
        "roster",
        "add",
        "--name",
        "单玉兰",
        "--id-number",
        number,
        "--branch",
        "第二党支部",
        "--joined-on",
        "2015年7月1日",
        "--confirmed-on",
        "2016.07.01",
        "--json",
    )
    assert code == 0, err
    member_id = json.loads(out)["id"]
    member = next(
        m for m in json.loads(cli(capsys, village, "roster", "list", "--json")[1]) if m["id"] == member_id
    )
    assert (member["gender"], member["birth_date"], member["pinyin_initials"]) == ("女", "1990-02-03", "syl")
    assert (
        cli(capsys, village, "roster", "set", member_id[:8], "手机号码=139 0000 1111", "address=丁新村8号")[0]
        == 0
    )
    code, _, err = cli(
        capsys,
        village,
        "roster",
        "leave",
        member_id,
        "--reason",
        "转出",
        "--date",
        "2026-01-05",
        "--to",
        "湖州市",
    )
    assert code == 0, err
    after = next(
        m
        for m in json.loads(cli(capsys, village, "roster", "list", "--status", "all", "--json")[1])
        if m["id"] == member_id
    )
    assert (after["phone"], after["address"], after["status"]) == ("13900001111", "丁新村8号", "转出")


def test_rejected_input_exits_2_and_changes_nothing(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_file = village / "pioneer-board.sqlite3"
    before = json.loads(cli(capsys, village, "roster", "list", "--status", "all", "--json")[1])
    code, _, err = cli(
        capsys,
        village,
        "roster",
        "add",
        "--name",
        "李四",
        "--id-number",
        "3.30522E+17",
        "--branch",
        "第一党支部",
    )
    assert code == 2
    assert "文本" in err and "公民身份号码" in err
    some = before[0]["id"]
    code, _, err = cli(capsys, village, "roster", "set", some, "出生日期=1990-02-30", "phone=123")
    assert code == 2 and "出生日期" in err and "手机" in err
    assert cli(capsys, village, "roster", "leave", some, "--reason", "开除", "--date", "2026-01-01")[0] == 2
    assert cli(capsys, village, "roster", "set", "nobody", "phone=13900001111")[0] == 2
    after = json.loads(cli(capsys, village, "roster", "list", "--status", "all", "--json")[1])
    assert after == before
    assert db_file.exists()


def test_check_reports_health(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, village, "check", "--json")
    report = json.loads(out)
    assert code == 0 and report["healthy"] and report["integrity"] == ["ok"]
    assert report["schema_revision"] == report["program_revision"]


def test_a_damaged_database_is_reported_not_crashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "broken"
    data.mkdir()
    (data / "pioneer-board.sqlite3").write_bytes(b"this is not a database" * 100)
    code, _, err = cli(capsys, data, "check")
    assert code == 2 and "备份" in err


def test_unexpected_error_exits_1_and_is_logged(
    village: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import roster

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("simulated programming error")

    monkeypatch.setattr(roster, "list_members", boom)
    code, _, err = cli(capsys, village, "roster", "list")
    logging.shutdown()
    assert code == 1 and "抱歉" in err
    assert "simulated programming error" in (village / "logs" / "pioneer-board.log").read_text(
        encoding="utf-8"
    )


def test_bad_arguments_exit_2_in_chinese(tmp_path: Path) -> None:
    result = run(tmp_path, "roster", "leave")
    assert result.returncode == 2 and "命令参数有误" in result.stderr
