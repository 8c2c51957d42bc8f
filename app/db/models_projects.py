"""Models of 党员服务项目化 (service projects): needs collected from residents, projects in the pool, their
claims, progress, completion and evaluation. Kept apart from app/db/models.py and models_service.py.

A project is never deleted: withdrawing it keeps the row with a reason. Every step is a ProjectEvent.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models import Base, new_id, utcnow


class Need(Base):
    """A need (群众需求) raised on a visit, from a request, at a 恳谈会 or by a 网格员; becomes (part of) a project."""

    __tablename__ = "project_needs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    category: Mapped[str] = mapped_column(String(20))
    size: Mapped[str] = mapped_column(String(10))  # 个人小项目 / 集体项目
    text: Mapped[str] = mapped_column(Text)
    household_id: Mapped[str | None] = mapped_column(ForeignKey("households.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), index=True)
    group_name: Mapped[str] = mapped_column(String(50), default="")  # 空巢老人…
    raised_how: Mapped[str] = mapped_column(String(10), default="走访")
    request_id: Mapped[str | None] = mapped_column(ForeignKey("service_requests.id"), index=True)
    raised_on: Mapped[dt.date] = mapped_column(Date, index=True)
    wanted_by: Mapped[dt.date | None] = mapped_column(Date)
    effort: Mapped[str] = mapped_column(String(50), default="")  # estimated effort or cost, as written
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(50), default="")


class Project(Base):
    """A project in the pool. status: 待公示 → 待认领 → 已认领 → 已完成 (→ 已验收), or 已撤回."""

    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    title: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20), index=True)
    size: Mapped[str] = mapped_column(String(10))
    goal: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")  # 考核标准
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    unit: Mapped[str] = mapped_column(String(100), default="")  # responsible unit
    status: Mapped[str] = mapped_column(String(10), index=True)
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    claimant_kind: Mapped[str] = mapped_column(String(10), default="")  # member / person / team
    claimant_id: Mapped[str | None] = mapped_column(String(36), index=True)
    claimed_on: Mapped[dt.date | None] = mapped_column(Date)
    commitment_id: Mapped[str | None] = mapped_column(String(36))  # the 认领承诺 (因事承诺)
    done_text: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    people_served: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[str] = mapped_column(String(10), default="")  # 满意 / 基本满意 / 不满意
    evaluated_on: Mapped[dt.date | None] = mapped_column(Date)
    before_photo: Mapped[str] = mapped_column(String(100), default="")
    after_photo: Mapped[str] = mapped_column(String(100), default="")
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ProjectEvent(Base):
    """One step: 立项, 公示, 认领, 交回, 进度, 完成, 验收, 撤销完成, 撤回 — with the claimant of the time."""

    __tablename__ = "project_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    action: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str] = mapped_column(String(100), default="")
    claimant_kind: Mapped[str] = mapped_column(String(10), default="")
    claimant_id: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
