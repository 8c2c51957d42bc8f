"""CLI contract of 评选与考核: `pioneers` from campaign to honour, `assess` with suggestions beside scores,
`stars-org`, `report-duty`, `posts`, `org units-without-branch`; bad input exits 2 with nothing changed. The
pioneer boards take `--campaign ID|名称`: without it the year's only campaign, a year with several refused (exit
2, the campaigns listed, nothing written); a wrong campaign, or one not at the board's stage, exits 2."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import refused, run

Y = "2021"  # a year of its own: the demo fills the current year
THIS = str(dt.date.today().year)  # the demo's campaign: this year's, honoured
KINDS = ("pioneers", "pioneer-ballot", "pioneer-notice")
SECOND = "七一优秀党员评选"


@pytest.fixture
def data(village_copy: Callable[[int, int], str]) -> str:
    return village_copy(40, 4)


def test_pioneers_from_campaign_to_honour(capsys: pytest.CaptureFixture[str], data: str) -> None:
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    a, b = members[0]["id"], members[1]["id"]
    code, c, _ = run(
        capsys, data, "pioneers", "campaign", "--name", "服务先锋", "--year", Y, "--quota", "1", "--json"
    )
    assert code == 0 and c["stage"] == "推荐" and c["quota"] == 1
    cid = c["id"]
    code, n1, _ = run(
        capsys,
        data,
        "pioneers",
        "nominate",
        cid,
        "--member",
        a,
        "--category",
        "服务先锋",
        "--by",
        "支部推荐",
        "--evidence",
        "--json",
    )
    assert code == 0 and n1["evidence"] and n1["evidence"][-1]["kind"] == "积分"
    _, n2, _ = run(
        capsys,
        data,
        "pioneers",
        "nominate",
        cid,
        "--member",
        b,
        "--category",
        "道德模范",
        "--by",
        "群众推荐",
        "--count",
        "15",
        "--json",
    )
    for n in (n1, n2):
        assert run(capsys, data, "pioneers", "review", cid, n["id"][:8], "--pass")[0] == 0
    code, c, _ = run(
        capsys,
        data,
        "pioneers",
        "tally",
        cid,
        f"{n1['id'][:8]}:30",
        f"{n2['id'][:8]}:25",
        "--invalid",
        "2",
        "--json",
    )
    assert code == 0 and c["invalid_ballots"] == 2 and [n["votes"] for n in c["nominees"]] == [30, 25]
    code, _, err = run(
        capsys, data, "pioneers", "announce", cid, "--selected", n1["id"], n2["id"], "--date", f"{Y}-12-01"
    )
    assert code == 2 and "超过名额" in err
    code, c, _ = run(
        capsys,
        data,
        "pioneers",
        "announce",
        cid,
        "--selected",
        n1["id"],
        n2["id"],
        "--date",
        f"{Y}-12-01",
        "--over-quota-reason",
        "票数接近",
        "--json",
    )
    assert code == 0 and c["stage"] == "公示" and c["objection_until"] == f"{Y}-12-06"
    assert run(capsys, data, "pioneers", "honour", cid, "--date", f"{Y}-12-02")[0] == 2
    code, c, _ = run(capsys, data, "pioneers", "honour", cid, "--date", f"{Y}-12-06", "--json")
    assert code == 0 and c["stage"] == "表彰"
    _, listed, _ = run(capsys, data, "pioneers", "list", "--year", Y, "--json")
    assert [x["id"] for x in listed] == [cid]


def test_assess_contract(capsys: pytest.CaptureFixture[str], data: str) -> None:
    code, _, err = run(capsys, data, "assess", "list", "--year", Y, "--json")
    assert code == 2 and "考核方案" in err
    assert run(capsys, data, "assess", "scheme", "--year", Y, "--json")[0] == 0
    code, rows, _ = run(capsys, data, "assess", "list", "--year", Y, "--json")
    assert code == 0 and rows
    assert {"unit", "items", "suggested", "total", "band"} <= set(rows[0])
    unit = rows[0]["unit"]
    code, _, err = run(capsys, data, "assess", "score", "--year", Y, unit, "组织建设:20", "党员管理:99")
    assert code == 2 and "0 到 20" in err
    _, again, _ = run(capsys, data, "assess", "list", "--year", Y, "--json")
    assert again == rows  # nothing half-written
    scores = [f"{k}:17" for k in rows[0]["items"]]
    code, got, _ = run(capsys, data, "assess", "score", "--year", Y, unit, *scores, "--json")
    assert (
        code == 0
        and got["total"] == 85
        and got["band"] == "良好"
        and got["suggested"] == rows[0]["suggested"]
    )


def test_stars_org_duty_posts_units(capsys: pytest.CaptureFixture[str], data: str) -> None:
    _, units, _ = run(capsys, data, "org", "list", "--json")
    branch = next(u["name"] for u in units if u["kind"] == "党支部")
    code, row, _ = run(
        capsys,
        data,
        "stars-org",
        "set",
        branch,
        "--year",
        Y,
        "--criterion",
        "服务好",
        "--met",
        "--evidence",
        "为民办事 60 件",
        "--json",
    )
    assert code == 0 and row["stars"] == 1 and row["confirmed_stars"] == 0
    assert (
        run(capsys, data, "stars-org", "set", branch, "--year", Y, "--criterion", "服务好", "--met")[0] == 2
    )
    _, listed, _ = run(capsys, data, "stars-org", "list", "--year", Y, "--json")
    assert listed[0]["unit"] == branch

    _, members, _ = run(capsys, data, "roster", "list", "--json")
    m = members[0]["id"]
    code, r, _ = run(
        capsys,
        data,
        "report-duty",
        "add",
        "--member",
        m,
        "--year",
        Y,
        "--date",
        f"{Y}-12-20",
        "--text",
        "述职",
        "--json",
    )
    assert code == 0 and r["overall"] is None
    code, r, _ = run(capsys, data, "report-duty", "tally", r["id"], "干部:9:1:0", "--json")
    assert code == 0 and r["rates"] == {"干部": 100.0}
    assert run(capsys, data, "report-duty", "tally", r["id"], "路人:1:1:1")[0] == 2
    _, reports, _ = run(capsys, data, "report-duty", "list", "--year", Y, "--json")
    assert [x["id"] for x in reports] == [r["id"]]

    code, p, _ = run(
        capsys,
        data,
        "posts",
        "add",
        "--kind",
        "明星党员工作室",
        "--name",
        "老刘调解室",
        "--member",
        m,
        "--json",
    )
    assert code == 0 and p["kind"] == "明星党员工作室"
    _, posts, _ = run(capsys, data, "posts", "list", "--json")
    assert p["id"] in [x["id"] for x in posts]

    _, before, _ = run(capsys, data, "org", "units-without-branch", "--json")
    taken = {name for u in before for name in u["members"]}  # the demo's own 1+N workers stay where they are
    full = [x["id"] for x in members if x["category"] == "正式党员" and x["name"] not in taken][-3:]
    for mid in full:
        assert run(capsys, data, "org", "work-unit", mid, "宏达超市")[0] == 0
    code, found, _ = run(capsys, data, "org", "units-without-branch", "--json")
    assert code == 0 and ("宏达超市", 3) in [(u["unit"], u["full_members"]) for u in found]


def test_points_tiers_any_number(capsys: pytest.CaptureFixture[str], data: str) -> None:
    """The seeds' 5 层次: tiers are added and retired for one year; the year before keeps its rules."""
    assert run(capsys, data, "rules", "preset", "--year", "2020")[0] == 0
    assert run(capsys, data, "rules", "copy", "--from", "2020", "--to", "2021")[0] == 0
    code, tier, _ = run(
        capsys, data, "rules", "tier-add", "--year", "2021", "--name", "创业带富类", "--base", "65", "--json"
    )
    assert code == 0 and tier["name"] == "创业带富类" and tier["base"] == 65 and tier["retired"] is False
    assert run(capsys, data, "rules", "tier-add", "--year", "2021", "--name", "创业带富类")[0] == 2
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    m = members[0]["id"]
    assert run(capsys, data, "rules", "tier", "--year", "2021", "--member", m, "--tier", "创业带富类")[0] == 0
    code, _, err = run(capsys, data, "rules", "tier-retire", "--year", "2021", "--tier", "创业带富类")
    assert code == 2 and "先把他们调到别的层次" in err
    assert run(capsys, data, "rules", "tier", "--year", "2021", "--member", m, "--tier", "默认")[0] == 0
    assert run(capsys, data, "rules", "tier-retire", "--year", "2021", "--tier", "创业带富类")[0] == 0
    assert run(capsys, data, "rules", "tier", "--year", "2021", "--member", m, "--tier", "创业带富类")[0] == 2
    assert run(capsys, data, "rules", "tier-retire", "--year", "2021", "--tier", "普通类")[0] == 2
    _, rules, _ = run(capsys, data, "rules", "list", "--year", "2021", "--json")
    _, before, _ = run(capsys, data, "rules", "list", "--year", "2020", "--json")
    tiers = rules[0]["tiers"] if isinstance(rules, list) else rules["tiers"]
    assert [t["retired"] for t in tiers if t["name"] == "创业带富类"] == [True]
    old = before[0]["tiers"] if isinstance(before, list) else before["tiers"]
    assert "创业带富类" not in [t["name"] for t in old]


