"""Many rows into one table with a single driver-level executemany (demo data, imports of a whole year).

SQLAlchemy's Core executemany costs ~9 µs a row in bookkeeping; compiling the INSERT once for the dialect
and handing the driver plain tuples is ~3× faster for 100,000 rows, and stays dialect-neutral.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

# Checks every bulk insert passes first; each may refuse (raise) or return the rows to write. The accounts'
# write guard (app/services/accounts/guard.py) adds its scope check here when someone logs in.
InsertCheck = Callable[[Session, Table, Sequence[Mapping[str, Any]]], Sequence[Mapping[str, Any]]]
insert_checks: list[InsertCheck] = []
# Connection.info key: the statements about to run were checked against the logged-in account's scope.
WRITE_CHECKED = "pioneer_board.write_checked"


def insert_rows(session: Session, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` (a Table or a mapped class)."""
    if not rows:
        return
    table = table if isinstance(table, Table) else table.__table__
    for check in insert_checks:
        rows = check(session, table, rows)
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or compiled.bind_names.values())
    defaults = {k: _default(table.c[k]) for k in order if k not in rows[0]}
    if defaults:  # columns the rows leave out get the model's default, as the ORM would give them
        rows = [{**defaults, **r} for r in rows]
    # Only dates, times and booleans need converting for the driver; the rest go through as they are.
    processed = [(i, p) for i, k in enumerate(order) if (p := table.c[k].type.bind_processor(dialect))]
    pick = itemgetter(*order) if len(order) > 1 else (lambda r: (r[order[0]],))
    values: list[tuple[Any, ...]] = [pick(r) for r in rows]  # tuples, picked in C
    if processed:
        values = [_processed(v, processed) for v in values]
    params: list[Any] = values if compiled.positional else [dict(zip(order, v, strict=True)) for v in values]
    conn.info[WRITE_CHECKED] = bool(insert_checks)
    try:
        conn.exec_driver_sql(str(compiled), params)
    finally:
        conn.info.pop(WRITE_CHECKED, None)


def _processed(value: tuple[Any, ...], processed: list[tuple[int, Callable[[Any], Any]]]) -> tuple[Any, ...]:
    row = list(value)
    for i, process in processed:
        row[i] = process(row[i])
    return tuple(row)


def _default(column: Any) -> Any:
    default = column.default
    if default is None:
        return None
    if default.is_callable:
        return default.arg(None)
    return default.arg
