"""What the CLI says when it refuses: usage errors and file names the system will not take, in Chinese, exit 2,
nothing changed; every --year is a real year."""

from __future__ import annotations

import argparse
from collections.abc import Callable
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


def test_a_file_name_the_system_refuses_is_a_refusal_not_a_crash(
    capsys: pytest.CaptureFixture[str], village_copy: Callable[[int, int], str], tmp_path: Path
) -> None:
    from cli_run import digest

    data = village_copy(30, 7)
    before = digest(data)
    too_long = str(tmp_path / ("备份" * 150 + ".zip"))
    for argv, words in [
        (["backup", "create", too_long], "文件名或路径太长"),
        (["backup", "verify", too_long], "文件名或路径太长"),
        (["board", "posts", "-o", str(tmp_path / "没有这个文件夹" / "先锋岗.pdf")], "找不到这个文件或文件夹"),
    ]:
        code, _, err = run_text(capsys, data, *argv)
        assert code == 2, err
        assert words in err and "意外错误" not in err
    assert digest(data) == before


def test_the_system_words_for_the_usual_errors_are_chinese() -> None:
    import errno

    from app.domain.disk_errors import os_error_words

    assert (
        os_error_words(FileNotFoundError(errno.ENOENT, "No such file or directory", "a.xlsx"))
        == "找不到这个文件或文件夹"
    )
    assert "不能用的字符" in os_error_words(OSError(errno.EINVAL, "Invalid argument", "a:b.pdf"))
    assert os_error_words(OSError(errno.EINVAL, "Invalid argument")) == "Invalid argument"  # not about a name
    assert os_error_words(OSError(errno.EPROTO, "Protocol error")) == "Protocol error"
