"""Points written by the routine (meetings, dues): the entries a source should have, kept in step.

A meeting's attendance (or a member's dues for a quarter) says which entries should exist; :func:`sync_links`
compares that with the live entries linked to the source and reverses what no longer holds, then writes
what is missing — inside the caller's transaction. The ledger stays reversal-only: nothing is updated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Member, PointEntry, RoutinePointLink, new_id, utcnow
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


@dataclass
class SyncResult:
    written: int = 0
    reversed: int = 0
    kept: int = 0
    skipped: list[str] = field(default_factory=list)  # why an entry could not be written (no rules, cap…)

    @property
    def message(self) -> str:
        text = f"积分：新记 {self.written} 条，冲销 {self.reversed} 条"
        if self.skipped:
            text += f"；{len(self.skipped)} 条未记（{'；'.join(self.skipped[:3])}）"
        return text + "。"


@dataclass(frozen=True)
class _Live:
    entry_id: str
    member_id: str
    key: str
    indicator_id: str
    date: dt.date
    points: int
    entry: dict[str, Any]


def live_entries(s: Session, source: str, source_id: str) -> list[_Live]:
    """The source's linked entries that are neither a reversal nor reversed."""
    rev = aliased(PointEntry)
    rows = s.execute(
        select(RoutinePointLink.key, PointEntry)
        .join(PointEntry, PointEntry.id == RoutinePointLink.entry_id)
        .outerjoin(rev, rev.reverses_entry_id == PointEntry.id)
        .where(
            RoutinePointLink.source == source,
            RoutinePointLink.source_id == source_id,
            PointEntry.reverses_entry_id.is_(None),
            rev.id.is_(None),
        )
    )
    out = []
    for key, e in rows:
        entry = {
            "member_id": e.member_id,
            "rule_set_id": e.rule_set_id,
            "indicator_id": e.indicator_id,
            "year": e.year,
            "date": e.date,
            "occurrences": e.occurrences,
            "note": e.note,
        }
        out.append(_Live(e.id, e.member_id, key, e.indicator_id, e.date, e.points, entry))
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
) -> SyncResult:
    """Bring the source's live entries to ``wanted`` (only those with a key in ``keys``, if given)."""
    result = SyncResult()
    live = [e for e in live_entries(s, source, source_id) if keys is None or e.key in keys]
    by_key: dict[tuple[str, str], _Live] = {(e.member_id, e.key): e for e in live}
    member_ids = list({w.member_id for w in wanted} | {e.member_id for e in live})
    infos = (
        {
            r[0]: MemberInfo.from_row(r)
            for r in s.execute(select(*MEMBER_COLUMNS).where(Member.id.in_(member_ids)))
        }
        if member_ids
        else {}
    )
    resolvers: dict[int, Resolver] = {}

    def resolver(year: int) -> Resolver:
        if year not in resolvers:
            resolvers[year] = Resolver(s, year)
        return resolvers[year]

    now = utcnow()
    entries: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

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
                "source_id": source_id,
                "member_id": e.member_id,
                "key": e.key,
            }
        )
        result.reversed += 1

    plan: list[tuple[Wanted, MemberInfo, Any, Any]] = []  # (wanted, member, rule set, indicator)
    seen: set[tuple[str, str]] = set()
    for w in wanted:
        seen.add((w.member_id, w.key))
        m = infos.get(w.member_id)
        current = by_key.get((w.member_id, w.key))
        target = None
        if m is not None and m.status == MemberStatus.ACTIVE:
            res = resolver(w.date.year)
            rs = res.rule_set(m.branch_id)
            if rs is None:
                result.skipped.append(f"{w.date.year}年没有积分规则")
            else:
                ind = next(
                    (
                        i
                        for i in res.indicators.values()
                        if i.rule_set_id == rs.id and i.name == w.indicator and i.active
                    ),
                    None,
                )
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
            plan.append((w, m, target[0], target[1]))
    for key, e in by_key.items():
        if key not in seen:
            reverse(e)
    # Reversals free room under the caps before the new entries are measured against them.
    years = {w.date.year for w, _m, _rs, _i in plan}
    used: dict[tuple[str, str, int], int] = {}
    plan_members = list({m.id for _w, m, _rs, _i in plan})
    for year in years:
        for mid, iid, total in s.execute(
            select(PointEntry.member_id, PointEntry.indicator_id, func.sum(PointEntry.points))
            .where(PointEntry.year == year, PointEntry.member_id.in_(plan_members))
            .group_by(PointEntry.member_id, PointEntry.indicator_id)
        ):
            used[(mid, iid, year)] = int(total)
    for pending in entries:  # the reversals not yet flushed
        k = (pending["member_id"], pending["indicator_id"], pending["year"])
        used[k] = used.get(k, 0) + int(pending["points"])
    for w, m, rs, ind in plan:
        k = (m.id, ind.id, w.date.year)
        capped = rules.apply_cap(ind.points, 1, ind.annual_cap, used.get(k, 0))
        if capped.points == 0:
            result.skipped.append(f"{m.name}“{ind.name}”已到年度上限")
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
        result.written += 1
    if entries:
        s.execute(insert(PointEntry), entries)
        s.execute(insert(RoutinePointLink), links)
        audit.record(
            s,
            actor,
            "points",
            source,
            source_id,
            "entries",
            None,
            f"新记 {result.written}，冲销 {result.reversed}",
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
