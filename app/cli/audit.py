"""CLI group `audit` (修改记录): read the audit trail — who changed what, when, before → after; read-only."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt

from app.cli import Context, output_file
from app.cli.export import add_list_flags, emit_list
from app.domain.dates import parse_date
from app.services import audit, roster


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("audit", help="修改记录：谁在什么时候改了什么（只读，身份证号已遮挡）")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("list", help="列出修改记录，最新的在前")
    p.add_argument("--member", help="只看这名党员的（编号或编号前 4 位以上）")
    p.add_argument("--account", help="只看这个人改的（评定人/记录人）")
    p.add_argument("--since", help="从这一天起，如 2026-01-01")
    p.add_argument("--until", help="到这一天为止（含）")
    p.add_argument("--limit", type=int, default=5000, help="最多列出多少条（默认 5000）")
    p.add_argument(
        "-o", "--output", type=output_file(".csv"), help="同时导出为 CSV 文件（Excel、WPS 可直接打开）"
    )
    add_list_flags(p)
    p.set_defaults(func=cmd_list)


def _day(text: str | None, label: str, field: str) -> dt.date | None:
    parsed = parse_date(text, label, field) if text else None
    return parsed.value if parsed else None


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    flt = audit.AuditFilter(
        member_id=roster.resolve_member_id(ctx.db, args.member) if args.member else None,
        account=args.account,
        since=_day(args.since, "开始日期", "since"),
        until=_day(args.until, "结束日期", "until"),
        limit=max(args.limit, 1),
    )
    rows = audit.entries(ctx.db, flt)
    if args.output:
        audit.export_csv(rows, str(args.output))
    if emit_list(ctx, args, "修改记录", [dataclasses.asdict(r) for r in rows]):
        return 0
    for r in rows:
        who = f"{r.member_name} " if r.member_name else ""
        change = f"{r.before or '（空）'} → {r.after or '（空）'}"
        print(f"{r.at}  {r.actor}  {r.action}{r.entity} {who}{r.field}：{change}")
    if not rows:
        print("没有修改记录")
    return 0
