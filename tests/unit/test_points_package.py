"""The points package loads its parts on first use, and a star-rating command does not load the other areas.

Issue 15: `stars list` asks only the points' star bands for its suggestion; the ledger, the rules, the summaries
and the commitments' models are not imported (that is what keeps a data command near its floor)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

from app.services import points
from app.services.store import Database

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "app" / "services" / "points" / "__init__.py"


def test_every_name_the_type_checker_sees_is_loaded_from_the_same_module() -> None:
    tree = ast.parse(PACKAGE.read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("app.services.points."):
            for alias in node.names:
                seen[alias.name] = (node.module or "").rsplit(".", 1)[1]
    assert seen == points.WHERE
    assert points.__all__ == sorted(points.WHERE)
    for name, module in points.WHERE.items():
        assert getattr(points, name) is getattr(
            importlib.import_module(f"app.services.points.{module}"), name
        )


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        points.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("points.no_such_thing did not raise")


def test_stars_list_loads_neither_the_ledger_nor_the_commitments(demo_copy: Database) -> None:
    from app.services import evaluations

    period = evaluations.list_periods(demo_copy)[0].id
    root = demo_copy.data_dir.root
    demo_copy.close()
    code = (
        "import sys; from app.cli import main;"
        f"code = main(['--data-dir', {str(root)!r}, 'stars', 'list', '--period', {period!r}, '--json']);"
        "print(code, sorted(m for m in sys.modules if m in {"
        "'app.services.points.entries', 'app.services.points.rules', 'app.services.points.totals',"
        "'app.services.points.links', 'app.db.models_commitments', 'app.services.commitments'}"
        " or m.startswith(('app.db.models_routine', 'app.db.models_service', 'app.db.models_projects'))),"
        " 'app.services.points.star_bands' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.startswith("[")  # the JSON list, with the points' suggestion in it
    assert done.stderr.strip().splitlines()[-1] == "0 [] True"
