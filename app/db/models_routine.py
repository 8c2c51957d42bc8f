"""Models of the branch's routine (组织生活): meetings and attendance, dues (党费), the 流动党员 contact log,
and the links from points entries to the meeting or dues quarter they came from.

Imported by the services that use them (see AREA_MODULES in app.db.models); one metadata holds every table.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db import models_points  # noqa: F401  (point_entries, the target of a foreign key here, in the same metadata)
from app.db.models import Base, new_id, utcnow


class Meeting(Base):
    """A meeting of a unit (支部党员大会, 党小组会, 主题党日…). Withdrawn with a reason, never deleted."""

    __tablename__ = "meetings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    unit_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    time: Mapped[str] = mapped_column(String(20), default="")  # "09:00" or "09:00-11:00"
    place: Mapped[str] = mapped_column(String(100), default="")
    topic: Mapped[str] = mapped_column(Text, default="")
    host_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    recorder_id: Mapped[str | None] = mapped_column(ForeignKey("members.id"))
    minutes: Mapped[str] = mapped_column(Text, default="")
    resolutions: Mapped[str] = mapped_column(Text, default="")
    photos: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of file names in the photos folder
    guests: Mapped[str] = mapped_column(Text, default="")  # non-members by name, one per line
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # optimistic locking (0023)


class Attendance(Base):
    """One member on a meeting's list: 出席 / 请假 (with reason) / 缺席, or "" while not yet marked.

    ``expected`` is false for members listed apart (流动党员, 特殊类): they may come, they are not counted."""

    __tablename__ = "meeting_attendance"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    expected: Mapped[bool] = mapped_column(default=True)
    mark: Mapped[str] = mapped_column(String(4), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_meeting_member"),
    )


class DuesRate(Base):
    """党费标准: a member's monthly amount in 分 from a month on (the latest one not after a month applies)."""

    __tablename__ = "dues_rates"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    from_month: Mapped[str] = mapped_column(String(7))  # "2026-01"
    amount_fen: Mapped[int] = mapped_column(Integer)
    basis: Mapped[str] = mapped_column(String(100), default="")  # how it was worked out (the band)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")

    __table_args__ = (UniqueConstraint("member_id", "from_month", name="uq_dues_rates_member_month"),)


class DuesPayment(Base):
    """One payment covering one or several months (first..last). Withdrawn with a reason, never deleted."""

    __tablename__ = "dues_payments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    first_month: Mapped[str] = mapped_column(String(7))
    last_month: Mapped[str] = mapped_column(String(7))
    amount_fen: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(String(50), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class MobileContact(Base):
    """流动党员联系记录: the home branch keeping in touch with a mobile member."""

    __tablename__ = "mobile_contacts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    way: Mapped[str] = mapped_column(String(10))  # 电话 / 微信 / 上门 / 来信
    doing: Mapped[str] = mapped_column(Text, default="")  # what the member is doing, where
    certificate_no: Mapped[str] = mapped_column(String(50), default="")  # 流动党员活动证
    attends_at: Mapped[str] = mapped_column(String(200), default="")  # where they attend organisation life
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class RoutinePointLink(Base):
    """A points entry written by the routine: for a meeting (key: the member) or for dues (key: 2026Q1).

    Reversals are linked too, so a meeting's entries can be listed whole; the live ones are those neither
    reversing nor reversed. No foreign key to the meeting: ``source_id`` is a meeting id or a member id."""

    __tablename__ = "routine_point_links"
    entry_id: Mapped[str] = mapped_column(ForeignKey("point_entries.id"), primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # meeting / dues
    source_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[str] = mapped_column(String(36))
    key: Mapped[str] = mapped_column(String(36), default="")

    __table_args__ = (Index("ix_routine_point_links_source", "source", "source_id"),)
