"""CLI group `prefs` (设置): what the 设置 dialog edits — names and phone on boards, paper, backup target."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from app.cli import Context, add_json_flag, emit_json, say
from app.services import preferences

# Option → (Preferences field, label, help); the labels are the 设置 dialog's.
TEXT_OPTIONS = {
    "issuer": (preferences.BOARD_ISSUER, "落款单位", "公示栏落款单位（留空：用组织名称）"),
    "secretary": (preferences.BOARD_SECRETARY, "书记姓名", "印在落款旁的书记姓名（留空：不印）"),
    "contact_phone": (preferences.BOARD_CONTACT_PHONE, "联系电话", "公示期间受理意见的联系电话"),
    "backup_target": (
        preferences.BACKUP_TARGET,
        "备份位置",
        "备份同时复制到的文件夹，如 U 盘（留空：不复制）",
    ),
    "clerk": (
        preferences.CLERK_NAME,
        "文书姓名",
        "文书姓名：修改记录里的评定人/记录人（留空：用电脑登录名）",
    ),
}


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("prefs", help="设置：公示栏落款、书记姓名、联系电话、默认纸张、备份位置")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("show", help="显示设置")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)

    p = cmds.add_parser("set", help='修改设置：只改给出的项（写空字符串 "" 清空）')
    for option, (_, _, help_text) in TEXT_OPTIONS.items():
        p.add_argument("--" + option.replace("_", "-"), dest=option, help=help_text)
    p.add_argument("--paper", choices=preferences.PAPER_SIZES, help="公示栏默认纸张")
    p.add_argument(
        "--auto-backup", dest="auto_backup", choices=("yes", "no"), help="自动备份（关闭程序时、每天）"
    )
    add_json_flag(p)
    p.set_defaults(func=cmd_set)


def _show(prefs: preferences.Preferences, as_json: bool) -> None:
    values: dict[str, Any] = dataclasses.asdict(prefs)
    if as_json:
        emit_json(values)
        return
    for key, label, _ in TEXT_OPTIONS.values():
        print(f"{label}：{values[key] or '—'}")
    print(f"默认纸张：{prefs.default_paper}")
    print(f"自动备份：{'开' if prefs.auto_backup_enabled else '关'}")


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    _show(preferences.load(ctx.db), args.json)
    return 0


def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {
        key: getattr(args, option)
        for option, (key, _, _) in TEXT_OPTIONS.items()
        if getattr(args, option) is not None
    }
    if args.paper is not None:
        changes[preferences.DEFAULT_PAPER] = args.paper
    if args.auto_backup is not None:
        changes[preferences.AUTO_BACKUP_ENABLED] = args.auto_backup == "yes"
    before = preferences.load(ctx.db)
    saved = preferences.save(ctx.db, dataclasses.replace(before, **changes))
    if args.json:
        _show(saved, as_json=True)
    say("已保存设置" if saved != before else "没有改动")
    return 0
