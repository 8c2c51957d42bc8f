"""CLI contract of 评选与考核's second wave: `stars-org criteria`, `posts edit`, `assess bands`, `org set-kind` /
`org work-units`, `meetings attend --person` (members from elsewhere, never points), the boards `duty-ballot` and
`pioneer-notice`, and tiers / indicators renamed and retired while another year keeps its rules. Refusals exit
2 with the database unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import refused, run

THIS = str(dt.date.today().year)


@pytest.fixture
def data(village_copy: Callable[[int, int], str]) -> str:
    return village_copy(60, 5)


def test_criteria_bands_posts(capsys: pytest.CaptureFixture[str], data: str) -> None:
    code, names, _ = run(capsys, data, "stars-org", "criteria", "--json")
    assert code == 0 and names == ["班子强", "队伍优", "服务好", "制度全", "群众满意"]
    assert "3 到 10" in refused(capsys, data, "stars-org", "criteria", "班子强", "队伍优")
    code, names, _ = run(
        capsys, data, "stars-org", "criteria", "班子强", "队伍优", "服务好", "特色鲜明", "--json"
    )
    assert code == 0 and names[-1] == "特色鲜明"
    _, kept, _ = run(capsys, data, "stars-org", "criteria", "--year", THIS, "--json")
    assert kept == ["班子强", "队伍优", "服务好", "制度全", "群众满意"]  # the demo rated this year
    _, units, _ = run(capsys, data, "org", "list", "--json")
    branch = next(u["name"] for u in units if u["kind"] == "党支部")
    err = refused(
        capsys,
        data,
        "stars-org",
        "set",
        branch,
        "--year",
        THIS,
        "--criterion",
        "特色鲜明",
        "--met",
        "--evidence",
        "x",
    )
    assert "评定条件" in err
    code, row, _ = run(
        capsys,
        data,
        "stars-org",
        "set",
        branch,
        "--year",
        "2030",
        "--criterion",
        "特色鲜明",
        "--met",
        "--evidence",
        "村史馆",
        "--json",
    )
    assert code == 0 and list(row["criteria"]) == ["特色鲜明"]

    code, bands, _ = run(
        capsys,
        data,
        "assess",
        "bands",
        "--band",
        "优秀:90:奖励款 8000 元",
        "--band",
        "合格:60:",
        "--band",
        "不合格:0:限期整顿",
        "--json",
    )
    assert code == 0 and [b["name"] for b in bands] == ["优秀", "合格", "不合格"]
    assert "从 0 分起" in refused(capsys, data, "assess", "bands", "--band", "优秀:90:", "--band", "合格:60:")

    _, posts, _ = run(capsys, data, "posts", "list", "--json")
    pid = posts[0]["id"]
    code, p, _ = run(
        capsys, data, "posts", "edit", pid[:8], "--place", "村委会一楼", "--offers", "代办证照", "--json"
    )
    assert (
        code == 0
        and (p["place"], p["offers"]) == ("村委会一楼", "代办证照")
        and p["name"] == posts[0]["name"]
    )
    assert "负责" in refused(capsys, data, "posts", "edit", pid, "--member", "", "--team", "")


def test_kinds_work_units_and_members_from_elsewhere(capsys: pytest.CaptureFixture[str], data: str) -> None:
    code, unit, _ = run(
        capsys, data, "org", "add", "--name", "商贸区域综合党支部", "--kind", "区域综合党支部", "--json"
    )
    assert code == 0 and unit["kind"] == "区域综合党支部"
    assert run(capsys, data, "org", "set-kind", "商贸区域综合党支部", "--kind", "流动党员服务站")[0] == 0
    _, units, _ = run(capsys, data, "org", "list", "--json")
    assert next(u for u in units if u["name"] == "商贸区域综合党支部")["kind"] == "流动党员服务站"
    top = units[0]["name"]
    assert "支部一级" in refused(capsys, data, "org", "set-kind", top, "--kind", "党支部")
    code, rows, _ = run(capsys, data, "org", "work-units", "--json")
    assert code == 0 and rows and {"member_id", "name", "branch", "unit"} <= set(rows[0])

    _, people, _ = run(capsys, data, "people", "list", "--role", "报到党员", "--json")
    _, residents, _ = run(capsys, data, "people", "list", "--role", "居民", "--json")
    guest = people[0]["id"]
    resident = next(r["id"] for r in residents if "报到党员" not in r["roles"])
    code, mt, _ = run(
        capsys,
        data,
        "meetings",
        "add",
        "--unit",
        "商贸区域综合党支部",
        "--kind",
        "主题党日",
        "--date",
        str(dt.date.today()),
        "--topic",
        "过组织生活",
        "--json",
    )
    assert code == 0
    code, out, _ = run(capsys, data, "meetings", "attend", mt["id"], "--person", guest[:8], "--json")
    assert code == 0 and out["points"]["written"] == 0
    code, shown, _ = run(capsys, data, "meetings", "show", mt["id"], "--json")
    assert [(p["person_id"], p["mark"]) for p in shown["people"]] == [(guest, "出席")]
    assert "报到党员" in refused(
        capsys, data, "meetings", "attend", mt["id"], "--person", f"{guest}:请假:出差", "--person", resident
    )
    assert "出勤只能是" in refused(capsys, data, "meetings", "attend", mt["id"], "--person", f"{guest}:迟到")
    assert run(capsys, data, "meetings", "attend", mt["id"], "--person", f"{guest}:请假:出差")[0] == 0
    _, shown, _ = run(capsys, data, "meetings", "show", mt["id"], "--json")
    assert shown["people"][0]["mark"] == "请假" and shown["people"][0]["reason"] == "出差"
    assert run(capsys, data, "meetings", "attend", mt["id"], "--person", f"{guest}:移出")[0] == 0
    _, shown, _ = run(capsys, data, "meetings", "show", mt["id"], "--json")
    assert shown["people"] == []
    _, ordinary, _ = run(capsys, data, "meetings", "list", "--json")
    plain = {u["name"] for u in units if u["kind"] == "党支部"}
    other = next(m["id"] for m in ordinary if m["unit"] in plain and m["status"] == "已召开")
    assert "流动党员服务站" in refused(capsys, data, "meetings", "attend", other, "--person", guest)


def test_blank_ballot_and_notice_boards(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    for kind in ("duty-ballot", "pioneer-notice"):
        out = tmp_path / f"{kind}.pdf"
        code, _, err = run(capsys, data, "board", kind, "--year", THIS, "-o", str(out))
        assert code == 0, err
        assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 1000
    code, _, err = run(
        capsys, data, "board", "pioneer-notice", "--year", "2019", "-o", str(tmp_path / "x.pdf")
    )
    assert code == 2 and "还没有公示" in err
    code, _, err = run(capsys, data, "board", "duty-ballot", "--year", "2019", "-o", str(tmp_path / "y.pdf"))
    assert code == 2 and "还没有登记述职" in err


def test_tiers_and_indicators_renamed_and_retired_other_years_keep_theirs(
    capsys: pytest.CaptureFixture[str], data: str
) -> None:
    assert run(capsys, data, "rules", "preset", "--year", "2020")[0] == 0
    assert run(capsys, data, "rules", "copy", "--from", "2020", "--to", "2021")[0] == 0
    _, before, _ = run(capsys, data, "rules", "list", "--year", "2020", "--json")
    old = before[0] if isinstance(before, list) else before
    tier, indicator = old["tiers"][0]["name"], old["indicators"][0]["name"]
    assert (
        run(capsys, data, "rules", "tier-edit", "--year", "2021", "--tier", tier, "--name", "骨干类")[0] == 0
    )
    assert (
        run(
            capsys,
            data,
            "rules",
            "indicator-set",
            "--year",
            "2021",
            "--indicator",
            indicator,
            "--name",
            "新名称",
        )[0]
        == 0
    )
    assert (
        run(
            capsys,
            data,
            "rules",
            "indicator-set",
            "--year",
            "2021",
            "--indicator",
            "新名称",
            "--active",
            "no",
        )[0]
        == 0
    )
    _, now, _ = run(capsys, data, "rules", "list", "--year", "2021", "--json")
    new = now[0] if isinstance(now, list) else now
    assert new["tiers"][0]["name"] == "骨干类"
    assert [i["active"] for i in new["indicators"] if i["name"] == "新名称"] == [False]
    _, again, _ = run(capsys, data, "rules", "list", "--year", "2020", "--json")
    assert again == before  # the year before keeps its tiers and indicators as they were
