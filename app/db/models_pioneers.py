"""Models of the 先锋评选: campaigns and their nominees (part of 评选与考核, app/services/recognition).

A module of their own: the honours they give are printed on the star board and the 五亮 board
(app/services/honours.py), which need not map the rest of the area's tables (app/db/models_recognition.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


class PioneerCampaign(Base):
    """A 先锋评选 campaign: name, year, quota and categories; moves 推荐 → 审议 → 投票 → 公示 → 表彰."""

    __tablename__ = "pioneer_campaigns"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer, index=True)
    quota: Mapped[int] = mapped_column(Integer)
    categories: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    invalid_ballots: Mapped[int] = mapped_column(Integer, default=0)
    announced_on: Mapped[dt.date | None] = mapped_column(Date)
    objection_until: Mapped[dt.date | None] = mapped_column(Date)
    honoured_on: Mapped[dt.date | None] = mapped_column(Date)
    over_quota_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class PioneerNominee(Base):
    """One nominee of a campaign: who nominated, the evidence picked, the review, the votes, the outcome."""

    __tablename__ = "pioneer_nominees"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("pioneer_campaigns.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    nominated_by: Mapped[str] = mapped_column(String(10))  # 支部推荐 / 党员推荐 / 群众推荐
    recommendations: Mapped[int] = mapped_column(Integer, default=1)
    deeds: Mapped[str] = mapped_column(
        Text, default=""
    )  # the short line of deeds printed on ballot and board
    evidence: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of {kind, id, text}
    review: Mapped[str] = mapped_column(String(10), default="")  # "" / 通过 / 未通过
    review_meeting_id: Mapped[str | None] = mapped_column(String(36))
    review_reason: Mapped[str] = mapped_column(Text, default="")
    votes: Mapped[int | None] = mapped_column(Integer)
    selected: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("campaign_id", "member_id", name="uq_pioneer_nominees_campaign_member"),
    )
