"""支部工作考核 (branch 百分制): a scheme of items per year, suggested item scores from the program's own data with
their evidence, the committee's scores (which alone count), the total and its band, and the ranking."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Organization
from app.db.models_recognition import AssessmentItem, AssessmentScore
from app.domain import recognition as rules
from app.domain.errors import NotFoundError, ValidationError
from app.services import audit, organizations, settings
from app.services.recognition.evidence import Measure, branch_measures

SETTING_BANDS = "recognition.assessment_bands"

# Which measures suggest which preset item (items of other names get no suggestion).
SUGGESTED_BY = {
    "组织建设": ("会议",),
    "党员管理": ("党费", "承诺"),
    "组织生活": ("出勤",),
    "服务群众": ("求助", "满意度"),
    "特色工作": ("星级", "项目"),
}


@dataclass(frozen=True)
class SchemeItem:
    name: str
    max_points: float


@dataclass(frozen=True)
class BranchAssessment:
    unit_id: str
    unit: str
    items: dict[str, float | None]  # the committee's scores
    suggested: dict[str, float | None]
    evidence: dict[str, list[str]]
    total: float | None  # None until every item is scored
    band: str
    consequence: str
    rank: int | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_id": self.unit_id,
            "items": self.items,
            "suggested": self.suggested,
            "evidence": self.evidence,
            "total": self.total,
            "band": self.band,
            "consequence": self.consequence,
            "rank": self.rank,
        }


def bands(db: Database) -> tuple[rules.Band, ...]:
    saved = settings.get(db, SETTING_BANDS)
    return bands_from(saved) if saved else rules.DEFAULT_BANDS


def bands_from(saved: Sequence[Mapping[str, Any]]) -> tuple[rules.Band, ...]:
    return tuple(rules.Band(b["name"], float(b["floor"]), b.get("consequence", "")) for b in saved)


def set_bands(db: Database, values: Sequence[rules.Band]) -> None:
    """Edit the bands (name, lowest total, consequence); one band must start at 0."""
    if not values or min(b.floor for b in values) != 0:
        raise ValidationError("等次中要有一个从 0 分起的（如 较差）")
    if len({b.floor for b in values}) != len(values) or len({b.name for b in values}) != len(values):
        raise ValidationError("等次的名称和起点分数不能重复")
    if any(not b.name.strip() for b in values) or any(not 0 <= b.floor <= 1000 for b in values):
        raise ValidationError("每个等次要有名称，起点分数在 0 到 1000 之间")
    saved = [{"name": b.name, "floor": b.floor, "consequence": b.consequence} for b in values]
    with db.session() as s, s.begin():
        before, _after = settings.store(s, SETTING_BANDS, saved)
        old = bands_from(json.loads(before)) if before else rules.DEFAULT_BANDS
        audit.record(
            s, db.actor, "update", "setting", SETTING_BANDS, "bands", _bands_text(old), _bands_text(values)
        )


def _bands_text(values: Sequence[rules.Band]) -> str:
    return "；".join(f"{b.name}≥{b.floor:g}{f'（{b.consequence}）' if b.consequence else ''}" for b in values)


def scheme(db: Database, year: int) -> list[SchemeItem]:
    with db.session() as s:
        return [
            SchemeItem(i.name, i.max_points)
            for i in s.scalars(
                select(AssessmentItem).where(AssessmentItem.year == year).order_by(AssessmentItem.sort_order)
            )
        ]


def set_scheme(
    db: Database, year: int, items: Sequence[tuple[str, float]] = rules.PRESET_ITEMS
) -> list[SchemeItem]:
    """The year's items with their maximum points (the preset: five items of 20). Scored items cannot be dropped."""
    names = [n.strip() for n, _ in items]
    if not items or any(not n for n in names) or len(set(names)) != len(names):
        raise ValidationError("考核项目要有名称，且不能重复")
    if any(m <= 0 for _, m in items):
        raise ValidationError("每一项的满分要大于 0")
    total = sum(m for _, m in items)
    if abs(total - 100) > 1e-6:
        raise ValidationError(f"百分制：各项满分加起来要是 100 分（现在是 {total:g} 分）")
    with db.session() as s, s.begin():
        old = {i.name: i for i in s.scalars(select(AssessmentItem).where(AssessmentItem.year == year))}
        for name, item in old.items():
            if name not in names:
                if s.scalar(select(AssessmentScore.id).where(AssessmentScore.item_id == item.id).limit(1)):
                    raise ValidationError(f"“{name}”已经有支部打了分，不能从方案中去掉")
                s.delete(item)
        for order, (name, maximum) in enumerate(items):
            kept = old.get(name.strip())
            if kept is None:
                s.add(
                    AssessmentItem(year=year, name=name.strip(), max_points=float(maximum), sort_order=order)
                )
            else:
                over = s.scalar(
                    select(func.max(AssessmentScore.score)).where(AssessmentScore.item_id == kept.id)
                )
                if over is not None and over > maximum:
                    raise ValidationError(
                        f"“{kept.name}”已经有支部得了 {over:g} 分，满分不能改成 {maximum:g} 分"
                    )
                kept.max_points, kept.sort_order = float(maximum), order
        audit.record(
            s,
            db.actor,
            "update",
            "assessment_scheme",
            str(year),
            "items",
            None,
            "、".join(f"{n} {m}" for n, m in items),
        )
    return scheme(db, year)


def _branches(db: Database) -> list[organizations.OrgUnit]:
    return [
        u for u in organizations.units(db) if u.kind in organizations.BRANCH_KINDS
    ] or organizations.branches(db)


