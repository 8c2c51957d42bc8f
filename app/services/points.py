"""Points ledger use cases: rule sets (per organisation and year), entries, reversals, 积分手册, summaries.

Totals are never stored: every summary is recomputed from the ledger (SQL sums per member and indicator,
caps applied in Python), so nothing can drift. Entries are never updated or deleted.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import (
    Commitment,
    Indicator,
    Member,
    MemberTier,
    Organization,
    PointEntry,
    RuleSet,
    TeamMember,
    Tier,
    new_id,
    utcnow,
)
from app.domain import points as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit, lookup

ACTIVE = "在册"


# --- plain values handed to the CLI and the GUI ---------------------------------------------------------------


@dataclass(frozen=True)
class TierRow:
    id: str
    kind: str
    name: str
    base_points: int
    is_exempt: bool


@dataclass(frozen=True)
class IndicatorRow:
    id: str
    category: str
    name: str
    points: int
    annual_cap: int | None
    tier_ids: tuple[str, ...]
    tier_names: tuple[str, ...]
    awards_commitments: bool
    active: bool


@dataclass(frozen=True)
class RuleSetRow:
    id: str
    organization_id: str
    organization_name: str
    year: int
    name: str
    carry_over_percent: int | None
    grade_bands: tuple[tuple[int, str], ...]
    star_bands: tuple[tuple[int, int], ...]
    tiers: tuple[TierRow, ...]
    indicators: tuple[IndicatorRow, ...]

    def indicator(self, name: str) -> IndicatorRow:
        for ind in self.indicators:
            if ind.name == name.strip() and ind.active:
                return ind
        known = "、".join(i.name for i in self.indicators if i.active)
        raise NotFoundError(f"{self.year}年的积分规则里没有指标“{name}”。可用的指标：{known}")


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


@dataclass(frozen=True)
class SummaryRow:
    member_id: str
    member_name: str
    branch_id: str
    branch_name: str
    category: str  # 正式党员 / 预备党员
    tier: str
    is_exempt: bool
    base: int
    awarded: int
    deducted: int
    total: int
    grade: str | None  # None: not graded (预备党员 or 只挂牌不参评)
    star_band: int  # 0: no star
    rank: int
    pinyin: str = ""
    pinyin_full: str = ""
    pinyin_initials: str = ""

    @property
    def graded(self) -> bool:
        return self.grade is not None

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "member_name": self.member_name,
            "tier": self.tier,
            "base": self.base,
            "awarded": self.awarded,
            "deducted": self.deducted,
            "total": self.total,
            "grade": self.grade,
            "star_band": self.star_band,
            "branch": self.branch_name,
            "rank": self.rank,
        }


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


# --- rule sets ---------------------------------------------------------------------------------------------------


def _bands_json(bands: Iterable[tuple[int, Any]]) -> str:
    return json.dumps([[m, v] for m, v in bands], ensure_ascii=False)


def _to_rule_set_row(s: Session, rs: RuleSet) -> RuleSetRow:
    org = s.get(Organization, rs.organization_id)
    tiers = list(s.scalars(select(Tier).where(Tier.rule_set_id == rs.id).order_by(Tier.sort_order)))
    tier_names = {t.id: t.name for t in tiers}
    inds = list(
        s.scalars(select(Indicator).where(Indicator.rule_set_id == rs.id).order_by(Indicator.sort_order))
    )
    return RuleSetRow(
        id=rs.id,
        organization_id=rs.organization_id,
        organization_name=org.name if org else "",
        year=rs.year,
        name=rs.name,
        carry_over_percent=rs.carry_over_percent,
        grade_bands=tuple((int(m), str(g)) for m, g in json.loads(rs.grade_bands)),
        star_bands=tuple((int(m), int(v)) for m, v in json.loads(rs.star_bands)),
        tiers=tuple(TierRow(t.id, t.kind, t.name, t.base_points, t.is_exempt) for t in tiers),
        indicators=tuple(
            IndicatorRow(
                i.id,
                i.category,
                i.name,
                i.points,
                i.annual_cap,
                tuple(json.loads(i.tier_ids)),
                tuple(tier_names.get(t, "") for t in json.loads(i.tier_ids)),
                i.awards_commitments,
                i.active,
            )
            for i in inds
        ),
    )


def _root_org(s: Session) -> Organization:
    org = s.scalars(
        select(Organization).where(Organization.parent_id.is_(None)).order_by(Organization.sort_order)
    ).first()
    if org is None:
        raise UserError("还没有建立组织：请先在“组织”里建立最上级组织")
    return org


def rule_sets(db: Database, year: int | None = None) -> list[RuleSetRow]:
    stmt = select(RuleSet).order_by(RuleSet.year.desc(), RuleSet.created_at)
    if year is not None:
        stmt = stmt.where(RuleSet.year == year)
    with db.session() as s:
        return [_to_rule_set_row(s, rs) for rs in s.scalars(stmt)]


def get_rule_set(db: Database, rule_set_id: str) -> RuleSetRow:
    with db.session() as s:
        rs = s.get(RuleSet, rule_set_id)
        if rs is None:
            raise NotFoundError("找不到这套积分规则")
        return _to_rule_set_row(s, rs)


def years(db: Database) -> list[int]:
    with db.session() as s:
        return sorted(set(s.scalars(select(RuleSet.year))), reverse=True)


def _check_free(s: Session, organization_id: str, year: int) -> Organization:
    org = s.get(Organization, organization_id)
    if org is None or org.kind == "党小组":
        raise ValidationError("积分规则只能建在最上级组织或支部上", field="organization")
    if s.scalar(select(RuleSet.id).where(RuleSet.organization_id == organization_id, RuleSet.year == year)):
        raise UserError(f"{org.name}已经有{year}年的积分规则，不能重复建立；可以直接修改它")
    return org


def create_preset(db: Database, year: int, organization_id: str | None = None) -> str:
    """A new rule set from the presets in DOMAIN.md (tiers, indicators, 华宁 bands). Returns its id."""
    if not 2000 <= year <= 2100:
        raise ValidationError("年度不对，应是如 2026 的四位数年份", field="year")
    with db.session() as s, s.begin():
        org = _root_org(s) if organization_id is None else s.get(Organization, organization_id)
        assert org is not None
        _check_free(s, org.id, year)
        rs = RuleSet(
            organization_id=org.id,
            year=year,
            name=f"{year}年党员量化积分规则",
            carry_over_percent=None,
            grade_bands=_bands_json(rules.PRESET_GRADE_BANDS),
            star_bands=_bands_json(rules.PRESET_STAR_BANDS),
        )
        s.add(rs)
        s.flush()
        kind_to_id: dict[str, str] = {}
        for order, t in enumerate(rules.PRESET_TIERS):
            tier = Tier(
                rule_set_id=rs.id,
                kind=t.kind,
                name=t.name,
                base_points=t.base_points,
                is_exempt=t.is_exempt,
                sort_order=order,
            )
            s.add(tier)
            s.flush()
            kind_to_id[t.kind] = tier.id
        for order, p in enumerate(rules.PRESET_INDICATORS):
            s.add(
                Indicator(
                    rule_set_id=rs.id,
                    category=p.category,
                    name=p.name,
                    points=p.points,
                    annual_cap=p.annual_cap,
                    tier_ids=json.dumps([kind_to_id[k] for k in p.tier_kinds]),
                    awards_commitments=p.awards_commitments,
                    active=True,
                    sort_order=order,
                )
            )
        audit.record(s, db.actor, "create", "rule_set", rs.id, "preset", None, f"{org.name} {year}")
        return rs.id


def copy_rule_set(db: Database, from_year: int, to_year: int, organization_id: str | None = None) -> str:
    """Start a new year from last year's rules: tiers, indicators, bands and tier overrides are copied."""
    with db.session() as s, s.begin():
        org = _root_org(s) if organization_id is None else s.get(Organization, organization_id)
        assert org is not None
        src = s.scalar(select(RuleSet).where(RuleSet.organization_id == org.id, RuleSet.year == from_year))
        if src is None:
            raise NotFoundError(f"{org.name}没有{from_year}年的积分规则可以复制")
        _check_free(s, org.id, to_year)
        rs = RuleSet(
            organization_id=org.id,
            year=to_year,
            name=src.name.replace(str(from_year), str(to_year)),
            carry_over_percent=src.carry_over_percent,
            grade_bands=src.grade_bands,
            star_bands=src.star_bands,
        )
        s.add(rs)
        s.flush()
        tier_map: dict[str, str] = {}
        for t in s.scalars(select(Tier).where(Tier.rule_set_id == src.id)):
            nt = Tier(
                rule_set_id=rs.id,
                kind=t.kind,
                name=t.name,
                base_points=t.base_points,
                is_exempt=t.is_exempt,
                sort_order=t.sort_order,
            )
            s.add(nt)
            s.flush()
            tier_map[t.id] = nt.id
        for i in s.scalars(select(Indicator).where(Indicator.rule_set_id == src.id)):
            s.add(
                Indicator(
                    rule_set_id=rs.id,
                    category=i.category,
                    name=i.name,
                    points=i.points,
                    annual_cap=i.annual_cap,
                    tier_ids=json.dumps([tier_map[t] for t in json.loads(i.tier_ids) if t in tier_map]),
                    awards_commitments=i.awards_commitments,
                    active=i.active,
                    sort_order=i.sort_order,
                )
            )
        for mt in s.scalars(select(MemberTier).where(MemberTier.rule_set_id == src.id)):
            s.add(MemberTier(rule_set_id=rs.id, member_id=mt.member_id, tier_id=tier_map[mt.tier_id]))
        audit.record(s, db.actor, "create", "rule_set", rs.id, "copy_from", from_year, to_year)
        return rs.id


