"""Issue 13, item 4: after a forced error the log holds no ID number, phone or address of the member involved."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.log import describe_command, mask_private
from app.paths import DataDir

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "幸福路八十八号院"


def test_forced_error_logs_nothing_personal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "org", "init", "--name", "丁新村党总支"]) == 0
    assert main(["--data-dir", str(data), "org", "add", "--name", "第一党支部"]) == 0
    conn = sqlite3.connect(DataDir(data).db_path)
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON members BEGIN SELECT RAISE(FAIL, 'boom'); END")
    conn.commit()
    conn.close()
    args = ["--name", "王芳", "--gender", "女", "--id-number", ID_NUMBER, "--birth-date", "1949-12-31"]
    args += ["--category", "正式党员", "--branch", "第一党支部", "--phone", PHONE, "--address", ADDRESS]
    code = main(["--data-dir", str(data), "roster", "add", *args])
    err = capsys.readouterr().err
    assert code == 1, err
    log = DataDir(data).log_path.read_text(encoding="utf-8")
    assert "unexpected error" in log and "roster add" in log
    for private in (ID_NUMBER, PHONE, ADDRESS, "王芳"):
        assert private not in log


def test_mask_private_masks_ids_phones_and_parameters() -> None:
    text = f"x {ID_NUMBER} y {PHONE} z\n[parameters: ('{ADDRESS}', 1)]\n(Background on this error at: …)"
    masked = mask_private(text)
    assert ID_NUMBER not in masked and PHONE not in masked and ADDRESS not in masked


def test_describe_command_keeps_only_names() -> None:
    said = describe_command(["--data-dir", "/x/张三", "roster", "set", "abcd", f"手机号码={PHONE}", "--json"])
    assert said == "roster set --data-dir --json"
