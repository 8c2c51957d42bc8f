"""`audit list`: the trail readable from the command line — filtered, read-only, ID numbers masked — and the
clerk's name (prefs --clerk) as the 记录人 of every change afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, village

__all__ = ["parity_template", "village"]


def test_changes_are_listed_under_the_clerks_name_and_id_numbers_masked(
    capsys: pytest.CaptureFixture[str], village: Path
) -> None:
    assert cli(capsys, village, "prefs", "set", "--clerk", "李文书")[0] == 0
    added = cli_json(
        capsys,
        village,
        "roster",
        "add",
        "--name",
        "王膑",
        "--id-number",
        "330522198005061231",
        "--branch",
        "第一党支部",
    )
    member = str(added["id"])
    assert cli(capsys, village, "roster", "set", member[:8], "手机号码=13800001234")[0] == 0
    assert cli(capsys, village, "roster", "set", member[:8], "公民身份号码=330522198005061258")[0] == 0

    rows = cli_json(capsys, village, "audit", "list", "--member", member[:8])
    assert rows[0]["actor"] == "李文书"
    assert {r["member_id"] for r in rows} == {member}
    id_change = next(r for r in rows if r["field"] == "公民身份号码")
    assert id_change["before"] == "330522********1231"
    assert id_change["after"] == "330522********1258"
    phone = next(r for r in rows if r["field"] == "手机号码")
    assert phone["after"] == "13800001234" and phone["action"] == "修改"

    mine = cli_json(capsys, village, "audit", "list", "--account", "李文书")
    assert mine and all(r["actor"] == "李文书" for r in mine)
    assert cli_json(capsys, village, "audit", "list", "--since", "2099-01-01") == []
    assert len(cli_json(capsys, village, "audit", "list", "--until", "2099-01-01", "--limit", "3")) == 3


def test_a_bad_date_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str], village: Path) -> None:
    code, _, err = cli(capsys, village, "audit", "list", "--since", "明天")
    assert code == 2 and "开始日期" in err
