"""CLI of 服务群众 as a script uses it: people, households (import), pair/unpair, visits, the request flow with its
refusals (exit 2, nothing changed), `requests list --json` and `service stats --json` field names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village
from PIL import Image

__all__ = ["parity_template", "village"]  # fixtures used below

REQUEST_FIELDS = {
    "id",
    "kind",
    "raised_on",
    "source",
    "channel",
    "category",
    "urgency",
    "text",
    "status",
    "assigned_to",
    "resolved_on",
    "satisfaction",
    "overdue",
    "need",  # the 服务需求 it became: {id, project_id} or null (issue 18)
}
TODAY = dt.date.today()


def _member(capsys: pytest.CaptureFixture[str], data: Path) -> str:
    return str(cli_json(capsys, data, "roster", "list")[0]["id"])


def test_a_request_from_acceptance_to_revisit(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = _member(capsys, village)
    house = cli_json(
        capsys,
        village,
        "households",
        "add",
        "--address",
        "三组 99 号",
        "--head",
        "王大妈",
        "--grid",
        "第1网格",
    )
    assert house == next(h for h in cli_json(capsys, village, "households", "list") if h["id"] == house["id"])
    req = cli_json(
        capsys,
        village,
        "requests",
        "add",
        "--household",
        house["id"],
        "--channel",
        "电话",
        "--category",
        "生活困难",
        "--text",
        "需要代购药品",
    )
    assert set(req) == REQUEST_FIELDS and req["status"] == "受理" and req["source"] == "三组 99 号"
    rid = req["id"]
    rejected(capsys, village, "requests", "revisit", rid, "--satisfaction", "满意")  # before resolve
    assert cli(capsys, village, "requests", "assign", rid, "--member", member)[0] == 0
    assert cli(capsys, village, "requests", "progress", rid, "--text", "已联系药店")[0] == 0
    assert cli(capsys, village, "requests", "resolve", rid, "--text", "已代购送到")[0] == 0
    rejected(capsys, village, "requests", "resolve", rid, "--text", "再办一次")  # twice
    assert cli(capsys, village, "requests", "revisit", rid, "--satisfaction", "满意")[0] == 0
    listed = cli_json(capsys, village, "requests", "list", "--status", "已回访")
    row = next(r for r in listed if r["id"] == rid)
    assert row["satisfaction"] == "满意" and row["resolved_on"] == TODAY.isoformat() and row["assigned_to"]
    history = cli_json(capsys, village, "requests", "history", rid)
    assert [e["action"] for e in history] == ["受理", "指派", "进展", "办结", "回访"]


def test_bad_input_is_refused_with_nothing_changed(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = _member(capsys, village)
    rejected(
        capsys,
        village,
        "requests",
        "add",
        "--household",
        "nope",
        "--channel",
        "电话",
        "--category",
        "其他",
        "--text",
        "x",
    )
    rejected(capsys, village, "requests", "add", "--channel", "电话", "--category", "天气", "--text", "x")
    rejected(capsys, village, "households", "add", "--address", "某处", "--phone", "123")
    rejected(capsys, village, "visits", "add", "--member", member, "--household", "nope", "--text", "x")
    rejected(capsys, village, "pair", "--member", member, "--household", "nope")
    unpaired = cli_json(capsys, village, "households", "list", "--unpaired")
    rejected(capsys, village, "unpair", "--household", unpaired[0]["id"])


def test_pairing_visits_and_stats(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = _member(capsys, village)
    year = str(TODAY.year)
    before = cli_json(capsys, village, "service", "stats", "--year", year)["total"]
    house = cli_json(capsys, village, "households", "add", "--address", "五组 7 号", "--grid", "第2网格")
    assert cli(capsys, village, "pair", "--member", member, "--household", house["id"])[0] == 0
    rejected(capsys, village, "pair", "--member", member, "--household", house["id"])  # one pairer at a time
    mine = cli_json(capsys, village, "households", "list", "--member", member)
    assert house["id"] in {h["id"] for h in mine}
    visit = cli_json(
        capsys,
        village,
        "visits",
        "add",
        "--member",
        member,
        "--household",
        house["id"],
        "--way",
        "电话",
        "--text",
        "询问近况",
    )
    assert visit["members"] and visit["targets"] == ["五组 7 号"]
    stats = cli_json(capsys, village, "service", "stats", "--year", year)
    total = stats["total"]
    for key in ("received", "resolved", "overdue", "visits", "paired_households"):
        assert key in total and all(key in u for u in stats["units"])
    assert total["paired_households"] == before["paired_households"] + 1
    assert total["visits"] == before["visits"] + 1
    quarter = cli_json(
        capsys, village, "service", "stats", "--year", year, "--quarter", "1", "--unit", "第2网格"
    )
    assert [u["unit"] for u in quarter["units"]] == ["第2网格"]
    assert cli(capsys, village, "unpair", "--household", house["id"])[0] == 0


def test_people_add_set_list_and_teams(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    person = cli_json(
        capsys,
        village,
        "people",
        "add",
        "--name",
        "李网格",
        "--phone",
        "13900001111",
        "--role",
        "网格员",
        "--grid",
        "第1网格",
    )
    assert person == next(p for p in cli_json(capsys, village, "people", "list") if p["id"] == person["id"])
    assert "id_number" not in person
    changed = cli_json(
        capsys, village, "people", "set", person["id"], "--role", "网格员", "--role", "居民代表"
    )
    assert changed["roles"] == ["网格员", "居民代表"]
    rejected(capsys, village, "people", "set", person["id"], "--photo", str(village / "no-such.jpg"))
    face = village.parent / "face.png"
    Image.new("RGB", (800, 600), "blue").save(face)
    photo = cli_json(capsys, village, "people", "set", person["id"], "--photo", str(face))["photo"]
    assert photo and (village / "photos" / photo).exists()
    assert cli_json(capsys, village, "people", "set", person["id"], "--photo", "")["photo"] == ""
    roster = cli_json(capsys, village, "roster", "list")
    assert all(m["id"] != person["id"] for m in roster)
    team = cli_json(capsys, village, "teams", "list")[0]["name"]
    assert cli(capsys, village, "people", "join-team", person["id"], "--team", team)[0] == 0
    rejected(capsys, village, "people", "join-team", person["id"], "--team", team)


def _sheet(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["丁新村住户台账"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_household_import_previews_then_applies_with_a_row_report(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = _sheet(
        tmp_path / "住户.xlsx",
        [
            ["序号", "户主姓名", "家庭住址", "联系电话", "所在网格", "人口数", "重点人群"],
            [1, "张三", "七组 1 号", "13812345678", "第1网格", 3, "空巢老人、独居"],
            [2, "李四", "七组 2 号", "123", "第1网格", 2, ""],
            [3, "王五", "七组 1 号", "", "", 1, ""],
            [4, "赵六", "七组 3 号", 13912345678.0, "第9网格", "两", "富户"],
        ],
    )
    before = len(cli_json(capsys, village, "households", "list"))
    preview = cli_json(capsys, village, "households", "import", str(sheet))
    assert (preview["new"], preview["skipped"], preview["errors"]) == (1, 1, 2)
    assert {r["row"] for r in preview["rows"]} == {4, 5, 6}
    assert len(cli_json(capsys, village, "households", "list")) == before  # a preview writes nothing
    refused = run(village, "households", "import", str(sheet), "--apply")
    assert refused.returncode == 2 and "没有导入任何数据" in refused.stderr  # errors: all or nothing
    assert len(cli_json(capsys, village, "households", "list")) == before
    applied = run(village, "households", "import", str(sheet), "--apply", "--skip-invalid", "--json")
    assert applied.returncode == 0, applied.stderr
    assert json.loads(applied.stdout)["written"] == 1
    added = [h for h in cli_json(capsys, village, "households", "list") if h["address"] == "七组 1 号"]
    assert added and added[0]["tags"] == ["空巢老人", "独居"] and added[0]["size"] == 3
