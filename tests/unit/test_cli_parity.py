"""CLI parity: every public service function that changes data is reached by some CLI command (or exempted here).

"Changes data" is read from the source, so a new service function is caught without anyone remembering to list
it: a function changes data if its body opens a write transaction (``<session>.begin()``, ``db.write()``),
writes an audit row (``audit.record``), or calls — by name, through a services module or directly — another
services function that changes data (so thin wrappers and package re-exports count too). Functions are keyed
by name across every module under app/services, subpackages included, so moving a function between modules
(or turning a module into a package whose ``__init__`` re-exports it) changes nothing here.

"Reached by the CLI" means a module under app/cli names the function: ``<services module>.<name>`` or
``from app.services… import <name>``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "app" / "services"
CLI = ROOT / "app" / "cli"

# Data-changing service functions no CLI command calls by name, and why. Keep each reason true.
EXEMPT = {
    # Reached through another service function that a command calls.
    "set_member_tier": "rules tier → set_member_tier_by_name → set_member_tier",
    "apply_draft": "roster add / roster set / roster import → add_member, update_member, apply_plan → apply_draft",
    "update_member": "roster set → set_fields → update_member",
    "record_commitment": "commitments add → add_commitment → record_commitment; projects claim → claim",
    "record_entry": "points add → add_entry → record_entry; visits add --link → record_links → record_entry",
    "record_reversal": "points reverse → reverse_entry → record_reversal; visits withdraw → reverse_links",
    "record_withdrawal": "deeds withdraw → withdraw_deed → record_withdrawal; visits withdraw → reverse_links",
    # settings.put is the storage under preferences and titles; the GUI also calls it to remember the clerk's
    # last branch and commitment kind (conveniences of the entry panel, not village data).
    "put": "the storage under prefs set, stars settings and board titles",
    # Demo data: the `demo` command runs make_demo, which calls these generators.
    "demo_commitments": "demo → make_demo",
    "demo_evaluations": "demo → make_demo",
    "fill_quarters": "demo → make_demo → demo_evaluations",
    "demo_points": "demo → make_demo",
    # The backup page's one-click memory of the last USB stick used; on the command line the target is named
    # on every `backup create`, and `prefs set --backup-target` sets the remembered one.
    "remember_target": "prefs set --backup-target (preferences.save)",
    # The table pages' header menu "显示的列": a screen's memory of which columns a clerk shows, not village data.
    "remember_columns": "the GUI's column choice only (ui/kit/columns.py)",
    "record_links": "visits link / requests resolve --link → record_visit_links, record_resolution_links",
    "reverse_links": "visits withdraw / requests withdraw → withdraw_visit, withdraw_request",
    "demo_service": "demo → make_demo",
    "remember_title": "board --title → render → remember_title (the title is remembered for next time)",
    "sync_links": "meetings attend / edit / withdraw, dues pay / withdraw / points → sync_links (points kept in step)",
    "authenticate": "every command's login (--user, --password-file) → accounts.login → authenticate",
    "sync_many": "dues pay / withdraw / points → sync_many; demo → make_demo → demo_routine → sync_many",
    "mark_people": "meetings attend --person → set_attendance → mark_people (same transaction as the members)",
    "merge_prepared": "township import → import_packages → merge_prepared",
    "import_package": "township import → import_packages → merge_prepared (import_package: one package, same steps)",
}


# Calls that write on their own: ``<any session>.begin()`` (a write transaction) and these ``(name, attribute)``.
WRITE_CALLS = {("db", "write"), ("audit", "record")}


def _modules(root: Path, package: str) -> Iterator[tuple[str, ast.Module]]:
    """(dotted module name, syntax tree) of every module in the package at ``root``, subpackages included."""
    for path in sorted(root.rglob("*.py")):
        dotted = ".".join((package, *path.relative_to(root).with_suffix("").parts))
        yield dotted, ast.parse(path.read_text("utf-8"))


def _service_aliases(module: str, tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names in ``module`` bound to app.services modules, and names imported from app.services modules."""
    modules: set[str] = set()
    functions: set[str] = set()
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app.services.") and alias.asname:
                    modules.add(alias.asname)
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:  # relative: only meaningful inside app/services
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{source}" if source else base
            if source == "app.services":
                modules.update(alias.asname or alias.name for alias in node.names)
            elif source.startswith("app.services."):
                for alias in node.names:
                    # `from app.services.points import ledger` may bind a submodule or a function: count both.
                    modules.add(alias.asname or alias.name)
                    functions.add(alias.name)
    return modules, functions


