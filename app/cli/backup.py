"""CLI commands `backup create|verify|restore|list|prune`: verified backup files, optional encryption."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import Context, add_json_flag, emit_json, say
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.services import backup as backups
from app.services.store import DatabaseDamagedError


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = groups.add_parser("backup", help="备份与恢复：备份到U盘、检查备份、从备份恢复、自动备份")
    commands = p.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    c = commands.add_parser("create", help="把全部数据和照片备份到一个文件夹（如U盘），写完后读回检查")
    c.add_argument("dest", metavar="DEST_DIR", help="目标文件夹，例如U盘")
    c.add_argument("--passphrase-file", help="加密：从这个文件的第一行读密码（忘记密码就无法恢复）")
    add_json_flag(c)
    c.set_defaults(func=cmd_create)

    c = commands.add_parser("verify", help="检查一个备份文件是否完整可用")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--passphrase-file", help="加密备份的密码文件")
    add_json_flag(c)
    c.set_defaults(func=cmd_verify)

    c = commands.add_parser("restore", help="用备份文件替换当前数据（先自动备份当前数据）")
    c.add_argument("file", metavar="FILE")
    c.add_argument("--passphrase-file", help="加密备份的密码文件")
    c.add_argument("--yes", action="store_true", help="确认替换当前数据")
    add_json_flag(c)
    c.set_defaults(func=cmd_restore)

    c = commands.add_parser("list", help="列出数据目录里的自动备份")
    add_json_flag(c)
    c.set_defaults(func=cmd_list)

    c = commands.add_parser("prune", help="按保留规则删除过旧的自动备份")
    add_json_flag(c)
    c.set_defaults(func=cmd_prune)


def read_passphrase(path: str | None) -> str | None:
    if not path:
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"读不了密码文件 {path}：{os_error_words(exc)}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")  # saved by Notepad on a Chinese Windows ("ANSI" = GBK)
        except UnicodeDecodeError:
            raise UserError(f"密码文件 {path} 的编码无法识别，请用记事本另存为 UTF-8 编码") from None
    lines = text.splitlines()
    passphrase = lines[0] if lines else ""
    if not passphrase:
        raise UserError(f"密码文件 {path} 的第一行是空的")
    return passphrase


def _summary(manifest: dict[str, Any]) -> str:
    return (
        f"{manifest.get('organization') or '（未命名组织）'}，{backups.created_text(manifest)}，"
        f"{backups.describe_counts(manifest.get('counts', {}))}，"
        f"程序版本 {manifest.get('program_version', '?')}"
    )


def cmd_create(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    if passphrase is not None:
        backups.check_passphrase_strength(passphrase)  # new backups only: old ones still open with theirs
    result = backups.create(ctx.db, Path(args.dest), passphrase=passphrase)
    if args.json:
        emit_json({"path": str(result.path), "manifest": result.manifest})
    else:
        print(result.path)
    say(f"备份已写好并检查无误{'（已加密）' if passphrase else ''}：{result.path}")
    say(_summary(result.manifest))
    return 0


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = read_passphrase(args.passphrase_file)
    path = Path(args.file)
    scratch = ctx.root if ctx.root.is_dir() else None
    report = backups.verify(path, passphrase, scratch=scratch)
    if args.json:
        emit_json({"path": str(path), "ok": True, "encrypted": report.encrypted, "manifest": report.manifest})
    say(f"备份文件完好{'（已加密）' if report.encrypted else ''}：{path}")
    say(_summary(report.manifest))
    return 0


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not args.yes:
        say("恢复会用备份替换当前全部数据（会先自动备份当前数据）。确认要恢复，请加上 --yes 再运行一次。")
        return 2
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}")
    passphrase = read_passphrase(args.passphrase_file)
    try:
        db = ctx.db
    except DatabaseDamagedError:
        # The advice for a damaged database is "restore from a backup": that must work without opening it.
        say("当前的数据库无法打开，直接从备份恢复；无法打开的数据库文件会留在 backups 文件夹里。")
        outcome = backups.restore_over_damaged(ctx.root, path, passphrase)
        if outcome.safety_backup:
            say(f"原来的数据库文件已另存为 {outcome.safety_backup}")
    else:
        outcome = backups.restore(db, path, passphrase)
    ctx.adopt(outcome.db)  # the old handle is closed; the context closes the new one
    if args.json:
        emit_json(
            {
                "restored": str(path),
                "manifest": outcome.manifest,
                "safety_backup": str(outcome.safety_backup) if outcome.safety_backup else None,
                "migrated": outcome.migrated,
            }
        )
    say(f"已从备份恢复：{_summary(outcome.manifest)}")
    if outcome.safety_backup:
        say(f"恢复前的数据已备份到 {outcome.safety_backup}")
    if outcome.migrated:
        say("备份来自旧版本，数据已升级到当前版本。")
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    entries = backups.list_backups(ctx.db)
    if args.json:
        emit_json(
            [
                {
                    "path": str(e.path),
                    "created": e.created.isoformat(),
                    "size": e.size,
                    "reason": e.manifest.get("reason"),
                    "manifest": e.manifest,
                    "problem": e.problem or None,
                }
                for e in entries
            ]
        )
        return 0
    if not entries:
        say(f"还没有自动备份（{ctx.db.data_dir.backups}）")
    for e in entries:
        detail = e.problem or f"{e.reason}，{backups.describe_counts(e.manifest.get('counts', {}))}"
        print(f"{e.created:%Y-%m-%d %H:%M}  {e.size / 1048576:6.1f} MB  {e.path.name}  {detail}")
    return 0


def cmd_prune(ctx: Context, args: argparse.Namespace) -> int:
    deleted = backups.prune(ctx.db)
    if args.json:
        emit_json({"deleted": [str(p) for p in deleted]})
    say(f"已删除 {len(deleted)} 个过旧的自动备份。" if deleted else "没有需要删除的自动备份。")
    return 0