def test_assess_export_to_excel(capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "考核.xlsx"
    assert run(capsys, data, "assess", "export", "--year", Y, "-o", str(out))[0] == 2  # no scheme yet
    assert not out.exists()
    run(capsys, data, "assess", "scheme", "--year", Y)
    assert run(capsys, data, "assess", "export", "--year", Y, "-o", str(out))[0] == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1][:4] == ("排名", "党支部", "组织建设", "组织建设（建议）")
    assert len(rows) >= 3


# --- board pioneers|pioneer-ballot|pioneer-notice --campaign ID|名称 ---------------------------------------------


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace(" ", "")  # the board spaces its subtitle; compare with names written without spaces


def the_demo_campaign(capsys: pytest.CaptureFixture[str], data: str) -> dict[str, str]:
    code, campaigns, err = run(capsys, data, "pioneers", "list", "--year", THIS, "--json")
    assert code == 0, err
    assert len(campaigns) == 1 and campaigns[0]["stage"] == "表彰"
    return dict(campaigns[0])


def second_campaign_with_a_passed_nominee(capsys: pytest.CaptureFixture[str], data: str) -> tuple[str, str]:
    """A second campaign this year, at 审议: one nominee passed (so it has a ballot, but no 公示 or 先锋榜)."""
    code, c, err = run(
        capsys, data, "pioneers", "campaign", "--name", SECOND, "--year", THIS, "--quota", "2", "--json"
    )
    assert code == 0, err
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    for m in members:
        code, n, _ = run(
            capsys, data, "pioneers", "nominate", c["id"], "--member", m["id"], "--category", "服务先锋",
            "--by", "支部推荐", "--json",
        )  # fmt: skip
        if code == 0 and run(capsys, data, "pioneers", "review", c["id"], n["id"], "--pass")[0] == 0:
            return str(c["id"]), str(m["name"])
    raise AssertionError("no member could be nominated and pass review")


