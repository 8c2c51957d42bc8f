"""The write guard: once an account has logged in, every write to its database is checked against its scope.

Installed by ``app.services.accounts.login`` on the Database's engine, so no service needs to ask: ORM flushes
(``before_flush``), ORM-enabled statements (``do_orm_execute``: ``insert(Model)`` with many rows, ``update``,
``delete``) and ``app.db.bulk.insert_rows`` are resolved row by row; any other write statement (a Core
``conn.execute``, raw SQL) is refused at the cursor unless the account is a 管理员. A refusal raises
``ScopeError`` (a UserError: exit 2 on the command line, a message box in the window) before anything is
written, so the whole use case rolls back.
"""

from __future__ import annotations

import contextvars
import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from app.db import bulk
from app.db.models import AuditEntry, Base, Organization
from app.db.models_accounts import Account
from app.domain.errors import UserError
from app.domain.roles import Role
from app.services.accounts.scope import ADMIN, FREE, SHARED, Owners, label

BOOKKEEPING = (
    "pioneer_board.account_bookkeeping"  # session.info: the login's own counters, not a user's change
)
# conn.info: the logged-in account as read in the connection's current transaction (cleared at every begin)
READ_IN_TRANSACTION = "pioneer_board.account_read"
WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "TRUNCATE", "MERGE")


class ScopeError(UserError):
    """The logged-in account may not make this change; nothing was changed."""


@dataclass(frozen=True)
class LoggedIn:
    account_id: str
    name: str
    role: Role
    unit_id: str | None  # None: the whole tree


_guards: weakref.WeakKeyDictionary[Engine, LoggedIn] = weakref.WeakKeyDictionary()
_session_events_installed = False
# Set while a checked flush or statement runs (in this thread): the cursor net lets its statements through.
_checked: contextvars.ContextVar[bool] = contextvars.ContextVar("pioneer_board_write_checked", default=False)


def logged_in(engine: Engine) -> LoggedIn | None:
    return _guards.get(engine)


def install(engine: Engine, who: LoggedIn) -> None:
    """From now on every write through ``engine`` is checked against ``who``'s scope."""
    global _session_events_installed
    # Every table known to the owner rules: imported at a login, not by every command that only asks whether
    # accounts exist (issue 15: a data command imports only what it uses).
    from app.db.models import every_table

    every_table()

    if not _session_events_installed:
        event.listen(Session, "before_flush", _before_flush)
        event.listen(Session, "after_flush_postexec", _after_flush)
        event.listen(Session, "after_soft_rollback", _after_rollback)
        event.listen(Session, "do_orm_execute", _orm_execute)
        bulk.insert_checks.append(_bulk_check)
        _session_events_installed = True
    if not event.contains(engine, "before_cursor_execute", _cursor_net):  # once per engine (a login again)
        event.listen(engine, "before_cursor_execute", _cursor_net)
        event.listen(engine, "begin", _forget_reading)
    _guards[engine] = who


def uninstall(engine: Engine) -> None:
    _guards.pop(engine, None)


# --- deciding --------------------------------------------------------------------------------------------


def _scope_units(session: Session, who: LoggedIn) -> tuple[set[str], bool]:
    """(units the account may change, whether it may change rows shared by the whole tree)."""
    from app.services.organizations import unit_and_below

    if who.unit_id is None:
        return set(), True
    with session.no_autoflush:
        top = session.execute(select(Organization.parent_id).where(Organization.id == who.unit_id)).first()
        if top is None:
            return set(), False
        return set(unit_and_below(session, who.unit_id)), top[0] is None


def _refuse(who: LoggedIn, table_name: str) -> ScopeError:
    if not who.role.writes:
        return ScopeError(f"无权修改{label(table_name)}：{who.name} 是只读账户，只能查看，不能修改")
    return ScopeError(f"无权修改{label(table_name)}：超出您的管理范围（{who.name}）")


def check(session: Session, who: LoggedIn, changes: Sequence[tuple[str, set[str]]]) -> None:
    """``changes``: (table, owners) of every row about to be written. Raises on the first one out of scope."""
    if who.role is Role.ADMIN:
        return
    units: set[str] | None = None
    shared = False
    for table_name, owners in changes:
        for owner in owners:
            if owner == FREE:
                continue
            if owner == ADMIN or not who.role.writes:
                raise _refuse(who, table_name)
            if units is None:
                units, shared = _scope_units(session, who)
            if owner == SHARED:
                if not shared:
                    raise _refuse(who, table_name)
            elif owner not in units:
                raise _refuse(who, table_name)


def _values(obj: object, *, old: bool) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        if old:
            history = state.attrs[attr.key].history
            before = history.deleted or history.unchanged
            out[column.name] = before[0] if before else getattr(obj, attr.key)
        else:
            out[column.name] = getattr(obj, attr.key)
    return out


def _table_of(obj: object) -> str:
    return str(inspect(obj).mapper.local_table.name)


# --- the hooks ----------------------------------------------------------------------------------------------


def _guard_of(session: Session) -> LoggedIn | None:
    bind = session.get_bind()
    engine = bind.engine if isinstance(bind, Connection) else bind
    who = _guards.get(engine) if isinstance(engine, Engine) else None
    if who is None or session.info.get(BOOKKEEPING):
        return who
    assert isinstance(engine, Engine)
    return refreshed(engine, session, who)


def refreshed(engine: Engine, session: Session, who: LoggedIn) -> LoggedIn:
    """The logged-in account as its row says now, in the caller's transaction: a role or unit changed by a
    管理员 meanwhile (in this process or another client) applies from this action on, a retired account is
    refused. One read by primary key per transaction, shared by its flushes, statements and the cursor net."""
    return as_of_transaction(engine, session.connection(), who)