def _calls(func: ast.AST, service_modules: set[str]) -> tuple[bool, set[str]]:
    """Whether ``func`` writes directly, and the service function names it calls."""
    writes = False
    called: set[str] = set()
    for node in ast.walk(func):
        if not isinstance(node, ast.Call):
            continue
        target = node.func
        if isinstance(target, ast.Attribute):
            base = target.value.id if isinstance(target.value, ast.Name) else None
            if target.attr == "begin" or (base, target.attr) in WRITE_CALLS:
                writes = True
            if base in service_modules:
                called.add(target.attr)
        elif isinstance(target, ast.Name):
            called.add(target.id)
    return writes, called


def data_changing_service_functions(root: Path = SERVICES) -> set[str]:
    """Public top-level functions under ``root`` (the app.services package) that change data."""
    writes: set[str] = set()
    calls: dict[str, set[str]] = {}
    for module, tree in _modules(root, "app.services"):
        service_modules, _ = _service_aliases(module, tree)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                direct, called = _calls(node, service_modules)
                if direct:
                    writes.add(node.name)
                calls.setdefault(node.name, set()).update(called)
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in writes and called & writes:
                writes.add(name)
                changed = True
    return {name for name in writes if not name.startswith("_")}


def names_the_cli_reaches(root: Path = CLI) -> set[str]:
    reached: set[str] = set()
    for module, tree in _modules(root, "app.cli"):
        service_modules, functions = _service_aliases(module, tree)
        reached |= functions
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in service_modules
            ):
                reached.add(node.attr)
    return reached


def test_the_scan_sees_the_writes_it_must_see() -> None:
    found = data_changing_service_functions()
    # Direct writers, a wrapper that writes only through another function, and a settings writer.
    assert {"add_member", "withdraw_deed", "save_grid", "set_fields", "put_settings"} <= found
    # Readers are not data-changing.
    assert not {"list_members", "grids", "rule_sets", "get_profile", "list_deeds"} & found


def test_every_data_changing_service_function_is_reached_by_a_cli_command() -> None:
    missing = sorted(data_changing_service_functions() - names_the_cli_reaches() - set(EXEMPT))
    assert not missing, (
        "These service functions change data but no CLI command calls them. Add a command "
        f"(app/cli/…) or, if it truly has no place on the command line, an exemption with its reason: {missing}"
    )


def test_exemptions_are_not_reached_anyway() -> None:
    """An exemption for a function a command now calls is stale: drop it so the list stays honest."""
    assert not set(EXEMPT) & names_the_cli_reaches()


def test_a_new_writer_without_a_command_is_caught(tmp_path: Path) -> None:
    """The rule on a made-up services package: a package __init__ re-exporting a writer from a submodule, a
    wrapper that writes only through it, and a reader; then a CLI that reaches only one of them."""
    services = tmp_path / "services"
    (services / "area").mkdir(parents=True)
    (services / "audit.py").write_text("def record(s, *a):\n    s.add(a)\n", "utf-8")
    (services / "area" / "__init__.py").write_text(
        "from app.services.area.core import grant, rows\n", "utf-8"
    )
    (services / "area" / "core.py").write_text(
        "from app.services import audit\n\n"
        "def grant(db, x):\n    with db.session() as s:\n        audit.record(s, x)\n\n"
        "def rows(db):\n    with db.session() as s:\n        return list(s.execute(x))\n",
        "utf-8",
    )
    (services / "other.py").write_text(
        "from app.services import area as a\n\ndef grant_all(db):\n    a.grant(db, 1)\n\n"
        "def _helper(db):\n    with db.session() as s, s.begin():\n        pass\n\n"
        "def tidy(db):\n    _helper(db)\n",
        "utf-8",
    )
    assert data_changing_service_functions(services) == {"grant", "grant_all", "tidy"}
    cli = tmp_path / "cli"
    cli.mkdir()
    (cli / "area.py").write_text(
        "from app.services import area\nfrom app.services.other import tidy\n\n"
        "def cmd(ctx, args):\n    area.grant(ctx.db, args.x)\n    tidy(ctx.db)\n",
        "utf-8",
    )
    assert data_changing_service_functions(services) - names_the_cli_reaches(cli) == {"grant_all"}
