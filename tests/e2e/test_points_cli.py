"""CLI contract of `points`, `review` and `rules`: JSON shapes, and exit 2 with nothing stored for rule breaches."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cli_run import run

Y = "2030"
SUMMARY_KEYS = {
    "member_id",
    "member_name",
    "tier",
    "base",
    "awarded",
    "deducted",
    "total",
    "grade",
    "star_band",
}


@pytest.fixture
def data(village_copy: Callable[[int, int], str]) -> str:
    return village_copy(40, 4)


def test_points_contract(capsys: pytest.CaptureFixture[str], data: str) -> None:
    assert run(capsys, data, "rules", "preset", "--year", Y)[0] == 0
    code, rows, _ = run(capsys, data, "points", "summary", "--year", Y, "--json")
    assert code == 0 and rows and set(rows[0]) >= SUMMARY_KEYS
    member = next(r for r in rows if r["tier"] == "普通类")["member_id"]

    code, added, err = run(
        capsys,
        data,
        "points",
        "add",
        "--member",
        member,
        "--indicator",
        "主题党日",
        "--date",
        f"{Y}-07-01",
        "--times",
        "5",
        "--note",
        "7月主题党日",
        "--json",
    )
    assert code == 0 and added["points"] == 8 and added["capped"] is True and "只计 +8 分" in err

    # cap reached: refused, nothing stored
    code, _, err = run(
        capsys, data, "points", "add", "--member", member, "--indicator", "主题党日", "--date", f"{Y}-08-01"
    )
    assert code == 2 and "上限" in err
    code, _, err = run(
        capsys, data, "points", "add", "--member", member, "--indicator", "打牌", "--date", f"{Y}-08-01"
    )
    assert code == 2 and "没有指标" in err

    code, book, err = run(capsys, data, "points", "ledger", "--member", member, "--year", Y, "--json")
    assert code == 0, err
    assert [e["points"] for e in book["entries"]] == [8] and book["total"] == 68

    code, _, err = run(capsys, data, "points", "reverse", added["entry_id"])
    assert code == 2  # --reason is required
    assert run(capsys, data, "points", "reverse", added["entry_id"], "--reason", "录错人了")[0] == 0
    code, _, err = run(capsys, data, "points", "reverse", added["entry_id"], "--reason", "再来")
    assert code == 2 and "重复" in err
    code, out, _ = run(capsys, data, "points", "summary", "--year", Y, "--json")
    assert code == 0 and next(r for r in out if r["member_id"] == member)["total"] == 60

    ids = ",".join(r["member_id"] for r in rows[:5])
    code, batch, err = run(
        capsys,
        data,
        "points",
        "batch",
        "--indicator",
        "集中学习",
        "--date",
        f"{Y}-03-01",
        "--members",
        ids,
        "--deduct-absent",
        "--json",
    )
    assert code == 0 and batch["added"] == 5 and batch["deducted"] > 0


def test_review_contract(capsys: pytest.CaptureFixture[str], data: str) -> None:
    run(capsys, data, "rules", "preset", "--year", Y)
    code, rows, err = run(capsys, data, "points", "summary", "--year", Y, "--json")
    assert code == 0, err
    graded = next(r for r in rows if r["grade"] is not None)["member_id"]
    code, row, err = run(
        capsys,
        data,
        "review",
        "set",
        "--member",
        graded,
        "--year",
        Y,
        "--ballots",
        "优秀=12,合格=30,基本合格=2,不合格=0",
        "--grade",
        "优秀",
        "--json",
    )
    assert code == 0 and row["decided_grade"] == "优秀" and row["ballots"]["合格"] == 30 and row["warnings"]

    probationary = [r["member_id"] for r in rows if r["grade"] is None and r["tier"] != "特殊类"]
    if probationary:
        code, _, err = run(
            capsys, data, "review", "set", "--member", probationary[0], "--year", Y, "--grade", "合格"
        )
        assert code == 2 and "预备党员" in err
    code, _, err = run(capsys, data, "review", "set", "--member", graded, "--year", Y, "--ballots", "优秀=x")
    assert code == 2

    code, listed, _ = run(capsys, data, "review", "list", "--year", Y, "--json")
    assert code == 0 and next(r for r in listed if r["member_id"] == graded)["decided_grade"] == "优秀"
    code, out, _ = run(capsys, data, "review", "flagged", "--year", Y, "--json")
    assert code == 0 and out == []


def test_rules_list_and_copy(capsys: pytest.CaptureFixture[str], data: str) -> None:
    run(capsys, data, "rules", "preset", "--year", Y)
    assert run(capsys, data, "rules", "copy", "--from", Y, "--to", "2031")[0] == 0
    code, _, err = run(capsys, data, "rules", "copy", "--from", Y, "--to", "2031")
    assert code == 2 and "重复" in err
    code, sets, err = run(capsys, data, "rules", "list", "--year", "2031", "--json")
    assert code == 0, err
    names = {i["name"]: i for i in sets[0]["indicators"]}
    assert names["集中学习"]["points"] == 2 and names["集中学习"]["annual_cap"] == 12
    assert names["无故缺席组织生活"]["points"] == -5
    assert sets[0]["star_bands"][0] == [96, 5]
