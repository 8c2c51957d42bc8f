"""The layer rule as a table: each layer may import only the layers listed for it (DESIGN.md, issue 12).

Every module under app/ and ui/ is parsed (its AST, so imports inside functions count too); a side door —
the GUI opening a backup package itself, a service importing the CLI, app/db importing a service — fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Infrastructure every layer above the domain may use: the package version, data-folder paths, the log,
# and the fault-injection hook the kill -9 tests use.
INFRA = {"app", "app.paths", "app.log", "app.faults"}

# app.demo makes the invented demo village through the services; the `demo` command and `--demo` start it.
ALLOWED: dict[str, set[str]] = {
    "ui": {"ui", "app.services", "app.domain", "app.demo"} | INFRA,
    "app.cli": {"app.cli", "app.services", "app.domain", "app.demo"} | INFRA,
    "app.demo": {"app.demo", "app.services", "app.db", "app.domain"} | INFRA,
    "app.services": {"app.services", "app.db", "app.domain", "app.excel", "app.boards", "app.backup"} | INFRA,
    "app.excel": {"app.excel", "app.domain"},
    "app.boards": {"app.boards", "app.domain"},
    "app.backup": {"app.backup", "app.db", "app.domain"} | INFRA,
    "app.db": {"app.db", "app.domain", "app.paths"},
    "app.domain": {"app.domain"},
}
# Modules that are entry points or infrastructure themselves.
TOP_LEVEL = {"app", "app.__main__", "app.paths", "app.log", "app.faults", "ui.__main__"}


def layer_of(module: str) -> str | None:
    """The layer a dotted module name belongs to: the longest key of ALLOWED (or INFRA) it starts with."""
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    if parts[0] != "app":
        return None
    if len(parts) == 1:
        return "app"
    candidate = ".".join(parts[:2])
    return candidate if candidate in ALLOWED or candidate in INFRA else candidate


def imported_modules(path: Path, module: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(target)
    return found


def modules() -> list[tuple[str, Path]]:
    result = []
    for top in ("app", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "versions" in path.parts:  # Alembic revisions import only alembic and sqlalchemy
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            result.append((name, path))
    return result


def violations() -> list[str]:
    found = []
    for module, path in modules():
        if module in TOP_LEVEL:
            continue
        own = layer_of(module)
        allowed = ALLOWED.get(own or "")
        assert allowed is not None, f"{module}: no layer in the table for it — add one (and say why)"
        for target in imported_modules(path, module):
            target_layer = layer_of(target)
            if target_layer is None:  # the standard library or a third-party package
                continue
            if target_layer not in allowed and target not in allowed:
                found.append(f"{module} → {target}")
    return found


def test_every_import_follows_the_layer_table() -> None:
    assert violations() == []


def test_the_table_catches_a_side_door(tmp_path: Path) -> None:
    """The checker itself: a UI module importing app.backup or app.db is reported."""
    page = tmp_path / "page.py"
    page.write_text("from app.backup import package\nimport app.db.models\nfrom app.services import roster\n")
    targets = [t for t in imported_modules(page, "ui.pages.page") if layer_of(t) not in ALLOWED["ui"]]
    assert targets == ["app.backup", "app.db.models"]


def private_reaches() -> list[str]:
    """Uses of another module's private name: ``from app.x import _helper`` or ``x._helper(...)``."""
    found = []
    for module, path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases: set[str] = set()  # local names bound to one of our own modules
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.split(".")[0] in ("app", "ui")
            ):
                for a in node.names:
                    if a.name.startswith("_") and not a.name.startswith("__"):
                        found.append(f"{module} imports {node.module}.{a.name}")
                    aliases.add(a.asname or a.name)
            elif isinstance(node, ast.Import):
                aliases.update(
                    a.asname or a.name.split(".")[0] for a in node.names if a.name.startswith("app")
                )
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{module} uses {node.value.id}.{node.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names() -> None:
    assert private_reaches() == []


def test_no_module_over_600_lines() -> None:
    """Small, cohesive files: a module that grows past ~600 lines is split by what it does."""
    long = {
        str(p.relative_to(ROOT)): n
        for _m, p in modules()
        if (n := len(p.read_text("utf-8").splitlines())) > 620
    }
    assert long == {}
