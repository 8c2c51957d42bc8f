"""Gatherers of 服务项目: the board, one kind with three sheets (the request's extra "sheet"): pool (项目认领公示:
open projects to claim and claimed ones with claimant and deadline), done (项目完成公示: a quarter's completed
projects with before/after photo and satisfaction) and progress (项目进度公开: the projects being carried out,
with the progress notes of the board's month — the seeds' 每月一次…实时审查和公开); and the form
registered-sheet (报到党员服务情况: one registered member a page, sent to their own organisation)."""

from __future__ import annotations

import datetime as dt

from app.boards.layouts.forms import (
    Block,
    FormBreak,
    FormColumn,
    FormHeading,
    FormSignatures,
    FormTable,
    FormText,
)
from app.boards.layouts.projects import DoneCard, PoolLine, ProgressLine
from app.db.database import Database
from app.domain import project_rules as rules
from app.domain.errors import UserError, ValidationError
from app.domain.periods import parse_quarter, quarter_of
from app.services import photos
from app.services.boards.request import NOTHING, BoardRequest, Gathered

SHEETS = ("pool", "done", "progress")


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    sheet = req.extra.get("sheet", "pool")
    if sheet == "pool":
        return _pool(db, on)
    if sheet == "done":
        return _done(db, req, on)
    if sheet == "progress":
        return _progress(db, on)
    raise ValidationError(f"服务项目公示只有 {'、'.join(SHEETS)} 三种", field="sheet", cli_hint="--kind")


def _pool(db: Database, on: dt.date) -> Gathered:
    from app.services.projects import pool

    rows = [r for r in pool.list_projects(db, today=on) if r.status in (rules.OPEN, rules.CLAIMED)]
    if not rows:
        raise UserError(f"{NOTHING}：项目库里没有待认领或认领中的项目。请先立项并公示（“服务项目”页）。")
    rows.sort(key=lambda r: (r.status != rules.OPEN, r.deadline))
    lines = [
        PoolLine(r.title, r.category, r.size, r.status, r.claimant, r.deadline.isoformat(), r.overdue)
        for r in rows
    ]
    open_n = sum(1 for r in rows if r.status == rules.OPEN)
    return Gathered(lines, f"项目认领公示 · 待认领 {open_n} 个 · 已认领 {len(rows) - open_n} 个")


def _photo(db: Database, name: str) -> str | None:
    path = photos.photo_path(db, name) if name else None
    return str(path) if path else None


def _done(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services.projects import pool

    q = parse_quarter(req.period) if req.period else quarter_of(on)
    rows = [
        r
        for r in pool.list_projects(db, today=on)
        if r.completed_on
        and q.starts_on <= r.completed_on <= q.ends_on
        and r.status in (rules.DONE, rules.JUDGED)
    ]
    if not rows:
        raise UserError(f"{NOTHING}：{q.label}没有完成的服务项目。")
    rows.sort(key=lambda r: r.completed_on or on)
    cards = [
        DoneCard(
            r.title,
            r.category,
            r.claimant,
            (r.completed_on or on).strftime("%m月%d日"),
            r.done_text,
            r.people_served,
            r.satisfaction,
            _photo(db, r.before_photo),
            _photo(db, r.after_photo),
        )
        for r in rows
    ]
    judged = [r for r in rows if r.satisfaction]
    good = sum(1 for r in judged if r.satisfaction in ("满意", "基本满意"))
    rate = f" · 满意率 {good * 100 // len(judged)}%" if judged else ""
    return Gathered(cards, f"项目完成公示 · {q.label}完成 {len(cards)} 个{rate}")


def _progress(db: Database, on: dt.date) -> Gathered:
    from app.services.projects import pool

    start = on.replace(day=1)
    rows = [r for r in pool.list_projects(db, status=rules.CLAIMED, today=on)]
    if not rows:
        raise UserError(f"{NOTHING}：没有正在实施（已认领）的项目。")
    ids = [r.id for r in rows]
    notes = pool.progress_notes(db, ids, start, on)
    shots = pool.progress_photos(db, ids, start, on)
    lines = []
    for r in rows:
        mine = notes.get(r.id, [])
        state = "逾期" if r.overdue else ("进行中" if mine else "本月无进展")
        files = tuple(f for f in (_photo(db, n) for n in shots.get(r.id, [])) if f)
        lines.append(ProgressLine(r.title, r.claimant, r.deadline.isoformat(), "；".join(mine), state, files))
    return Gathered(lines, f"项目进度公开 · {on.year}年{on.month}月 · 实施中 {len(lines)} 个")


def gather_registered(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """报到党员服务情况: one registered member a page — their claims here in the year, what was done, for whom
    and how satisfied, the totals, the community's seal and the date. No ID number is printed."""
    from app.services.projects import stats

    year = req.year or on.year
    person = req.extra.get("person", "")
    people = [person] if person else stats.registered_claimants(db, year)
    if not people:
        raise UserError(f"{NOTHING}：{year}年没有报到党员认领过服务项目。")
    blocks: list[Block] = []
    for person_id in people:
        sheet = stats.registered_sheet(db, person_id, year)
        rows = tuple(
            (
                str(i),
                line.project,
                line.category,
                line.claimed_on.strftime("%m-%d"),
                line.status,
                line.done_text or "—",
                str(line.people_served or ""),
                line.satisfaction,
            )
            for i, line in enumerate(sheet.lines, start=1)
        )
        served = sum(line.people_served for line in sheet.lines)
        blocks += [
            FormBreak(),
            FormHeading(f"报到党员：{sheet.name}　所在党组织：{sheet.organization or '（未填）'}"),
            FormText(
                f"{sheet.name}同志{year}年在本社区（村）报到，参加“党员认领服务项目”，情况如下，"
                "请所在党组织在年度评议时参考。"
            ),
            FormTable(
                (
                    FormColumn("序号", 0.6, "c"),
                    FormColumn("认领项目", 2.6),
                    FormColumn("类别", 1.2, "c"),
                    FormColumn("认领", 0.9, "c"),
                    FormColumn("状态", 1.0, "c"),
                    FormColumn("服务情况", 3.0),
                    FormColumn("人数", 0.7, "r"),
                    FormColumn("满意度", 1.1, "c"),
                ),
                rows or (("", "本年度未认领项目", "", "", "", "", "", ""),),
            ),
            FormText(
                f"合计：认领 {len(sheet.lines)} 个，完成 {sheet.completed} 个，服务群众 {served} 人次。",
                bold=True,
            ),
            FormSignatures(("党组织盖章", "经办人", "日期", "联系电话")),
        ]
    total = len(people)
    return Gathered(blocks, f"{year}年度 · 报到党员 {total} 名" if total > 1 else f"{year}年度")
