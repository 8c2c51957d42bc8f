"""CLI contract for `commitments` and `teams`: JSON fields, exit 2 with a Chinese reason and nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

FIELDS = {
    "id",
    "member_id",
    "member_name",
    "team",
    "year",
    "kind",
    "content",
    "deadline",
    "published_on",
    "status",
    "kept_on",
    "note",
    "overdue",
    "version",  # for commitments edit --version (issue 21)
}
YEAR = dt.date.today().year


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("commitments-cli") / "village"
    assert main(["--data-dir", str(data), "demo", "--members", "40", "--seed", "5"]) == 0
    return data


@pytest.fixture
def village(tmp_path: Path, template: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A fresh copy of one demo village per test (the demo is made once per module)."""
    data = tmp_path / "village"
    shutil.copytree(template, data)
    capsys.readouterr()
    return data


def _members(
    capsys: pytest.CaptureFixture[str], data: Path, status: str = "active"
) -> list[dict[str, object]]:
    code, out, _ = cli(capsys, data, "roster", "list", "--status", status, "--json")
    assert code == 0
    return json.loads(out)


def _count(capsys: pytest.CaptureFixture[str], data: Path) -> int:
    code, out, _ = cli(capsys, data, "commitments", "list", "--year", str(YEAR), "--json")
    assert code == 0
    return len(json.loads(out))


def test_list_add_keep_stats_contract(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, village, "commitments", "list", "--year", str(YEAR), "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(set(r) == FIELDS for r in rows)
    assert any(r["team"] for r in rows) and any(r["member_id"] is None for r in rows)
    member = _members(capsys, village)[0]
    prefix = str(member["id"])[:8]
    today = dt.date.today().isoformat()
    code, out, err = cli(
        capsys,
        village,
        "commitments",
        "add",
        "--member",
        prefix,
        "--year",
        str(YEAR),
        "--kind",
        "具体承诺",
        "--content",
        "结对帮扶1户困难群众",
        "--deadline",
        f"{YEAR}-12-31",
        "--published-on",
        today,
        "--json",
    )
    assert code == 0, err
    cid = json.loads(out)["id"]
    code, out, _ = cli(capsys, village, "commitments", "list", "--year", str(YEAR), "--json")
    mine = next(r for r in json.loads(out) if r["id"] == cid)
    assert mine["member_id"] == member["id"] and mine["member_name"] == member["name"]
    assert (mine["status"], mine["published_on"], mine["deadline"], mine["overdue"]) == (
        "承诺中",
        today,
        f"{YEAR}-12-31",
        False,
    )
    code, _, err = cli(
        capsys, village, "commitments", "keep", cid[:8], "--date", today, "--note", "已走访 3 次"
    )
    assert code == 0, err
    code, out, _ = cli(
        capsys, village, "commitments", "list", "--year", str(YEAR), "--status", "已兑现", "--json"
    )
    kept = next(r for r in json.loads(out) if r["id"] == cid)
    assert (kept["kept_on"], kept["note"]) == (today, "已走访 3 次")

    code, out, _ = cli(capsys, village, "commitments", "stats", "--year", str(YEAR), "--json")
    stats = json.loads(out)
    assert code == 0 and stats["branches"] and stats["total"]["made"] >= 1
    for key in ("members", "with_commitment", "without_commitment", "made", "kept", "overdue", "kept_rate"):
        assert key in stats["total"] and all(key in b for b in stats["branches"])
    assert stats["total"]["made"] == sum(b["made"] for b in stats["branches"]) + stats["teams"]["made"]

    code, out, err = cli(capsys, village, "commitments", "history", cid, "--json")
    assert code == 0 and [e["action"] for e in json.loads(out)] == ["承诺", "兑现"]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--member", "zzzz9999", "--content", "调解邻里纠纷"), "找不到"),
        (("--member", "{member}", "--content", "   "), "承诺内容不能为空"),
        (("--member", "{left}", "--content", "调解邻里纠纷"), "不在册"),
        (("--team", "没有这个队", "--content", "调解邻里纠纷"), "找不到"),
    ],
)
def test_bad_add_exits_2_and_changes_nothing(
    village: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], reason: str
) -> None:
    member = _members(capsys, village)[0]["id"]
    left = [m for m in _members(capsys, village, "all") if m["status"] != "在册"]
    if not left:
        code, _, err = cli(
            capsys,
            village,
            "roster",
            "leave",
            str(member),
            "--reason",
            "去世",
            "--date",
            dt.date.today().isoformat(),
        )
        assert code == 0, err
        left_id = str(member)
        member = _members(capsys, village)[0]["id"]
    else:
        left_id = str(left[0]["id"])
    before = _count(capsys, village)
    filled = [a.format(member=member, left=left_id) for a in args]
    code, out, err = cli(
        capsys, village, "commitments", "add", "--year", str(YEAR), "--kind", "具体承诺", *filled
    )
    assert code == 2 and reason in err and "没有做任何改动" in err
    assert _count(capsys, village) == before


