"""`--xlsx FILE` on every list, summary and stats command (issue 20): the file holds what --json lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main

COMMANDS = [
    ("points", "summary", "--year", "2026"),
    ("points", "ledger", "--year", "2026"),
    ("stars", "year", "--year", "2026"),
    ("review", "list", "--year", "2026"),
    ("review", "flagged", "--year", "2026"),
    ("stars", "list", "--period", "2026Q3"),
    ("deeds", "list", "--period", "2026Q3"),
    ("periods", "list"),
    ("commitments", "list", "--year", "2026"),
    ("teams", "list"),
    ("meetings", "list"),
    ("dues", "arrears"),
    ("contacts", "list"),
    ("requests", "list"),
    ("visits", "list"),
    ("households", "list"),
    ("people", "list"),
    ("roster", "list"),
    ("org", "list"),
    ("audit", "list"),
]


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("xlsx") / "data"
    assert main(["--data-dir", str(data), "demo", "--members", "40", "--seed", "5"]) == 0
    return data


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_xlsx_holds_the_listed_rows(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    dest = tmp_path / "out.xlsx"
    code = main(["--data-dir", str(village), *command, "--xlsx", str(dest), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    listed = json.loads(out)
    assert isinstance(listed, list)
    ws = load_workbook(dest).active
    assert ws.freeze_panes == "A3"
    assert "导出日期" in ws["A1"].value
    assert ws.max_row - 2 == len(listed) or (not listed and ws.max_row <= 2)
    assert "已导出" in err


def test_roster_keeps_id_numbers_other_lists_do_not_show_them(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "roster.xlsx"
    assert main(["--data-dir", str(village), "roster", "list", "--xlsx", str(dest)]) == 0
    ws = load_workbook(dest).active
    col = [c.value for c in ws[2]].index("公民身份号码")
    assert all("*" not in str(r[col].value) for r in ws.iter_rows(min_row=3) if r[col].value)
    capsys.readouterr()


def test_bad_destination_exit_2_nothing_written(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["--data-dir", str(village), "points", "summary", "--year", "2026", "--xlsx", str(tmp_path / "x.txt")]
    )
    assert code == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_stats_flattened_to_rows(village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "stats.xlsx"
    assert (
        main(
            [
                "--data-dir",
                str(village),
                "commitments",
                "stats",
                "--year",
                "2026",
                "--xlsx",
                str(dest),
                "--json",
            ]
        )
        == 0
    )
    assert "branches" in json.loads(capsys.readouterr().out)  # --json keeps its shape
    ws = load_workbook(dest).active
    assert "兑现率(%)" in [c.value for c in ws[2]]
    assert ws.cell(ws.max_row, 1).value == "合计"
