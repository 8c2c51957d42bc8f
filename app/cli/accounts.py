"""CLI group `accounts` (账户与权限): add, list, passwd, set, retire. Passwords come from a prompt or a file,
never from the command line (it would stay in the shell's history and the process list)."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path
from typing import Any

from app.cli import Context, add_json_flag, emit_json, say
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError, ValidationError
from app.services import accounts, organizations


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("accounts", help="账户与权限：登录账户、角色（管理员、书记/党务、只读）、管理范围")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    roles = "角色：管理员、书记/党务 或 只读"

    p = cmds.add_parser("add", help="添加账户（第一个账户必须是管理员；以后只有管理员能添加）")
    p.add_argument("name", help="账户名（登录时用）")
    p.add_argument("--role", required=True, help=roles)
    p.add_argument("--unit", help="所管的组织（名称或编号），书记/党务和只读账户必填；管理员不填即全部")
    p.add_argument("--display-name", default="", help="姓名（显示用）")
    p.add_argument("--new-password-file", help="从这个文件的第一行读新账户的密码（不给时在终端里提示输入）")
    add_json_flag(p)
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser("list", help="列出账户")
    add_json_flag(p)
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser("passwd", help="改密码：管理员可重设任何账户的密码，其他人只能改自己的")
    p.add_argument("name", help="账户名")
    p.add_argument("--new-password-file", help="从这个文件的第一行读新密码（不给时在终端里提示输入）")
    p.set_defaults(func=cmd_passwd)

    p = cmds.add_parser("set", help="改账户的角色或所管的组织（管理员）")
    p.add_argument("name", help="账户名")
    p.add_argument("--role", help=roles)
    p.add_argument("--unit", help="所管的组织（名称或编号）")
    add_json_flag(p)
    p.set_defaults(func=cmd_set)

    p = cmds.add_parser("retire", help="停用账户（不能再登录；修改记录里的名字保留）")
    p.add_argument("name", help="账户名")
    p.set_defaults(func=cmd_retire)


def read_password_file(path: str) -> str:
    """The first line of ``path``, without its line ending (a password may contain other spaces)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取密码文件 {path}：{os_error_words(exc)}") from exc
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise UserError(f"密码文件 {path} 的第一行是空的")
    return lines[0]


def _new_password(args: argparse.Namespace, whose: str) -> str:
    if args.new_password_file:
        return read_password_file(args.new_password_file)
    if not sys.stdin.isatty():
        raise UserError("请用 --new-password-file 文件 给出新密码（不在终端里运行时无法提示输入）")
    first = getpass.getpass(f"{whose}的新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValidationError("两次输入的密码不一样", field="password")
    return first


def _unit_id(ctx: Context, text: str | None) -> str | None:
    if not text:
        return None
    units = organizations.units(ctx.db)
    found = [u for u in units if u.id == text.strip()] or [u for u in units if u.name == text.strip()]
    if not found:
        raise UserError(f"找不到组织“{text.strip()}”（org list 可查看组织）")
    if len(found) > 1:
        raise UserError(f"有 {len(found)} 个组织叫“{text.strip()}”：请改用组织编号（org list --json 可查）")
    return found[0].id


def _record(view: accounts.AccountView) -> dict[str, Any]:
    return dataclasses.asdict(view)


def _show(view: accounts.AccountView) -> str:
    scope = view.unit_name or "全部组织"
    state = "已停用" if not view.active else ("已锁定" if view.locked else "在用")
    return f"{view.name}  {view.display_name or '-'}  {view.role_label}  {scope}  {state}"


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    unit_id = _unit_id(ctx, args.unit)
    password = _new_password(args, f"账户“{args.name}”")
    view = accounts.create_account(ctx.db, args.name, password, args.role, unit_id, args.display_name)
    if args.json:
        emit_json(_record(view))
    else:
        say(f"已添加账户：{_show(view)}")
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = accounts.list_accounts(ctx.db)
    if args.json:
        emit_json([_record(v) for v in rows])
        return 0
    for v in rows:
        print(_show(v))
    if not rows:
        print("还没有账户：程序不需要登录。用 accounts add 名字 --role 管理员 添加第一个账户。")
    return 0


def cmd_passwd(ctx: Context, args: argparse.Namespace) -> int:
    who = accounts.current_account(ctx.db)
    own = who is not None and who.name == args.name.strip()
    password = _new_password(args, f"账户“{args.name}”")
    # Changing one's own password: the password just given to log in is the old one.
    accounts.change_password(ctx.db, args.name, password, ctx.login_password if own else None)
    say(f"账户“{args.name.strip()}”的密码已更改")
    return 0


def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    if not args.role and not args.unit:
        raise UserError("请用 --role 或 --unit 指定要改的内容")
    view = accounts.set_role(ctx.db, args.name, args.role, _unit_id(ctx, args.unit))
    if args.json:
        emit_json(_record(view))
    else:
        say(f"已更改：{_show(view)}")
    return 0


def cmd_retire(ctx: Context, args: argparse.Namespace) -> int:
    accounts.retire(ctx.db, args.name)
    say(f"账户“{args.name.strip()}”已停用")
    return 0
