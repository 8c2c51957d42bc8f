"""Every CLI command, given nonsense for each value it requires, refuses (exit 2) or does something harmless
(exit 0) — never an unexpected error (exit 1, "意外错误"). A net under the per-area contract tests: a new command
or option that crashes on bad input fails here even when its own tests only try good input."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_run import run_text

from app.cli import build_parser

# Not walked: `demo` makes a whole village (it refuses a non-empty folder anyway: tests/e2e/test_cli_roster.py).
# `accounts` is walked: without a terminal it asks for no password and refuses, so no account appears that would
# make the commands after it ask for a login (checked at the end).
NOT_WALKED = {"demo"}
NONSENSE = "2026-13-45"  # not a date, a quarter, a year, a number, a name or an id of anything


def leaf_commands() -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    def walk(
        parser: argparse.ArgumentParser, path: list[str]
    ) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, [*path, name])
                return
        yield path, parser

    for path, parser in walk(build_parser(), []):
        if path[0] not in NOT_WALKED:
            yield path, parser


def with_nonsense(parser: argparse.ArgumentParser, *, every_option: bool = False) -> list[str]:
    """The command's required positionals and options — with ``every_option`` also its optional ones that take a
    free value (not a fixed choice) — each given NONSENSE."""
    argv: list[str] = []
    for action in parser._actions:
        if action.option_strings:
            takes_value = (
                action.nargs != 0 and not action.choices and not isinstance(action, argparse._HelpAction)
            )
            if action.required or (every_option and takes_value):
                argv += [action.option_strings[0], NONSENSE]
        elif action.nargs not in ("*", "?"):
            argv.append(NONSENSE)
    return argv


@pytest.mark.parametrize("every_option", [False, True], ids=["required", "every-option"])
def test_every_command_refuses_nonsense_without_an_unexpected_error(
    capsys: pytest.CaptureFixture[str],
    village_copy: Callable[[int, int], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    every_option: bool,
) -> None:
    data = village_copy(30, 7)
    monkeypatch.chdir(tmp_path)  # an output file named NONSENSE lands here, not in the checkout
    commands = list(leaf_commands())
    assert len(commands) > 150  # the walk found the command tree
    crashed: list[str] = []
    for path, parser in commands:
        argv = [*path, *with_nonsense(parser, every_option=every_option)]
        code, _out, err = run_text(capsys, data, *argv)
        if code not in (0, 2) or "意外错误" in err:
            crashed.append(f"{' '.join(argv)} → {code}: {err.strip()[-200:]}")
    assert not crashed, "\n".join(crashed)
    code, accounts, _err = run_text(capsys, data, "accounts", "list", "--json")
    assert code == 0 and accounts.strip() == "[]"  # every command above ran without a login
