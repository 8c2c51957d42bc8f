"""The CLI's list of command groups matches what each module registers (only the asked-for module is imported)."""

from __future__ import annotations

import argparse
import importlib

from app.cli import ChineseArgumentParser, build_parser, group_modules


def _registered_by(module: str) -> set[str]:
    parser = ChineseArgumentParser()
    groups = parser.add_subparsers(dest="group")
    importlib.import_module(module).register(groups)
    return set(groups.choices)


def test_every_module_registers_exactly_the_groups_listed_for_it() -> None:
    listed: dict[str, set[str]] = {}
    for group, module in group_modules().items():
        listed.setdefault(module, set()).add(group)
    for module, groups in listed.items():
        assert _registered_by(module) == groups, module


def test_the_parser_for_a_command_knows_its_group_and_help_knows_all() -> None:
    def groups_of(parser: argparse.ArgumentParser) -> set[str]:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(action.choices)

    assert groups_of(build_parser(["--data-dir", "stars", "commitments", "stats"])) == {
        "commitments",
        "teams",
    }
    assert groups_of(build_parser(["--help"])) == set(group_modules())
    assert groups_of(build_parser(["no-such-group"])) == set(group_modules())