def test_keep_before_made_exits_2(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = _members(capsys, village)[1]["id"]
    code, out, _ = cli(
        capsys,
        village,
        "commitments",
        "add",
        "--member",
        str(member),
        "--year",
        str(YEAR),
        "--kind",
        "因事承诺",
        "--content",
        "做好垃圾分类宣传",
        "--published-on",
        f"{YEAR}-01-10",
        "--json",
    )
    assert code == 0
    cid = json.loads(out)["id"]
    code, _, err = cli(
        capsys, village, "commitments", "keep", cid, "--date", f"{YEAR}-01-09", "--note", "做了"
    )
    assert code == 2 and "早于承诺公示日期" in err
    code, _, err = cli(capsys, village, "commitments", "keep", cid, "--date", "昨天", "--note", "做了")
    assert code == 2 and "看不懂" in err
    code, out, _ = cli(capsys, village, "commitments", "list", "--year", str(YEAR), "--json")
    assert next(r for r in json.loads(out) if r["id"] == cid)["status"] == "承诺中"


def test_teams_fail_postpone_copy(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = _members(capsys, village)
    code, out, err = cli(
        capsys,
        village,
        "teams",
        "add",
        "--name",
        "文体活动志愿服务队",
        "--kind",
        "志愿服务队",
        "--leader",
        str(members[0]["id"])[:8],
        "--json",
    )
    assert code == 0, err
    assert (
        cli(
            capsys,
            village,
            "teams",
            "join",
            "--team",
            "文体活动志愿服务队",
            "--member",
            str(members[1]["id"]),
        )[0]
        == 0
    )
    code, out, _ = cli(capsys, village, "teams", "list", "--json")
    team = next(t for t in json.loads(out) if t["name"] == "文体活动志愿服务队")
    assert team["leader"] == members[0]["name"] and len(team["members"]) == 2
    code, out, err = cli(
        capsys,
        village,
        "commitments",
        "add",
        "--team",
        "文体活动志愿服务队",
        "--year",
        str(YEAR),
        "--kind",
        "因事承诺",
        "--content",
        "每月组织一次广场舞",
        "--deadline",
        f"{YEAR}-12-31",
        "--json",
    )
    assert code == 0, err
    cid = json.loads(out)["id"]
    new_deadline = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    assert cli(capsys, village, "commitments", "postpone", cid, "--deadline", new_deadline)[0] == 0
    assert cli(capsys, village, "commitments", "fail", cid, "--note", "场地没落实")[0] == 0
    code, _, err = cli(capsys, village, "commitments", "fail", cid)
    assert code == 2 and "未兑现" in err
    code, _, err = cli(capsys, village, "commitments", "copy", "--from", str(YEAR - 1), "--to", str(YEAR))
    assert code == 0 and "复制" in err


def test_stats_as_a_subprocess(village: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(village),
            "commitments",
            "stats",
            "--year",
            str(YEAR),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0 and "合计" in done.stdout and "兑现率" in done.stdout
