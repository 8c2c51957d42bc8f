"""Models of 评选与考核: the branch 百分制 assessment, 五星级 organisations, 书记述职 satisfaction ballots,
党员先锋岗 / 示范岗 / 工作室, and each member's 所在单位 (1+N). The 先锋评选 campaigns and nominees are in
app/db/models_pioneers.py (the star board reads their honours without mapping all of these)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


class AssessmentItem(Base):
    """One item of a year's 支部工作考核 scheme, with its maximum points."""

    __tablename__ = "assessment_items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(50))
    max_points: Mapped[float] = mapped_column(Float)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("year", "name", name="uq_assessment_items_year_name"),)


class AssessmentScore(Base):
    """The committee's score of one branch on one item (suggestions are computed, never stored here)."""

    __tablename__ = "assessment_scores"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    item_id: Mapped[str] = mapped_column(ForeignKey("assessment_items.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    score: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    scored_by: Mapped[str] = mapped_column(String(50), default="")
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("item_id", "unit_id", name="uq_assessment_scores_item_unit"),)


class OrgStarCheck(Base):
    """五星级: one criterion of one organisation in one year, met or not, with evidence; self then confirmed."""

    __tablename__ = "org_star_checks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    criterion: Mapped[str] = mapped_column(String(30))
    met: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")
    checked_on: Mapped[dt.date] = mapped_column(Date)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)  # the higher committee's confirmation
    confirmed_by: Mapped[str] = mapped_column(String(50), default="")

    __table_args__ = (
        UniqueConstraint("unit_id", "year", "criterion", name="uq_org_star_checks_unit_year_c"),
    )


class DutyReport(Base):
    """书记述职 / 述职述廉 of one member in one year, with the satisfaction tallies by group (JSON)."""

    __tablename__ = "duty_reports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str] = mapped_column(String(30), default="")
    date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text, default="")
    file_ref: Mapped[str] = mapped_column(String(200), default="")
    tallies: Mapped[str] = mapped_column(Text, default="{}")  # {group: [满意, 基本满意, 不满意]}
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("member_id", "year", name="uq_duty_reports_member_year"),)


class Post(Base):
    """党员先锋岗 / 党员示范岗 / 明星党员工作室: a member (or team) in charge, a place, what it offers."""

    __tablename__ = "pioneer_posts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    member_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"), index=True)
    team: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    offers: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MemberWorkUnit(Base):
    """1+N: the small unit (enterprise, shop) a member works in — 所在单位."""

    __tablename__ = "member_work_units"
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), primary_key=True)
    unit_name: Mapped[str] = mapped_column(String(100), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MeetingPerson(Base):
    """1+N: a member from elsewhere (in the people register, not on the roster) on a meeting's list — the
    organisation life of a 区域综合党支部 / 流动党员服务站. 出席 / 请假 / 缺席 or "" while not marked; never points."""

    __tablename__ = "meeting_people"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    mark: Mapped[str] = mapped_column(String(4), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("meeting_id", "person_id", name="uq_meeting_people_meeting_person"),)
