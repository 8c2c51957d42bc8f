"""CLI `board`: every board type to PDF, tiling, and exit 2 with no file when there is nothing to print."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.db.database import Database
from app.services import evaluations, roster


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def village(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "village"
    assert cli(capsys, data, "demo", "--members", "40", "--seed", "5")[0] == 0
    return data


def _rated_period_and_a_name(data: Path) -> tuple[str, str]:
    db = Database.open(data)
    try:
        for p in evaluations.list_periods(db):
            rows = [r for r in evaluations.ratings(db, p.id) if r.level]
            if rows:
                return p.id, rows[0].member_name
        pytest.skip("demo data has no rated quarter")
    finally:
        db.close()


def test_star_chart_and_friends(village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    period, name = _rated_period_and_a_name(village)
    out = tmp_path / "stars.pdf"
    code, stdout, err = cli(
        capsys, village, "board", "stars", "--period", period, "--paper", "A3", "-o", str(out), "--json"
    )
    assert code == 0, err
    assert json.loads(stdout)["pages"] >= 1
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert name in subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    tiled = tmp_path / "tiled.pdf"
    code, _, err = cli(
        capsys, village, "board", "stars", "--period", period, "--layout", "table",
        "--paper", "board-120x90", "--tile", "A3", "-o", str(tiled),
    )  # fmt: skip
    assert code == 0, err
    assert "已保存" in err
    year = period[:4]
    code, _, err = cli(
        capsys, village, "board", "commitments", "--year", year, "--year-end", "-o", str(tmp_path / "c.pdf")
    )
    assert code == 0, err
    db = Database.open(village)
    member = roster.list_members(db)[0]
    db.close()
    code, _, err = cli(
        capsys, village, "board", "wuliang", "--member", member.id, "-o", str(tmp_path / "w.pdf")
    )
    assert code == 0, err


def test_nothing_to_print_exits_2_without_a_file(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "empty.pdf"
    code, _, err = cli(capsys, village, "board", "stars", "--period", "2019Q1", "-o", str(out))
    assert code == 2 and "没有可打印的内容" in err
    code, _, err = cli(
        capsys, village, "board", "stars", "--period", "2026Q3", "--branch", "没有这个支部", "-o", str(out)
    )
    assert code == 2 and "没有这个支部" in err
    code, _, err = cli(capsys, village, "board", "points", "--year", "2011", "-o", str(out))
    assert code == 2
    code, _, err = cli(
        capsys, village, "board", "stars", "--period", "2026Q3", "--tile", "A4", "-o", str(out)
    )
    assert code == 2 and "board-120x90" in err
    assert list(tmp_path.glob("*.pdf*")) == []


def test_boards_follow_the_settings(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """落款单位, 书记, the objection phone and the default paper come from 设置."""
    import dataclasses

    from app.services import preferences

    period, _ = _rated_period_and_a_name(village)
    db = Database.open(village)
    try:
        prefs = dataclasses.replace(
            preferences.load(db), board_issuer="中共丁新村总支部委员会", board_secretary="王建国",
            board_contact_phone="0572-6012345", default_paper="A3",
        )  # fmt: skip
        preferences.save(db, prefs)
    finally:
        db.close()
    out = tmp_path / "stars.pdf"
    code, stdout, err = cli(capsys, village, "board", "stars", "--period", period, "-o", str(out), "--json")
    assert code == 0, err
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF")
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "中共丁新村总支部委员会" in text and "王建国" in text and "0572-6012345" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "841.89 x 1190.55" in info or "842 x 1191" in info  # A3 portrait, in points
