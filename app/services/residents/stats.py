"""The figures the seeds quote (联系结对…户, 走访…人次, 受理…件, 解决…件) per grid and in total, for a year or
a quarter. A few grouped queries: a year of 20,000 visits and 3,000 requests is counted in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from app.db.database import Database
from app.db.models_service import Household, Pairing, ServiceRequest, Visit, VisitTarget
from app.domain import service_rules as rules
from app.domain.errors import ValidationError
from app.services.residents import common

NO_GRID = "（未分网格）"


@dataclass
class Counts:
    households: int = 0
    paired_households: int = 0
    visits: int = 0
    visited_households: int = 0  # 走访人次 as household-visits
    received: int = 0
    requests: int = 0
    suggestions: int = 0
    resolved: int = 0
    overdue: int = 0
    revisited: int = 0
    satisfied: int = 0  # 满意 + 基本满意
    dissatisfied: int = 0
    suggestions_adopted: int = 0

    def add(self, other: Counts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)


@dataclass
class ServiceStats:
    year: int
    quarter: int | None
    starts_on: dt.date
    ends_on: dt.date
    by_unit: dict[str, Counts] = field(default_factory=dict)
    total: Counts = field(default_factory=Counts)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "from": self.starts_on.isoformat(),
            "to": self.ends_on.isoformat(),
            "units": [{"unit": name, **asdict(c)} for name, c in self.by_unit.items()],
            "total": asdict(self.total),
        }


def period_bounds(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度只能是 1 到 4", field="quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def service_stats(
    db: Database, year: int, quarter: int | None = None, unit: str | None = None, today: dt.date | None = None
) -> ServiceStats:
    """Counts per grid ("unit") and in total. Overdue: received in the period and still open past its deadline
    (as of today, or the period's end if that is earlier); paired households: pairings open at the period's end."""
    today = today or dt.date.today()
    start, end = period_bounds(year, quarter)
    as_of = min(today, end)
    deadlines = common.get_settings(db).deadlines
    out = ServiceStats(year, quarter, start, end)
    with db.session() as s:
        names = common.grid_names(s)
        only = common.grid_id_by_name(s, unit) if unit else None

        def counts(grid_id: str | None) -> Counts | None:
            if only and grid_id != only:
                return None
            name = names.get(grid_id or "", NO_GRID)
            return out.by_unit.setdefault(name, Counts())

        for gid, n in s.execute(
            select(Household.grid_id, func.count())
            .where(Household.active.is_(True))
            .group_by(Household.grid_id)
        ):
            if (c := counts(gid)) is not None:
                c.households += n
        for gid, n in s.execute(
            select(Household.grid_id, func.count(func.distinct(Pairing.household_id)))
            .join(Household, Household.id == Pairing.household_id)
            .where(Pairing.starts_on <= end, or_(Pairing.ends_on.is_(None), Pairing.ends_on > end))
            .group_by(Household.grid_id)
        ):
            if (c := counts(gid)) is not None:
                c.paired_households += n
        in_period = (Visit.date >= start, Visit.date <= end, Visit.withdrawn_at.is_(None))
        for gid, visits, targets in s.execute(
            select(Household.grid_id, func.count(func.distinct(Visit.id)), func.count())
            .join(VisitTarget, VisitTarget.visit_id == Visit.id)
            .outerjoin(Household, Household.id == VisitTarget.household_id)
            .where(*in_period)
            .group_by(Household.grid_id)
        ):
            if (c := counts(gid)) is not None:
                c.visits += visits
                c.visited_households += targets
        received = select(
            ServiceRequest.grid_id,
            ServiceRequest.kind,
            ServiceRequest.status,
            ServiceRequest.urgency,
            ServiceRequest.raised_on,
            ServiceRequest.satisfaction,
            ServiceRequest.adopted,
        ).where(
            ServiceRequest.raised_on >= start,
            ServiceRequest.raised_on <= end,
            ServiceRequest.status != rules.WITHDRAWN,
        )
        for gid, kind, status, urgency, raised_on, satisfaction, adopted in s.execute(received):
            if (c := counts(gid)) is None:
                continue
            c.received += 1
            if kind == "建议":
                c.suggestions += 1
                c.suggestions_adopted += bool(adopted)
            else:
                c.requests += 1
            c.overdue += rules.is_overdue(status, raised_on, urgency, deadlines, as_of)
            if satisfaction:
                c.revisited += 1
                c.satisfied += satisfaction != "不满意"
                c.dissatisfied += satisfaction == "不满意"
        for (gid,) in s.execute(
            select(ServiceRequest.grid_id).where(
                ServiceRequest.resolved_on >= start,
                ServiceRequest.resolved_on <= end,
                ServiceRequest.status != rules.WITHDRAWN,
            )
        ):
            if (c := counts(gid)) is not None:
                c.resolved += 1
    # Visits to several households of different grids count once in the total (distinct visits).
    for c in out.by_unit.values():
        out.total.add(c)
    with db.session() as s:
        stmt = select(func.count(func.distinct(Visit.id))).where(*in_period)
        if only:
            stmt = (
                stmt.join(VisitTarget, VisitTarget.visit_id == Visit.id)
                .join(Household, Household.id == VisitTarget.household_id)
                .where(Household.grid_id == only)
            )
        out.total.visits = int(s.scalar(stmt) or 0)
    out.by_unit = dict(sorted(out.by_unit.items(), key=lambda kv: (kv[0] == NO_GRID, kv[0])))
    return out
