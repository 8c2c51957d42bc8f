"""The points ledger: entries (one, or a batch for a meeting), reversals, a member's 积分手册, batch candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, new_id, utcnow
from app.db.models_points import PointEntry
from app.domain import points as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, lookup, organizations, versions
from app.services.points.resolver import (
    MEMBER_COLUMNS,
    MemberInfo,
    Resolver,
    base_points_of,
    find_indicator,
    indicator_applies,
    member_info,
    no_rules,
    used_points,
)


@dataclass(frozen=True)
class EntryRow:
    id: str
    member_id: str
    date: dt.date
    indicator_id: str
    indicator_name: str
    category: str
    occurrences: int
    points: int
    note: str
    recorded_by: str
    recorded_at: dt.datetime
    reverses_entry_id: str | None
    reason: str
    reversed_by: str | None
    batch_id: str | None
    commitment_id: str | None
    running_total: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "indicator": self.indicator_name,
            "category": self.category,
            "times": self.occurrences,
            "points": self.points,
            "running_total": self.running_total,
            "note": self.note,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(timespec="seconds"),
            "reverses_entry_id": self.reverses_entry_id,
            "reason": self.reason,
            "reversed_by": self.reversed_by,
            "batch_id": self.batch_id,
            "commitment_id": self.commitment_id,
        }


@dataclass(frozen=True)
class AddResult:
    entry_id: str
    member_name: str
    indicator: str
    raw_points: int
    points: int
    room_before: int | None

    @property
    def was_capped(self) -> bool:
        return self.points != self.raw_points

    @property
    def message(self) -> str:
        sign = f"{self.points:+d}"
        if self.was_capped:
            return (
                f"已记录：{self.member_name} {self.indicator} {sign} 分。"
                f"按规则应计 {self.raw_points:+d} 分，但本年度该指标只剩 {self.room_before} 分的上限，只计 {sign} 分。"
            )
        return f"已记录：{self.member_name} {self.indicator} {sign} 分。"


@dataclass(frozen=True)
class Ledger:
    member_id: str
    member_name: str
    year: int
    tier: str
    base: int
    entries: tuple[EntryRow, ...]
    total: int


@dataclass
class BatchResult:
    batch_id: str
    indicator: str
    added: int = 0
    capped: list[str] = field(default_factory=list)  # names recorded with fewer points (cap)
    full: list[str] = field(default_factory=list)  # names skipped: cap already reached
    not_applicable: list[str] = field(default_factory=list)  # tier not covered by the indicator
    deducted: int = 0

    @property
    def message(self) -> str:
        parts = [f"“{self.indicator}”已为 {self.added} 人各记一条"]
        if self.deducted:
            parts.append(f"缺席扣分 {self.deducted} 人")
        if self.capped:
            parts.append(f"{len(self.capped)} 人按年度上限少计（{'、'.join(self.capped[:5])}…）")
        if self.full:
            parts.append(f"{len(self.full)} 人本年度已到上限未记（{'、'.join(self.full[:5])}）")
        if self.not_applicable:
            parts.append(f"{len(self.not_applicable)} 人所在层次不适用此指标未记")
        return "；".join(parts) + "。"


# --- ledger ------------------------------------------------------------------------------------------------------


def add_entry(
    db: Database,
    member_id: str,
    indicator: str,
    date: dt.date,
    times: int = 1,
    note: str = "",
    *,
    commitment_id: str | None = None,
) -> AddResult:
    """Record points for a member. More than the cap allows: stored capped, and the result says so.
    Nothing left under the cap: refused (UserError)."""
    with db.session() as s, s.begin():
        return record_entry(s, db.actor, member_id, indicator, date, times, note, commitment_id=commitment_id)


def record_entry(
    s: Session,
    actor: str,
    member_id: str,
    indicator: str,
    date: dt.date,
    times: int = 1,
    note: str = "",
    *,
    commitment_id: str | None = None,
) -> AddResult:
    """``add_entry`` inside the caller's transaction (links from visits and requests write theirs in one)."""
    year = date.year
    versions.lock(s, Member, member_id)  # the yearly cap below holds against entries made at the same time
    m = member_info(s, member_id)
    if m.status != MemberStatus.ACTIVE:
        left_on = s.scalar(select(Member.left_on).where(Member.id == m.id))
        if left_on is None or date > left_on:
            raise UserError(f"{m.name}已{m.status}（{left_on or '日期不详'}），之后的日期不能再记积分")
    resolver = Resolver(s, year)
    rs = resolver.rule_set(m.branch_id)
    if rs is None:
        raise no_rules(year)
    ind = find_indicator(resolver, rs, indicator)
    tier = resolver.tier(rs, m)
    if not indicator_applies(ind, tier):
        raise UserError(f"指标“{ind.name}”不适用于{tier.name}党员（{m.name}）")
    capped = rules.apply_cap(ind.points, times, ind.annual_cap, used_points(s, m.id, ind.id, year))
    if capped.points == 0:
        raise UserError(
            f"{m.name}{year}年的“{ind.name}”已达年度上限 {ind.annual_cap} 分，这一条不能再计分，没有记录"
        )
    entry = PointEntry(
        member_id=m.id,
        rule_set_id=rs.id,
        indicator_id=ind.id,
        year=year,
        date=date,
        occurrences=times,
        points=capped.points,
        note=note.strip(),
        recorded_by=actor,
        commitment_id=commitment_id,
    )
    s.add(entry)
    s.flush()
    audit.record(s, actor, "create", "point_entry", entry.id, ind.name, None, capped.points)
    return AddResult(entry.id, m.name, ind.name, capped.raw, capped.points, capped.room_before)


