"""Models of the points ledger (党员量化积分): the year's rules (tiers, indicators), the entries, and the year-end
democratic review (民主评议) that the points feed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


class RuleSet(Base):
    """积分规则: one per organisation scope (the top organisation or a branch) and year; rules are data."""

    __tablename__ = "rule_sets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(100))
    carry_over_percent: Mapped[int | None] = mapped_column(Integer)  # base = this % of last year's total
    grade_bands: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[min_total, grade], …]
    star_bands: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[min_total, stars], …]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("organization_id", "year", name="uq_rule_sets_org_year"),)


class Tier(Base):
    """层次: 骨干类/普通类/流动类/特殊类 (names editable; ``kind`` keeps the default assignment working)."""

    __tablename__ = "tiers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rule_set_id: Mapped[str] = mapped_column(ForeignKey("rule_sets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # core / ordinary / mobile / special
    name: Mapped[str] = mapped_column(String(20))
    base_points: Mapped[int] = mapped_column(Integer, default=60)
    is_exempt: Mapped[bool] = mapped_column(Boolean, default=False)  # 只挂牌不参评
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class MemberTier(Base):
    """A member put in another tier than the default (by 党内职务, 流动, age) for one rule set."""

    __tablename__ = "member_tiers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rule_set_id: Mapped[str] = mapped_column(ForeignKey("rule_sets.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    tier_id: Mapped[str] = mapped_column(ForeignKey("tiers.id"))

    __table_args__ = (UniqueConstraint("rule_set_id", "member_id", name="uq_member_tiers_set_member"),)


class Indicator(Base):
    """指标: category 基础/奖励/扣减, points per occurrence (negative for deductions), yearly cap in points."""

    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rule_set_id: Mapped[str] = mapped_column(ForeignKey("rule_sets.id"), index=True)
    category: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))
    points: Mapped[int] = mapped_column(Integer)
    annual_cap: Mapped[int | None] = mapped_column(Integer)  # points (magnitude) per member and year
    tier_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON list; empty: every tier
    awards_commitments: Mapped[bool] = mapped_column(Boolean, default=False)  # 承诺兑现 auto award
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PointEntry(Base):
    """积分手册 line. Never updated or deleted: a correction is a reversing entry with a reason."""

    __tablename__ = "point_entries"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    rule_set_id: Mapped[str] = mapped_column(ForeignKey("rule_sets.id"))
    indicator_id: Mapped[str] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    points: Mapped[int] = mapped_column(Integer)  # computed from the rule, already capped
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reverses_entry_id: Mapped[str | None] = mapped_column(ForeignKey("point_entries.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why a reversal was made
    batch_id: Mapped[str | None] = mapped_column(String(36))
    # No foreign key: commitments live on another migration branch that may be absent. No index either:
    # every index costs on bulk entry, and these two are only read by rare, whole-year actions.
    commitment_id: Mapped[str | None] = mapped_column(String(36))

    # One covering index serves the yearly summary (year → member → indicator sums), a member's 手册
    # (year, member), the cap check (year, member, indicator) and the sums up to a quarter's end for the star
    # suggestion (date; migration 0009_speed); fewer indexes keep bulk entry fast.
    __table_args__ = (
        Index("ix_point_entries_year_member_date", "year", "member_id", "indicator_id", "date", "points"),
    )


class Review(Base):
    """民主评议 of one member for one year: the paper ballots' tally and the grade the branch decided."""

    __tablename__ = "reviews"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    votes_excellent: Mapped[int] = mapped_column(Integer, default=0)
    votes_qualified: Mapped[int] = mapped_column(Integer, default=0)
    votes_basic: Mapped[int] = mapped_column(Integer, default=0)
    votes_unqualified: Mapped[int] = mapped_column(Integer, default=0)
    decided_grade: Mapped[str | None] = mapped_column(String(10))
    decided_by: Mapped[str] = mapped_column(String(50), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_reviews_member_year"),)
