"""Acceptance review of 评选与考核 (issue 19): what a clerk tripped over at the command line — the meeting by
its 8-character number, ambiguous or fractional counts, scoring a 党小组, a scheme that is not 百分制, the
先锋榜's footer. Refusals exit 2 with the database byte-identical."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from cli_run import refused, run

Y = "2022"  # a year of its own: the demo fills the current year


@pytest.fixture
def data(village_copy: Callable[[int, int], str]) -> str:
    return village_copy(40, 5)


def campaign_with(capsys: pytest.CaptureFixture[str], data: str, n: int) -> tuple[str, list[dict[str, Any]]]:
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    _, c, _ = run(
        capsys, data, "pioneers", "campaign", "--name", "先锋", "--year", Y, "--quota", "2", "--json"
    )
    nominees = []
    for m in members[:n]:
        _, got, _ = run(
            capsys, data, "pioneers", "nominate", c["id"], "--member", m["id"], "--category", "服务先锋",
            "--by", "支部推荐", "--deeds", "热心服务", "--json",
        )  # fmt: skip
        nominees.append(got)
    return c["id"], nominees


def test_review_takes_the_meeting_by_its_short_number(capsys: pytest.CaptureFixture[str], data: str) -> None:
    cid, (n, *_) = campaign_with(capsys, data, 1)
    _, meetings, _ = run(capsys, data, "meetings", "list", "--json")
    meeting = meetings[0]["id"]
    code, got, err = run(
        capsys, data, "pioneers", "review", cid, n["id"][:8], "--pass", "--meeting", meeting[:8],
        "--reason", "事迹突出", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert got["review_meeting_id"] == meeting and got["review_reason"] == "事迹突出"
    assert "找不到编号" in refused(
        capsys, data, "pioneers", "review", cid, n["id"], "--pass", "--meeting", "zzzz"
    )


def test_counts_are_whole_numbers_and_nominees_unambiguous(
    capsys: pytest.CaptureFixture[str], data: str
) -> None:
    cid, nominees = campaign_with(capsys, data, 3)
    for n in nominees:
        run(capsys, data, "pioneers", "review", cid, n["id"], "--pass")
    first = nominees[0]["id"]
    assert "整数" in refused(capsys, data, "pioneers", "tally", cid, f"{first}:12.5")
    assert "整数" in refused(capsys, data, "pioneers", "tally", cid, f"{first}:10", "--invalid", "1.5")
    assert "至少写 4 位" in refused(capsys, data, "pioneers", "tally", cid, f"{first[0]}:10")
    # the invalid count typed earlier stays when a later batch of votes is typed without it
    assert run(capsys, data, "pioneers", "tally", cid, f"{first}:10", "--invalid", "3")[0] == 0
    code, c, _ = run(capsys, data, "pioneers", "tally", cid, f"{nominees[1]['id']}:7", "--json")
    assert code == 0 and c["invalid_ballots"] == 3
    assert {n["id"]: n["votes"] for n in c["nominees"]}[first] == 10


def test_only_branches_are_assessed_and_the_scheme_adds_up_to_100(
    capsys: pytest.CaptureFixture[str], data: str
) -> None:
    assert run(capsys, data, "assess", "scheme", "--year", Y)[0] == 0
    _, units, _ = run(capsys, data, "org", "list", "--json")
    group = next(u["name"] for u in units if u["kind"] == "党小组")
    top = next(u["name"] for u in units if u["parent_id"] is None)
    branch = next(u["name"] for u in units if u["kind"] == "党支部")
    assert "只给党支部打分" in refused(capsys, data, "assess", "score", "--year", Y, group, "组织建设:18")
    assert "只给党支部打分" in refused(capsys, data, "assess", "score", "--year", Y, top, "组织建设:18")
    assert "100 分" in refused(
        capsys, data, "assess", "scheme", "--year", Y, "--item", "组织建设:20", "--item", "党员管理:30"
    )
    assert run(capsys, data, "assess", "score", "--year", Y, branch, "组织建设:18")[0] == 0
    items = ["组织建设:10", "党员管理:30", "组织生活:20", "服务群众:20", "特色工作:20"]
    err = refused(capsys, data, "assess", "scheme", "--year", Y, *[x for i in items for x in ("--item", i)])
    assert "18" in err and "满分不能改成 10" in err


def test_equal_totals_share_a_rank(capsys: pytest.CaptureFixture[str], data: str) -> None:
    run(capsys, data, "assess", "scheme", "--year", Y)
    _, units, _ = run(capsys, data, "org", "list", "--json")
    branches = [u["name"] for u in units if u["kind"] == "党支部"]
    assert len(branches) >= 2
    full = ["组织建设:18", "党员管理:18", "组织生活:18", "服务群众:18", "特色工作:18"]
    for name in branches[:2]:
        assert run(capsys, data, "assess", "score", "--year", Y, name, *full)[0] == 0
    _, rows, _ = run(capsys, data, "assess", "list", "--year", Y, "--json")
    assert [r["rank"] for r in rows[:2]] == [1, 1]


def test_duty_counts_are_whole_numbers(capsys: pytest.CaptureFixture[str], data: str) -> None:
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    _, r, _ = run(
        capsys, data, "report-duty", "add", "--member", members[0]["id"], "--year", Y, "--date", f"{Y}-12-20",
        "--text", "述职", "--json",
    )  # fmt: skip
    assert "整数" in refused(capsys, data, "report-duty", "tally", r["id"], "干部:1.5:2:0")


def test_stars_org_rates_organisations_and_branches_after_self_assessment(
    capsys: pytest.CaptureFixture[str], data: str
) -> None:
    _, units, _ = run(capsys, data, "org", "list", "--json")
    group = next(u["name"] for u in units if u["kind"] == "党小组")
    branch = next(u["name"] for u in units if u["kind"] == "党支部")
    assert "党小组" in refused(
        capsys,
        data,
        "stars-org",
        "set",
        group,
        "--year",
        Y,
        "--criterion",
        "班子强",
        "--met",
        "--evidence",
        "x",
    )
    assert "还没有自评" in refused(
        capsys, data, "stars-org", "set", branch, "--year", Y, "--criterion", "班子强", "--met", "--confirm"
    )
    for extra in ((), ("--confirm",)):
        code, row, err = run(
            capsys, data, "stars-org", "set", branch, "--year", Y, "--criterion", "班子强", "--met",
            "--evidence", "班子团结", *extra, "--json",
        )  # fmt: skip
        assert code == 0, err
    assert row["confirmed_stars"] == 1


def test_no_duty_report_for_a_member_who_had_left(capsys: pytest.CaptureFixture[str], data: str) -> None:
    import datetime as dt

    today = dt.date.today()
    _, members, _ = run(capsys, data, "roster", "list", "--json")
    who = members[0]["id"]
    left = str(today - dt.timedelta(days=1))
    assert (
        run(capsys, data, "roster", "leave", who, "--reason", "转出", "--to", "杭州市", "--date", left)[0]
        == 0
    )
    assert "已离开" in refused(
        capsys, data, "report-duty", "add", "--member", who, "--year", str(today.year), "--date", str(today),
        "--text", "述职",
    )  # fmt: skip


def test_a_nomination_is_corrected_until_announced(capsys: pytest.CaptureFixture[str], data: str) -> None:
    cid, (n, *_) = campaign_with(capsys, data, 1)
    code, got, err = run(
        capsys, data, "pioneers", "edit", cid, n["id"][:8], "--deeds", "带头修路三公里", "--category", "道德模范",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert got["deeds"] == "带头修路三公里" and got["category"] == "道德模范" and got["recommendations"] == 1
    assert "类别" in refused(capsys, data, "pioneers", "edit", cid, n["id"], "--category", "不存在")
    assert "至少为 1" in refused(capsys, data, "pioneers", "edit", cid, n["id"], "--count", "0")
    run(capsys, data, "pioneers", "review", cid, n["id"], "--pass")
    run(capsys, data, "pioneers", "announce", cid, "--selected", n["id"], "--date", f"{Y}-12-01")
    assert "公示" in refused(capsys, data, "pioneers", "edit", cid, n["id"], "--deeds", "改")
