"""CLI of the 闪光言行考评: the JSON contract of periods/deeds/stars and exit 2 with nothing changed."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.services import evaluations

STAR_FIELDS = {
    "member_id",
    "member_name",
    "branch",
    "period",
    "level",
    "exempt",
    "deeds",
    "previous_level",
    "reason",
}


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def village_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo village per module (the demo is the slow part); each test works on its own copy."""
    data = tmp_path_factory.mktemp("template") / "village"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--data-dir", str(data), "demo", "--members", "40", "--seed", "5"]) == 0
    return data


@pytest.fixture
def village(village_template: Path, tmp_path: Path) -> Path:
    data = tmp_path / "village"
    shutil.copytree(village_template, data)
    return data


def test_periods_contract(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, village, "periods", "list", "--json")
    periods = json.loads(out)
    assert code == 0 and len(periods) == 5
    assert set(periods[0]) == {"id", "status", "starts_on", "ends_on"}
    current, last = periods[0]["id"], periods[1]["id"]
    assert [p["status"] for p in periods] == ["open"] + ["closed"] * 4
    assert cli(capsys, village, "periods", "close", current)[0] == 0
    code, _, err = cli(capsys, village, "periods", "reopen", current, "--reason", "")
    assert code == 2 and "理由" in err
    assert cli(capsys, village, "periods", "reopen", current, "--reason", "补登事迹")[0] == 0
    code, _, err = cli(capsys, village, "periods", "open", "2099Q1")
    assert code == 2 and "还没有开始" in err
    code, _, err = cli(capsys, village, "periods", "open", "2026Q9")
    assert code == 2 and "2026Q3" in err
    assert last < current
    code, _, err = cli(
        capsys, village, "periods", "open", last
    )  # published: the command line names the command
    assert code == 2 and "已经公示" in err and f"（periods reopen {last} --reason 理由）" in err


def test_deeds_and_stars_round_trip_and_rejections(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    periods = json.loads(cli(capsys, village, "periods", "list", "--json")[1])
    current, last = periods[0]["id"], periods[1]["id"]
    rows = json.loads(cli(capsys, village, "stars", "list", "--period", current, "--json")[1])
    assert rows and set(rows[0]) >= STAR_FIELDS
    assert all(r["level"] is None for r in rows if r["exempt"])
    bare = next(r for r in rows if r["deeds"] == 0 and not r["exempt"] and r["level"] is None)
    prefix = bare["member_id"][:8]

    before = cli(capsys, village, "stars", "list", "--period", current, "--json")[1]

    def rejected(*args: str, says: str) -> None:
        code, _, err = cli(capsys, village, *args)
        assert code == 2 and says in err, err

    rejected("stars", "set", "--member", prefix, "--period", current, "--level", "3", says="不予评星级")
    rejected("stars", "set", "--member", prefix, "--period", current, "--level", "6", says="0 到 5")
    rejected("stars", "set", "--member", prefix, "--period", current, "--level", "三", says="数字")
    rejected("stars", "set", "--member", "nobody", "--period", current, "--level", "0", says="找不到")
    rejected("stars", "set", "--member", prefix, "--period", last, "--level", "0", says="已经公示")
    rejected(
        "deeds",
        "add",
        "--member",
        prefix,
        "--period",
        current,
        "--text",
        "x",
        "--category",
        "打牌",
        says="类别",
    )

    assert (
        cli(capsys, village, "stars", "list", "--period", current, "--json")[1] == before
    )  # nothing changed
    code, out, _ = cli(
        capsys,
        village,
        "deeds",
        "add",
        "--member",
        prefix,
        "--period",
        current,
        "--text",
        "雨夜巡查转移两户老人",
        "--category",
        "服务群众",
        "--source",
        "群众反映",
        "--json",
    )
    assert code == 0 and json.loads(out)["id"]
    assert (
        cli(
            capsys,
            village,
            "stars",
            "set",
            "--member",
            prefix,
            "--period",
            current,
            "--level",
            "4",
            "--reason",
            "雨夜转移老人",
        )[0]
        == 0
    )
    rows = json.loads(cli(capsys, village, "stars", "list", "--period", current, "--json")[1])
    mine = next(r for r in rows if r["member_id"] == bare["member_id"])
    assert (mine["level"], mine["deeds"], mine["reason"], mine["exempt"]) == (4, 1, "雨夜转移老人", False)
    deeds = json.loads(cli(capsys, village, "deeds", "list", "--period", current, "--json")[1])
    assert any(d["text"] == "雨夜巡查转移两户老人" and d["member_id"] == bare["member_id"] for d in deeds)

    assert (
        cli(
            capsys,
            village,
            "stars",
            "exempt",
            "--member",
            prefix,
            "--period",
            current,
            "--reason",
            "长期患病",
        )[0]
        == 0
    )
    rows = json.loads(cli(capsys, village, "stars", "list", "--period", current, "--json")[1])
    mine = next(r for r in rows if r["member_id"] == bare["member_id"])
    assert (mine["level"], mine["exempt"]) == (None, True)
    suggestions = json.loads(cli(capsys, village, "stars", "suggest", "--period", current, "--json")[1])
    assert all(s["suggested"] is None for s in suggestions if s["deeds"] == 0)


def test_branch_filter_and_subprocess_utf8(village: Path) -> None:
    from app.db.database import Database

    db = Database.open(village)
    current = evaluations.list_periods(db)[0].id
    branch = evaluations.ratings(db, current)[0].branch
    db.close()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(village),
            "stars",
            "list",
            "--period",
            current,
            "--branch",
            branch,
            "--json",
        ],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and {r["branch"] for r in rows} == {branch}