def update_rule_set(
    db: Database,
    rule_set_id: str,
    *,
    name: str | None = None,
    carry_over_percent: int | None | str = "keep",
    grade_bands: Sequence[tuple[int, str]] | None = None,
    star_bands: Sequence[tuple[int, int]] | None = None,
) -> None:
    with db.session() as s, s.begin():
        rs = s.get(RuleSet, rule_set_id)
        if rs is None:
            raise NotFoundError("找不到这套积分规则")
        if name is not None and name.strip() and name.strip() != rs.name:
            audit.record(s, db.actor, "update", "rule_set", rs.id, "name", rs.name, name.strip())
            rs.name = name.strip()
        if carry_over_percent != "keep":
            pct = carry_over_percent if isinstance(carry_over_percent, int) else None
            if pct is not None and not 1 <= pct <= 100:
                raise ValidationError(
                    "结转比例应在 1% 到 100% 之间；不结转请留空", field="carry_over_percent"
                )
            if pct != rs.carry_over_percent:
                audit.record(
                    s, db.actor, "update", "rule_set", rs.id, "carry_over_percent", rs.carry_over_percent, pct
                )
                rs.carry_over_percent = pct
        if grade_bands is not None:
            rules.check_grade_bands(grade_bands)
            new = _bands_json(grade_bands)
            audit.record(s, db.actor, "update", "rule_set", rs.id, "grade_bands", rs.grade_bands, new)
            rs.grade_bands = new
        if star_bands is not None:
            rules.check_star_bands(star_bands)
            new = _bands_json(star_bands)
            audit.record(s, db.actor, "update", "rule_set", rs.id, "star_bands", rs.star_bands, new)
            rs.star_bands = new


