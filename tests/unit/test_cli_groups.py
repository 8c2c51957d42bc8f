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


def test_the_help_table_matches_what_each_group_registers() -> None:
    from app.cli.group_help import GROUP_HELP

    parser = ChineseArgumentParser()
    groups = parser.add_subparsers(dest="group")
    for module in dict.fromkeys(group_modules().values()):
        importlib.import_module(module).register(groups)
    assert {a.dest: a.help for a in groups._choices_actions} == GROUP_HELP


def test_version_and_help_import_nothing_of_the_data_layer() -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from app.cli import main\n"
        "for argv in (['--version'], ['--help'], []):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'PIL', 'reportlab',"
        " 'openpyxl', 'pypinyin', 'cryptography') or m.startswith(('app.services', 'app.db', 'app.demo'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
