"""Roster import reports: the JSON the CLI prints, readable lines by row, and the 错误行 file to fix and re-import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.excel.exporter import write_error_rows
from app.services.roster_excel_plan import ERROR, NEW, SKIP, UPDATE, ImportPlan, ImportResult


def report_json(plan: ImportPlan, result: ImportResult | None, *, dry_run: bool) -> dict[str, Any]:
    """The object `roster import --json` prints. created/updated: written (or, on a dry run, to be written)."""
    if result is not None:
        created, updated, branches = result.created, result.updated, result.branches_created
    elif dry_run:
        created, updated, branches = plan.count(NEW), plan.count(UPDATE), plan.branches_created
    else:
        created, updated, branches = 0, 0, []
    return {
        "created": created,
        "updated": updated,
        "unchanged": sum(1 for r in plan.rows if r.unchanged),
        "skipped": [
            {"row": r.row, "reason": "；".join(i.message for i in r.reasons)}
            for r in plan.rows
            if r.status == SKIP and not r.unchanged
        ],
        "rejected": [
            {"row": i.row, "field": i.field, "reason": i.message}
            for r in plan.rows
            if r.status == ERROR
            for i in r.reasons
        ],
        "warnings": [
            # Notes about columns carry the header's row number.
            {"row": i.row or plan.header_row, "field": i.field, "message": i.message}
            for i in plan.notes + [w for r in plan.rows if r.status != ERROR for w in r.warnings]
        ],
        "branches_created": branches,
        "written": result is not None,
        "dry_run": dry_run,
        "sheet": plan.sheet,
        "header_row": plan.header_row,
        "unknown_columns": plan.unknown_columns,
        "changes": [
            {
                "row": r.row,
                "name": r.name,
                "fields": [{"field": c.label, "before": c.before, "after": c.after} for c in r.changes],
            }
            for r in plan.rows
            if r.status == UPDATE
        ],
    }


def report_lines(plan: ImportPlan) -> list[str]:
    """A readable report by row, for the CLI's stderr."""
    lines = [
        f"工作表“{plan.sheet}”，表头在{plan.header_rows_text}"
        + (f"（{plan.title[:40]}）" if plan.title else "")
    ]
    if plan.unknown_columns:
        lines.append("不认识、不导入的列：" + "、".join(plan.unknown_columns))
    for n in plan.notes:
        lines.append(f"提示：{n.message}")
    for r in plan.rows:
        who = f"{r.name} " if r.name else ""
        if r.status == ERROR:
            lines.append(f"第 {r.row} 行 {who}错误：")
            lines.extend(f"    - {i.message}" for i in r.reasons)
        elif r.status == SKIP and not r.unchanged:
            lines.append(f"第 {r.row} 行 跳过：{r.reasons[0].message if r.reasons else ''}")
        elif r.status == UPDATE:
            lines.append(
                f"第 {r.row} 行 {who}更新："
                + "；".join(f"{c.label} {c.before or '（空）'} → {c.after or '（空）'}" for c in r.changes)
            )
        for w in r.warnings:
            if r.status != ERROR:
                lines.append(f"第 {r.row} 行 {who}提示：{w.message}")
    if plan.branches_created:
        lines.append("将新建的党支部（在最上级组织下）：" + "、".join(plan.branches_created))
    lines.append(
        f"共 {len(plan.rows)} 行：新增 {plan.count(NEW)}，更新 {plan.count(UPDATE)}，"
        f"无变化 {sum(1 for r in plan.rows if r.unchanged)}，跳过 {sum(1 for r in plan.rows if r.status == SKIP and not r.unchanged)}，"
        f"错误 {plan.count(ERROR)}"
    )
    return lines


def save_error_rows(plan: ImportPlan, dest: Path | str) -> int:
    """The 错误 rows with their original cells and a 错误原因 column, to fix and import again."""
    id_col = next((c.index for c in plan.columns if c.field == "id_number"), None)
    bad = [r for r in plan.rows if r.status == ERROR]
    write_error_rows(
        Path(dest),
        plan.headers,
        [(r.values, r.row, "；".join(i.message for i in r.reasons)) for r in bad],
        text_column=id_col,
    )
    return len(bad)