def update_tier(
    db: Database,
    tier_id: str,
    *,
    name: str | None = None,
    base_points: int | None = None,
    is_exempt: bool | None = None,
) -> None:
    with db.session() as s, s.begin():
        tier = s.get(Tier, tier_id)
        if tier is None:
            raise NotFoundError("找不到这个层次")
        if name is not None:
            if not name.strip():
                raise ValidationError("层次名称不能为空", field="name")
            audit.record(s, db.actor, "update", "tier", tier.id, "name", tier.name, name.strip())
            tier.name = name.strip()
        if base_points is not None:
            if not 0 <= base_points <= 1000:
                raise ValidationError("基础分应在 0 到 1000 之间", field="base_points")
            audit.record(s, db.actor, "update", "tier", tier.id, "base_points", tier.base_points, base_points)
            tier.base_points = base_points
        if is_exempt is not None:
            audit.record(s, db.actor, "update", "tier", tier.id, "is_exempt", tier.is_exempt, is_exempt)
            tier.is_exempt = is_exempt


def _check_indicator(category: str, name: str, points: int, annual_cap: int | None) -> None:
    if category not in rules.CATEGORIES:
        raise ValidationError("类别只能是基础、奖励或扣减", field="category")
    if not name.strip():
        raise ValidationError("请填写指标名称", field="name")
    if points == 0:
        raise ValidationError("每次分值不能为 0", field="points")
    if category == "扣减" and points > 0:
        raise ValidationError("扣减类指标的分值应为负数，如 -5", field="points")
    if category != "扣减" and points < 0:
        raise ValidationError("负分的指标请归入“扣减”类", field="points")
    if annual_cap is not None and annual_cap < abs(points):
        raise ValidationError(
            f"年度上限（{annual_cap}）不能小于一次的分值（{abs(points)}）", field="annual_cap"
        )


