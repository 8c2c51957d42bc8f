"""Models of the commitments area (公开承诺/践诺): commitments and their events, the teams (队伍) a member or a
team commitment belongs to, and the 五亮 profile."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


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
