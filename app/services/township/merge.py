"""Merging a village's verified `.pbk` package into the township database, by the rows' stable ids.

The village's root organisation becomes a unit under the township's root (named ``--as-unit`` or the village's
own name), matched afterwards by its id. Every row is upserted by its id and recorded as the village's own
(``township_rows``); a newer package replaces exactly the rows that village sent before (rows it no longer has
are removed), an older one is refused, and rows of another village are never touched. One transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Table, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.util import LRUCache

from app.backup.archive import DATABASE
from app.backup.verify import verify_backup
from app.db.database import Database, make_engine, migrate
from app.db.models import Organization, every_table
from app.db.models_township import TownshipRow, TownshipVillage
from app.domain.errors import UserError
from app.domain.natural_order import natural_key
from app.services import audit
from app.services.township import bulk, photos as merged_photos

# Not merged: the village's own settings and audit trail, and the township's bookkeeping.
SKIPPED = {"settings", "audit_log", "alembic_version", "township_villages", "township_rows"}
SHARED = {"evaluation_periods"}  # the calendar's quarters: added when missing, never changed by a village
CHUNK = 500
# Every package is read through its own engine: the reading statements are compiled once for all of them.
SOURCE_STATEMENTS: LRUCache[Any, Any] = LRUCache(500)
UNIT_NAMED = {"grids", "assessment_items"}  # their names are unique in a database: prefixed with the unit


@dataclass
class MergeReport:
    package: str
    village: str
    revision: str | None
    created_at: str
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    refused_reason: str | None = None
    name_taken: bool = False  # refused because another village has the unit's name: retry with as_unit

    def as_json(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "village": self.village,
            "revision": self.revision,
            "created_at": self.created_at,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused_reason": self.refused_reason,
        }


@dataclass(frozen=True)
class VillageRow:
    village_id: str
    unit_name: str
    package_created_at: str
    package_name: str
    counts: dict[str, int]
    revision: str = ""  # the schema revision the village's program wrote its package with


def require_whole_tree(db: Database) -> None:
    """The villages' list and comparison show every village: refused to an account limited to a part of the tree."""
    from app.services.accounts import ScopeError, visible_unit_ids

    if visible_unit_ids(db) is not None:
        raise ScopeError("各村的汇总和比较只给乡镇一级的账户看（管理员，或管理范围是乡镇党委的账户）")


def villages(db: Database) -> list[VillageRow]:
    require_whole_tree(db)
    with db.session() as s:
        rows = sorted(s.scalars(select(TownshipVillage)), key=lambda r: natural_key(r.unit_name))
        return [
            VillageRow(
                r.village_id,
                r.unit_name,
                r.package_created_at,
                r.package_name,
                json.loads(r.counts),
                r.schema_revision,
            )
            for r in rows
        ]


def require_merger(db: Database) -> None:
    """Merging writes every table of a village: with accounts set up, a 管理员's work (refused before unpacking)."""
    from app.services.accounts import require_admin

    require_admin(db, "合并村里的数据包")


