"""CLI `prefs` — what the 设置 dialog edits: names and phone printed on boards, default paper, backup target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village

__all__ = ["parity_template", "village"]  # fixtures used below

FIELDS = {
    "board_issuer",
    "board_secretary",
    "board_contact_phone",
    "default_paper",
    "backup_target",
    "auto_backup_enabled",
    "clerk_name",
}


def test_show_and_set_as_a_script_would(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shown = run(village, "prefs", "show", "--json")
    assert shown.returncode == 0, shown.stderr
    before = json.loads(shown.stdout)
    assert set(before) == FIELDS
    saved = run(
        village, "prefs", "set", "--secretary", " 王书记 ", "--paper", "A4", "--auto-backup", "no", "--json"
    )
    assert saved.returncode == 0, saved.stderr
    after = json.loads(saved.stdout)
    assert after == before | {
        "board_secretary": "王书记",
        "default_paper": "A4",
        "auto_backup_enabled": False,
    }
    assert cli_json(capsys, village, "prefs", "show") == after
    code, out, _ = cli(capsys, village, "prefs", "show")
    assert code == 0 and "书记姓名：王书记" in out and "默认纸张：A4" in out
    code, _, err = cli(capsys, village, "prefs", "set", "--paper", "A4")
    assert code == 0 and "没有改动" in err


def test_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "联系电话" in rejected(capsys, village, "prefs", "set", "--contact-phone", "请打村委")
    assert "太长" in rejected(capsys, village, "prefs", "set", "--secretary", "王" * 21)
    assert "命令参数有误" in rejected(capsys, village, "prefs", "set", "--paper", "B5")
