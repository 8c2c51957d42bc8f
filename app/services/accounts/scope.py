"""Who may change which rows: every row's owning unit, resolved from the schema, checked against an account.

One rule per table, derived from its columns so that a new table is classified without anyone remembering it:
the organisation tree owns itself; a row with ``member_id`` belongs to that member's branch; a row with a unit
column (``unit_id``, ``organization_id``, a member's ``branch_id``) to that unit; a row that hangs off such a row
(``commitment_events`` → ``commitments``) to its parent's owner; everything else (settings, periods, residents,
grids) is shared by the whole tree. Accounts and the township's merge bookkeeping are the 管理员's alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from app.db.models import Base

SHARED = "<shared>"  # belongs to the whole tree: only an account whose scope is a top unit may change it
ADMIN = "<admin>"  # accounts, merge bookkeeping: the 管理员 only
FREE = "<free>"  # the audit trail and a screen's remembered choices: written on anyone's behalf

FREE_TABLES = frozenset({"audit_log"})
ADMIN_TABLES = frozenset({"accounts", "township_villages", "township_rows", "alembic_version"})
# Settings that remember a screen's last choice (a board's title, the last branch picked), not village data.
FREE_SETTING_PREFIXES = ("boards.title.", "commitments.last_", "backup_target", "columns.")
UNIT_COLUMNS = ("unit_id", "organization_id", "branch_id")

TABLE_LABELS = {
    "members": "党员", "organizations": "组织", "settings": "设置", "accounts": "账户", "commitments": "承诺",
    "point_entries": "积分", "star_ratings": "星级", "deeds": "闪光言行", "meetings": "会议",
    "dues_payments": "党费", "reviews": "年终评议", "rule_sets": "积分规则", "evaluation_periods": "评定季度",
    "township_villages": "乡镇汇总", "township_rows": "乡镇汇总",
}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    kind: str  # "free" | "admin" | "org" | "setting" | "member" | "unit" | "via" | "shared"
    column: str = ""
    parent: str = ""  # "via": the table the column points at


@cache
def rule_for(table_name: str) -> Rule:
    """How the owner of a row of ``table_name`` is found (tests check every table has one that makes sense)."""
    if table_name in FREE_TABLES:
        return Rule("free")
    if table_name in ADMIN_TABLES:
        return Rule("admin")
    if table_name == "organizations":
        return Rule("org")
    if table_name == "settings":
        return Rule("setting")
    table = Base.metadata.tables.get(table_name)
    if table is None:
        return Rule("admin")  # not one of ours: only the 管理员
    targets = {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.columns if c.foreign_keys}
    if targets.get("member_id") == "members":
        return Rule("member", "member_id")
    for name in UNIT_COLUMNS:
        if targets.get(name) == "organizations":
            return Rule("unit", name)
    for column in table.columns:  # a required link to a row that has an owner of its own
        parent = targets.get(column.name)
        if (
            parent
            and parent != table_name
            and not column.nullable
            and rule_for(parent).kind in ("member", "unit", "via")
        ):
            return Rule("via", column.name, parent)
    return Rule("shared")


def label(table_name: str) -> str:
    return TABLE_LABELS.get(table_name, "这些数据")


class Owners:
    """Resolves owners within one flush (or one statement), looking at rows pending in the session first."""

    def __init__(self, session: Session, pending: Iterable[tuple[str, Mapping[str, Any]]] = ()) -> None:
        self.session = session
        self.pending: dict[tuple[str, Any], Mapping[str, Any]] = {}
        for table_name, values in pending:
            pk = _pk_name(table_name)
            if pk and values.get(pk) is not None:
                self.pending[(table_name, values[pk])] = values

    def of_row(self, table_name: str, values: Mapping[str, Any], *, new: bool = True) -> set[str]:
        """Owner units (or SHARED/ADMIN/FREE) of one row as given by ``values`` (column → value)."""
        rule = rule_for(table_name)
        if rule.kind == "free":
            return {FREE}
        if rule.kind == "admin":
            return {ADMIN}
        if rule.kind == "shared":
            return {SHARED}
        if rule.kind == "setting":
            key = str(values.get("key") or "")
            return {FREE} if key.startswith(FREE_SETTING_PREFIXES) else {SHARED}
        if rule.kind == "org":
            if new:
                parent = values.get("parent_id")
                return {parent} if parent else {SHARED}
            return {values["id"]} if values.get("id") else {SHARED}
        value = values.get(rule.column)
        if value is None:
            return {SHARED}
        if rule.kind == "unit":
            return {value}
        if rule.kind == "member":
            branch = self._lookup("members", value, "branch_id")
            return {branch} if branch else {SHARED}
        parent_row = self._row(rule.parent, value)
        return self.of_row(rule.parent, parent_row) if parent_row is not None else {SHARED}

    def _lookup(self, table_name: str, pk_value: Any, column: str) -> Any:
        row = self._row(table_name, pk_value)
        return None if row is None else row.get(column)

    def _row(self, table_name: str, pk_value: Any) -> Mapping[str, Any] | None:
        key = (table_name, pk_value)
        if key not in self.pending:
            table: Table = Base.metadata.tables[table_name]
            pk = table.primary_key.columns.values()[0]
            with self.session.no_autoflush:
                found = self.session.execute(select(table).where(pk == pk_value)).mappings().first()
            self.pending[key] = dict(found) if found is not None else {}
        row = self.pending[key]
        return row or None


def _pk_name(table_name: str) -> str | None:
    table = Base.metadata.tables.get(table_name)
    if table is None or len(table.primary_key.columns) != 1:
        return None
    return str(table.primary_key.columns.values()[0].name)
