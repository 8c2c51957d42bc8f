"""CLI `rules set / tier-edit / indicator-add / indicator-set` — what the 积分规则 tab of 积分管理 does."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village

__all__ = ["parity_template", "village"]  # fixtures used below

YEAR = str(dt.date.today().year)
INDICATOR_FIELDS = {"id", "category", "name", "points", "annual_cap", "tiers", "awards_commitments", "active"}


def _rules(capsys: pytest.CaptureFixture[str], data: Path) -> dict[str, Any]:
    sets = cli_json(capsys, data, "rules", "list", "--year", YEAR)
    return next(rs for rs in sets if rs["organization"] == "丁新村党总支")


def test_bands_and_carry_over_as_a_script_would(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = run(
        village,
        "rules",
        "set",
        "--year",
        YEAR,
        "--name",
        "新规则",
        "--carry-over",
        "10",
        "--grade-bands",
        "优秀=92，合格=70,基本合格=60",
        "--star-bands",
        "5星=95,4=85,3=75",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    rs = json.loads(done.stdout)
    assert rs["name"] == "新规则" and rs["carry_over_percent"] == 10
    assert rs["grade_bands"] == [[92, "优秀"], [70, "合格"], [60, "基本合格"]]
    assert rs["star_bands"] == [[95, 5], [85, 4], [75, 3]]
    assert _rules(capsys, village) == rs
    assert cli(capsys, village, "rules", "set", "--year", YEAR, "--carry-over", "none")[0] == 0
    assert _rules(capsys, village)["carry_over_percent"] is None


def test_rule_set_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("rules", "set", "--year", YEAR)
    assert "从高到低" in rejected(capsys, village, *base, "--grade-bands", "合格=92,优秀=70")
    assert "1 到 5 星" in rejected(capsys, village, *base, "--star-bands", "6=99")
    assert "看不懂" in rejected(capsys, village, *base, "--star-bands", "5:95")
    assert "结转比例" in rejected(capsys, village, *base, "--carry-over", "150")
    assert "没有2099年的积分规则" in rejected(
        capsys, village, "rules", "set", "--year", "2099", "--name", "x"
    )


def test_tier_edit(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tier = _rules(capsys, village)["tiers"][-1]
    args = ("rules", "tier-edit", "--year", YEAR, "--tier", tier["name"])
    saved = cli_json(capsys, village, *args, "--base", "85", "--exempt", "yes", "--name", "年老体弱类")
    assert saved == {"id": tier["id"], "name": "年老体弱类", "base": 85, "exempt": True, "retired": False}
    assert _rules(capsys, village)["tiers"][-1] == saved
    assert "没有层次" in rejected(capsys, village, *args, "--base", "80")  # renamed
    edit = ("rules", "tier-edit", "--year", YEAR, "--tier", "年老体弱类")
    assert "基础分" in rejected(capsys, village, *edit, "--base", "5000")
    assert "不能为空" in rejected(capsys, village, *edit, "--name", " ")


def test_indicator_add_and_set(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ("--year", YEAR)
    tiers = [t["name"] for t in _rules(capsys, village)["tiers"]]
    added = cli_json(
        capsys,
        village,
        "rules",
        "indicator-add",
        *base,
        "--category",
        "奖励",
        "--name",
        "护河巡查",
        "--points",
        "2",
        "--cap",
        "10",
        "--tiers",
        "、".join(tiers[:2]),
    )
    assert set(added) == INDICATOR_FIELDS
    assert (added["points"], added["annual_cap"], added["tiers"], added["active"]) == (2, 10, tiers[:2], True)
    assert _rules(capsys, village)["indicators"][-1] == added

    changed = cli_json(
        capsys,
        village,
        "rules",
        "indicator-set",
        *base,
        "--indicator",
        "护河巡查",
        "--cap",
        "none",
        "--tiers",
        "全部",
        "--active",
        "no",
    )
    assert changed == added | {"annual_cap": None, "tiers": "全部", "active": False}
    member = cli_json(capsys, village, "roster", "list")[0]["id"]
    today = dt.date.today().isoformat()
    assert "没有指标" in rejected(
        capsys, village, "points", "add", "--member", member, "--indicator", "护河巡查", "--date", today
    )  # a retired indicator takes no more points


def test_indicator_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add = ("rules", "indicator-add", "--year", YEAR, "--name", "护河巡查")
    assert "负数" in rejected(capsys, village, *add, "--category", "扣减", "--points", "3")
    assert "不能为 0" in rejected(capsys, village, *add, "--category", "奖励", "--points", "0")
    assert "年度上限" in rejected(capsys, village, *add, "--category", "奖励", "--points", "5", "--cap", "3")
    assert "没有层次" in rejected(
        capsys, village, *add, "--category", "奖励", "--points", "5", "--tiers", "神仙类"
    )
    existing = _rules(capsys, village)["indicators"][0]["name"]
    assert "已经有名为" in rejected(
        capsys, village, *add[:-1], existing, "--category", "奖励", "--points", "5"
    )
    edit = ("rules", "indicator-set", "--year", YEAR, "--indicator")
    assert "没有指标" in rejected(capsys, village, *edit, "没有这个指标", "--points", "3")
    assert "整数" in rejected(capsys, village, *edit, existing, "--cap", "很多")
