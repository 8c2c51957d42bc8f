"""CLI group `report` (统计): the roster's composition and a quarter's statistics as JSON or Excel, the 季度简报 PDF."""

from __future__ import annotations

import argparse

from app.cli import Context, emit_json, output_file, say
from app.cli.export import add_list_flags


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("report", help="统计：花名册构成、季度统计、季度简报")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser(
        "roster-stats", help="花名册构成：年龄、性别、民族、学历、党龄、预备/正式、流动（党内统计年报的分类）"
    )
    add_list_flags(p)
    p.set_defaults(func=cmd_roster_stats)

    p = cmds.add_parser("stats", help="一个季度的统计：星级分布、承诺兑现率、积分等次、会议出席率、求助办理")
    p.add_argument("--period", required=True, help="季度，如 2026Q3")
    add_list_flags(p)
    p.set_defaults(func=cmd_stats)

    p = cmds.add_parser("quarter", help="季度简报 PDF：一页 A4，本季度的数字和图表（报乡镇）")
    p.add_argument("--period", required=True, help="季度，如 2026Q3")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=output_file(".pdf"),
        metavar="OUT.pdf",
        help="保存到这个 PDF 文件",
    )
    p.add_argument("--title", help="标题（默认“某季度党建工作简报”）")
    p.set_defaults(func=cmd_quarter)


def _out(ctx: Context, args: argparse.Namespace, charts: list[object], name: str) -> None:
    from app.services import reports
    from app.services.reports import Chart

    typed = [c for c in charts if isinstance(c, Chart)]
    if args.xlsx:
        n = reports.export_charts(ctx.db, args.xlsx, typed)
        say(f"已导出“{name}”{n} 张表到 {args.xlsx}")
    records = reports.chart_records(typed)
    if args.json:
        emit_json(records)
    elif not args.xlsx:
        for r in records:
            values = "，".join(f"{k} {v:g}" for k, v in r.items() if k not in ("chart", "category", "unit"))
            print(f"{r['chart']}\t{r['category']}\t{values}")


def cmd_roster_stats(ctx: Context, args: argparse.Namespace) -> int:
    from app.services.reports import stats

    _out(ctx, args, list(stats.roster_charts(ctx.db)), "花名册构成")
    return 0


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain.periods import parse_quarter
    from app.services.reports import stats

    period = parse_quarter(args.period).id
    charts = stats.quarter_charts(ctx.db, period) + stats.branch_star_charts(ctx.db, period)
    _out(ctx, args, list[object](charts), f"{period}统计")
    return 0


def cmd_quarter(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import boards

    req = boards.BoardRequest(kind="quarter", period=args.period, title=args.title)
    pages = boards.render(ctx.db, req, args.output)
    say(f"已保存 {args.output}：{pages} 页。")
    return 0
