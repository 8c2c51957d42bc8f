"""`roster import` / `roster export`: exit codes, the JSON shape, --dry-run never writes, all-or-nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import messy_roster
import pytest

from app.cli import main

JSON_KEYS = {"created", "updated", "skipped", "rejected", "warnings", "branches_created"}


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def count(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    code, out, _ = cli(capsys, data, "roster", "list", "--status", "all", "--json")
    assert code == 0
    return len(json.loads(out))


@pytest.fixture
def village(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "village"
    assert cli(capsys, data, "org", "init", "--name", "丁新村党总支")[0] == 0
    for name in ("第一党支部", "第二党支部"):
        assert cli(capsys, data, "org", "add", "--name", name)[0] == 0
    return data


def test_rejected_rows_exit_2_and_nothing_written(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--json")
    assert code == 2
    report = json.loads(out)
    assert set(report) >= JSON_KEYS
    assert report["created"] == 0 and report["updated"] == 0 and report["branches_created"] == []
    rows = {r["row"] for r in report["rejected"]}
    assert rows == {messy_roster.ROWS["numeric_id"], messy_roster.ROWS["duplicate"]}
    assert all(set(r) == {"row", "field", "reason"} for r in report["rejected"])
    assert {r["row"] for r in report["skipped"]} == {
        messy_roster.ROWS[k] for k in ("blank", "repeated_header", "totals", "footer")
    }
    assert all(set(w) == {"row", "field", "message"} for w in report["warnings"])
    assert "没有导入任何数据" in err
    assert count(capsys, village) == 0
    code, _, err = cli(capsys, village, "org", "list", "--json")
    assert "新村党支部" not in err


def test_human_report_by_row(village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    code, out, err = cli(capsys, village, "roster", "import", str(sheet))
    assert code == 2 and out == ""
    assert f"第 {messy_roster.ROWS['numeric_id']} 行 李秀英 错误" in err
    assert "3.30522E+17" in err
    assert "不认识、不导入的列：微信号" in err


def test_dry_run_never_writes(village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    for extra in ((), ("--skip-invalid",)):
        code, out, err = cli(capsys, village, "roster", "import", str(sheet), "--dry-run", "--json", *extra)
        report = json.loads(out)
        assert report["created"] == 7 and report["branches_created"] == ["新村党支部"]
        assert report["written"] is False
        assert code == (0 if extra else 2)
        assert "没有写入" in err
        assert count(capsys, village) == 0


def test_skip_invalid_writes_valid_rows(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = messy_roster.build(tmp_path / "花名册.xlsx")
    errors = tmp_path / "errors.xlsx"
    code, out, err = cli(
        capsys,
        village,
        "roster",
        "import",
        str(sheet),
        "--skip-invalid",
        "--json",
        "--errors-to",
        str(errors),
    )
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 7 and report["updated"] == 0
    assert report["branches_created"] == ["新村党支部"]
    assert errors.exists()
    assert count(capsys, village) == 7
    # The same file again: nobody twice.
    code, out, _ = cli(capsys, village, "roster", "import", str(sheet), "--skip-invalid", "--json")
    assert code == 0 and json.loads(out)["created"] == 0
    assert count(capsys, village) == 7


def test_clean_file_exit_0_and_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "demo"
    assert cli(capsys, data, "demo", "--members", "40", "--seed", "2")[0] == 0
    out_file = tmp_path / "导出.xlsx"
    code, out, err = cli(capsys, data, "roster", "export", str(out_file), "--columns", "full", "--json")
    assert code == 0 and "身份号码" in err and json.loads(out)["members"] > 0
    code, out, err = cli(capsys, data, "roster", "import", str(out_file), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["created"], report["updated"], report["rejected"]) == (0, 0, [])
    # Into another village: everyone is new, the branches are created.
    other = tmp_path / "other"
    assert cli(capsys, other, "org", "init", "--name", "新村党总支")[0] == 0
    code, out, err = cli(capsys, other, "roster", "import", str(out_file), "--json")
    assert code == 0, err
    moved = json.loads(out)
    assert moved["created"] == report["unchanged"] > 0
    assert any("党小组" in w["message"] for w in moved["warnings"])  # groups are not created, only reported


def test_export_branch_and_bad_branch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "demo"
    assert cli(capsys, data, "demo", "--members", "40", "--seed", "2")[0] == 0
    code, _, _ = cli(capsys, data, "roster", "export", str(tmp_path / "a.xlsx"), "--branch", "第一党支部")
    assert code == 0 and (tmp_path / "a.xlsx").exists()
    code, _, err = cli(capsys, data, "roster", "export", str(tmp_path / "b.xlsx"), "--branch", "没有这个支部")
    assert code == 2 and "找不到" in err and not (tmp_path / "b.xlsx").exists()


def test_bad_files_exit_2_with_a_message(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = {
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xlsx"),
        "words.xlsx": ("随便写的".encode(), "不是 Excel 表格"),
        "zero.xlsx": (b"", "空的"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, out, err = cli(capsys, village, "roster", "import", str(path), "--json")
        assert code == 2 and message in err and out == "", name
    # Once through a real process: the message, no traceback.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(village),
            "roster",
            "import",
            str(tmp_path / "old.xls"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 2
    assert "另存为" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_import_killed_before_commit_leaves_the_database_as_before(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """kill -9 with every row written but not committed: the next start finds the roster as it was."""
    import os
    import signal

    from app.faults import KILL_ENV

    sheet = messy_roster.build(tmp_path / "messy.xlsx")
    before = count(capsys, village)
    killed = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(village), "roster", "import", str(sheet),
         "--skip-invalid"],
        env={**os.environ, KILL_ENV: "import-before-commit"}, capture_output=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert count(capsys, village) == before
    code, out, _ = cli(capsys, village, "check", "--json")
    assert code == 0 and json.loads(out)["integrity"] == ["ok"]
    # and the same import, not killed, goes through
    assert cli(capsys, village, "roster", "import", str(sheet), "--skip-invalid")[0] == 0
    assert count(capsys, village) > before
