"""Points written by the routine (meetings, dues): the entries a source should have, kept in step.

A meeting's attendance (or a member's dues for a quarter) says which entries should exist; :func:`sync_links`
compares that with the live entries linked to the source and reverses what no longer holds, then writes
what is missing — inside the caller's transaction. The ledger stays reversal-only: nothing is updated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.bulk import insert_rows
from app.db.models import Member, new_id, utcnow
from app.db.models_points import PointEntry
from app.db.models_routine import RoutinePointLink
from app.domain import points as rules
from app.domain.member_status import MemberStatus
from app.services import audit
from app.services.points.resolver import MEMBER_COLUMNS, MemberInfo, Resolver, indicator_applies


@dataclass(frozen=True)
class Wanted:
    """An entry the source should have: ``key`` tells entries of one source apart (member id, quarter…)."""

    member_id: str
    indicator: str
    date: dt.date
    key: str
    note: str


_CAPPED = "已到年度上限"


@dataclass
class SyncResult:
    written: int = 0
    reversed: int = 0
    kept: int = 0
    skipped: list[str] = field(default_factory=list)  # why an entry could not be written (no rules, cap…)
    capped: dict[str, int] = field(default_factory=dict)  # indicator → members already at its annual cap

    @property
    def message(self) -> str:
        """In the clerk's words: the members at an indicator's cap counted, not named one by one ("52 条未记
        （蔡东堃“三会一课”已到年度上限；…）" read as if something had gone wrong)."""
        text = f"积分：新记 {self.written} 条，冲销 {self.reversed} 条"
        for name, n in self.capped.items():
            text += f"；{n} 人的“{name}”已到年度上限，这次不再加分"
        other = [why for why in self.skipped if not why.endswith(_CAPPED)]
        if other:
            text += f"；{len(other)} 条未记（{'；'.join(other[:3])}）"
        return text + "。"


@dataclass(frozen=True)
class _Live:
    entry_id: str
    source_id: str
    member_id: str
    key: str
    indicator_id: str
    date: dt.date
    points: int
    entry: dict[str, Any]


CHUNK = 500  # ids per IN (…) list: well under every database's parameter limit


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def live_entries(s: Session, source: str, source_ids: Sequence[str]) -> list[_Live]:
    """The sources' linked entries that are neither a reversal nor reversed.

    Plain queries rather than one self-join: SQLite's planner scanned the whole ledger for the join."""
    rows = []
    for chunk in _chunks(list(source_ids)):
        rows += list(
            s.execute(
                select(RoutinePointLink.source_id, RoutinePointLink.key, PointEntry)
                .join(PointEntry, PointEntry.id == RoutinePointLink.entry_id)
                .where(RoutinePointLink.source == source, RoutinePointLink.source_id.in_(chunk))
            )
        )
    reversed_ids: set[str | None] = set()
    for chunk in _chunks([e.id for _sid, _k, e in rows]):
        reversed_ids |= set(
            s.scalars(select(PointEntry.reverses_entry_id).where(PointEntry.reverses_entry_id.in_(chunk)))
        )
    out = []
    for source_id, key, e in rows:
        if e.reverses_entry_id is not None or e.id in reversed_ids:
            continue
        entry = {
            "member_id": e.member_id,
            "rule_set_id": e.rule_set_id,
            "indicator_id": e.indicator_id,
            "year": e.year,
            "date": e.date,
            "occurrences": e.occurrences,
            "note": e.note,
        }
        out.append(_Live(e.id, source_id, e.member_id, key, e.indicator_id, e.date, e.points, entry))
    return out


def sync_links(
    s: Session,
    actor: str,
    source: str,
    source_id: str,
    wanted: Sequence[Wanted],
    reason: str,
    *,
    keys: set[str] | None = None,
    resolvers: dict[int, Resolver] | None = None,
) -> SyncResult:
    """Bring the source's live entries to ``wanted`` (only those with a key in ``keys``, if given)."""
    return sync_many(s, actor, source, {source_id: wanted}, reason, keys=keys, resolvers=resolvers)


def sync_many(
    s: Session,
    actor: str,
    source: str,
    wanted_by_source: Mapping[str, Sequence[Wanted]],
    reason: str,
    *,
    keys: set[str] | None = None,
    resolvers: dict[int, Resolver] | None = None,
) -> SyncResult:
    """:func:`sync_links` for many sources at once (every member's dues, a demo's meetings): the same
    result, with a handful of queries instead of a handful per source.

    ``resolvers``: a cache of the years' rules, for callers that call this more than once."""
    result = SyncResult()
    source_ids = list(wanted_by_source)
    live = [e for e in live_entries(s, source, source_ids) if keys is None or e.key in keys]
    by_key: dict[tuple[str, str, str], _Live] = {(e.source_id, e.member_id, e.key): e for e in live}
    member_ids = list(
        {w.member_id for ws in wanted_by_source.values() for w in ws} | {e.member_id for e in live}
    )
    infos: dict[str, MemberInfo] = {}
    for chunk in _chunks(member_ids):
        for r in s.execute(select(*MEMBER_COLUMNS).where(Member.id.in_(chunk))):
            infos[r[0]] = MemberInfo.from_row(r)
    resolvers = resolvers if resolvers is not None else {}

    def resolver(year: int) -> Resolver:
        if year not in resolvers:
            resolvers[year] = Resolver(s, year)
        return resolvers[year]

    now = utcnow()
    entries: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    touched: dict[str, list[int]] = {}  # source id → [written, reversed], for its audit row

    def reverse(e: _Live) -> None:
        rid = new_id()
        entries.append(
            {
                **e.entry,
                "id": rid,
                "points": -e.points,
                "note": f"冲销：{e.entry['note']}".rstrip("："),
                "recorded_by": actor,
                "recorded_at": now,
                "reverses_entry_id": e.entry_id,
                "reason": reason,
                "batch_id": None,
                "commitment_id": None,
            }
        )
        links.append(
            {
                "entry_id": rid,
                "source": source,
                "source_id": e.source_id,
                "member_id": e.member_id,
                "key": e.key,
            }
        )
        touched.setdefault(e.source_id, [0, 0])[1] += 1
        result.reversed += 1

    found: dict[tuple[int, Any, str], Any] = {}  # (year, rule set, name) → the active indicator or None

    def indicator(year: int, rule_set_id: Any, name: str) -> Any:
        key = (year, rule_set_id, name)
        if key not in found:  # one scan of the year's indicators per name, not one per wanted entry
            found[key] = next(
                (
                    i
                    for i in resolver(year).indicators.values()
                    if i.rule_set_id == rule_set_id and i.name == name and i.active
                ),
                None,
            )
        return found[key]

    plan: list[
        tuple[str, Wanted, MemberInfo, Any, Any]
    ] = []  # (source id, wanted, member, rule set, indicator)
    seen: set[tuple[str, str, str]] = set()
    for source_id, wanted in wanted_by_source.items():
        for w in wanted:
            seen.add((source_id, w.member_id, w.key))
            m = infos.get(w.member_id)
            current = by_key.get((source_id, w.member_id, w.key))
            target = None
            if m is not None and m.status == MemberStatus.ACTIVE:
                res = resolver(w.date.year)
                rs = res.rule_set(m.branch_id)
                if rs is None:
                    result.skipped.append(f"{w.date.year}年没有积分规则")
                else:
                    ind = indicator(w.date.year, rs.id, w.indicator)
                    if ind is None:
                        result.skipped.append(f"积分规则里没有指标“{w.indicator}”")
                    elif indicator_applies(ind, res.tier(rs, m)):
                        target = (rs, ind)
            if (
                current is not None
                and target is not None
                and current.indicator_id == target[1].id
                and current.date == w.date
            ):
                result.kept += 1
                continue
            if current is not None:
                reverse(current)
            if target is not None and m is not None:
                plan.append((source_id, w, m, target[0], target[1]))
    for key, e in by_key.items():
        if key not in seen:
            reverse(e)
    # Reversals free room under the caps before the new entries are measured against them.
    used: dict[tuple[str, str, int], int] = {}
    plan_members = list({m.id for _sid, _w, m, _rs, _i in plan})
    for year in {w.date.year for _sid, w, _m, _rs, _i in plan}:
        for chunk in _chunks(plan_members):
            for mid, iid, total in s.execute(
                select(PointEntry.member_id, PointEntry.indicator_id, func.sum(PointEntry.points))
                .where(PointEntry.year == year, PointEntry.member_id.in_(chunk))
                .group_by(PointEntry.member_id, PointEntry.indicator_id)
            ):
                used[(mid, iid, year)] = int(total)
    for pending in entries:  # the reversals not yet written
        k = (pending["member_id"], pending["indicator_id"], pending["year"])
        used[k] = used.get(k, 0) + int(pending["points"])
    for source_id, w, m, rs, ind in plan:
        k = (m.id, ind.id, w.date.year)
        capped = rules.apply_cap(ind.points, 1, ind.annual_cap, used.get(k, 0))
        if capped.points == 0:
            result.skipped.append(f"{m.name}“{ind.name}”{_CAPPED}")
            result.capped[ind.name] = result.capped.get(ind.name, 0) + 1
            continue
        used[k] = used.get(k, 0) + capped.points
        eid = new_id()
        entries.append(
            {
                "id": eid,
                "member_id": m.id,
                "rule_set_id": rs.id,
                "indicator_id": ind.id,
                "year": w.date.year,
                "date": w.date,
                "occurrences": 1,
                "points": capped.points,
                "note": w.note,
                "recorded_by": actor,
                "recorded_at": now,
                "reverses_entry_id": None,
                "reason": "",
                "batch_id": None,
                "commitment_id": None,
            }
        )
        links.append(
            {"entry_id": eid, "source": source, "source_id": source_id, "member_id": m.id, "key": w.key}
        )
        touched.setdefault(source_id, [0, 0])[0] += 1
        result.written += 1
    if entries:
        insert_rows(s, PointEntry, entries)  # the driver's executemany: a year's dues or meetings at once
        insert_rows(s, RoutinePointLink, links)
        for source_id, (written, reversed_) in touched.items():
            audit.record(
                s, actor, "points", source, source_id, "entries", None, f"新记 {written}，冲销 {reversed_}"
            )
    return result


def linked_entry_ids(s: Session, source: str, source_id: str) -> list[str]:
    """Every entry (originals and reversals) linked to the source, for showing a meeting's points."""
    return list(
        s.scalars(
            select(RoutinePointLink.entry_id).where(
                RoutinePointLink.source == source, RoutinePointLink.source_id == source_id
            )
        )
    )
