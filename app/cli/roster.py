"""CLI group `roster` (花名册) and `org` (组织): list, add, set, leave, show."""

from __future__ import annotations

import argparse

from app.cli import Context, add_json_flag, emit_json, say
from app.domain import pinyin
from app.domain.dates import parse_date
from app.domain.errors import ValidationError
from app.domain.member_fields import MEMBER_FIELDS
from app.services import organizations, roster


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("roster", help="花名册")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("list", help="列出党员")
    p.add_argument("--branch", help="只列这个支部（含下级党小组）")
    p.add_argument(
        "--status", choices=("all", "active"), default="active", help="active=在册（默认），all=含已离开"
    )
    p.add_argument("--search", help="按姓名、拼音首字母、身份证或手机号尾号查找")
    add_json_flag(p)
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser("show", help="显示一名党员的全部信息和状态历史")
    p.add_argument("id")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)

    p = cmds.add_parser("add", help="新增党员")
    for f in MEMBER_FIELDS:
        p.add_argument("--" + f.key.replace("_", "-"), dest=f.key, metavar=f.label, help=f.label)
    add_json_flag(p)
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser(
        "set", help="修改党员信息：roster set ID 字段=值 …（字段可用中文名，如 手机号码=13800000000）"
    )
    p.add_argument("id")
    p.add_argument("assignments", nargs="+", metavar="字段=值")
    p.set_defaults(func=cmd_set)

    p = cmds.add_parser("leave", help="党员离开（转出、去世、出党、停止党籍）；记录保留")
    p.add_argument("id")
    p.add_argument("--reason", required=True, choices=roster.LEAVE_REASONS)
    p.add_argument("--date", required=True, help="日期，如 2026-05-01")
    p.add_argument("--to", default="", help="转出到哪里")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_leave)

    o = groups.add_parser("org", help="组织（党总支、支部、党小组）和网格")
    ocmds = o.add_subparsers(dest="command", metavar="COMMAND")
    ocmds.required = True
    p = ocmds.add_parser("init", help="第一次使用：建立最上级组织")
    p.add_argument("--name", required=True, help="如 丁新村党总支")
    p.add_argument("--kind", default="党总支", choices=organizations.TOP_KINDS)
    p.set_defaults(func=cmd_org_init)
    p = ocmds.add_parser("list", help="列出组织")
    add_json_flag(p)
    p.set_defaults(func=cmd_org_list)
    p = ocmds.add_parser("add", help="新增支部或党小组")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", default="党支部", choices=("党总支", "党支部", "党小组"))
    p.add_argument("--parent", help="上级组织名称（默认最上级）")
    p.set_defaults(func=cmd_org_add)

    from app.cli import roster_excel  # import/export .xlsx live in their own module

    roster_excel.register_commands(cmds)


def _branch_id(ctx: Context, name: str | None) -> str | None:
    return organizations.find_unit(ctx.db, name).id if name else None


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = roster.list_members(ctx.db, branch_id=_branch_id(ctx, args.branch), status=args.status)
    if args.search:
        q = pinyin.normalize_query(args.search)
        rows = [r for r in rows if pinyin.matches(roster.search_key(r), q)]
    if args.json:
        emit_json([r.as_json() for r in rows])
    else:
        for r in rows:
            print(f"{r.id[:8]}  {r.name:<6}\t{r.gender}\t{r.category}\t{r.branch}\t{r.status}")
        say(f"共 {len(rows)} 人")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    row = next(r for r in roster.list_members(ctx.db, status="all") if r.id == member_id)
    detail = roster.get_member(ctx.db, member_id)
    history = [
        {"status": h.status, "date": h.changed_on.isoformat(), "to": h.destination, "note": h.note}
        for h in detail.history
    ]
    if args.json:
        emit_json(row.as_json() | {"history": history})
    else:
        for key, value in row.as_json().items():
            print(f"{roster.label(key)}：{value}")
        for h in history:
            print(f"{h['date']} {h['status']} {h['to']} {h['note']}")
    return 0


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    draft = roster.MemberDraft()
    errors = []
    given = {f.key: getattr(args, f.key) for f in MEMBER_FIELDS if getattr(args, f.key) is not None}
    for key, text in given.items():
        try:
            roster.set_from_text(ctx.db, draft, key, text)
        except ValidationError as e:
            errors.extend(e.errors)
    if errors:
        raise ValidationError(errors)
    member_id = roster.add_member(ctx.db, draft)
    if args.json:
        emit_json({"id": member_id})
    else:
        print(member_id)
    say(f"已新增党员 {draft.name}")
    return 0


def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    assignments: dict[str, str] = {}
    for item in args.assignments:
        if "=" not in item:
            raise ValidationError(f"“{item}”应写成 字段=值，例如 手机号码=13800000000")
        key, value = item.split("=", 1)
        assignments[key.strip()] = value
    changed = roster.set_fields(ctx.db, member_id, assignments)
    say(f"已保存，改动了 {changed} 项" if changed else "没有改动")
    return 0


def cmd_leave(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    parsed = parse_date(args.date, "日期", "date")
    if parsed is None:
        raise ValidationError("请写日期，如 2026-05-01", field="date")
    roster.leave_member(ctx.db, member_id, args.reason, parsed.value, args.to, args.note)
    say(f"已登记：{args.reason}（{parsed.value.isoformat()}）")
    return 0


def cmd_org_init(ctx: Context, args: argparse.Namespace) -> int:
    organizations.set_up(ctx.db, args.name, args.kind)
    say(f"已建立 {args.name}")
    return 0


def cmd_org_list(ctx: Context, args: argparse.Namespace) -> int:
    units = organizations.units(ctx.db)
    if args.json:
        emit_json(
            [
                {
                    "id": u.id,
                    "parent_id": u.parent_id,
                    "name": u.name,
                    "kind": u.kind,
                    "active_members": u.active_members,
                }
                for u in units
            ]
        )
    else:
        for u in units:
            print(f"{'  ' * u.depth}{u.name}（{u.kind}，{u.active_members} 人）")
    return 0


def cmd_org_add(ctx: Context, args: argparse.Namespace) -> int:
    if args.parent:
        parent = organizations.find_unit(ctx.db, args.parent)
    else:
        top = organizations.root(ctx.db)
        if top is None:
            raise ValidationError("还没有建立组织，请先运行 org init --name 组织名称")
        parent = top
    organizations.add_unit(ctx.db, parent.id, args.name, args.kind)
    say(f"已在 {parent.name} 下新增{args.kind} {args.name}")
    return 0
