"""Service packages that load their parts on first use (app/services/lazy.py), and what that saves (issue 15).

`stars list` asks only the points' star bands for its suggestion: the ledger, the rules, the summaries and the
commitments' models are not imported. The main window asks the township area one question at start-up
(`shows_summary`): the merge, the comparison and the backups are not imported for it."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from app.services import points, township
from app.services.store import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("package", [points, township], ids=lambda p: p.__name__)
def test_every_name_the_type_checker_sees_is_loaded_from_the_same_module(package: ModuleType) -> None:
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{package.__name__}."):
            for alias in node.names:
                seen[alias.name] = (node.module or "").rsplit(".", 1)[1]
    assert seen == package.WHERE
    assert package.__all__ == sorted(package.WHERE)
    for name, module in package.WHERE.items():
        assert module != name, f"the submodule {module} would hide the function {name}"
        assert getattr(package, name) is getattr(
            importlib.import_module(f"{package.__name__}.{module}"), name
        )


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        points.no_such_thing  # noqa: B018


def test_a_function_keeps_its_name_when_its_module_is_imported_first() -> None:
    """The reason for entries.py / totals.py / comparison.py: a submodule named like a function would hide it."""
    code = (
        "import app.services.points.entries, app.services.points.totals, app.services.township.comparison;"
        "from app.services import points, township;"
        "print(callable(points.ledger), callable(points.summary), callable(township.compare))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["True", "True", "True"]


def _loaded_after(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(sys.modules)), file=sys.stderr)"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return done.stderr.strip().splitlines()[-1].split()


def test_stars_list_loads_neither_the_ledger_nor_the_commitments(demo_copy: Database) -> None:
    from app.services import evaluations

    period = evaluations.list_periods(demo_copy)[0].id
    root = demo_copy.data_dir.root
    demo_copy.close()
    loaded = _loaded_after(
        "from app.cli import main\n"
        f"assert main(['--data-dir', {str(root)!r}, 'stars', 'list', '--period', {period!r}, '--json']) == 0"
    )
    assert "app.services.points.star_bands" in loaded  # the points' say in the suggestion was asked
    unwanted = {
        "app.services.points.entries",
        "app.services.points.rules",
        "app.services.points.totals",
        "app.services.points.links",
        "app.services.commitments",
        "app.db.models_commitments",
        "app.db.models_routine",
        "app.db.models_service",
        "app.db.models_projects",
    }
    assert unwanted.isdisjoint(loaded)


def test_asking_whether_to_show_the_township_page_loads_no_merge(demo_copy: Database) -> None:
    root = demo_copy.data_dir.root
    demo_copy.close()
    loaded = _loaded_after(
        "import importlib\n"
        "from ui.main_window import ONLY_WHEN\n"
        "from app.services.store import open_database\n"
        f"db = open_database({str(root)!r})\n"
        "for module, function in ONLY_WHEN.values():\n"
        "    assert getattr(importlib.import_module(module), function)(db) is False\n"
        "db.close()"
    )
    assert "app.services.township.status" in loaded
    unwanted = {
        "app.services.township.merge",
        "app.services.township.comparison",
        "app.services.township.batch",
        "app.backup.verify",
    }
    assert unwanted.isdisjoint(loaded)
