"""CLI groups `roster` (花名册) and `org` (组织和网格): list, add, set, leave, reinstate, photo; units and grids."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.cli import Context, add_json_flag, emit_json, recognition_organs, say
from app.cli.export import add_list_flags, emit_list
from app.cli.version_flag import add_version_flag, versioned, with_version
from app.domain import pinyin
from app.domain.dates import parse_date
from app.domain.errors import NotFoundError, ValidationError
from app.domain.member_fields import MEMBER_FIELDS
from app.services import organizations, photos, roster


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
    add_list_flags(p)
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
    add_version_flag(p, "roster show --json")
    p.set_defaults(func=cmd_set)

    p = cmds.add_parser("leave", help="党员离开（转出、去世、出党、停止党籍）；记录保留")
    p.add_argument("id")
    p.add_argument("--reason", required=True, choices=roster.LEAVE_REASONS)
    p.add_argument("--date", required=True, help="日期，如 2026-05-01")
    p.add_argument("--to", default="", help="转出到哪里")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_leave)

    p = cmds.add_parser("reinstate", help="恢复在册（转回、恢复党籍，或误登记的离开）；历史保留两步")
    p.add_argument("id")
    p.add_argument("--date", help="日期（默认今天）")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_reinstate)

    p = cmds.add_parser("photo", help="设置党员照片（JPG/PNG，会缩小后保存）；--remove 去掉照片")
    p.add_argument("id")
    photo = p.add_mutually_exclusive_group(required=True)
    photo.add_argument("--file", type=Path, help="照片文件")
    photo.add_argument("--remove", action="store_true", help="去掉照片（原文件留在备份里）")
    p.set_defaults(func=cmd_photo)

    o = groups.add_parser("org", help="组织（党总支、支部、党小组）和网格")
    ocmds = o.add_subparsers(dest="command", metavar="COMMAND")
    ocmds.required = True
    p = ocmds.add_parser("init", help="第一次使用：建立最上级组织")
    p.add_argument("--name", required=True, help="如 丁新村党总支")
    p.add_argument("--kind", default="党总支", choices=organizations.TOP_KINDS)
    p.set_defaults(func=cmd_org_init)
    p = ocmds.add_parser("list", help="列出组织")
    add_list_flags(p)
    p.set_defaults(func=cmd_org_list)
    p = ocmds.add_parser("add", help="新增支部或党小组")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", default="党支部", choices=organizations.SUB_KINDS)
    p.add_argument("--parent", help="上级组织名称（默认最上级）")
    add_json_flag(p)
    p.set_defaults(func=cmd_org_add)
    p = ocmds.add_parser("rename", help="组织改名：org rename 组织 --name 新名称")
    p.add_argument("unit", help="组织名称或编号")
    p.add_argument("--name", required=True, help="新名称")
    add_version_flag(p, "org list --json")
    p.set_defaults(func=cmd_org_rename)
    p = ocmds.add_parser("move", help="把支部或党小组移到另一个上级组织下")
    p.add_argument("unit", help="组织名称或编号")
    p.add_argument("--parent", required=True, help="新的上级组织名称或编号")
    p.set_defaults(func=cmd_org_move)
    p = ocmds.add_parser("delete", help="删除没有党员（含历史记录）和下级组织的组织")
    p.add_argument("unit", help="组织名称或编号")
    p.set_defaults(func=cmd_org_delete)

    recognition_organs.register_org_extras(ocmds)  # 1+N: units-without-branch, work-unit

    p = ocmds.add_parser("grids", help="列出网格")
    add_json_flag(p)
    p.set_defaults(func=cmd_grids)
    p = ocmds.add_parser("grid-add", help="新增网格")
    p.add_argument("--name", required=True, help="网格名称，如 第一网格")
    p.add_argument("--households", type=int, default=0, help="户数")
    p.add_argument("--responsible", default="", help="网格长或联系人")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_grid_add)
    p = ocmds.add_parser("grid-set", help="修改网格：只改给出的项")
    p.add_argument("grid", help="网格名称或编号")
    p.add_argument("--name", help="新名称")
    p.add_argument("--households", type=int, help="户数")
    p.add_argument("--responsible", help="网格长或联系人")
    p.add_argument("--note")
    add_json_flag(p)
    p.set_defaults(func=cmd_grid_set)
    p = ocmds.add_parser("grid-delete", help="删除没有党员的网格")
    p.add_argument("grid", help="网格名称或编号")
    p.set_defaults(func=cmd_grid_delete)

    from app.cli import roster_excel  # import/export .xlsx live in their own module

    roster_excel.register_commands(cmds)


def _branch_id(ctx: Context, name: str | None) -> str | None:
    return organizations.find_unit(ctx.db, name).id if name else None


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = roster.list_members(ctx.db, branch_id=_branch_id(ctx, args.branch), status=args.status)
    if args.search:
        q = pinyin.normalize_query(args.search)
        rows = [r for r in rows if pinyin.matches(roster.search_key(r), q)]
    if not emit_list(ctx, args, "党员名单", [r.as_json() for r in rows], keep_ids=True):
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
        emit_json(row.as_json() | {"history": history, "version": detail.version})
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
        emit_json(next(r for r in roster.list_members(ctx.db, status="all") if r.id == member_id).as_json())
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
    changed = roster.set_fields(ctx.db, member_id, assignments, args.version)
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


def cmd_reinstate(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    parsed = parse_date(args.date, "日期", "date") if args.date else None
    on = parsed.value if parsed else dt.date.today()
    roster.reinstate_member(ctx.db, member_id, on, args.note)
    say(f"已恢复在册（{on.isoformat()}）")
    return 0


def cmd_photo(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    photos.set_member_photo(ctx.db, member_id, None if args.remove else args.file)
    say("已去掉照片" if args.remove else "已保存照片")
    return 0


def cmd_org_init(ctx: Context, args: argparse.Namespace) -> int:
    organizations.set_up(ctx.db, args.name, args.kind)
    say(f"已建立 {args.name}")
    return 0


def cmd_org_list(ctx: Context, args: argparse.Namespace) -> int:
    units = organizations.units(ctx.db)
    if not emit_list(
        ctx, args, "组织", versioned(ctx.db, args, "organization", [_unit_json(u) for u in units])
    ):
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
    unit_id = organizations.add_unit(ctx.db, parent.id, args.name, args.kind)
    if args.json:
        emit_json(with_version(ctx.db, "organization", _unit_json(_unit(ctx, unit_id))))
    say(f"已在 {parent.name} 下新增{args.kind} {args.name}")
    return 0


def _unit_json(u: organizations.OrgUnit) -> dict[str, object]:
    return {
        "id": u.id,
        "parent_id": u.parent_id,
        "name": u.name,
        "kind": u.kind,
        "active_members": u.active_members,
    }


def _unit(ctx: Context, ref: str) -> organizations.OrgUnit:
    """A unit named by its id, a unique id prefix (4+ characters) or its name (unique across the tree)."""
    ref = ref.strip()
    units = organizations.units(ctx.db)
    exact = [u for u in units if u.id == ref]
    named = [u for u in units if u.name == ref]
    prefixed = [u for u in units if len(ref) >= 4 and u.id.startswith(ref)]
    for found in (exact, named, prefixed):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(f"有 {len(found)} 个组织叫“{ref}”，请改用编号（org list --json 可查）")
    raise NotFoundError(f"找不到组织“{ref}”（用 org list 查看）")


def cmd_org_rename(ctx: Context, args: argparse.Namespace) -> int:
    unit = _unit(ctx, args.unit)
    organizations.rename_unit(ctx.db, unit.id, args.name, args.version)
    say(f"已把 {unit.name} 改名为 {args.name.strip()}")
    return 0


def cmd_org_move(ctx: Context, args: argparse.Namespace) -> int:
    unit, parent = _unit(ctx, args.unit), _unit(ctx, args.parent)
    organizations.move_unit(ctx.db, unit.id, parent.id)
    say(f"已把 {unit.name} 移到 {parent.name} 下")
    return 0


def cmd_org_delete(ctx: Context, args: argparse.Namespace) -> int:
    unit = _unit(ctx, args.unit)
    organizations.delete_unit(ctx.db, unit.id)
    say(f"已删除 {unit.name}")
    return 0


def _grid_json(g: organizations.GridRow) -> dict[str, object]:
    return {
        "id": g.id,
        "name": g.name,
        "households": g.households,
        "responsible": g.responsible,
        "note": g.note,
        "active_members": g.active_members,
    }


def _grid(ctx: Context, ref: str) -> organizations.GridRow:
    """A grid named by its name, its id or a unique id prefix (4+ characters)."""
    ref = ref.strip()
    rows = organizations.grids(ctx.db)
    for found in (
        [g for g in rows if g.id == ref or g.name == ref],
        [g for g in rows if len(ref) >= 4 and g.id.startswith(ref)],
    ):
        if len(found) == 1:
            return found[0]
    raise NotFoundError(f"找不到网格“{ref}”（用 org grids 查看）")


def cmd_grids(ctx: Context, args: argparse.Namespace) -> int:
    rows = organizations.grids(ctx.db)
    if args.json:
        emit_json([_grid_json(g) for g in rows])
    else:
        for g in rows:
            print(
                f"{g.id[:8]}  {g.name}\t{g.households} 户\t{g.responsible or '—'}\t{g.active_members} 名党员\t{g.note}"
            )
        say(f"共 {len(rows)} 个网格")
    return 0


def cmd_grid_add(ctx: Context, args: argparse.Namespace) -> int:
    grid_id = organizations.save_grid(ctx.db, None, args.name, args.households, args.responsible, args.note)
    if args.json:
        emit_json(_grid_json(_grid(ctx, grid_id)))
    else:
        print(grid_id)
    say(f"已新增网格 {args.name.strip()}")
    return 0


def cmd_grid_set(ctx: Context, args: argparse.Namespace) -> int:
    g = _grid(ctx, args.grid)
    organizations.save_grid(
        ctx.db,
        g.id,
        g.name if args.name is None else args.name,
        g.households if args.households is None else args.households,
        g.responsible if args.responsible is None else args.responsible,
        g.note if args.note is None else args.note,
    )
    if args.json:
        emit_json(_grid_json(_grid(ctx, g.id)))
    say(f"已保存网格 {g.name if args.name is None else args.name.strip()}")
    return 0


def cmd_grid_delete(ctx: Context, args: argparse.Namespace) -> int:
    g = _grid(ctx, args.grid)
    organizations.delete_grid(ctx.db, g.id)
    say(f"已删除网格 {g.name}")
    return 0