def batch_entry(
    db: Database,
    indicator: str,
    date: dt.date,
    attendee_ids: Sequence[str],
    *,
    absent_ids: Sequence[str] = (),
    deduct_indicator: str | None = None,
    note: str = "",
) -> BatchResult:
    """One activity → one entry per ticked attendee; absentees optionally get the deduction indicator.
    Members already at the cap are skipped and named in the result, never stored with 0 points."""
    if not attendee_ids and not (absent_ids and deduct_indicator):
        raise ValidationError("请至少勾选一名参加的党员", field="members")
    if deduct_indicator and set(attendee_ids) & set(absent_ids):
        raise ValidationError("同一名党员不能既参加又缺席", field="members")
    year = date.year
    batch_id = new_id()
    now = utcnow()
    with db.session() as s, s.begin():
        resolver = Resolver(s, year)
        ids = list(dict.fromkeys([*attendee_ids, *absent_ids]))
        infos = {
            r[0]: MemberInfo.from_row(r) for r in s.execute(select(*MEMBER_COLUMNS).where(Member.id.in_(ids)))
        }
        missing = [i for i in ids if i not in infos]
        if missing:
            raise NotFoundError(f"找不到党员（编号 {missing[0]}）")
        used: dict[tuple[str, str], int] = {
            (mid, iid): int(total)
            for mid, iid, total in s.execute(
                select(PointEntry.member_id, PointEntry.indicator_id, func.sum(PointEntry.points))
                .where(PointEntry.year == year, PointEntry.member_id.in_(ids))
                .group_by(PointEntry.member_id, PointEntry.indicator_id)
            )
        }
        result = BatchResult(batch_id, indicator.strip())
        rows: list[dict[str, Any]] = []
        plan = [(mid, indicator, note) for mid in attendee_ids]
        if deduct_indicator:
            plan += [(mid, deduct_indicator, (note + " 缺席").strip()) for mid in absent_ids]
        for mid, ind_name, entry_note in plan:
            m = infos[mid]
            if m.status != MemberStatus.ACTIVE:
                raise UserError(f"{m.name}已{m.status}，不能批量记分；请把他从名单里去掉")
            rs = resolver.rule_set(m.branch_id)
            if rs is None:
                raise no_rules(year)
            ind = find_indicator(resolver, rs, ind_name)
            tier = resolver.tier(rs, m)
            if not indicator_applies(ind, tier):
                result.not_applicable.append(m.name)
                continue
            capped = rules.apply_cap(ind.points, 1, ind.annual_cap, used.get((mid, ind.id), 0))
            if capped.points == 0:
                result.full.append(m.name)
                continue
            if capped.was_capped:
                result.capped.append(m.name)
            used[(mid, ind.id)] = used.get((mid, ind.id), 0) + capped.points
            rows.append(
                {
                    "id": new_id(),
                    "member_id": mid,
                    "rule_set_id": rs.id,
                    "indicator_id": ind.id,
                    "year": year,
                    "date": date,
                    "occurrences": 1,
                    "points": capped.points,
                    "note": entry_note,
                    "recorded_by": db.actor,
                    "recorded_at": now,
                    "reverses_entry_id": None,
                    "reason": "",
                    "batch_id": batch_id,
                    "commitment_id": None,
                }
            )
            if ind_name == indicator:
                result.added += 1
            else:
                result.deducted += 1
        if rows:
            s.execute(insert(PointEntry), rows)
        audit.record(s, db.actor, "batch", "point_entry", batch_id, indicator, None, len(rows))
        return result


def reverse_entry(db: Database, entry_id: str, reason: str) -> str:
    """A correction: a new entry with the opposite points and the reason; the original stays. Returns its id."""
    with db.session() as s, s.begin():
        return record_reversal(s, db.actor, entry_id, reason)