def save_indicator(
    db: Database,
    rule_set_id: str,
    *,
    indicator_id: str | None = None,
    category: str,
    name: str,
    points: int,
    annual_cap: int | None,
    tier_ids: Sequence[str] = (),
    awards_commitments: bool = False,
    active: bool = True,
) -> str:
    """Add or change an indicator. Points already recorded stay as they were (the 手册 is a trust document)."""
    _check_indicator(category, name, points, annual_cap)
    name = name.strip()
    with db.session() as s, s.begin():
        if s.get(RuleSet, rule_set_id) is None:
            raise NotFoundError("找不到这套积分规则")
        same = s.scalar(
            select(Indicator.id).where(
                Indicator.rule_set_id == rule_set_id,
                Indicator.name == name,
                Indicator.id != (indicator_id or ""),
            )
        )
        if same:
            raise ValidationError(f"已经有名为“{name}”的指标", field="name")
        values = {
            "category": category,
            "name": name,
            "points": points,
            "annual_cap": annual_cap,
            "tier_ids": json.dumps(list(tier_ids)),
            "awards_commitments": awards_commitments,
            "active": active,
        }
        if indicator_id is None:
            order = s.scalar(select(func.count()).where(Indicator.rule_set_id == rule_set_id)) or 0
            ind = Indicator(rule_set_id=rule_set_id, sort_order=order, **values)
            s.add(ind)
            s.flush()
            audit.record(s, db.actor, "create", "indicator", ind.id, "name", None, name)
            return ind.id
        ind_existing = s.get(Indicator, indicator_id)
        if ind_existing is None or ind_existing.rule_set_id != rule_set_id:
            raise NotFoundError("找不到这个指标")
        for key, value in values.items():
            before = getattr(ind_existing, key)
            if before != value:
                audit.record(s, db.actor, "update", "indicator", ind_existing.id, key, before, value)
                setattr(ind_existing, key, value)
        return ind_existing.id


def set_member_tier_by_name(db: Database, year: int, member_id: str, tier_name: str | None) -> str:
    """Put a member in the named tier of the rules in force for them that year (None/"默认": the default).
    Returns the tier the member is in afterwards."""
    with db.session() as s:
        m = _member_info(s, member_id)
        resolver = _Resolver(s, year)
        rs = resolver.rule_set(m.branch_id)
        if rs is None:
            raise _no_rules(year)
        tier_id: str | None = None
        if tier_name and tier_name.strip() not in ("默认", "default"):
            found = [
                t for t in resolver.tiers.values() if t.rule_set_id == rs.id and t.name == tier_name.strip()
            ]
            if not found:
                names = "、".join(t.name for t in resolver.tiers.values() if t.rule_set_id == rs.id)
                raise NotFoundError(
                    f"{year}年的积分规则里没有层次“{tier_name}”。可用的层次：{names}，或“默认”"
                )
            tier_id = found[0].id
        rs_id = rs.id
    set_member_tier(db, rs_id, member_id, tier_id)
    with db.session() as s:
        resolver = _Resolver(s, year)
        rs2 = resolver.rule_set(m.branch_id)
        assert rs2 is not None
        return resolver.tier(rs2, _member_info(s, member_id)).name


def set_member_tier(db: Database, rule_set_id: str, member_id: str, tier_id: str | None) -> None:
    """Put a member in another tier for this rule set; ``None`` goes back to the default assignment."""
    with db.session() as s, s.begin():
        if tier_id is not None:
            tier = s.get(Tier, tier_id)
            if tier is None or tier.rule_set_id != rule_set_id:
                raise NotFoundError("找不到这个层次")
        row = s.scalar(
            select(MemberTier).where(MemberTier.rule_set_id == rule_set_id, MemberTier.member_id == member_id)
        )
        before = row.tier_id if row else None
        if tier_id is None:
            if row is not None:
                s.delete(row)  # an override, not a record: going back to the default removes it (audited)
        elif row is None:
            s.add(MemberTier(rule_set_id=rule_set_id, member_id=member_id, tier_id=tier_id))
        else:
            row.tier_id = tier_id
        audit.record(s, db.actor, "update", "member_tier", member_id, rule_set_id, before, tier_id)


