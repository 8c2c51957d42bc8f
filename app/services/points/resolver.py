"""Placing members under a year's rules (rule set, tier) and the sums every total is built from.

Shared by the ledger, the summaries and the links to other areas, inside their callers' sessions."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization
from app.db.models_points import Indicator, MemberTier, PointEntry, RuleSet, Tier
from app.domain import points as rules
from app.domain.errors import NotFoundError, UserError

# --- resolving a member's rule set and tier -----------------------------------------------------------------------


@dataclass(frozen=True)
class MemberInfo:
    id: str
    name: str
    branch_id: str
    category: str
    party_post: str
    is_mobile: bool
    birth_date: dt.date
    status: str
    pinyin_full: str
    pinyin_initials: str

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> MemberInfo:
        """From a row selected with MEMBER_COLUMNS (same order)."""
        return cls(*row)


MEMBER_COLUMNS = (
    Member.id,
    Member.name,
    Member.branch_id,
    Member.category,
    Member.party_post,
    Member.is_mobile,
    Member.birth_date,
    Member.status,
    Member.pinyin_full,
    Member.pinyin_initials,
)


class Resolver:
    """Everything needed to place members under a year's rules, loaded once per use case."""

    def __init__(self, s: Session, year: int) -> None:
        self.year = year
        self.parents: dict[str, str | None] = {}
        self.org_names: dict[str, str] = {}
        for oid, parent, name in s.execute(
            select(Organization.id, Organization.parent_id, Organization.name)
        ):
            self.parents[oid] = parent
            self.org_names[oid] = name
        self.sets: dict[str, RuleSet] = {
            rs.organization_id: rs for rs in s.scalars(select(RuleSet).where(RuleSet.year == year))
        }
        set_ids = [rs.id for rs in self.sets.values()]
        self.tiers: dict[str, Tier] = {
            t.id: t for t in s.scalars(select(Tier).where(Tier.rule_set_id.in_(set_ids)))
        }
        self.tier_by_kind: dict[tuple[str, str], Tier] = {
            (t.rule_set_id, t.kind): t for t in self.tiers.values()
        }
        self.overrides: dict[tuple[str, str], str] = {
            (rs_id, m_id): t_id
            for rs_id, m_id, t_id in s.execute(
                select(MemberTier.rule_set_id, MemberTier.member_id, MemberTier.tier_id).where(
                    MemberTier.rule_set_id.in_(set_ids)
                )
            )
        }
        self.indicators: dict[str, Indicator] = {
            i.id: i for i in s.scalars(select(Indicator).where(Indicator.rule_set_id.in_(set_ids)))
        }

    def rule_set(self, branch_id: str) -> RuleSet | None:
        org: str | None = branch_id
        while org is not None:
            if org in self.sets:
                return self.sets[org]
            org = self.parents.get(org)
        return None

    def tier(self, rs: RuleSet, m: MemberInfo) -> Tier:
        override = self.overrides.get((rs.id, m.id))
        if override and override in self.tiers:
            return self.tiers[override]
        end = dt.date(self.year, 12, 31)
        age = end.year - m.birth_date.year - ((end.month, end.day) < (m.birth_date.month, m.birth_date.day))
        kind = rules.default_tier_kind(m.party_post, m.is_mobile, age)
        tier = self.tier_by_kind.get((rs.id, kind)) or self.tier_by_kind.get((rs.id, "ordinary"))
        if tier is None:
            tier = next(t for t in self.tiers.values() if t.rule_set_id == rs.id)
        return tier


def member_info(s: Session, member_id: str) -> MemberInfo:
    row = s.execute(select(*MEMBER_COLUMNS).where(Member.id == member_id)).first()
    if row is None:
        raise NotFoundError(f"找不到党员（编号 {member_id}）")
    return MemberInfo.from_row(row)


def no_rules(year: int) -> UserError:
    return UserError(f"{year}年还没有积分规则：请先在“积分管理”里建立（可用预设，或复制上一年的规则）")


def used_points(s: Session, member_id: str, indicator_id: str, year: int) -> int:
    return int(
        s.scalar(
            select(func.coalesce(func.sum(PointEntry.points), 0)).where(
                PointEntry.member_id == member_id,
                PointEntry.indicator_id == indicator_id,
                PointEntry.year == year,
            )
        )
        or 0
    )


def indicator_applies(ind: Indicator, tier: Tier) -> bool:
    tier_ids = json.loads(ind.tier_ids)
    return not tier_ids or tier.id in tier_ids


def find_indicator(resolver: Resolver, rs: RuleSet, name: str) -> Indicator:
    for ind in resolver.indicators.values():
        if ind.rule_set_id == rs.id and ind.name == name.strip() and ind.active:
            return ind
    ours = sorted(
        (i for i in resolver.indicators.values() if i.rule_set_id == rs.id and i.active),
        key=lambda i: i.sort_order,
    )
    known = "、".join(i.name for i in ours)
    raise NotFoundError(f"{rs.year}年的积分规则里没有指标“{name}”。可用的指标：{known}")


def year_nets(s: Session, year: int, member_ids: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    stmt = (
        select(PointEntry.member_id, PointEntry.indicator_id, func.sum(PointEntry.points))
        .where(PointEntry.year == year)
        .group_by(PointEntry.member_id, PointEntry.indicator_id)
    )
    if member_ids is not None and len(member_ids) < 500:
        stmt = stmt.where(PointEntry.member_id.in_(member_ids))
    out: dict[str, dict[str, int]] = {}
    for mid, iid, total in s.execute(stmt):
        out.setdefault(mid, {})[iid] = int(total)
    return out


def base_points_of(
    s: Session, year: int, members: Sequence[MemberInfo], resolver: Resolver, depth: int = 0
) -> dict[str, int]:
    """Base points: the tier's, or with carry-over a percentage of last year's total (members new last year
    start from the tier's base)."""
    out: dict[str, int] = {}
    carry: list[MemberInfo] = []
    for m in members:
        rs = resolver.rule_set(m.branch_id)
        if rs is None:
            continue
        out[m.id] = resolver.tier(rs, m).base_points
        if rs.carry_over_percent is not None:
            carry.append(m)
    if carry and depth < 10:
        prev_resolver = Resolver(s, year - 1)
        prev = raw_totals(s, year - 1, carry, prev_resolver, depth + 1)
        for m in carry:
            if m.id in prev:
                rs = resolver.rule_set(m.branch_id)
                assert rs is not None and rs.carry_over_percent is not None
                out[m.id] = rules.carry_over_base(rs.carry_over_percent, prev[m.id])
    return out


def raw_totals(
    s: Session, year: int, members: Sequence[MemberInfo], resolver: Resolver, depth: int
) -> dict[str, int]:
    nets = year_nets(s, year, [m.id for m in members])
    caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
    bases = base_points_of(s, year, members, resolver, depth)
    return {
        m.id: rules.totals(bases[m.id], nets.get(m.id, {}), caps).total
        for m in members
        if resolver.rule_set(m.branch_id) is not None
    }
