"""Models of the quarterly 闪光言行 star rating: the quarters, the deeds, the branch's comments and decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


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
