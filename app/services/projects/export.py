"""Excel exports of 服务项目 through the one sheet writer in app.excel: the pool with its states, and the
报到党员服务情况 sheet of one registered member (the 台账 sent back to their own organisation)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.db.database import Database
from app.domain.errors import UserError
from app.services.projects import pool, stats


def export_pool(db: Database, dest: Path, today: dt.date | None = None) -> int:
    """Every project (withdrawn ones too, with the reason) as .xlsx; returns the number of projects."""
    from app.excel import exporter

    exporter.check_destination(dest)
    rows = pool.list_projects(db, today=today)
    if not rows:
        raise UserError("项目库里还没有项目")
    cols = [
        ("no", "序号"),
        ("title", "项目"),
        ("category", "类别"),
        ("size", "规模"),
        ("status", "状态"),
        ("goal", "目标"),
        ("measure", "考核标准"),
        ("unit", "责任单位"),
        ("published", "公示日期"),
        ("deadline", "完成期限"),
        ("overdue", "逾期"),
        ("claimant", "认领人"),
        ("claimed", "认领日期"),
        ("completed", "完成日期"),
        ("done", "完成情况"),
        ("served", "服务人数"),
        ("satisfaction", "满意度"),
        ("note", "撤回原因"),
    ]

    def iso(d: dt.date | None) -> str:
        return d.isoformat() if d else ""

    table: list[list[Any]] = [
        [
            n,
            r.title,
            r.category,
            r.size,
            r.status,
            r.goal,
            r.measure,
            r.unit,
            iso(r.published_on),
            iso(r.deadline),
            "逾期" if r.overdue else "",
            r.claimant,
            iso(r.claimed_on),
            iso(r.completed_on),
            r.done_text,
            r.people_served or "",
            r.satisfaction,
            r.withdrawn_reason,
        ]
        for n, r in enumerate(rows, start=1)
    ]
    exporter.write_roster(dest, "党员服务项目库", cols, table, sheet="项目库")
    return len(rows)


def export_registered_sheet(db: Database, person_id: str, year: int, dest: Path) -> int:
    """报到党员服务情况: the member's claims here in ``year``; returns the number of projects."""
    from app.excel import exporter

    exporter.check_destination(dest)
    sheet = stats.registered_sheet(db, person_id, year)
    cols = [
        ("no", "序号"),
        ("project", "认领项目"),
        ("category", "类别"),
        ("claimed", "认领日期"),
        ("status", "状态"),
        ("completed", "完成日期"),
        ("done", "服务情况"),
        ("served", "服务人数"),
        ("satisfaction", "群众满意度"),
    ]
    table: list[list[Any]] = [
        [
            n,
            line.project,
            line.category,
            line.claimed_on.isoformat(),
            line.status,
            line.completed_on.isoformat() if line.completed_on else "",
            line.done_text,
            line.people_served or "",
            line.satisfaction,
        ]
        for n, line in enumerate(sheet.lines, start=1)
    ]
    table.append(
        ["", f"合计：认领 {len(sheet.lines)} 个，完成 {sheet.completed} 个", "", "", "", "", "", "", ""]
    )
    title = f"{year}年报到党员服务情况　{sheet.name}（{sheet.organization or '所在党组织未填'}）"
    exporter.write_roster(dest, title, cols, table, sheet="报到党员服务情况")
    return len(sheet.lines)