def _suggest(item: SchemeItem, measures: Mapping[str, Measure]) -> tuple[float | None, list[str]]:
    used = [measures[k] for k in SUGGESTED_BY.get(item.name, ()) if k in measures]
    known = [m.fraction for m in used if m.fraction is not None]
    evidence = [m.evidence for m in used]
    if not known:
        return None, evidence
    return rules.scale(sum(known) / len(known), item.max_points), evidence


def assessment(db: Database, year: int) -> list[BranchAssessment]:
    """Each branch: the committee's scores, the suggestions with their evidence, total, band and rank."""
    return _assessment(db, year)


def _assessment(db: Database, year: int, suggest_for: str | None = None) -> list[BranchAssessment]:
    """``suggest_for``: only that branch's suggestions are worked out (the others' stay empty); totals, bands
    and ranks come from the scores alone and are the same either way."""
    items = scheme(db, year)
    if not items:
        raise NotFoundError(
            f"{year} 年还没有考核方案：先建一个（可用预设）", cli_hint=f"assess scheme --year {year}"
        )
    units = _branches(db)
    if suggest_for is None:
        measures = branch_measures(db, year, [u.id for u in units])
    else:
        measures = branch_measures(db, year, [suggest_for], only_these=True)
    with db.session() as s:
        ids = {i.id: i.name for i in s.scalars(select(AssessmentItem).where(AssessmentItem.year == year))}
        scores: dict[tuple[str, str], float] = {
            (unit_id, ids[item_id]): score
            for unit_id, item_id, score in s.execute(
                select(AssessmentScore.unit_id, AssessmentScore.item_id, AssessmentScore.score).where(
                    AssessmentScore.item_id.in_(ids)
                )
            )
        }
    the_bands = bands(db)
    rows = []
    for u in units:
        given = {i.name: scores.get((u.id, i.name)) for i in items}
        suggested, evidence = {}, {}
        for i in items:
            if u.id in measures:
                suggested[i.name], evidence[i.name] = _suggest(i, measures[u.id])
        complete = all(v is not None for v in given.values())
        total = round(sum(v for v in given.values() if v is not None), 1) if complete else None
        band = rules.band_of(total, the_bands) if total is not None else None
        rows.append(
            BranchAssessment(
                u.id,
                u.name,
                given,
                suggested,
                evidence,
                total,
                band.name if band else "",
                band.consequence if band else "",
            )
        )
    ranked = sorted((r for r in rows if r.total is not None), key=lambda r: -(r.total or 0))
    rank: dict[str, int] = {}  # equal totals share a rank (1, 1, 3)
    for n, r in enumerate(ranked, 1):
        rank[r.unit_id] = rank[ranked[n - 2].unit_id] if n > 1 and r.total == ranked[n - 2].total else n
    return sorted(
        (BranchAssessment(**{**r.__dict__, "rank": rank.get(r.unit_id)}) for r in rows),
        key=lambda r: (r.rank is None, r.rank or 0),
    )


def score(
    db: Database, year: int, unit_id: str, values: Mapping[str, float], note: str = ""
) -> BranchAssessment:
    """The committee scores a branch on some items (0 … the item's maximum); only the assessed branches."""
    assessed = {u.id for u in _branches(db)}
    with db.session() as s, s.begin():
        unit = s.get(Organization, unit_id)
        if unit is None:
            raise NotFoundError(f"找不到组织（编号 {unit_id}）")
        if unit_id not in assessed:
            raise ValidationError(f"{unit.name}是{unit.kind}：支部工作考核只给党支部打分")
        items = {i.name: i for i in s.scalars(select(AssessmentItem).where(AssessmentItem.year == year))}
        if not items:
            raise NotFoundError(f"{year} 年还没有考核方案")
        for name, value in values.items():
            item = items.get(name)
            if item is None:
                raise ValidationError(f"“{name}”不是 {year} 年考核方案中的项目：{'、'.join(items)}")
            if not 0 <= value <= item.max_points:
                raise ValidationError(f"“{name}”的得分要在 0 到 {item.max_points:g} 之间")
            row = s.scalar(
                select(AssessmentScore).where(
                    AssessmentScore.item_id == item.id, AssessmentScore.unit_id == unit_id
                )
            )
            before = row.score if row else None
            if row is None:
                row = AssessmentScore(item_id=item.id, unit_id=unit_id, score=value)
                s.add(row)
            row.score, row.note, row.scored_by = value, note, db.actor
            audit.record(s, db.actor, "update", "assessment_score", unit_id, f"{year} {name}", before, value)
    return next(r for r in _assessment(db, year, suggest_for=unit_id) if r.unit_id == unit_id)


def export_assessment(db: Database, year: int, dest: Path) -> int:
    """The year's ranking as .xlsx (through the one sheet writer in app.excel): scores, suggestions, total, band."""
    from app.excel import exporter

    exporter.check_destination(dest)
    rows = assessment(db, year)
    items = [i.name for i in scheme(db, year)]
    cols = [("rank", "排名"), ("unit", "党支部")]
    for n, name in enumerate(items):
        cols += [(f"s{n}", name), (f"g{n}", f"{name}（建议）")]
    cols += [("total", "总分"), ("band", "等次"), ("consequence", "奖惩"), ("evidence", "依据")]
    table: list[list[Any]] = []
    for r in rows:
        cells: list[Any] = [r.rank or "", r.unit]
        for name in items:
            cells += [
                r.items[name] if r.items[name] is not None else "",
                r.suggested[name] if r.suggested[name] is not None else "",
            ]
        evidence = "；".join(dict.fromkeys(e for name in items for e in r.evidence[name]))
        table.append([*cells, r.total if r.total is not None else "", r.band, r.consequence, evidence])
    exporter.write_roster(dest, f"{year}年度党支部工作考核", cols, table)
    return len(rows)
