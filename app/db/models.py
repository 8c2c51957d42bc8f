"""SQLAlchemy typed models. Row ids are UUID strings with no meaning, so databases can be merged later."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

if TYPE_CHECKING:
    from sqlalchemy import Table

from app.domain.member_status import MemberStatus

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Setting(Base):
    """Key/value settings of this database (organisation name, board titles…), values as JSON text."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Organization(Base):
    """A unit in the tree: 党委 / 党总支 / 党支部 / 党小组."""

    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)


class Grid(Base):
    """网格: an area unit of about 400 households with a responsible person."""

    __tablename__ = "grids"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    households: Mapped[int] = mapped_column(Integer, default=0)
    responsible: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Member(Base):
    """A person on the roll (党员花名册), with the national 16 items and the local extras."""

    __tablename__ = "members"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2))
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    birth_date: Mapped[dt.date] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    degree: Mapped[str] = mapped_column(String(20), default="")
    category: Mapped[str] = mapped_column(String(10))  # 正式党员 / 预备党员
    branch_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    group_id: Mapped[str | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    joined_day_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    confirmed_day_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    party_age_correction: Mapped[int] = mapped_column(Integer, default=0)
    probation_extension: Mapped[str] = mapped_column(String(50), default="")
    joined_branch: Mapped[str] = mapped_column(String(100), default="")
    job: Mapped[str] = mapped_column(String(100), default="")
    party_post: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    landline: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    residence: Mapped[str] = mapped_column(String(200), default="")
    hukou: Mapped[str] = mapped_column(String(200), default="")
    native_place: Mapped[str] = mapped_column(String(100), default="")
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"), index=True)
    photo: Mapped[str] = mapped_column(String(100), default="")  # file name inside the photos folder
    note: Mapped[str] = mapped_column(Text, default="")
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)
    mobile_destination: Mapped[str] = mapped_column(String(200), default="")
    is_lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    lost_contact_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=MemberStatus.ACTIVE.value, index=True)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    left_to: Mapped[str] = mapped_column(String(200), default="")
    pinyin_full: Mapped[str] = mapped_column(String(200), default="", index=True)
    pinyin_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)


class MemberStatusChange(Base):
    """History of a member's status (在册, 转出, 去世, 出党, 停止党籍): nothing is hard-deleted."""

    __tablename__ = "member_status_changes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")


class AuditEntry(Base):
    """Who changed what, when, before → after; written in the same transaction as the change."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(20))  # create / update / leave / delete / …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(50), default="")
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


# --- commitments (公开承诺/践诺), teams (队伍) and the 五亮 profile ------------------------------------------


class Team(Base):
    """队伍: 两委班子, the four teams of 1+4+1, volunteer service teams; a member can be in several."""

    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    area: Mapped[str] = mapped_column(Text, default="")  # service area / what the team does
    leader_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TeamMember(Base):
    """A member in a team; leaving a team sets ``active`` false, the row stays for history."""

    __tablename__ = "team_members"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="队员")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("team_id", "member_id", name="uq_team_members_team_member"),)


class Commitment(Base):
    """A public commitment of one member or one team (组团承诺) for a year. Overdue is computed, never stored."""

    __tablename__ = "commitments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    team_id: Mapped[str | None] = mapped_column(ForeignKey("teams.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # 依岗承诺 / 因事承诺 / 具体承诺
    content: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)  # after 延期: the new deadline
    published_on: Mapped[dt.date | None] = mapped_column(Date)  # None: a draft, not yet made public
    objection_until: Mapped[dt.date | None] = mapped_column(Date)  # end of the 公示期
    status: Mapped[str] = mapped_column(String(10), default="承诺中")
    kept_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")  # 践诺 evidence: what was done
    photo: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)

    __table_args__ = (
        CheckConstraint("(member_id IS NULL) <> (team_id IS NULL)", name="one_owner"),
        Index("ix_commitments_year_member", "year", "member_id"),
    )


class CommitmentEvent(Base):
    """History of a commitment: made, kept, not kept, postponed (with the new deadline), edited."""

    __tablename__ = "commitment_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitments.id"), index=True)
    happened_on: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(10))
    status_before: Mapped[str] = mapped_column(String(10), default="")
    status_after: Mapped[str] = mapped_column(String(10), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")


class WuliangProfile(Base):
    """五亮: what a member's public board shows besides the roster (identity) and commitments (亮承诺)."""

    __tablename__ = "wuliang_profiles"
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    post: Mapped[str] = mapped_column(String(50), default="")  # 岗位: 党员先锋岗, 示范岗…
    area: Mapped[str] = mapped_column(Text, default="")  # 包干区域 beyond the grid
    duties: Mapped[str] = mapped_column(Text, default="")
    services: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")  # blank: the roster mobile
    show_phone: Mapped[bool] = mapped_column(Boolean, default=True)  # false: print no phone at all
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