# --- resolving a member's rule set and tier -----------------------------------------------------------------------


@dataclass(frozen=True)
class _MemberInfo:
    id: str
    name: str
    branch_id: str
    category: str
    party_post: str
    is_mobile: bool
    birth_date: dt.date
    status: str
    pinyin: str  # initials, for the 找人 box


_MEMBER_COLUMNS = (
    Member.id,
    Member.name,
    Member.branch_id,
    Member.category,
    Member.party_post,
    Member.is_mobile,
    Member.birth_date,
    Member.status,
    Member.pinyin_initials,
)


class _Resolver:
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

    def tier(self, rs: RuleSet, m: _MemberInfo) -> Tier:
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


def _member_info(s: Session, member_id: str) -> _MemberInfo:
    row = s.execute(select(*_MEMBER_COLUMNS).where(Member.id == member_id)).first()
    if row is None:
        raise NotFoundError(f"找不到党员（编号 {member_id}）")
    return _MemberInfo(*row)


def _no_rules(year: int) -> UserError:
    return UserError(f"{year}年还没有积分规则：请先在“积分管理”里建立（可用预设，或复制上一年的规则）")


def _used(s: Session, member_id: str, indicator_id: str, year: int) -> int:
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


def _applies(ind: Indicator, tier: Tier) -> bool:
    tier_ids = json.loads(ind.tier_ids)
    return not tier_ids or tier.id in tier_ids


def _find_indicator(resolver: _Resolver, rs: RuleSet, name: str) -> Indicator:
    for ind in resolver.indicators.values():
        if ind.rule_set_id == rs.id and ind.name == name.strip() and ind.active:
            return ind
    ours = sorted(
        (i for i in resolver.indicators.values() if i.rule_set_id == rs.id and i.active),
        key=lambda i: i.sort_order,
    )
    known = "、".join(i.name for i in ours)
    raise NotFoundError(f"{rs.year}年的积分规则里没有指标“{name}”。可用的指标：{known}")


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
    year = date.year
    with db.session() as s, s.begin():
        m = _member_info(s, member_id)
        if m.status != ACTIVE:
            left_on = s.scalar(select(Member.left_on).where(Member.id == m.id))
            if left_on is None or date > left_on:
                raise UserError(f"{m.name}已{m.status}（{left_on or '日期不详'}），之后的日期不能再记积分")
        resolver = _Resolver(s, year)
        rs = resolver.rule_set(m.branch_id)
        if rs is None:
            raise _no_rules(year)
        ind = _find_indicator(resolver, rs, indicator)
        tier = resolver.tier(rs, m)
        if not _applies(ind, tier):
            raise UserError(f"指标“{ind.name}”不适用于{tier.name}党员（{m.name}）")
        capped = rules.apply_cap(ind.points, times, ind.annual_cap, _used(s, m.id, ind.id, year))
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
            recorded_by=db.actor,
            commitment_id=commitment_id,
        )
        s.add(entry)
        s.flush()
        audit.record(s, db.actor, "create", "point_entry", entry.id, ind.name, None, capped.points)
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
        resolver = _Resolver(s, year)
        ids = list(dict.fromkeys([*attendee_ids, *absent_ids]))
        infos = {r[0]: _MemberInfo(*r) for r in s.execute(select(*_MEMBER_COLUMNS).where(Member.id.in_(ids)))}
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
            if m.status != ACTIVE:
                raise UserError(f"{m.name}已{m.status}，不能批量记分；请把他从名单里去掉")
            rs = resolver.rule_set(m.branch_id)
            if rs is None:
                raise _no_rules(year)
            ind = _find_indicator(resolver, rs, ind_name)
            tier = resolver.tier(rs, m)
            if not _applies(ind, tier):
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
            recorded_by=db.actor,
            reverses_entry_id=original.id,
            reason=reason.strip(),
            commitment_id=original.commitment_id,
        )
        s.add(rev)
        s.flush()
        audit.record(s, db.actor, "reverse", "point_entry", original.id, "reason", None, reason.strip())
        return rev.id