def board(capsys: pytest.CaptureFixture[str], data: str, out: Path, kind: str, *more: str) -> tuple[int, str]:
    code, _, err = run(capsys, data, "board", kind, "--year", THIS, *more, "-o", str(out))
    return code, err


def test_the_years_only_campaign_needs_no_campaign_option(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    name = the_demo_campaign(capsys, data)["name"]
    for kind in KINDS:
        out = tmp_path / f"{kind}.pdf"
        code, err = board(capsys, data, out, kind)
        assert code == 0, err
        assert name.replace(" ", "") in pdf_text(out)


def test_a_year_with_several_campaigns_is_refused_until_one_is_named(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    first = the_demo_campaign(capsys, data)
    second, nominee = second_campaign_with_a_passed_nominee(capsys, data)
    for kind in KINDS:
        out = tmp_path / f"{kind}.pdf"
        err = refused(capsys, data, "board", kind, "--year", THIS, "-o", str(out))
        assert "请用 --campaign 指定：" in err and first["name"] in err and SECOND in err
        assert first["id"][:8] in err and second[:8] in err
        assert not out.exists()
    for ref in (first["name"], first["id"], first["id"][:6]):  # by name, id or id prefix
        out = tmp_path / "named.pdf"
        code, err = board(capsys, data, out, "pioneers", "--campaign", ref)
        assert code == 0, err
        assert first["name"].replace(" ", "") in pdf_text(out)
        out.unlink()
    out = tmp_path / "ballot.pdf"
    code, err = board(capsys, data, out, "pioneer-ballot", "--campaign", SECOND)
    assert code == 0, err
    text = pdf_text(out)
    assert SECOND in text and nominee in text and first["name"].replace(" ", "") not in text
    code, err = board(capsys, data, tmp_path / "notice.pdf", "pioneer-notice", "--campaign", first["name"])
    assert code == 0, err


def test_a_campaign_not_at_the_boards_stage_is_refused(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    second, _ = second_campaign_with_a_passed_nominee(capsys, data)
    out = str(tmp_path / "x.pdf")
    err = refused(capsys, data, "board", "pioneers", "--year", THIS, "--campaign", second[:8], "-o", out)
    assert SECOND in err and "还在“审议”阶段" in err
    err = refused(capsys, data, "board", "pioneer-notice", "--year", THIS, "--campaign", SECOND, "-o", out)
    assert "没有公示" in err
    code, _, err = run(
        capsys, data, "pioneers", "campaign", "--name", "空评选", "--year", THIS, "--quota", "1"
    )
    assert code == 0, err
    err = refused(capsys, data, "board", "pioneer-ballot", "--year", THIS, "--campaign", "空评选", "-o", out)
    assert "还没有通过审议的候选人" in err
    assert not Path(out).exists()


def test_a_wrong_campaign_is_refused(capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path) -> None:
    first = the_demo_campaign(capsys, data)
    out = str(tmp_path / "x.pdf")
    for kind in KINDS:
        err = refused(capsys, data, "board", kind, "--year", THIS, "--campaign", "没有这次评选", "-o", out)
        assert "找不到评选“没有这次评选”" in err and first["name"] in err  # the year's campaigns are named
    err = refused(capsys, data, "board", "pioneers", "--year", "2019", "--campaign", first["name"], "-o", out)
    assert f"是{THIS}年的" in err
    assert "找不到评选" in refused(
        capsys, data, "board", "pioneers", "--year", THIS, "--campaign", first["id"][:3], "-o", out
    )  # a prefix needs 4 characters
    for _ in range(2):
        assert (
            run(capsys, data, "pioneers", "campaign", "--name", "重名", "--year", THIS, "--quota", "1")[0]
            == 0
        )
    err = refused(capsys, data, "board", "pioneer-ballot", "--year", THIS, "--campaign", "重名", "-o", out)
    assert "匹配到 2 次评选" in err
    assert not Path(out).exists()
