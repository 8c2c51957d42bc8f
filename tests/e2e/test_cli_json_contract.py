"""The scripting contract: with --json an `add` prints the created record, id included, exactly as its list does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cli_parity_support import cli_json, parity_template, village

from app.domain.id_number import make_id_number

__all__ = ["parity_template", "village"]  # fixtures used below

YEAR = str(dt.date.today().year)


def _listed(records: list[dict[str, Any]], added: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in records if r["id"] == added["id"])


def test_every_add_prints_the_record_its_list_shows(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def call(*args: str) -> Any:
        return cli_json(capsys, village, *args)

    number = make_id_number("330522", dt.date(1988, 3, 4), 41)
    member = call("roster", "add", "--name", "单玉兰", "--id-number", number, "--branch", "第二党支部")
    assert member == _listed(call("roster", "list"), member) and member["name"] == "单玉兰"

    unit = call("org", "add", "--name", "第四党支部")
    assert unit == _listed(call("org", "list"), unit)
    grid = call("org", "grid-add", "--name", "第9网格")
    assert grid == _listed(call("org", "grids"), grid)

    team = call("teams", "add", "--name", "护河志愿服务队", "--kind", "志愿服务队", "--leader", member["id"])
    assert team == _listed(call("teams", "list"), team) and team["leader_id"] == member["id"]

    content = ("--kind", "具体承诺", "--content", "每月巡河两次")
    promise = call("commitments", "add", "--member", member["id"], "--year", YEAR, *content)
    assert promise == _listed(call("commitments", "list", "--year", YEAR), promise)

    period = next(p["id"] for p in call("periods", "list") if p["status"] == "open")
    deed = call("deeds", "add", "--member", member["id"], "--period", period, "--text", "清理河道垃圾")
    assert deed == _listed(call("deeds", "list", "--period", period), deed)

    indicator = call(
        "rules", "indicator-add", "--year", YEAR, "--category", "奖励", "--name", "护河巡查", "--points", "2"
    )
    rule_set = next(
        rs for rs in call("rules", "list", "--year", YEAR) if rs["organization"] == "丁新村党总支"
    )
    assert indicator == _listed(rule_set["indicators"], indicator)

    entry = call(
        "points",
        "add",
        "--member",
        member["id"],
        "--indicator",
        "护河巡查",
        "--date",
        dt.date.today().isoformat(),
    )
    assert entry["id"] == entry["entry_id"]
    ledger = call("points", "ledger", "--member", member["id"], "--year", YEAR)
    assert _listed(ledger["entries"], entry)["points"] == entry["points"] == 2
