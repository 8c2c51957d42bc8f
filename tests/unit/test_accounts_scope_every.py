"""Issue 21: "a test calls every data-changing service with an out-of-scope account and expects a refusal".

The inventory is test_cli_parity's scan of app/services (every public function that writes, directly or through
another): each one has a call in tests/fixtures/scope_calls.py, or an entry there saying why it is allowed or
where else it is covered. A 书记/党务 of the first branch calls each on the second branch's rows and the rows the
whole tree shares; a 只读 of the first branch calls each on its own branch's rows. Every call must be refused with
"无权…", the very function must have been entered (no call fails before it gets there), and the database must
be unchanged to the byte, and no file left in the backups or photos folders.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import scope_calls
from accounts_helpers import READER_PW, SEC_PW, rows_of_every_table, set_up_accounts

from app.db.database import Database
from app.domain.errors import UserError
from app.services import accounts

pytestmark = pytest.mark.both_backends

HERE = Path(__file__).resolve().parent


def _inventory() -> set[str]:
    spec = importlib.util.spec_from_file_location("cli_parity_scan", HERE / "test_cli_parity.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found: set[str] = module.data_changing_service_functions()
    return found


def files(db: Database) -> dict[str, list[str]]:
    """The backups and photos folders: a refused action writes no safety backup and keeps no photo."""
    return {
        folder.name: sorted(p.name for p in folder.rglob("*")) if folder.exists() else []
        for folder in (db.data_dir.backups, db.data_dir.photos)
    }


def _entered(run: Callable[[], object]) -> tuple[set[str], BaseException | None]:
    """Names of the app.services functions entered while ``run`` runs, and what it raised."""
    seen: set[str] = set()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and "app/services/" in frame.f_code.co_filename.replace("\\", "/"):
            seen.add(frame.f_code.co_name)

    raised: BaseException | None = None
    sys.setprofile(profile)
    try:
        run()
    except Exception as exc:  # noqa: BLE001  (judged by the caller)
        raised = exc
    finally:
        sys.setprofile(None)
    return seen, raised


def test_every_data_changing_function_has_an_out_of_scope_case(tmp_path: Path) -> None:
    """A new data-changing service function fails here until it gets a case in scope_calls.py (or a reason)."""
    table = scope_calls.calls(Database.__new__(Database), _dummy_rows(tmp_path), tmp_path)
    covered = set(table) | set(scope_calls.ELSEWHERE)
    inventory = _inventory()
    missing = sorted(inventory - covered)
    assert not missing, (
        f"data-changing service functions without an out-of-scope case in scope_calls.py: {missing}"
    )
    stale = sorted(covered - inventory)
    assert not stale, (
        f"cases in scope_calls.py for functions that no longer change data (or are gone): {stale}"
    )
    reasons = set(scope_calls.ALLOWED) | set(scope_calls.READER_ALLOWED) | set(scope_calls.REFUSED_OTHERWISE)
    assert reasons <= set(table)


def _dummy_rows(folder: Path) -> scope_calls.Rows:
    fields = scope_calls.Rows.__dataclass_fields__
    return scope_calls.Rows(**{name: folder if name in ("photo", "xlsx") else "x" for name in fields})  # type: ignore[arg-type]


def _run_table(db: Database, account: str, password: str, target_is_own: bool, out: Path) -> None:
    first, second = set_up_accounts(db)
    rows = scope_calls.prepare(db, first if target_is_own else second, first, out)
    table = scope_calls.calls(db, rows, out, (account, password))
    accounts.login(db, account, password)
    reader = account == "li"
    before, files_before = rows_of_every_table(db.engine), files(db)
    failures: list[str] = []
    for name, cases in table.items():
        allowed = name in scope_calls.ALLOWED or (reader and name in scope_calls.READER_ALLOWED)
        for number, call in enumerate(cases):
            entered, raised = _entered(call)
            label = f"{name}#{number}"
            if name not in entered:
                failures.append(f"{label}: never entered")
            elif allowed:
                if raised is not None:
                    failures.append(f"{label}: allowed but raised {raised!r}")
            elif name in scope_calls.REFUSED_OTHERWISE:
                if not isinstance(raised, UserError) or scope_calls.REFUSED_OTHERWISE[name] not in str(
                    raised
                ):
                    failures.append(f"{label}: expected “{scope_calls.REFUSED_OTHERWISE[name]}” ({raised!r})")
            elif not isinstance(raised, accounts.ScopeError) or "无权" not in str(raised):
                failures.append(f"{label}: not refused ({raised!r})")
            elif reader and "只读" not in str(raised) and "管理员" not in str(raised):
                failures.append(f"{label}: a reader's refusal should say so ({raised})")
    assert not failures, failures
    assert files(db) == files_before
    after = rows_of_every_table(db.engine)
    changed = {t for t in before if before[t] != after[t]}
    # Only what ALLOWED writes: the screens' remembered choices (settings) and their audit rows.
    assert changed <= {"settings", "audit_log"}, changed
    remembered = [r for r in after["settings"] if r not in before["settings"]]
    screens = ("boards.title.", "backup_target", "columns.")
    assert all(any(k in r for k in screens) for r in remembered), remembered


def test_an_out_of_scope_secretary_is_refused_everything(demo_copy: Database, tmp_path: Path) -> None:
    _run_table(demo_copy, "zhang", SEC_PW, target_is_own=False, out=tmp_path)


def test_a_reader_is_refused_everything_even_in_their_own_branch(demo_copy: Database, tmp_path: Path) -> None:
    _run_table(demo_copy, "li", READER_PW, target_is_own=True, out=tmp_path)
