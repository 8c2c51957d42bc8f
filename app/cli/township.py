"""CLI group `township` (乡镇汇总): merge villages' USB backup packages into the township database."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from app.cli import Context, add_json_flag, emit_json, say
from app.cli.backup import read_passphrase
from app.cli.export import add_list_flags, emit_list
from app.domain.errors import UserError
from app.services import township


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("township", help="乡镇汇总：并入各村U盘里的备份数据包，列出已并入的村，各村比较")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("import", help="核验并并入一个或几个村的备份数据包（.pbk），重复导入不会重复")
    p.add_argument("files", nargs="+", metavar="FILE.pbk", help="村里的备份文件")
    p.add_argument("--passphrase-file", help="加密数据包的密码文件（第一行是密码）")
    p.add_argument("--as-unit", help="在乡镇下的单位名称（默认用村里的组织名称；两个村同名时用它区分）")
    add_json_flag(p)
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser("list", help="已并入的村：名称、最近一次数据包的时间和人数")
    add_list_flags(p)
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser(
        "compare", help="各村比较：在册党员、承诺与兑现、季度星级、积分等次、召开会议、办结求助"
    )
    p.add_argument("--period", help="季度，如 2026Q3（默认上一个季度）；承诺和积分等次按该季度所在年份")
    add_list_flags(p)
    p.set_defaults(func=cmd_compare)


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    if args.as_unit and len(args.files) > 1:
        say("没有做任何改动：--as-unit 只能和一个数据包一起用。")
        return 2
    passphrase = read_passphrase(args.passphrase_file)
    reports = []
    refused = False
    items = [(Path(name), passphrase) for name in args.files]
    for path, report in township.import_packages(ctx.db, items, as_unit=args.as_unit):
        name = str(path)
        if isinstance(report, UserError):  # damaged, wrong passphrase…: reported, and the others go on
            report = township.MergeReport(path.name, "", None, "", refused_reason=str(report))
        reports.append(report.as_json())
        if report.refused_reason:
            refused = True
            say(f"{name}：未导入：{report.refused_reason}")
        else:
            say(
                f"{name}：{report.village}，新增 {sum(report.added.values())} 条，"
                f"更新 {sum(report.updated.values())} 条，未变 {sum(report.unchanged.values())} 条"
            )
    if args.json:
        emit_json(reports[0] if len(reports) == 1 else reports)
    return 2 if refused else 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = township.villages(ctx.db)
    if not emit_list(ctx, args, "已并入的村", [dataclasses.asdict(r) for r in rows]):
        for r in rows:
            say(
                f"{r.unit_name}\t{township.shown_time(r.package_created_at)}\t党员 {r.counts.get('members', 0)} 人"
            )
    return 0


def cmd_compare(ctx: Context, args: argparse.Namespace) -> int:
    comparison = township.compare(ctx.db, args.period)
    records = township.records(comparison)
    headings = [label for _key, label in township.HEADINGS]
    rows = [[r[key] if r[key] is not None else "" for key, _label in township.HEADINGS] for r in records]
    if args.xlsx:
        from app.services import reports

        title = f"各村比较{comparison.period}"
        n = reports.export_table(ctx.db, args.xlsx, title, headings, rows)
        say(f"已导出“{title}”{n} 行到 {args.xlsx}")
    if args.json:
        emit_json(records)
    elif not args.xlsx:
        say(f"{comparison.period} 各村比较（承诺、积分等次按 {comparison.year} 年）")
        say("\t".join(headings))
        for row in rows:
            say("\t".join(str(v) for v in row))
    return 0
