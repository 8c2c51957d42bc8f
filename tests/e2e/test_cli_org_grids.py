"""CLI `org`: rename, move, delete units and the grids (list, add, set, delete) — what the 组织 page does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village

__all__ = ["parity_template", "village"]  # fixtures used below

GRID_FIELDS = {"id", "name", "households", "responsible", "note", "active_members"}
UNIT_FIELDS = {
    "id",
    "parent_id",
    "name",
    "kind",
    "active_members",
    "version",
}  # version: org rename --version


def _units(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, dict[str, object]]:
    return {str(u["name"]): u for u in cli_json(capsys, data, "org", "list")}


def test_grids_add_set_delete_as_a_script_would(village: Path) -> None:
    listed = run(village, "org", "grids", "--json")
    assert listed.returncode == 0, listed.stderr
    grids = json.loads(listed.stdout)
    assert grids and all(set(g) == GRID_FIELDS for g in grids)

    added = run(
        village,
        "org",
        "grid-add",
        "--name",
        "第9网格",
        "--households",
        "120",
        "--responsible",
        "王芳",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    grid = json.loads(added.stdout)
    assert set(grid) == GRID_FIELDS and grid["name"] == "第9网格" and grid["households"] == 120
    assert "已新增网格" in added.stderr

    changed = run(
        village, "org", "grid-set", grid["id"][:8], "--households", "130", "--note", "含新村", "--json"
    )
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout) | {"households": 120, "note": ""} == grid
    assert json.loads(changed.stdout)["households"] == 130

    gone = run(village, "org", "grid-delete", "第9网格")
    assert gone.returncode == 0, gone.stderr
    assert [g["name"] for g in json.loads(run(village, "org", "grids", "--json").stdout)] == [
        g["name"] for g in grids
    ]


def test_grid_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grids = cli_json(capsys, village, "org", "grids")
    occupied = next(g for g in grids if g["active_members"])
    assert "已有网格" in rejected(capsys, village, "org", "grid-add", "--name", grids[0]["name"])
    assert "负数" in rejected(capsys, village, "org", "grid-add", "--name", "第9网格", "--households", "-1")
    assert "已有网格" in rejected(
        capsys, village, "org", "grid-set", grids[1]["name"], "--name", grids[0]["name"]
    )
    assert "还有" in rejected(capsys, village, "org", "grid-delete", occupied["name"])
    assert "找不到网格" in rejected(capsys, village, "org", "grid-set", "没有这个网格", "--note", "x")


def test_org_add_json_rename_move_delete(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = _units(capsys, village)
    unit = cli_json(capsys, village, "org", "add", "--name", "第四党支部")
    assert set(unit) == UNIT_FIELDS and unit["kind"] == "党支部" and unit["active_members"] == 0
    assert unit["parent_id"] == units["丁新村党总支"]["id"]

    code, _, err = cli(
        capsys, village, "org", "add", "--name", "北湾党小组", "--kind", "党小组", "--parent", "第四党支部"
    )
    assert code == 0, err
    code, _, err = cli(capsys, village, "org", "rename", str(unit["id"])[:8], "--name", "第五党支部")
    assert code == 0 and "改名" in err
    code, _, err = cli(capsys, village, "org", "move", "北湾党小组", "--parent", "第一党支部")
    assert code == 0 and "已把 北湾党小组 移到 第一党支部 下" in err
    units = _units(capsys, village)
    assert "第四党支部" not in units and units["第五党支部"]["id"] == unit["id"]
    assert units["北湾党小组"]["parent_id"] == units["第一党支部"]["id"]

    assert cli(capsys, village, "org", "delete", "北湾党小组")[0] == 0
    assert cli(capsys, village, "org", "delete", "第五党支部")[0] == 0
    assert {"北湾党小组", "第五党支部"}.isdisjoint(_units(capsys, village))


def test_org_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "同一上级下已有" in rejected(
        capsys, village, "org", "rename", "第一党支部", "--name", "第二党支部"
    )
    assert "最上级组织不能移动" in rejected(
        capsys, village, "org", "move", "丁新村党总支", "--parent", "第一党支部"
    )
    assert "还有" in rejected(capsys, village, "org", "move", "丁家桥党小组", "--parent", "第二党支部")
    assert "党员" in rejected(capsys, village, "org", "delete", "第一党支部")
    assert "找不到组织" in rejected(capsys, village, "org", "rename", "没有这个支部", "--name", "x")