# --- 闪光言行考评 (quarterly shining-deeds star rating) ------------------------------------------------


class EvaluationPeriod(Base):
    """A quarter of the 闪光言行考评 (id ``2026Q3``): open while entries are made, closed once published.

    Reopening needs a reason; the last one is kept here and every open/close/reopen is in the audit log.
    """

    __tablename__ = "evaluation_periods"
    id: Mapped[str] = mapped_column(String(8), primary_key=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / closed
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opened_by: Mapped[str] = mapped_column(String(50), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str] = mapped_column(String(50), default="")
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reopened_by: Mapped[str] = mapped_column(String(50), default="")


class Deed(Base):
    """闪光言行: one deed of a member in a quarter. Withdrawn (typo, duplicate) rather than deleted."""

    __tablename__ = "deeds"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("evaluation_periods.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(10))  # 本人陈述 / 群众反映 / 支部记录
    photo: Mapped[str] = mapped_column(String(100), default="")  # file name inside the photos folder
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(50), default="")

    __table_args__ = (Index("ix_deeds_period_member", "period_id", "member_id"),)


class PeriodComment(Base):
    """点评: the branch's comment on a member's deeds in a quarter (one per member and quarter)."""

    __tablename__ = "period_comments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("evaluation_periods.id"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(50), default="")

    __table_args__ = (UniqueConstraint("member_id", "period_id", name="uq_period_comments_member_period"),)


class StarRating(Base):
    """The branch's decision for a member and quarter: a level 0–5, or exempt (只挂牌不参评, level NULL)."""

    __tablename__ = "star_ratings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    period_id: Mapped[str] = mapped_column(ForeignKey("evaluation_periods.id"), index=True)
    level: Mapped[int | None] = mapped_column(Integer)
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    exempt_reason: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")  # shown on the board, e.g. the best deed
    decided_by: Mapped[str] = mapped_column(String(50), default="")
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("member_id", "period_id", name="uq_star_ratings_member_period"),)


# --- points (党员量化积分), year-end grades and democratic review (民主评议) --------------------------------


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


# The areas' tables live in modules of their own (app/db/models_<area>.py), imported by the services that use them:
# a command imports only its area's models. What works on EVERY table asks `every_table()`.
AREA_MODULES = (
    "app.db.models_routine",  # 组织生活, 党费, 流动党员
    "app.db.models_service",  # 服务群众: households, 联户, visits, requests
    "app.db.models_projects",  # 服务项目
    "app.db.models_recognition",  # 评选与考核
    "app.db.models_pioneers",  # 先锋评选 (评选与考核)
    "app.db.models_accounts",  # logins and roles
    "app.db.models_township",  # a township's merged villages
)


def every_table() -> list[Table]:
    """Every table of the schema, parents before children — with every area's models imported first, so that
    a backup of a server, a restore onto one or a township merge never misses an area this process has not used.
    tests/unit/test_models_every_table.py checks it against the migrated schema and the app/db/models_*.py files."""
    for name in AREA_MODULES:
        importlib.import_module(name)
    return Base.metadata.sorted_tables
