"""Gatherers of the statistics on paper: 统计图表 (roster composition and the quarter's charts) and 季度简报."""

from __future__ import annotations

import datetime as dt

from app.boards.layouts.report import Figures
from app.db.database import Database
from app.domain.errors import ValidationError
from app.domain.periods import parse_quarter
from app.services.boards.request import BoardRequest, Gathered, scope
from app.services.reports import stats


def _period(req: BoardRequest, on: dt.date) -> str:
    if not req.period:
        raise ValidationError("请给出季度，如 2026Q3", field="period")
    return parse_quarter(req.period).id


def gather_statistics(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    period = _period(req, on)
    charts = (
        stats.roster_charts(db, on) + stats.quarter_charts(db, period) + stats.branch_star_charts(db, period)
    )
    return Gathered(charts, f"{parse_quarter(period).label} · {scope(db, req)}")


def gather_quarter(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    period = _period(req, on)
    charts = stats.quarter_charts(db, period)
    figures = stats.quarter_figures(db, period, charts, on)
    age = stats.roster_charts(db, on)[0]
    return Gathered([Figures(figures.lines), *charts, age], f"{figures.label} · {scope(db, req)}")