def ledger(db: Database, member_id: str, year: int) -> Ledger:
    """The member's 积分手册 for a year: base, then every entry in date order with the running total."""
    with db.session() as s:
        m = _member_info(s, member_id)
        resolver = _Resolver(s, year)
        rs = resolver.rule_set(m.branch_id)
        base, tier_name = 0, ""
        if rs is not None:
            tier = resolver.tier(rs, m)
            tier_name = tier.name
            base = _bases(s, year, [m], resolver).get(m.id, tier.base_points)
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


# --- summaries (recomputed from the ledger every time) --------------------------------------------------------------


def _nets(s: Session, year: int, member_ids: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
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


def _bases(
    s: Session, year: int, members: Sequence[_MemberInfo], resolver: _Resolver, depth: int = 0
) -> dict[str, int]:
    """Base points: the tier's, or with carry-over a percentage of last year's total (members new last year
    start from the tier's base)."""
    out: dict[str, int] = {}
    carry: list[_MemberInfo] = []
    for m in members:
        rs = resolver.rule_set(m.branch_id)
        if rs is None:
            continue
        out[m.id] = resolver.tier(rs, m).base_points
        if rs.carry_over_percent is not None:
            carry.append(m)
    if carry and depth < 10:
        prev_resolver = _Resolver(s, year - 1)
        prev = _raw_totals_depth(s, year - 1, carry, prev_resolver, depth + 1)
        for m in carry:
            if m.id in prev:
                rs = resolver.rule_set(m.branch_id)
                assert rs is not None and rs.carry_over_percent is not None
                out[m.id] = rules.carry_over_base(rs.carry_over_percent, prev[m.id])
    return out


def _raw_totals_depth(
    s: Session, year: int, members: Sequence[_MemberInfo], resolver: _Resolver, depth: int
) -> dict[str, int]:
    nets = _nets(s, year, [m.id for m in members])
    caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
    bases = _bases(s, year, members, resolver, depth)
    return {
        m.id: rules.totals(bases[m.id], nets.get(m.id, {}), caps).total
        for m in members
        if resolver.rule_set(m.branch_id) is not None
    }


def _descendants(parents: dict[str, str | None], unit_id: str) -> set[str]:
    out = {unit_id}
    changed = True
    while changed:
        changed = False
        for oid, parent in parents.items():
            if parent in out and oid not in out:
                out.add(oid)
                changed = True
    return out


def summary(db: Database, year: int, branch_id: str | None = None) -> list[SummaryRow]:
    """Every active member under a rule set that year: base, awarded, deducted, total, grade, star band, rank."""
    with db.session() as s:
        resolver = _Resolver(s, year)
        stmt = select(*_MEMBER_COLUMNS).where(Member.status == ACTIVE)
        if branch_id is not None:
            stmt = stmt.where(Member.branch_id.in_(_descendants(resolver.parents, branch_id)))
        members = [_MemberInfo(*r) for r in s.execute(stmt)]
        members = [m for m in members if resolver.rule_set(m.branch_id) is not None]
        full_pinyin = {mid: full for mid, full in s.execute(select(Member.id, Member.pinyin_full))}
        nets = _nets(s, year, [m.id for m in members])
        bases = _bases(s, year, members, resolver)
    caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
    band_cache: dict[str, tuple[list[tuple[int, str]], list[tuple[int, int]]]] = {}
    rows: list[SummaryRow] = []
    for m in members:
        rs = resolver.rule_set(m.branch_id)
        assert rs is not None
        if rs.id not in band_cache:
            band_cache[rs.id] = (
                [(int(a), str(b)) for a, b in json.loads(rs.grade_bands)],
                [(int(a), int(b)) for a, b in json.loads(rs.star_bands)],
            )
        grade_bands, star_bands = band_cache[rs.id]
        tier = resolver.tier(rs, m)
        t = rules.totals(bases[m.id], nets.get(m.id, {}), caps)
        graded = not tier.is_exempt and m.category != rules.PROBATIONARY
        rows.append(
            SummaryRow(
                member_id=m.id,
                member_name=m.name,
                branch_id=m.branch_id,
                branch_name=resolver.org_names.get(m.branch_id, ""),
                category=m.category,
                tier=tier.name,
                is_exempt=tier.is_exempt,
                base=t.base,
                awarded=t.awarded,
                deducted=t.deducted,
                total=t.total,
                grade=rules.grade_for(t.total, grade_bands) if graded else None,
                star_band=0 if tier.is_exempt else rules.stars_for(t.total, star_bands),
                rank=0,
                pinyin=m.pinyin,
                pinyin_full=full_pinyin.get(m.id, ""),
                pinyin_initials=m.pinyin,
            )
        )
    rows.sort(key=lambda r: (-r.total, r.member_name))
    ranked: list[SummaryRow] = []
    for i, r in enumerate(rows):
        rank = ranked[-1].rank if ranked and ranked[-1].total == r.total else i + 1
        ranked.append(_replace_rank(r, rank))
    return ranked


def _replace_rank(row: SummaryRow, rank: int) -> SummaryRow:
    return replace(row, rank=rank)


def suggested_stars(db: Database, year: int) -> dict[str, int]:
    """Star band per member from the year's totals: the suggestion fed to the quarterly star rating."""
    return {r.member_id: r.star_band for r in summary(db, year)}


# --- commitments → points ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardResult:
    awarded: int
    already: int
    capped: int
    skipped: tuple[str, ...]

    @property
    def message(self) -> str:
        text = f"已为 {self.awarded} 项兑现的承诺记分"
        if self.already:
            text += f"；{self.already} 项以前已记过分"
        if self.capped:
            text += f"；{self.capped} 项因年度上限未记或少记"
        if self.skipped:
            text += f"；{len(self.skipped)} 项未能记分（{self.skipped[0]}…）"
        return text + "。"


def award_kept_commitments(db: Database, year: int) -> AwardResult:
    """Kept commitments of ``year`` earn the indicator marked as the 承诺兑现 award; a team's (组团承诺) earns it
    for each active team member. Idempotent: a commitment that already has an entry for a member (even a
    reversed one — reversing was a decision) is never awarded to that member again."""
    from app.services.commitments import KEPT

    with db.session() as s:
        kept = list(
            s.execute(
                select(
                    Commitment.id,
                    Commitment.member_id,
                    Commitment.team_id,
                    Commitment.kept_on,
                    Commitment.content,
                ).where(Commitment.year == year, Commitment.status == KEPT)
            )
        )
        team_members: dict[str, list[str]] = {}
        for tm_team, tm_member in s.execute(
            select(TeamMember.team_id, TeamMember.member_id).where(TeamMember.active.is_(True))
        ):
            team_members.setdefault(tm_team, []).append(tm_member)
        done: set[tuple[str | None, str]] = set(
            (cid, mid)
            for cid, mid in s.execute(
                select(PointEntry.commitment_id, PointEntry.member_id).where(
                    PointEntry.year == year, PointEntry.commitment_id.is_not(None)
                )
            )
        )
        resolver = _Resolver(s, year)
        infos = {r[0]: _MemberInfo(*r) for r in s.execute(select(*_MEMBER_COLUMNS))}
    awarded = already = capped = 0
    skipped: list[str] = []
    for cid, member_id, team_id, kept_on, content in kept:
        owners = [member_id] if member_id else team_members.get(team_id or "", [])
        for owner in owners:
            if (cid, owner) in done:
                already += 1
                continue
            m = infos.get(owner)
            if m is None or m.status != ACTIVE:
                continue
            rs = resolver.rule_set(m.branch_id)
            if rs is None:
                skipped.append(f"{m.name}：{year}年没有积分规则")
                continue
            ind = next(
                (
                    i
                    for i in resolver.indicators.values()
                    if i.rule_set_id == rs.id and i.awards_commitments and i.active
                ),
                None,
            )
            if ind is None:
                skipped.append(f"{m.name}：积分规则里没有标为“承诺兑现记分”的指标")
                continue
            date = kept_on if kept_on and kept_on.year == year else dt.date(year, 12, 31)
            try:
                result = add_entry(
                    db, owner, ind.name, date, 1, f"承诺兑现：{content[:40]}", commitment_id=cid
                )
            except UserError as exc:
                capped += 1
                skipped.append(f"{m.name}：{exc}")
                continue
            awarded += 1
            if result.was_capped:
                capped += 1
    return AwardResult(awarded, already, capped, tuple(skipped))


# --- members for batch entry ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    member_id: str
    name: str
    branch_name: str
    tier: str
    applies: bool  # the indicator covers the member's tier
    category: str = ""  # 正式党员 / 预备党员
    pinyin: str = ""
    pinyin_full: str = ""
    pinyin_initials: str = ""


def candidates(
    db: Database, year: int, indicator: str | None = None, branch_id: str | None = None
) -> list[Candidate]:
    """Active members under the year's rules (optionally one branch), for the batch entry's tick list."""
    with db.session() as s:
        resolver = _Resolver(s, year)
        stmt = select(*_MEMBER_COLUMNS).where(Member.status == ACTIVE).order_by(Member.pinyin_full)
        if branch_id is not None:
            stmt = stmt.where(Member.branch_id.in_(_descendants(resolver.parents, branch_id)))
        out: list[Candidate] = []
        full_pinyin = {mid: full for mid, full in s.execute(select(Member.id, Member.pinyin_full))}
        for r in s.execute(stmt):
            m = _MemberInfo(*r)
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
                applies = ind is not None and _applies(ind, tier)
            out.append(
                Candidate(
                    m.id,
                    m.name,
                    resolver.org_names.get(m.branch_id, ""),
                    tier.name,
                    applies,
                    m.category,
                    m.pinyin,
                    full_pinyin.get(m.id, ""),
                    m.pinyin,
                )
            )
        return out


def resolve_entry_id(db: Database, ref: str) -> str:
    """An entry's id from the full id or a unique prefix of at least 4 characters (for the CLI)."""
    return lookup.resolve_id(db, PointEntry, ref, "积分记录")


# --- feeding the quarterly star rating -------------------------------------------------------------------------------


def quarter_star_suggestions(db: Database, period_id: str, member_ids: Sequence[str]) -> dict[str, int]:
    """Star band per member for a quarter (``2026Q3``), the points' say in the star rating's suggestion.

    The bands are for a year's total, so a quarter uses the year's entries up to the quarter's end projected
    to the whole year (each indicator's net × 4 / quarter, held within its cap) on top of the base: a member
    on course for 85 points suggests ★★★ all year, not ★ in spring. Q4 is the plain year total. Members
    without rules that year or in an exempt tier (只挂牌不参评) are left out."""
    try:
        year, quarter = int(period_id[:4]), int(period_id[5])
    except (ValueError, IndexError):
        return {}
    if not 1 <= quarter <= 4:
        return {}
    ends_on = (
        dt.date(year, 12, 31) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)
    )
    wanted = set(member_ids)
    with db.session() as s:
        resolver = _Resolver(s, year)
        if not resolver.sets:
            return {}
        few = len(wanted) <= 500  # one row re-read on the star page: ask only for those members
        member_stmt = select(*_MEMBER_COLUMNS)
        entry_stmt = (
            select(PointEntry.member_id, PointEntry.indicator_id, func.sum(PointEntry.points))
            .where(PointEntry.year == year, PointEntry.date <= ends_on)
            .group_by(PointEntry.member_id, PointEntry.indicator_id)
        )
        if few:
            member_stmt = member_stmt.where(Member.id.in_(wanted))
            entry_stmt = entry_stmt.where(PointEntry.member_id.in_(wanted))
        members = [
            m
            for m in (_MemberInfo(*r) for r in s.execute(member_stmt))
            if m.id in wanted and resolver.rule_set(m.branch_id) is not None
        ]
        bases = _bases(s, year, members, resolver)
        nets: dict[str, dict[str, int]] = {}
        for mid, iid, total in s.execute(entry_stmt):
            if mid in wanted:
                nets.setdefault(mid, {})[iid] = rules.round_half_up(int(total) * 4, quarter)
    caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
    bands: dict[str, list[tuple[int, int]]] = {}
    out: dict[str, int] = {}
    for m in members:
        rs = resolver.rule_set(m.branch_id)
        assert rs is not None
        if resolver.tier(rs, m).is_exempt:
            continue
        if rs.id not in bands:
            bands[rs.id] = [(int(a), int(b)) for a, b in json.loads(rs.star_bands)]
        total = rules.totals(bases[m.id], nets.get(m.id, {}), caps).total
        out[m.id] = rules.stars_for(total, bands[rs.id])
    return out


def register_star_suggestions() -> None:
    """Plug the star bands into the star rating's suggestion (its documented hook; it never imports us)."""
    from app.services import evaluations

    if quarter_star_suggestions not in evaluations.SUGGESTION_SOURCES:
        evaluations.SUGGESTION_SOURCES.append(quarter_star_suggestions)


register_star_suggestions()
