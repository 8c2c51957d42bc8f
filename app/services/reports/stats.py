"""The statistics (统计) as charts with their tables: the roster's composition (the categories of the 党内统计年报),
and a quarter's figures — stars over the last 8 quarters, commitments kept per branch, points grades, meeting
attendance per branch, requests received and resolved per month. Reading only."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.boards.charts import Chart
from app.db.models import Member
from app.db.models_evaluations import StarRating
from app.db.models_service import ServiceRequest
from app.domain.errors import UserError
from app.domain.periods import parse_quarter
from app.services import accounts, commitments, evaluations, meetings, organizations, points, roster
from app.services.store import Database

EDUCATION_ORDER = ("研究生", "大学本科", "大学专科", "中专", "中等专科", "高中", "初中", "小学及以下", "小学")
STAR_NAMES = ("五星", "四星", "三星", "二星", "一星", "无星")
GRADE_NAMES = ("优秀", "合格", "基本合格", "不合格", "不评")


def _bands(
    values: Sequence[int | None], edges: Sequence[tuple[int, int, str]]
) -> tuple[tuple[str, ...], tuple[float, ...]]:
    counts = Counter()  # type: Counter[str]
    for v in values:
        if v is None:
            continue
        for low, high, label in edges:
            if low <= v <= high:
                counts[label] += 1
                break
    labels = tuple(label for _l, _h, label in edges)
    return labels, tuple(float(counts[label]) for label in labels)


def _count(chart_title: str, values: Sequence[str], order: Sequence[str] = (), header: str = "类别") -> Chart:
    counts = Counter(v or "未填" for v in values)
    cats = [c for c in order if c in counts] + sorted(c for c in counts if c not in order)
    return Chart(
        chart_title, tuple(cats), (("人数", tuple(float(counts[c]) for c in cats)),), first_header=header
    )


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def roster_charts(db: Database, today: dt.date | None = None) -> list[Chart]:
    """The members on the roll by age, gender, ethnicity, education, 党龄, 预备/正式 and 流动."""
    on = today or dt.date.today()
    members = roster.list_members(db, status="active", today=on)
    ages = [_age(m.birth_date, on) for m in members]
    age_edges = [(0, 30, "30岁及以下"), (31, 40, "31–40岁"), (41, 50, "41–50岁"), (51, 60, "51–60岁")]
    age_edges += [(61, 70, "61–70岁"), (71, 200, "71岁及以上")]
    age_cats, age_values = _bands(ages, age_edges)
    party_edges = [(0, 4, "5年以下"), (5, 10, "5–10年"), (11, 20, "11–20年"), (21, 30, "21–30年")]
    party_edges += [(31, 40, "31–40年"), (41, 50, "41–50年"), (51, 200, "50年以上")]
    party_cats, party_values = _bands([m.party_age for m in members], party_edges)
    return [
        Chart("年龄", age_cats, (("人数", age_values),), first_header="年龄段"),
        _count("性别", [m.gender for m in members], ("男", "女"), "性别"),
        _count(
            "民族",
            ["汉族" if m.ethnicity in ("汉族", "汉") else "少数民族" for m in members],
            ("汉族",),
            "民族",
        ),
        _count("学历", [m.education for m in members], EDUCATION_ORDER, "学历"),
        Chart("党龄", party_cats, (("人数", party_values),), first_header="党龄"),
        _count("预备党员与正式党员", [m.category for m in members], ("正式党员", "预备党员"), "类别"),
        _count(
            "流动党员",
            ["流动党员" if m.is_mobile else "非流动党员" for m in members],
            ("非流动党员",),
            "情况",
        ),
    ]


def _safe(make: Callable[[], Chart], title: str) -> Chart:
    try:
        return make()
    except UserError:  # no rules for the year, no quarter opened…: an empty chart says 暂无数据
        return Chart(title, (), ())


def _stars(db: Database, period: str) -> Chart:
    """The decided levels of the last 8 quarters up to ``period``, counted in the database (one query)."""
    ids = sorted(p.id for p in evaluations.list_periods(db) if p.id <= period)[-8:]
    stmt = select(StarRating.period_id, StarRating.level, func.count()).where(
        StarRating.period_id.in_(ids), StarRating.exempt.is_(False), StarRating.level.is_not(None)
    )
    units = accounts.visible_unit_ids(db)  # an account with a unit: its subtree's members only
    if units is not None:
        stmt = stmt.where(StarRating.member_id.in_(select(Member.id).where(Member.branch_id.in_(units))))
    with db.session() as s:
        found = s.execute(stmt.group_by(StarRating.period_id, StarRating.level)).all()
    counts = {(pid, level): n for pid, level, n in found}
    series = tuple(
        (name, tuple(float(counts.get((pid, level), 0)) for pid in ids))
        for level, name in zip((5, 4, 3, 2, 1, 0), STAR_NAMES, strict=True)
    )
    return Chart("最近8个季度的星级分布", tuple(ids), series, stacked=True, first_header="季度")


def branch_star_charts(db: Database, period: str) -> list[Chart]:
    """The same distribution per branch (one stacked chart each), for the statistics page and its PDF — not for the
    one-page 季度简报. Members count under the branch they belong to now."""
    ids = sorted(p.id for p in evaluations.list_periods(db) if p.id <= period)[-8:]
    units = accounts.visible_unit_ids(db)
    chosen = [
        u for u in organizations.branches(db) if u.parent_id is not None and (units is None or u.id in units)
    ]
    with db.session() as s:
        found = s.execute(
            select(Member.branch_id, StarRating.period_id, StarRating.level, func.count())
            .join(Member, Member.id == StarRating.member_id)
            .where(StarRating.period_id.in_(ids), StarRating.exempt.is_(False), StarRating.level.is_not(None))
            .group_by(Member.branch_id, StarRating.period_id, StarRating.level)
        ).all()
    counts = {(bid, pid, level): n for bid, pid, level, n in found}
    charts = []
    for unit in chosen:
        series = tuple(
            (name, tuple(float(counts.get((unit.id, pid, level), 0)) for pid in ids))
            for level, name in zip((5, 4, 3, 2, 1, 0), STAR_NAMES, strict=True)
        )
        charts.append(
            Chart(f"{unit.name}最近8个季度的星级分布", tuple(ids), series, stacked=True, first_header="季度")
        )
    return charts


def _kept(db: Database, year: int) -> Chart:
    s = commitments.stats(db, year)
    units = accounts.visible_unit_ids(db)
    rows = [r for r in s.branches if r.made and (units is None or r.unit_id in units)]
    values = tuple(float(r.kept_rate or 0) for r in rows)
    return Chart(
        f"{year}年各支部承诺兑现率",
        tuple(r.unit for r in rows),
        (("兑现率", values),),
        unit="%",
        first_header="支部",
    )


def _grades(db: Database, year: int) -> Chart:
    counts = Counter(r.grade or "不评" for r in points.summary(db, year, accounts.scoped_unit(db, None)))
    return Chart(
        f"{year}年积分等次分布",
        GRADE_NAMES,
        (("人数", tuple(float(counts[g]) for g in GRADE_NAMES)),),
        first_header="等次",
    )


def _attendance(db: Database, year: int, quarter: int) -> Chart:
    units = accounts.visible_unit_ids(db)
    rows = [
        m
        for m in meetings.list_meetings(db, year=year, quarter=quarter, include_withdrawn=False)
        if units is None or m.unit_id in units
    ]
    expected: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for m in rows:
        expected[m.unit] += m.expected
        present[m.unit] += m.present
    units = sorted(expected)
    rate = tuple(round(100.0 * present[u] / expected[u], 1) if expected[u] else 0.0 for u in units)
    return Chart(
        f"{year}年第{quarter}季度各组织会议出席率",
        tuple(units),
        (("出席率", rate),),
        unit="%",
        first_header="组织",
    )


def _requests(db: Database, year: int) -> Chart:
    """Requests and suggestions received and resolved in each month of ``year`` (two small queries)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as s:
        raised = s.execute(
            select(ServiceRequest.raised_on).where(ServiceRequest.raised_on.between(first, last))
        ).scalars()
        received = Counter(d.month for d in raised)
        done = s.execute(
            select(ServiceRequest.resolved_on).where(ServiceRequest.resolved_on.between(first, last))
        ).scalars()
        resolved = Counter(d.month for d in done if d is not None)
    months = range(1, 13)
    series = (
        ("受理", tuple(float(received[m]) for m in months)),
        ("办结", tuple(float(resolved[m]) for m in months)),
    )
    return Chart(
        f"{year}年每月受理和办结的求助与建议",
        tuple(f"{m}月" for m in months),
        series,
        unit="件",
        first_header="月份",
    )


