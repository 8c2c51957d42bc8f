"""`board pioneers|pioneer-ballot|pioneer-notice --campaign ID|名称`: the year's only campaign is taken without it;
a year with several is refused (exit 2, the campaigns listed, nothing written) until one is named; a wrong
campaign — unknown, of another year, a shared name, not yet at the stage the board prints — exits 2."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from cli_run import refused, run

from app import demo
from app.db.database import Database

THIS = str(dt.date.today().year)
KINDS = ("pioneers", "pioneer-ballot", "pioneer-notice")
SECOND = "七一优秀党员评选"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("board-campaign-cli") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=40, seed=4)  # one campaign this year, honoured
    db.close()
    return root


@pytest.fixture
def data(template: Path, tmp_path: Path) -> str:
    shutil.copytree(template, tmp_path / "data")
    return str(tmp_path / "data")


def pdf_text(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    import subprocess

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


def board(
    capsys: pytest.CaptureFixture[str], data: str, out: Path, kind: str, *more: str
) -> tuple[int, str]:
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
    code, _, err = run(capsys, data, "pioneers", "campaign", "--name", "空评选", "--year", THIS, "--quota", "1")
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
        assert run(capsys, data, "pioneers", "campaign", "--name", "重名", "--year", THIS, "--quota", "1")[0] == 0
    err = refused(capsys, data, "board", "pioneer-ballot", "--year", THIS, "--campaign", "重名", "-o", out)
    assert "匹配到 2 次评选" in err
    assert not Path(out).exists()
