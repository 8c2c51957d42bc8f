"""Invented villages' USB packages for a township: one demo village made once, copied with its ids rewritten.

Each copy gets its own ids (two hex digits of every stable id replaced by the village's number), its own ID
numbers and its own name, and is packed with the ordinary verified backup: what 35 villages would bring on
their sticks, made in seconds (for the township tests and the merge benchmark).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import String

from app.db.database import Database
from app.db.models import every_table
from app.domain.id_number import check_character
from app.paths import DataDir
from app.services import backup

SHARED_KEYS = {"evaluation_periods"}  # calendar quarters: the same id in every village


def _id_columns() -> dict[str, list[str]]:
    """table → its columns holding a village-owned stable id (primary keys and references to them)."""
    columns: dict[str, list[str]] = {}
    for table in every_table():
        if table.name.startswith("township_") or table.name in SHARED_KEYS:
            continue
        names = []
        for column in table.columns:
            is_id = column.primary_key and isinstance(column.type, String) and column.type.length == 36
            refers = any(fk.column.table.name not in SHARED_KEYS for fk in column.foreign_keys)
            if is_id or refers:
                names.append(column.name)
        if names:
            columns[table.name] = names
    return columns


def _id_number(old: str | None, number: int) -> str | None:
    if not old or len(old) != 18:
        return old
    first17 = old[:2] + f"{number:04d}" + old[6:17]
    return first17 + check_character(first17)


def _rewrite(db_file: Path, number: int, name: str) -> None:
    tag = f"{number:02x}"
    conn = sqlite3.connect(db_file)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for table, names in _id_columns().items():
            sets = ", ".join(
                f"{c} = CASE WHEN {c} IS NULL THEN NULL ELSE ? || substr({c}, 3) END" for c in names
            )
            conn.execute(f"UPDATE {table} SET {sets}", [tag] * len(names))
        # Another county's code per village (digits 3–6), the check character recomputed: still valid numbers.
        conn.create_function("village_id_number", 1, lambda old: _id_number(old, number))
        conn.execute("UPDATE members SET id_number = village_id_number(id_number)")
        conn.execute("UPDATE organizations SET name = ? WHERE parent_id IS NULL", [name])
        conn.execute("DELETE FROM settings WHERE key = 'organization_name'")
        conn.commit()
    finally:
        conn.close()


def make_village_packages(dest: Path, count: int, *, members: int = 50, seed: int = 7) -> list[Path]:
    """``count`` verified packages (第1村党总支 …) in ``dest``, each from its own copy of one demo village."""
    from app.demo.village import make_demo

    dest.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="township-demo-") as tmp:
        template = Path(tmp) / "template"
        db = Database.open(template)
        make_demo(db, members=members, seed=seed)
        db.close()
        for number in range(1, count + 1):
            folder = Path(tmp) / f"v{number}"
            shutil.copytree(template, folder, ignore=shutil.ignore_patterns("backups", "logs", "*.lock"))
            _rewrite(DataDir(folder).db_path, number, f"第{number}村党总支")
            village = Database.open(folder)
            try:
                made.append(backup.create(village, dest).path)
            finally:
                village.close()
            shutil.rmtree(folder)
    return made
