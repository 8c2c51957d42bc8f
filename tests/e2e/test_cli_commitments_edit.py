"""CLI `commitments edit/undo` and `teams set/retire/leave` — what the 承诺 page and the teams dialog do."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village

__all__ = ["parity_template", "village"]  # fixtures used below

YEAR = str(dt.date.today().year)
TEAM_FIELDS = {"id", "name", "kind", "area", "leader_id", "leader", "active", "note", "members"}


def _commitments(capsys: pytest.CaptureFixture[str], data: Path, status: str) -> list[dict[str, Any]]:
    return list(cli_json(capsys, data, "commitments", "list", "--year", YEAR, "--status", status))


def _teams(capsys: pytest.CaptureFixture[str], data: Path, *flags: str) -> dict[str, dict[str, Any]]:
    return {str(t["name"]): t for t in cli_json(capsys, data, "teams", "list", *flags)}


def test_edit_a_commitment_as_a_script_would(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = _commitments(capsys, village, "承诺中")[0]
    edited = run(
        village,
        "commitments",
        "edit",
        str(row["id"])[:8],
        "--content",
        "每周巡河一次",
        "--deadline",
        "none",
        "--json",
    )
    assert edited.returncode == 0, edited.stderr
    after = json.loads(edited.stdout)
    assert after["id"] == row["id"] and after["content"] == "每周巡河一次" and after["deadline"] is None
    assert after["kind"] == row["kind"] and after["published_on"] == row["published_on"]
    assert "改动了" in edited.stderr
    code, _, err = cli(capsys, village, "commitments", "edit", str(row["id"]), "--content", "每周巡河一次")
    assert code == 0 and "没有改动" in err
    history = cli_json(capsys, village, "commitments", "history", str(row["id"]))
    assert history[-1]["action"] == "修改"


def test_edit_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = _commitments(capsys, village, "承诺中")[0]
    cid = str(row["id"])
    assert "不能为空" in rejected(capsys, village, "commitments", "edit", cid, "--content", "  ")
    assert "完成期限" in rejected(
        capsys,
        village,
        "commitments",
        "edit",
        cid,
        "--published-on",
        "2026-06-01",
        "--deadline",
        "2026-05-01",
    )
    assert "找不到" in rejected(capsys, village, "commitments", "edit", "zzzzzzzz", "--content", "x")


def test_undo_a_kept_commitment(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept = _commitments(capsys, village, "已兑现")[0]
    code, _, err = cli(capsys, village, "commitments", "undo", str(kept["id"])[:8], "--note", "登记错了人")
    assert code == 0 and "回到承诺中" in err
    after = cli_json(capsys, village, "commitments", "history", str(kept["id"]))[-1]
    assert (after["action"], after["status_before"], after["status_after"]) == ("撤销", "已兑现", "承诺中")
    assert after["note"] == "登记错了人"
    assert "本来就在进行中" in rejected(capsys, village, "commitments", "undo", str(kept["id"]))


def test_team_set_leave_retire(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    teams = _teams(capsys, village)
    assert all(set(t) == TEAM_FIELDS for t in teams.values())
    name, team = next((n, t) for n, t in teams.items() if len(t["members"]) >= 3)
    other = next(m for m in team["members"] if m["member_id"] != team["leader_id"])

    saved = cli_json(
        capsys, village, "teams", "set", name, "--area", "全村", "--leader", other["member_id"][:8]
    )
    assert saved["area"] == "全村" and saved["leader_id"] == other["member_id"] and saved["name"] == name
    code, _, err = cli(capsys, village, "teams", "leave", "--team", name, "--member", other["member_id"])
    assert code == 0 and "已退出" in err
    after = _teams(capsys, village)[name]
    assert after["leader_id"] is None
    assert other["member_id"] not in [m["member_id"] for m in after["members"]]

    code, _, err = cli(capsys, village, "teams", "retire", name)
    assert code == 0 and "已停用" in err
    assert name not in _teams(capsys, village)
    assert _teams(capsys, village, "--all")[name]["active"] is False
    assert cli(capsys, village, "teams", "retire", name, "--undo")[0] == 0
    assert _teams(capsys, village)[name]["active"] is True


def test_team_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    teams = list(_teams(capsys, village))
    assert "已经有名为" in rejected(capsys, village, "teams", "set", teams[0], "--name", teams[1])
    assert "不能为空" in rejected(capsys, village, "teams", "set", teams[0], "--name", " ")
    assert "找不到名为" in rejected(capsys, village, "teams", "retire", "没有这个队伍")
    inside = {m["member_id"] for m in _teams(capsys, village)[teams[0]]["members"]}
    outsider = next(m for m in cli_json(capsys, village, "roster", "list") if m["id"] not in inside)
    assert "不在这个队伍里" in rejected(
        capsys, village, "teams", "leave", "--team", teams[0], "--member", str(outsider["id"])
    )