def as_of_transaction(engine: Engine, conn: Connection, who: LoggedIn) -> LoggedIn:
    """``refreshed`` on a connection: the account's row read once in the connection's current transaction."""
    known = conn.info.get(READ_IN_TRANSACTION)
    if isinstance(known, LoggedIn) and known.account_id == who.account_id:
        now = known
    else:
        row = conn.execute(
            select(Account.role, Account.unit_id, Account.active).where(Account.id == who.account_id)
        ).first()
        if row is None or not row.active:
            raise ScopeError(f"无权继续操作：账户“{who.name}”已被停用，请找管理员")
        now = LoggedIn(who.account_id, who.name, Role(row.role), row.unit_id)
        conn.info[READ_IN_TRANSACTION] = now
    if now != who and _guards.get(engine) is who:
        _guards[engine] = now
    return now


def _forget_reading(conn: Connection) -> None:
    """A new transaction: the account's row is read again at its first checked write (``conn.info`` lives with
    the pooled DBAPI connection, across transactions)."""
    conn.info.pop(READ_IN_TRANSACTION, None)


def _before_flush(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    who = _guard_of(session)
    if who is None:
        return
    _checked.set(True)
    if session.info.get(BOOKKEEPING):
        return
    for obj in session.new:
        if isinstance(obj, AuditEntry):
            obj.actor = who.name  # every audit row names the account that logged in
    if who.role is Role.ADMIN:
        return  # the whole tree: nothing to resolve
    new = [(_table_of(o), _values(o, old=False)) for o in session.new]
    owners = Owners(session, new)
    changes: list[tuple[str, set[str]]] = [(t, owners.of_row(t, v)) for t, v in new]
    for obj in session.dirty:
        if not session.is_modified(obj):
            continue
        table_name = _table_of(obj)
        before, after = _values(obj, old=True), _values(obj, old=False)
        found = owners.of_row(table_name, before, new=False)
        if table_name == "organizations":
            if after.get("parent_id") != before.get("parent_id"):
                found |= owners.of_row(table_name, after, new=True)
        else:
            found |= owners.of_row(table_name, after, new=False)
        changes.append((table_name, found))
    for obj in session.deleted:
        table_name = _table_of(obj)
        changes.append((table_name, owners.of_row(table_name, _values(obj, old=True), new=False)))
    try:
        check(session, who, changes)
    except ScopeError:
        _checked.set(False)
        raise


def _after_flush(_session: Session, _flush: UOWTransaction) -> None:
    _checked.set(False)


def _after_rollback(_session: Session, _previous: object) -> None:
    _checked.set(False)  # a flush that failed half-way


def _orm_execute(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    session = state.session
    who = _guard_of(session)
    if who is None:
        return None
    statement: Any = state.statement
    # the plain table: an ORM statement's is annotated with its entity, and selecting it would give entities
    table: Table = Base.metadata.tables[statement.table.name]
    owners = Owners(session)
    changes: list[tuple[str, set[str]]] = []
    params = state.parameters
    rows: list[Mapping[str, Any]] = [params] if isinstance(params, Mapping) else list(params or [])
    if state.is_insert:
        changes += [(table.name, owners.of_row(table.name, dict(r))) for r in rows]
    else:
        where = statement.whereclause
        with session.no_autoflush:
            affected = session.execute(select(table).where(where) if where is not None else select(table))
            for row in affected.mappings():
                changes.append((table.name, owners.of_row(table.name, dict(row), new=False)))
        set_values = {k: v for k, v in statement.compile().params.items() if k in table.c}
        if state.is_update and set_values:
            changes.append((table.name, owners.of_row(table.name, set_values, new=False) - {SHARED}))
    for r in rows:  # bulk UPDATE by primary key: the rows named in the parameters
        if state.is_update and r:
            changes.append((table.name, owners.of_row(table.name, dict(r), new=False)))
    if not session.info.get(BOOKKEEPING):
        check(session, who, changes)
    token = _checked.set(True)
    try:
        return state.invoke_statement()
    finally:
        _checked.reset(token)


def _bulk_check(
    session: Session, table: Table, rows: Sequence[Mapping[str, Any]]
) -> Sequence[Mapping[str, Any]]:
    who = _guard_of(session)
    if who is None:
        return rows
    if table.name == AuditEntry.__tablename__:
        rows = [{**r, "actor": who.name} for r in rows]
    owners = Owners(session, [(table.name, r) for r in rows])
    check(session, who, [(table.name, owners.of_row(table.name, r)) for r in rows])
    return rows


def _cursor_net(
    conn: Connection, _cursor: object, statement: str, _params: object, _context: object, _many: bool
) -> None:
    """Anything that writes without passing the checks above: the 管理员 only — as the account's row says in
    this transaction, so a 管理员 demoted or retired meanwhile (here or by another client) loses it at once."""
    who = _guards.get(conn.engine)
    if who is None or _checked.get() or conn.info.get(bulk.WRITE_CHECKED):
        return
    if not statement.lstrip().upper().startswith(WRITE_WORDS):
        return
    now = as_of_transaction(conn.engine, conn, who)  # a SELECT: passes this net without a second look
    if now.role is not Role.ADMIN:
        raise ScopeError(f"无权修改这些数据：只有管理员可以做这项操作（{now.name} 是{now.role.label}账户）")


@contextmanager
def bookkeeping(session: Session) -> Iterator[Session]:
    """The login's own counters (failed attempts, a changed password) are written whoever is logged in."""
    session.info[BOOKKEEPING] = True
    try:
        yield session
    finally:
        session.info.pop(BOOKKEEPING, None)
