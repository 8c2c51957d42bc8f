"""Points rule sets per organisation and year: tiers, indicators, grade and star bands, member tiers."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, Organization
from app.db.models_points import Indicator, MemberTier, RuleSet, Tier
from app.domain import points as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit, versions
from app.services.points.resolver import Resolver, member_info, no_rules


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


# A tier the clerk adds has no default members (they are placed with set_member_tier); a retired tier keeps its
# row (years already scored still name it) with this kind, so no default assignment and no new member lands there.
CUSTOM_TIER, RETIRED_TIER = "custom", "retired"


def add_tier(
    db: Database, rule_set_id: str, name: str, base_points: int = 60, is_exempt: bool = False
) -> str:
    """A new tier (the seeds' 5 层次, or more): members are put in it one by one (`rules tier`)."""
    name = name.strip()
    if not name:
        raise ValidationError("层次名称不能为空", field="name")
    if not 0 <= base_points <= 1000:
        raise ValidationError("基础分应在 0 到 1000 之间", field="base_points")
    with db.session() as s, s.begin():
        if s.get(RuleSet, rule_set_id) is None:
            raise NotFoundError("找不到这套积分规则")
        tiers = list(s.scalars(select(Tier).where(Tier.rule_set_id == rule_set_id)))
        if any(t.name == name and t.kind != RETIRED_TIER for t in tiers):
            raise ValidationError(f"已经有名为“{name}”的层次", field="name")
        tier = Tier(
            rule_set_id=rule_set_id,
            kind=CUSTOM_TIER,
            name=name,
            base_points=base_points,
            is_exempt=is_exempt,
            sort_order=max((t.sort_order for t in tiers), default=-1) + 1,
        )
        s.add(tier)
        s.flush()
        audit.record(s, db.actor, "create", "tier", tier.id, "name", None, name)
        return tier.id


def retire_tier(db: Database, tier_id: str) -> None:
    """Retire a tier of this year's rules: refused while members are placed in it by hand, and for 普通类 (where
    everyone without a tier of their own falls back). Members placed by default move to 普通类."""
    with db.session() as s, s.begin():
        tier = s.get(Tier, tier_id)
        if tier is None:
            raise NotFoundError("找不到这个层次")
        if tier.kind == RETIRED_TIER:
            raise ValidationError(f"层次“{tier.name}”已经停用了")
        if tier.kind == "ordinary":
            raise ValidationError(f"“{tier.name}”是默认层次（没有单独分层的党员都在这里），不能停用")
        placed = s.scalar(select(func.count()).where(MemberTier.tier_id == tier.id)) or 0
        if placed:
            raise ValidationError(f"还有 {placed} 名党员被单独分在“{tier.name}”：先把他们调到别的层次再停用")
        audit.record(s, db.actor, "update", "tier", tier.id, "kind", tier.kind, RETIRED_TIER)
        tier.kind = RETIRED_TIER


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
        m = member_info(s, member_id)
        resolver = Resolver(s, year)
        rs = resolver.rule_set(m.branch_id)
        if rs is None:
            raise no_rules(year)
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
        resolver = Resolver(s, year)
        rs2 = resolver.rule_set(m.branch_id)
        assert rs2 is not None
        return resolver.tier(rs2, member_info(s, member_id)).name


def set_member_tier(db: Database, rule_set_id: str, member_id: str, tier_id: str | None) -> None:
    """Put a member in another tier for this rule set; ``None`` goes back to the default assignment."""
    with db.session() as s, s.begin():
        if tier_id is not None:
            tier = s.get(Tier, tier_id)
            if tier is None or tier.rule_set_id != rule_set_id:
                raise NotFoundError("找不到这个层次")
            if tier.kind == RETIRED_TIER:
                raise ValidationError(f"层次“{tier.name}”已经停用，不能再分入党员")
        versions.lock(s, Member, member_id)  # one tier row per member and rule set, two clerks at once too
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
