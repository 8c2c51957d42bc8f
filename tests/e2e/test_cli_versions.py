"""``--version N`` on the CLI edits (optimistic locking, issue 21): the record's ``--json`` shows its version;
an edit over that version saves and bumps it; an edit over an older one is refused with exit 2, the
"请刷新后再改" message, and nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, village

__all__ = ["parity_template", "village"]  # fixtures used below

YEAR = str(dt.date.today().year)


def _edit_then_stale(
    capsys: pytest.CaptureFixture[str],
    data: Path,
    record: dict[str, Any],
    edit: list[str],
    json_out: bool = True,
) -> None:
    version = int(record["version"])
    command = [*edit, "--version", str(version)]
    code, out, err = cli(capsys, data, *command, *(["--json"] if json_out else []))
    assert code == 0, err
    if json_out:
        assert json.loads(out)["version"] == version + 1
    err = rejected(capsys, data, *command)  # the same edit again, over the version it has just replaced
    assert "这条记录已被" in err and "请刷新后再改" in err


def test_commitments_edit(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = cli_json(capsys, village, "commitments", "list", "--year", YEAR)[0]
    _edit_then_stale(capsys, village, row, ["commitments", "edit", row["id"], "--content", "每周巡河一次"])
    after = cli_json(capsys, village, "commitments", "list", "--year", YEAR)
    assert next(r for r in after if r["id"] == row["id"])["content"] == "每周巡河一次"


def test_meetings_edit(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = cli_json(capsys, village, "meetings", "list")[0]
    shown = cli_json(capsys, village, "meetings", "show", listed["id"])
    assert shown["version"] == listed["version"]
    _edit_then_stale(capsys, village, shown, ["meetings", "edit", shown["id"], "--topic", "学习新修订的条例"])
    assert cli_json(capsys, village, "meetings", "show", shown["id"])["topic"] == "学习新修订的条例"


def test_people_set(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person = cli_json(capsys, village, "people", "list")[0]
    _edit_then_stale(capsys, village, person, ["people", "set", person["id"], "--phone", "13912345678"])


def test_households_set(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    house = cli_json(capsys, village, "households", "list")[0]
    _edit_then_stale(capsys, village, house, ["households", "set", house["id"], "--note", "新修的院墙"])


def test_org_rename(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unit = next(u for u in cli_json(capsys, village, "org", "list") if u["parent_id"])
    _edit_then_stale(
        capsys, village, unit, ["org", "rename", unit["id"], "--name", "新河支部"], json_out=False
    )
    renamed = next(u for u in cli_json(capsys, village, "org", "list") if u["id"] == unit["id"])
    assert renamed["name"] == "新河支部" and renamed["version"] == unit["version"] + 1


def test_without_version_saves_over_the_current_one(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    house = cli_json(capsys, village, "households", "list")[0]
    for note in ("一", "二"):
        code, _, err = cli(capsys, village, "households", "set", house["id"], "--note", note)
        assert code == 0, err
    assert cli_json(capsys, village, "households", "list")[0]["version"] == house["version"] + 2
