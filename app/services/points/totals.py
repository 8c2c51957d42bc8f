"""Year summaries recomputed from the ledger every time (nothing stored can drift): totals, grades, ranks."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import (
    Member,
)
from app.domain import points as rules
from app.domain.member_status import MemberStatus
from app.services import organizations
from app.services.points.resolver import (
    MEMBER_COLUMNS,
    MemberInfo,
    Resolver,
    base_points_of,
    year_nets,
)


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


# --- summaries (recomputed from the ledger every time) --------------------------------------------------------------


def summary(db: Database, year: int, branch_id: str | None = None) -> list[SummaryRow]:
    """Every active member under a rule set that year: base, awarded, deducted, total, grade, star band, rank."""
    with db.session() as s:
        resolver = Resolver(s, year)
        stmt = select(*MEMBER_COLUMNS).where(Member.status == MemberStatus.ACTIVE)
        if branch_id is not None:
            stmt = stmt.where(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
        members = [MemberInfo.from_row(r) for r in s.execute(stmt)]
        members = [m for m in members if resolver.rule_set(m.branch_id) is not None]
        nets = year_nets(s, year, [m.id for m in members])
        bases = base_points_of(s, year, members, resolver)
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
                pinyin_full=m.pinyin_full,
                pinyin_initials=m.pinyin_initials,
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
