"""``--version N`` on CLI edits (optimistic locking, issue 21): save only over the version the caller read.

The version comes from the record's ``--json`` (list, show, or the edit's own answer); a stale one is refused
with exit 2, "这条记录已被 X 在 HH:MM 修改，请刷新后再改", and nothing is changed. Without ``--version`` the
edit saves over whatever is current, as before.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.store import Database


def add_version_flag(p: argparse.ArgumentParser, shown_by: str) -> None:
    """``shown_by``: the command whose ``--json`` shows the record's version."""
    p.add_argument(
        "--version",
        type=int,
        default=None,
        help=f"只在记录仍是这个版本时保存（{shown_by} 的 version）；不写则在当前版本上改",
    )


def with_versions(db: Database, entity: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each record's JSON (with its "id") plus its current "version", read in one query."""
    from app.services import versions

    found = versions.loaded_many(db, entity, [str(r["id"]) for r in records])
    return [r | {"version": found.get(str(r["id"]), 0)} for r in records]


def with_version(db: Database, entity: str, record: dict[str, Any]) -> dict[str, Any]:
    return with_versions(db, entity, [record])[0]


def versioned(
    db: Database, args: argparse.Namespace, entity: str, records: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A list's records with their versions when ``--json`` was asked (the Excel export stays as it was)."""
    return with_versions(db, entity, records) if getattr(args, "json", False) else records
