"""CLI of 服务项目 as a script uses it: a need collected on a visit becomes a project, a team claims it (and the
claim is on the commitment list), progress, completion, 验收; refusals exit 2 with nothing changed; the
`projects list --json` fields and `projects stats --json`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, village

__all__ = ["parity_template", "village"]  # fixtures used below

PROJECT_FIELDS = {
    "id",
    "title",
    "category",
    "size",
    "status",
    "claimant",
    "claimant_kind",
    "deadline",
    "overdue",
    "completed_on",
    "satisfaction",
}
TODAY = dt.date.today()
SOON = (TODAY + dt.timedelta(days=30)).isoformat()


def _ok(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    code, _out, err = cli(capsys, data, *args)
    assert code == 0, err
    return err


def test_the_whole_cycle_from_need_to_judged(
    village: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from PIL import Image

    shots = []
    for name, colour in (("a.png", "red"), ("b.jpg", "blue"), ("before.png", "gray"), ("after.png", "green")):
        Image.new("RGB", (900, 600), colour).save(tmp_path / name)
        shots.append(str(tmp_path / name))
    (tmp_path / "note.txt").write_text("不是照片", encoding="utf-8")
    members = cli_json(capsys, village, "roster", "list")
    leader, other = members[0]["id"], members[1]["id"]
    cli_json(capsys, village, "teams", "add", "--name", "护河志愿服务队", "--kind", "志愿服务队")
    house = cli_json(capsys, village, "households", "list")[0]["id"]
    need = cli_json(
        capsys, village, "needs", "add", "--category", "环境整治", "--size", "集体项目",
        "--text", "河道清理", "--for", house,
    )  # fmt: skip
    assert need == next(n for n in cli_json(capsys, village, "needs", "list") if n["id"] == need["id"])
    project = cli_json(
        capsys, village, "projects", "add", "--from-need", need["id"], "--goal", "一个月内清完",
        "--deadline", SOON,
    )  # fmt: skip
    assert set(project) == PROJECT_FIELDS and project["status"] == "待公示"
    pid = project["id"]
    rejected(capsys, village, "projects", "claim", pid, "--team", "护河志愿服务队")  # not published
    _ok(capsys, village, "projects", "publish", pid)
    reason = rejected(capsys, village, "projects", "claim", pid, "--team", "护河志愿服务队")
    assert "队长" in reason
    rejected(capsys, village, "projects", "claim", pid, "--member", leader)  # collective: a team
    rejected(capsys, village, "projects", "complete", pid, "--text", "完", "--date", TODAY.isoformat())
    _ok(capsys, village, "teams", "set", "护河志愿服务队", "--leader", leader)
    _ok(capsys, village, "teams", "join", "--team", "护河志愿服务队", "--member", other)
    _ok(capsys, village, "projects", "claim", pid, "--team", "护河志愿服务队")
    rejected(capsys, village, "projects", "claim", pid, "--team", "护河志愿服务队")  # already claimed
    claims = [
        c for c in cli_json(capsys, village, "commitments", "list", "--year", str(TODAY.year))
        if c["team"] == "护河志愿服务队"
    ]  # fmt: skip
    assert len(claims) == 1 and claims[0]["kind"] == "因事承诺"
    rejected(
        capsys, village, "projects", "progress", pid, "--text", "x", "--photo", str(tmp_path / "note.txt")
    )
    _ok(capsys, village, "projects", "progress", pid, "--text", "清理了一半", "--photo", *shots[:2])
    done = _ok(
        capsys, village, "projects", "complete", pid, "--text", "清完了", "--date", TODAY.isoformat(),
        "--photo", shots[3], "--before-photo", shots[2],
    )  # fmt: skip
    assert "闪光言行 2 条" in done
    _ok(capsys, village, "projects", "evaluate", pid, "--satisfaction", "满意")
    row = next(p for p in cli_json(capsys, village, "projects", "list") if p["id"] == pid)
    assert (
        row["status"] == "已验收" and row["claimant"] == "护河志愿服务队" and row["claimant_kind"] == "team"
    )
    assert row["satisfaction"] == "满意" and row["completed_on"] == TODAY.isoformat()
    stats = cli_json(capsys, village, "projects", "stats", "--year", str(TODAY.year))
    assert stats["needs"] >= 1 and stats["claimed_by_teams"] >= 1 and stats["completed"] >= 1
    show = cli_json(capsys, village, "projects", "show", pid)
    actions = ["立项", "公示", "认领", "进度", "照片", "照片", "完成", "验收"]
    assert [e["action"] for e in show["history"]] == actions
    assert [bool(e["photo"]) for e in show["history"]] == [False] * 3 + [True] * 4 + [False]
    assert (
        show["before_photo"] and show["after_photo"] and (village / "photos" / show["after_photo"]).exists()
    )
    code, card, _err = cli(capsys, village, "projects", "show", pid)
    assert code == 0 and "满意度：满意" in card and "（有照片）" in card and "认领人：护河志愿服务队" in card
    rejected(capsys, village, "projects", "withdraw", pid, "--reason", "不办了")
    _ok(capsys, village, "projects", "reopen", pid, "--reason", "登记错了")


def test_hand_back_and_withdraw(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = cli_json(capsys, village, "roster", "list")[0]["id"]
    need = cli_json(
        capsys, village, "needs", "add", "--category", "敬老助残", "--size", "个人小项目", "--text", "轮椅"
    )
    pid = cli_json(
        capsys, village, "projects", "add", "--from-need", need["id"], "--goal", "送到", "--deadline", SOON
    )["id"]
    _ok(capsys, village, "projects", "publish", pid)
    _ok(capsys, village, "projects", "claim", pid, "--member", member)
    _ok(capsys, village, "projects", "hand-back", pid, "--reason", "外出务工")
    _ok(capsys, village, "projects", "withdraw", pid, "--reason", "家属已解决")
    assert pid in [p["id"] for p in cli_json(capsys, village, "projects", "list", "--status", "已撤回")]
    rejected(capsys, village, "projects", "claim", pid, "--member", member)


def test_the_pool_and_the_needs_export_to_excel_with_chinese_headings(
    village: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import openpyxl

    _ok(
        capsys,
        village,
        "needs",
        "add",
        "--category",
        "敬老助残",
        "--size",
        "个人小项目",
        "--text",
        "一副轮椅",
    )
    need = cli_json(capsys, village, "needs", "list")[0]["id"]
    _ok(capsys, village, "projects", "add", "--from-need", need, "--goal", "送到", "--deadline", SOON)
    for group, target in (("projects", tmp_path / "pool.xlsx"), ("needs", tmp_path / "needs.xlsx")):
        _ok(capsys, village, group, "list", "--xlsx", str(target))
        sheet = openpyxl.load_workbook(target).active
        assert sheet is not None
        headings = [c.value for c in sheet[2]]
        assert "规模" in headings and "人口数" not in headings, headings
        assert all(h and not str(h).isascii() for h in headings), headings  # no raw field names


def test_a_ledger_request_becomes_a_need_once(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    house = cli_json(capsys, village, "households", "list")[0]["id"]
    _ok(
        capsys, village, "requests", "add", "--household", house, "--channel", "上门",
        "--category", "其他", "--text", "楼道灯坏了三个月",
    )  # fmt: skip
    request = next(
        r for r in cli_json(capsys, village, "requests", "list") if r["text"] == "楼道灯坏了三个月"
    )
    need = cli_json(capsys, village, "needs", "add", "--from-request", request["id"], "--size", "集体项目")
    assert need["request_id"] == request["id"] and need["raised_how"] == "求助"
    assert need["text"] == "楼道灯坏了三个月" and need["source"] == "求助：楼道灯坏了三个月"
    assert need["household_id"] == house and need["size"] == "集体项目"
    assert "已经转为服务需求" in rejected(capsys, village, "needs", "add", "--from-request", request["id"])
    assert "--text" in rejected(capsys, village, "needs", "add", "--category", "其他", "--size", "个人小项目")
    listed = cli_json(capsys, village, "needs", "list", "--from-request", request["id"])
    assert [n["id"] for n in listed] == [need["id"]] and listed[0]["project_id"] is None
    pid = cli_json(
        capsys, village, "projects", "add", "--from-need", need["id"], "--goal", "换灯", "--deadline", SOON
    )["id"]
    assert cli_json(capsys, village, "needs", "list", "--from-request", request["id"])[0]["project_id"] == pid
    # the ledger says what the request became
    ledger = {r["id"]: r for r in cli_json(capsys, village, "requests", "list")}
    assert ledger[request["id"]]["need"] == {"id": need["id"], "project_id": pid}
    assert sum(1 for r in ledger.values() if r["need"]) == 1 + sum(
        1 for n in cli_json(capsys, village, "needs", "list") if n["request_id"] and n["id"] != need["id"]
    )


def test_categories_add_rename_retire(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    need = cli_json(
        capsys, village, "needs", "add", "--category", "文体活动", "--size", "集体项目", "--text", "广场舞"
    )
    _ok(capsys, village, "projects", "categories", "--add", "邻里互助")
    rejected(capsys, village, "projects", "categories", "--add", "邻里互助")
    rejected(capsys, village, "projects", "categories", "--rename", "文体活动", "邻里互助")
    assert "一起改" in _ok(capsys, village, "projects", "categories", "--rename", "文体活动", "文体娱乐")
    renamed = next(n for n in cli_json(capsys, village, "needs", "list") if n["id"] == need["id"])
    assert renamed["category"] == "文体娱乐"
    _ok(capsys, village, "projects", "categories", "--retire", "邻里互助")
    code, out, _err = cli(capsys, village, "projects", "categories")
    assert code == 0 and "文体娱乐" in out and "邻里互助" not in out and "文体活动" not in out
    rejected(capsys, village, "needs", "add", "--category", "邻里互助", "--size", "个人小项目", "--text", "x")


def test_a_team_is_named_or_given_by_its_number(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team = next(t for t in cli_json(capsys, village, "projects", "teams")["teams"] if t["leader"])
    need = cli_json(
        capsys, village, "needs", "add", "--category", "环境整治", "--size", "集体项目", "--text", "清河道"
    )
    pid = cli_json(
        capsys, village, "projects", "add", "--from-need", need["id"], "--goal", "清完", "--deadline", SOON
    )["id"]
    _ok(capsys, village, "projects", "publish", pid)
    rejected(capsys, village, "projects", "claim", pid, "--team", "不存在的队")
    _ok(capsys, village, "projects", "claim", pid, "--team", team["id"][:8])
    row = next(p for p in cli_json(capsys, village, "projects", "list") if p["id"] == pid)
    assert row["claimant"] == team["name"] and row["claimant_kind"] == "team"
