"""CLI commands `check` (database health) and `demo` (a realistic demo village)."""

from __future__ import annotations

import argparse
import time

from app import demo
from app.cli import Context, add_json_flag, emit_json, say
from app.services import store


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = groups.add_parser("check", help="检查数据库：完整性、外键、版本、结构（数据表、列、索引、触发器）")
    add_json_flag(p)
    p.set_defaults(func=cmd_check)

    p = groups.add_parser("demo", help="生成演示数据（演示村，不含真实人员）")
    p.add_argument("--members", type=int, default=300, help="党员人数（默认 300）")
    p.add_argument("--seed", type=int, default=1, help="随机种子：相同种子生成相同数据")
    add_json_flag(p)
    p.set_defaults(func=cmd_demo)


def cmd_check(ctx: Context, args: argparse.Namespace) -> int:
    report = store.check(ctx.db)
    if args.json:
        emit_json(
            {
                "healthy": report.healthy,
                "integrity": report.integrity or ["ok"],
                "foreign_key_problems": report.foreign_key_problems,
                "schema_revision": report.revision,
                "program_revision": report.head,
                "schema_problems": report.schema,
            }
        )
    if report.healthy:
        say(f"数据库正常（{ctx.db.server_url or ctx.db.data_dir.db_path}，版本 {report.revision}）")
        return 0
    if report.integrity:
        say("数据库文件损坏：" + "；".join(report.integrity[:5]) + "。请从备份恢复。")
    if report.foreign_key_problems:
        say(f"有 {report.foreign_key_problems} 处数据引用不一致。请从备份恢复或联系技术人员。")
    if report.revision != report.head:
        say(f"数据库版本 {report.revision} 与程序版本 {report.head} 不一致。")
    if report.schema:
        say("数据库结构与程序的不一致：" + "；".join(report.schema[:5]) + "。请从备份恢复或联系技术人员。")
    return 2


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    if args.members < 1 or args.members > 100_000:
        say("党员人数要在 1 到 100000 之间")
        return 2
    started = time.perf_counter()
    summary = demo.make_demo_at_once(ctx.db, members=args.members, seed=args.seed)
    if args.json:
        emit_json(summary)
    say(
        f"已生成演示数据：{summary['organization']}，{summary['members']} 名党员，用时 {time.perf_counter() - started:.1f} 秒"
    )
    return 0