def _created(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def shown_time(text: str) -> str:
    """A package's time as a clerk reads it: the PC's own time, to the minute (2026-11-30 16:36)."""
    try:
        return _created(text).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


@dataclass
class Prepared:
    """A package verified, unpacked into a scratch folder of the data folder and brought to this program's schema
    (the slow part that needs no database: done ahead, in a thread, by ``batch.import_packages``)."""

    path: Path
    folder: Path
    manifest: dict[str, Any]

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def prepare(db: Database, path: Path, passphrase: str | None = None) -> Prepared:
    """Raises UserError (damaged, wrong passphrase, newer program…) like a restore would, leaving nothing behind."""
    folder = Path(tempfile.mkdtemp(prefix="pbk-merge-", dir=db.data_dir.root))
    try:
        unpacked = folder / "pkg"
        verified = verify_backup(
            path, passphrase, extract_to=unpacked, scratch_copy=True, scratch_photos=True
        )
        snapshot = make_engine(unpacked / DATABASE)
        try:
            migrate(snapshot)  # an older village program's package: brought to this program's schema first
        finally:
            snapshot.dispose()
        return Prepared(path, folder, verified.manifest)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def merge_prepared(db: Database, prepared: Prepared, as_unit: str | None = None) -> MergeReport:
    from app.services.accounts import require_admin

    require_admin(db, "并入村里的数据包")  # up front: even a package that would change nothing
    unpacked = prepared.folder / "pkg"
    new_photos, same_photos = merged_photos.plan(unpacked / "photos", db.data_dir.photos)
    snapshot = make_engine(unpacked / DATABASE)
    try:
        with snapshot.connect() as source:
            source.execution_options(compiled_cache=SOURCE_STATEMENTS)
            report = _merge(db, source, prepared.path.name, prepared.manifest, as_unit)
    finally:
        snapshot.dispose()
    if report.refused_reason is None:
        merged_photos.move_in(new_photos, db.data_dir.photos)
        report.added["photos"], report.unchanged["photos"] = len(new_photos), same_photos
    return report


def import_package(
    db: Database, path: Path, *, passphrase: str | None = None, as_unit: str | None = None
) -> MergeReport:
    """Verify, decrypt and merge one package. Refusals (older package, clashing ids…) come back in the report
    with nothing changed; a damaged or undecryptable package raises UserError like a restore would."""
    require_merger(db)
    prepared = prepare(db, Path(path), passphrase)
    try:
        return merge_prepared(db, prepared, as_unit)
    finally:
        prepared.close()


def _village_root(source: Connection) -> tuple[str, str]:
    roots = source.execute(
        select(Organization.id, Organization.name)
        .where(Organization.parent_id.is_(None))
        .order_by(Organization.sort_order)
    ).all()
    if len(roots) != 1:
        raise UserError("这个数据包里没有（或有不止一个）村级党组织，无法并入乡镇。")
    return str(roots[0][0]), str(roots[0][1])


def _merge(
    db: Database, source: Connection, package: str, manifest: dict[str, Any], as_unit: str | None
) -> MergeReport:
    village_id, village_name = _village_root(source)
    created_at = str(manifest.get("created_at") or "")
    report = MergeReport(package, village_name, manifest.get("schema_revision"), created_at)
    with db.session() as s, s.begin():
        conn = s.connection()
        town_roots = (
            conn.execute(select(Organization.id).where(Organization.parent_id.is_(None))).scalars().all()
        )
        if len(town_roots) != 1:
            raise UserError("乡镇数据库还没有设置乡镇党委（根组织），请先设置后再导入村里的数据包。")
        town_root = str(town_roots[0])
        if town_root == village_id:
            raise UserError("这个数据包是本数据库自己的备份，不是村里的数据包。")
        known = s.get(TownshipVillage, village_id)
        # Matched by the village's stable id: the unit keeps the name it was first given unless told otherwise.
        unit_name = (as_unit or (known.unit_name if known else village_name)).strip()
        report.village = unit_name
        if known is not None and _created(created_at) < _created(known.package_created_at):
            report.refused_reason = (
                f"这个数据包（{shown_time(created_at)} 备份）比上次并入的"
                f"（{shown_time(known.package_created_at)} 备份）旧，村里的数据以较新的为准。"
            )
            return report
        clash = conn.execute(
            select(Organization.id).where(
                Organization.parent_id == town_root,
                Organization.name == unit_name,
                Organization.id != village_id,
            )
        ).first()
        if clash is not None:
            report.refused_reason = f"乡镇下已有名为“{unit_name}”的另一个单位，请用 --as-unit 另起名字。"
            report.name_taken = True
            return report
        previous = json.loads(known.digests) if known is not None else {}
        digests: dict[str, str] = {}
        try:
            for table in every_table():
                if table.name in SKIPPED:
                    continue
                refusal = _merge_table(
                    conn,
                    source,
                    table,
                    village_id,
                    _overrides(source, table, village_id, town_root, unit_name),
                    report,
                    (previous, digests),
                    first=known is None,
                )
                if refusal:
                    s.rollback()
                    report.refused_reason = refusal
                    return report
        except IntegrityError as exc:
            s.rollback()
            report.refused_reason = (
                "数据包里有与乡镇已有数据重复的内容（例如同一身份证号的党员已在另一个村的名单里），"
                f"整个数据包未导入。（{str(exc.orig).splitlines()[-1][:200]}）"
            )
            return report
        if known is not None:  # a first merge has nothing the village could have dropped since
            _remove_dropped(
                conn, source, village_id, report, {t for t, d in digests.items() if previous.get(t) == d}
            )
        counts = {t: n for t, n in manifest.get("counts", {}).items() if isinstance(n, int)}
        if known is None:
            s.add(
                TownshipVillage(
                    village_id=village_id,
                    unit_name=unit_name,
                    package_created_at=created_at,
                    schema_revision=report.revision or "",
                    package_name=package,
                    counts=json.dumps(counts, ensure_ascii=False),
                    digests=json.dumps(digests),
                )
            )
        else:
            known.unit_name, known.package_created_at = unit_name, created_at
            known.package_name, known.counts = package, json.dumps(counts, ensure_ascii=False)
            known.schema_revision = report.revision or ""
            known.digests = json.dumps(digests)
        changed = sum(report.added.values()) + sum(report.updated.values())
        if changed or known is None:
            audit.record(
                s,
                db.actor,
                "import",
                "township_village",
                village_id,
                unit_name,
                None,
                f"{package}：新增 {sum(report.added.values())}，更新 {sum(report.updated.values())}",
            )
    return report


def _overrides(
    source: Connection, table: Table, village_id: str, town_root: str, unit_name: str
) -> dict[str, dict[str, Any]]:
    """The village's root hangs under the township's root as ``unit_name``; names unique in a database (grids,
    a year's assessment items) carry the unit's name so that two villages' 第1网格 or 组织建设 stay apart."""
    if table.name == "organizations":
        return {village_id: {"parent_id": town_root, "name": unit_name}}
    if table.name in UNIT_NAMED:
        return {
            str(i): {"name": f"{unit_name}·{n}"} for i, n in source.execute(select(table.c.id, table.c.name))
        }
    return {}


def _pk(table: Table) -> Column[Any]:
    """Every merged table has one string primary key (the stable id; the calendar's quarter code)."""
    (column,) = table.primary_key.columns
    return column


def _self_parent(table: Table) -> int | None:
    """The position of a column referring to the table itself (organisations' parent), if any."""
    for fk in table.foreign_keys:
        if fk.column.table is table:
            return list(table.columns).index(fk.parent)
    return None


def _parents_first(rows: list[tuple[Any, ...]], parent: int | None, pk: int) -> list[tuple[Any, ...]]:
    if parent is None:
        return rows
    ids = {r[pk] for r in rows}
    done: set[Any] = set()
    ordered: list[tuple[Any, ...]] = []
    pending = rows
    while pending:
        ready = [r for r in pending if r[parent] is None or r[parent] not in ids or r[parent] in done]
        if not ready:  # a cycle cannot be stored; keep the rest in their order
            ready = pending
        ordered += ready
        done.update(r[pk] for r in ready)
        ready_ids = {id(r) for r in ready}
        pending = [r for r in pending if id(r) not in ready_ids]
    return ordered


def _digest(rows: list[tuple[Any, ...]]) -> str:
    """The rows as sent (ordered by id, overrides applied): an unchanged table is skipped whole next time."""
    return hashlib.sha256(pickle.dumps(rows, protocol=5)).hexdigest()


def _merge_table(
    conn: Connection,
    source: Connection,
    table: Table,
    village_id: str,
    overrides: dict[str, dict[str, Any]],
    report: MergeReport,
    digests: tuple[dict[str, str], dict[str, str]],
    *,
    first: bool = False,
) -> str | None:
    """Upsert one table's rows; ``digests`` (last merge's, this one's): a table whose rows are exactly what this
    village sent last time is left alone without reading the township's copy. A village merged for the ``first``
    time owns nothing yet: its rows are inserted without looking for them, and an id the township already uses
    fails the insert (the primary key), which refuses the whole package."""
    pk_column = _pk(table)
    pk = list(table.columns).index(pk_column)
    incoming = [tuple(r) for r in source.execute(select(table).order_by(pk_column))]
    if not incoming:
        return None
    if overrides:
        names = [c.name for c in table.columns]
        for i, row in enumerate(incoming):
            changes = overrides.get(str(row[pk]))
            if changes:
                incoming[i] = tuple(changes.get(n, v) for n, v in zip(names, row, strict=True))
    previous, current = digests
    digest = _digest(incoming)
    current[table.name] = digest
    if previous.get(table.name) == digest:
        report.added[table.name], report.updated[table.name] = 0, 0
        report.unchanged[table.name] = len(incoming)
        return None
    keyed = {str(r[pk]): r for r in incoming}
    shared = table.name in SHARED
    existing = (
        {} if first and not shared else {str(r[pk]): r for r in bulk.rows_by_ids(conn, table, list(keyed))}
    )
    if existing and not shared:
        owned = set(
            conn.execute(
                select(TownshipRow.row_id).where(
                    TownshipRow.village_id == village_id, TownshipRow.table_name == table.name
                )
            ).scalars()
        )
        for key in existing:
            if key not in owned:
                return (
                    f"数据包里“{table.name}”表的编号 {key} 已被乡镇的其他数据使用（另一个村或乡镇自己的），"
                    "为免覆盖别人的数据，整个数据包未导入。"
                )
    added = [r for k, r in keyed.items() if k not in existing]
    changed = [] if shared else [r for k, r in keyed.items() if k in existing and existing[k] != r]
    if added:
        bulk.add_rows(conn, table, _parents_first(added, _self_parent(table), pk))
        if not shared:
            bulk.add_rows(
                conn,
                TownshipRow.__table__,  # type: ignore[arg-type]
                [(table.name, str(r[pk]), village_id) for r in added],
            )
    if changed:
        bulk.update_rows(conn, table, changed)
    report.added[table.name] = len(added)
    report.updated[table.name] = len(changed)
    report.unchanged[table.name] = len(incoming) - len(added) - len(changed)
    return None


def _remove_dropped(
    conn: Connection, source: Connection, village_id: str, report: MergeReport, same: set[str]
) -> None:
    """Rows the village sent before but no longer has (deleted there): removed, children first."""
    for table in reversed(every_table()):
        if table.name in SKIPPED or table.name in SHARED or table.name in same:
            continue
        owned = set(
            conn.execute(
                select(TownshipRow.row_id).where(
                    TownshipRow.village_id == village_id, TownshipRow.table_name == table.name
                )
            ).scalars()
        )
        if not owned:
            continue
        present = {str(i) for i in source.execute(select(_pk(table))).scalars()}
        gone = sorted(owned - present)
        if not gone:
            continue
        for start in range(0, len(gone), CHUNK):
            conn.execute(delete(table).where(_pk(table).in_(gone[start : start + CHUNK])))
        conn.execute(
            delete(TownshipRow).where(TownshipRow.table_name == table.name, TownshipRow.row_id.in_(gone))
        )
        report.updated[table.name] = report.updated.get(table.name, 0) + len(gone)
