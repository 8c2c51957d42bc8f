"""SQLAlchemy typed models. Row ids are UUID strings with no meaning, so databases can be merged later."""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
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


# The areas' tables live in modules of their own (app/db/models_<area>.py), imported by the services that use them:
# a command imports only its area's models. What works on EVERY table asks `every_table()`.
AREA_MODULES = (
    "app.db.models_commitments",  # 公开承诺/践诺, 队伍, 五亮
    "app.db.models_evaluations",  # 闪光言行 star rating
    "app.db.models_points",  # 积分, 民主评议
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
