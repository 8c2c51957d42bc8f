"""CLI `deeds withdraw`, `stars include` and `stars reason` — what the 星级评定 page does beyond set/exempt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village

__all__ = ["parity_template", "village"]  # fixtures used below


def _periods(capsys: pytest.CaptureFixture[str], data: Path) -> tuple[str, str]:
    """(the open quarter, a closed one) of the demo village."""
    rows = cli_json(capsys, data, "periods", "list")
    return next(p["id"] for p in rows if p["status"] == "open"), next(
        p["id"] for p in rows if p["status"] == "closed"
    )


def _ratings(capsys: pytest.CaptureFixture[str], data: Path, period: str) -> dict[str, dict[str, Any]]:
    return {r["member_id"]: r for r in cli_json(capsys, data, "stars", "list", "--period", period)}


def test_withdraw_a_deed_as_a_script_would(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    period, _ = _periods(capsys, village)
    member = next(iter(_ratings(capsys, village, period).values()))
    args = ("--member", member["member_id"], "--period", period)
    deeds = cli_json(capsys, village, "deeds", "list", "--period", period)
    deed = cli_json(capsys, village, "deeds", "add", *args, "--text", "义务修补村道")
    withdrawn = run(village, "deeds", "withdraw", deed["id"][:8])
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "已撤回" in withdrawn.stderr and "义务修补村道" in withdrawn.stderr
    after = cli_json(capsys, village, "deeds", "list", "--period", period)
    assert [d["id"] for d in after] == [d["id"] for d in deeds]
    assert "找不到" in rejected(capsys, village, "deeds", "withdraw", deed["id"])  # already withdrawn


def test_withdraw_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    period, closed = _periods(capsys, village)
    old = cli_json(capsys, village, "deeds", "list", "--period", closed)[0]
    rejected(capsys, village, "deeds", "withdraw", old["id"])  # a published quarter is read-only
    member = next(r for r in _ratings(capsys, village, period).values() if not r["deeds"] and not r["exempt"])
    added = cli_json(
        capsys,
        village,
        "deeds",
        "add",
        "--member",
        member["member_id"],
        "--period",
        period,
        "--text",
        "带头清理河道",
    )
    assert (
        cli(
            capsys,
            village,
            "stars",
            "set",
            "--member",
            member["member_id"],
            "--period",
            period,
            "--level",
            "2",
        )[0]
        == 0
    )
    assert "唯一的闪光言行" in rejected(capsys, village, "deeds", "withdraw", added["id"])
    assert "找不到" in rejected(capsys, village, "deeds", "withdraw", "zzzzzzzz")


def test_include_an_exempt_member_and_set_a_reason(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    period, closed = _periods(capsys, village)
    exempt = next(r for r in _ratings(capsys, village, period).values() if r["exempt"])
    member_id = exempt["member_id"]
    code, _, err = cli(capsys, village, "stars", "include", "--member", member_id[:8], "--period", period)
    assert code == 0 and "参加评星" in err
    assert _ratings(capsys, village, period)[member_id]["exempt"] is False

    args = ("stars", "reason", "--member", member_id, "--period", period)
    assert cli(capsys, village, *args, "--text", "带头调解邻里纠纷")[0] == 0
    assert _ratings(capsys, village, period)[member_id]["reason"] == "带头调解邻里纠纷"
    code, _, err = cli(capsys, village, *args, "--text", "")
    assert code == 0 and "已清除理由" in err
    assert _ratings(capsys, village, period)[member_id]["reason"] == ""

    closed_args = ("--member", member_id, "--period", closed)
    rejected(capsys, village, "stars", "include", *closed_args)
    rejected(capsys, village, "stars", "reason", *closed_args, "--text", "补写")


def test_history_shows_every_quarter_newest_first(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    period, _ = _periods(capsys, village)
    member_id = next(iter(_ratings(capsys, village, period)))
    cli(capsys, village, "stars", "comment", "--member", member_id, "--period", period, "--text", "事迹属实")
    history = cli_json(capsys, village, "stars", "history", "--member", member_id[:8])
    periods = [p["id"] for p in cli_json(capsys, village, "periods", "list")]
    assert [h["period"] for h in history] == sorted(periods, reverse=True)
    assert history[0]["comment"] == "事迹属实"
    assert "找不到" in rejected(capsys, village, "stars", "history", "--member", "zzzzzzzz")
