"""Statistics (issue 20): charts as drawing ops with their tables, the roster's composition, a quarter's charts,
`report roster-stats|stats --json|--xlsx` and `report quarter -o F.pdf`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from boards_helpers import has_poppler, page_sizes, text
from openpyxl import load_workbook

from app.boards.charts import Chart, chart_table
from app.boards.ops import Rect, Text
from app.cli import main
from app.services import reports, roster
from app.services.reports import stats
from app.services.store import Database


def test_chart_ops_and_table() -> None:
    chart = Chart("星级", ("2026Q1", "2026Q2"), (("五星", (3.0, 4.0)), ("四星", (5.0, 1.0))), stacked=True)
    ops = reports.draw_chart(chart, 0, 0, 400, 220)
    assert sum(isinstance(o, Rect) for o in ops) >= 4 + 1  # four bars and the frame
    assert any(isinstance(o, Text) and o.text == "星级" for o in ops)
    headers, rows = chart_table(chart)
    assert headers == ["类别", "五星（人）", "四星（人）", "合计"]
    assert rows == [["2026Q1", 3.0, 5.0, 8.0], ["2026Q2", 4.0, 1.0, 5.0]]
    empty = reports.draw_chart(Chart("空", (), ()), 0, 0, 300, 200)
    assert any(isinstance(o, Text) and o.text == "暂无数据" for o in empty)


def test_roster_composition_adds_up(demo_copy: Database) -> None:
    members = len(roster.list_members(demo_copy))
    charts = stats.roster_charts(demo_copy)
    assert [c.title for c in charts] == [
        "年龄",
        "性别",
        "民族",
        "学历",
        "党龄",
        "预备党员与正式党员",
        "流动党员",
    ]
    for c in charts[1:4] + charts[5:]:
        assert sum(c.series[0][1]) == members


def test_quarter_charts(demo_copy: Database) -> None:
    charts = stats.quarter_charts(demo_copy, "2026Q3")
    assert len(charts) == 5
    assert charts[0].stacked and charts[0].categories[-1] == "2026Q3"
    assert all(0 <= v <= 100 for v in charts[1].series[0][1])


def test_cli_report_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--members", "30", "--seed", "4"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "report", "roster-stats", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"chart", "category", "unit", "人数"} <= set(records[0])
    dest = tmp_path / "构成.xlsx"
    assert main(["--data-dir", str(data), "report", "roster-stats", "--xlsx", str(dest)]) == 0
    assert load_workbook(dest).sheetnames[:2] == ["年龄", "性别"]
    assert main(["--data-dir", str(data), "report", "stats", "--period", "2026Q3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
    pdf = tmp_path / "简报.pdf"
    assert main(["--data-dir", str(data), "report", "quarter", "--period", "2026Q3", "-o", str(pdf)]) == 0
    assert len(page_sizes(pdf)) == 1
    if has_poppler():
        assert "在册党员" in text(pdf)
    assert main(["--data-dir", str(data), "report", "quarter", "--period", "2026Q9", "-o", str(pdf)]) == 2


def test_star_distribution_per_branch(demo_copy: Database) -> None:
    """Issue 20: the quarterly star distribution per branch over the last 8 quarters, stacked; the branches add up
    to the organisation's chart for every quarter (members count under the branch they belong to now)."""
    whole = stats.quarter_charts(demo_copy, "2026Q3")[0]
    per_branch = stats.branch_star_charts(demo_copy, "2026Q3")
    assert len(per_branch) >= 2
    assert all(c.stacked and c.categories == whole.categories for c in per_branch)
    assert all("最近8个季度的星级分布" in c.title and c.title != whole.title for c in per_branch)
    for s, (name, values) in enumerate(whole.series):
        summed = [sum(c.series[s][1][i] for c in per_branch) for i in range(len(values))]
        assert per_branch[0].series[s][0] == name
        assert summed == list(values), name
