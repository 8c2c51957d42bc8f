"""Models of 服务群众 (serving the residents): people beyond the roster, households, grid levels, 联户 pairing,
visits, the help-request ledger and the links from them to deeds and points. Kept apart from app/db/models.py.

People are never mixed into the roster: they live in their own table and no roster query reads it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models_commitments  # noqa: F401  (teams, the target of a foreign key here, in the same metadata)
from app.db.models import Base, new_id, utcnow


class Person(Base):
    """A resident or another person the office works with (网格员, 社区工作者, 报到党员…), not on the roster."""

    __tablename__ = "people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(50))
    gender: Mapped[str] = mapped_column(String(2), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")  # optional, never printed
    address: Mapped[str] = mapped_column(String(200), default="")
    # No foreign key: households name their head (a person) and people their household, a cycle.
    household_id: Mapped[str | None] = mapped_column(String(36), index=True)
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"), index=True)
    roles: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of role tags (居民, 网格员…)
    organization: Mapped[str] = mapped_column(String(100), default="")  # 报到党员: their own organisation
    post: Mapped[str] = mapped_column(String(50), default="")  # shown on the 五亮 board (社区工作者…)
    photo: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_full: Mapped[str] = mapped_column(String(200), default="", index=True)
    pinyin_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)


class GridCell(Base):
    """责任区 (parent: none, under a 网格) or 单元格 (parent: a 责任区)."""

    __tablename__ = "grid_cells"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    grid_id: Mapped[str] = mapped_column(ForeignKey("grids.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("grid_cells.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))  # 责任区 / 单元格
    name: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class GridStaff(Base):
    """Who answers for a grid or a cell: 负责人, 协管员, 联络员 — a member or a person."""

    __tablename__ = "grid_staff"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    grid_id: Mapped[str] = mapped_column(ForeignKey("grids.id"), index=True)
    cell_id: Mapped[str | None] = mapped_column(ForeignKey("grid_cells.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("(member_id IS NULL) <> (person_id IS NULL)", name="one_staff"),)


class Household(Base):
    """A household (户): address, head, phone, grid and cell, tags (困难户, 空巢老人…), size."""

    __tablename__ = "households"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    address: Mapped[str] = mapped_column(String(200))
    head_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))
    head_name: Mapped[str] = mapped_column(String(50), default="")  # the head's name, kept for finding
    phone: Mapped[str] = mapped_column(String(20), default="")
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"), index=True)
    cell_id: Mapped[str | None] = mapped_column(ForeignKey("grid_cells.id"), index=True)
    tags: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    size: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pinyin_full: Mapped[str] = mapped_column(String(200), default="")
    pinyin_initials: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)


class Pairing(Base):
    """联户: a member (or a person) linked to a household from a date; ended, never deleted."""

    __tablename__ = "pairings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (CheckConstraint("(member_id IS NULL) <> (person_id IS NULL)", name="one_pairer"),)


class Visit(Base):
    """走访: a date, the way, what was found; its members and households/people are in the two tables below."""

    __tablename__ = "visits"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    way: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(50), default="")


class VisitMember(Base):
    __tablename__ = "visit_members"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)


class VisitTarget(Base):
    """Who was visited: a household or a person."""

    __tablename__ = "visit_targets"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id"), index=True)
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))


class ServiceRequest(Base):
    """求助 / 意见建议: 受理 → 办理中 → 办结 → 已回访 (不满意: back to 办理中). Never deleted; 撤销 keeps the row."""

    __tablename__ = "service_requests"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10), default="求助")  # 求助 / 建议
    raised_on: Mapped[dt.date] = mapped_column(Date, index=True)
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"))  # both empty: anonymous
    channel: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(20))
    urgency: Mapped[str] = mapped_column(String(10), default="一般")
    text: Mapped[str] = mapped_column(Text)
    grid_id: Mapped[str | None] = mapped_column(ForeignKey("grids.id"), index=True)  # where, for statistics
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visits.id"))  # raised during this visit
    status: Mapped[str] = mapped_column(String(10), default="受理", index=True)
    assigned_member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    assigned_team_id: Mapped[str | None] = mapped_column(String(36))  # teams live on another branch
    assigned_committee: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    resolution: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str] = mapped_column(String(10), default="")
    revisited_on: Mapped[dt.date | None] = mapped_column(Date)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    adopted: Mapped[bool] = mapped_column(Boolean, default=False)  # a suggestion taken up
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(50), default="")


class RequestEvent(Base):
    """One step of a request: 受理, 指派, 进展, 办结, 回访, 重办, 撤销 — with who and when."""

    __tablename__ = "request_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("service_requests.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    action: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")


class ServiceLink(Base):
    """A deed or a points entry recorded from a visit or a request; reversed when the source is withdrawn.

    No foreign keys to deeds and points: those tables live on other migration branches.
    """

    __tablename__ = "service_links"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    source_kind: Mapped[str] = mapped_column(String(10))  # visit / request
    source_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str] = mapped_column(String(36))
    deed_id: Mapped[str | None] = mapped_column(String(36))
    point_entry_id: Mapped[str | None] = mapped_column(String(36))
    reversed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_service_links_source", "source_kind", "source_id"),)


class TeamPerson(Base):
    """A person (not a member) in a team: 1+4+1 teams include 居民组长, 企业负责人… Left teams stay inactive."""

    __tablename__ = "team_people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="队员")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
