"""The star rating's plain values, settings, suggestion sources and automatic exemption."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.db.database import Database
from app.db.models import (
    Setting,
)
from app.domain import stars
from app.domain.errors import ValidationError
from app.domain.periods import parse_quarter
from app.services import audit, settings

OPEN = "open"
CLOSED = "closed"
STATUS_LABELS = {OPEN: "考评中", CLOSED: "已公示"}

# Organisation settings (app.services.settings keys) and their defaults.
SETTING_INCLUDE_PROBATIONARY = "evaluations.include_probationary"
SETTING_INCLUDE_MOBILE = "evaluations.include_mobile"
SETTING_EXEMPT_AGE = "evaluations.exempt_age"  # None: no automatic exemption by age
SETTING_CATEGORIES = "evaluations.deed_categories"
DEFAULT_EXEMPT_AGE = 70

# Extra suggestion sources, e.g. the points ledger's year bands. Each is called as
# ``source(db, period_id, member_ids) -> {member_id: level 0–5}`` (members it knows nothing about are
# simply left out); its level is combined with the deeds suggestion by stars.combine_suggestions (the
# lower wins; no deeds → no suggestion). A source is a function or a "module:function" name that is
# imported on use: the list is complete without any import side effect, so the CLI (which imports one
# group) and the GUI (which imports every page) always agree. Tests may replace the list.
SuggestionSource = Callable[[Database, str, Sequence[str]], dict[str, int]]
POINTS_STAR_BANDS = "app.services.points.star_bands:quarter_star_suggestions"
SUGGESTION_SOURCES: list[SuggestionSource | str] = [POINTS_STAR_BANDS]


def suggestion_source(source: SuggestionSource | str) -> SuggestionSource:
    """The function a ``SUGGESTION_SOURCES`` entry stands for (a "module:function" name is imported now)."""
    if not isinstance(source, str):
        return source
    module_name, _, function_name = source.partition(":")
    function: SuggestionSource = getattr(importlib.import_module(module_name), function_name)
    return function


# --- plain values handed to the CLI and the GUI ------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    id: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    closed_at: dt.datetime | None
    closed_by: str
    reopen_reason: str

    @property
    def label(self) -> str:
        return parse_quarter(self.id).label

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
        }


@dataclass(frozen=True)
class DeedRow:
    id: str
    member_id: str
    member_name: str
    branch: str
    period: str
    date: dt.date
    text: str
    category: str
    source: str
    photo: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch,
            "period": self.period,
            "date": self.date.isoformat(),
            "text": self.text,
            "category": self.category,
            "source": self.source,
            "photo": self.photo,
        }


@dataclass(slots=True)
class RatingRow:
    """One member in one quarter, as the evaluation grid and `stars list` show it."""

    member_id: str
    member_name: str
    pinyin_full: str
    pinyin_initials: str
    branch_id: str
    branch: str
    category: str  # 正式党员 / 预备党员
    is_mobile: bool
    age: int
    period: str
    deeds: int
    serving_deeds: int
    suggested: int | None
    level: int | None  # None: not rated, or exempt
    exempt: bool
    exempt_reason: str
    exempt_automatic: bool  # exempt by the settings (age, category), not by a decision
    reason: str  # for the board
    comment: str  # 点评
    decided_by: str
    decided_at: dt.datetime | None
    previous_level: int | None
    previous_exempt: bool
    member_last_quarter: bool = True  # on the roll during the previous quarter too

    @property
    def rated(self) -> bool:
        return self.level is not None

    @property
    def movement(self) -> str:
        return stars.movement(self.previous_level, self.level)

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch,
            "period": self.period,
            "level": None if self.exempt else self.level,
            "exempt": self.exempt,
            "deeds": self.deeds,
            "previous_level": self.previous_level,
            "reason": self.reason,
            "exempt_reason": self.exempt_reason,
            "suggested": self.suggested,
            "comment": self.comment,
        }


@dataclass(frozen=True)
class MemberRef:
    member_id: str
    name: str
    branch: str
    level: int | None = None
    previous_level: int | None = None


@dataclass
class PeriodSummary:
    period: str
    members: int = 0
    rated: int = 0
    exempt: int = 0
    with_deeds: int = 0
    by_level: dict[int, int] = field(default_factory=dict)
    five_star_of_year: list[MemberRef] = field(default_factory=list)  # 闪光言行之星
    risers: list[MemberRef] = field(default_factory=list)
    without_stars_twice: list[MemberRef] = field(default_factory=list)  # for a talk, not for the board


@dataclass(frozen=True)
class HistoryRow:
    period: str
    label: str
    status: str
    level: int | None
    exempt: bool
    exempt_reason: str
    reason: str
    comment: str
    deeds: list[DeedRow]


@dataclass(frozen=True)
class EvaluationSettings:
    include_probationary: bool
    include_mobile: bool
    exempt_age: int | None
    categories: tuple[str, ...]


# --- settings ------------------------------------------------------------------------------------------


def get_settings(db: Database) -> EvaluationSettings:
    age = settings.get(db, SETTING_EXEMPT_AGE, DEFAULT_EXEMPT_AGE)
    categories = settings.get(db, SETTING_CATEGORIES, None) or list(stars.DEFAULT_CATEGORIES)
    return EvaluationSettings(
        include_probationary=bool(settings.get(db, SETTING_INCLUDE_PROBATIONARY, True)),
        include_mobile=bool(settings.get(db, SETTING_INCLUDE_MOBILE, True)),
        exempt_age=int(age) if age is not None else None,
        categories=tuple(str(c) for c in categories),
    )


def put_settings(db: Database, value: EvaluationSettings) -> None:
    categories = [c.strip() for c in value.categories if c.strip()]
    if not categories:
        raise ValidationError("闪光言行的类别至少要有一个，例如“工作”", field="categories")
    if value.exempt_age is not None and not 50 <= value.exempt_age <= 100:
        raise ValidationError("自动不参评的年龄应在 50 到 100 岁之间，或不设", field="exempt_age")
    values: dict[str, Any] = {
        SETTING_INCLUDE_PROBATIONARY: value.include_probationary,
        SETTING_INCLUDE_MOBILE: value.include_mobile,
        SETTING_EXEMPT_AGE: value.exempt_age,
        SETTING_CATEGORIES: categories,
    }
    with db.session() as s, s.begin():  # all four or none
        for key, v in values.items():
            text = json.dumps(v, ensure_ascii=False)
            row = s.get(Setting, key)
            before = row.value if row else None
            if before == text:
                continue
            if row is None:
                s.add(Setting(key=key, value=text))
            else:
                row.value = text
            audit.record(s, db.actor, "update", "setting", key, key, before, text)


def auto_exemption(conf: EvaluationSettings, m_category: str, is_mobile: bool, age: int) -> str:
    if conf.exempt_age is not None and age >= conf.exempt_age:
        return f"{conf.exempt_age}岁以上"
    if not conf.include_probationary and m_category == "预备党员":
        return "预备党员不参评"
    if not conf.include_mobile and is_mobile:
        return "流动党员不参评"
    return ""
