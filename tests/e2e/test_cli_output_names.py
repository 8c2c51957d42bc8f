"""Every option naming a file to write (-o, --xlsx, roster export FILE…) gives the file its ending when the clerk
typed none — a file without one does not open with a double click on Windows — and refuses another kind's
ending (名单.doc) before anything runs: one helper, app.cli.output_file."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import run_text

from app.cli import output_file


@pytest.mark.parametrize(
    ("typed", "endings", "made"),
    [
        ("名单", (".xlsx",), "名单.xlsx"),
        ("名单.xlsx", (".xlsx",), "名单.xlsx"),
        ("名单.XLSX", (".xlsx",), "名单.XLSX"),
        ("2026.07.01公示", (".pdf",), "2026.07.01公示.pdf"),  # dots in a name are not an ending
        ("第3.5版", (".pdf",), "第3.5版.pdf"),
        ("表", (".pdf", ".xlsx"), "表.pdf"),
        ("表.xlsx", (".pdf", ".xlsx"), "表.xlsx"),
        ("记录", (".csv",), "记录.csv"),
    ],
)
def test_a_name_without_an_ending_gets_one(typed: str, endings: tuple[str, ...], made: str) -> None:
    assert output_file(*endings)(typed) == Path(made)


@pytest.mark.parametrize("typed", ["名单.doc", "名单.pdf", "名单.txt", "out/", "."])
def test_another_kind_of_file_or_a_folder_is_refused(typed: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        output_file(".xlsx")(typed)
    assert ".xlsx" in str(refused.value) or "文件夹" in str(refused.value)


@pytest.fixture
def data(village_copy: Callable[[int, int], str]) -> str:
    return village_copy(30, 7)


def test_board_and_lists_get_their_ending(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for argv in (
        ["board", "commitments", "--year", "2026", "-o", str(out / "承诺榜")],
        ["report", "quarter", "--period", "2026Q3", "-o", str(out / "简报")],
        ["roster", "list", "--xlsx", str(out / "名单")],
        ["roster", "export", str(out / "花名册")],
        ["audit", "list", "-o", str(out / "修改记录")],
        ["dues", "register", "--year", "2026", "-o", str(out / "党费")],
    ):
        code, _out, err = run_text(capsys, data, *argv)
        assert code == 0, f"{argv}: {err}"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["承诺榜.pdf", "简报.pdf", "名单.xlsx", "花名册.xlsx", "修改记录.csv", "党费.xlsx"]
    )
    assert (out / "承诺榜.pdf").read_bytes().startswith(b"%PDF")


def test_a_wrong_ending_is_refused_before_anything_is_written(
    capsys: pytest.CaptureFixture[str], data: str, tmp_path: Path
) -> None:
    for argv in (
        ["board", "commitments", "--year", "2026", "-o", str(tmp_path / "承诺榜.doc")],
        ["projects", "registered-sheet", "nobody", "-o", str(tmp_path / "表.docx")],
        ["roster", "list", "--xlsx", str(tmp_path / "名单.csv")],
    ):
        code, _out, err = run_text(capsys, data, *argv)
        assert code == 2 and "结尾不对" in err, f"{argv}: {err}"
        assert "如 " in err and "意外" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