def quarter_charts(db: Database, period: str) -> list[Chart]:
    """The charts of a quarter (e.g. 2026Q3) for the statistics page and the 季度简报."""
    q = parse_quarter(period)
    year = q.starts_on.year
    quarter = (q.starts_on.month - 1) // 3 + 1
    return [
        _safe(lambda: _stars(db, q.id), "最近8个季度的星级分布"),
        _safe(lambda: _kept(db, year), f"{year}年各支部承诺兑现率"),
        _safe(lambda: _grades(db, year), f"{year}年积分等次分布"),
        _safe(lambda: _attendance(db, year, quarter), "会议出席率"),
        _safe(lambda: _requests(db, year), f"{year}年每月受理和办结的求助与建议"),
    ]


@dataclass(frozen=True)
class QuarterFigures:
    period: str
    label: str
    members: int
    lines: tuple[str, ...]


def quarter_figures(
    db: Database, period: str, charts: Sequence[Chart], today: dt.date | None = None
) -> QuarterFigures:
    """The quarter's headline figures, one sentence each, from its charts and the roster."""
    q = parse_quarter(period)
    members = len(roster.list_members(db, status="active", today=today or dt.date.today()))
    lines = [f"在册党员 {members} 人。"]
    stars, kept, grades, attendance, reqs = charts
    if stars.categories:
        last = {name: vals[-1] for name, vals in stars.series}
        rated = int(sum(last.values()))
        lines.append(
            f"本季度评星 {rated} 人，其中五星 {int(last.get('五星', 0))} 人、无星 {int(last.get('无星', 0))} 人。"
        )
    if kept.categories:
        lines.append(
            "承诺兑现率："
            + "，".join(f"{c} {v:.0f}%" for c, v in zip(kept.categories, kept.series[0][1], strict=True))
            + "。"
        )
    if attendance.categories:
        avg = sum(attendance.series[0][1]) / len(attendance.categories)
        lines.append(f"本季度组织生活平均出席率 {avg:.0f}%（{len(attendance.categories)} 个组织）。")
    if reqs.categories:
        months = range(q.starts_on.month - 1, q.starts_on.month + 2)
        got = int(sum(reqs.series[0][1][m] for m in months))
        done = int(sum(reqs.series[1][1][m] for m in months))
        lines.append(f"本季度受理群众求助和建议 {got} 件，办结 {done} 件。")
    if grades.categories:
        lines.append(
            "年度积分等次："
            + "，".join(
                f"{c} {int(v)} 人" for c, v in zip(grades.categories, grades.series[0][1], strict=True)
            )
            + "。"
        )
    return QuarterFigures(q.id, q.label, members, tuple(lines))
