"""Issue 21 follow-up: a 管理员 demoted (set to a lesser role) or retired while logged in loses the rights only a
管理员 has — writes that pass no row check, caught by the guard's cursor net (raw SQL, a Core statement on a plain
connection) — at their very next write, whether the change was made in this process or by another client (a
CLI command while the window is open). The account's row is read once per transaction, not per statement."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from accounts_helpers import ADMIN_PW, second_client, set_up_accounts
from sqlalchemy import event, select, text

from app.db.database import Database
from app.db.models import Setting
from app.services import accounts

pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parents[2]
OTHER_PW = "wang-secret-9"


def _raw_write(db: Database, value: str) -> None:
    """A write no ORM check sees: only a 管理员 may make it."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE settings SET value = :v WHERE key = 'raw.probe'"), {"v": value})


def _probe(db: Database) -> str | None:
    with db.session() as s:
        return s.scalar(select(Setting.value).where(Setting.key == "raw.probe"))


def _two_admins(db: Database) -> str:
    """boss (logged in on ``db``) and wang, both 管理员; a 'raw.probe' setting to write. Returns the first branch."""
    first, _second = set_up_accounts(db)
    accounts.login(db, "boss", ADMIN_PW)
    accounts.create_account(db, "wang", OTHER_PW, "管理员")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO settings (key, value) VALUES ('raw.probe', '0')"))
    return first


def test_a_demotion_by_another_client_takes_raw_writes_away_at_the_next_write(demo_copy: Database) -> None:
    first = _two_admins(demo_copy)
    _raw_write(demo_copy, "1")
    wang = second_client(demo_copy, "wang", OTHER_PW)
    try:
        accounts.set_role(wang, "boss", "书记/党务", first)
        with pytest.raises(accounts.ScopeError, match="只有管理员"):
            _raw_write(demo_copy, "2")
        assert _probe(demo_copy) == "1"
        accounts.set_role(wang, "boss", "管理员")  # promoted again: the right comes back as promptly
        _raw_write(demo_copy, "3")
        accounts.retire(wang, "boss")
        with pytest.raises(accounts.ScopeError, match="已被停用"):
            _raw_write(demo_copy, "4")
        assert _probe(wang) == "3"
    finally:
        wang.close()


def test_a_demotion_in_the_same_process_applies_to_the_next_raw_write(demo_copy: Database) -> None:
    """One Database (one window): the 管理员 demotes themselves — another 管理员 remains."""
    first = _two_admins(demo_copy)
    accounts.set_role(demo_copy, "boss", "只读", first)
    with pytest.raises(accounts.ScopeError, match="只有管理员"):
        _raw_write(demo_copy, "2")
    assert _probe(demo_copy) == "0"


def test_a_retirement_by_the_command_line_applies_to_an_open_window(
    demo_copy: Database, tmp_path: Path
) -> None:
    """Another process: `accounts retire` / `accounts set` run as the CLI while this client stays logged in."""
    if demo_copy.on_server:
        pytest.skip("the command line on a server is covered by the same-process clients above")
    first = _two_admins(demo_copy)
    password_file = tmp_path / "pw.txt"
    password_file.write_text(OTHER_PW + "\n", encoding="utf-8")

    def cli(*argv: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(demo_copy.data_dir.root), "--user", "wang",
             "--password-file", str(password_file), *argv],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    _raw_write(demo_copy, "1")
    cli("accounts", "set", "boss", "--role", "书记/党务", "--unit", first)
    with pytest.raises(accounts.ScopeError, match="只有管理员"):
        _raw_write(demo_copy, "2")
    cli("accounts", "set", "boss", "--role", "管理员")
    _raw_write(demo_copy, "3")
    cli("accounts", "retire", "boss")
    with pytest.raises(accounts.ScopeError, match="已被停用"):
        _raw_write(demo_copy, "4")
    assert _probe(demo_copy) == "3"


def test_the_account_is_read_once_per_transaction(demo_copy: Database) -> None:
    """The cost: however many statements a transaction writes, one read of the account's row (by primary key)."""
    _two_admins(demo_copy)
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if "FROM accounts" in statement:
            seen.append(statement)

    event.listen(demo_copy.engine, "before_cursor_execute", count)
    try:
        with demo_copy.engine.begin() as conn:
            for n in range(5):
                conn.execute(text("UPDATE settings SET value = :v WHERE key = 'raw.probe'"), {"v": str(n)})
        assert len(seen) == 1
        with demo_copy.session() as s, s.begin():
            for n in range(3):
                s.merge(Setting(key=f"probe.{n}", value="x"))
                s.flush()
        assert len(seen) == 2
    finally:
        event.remove(demo_copy.engine, "before_cursor_execute", count)


def test_emptying_a_table_is_a_write_too(demo_copy: Database) -> None:
    """TRUNCATE (PostgreSQL's restore empties tables with it) and MERGE are caught by the net like any write."""
    first = _two_admins(demo_copy)
    accounts.set_role(demo_copy, "boss", "书记/党务", first)
    for statement in (
        "TRUNCATE settings",
        "merge into settings using members on false when matched then delete",
    ):
        with pytest.raises(accounts.ScopeError, match="只有管理员"), demo_copy.engine.begin() as conn:
            conn.execute(text(statement))
    assert _probe(demo_copy) == "0"
