"""The township merge's bulk steps on rows as tuples in the table's column order. PostgreSQL gets COPY and one
array lookup per table (row inserts and 500-id IN lists cost it twice SQLite's time); SQLite keeps multi-row
INSERTs and chunked lookups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy.exc
from sqlalchemy import ARRAY, Connection, String, Table, any_, bindparam, insert, select, update

CHUNK = 500
Row = tuple[Any, ...]


def on_server(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def rows_by_ids(conn: Connection, table: Table, ids: list[str]) -> Iterator[Row]:
    """The rows of ``table`` (one string primary key) whose ids are in ``ids``."""
    (pk,) = table.primary_key.columns
    if on_server(conn):
        found = conn.execute(select(table).where(pk == any_(bindparam("ids", ids, type_=ARRAY(String)))))
        for row in found:
            yield tuple(row)
        return
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(select(table).where(pk.in_(ids[start : start + CHUNK]))):
            yield tuple(row)


def add_rows(conn: Connection, table: Table, rows: list[Row]) -> None:
    """Insert new rows (given parents before children when the table refers to itself)."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    if not on_server(conn):
        conn.execute(insert(table), [dict(zip(names, r, strict=True)) for r in rows])
        return
    quoted = ", ".join(f'"{n}"' for n in names)
    raw: Any = conn.connection.dbapi_connection  # psycopg's own connection: COPY is not in the DB-API
    statement = f'COPY "{table.name}" ({quoted}) FROM STDIN'
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except (
        conn.dialect.loaded_dbapi.IntegrityError
    ) as exc:  # a duplicate id, a missing parent: as INSERT says
        raise sqlalchemy.exc.IntegrityError(statement, None, exc) from exc


def update_rows(conn: Connection, table: Table, rows: list[Row]) -> None:
    """Replace rows that exist by their primary key (a village's newer package: usually a few)."""
    (pk,) = table.primary_key.columns
    names = [c.name for c in table.columns]
    statement = (
        update(table)
        .where(pk == bindparam("_key"))
        .values({n: bindparam(f"_v_{n}") for n in names if n != pk.name})
    )
    at = names.index(pk.name)
    params = [
        {"_key": r[at], **{f"_v_{n}": v for n, v in zip(names, r, strict=True) if n != pk.name}} for r in rows
    ]
    conn.execute(statement, params)