def test_settings_and_comment(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys, village, "stars", "settings", "--exempt-age", "none", "--mobile", "no", "--json"
    )
    assert code == 0 and json.loads(out)["exempt_age"] is None and json.loads(out)["include_mobile"] is False
    code, _, err = cli(capsys, village, "stars", "settings", "--exempt-age", "七十")
    assert code == 2 and "数字" in err
    current = json.loads(cli(capsys, village, "periods", "list", "--json")[1])[0]["id"]
    rows = json.loads(cli(capsys, village, "stars", "list", "--period", current, "--json")[1])
    member = next(r for r in rows if not r["exempt"])["member_id"]
    assert (
        cli(
            capsys, village, "stars", "comment", "--member", member, "--period", current, "--text", "事迹属实"
        )[0]
        == 0
    )
    rows = json.loads(cli(capsys, village, "stars", "list", "--period", current, "--json")[1])
    assert next(r for r in rows if r["member_id"] == member)["comment"] == "事迹属实"


def test_summary_lists(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    last = json.loads(cli(capsys, village, "periods", "list", "--json")[1])[1]["id"]
    code, out, _ = cli(capsys, village, "stars", "summary", "--period", last, "--json")
    s = json.loads(out)
    assert code == 0 and set(s) >= {"five_star_of_year", "risers", "without_stars_twice", "by_level"}
    assert all(r["level"] > r["previous_level"] for r in s["risers"])


def test_stars_suggest_in_a_fresh_process_equals_the_service_with_every_area_loaded(village: Path) -> None:
    """The CLI imports only the ``stars`` group; its suggestion must still include the points' star bands."""
    from app.services import points
    from app.services.store import Database

    assert points.quarter_star_suggestions  # every area is loaded in this process
    db = Database.open(village)
    current = evaluations.list_periods(db)[0].id
    expected = [
        {"member_id": r.member_id, "suggested": r.suggested, "deeds": r.deeds}
        for r in evaluations.ratings(db, current)
    ]
    db.close()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(village),
            "stars",
            "suggest",
            "--period",
            current,
            "--json",
        ],
        capture_output=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    got = [{k: r[k] for k in ("member_id", "suggested", "deeds")} for r in json.loads(proc.stdout)]
    assert got == expected
    assert any(r["suggested"] is not None for r in got)