def record_reversal(s: Session, actor: str, entry_id: str, reason: str) -> str:
    """``reverse_entry`` inside the caller's transaction (links reversed with their visit or request)."""
    original = s.get(PointEntry, entry_id)
    if original is None:
        raise NotFoundError(f"找不到积分记录（编号 {entry_id}）")
    already = s.scalar(select(PointEntry.id).where(PointEntry.reverses_entry_id == entry_id))
    rules.check_reversal(original.reverses_entry_id is not None, already is not None, reason)
    rev = PointEntry(
        member_id=original.member_id,
        rule_set_id=original.rule_set_id,
        indicator_id=original.indicator_id,
        year=original.year,
        date=original.date,
        occurrences=original.occurrences,
        points=-original.points,
        note=f"冲销：{original.note}".rstrip("："),
        recorded_by=actor,
        reverses_entry_id=original.id,
        reason=reason.strip(),
        commitment_id=original.commitment_id,
    )
    s.add(rev)
    s.flush()
    audit.record(s, actor, "reverse", "point_entry", original.id, "reason", None, reason.strip())
    return rev.id


def ledger(db: Database, member_id: str, year: int) -> Ledger:
    """The member's 积分手册 for a year: base, then every entry in date order with the running total."""
    with db.session() as s:
        m = member_info(s, member_id)
        resolver = Resolver(s, year)
        rs = resolver.rule_set(m.branch_id)
        base, tier_name = 0, ""
        if rs is not None:
            tier = resolver.tier(rs, m)
            tier_name = tier.name
            base = base_points_of(s, year, [m], resolver).get(m.id, tier.base_points)
        names = {i.id: (i.name, i.category) for i in resolver.indicators.values()}
        rows = list(
            s.execute(
                select(PointEntry)
                .where(PointEntry.member_id == member_id, PointEntry.year == year)
                .order_by(PointEntry.date, PointEntry.recorded_at)
            ).scalars()
        )
    reversed_by = {r.reverses_entry_id: r.id for r in rows if r.reverses_entry_id}
    caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
    running_nets: dict[str, int] = {}
    entries: list[EntryRow] = []
    for r in rows:
        running_nets[r.indicator_id] = running_nets.get(r.indicator_id, 0) + r.points
        running = rules.totals(base, running_nets, caps).total
        name, category = names.get(r.indicator_id, ("（已删除的指标）", ""))
        entries.append(
            EntryRow(
                r.id,
                r.member_id,
                r.date,
                r.indicator_id,
                name,
                category,
                r.occurrences,
                r.points,
                r.note,
                r.recorded_by,
                r.recorded_at,
                r.reverses_entry_id,
                r.reason,
                reversed_by.get(r.id),
                r.batch_id,
                r.commitment_id,
                running,
            )
        )
    total = rules.totals(base, running_nets, caps).total
    return Ledger(m.id, m.name, year, tier_name, base, tuple(entries), total)


# --- members for batch entry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    member_id: str
    name: str
    branch_name: str
    tier: str
    applies: bool  # the indicator covers the member's tier
    category: str = ""  # 正式党员 / 预备党员
    pinyin_full: str = ""
    pinyin_initials: str = ""


def candidates(
    db: Database, year: int, indicator: str | None = None, branch_id: str | None = None
) -> list[Candidate]:
    """Active members under the year's rules (optionally one branch), for the batch entry's tick list."""
    with db.session() as s:
        resolver = Resolver(s, year)
        stmt = (
            select(*MEMBER_COLUMNS).where(Member.status == MemberStatus.ACTIVE).order_by(Member.pinyin_full)
        )
        if branch_id is not None:
            stmt = stmt.where(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
        out: list[Candidate] = []
        for r in s.execute(stmt):
            m = MemberInfo.from_row(r)
            rs = resolver.rule_set(m.branch_id)
            if rs is None:
                continue
            tier = resolver.tier(rs, m)
            applies = True
            if indicator:
                ind = next(
                    (
                        i
                        for i in resolver.indicators.values()
                        if i.rule_set_id == rs.id and i.name == indicator
                    ),
                    None,
                )
                applies = ind is not None and indicator_applies(ind, tier)
            out.append(
                Candidate(
                    m.id,
                    m.name,
                    resolver.org_names.get(m.branch_id, ""),
                    tier.name,
                    applies,
                    m.category,
                    m.pinyin_full,
                    m.pinyin_initials,
                )
            )
        return out


def resolve_entry_id(db: Database, ref: str) -> str:
    """An entry's id from the full id or a unique prefix of at least 4 characters (for the CLI)."""
    return lookup.resolve_id(db, PointEntry, ref, "积分记录")
