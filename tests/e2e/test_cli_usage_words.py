"""A usage error speaks Chinese and exits 2 before anything is opened; every --year is a real year."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from cli_run import run_text

from app.cli import year_number


@pytest.mark.parametrize("text", ["-5", "26", "0226", "abc", "2026.5", "3000", ""])
def test_a_year_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="四位数的年份"):
        year_number(text)


def test_a_year_as_the_clerk_writes_it() -> None:
    assert year_number("2026") == 2026
    assert year_number(" 2026年 ") == 2026


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["stars", "year", "--year", "-5"], "参数 --year：年份“-5”不对"),
        (["points", "summary", "--year", "26"], "年份“26”不对"),
        (["stars", "set"], "缺少参数 --member, --period, --level"),
        (["stars", "frob"], "“frob”不是可选的值"),
        (["stars", "list", "--period", "2026Q3", "--bogus"], "不认识的参数 --bogus"),
        (["board", "stars", "--paper", "A9"], "参数 --paper：“A9”不是可选的值"),
    ],
)
def test_usage_errors_are_in_chinese(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], words: str
) -> None:
    code, out, err = run_text(capsys, tmp_path / "nothing-here", *argv)
    assert code == 2
    assert words in err and "用 --help 查看用法" in err
    assert "argument" not in err.split("命令参数有误")[1]
    assert not (tmp_path / "nothing-here").exists()  # refused before any folder was made
