"""CLI `roster import` / `roster export`: the 花名册 to and from .xlsx (Excel/WPS)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_OK, EXIT_REJECTED, Context, add_json_flag, emit_json, output_file, say
from app.services import organizations, roster_excel


def register_commands(cmds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `import` and `export` under the `roster` group (called from app.cli.roster.register)."""
    p = cmds.add_parser(
        "import", help="从 Excel/WPS 花名册（.xlsx、.xls 或 .ods）导入；有错误时不导入任何数据"
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", help="工作表名称（默认第一个）")
    p.add_argument("--header-row", type=int, help="表头所在行号（默认在前10行中自动查找）")
    p.add_argument("--dry-run", action="store_true", help="只检查、预览，不写入")
    p.add_argument("--skip-invalid", action="store_true", help="有错误的行跳过，只导入没有错误的行")
    p.add_argument(
        "--errors-to",
        type=output_file(".xlsx"),
        metavar="ERRORS.xlsx",
        help="把错误行（原样 + 错误原因）另存为 .xlsx",
    )
    p.add_argument("--branch", help="表里没有“所在党支部”列（或没填）的行导入到这个党支部")
    add_json_flag(p)
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("export", help="导出花名册到 .xlsx（含公民身份号码，请妥善保管）")
    p.add_argument("file", type=output_file(".xlsx"), metavar="FILE.xlsx")
    p.add_argument("--branch", help="只导出这个支部（含下级党小组）")
    p.add_argument(
        "--columns",
        choices=("national", "full"),
        default="national",
        help="national=全国系统的列（默认），full=全部列",
    )
    add_json_flag(p)
    p.set_defaults(func=cmd_export)


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    plan = roster_excel.plan_import(
        ctx.db, Path(args.file), sheet=args.sheet, header_row=args.header_row, branch=args.branch
    )
    if args.errors_to and plan.has_errors:
        n = roster_excel.save_error_rows(plan, Path(args.errors_to))
        say(f"已把 {n} 行错误另存到 {args.errors_to}")
    result = None
    rejected = plan.has_errors and not args.skip_invalid
    if not args.dry_run and not rejected:
        result = roster_excel.apply_plan(ctx.db, plan, skip_invalid=args.skip_invalid)
    if args.json:
        emit_json(roster_excel.report_json(plan, result, dry_run=args.dry_run))
    else:
        for line in roster_excel.report_lines(plan):
            say(line)
    if args.dry_run:
        say("这是预览（--dry-run），没有写入任何数据。")
    elif rejected:
        say(
            f"有 {plan.count(roster_excel.ERROR)} 行错误，没有导入任何数据。请改正后重新导入，"
            "或加 --skip-invalid 只导入没有错误的行。"
        )
    elif result is not None:
        extra = f"，新建党支部 {'、'.join(result.branches_created)}" if result.branches_created else ""
        say(f"已导入：新增 {result.created} 人，更新 {result.updated} 人{extra}。")
    return EXIT_REJECTED if rejected else EXIT_OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    branch_id = organizations.find_unit(ctx.db, args.branch).id if args.branch else None
    n = roster_excel.export_roster(ctx.db, Path(args.file), branch_id=branch_id, kind=args.columns)
    if args.json:
        emit_json({"file": str(Path(args.file)), "members": n, "columns": args.columns})
    say(f"已导出 {n} 名党员到 {args.file}。文件含公民身份号码，请妥善保管，不要随意转发。")
    return EXIT_OK
