"""CLI groups `people` (人员：花名册以外), `households` (住户), `pair` and `unpair` (联户结对)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_REJECTED, Context, add_json_flag, emit_json, say
from app.cli.export import add_list_flags, emit_list
from app.cli.version_flag import add_version_flag, versioned, with_version
from app.domain import service_rules as rules
from app.services import photos, roster
from app.services.residents import common, household_import, households, pairing, people, teams_people
from app.services.teams import find_team

if TYPE_CHECKING:
    Parsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(groups: Parsers) -> None:
    _people(groups)
    _households(groups)

    p = groups.add_parser("pair", help="联户：党员（或人员）与住户结对；一户同时只有一名联户人")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", help="党员编号（可用前 4 位以上）")
    who.add_argument("--person", help="人员编号（花名册以外的人员）")
    p.add_argument("--household", required=True, action="append", metavar="H", help="住户编号（可多次给出）")
    p.add_argument("--from", dest="starts_on", help="结对开始日期（默认今天）")
    add_json_flag(p)
    p.set_defaults(func=cmd_pair)

    p = groups.add_parser("unpair", help="解除住户的联户结对（记录保留）")
    p.add_argument("--household", required=True, action="append", metavar="H", help="住户编号（可多次给出）")
    p.add_argument("--date", help="解除日期（默认今天）")
    p.set_defaults(func=cmd_unpair)


def _person_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--name", required=adding, help="姓名")
    p.add_argument("--phone", help="手机号码")
    p.add_argument("--gender", choices=("男", "女"))
    p.add_argument("--id-number", dest="id_number", help="公民身份号码（可不填；从不打印）")
    p.add_argument("--address", help="住址")
    p.add_argument("--household", help="所在住户编号")
    p.add_argument("--grid", help="所在网格名称")
    p.add_argument("--role", action="append", choices=rules.PERSON_ROLES, help="身份（可多次给出）")
    p.add_argument("--organization", help="报到党员：所在党组织")
    p.add_argument("--post", help="五亮公示牌上的岗位，如 社区工作者")
    p.add_argument("--note", help="备注")


def _people(groups: Parsers) -> None:
    g = groups.add_parser("people", help="花名册以外的人员：居民、网格员、社区工作者、报到党员……")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="登记一名人员")
    _person_options(p, True)
    add_json_flag(p)
    p.set_defaults(func=cmd_people_add)
    p = cmds.add_parser("set", help="修改人员信息（只改给出的项）")
    p.add_argument("id")
    _person_options(p, False)
    p.add_argument("--active", choices=("yes", "no"), help="no：停用（不再出现在列表里，记录保留）")
    p.add_argument(
        "--photo", metavar="FILE", help='照片文件（JPG/PNG，会缩小后保存；五亮公示牌用）；给空串 "" 去掉照片'
    )
    add_version_flag(p, "people list --json")
    add_json_flag(p)
    p.set_defaults(func=cmd_people_set)
    p = cmds.add_parser("list", help="列出人员")
    p.add_argument("--role", choices=rules.PERSON_ROLES, help="只列这种身份")
    p.add_argument("--all", action="store_true", help="包括已停用的")
    add_list_flags(p)
    p.set_defaults(func=cmd_people_list)
    p = cmds.add_parser("join-team", help="把人员加入队伍（1+4+1 队伍可以有非党员）")
    p.add_argument("id")
    p.add_argument("--team", required=True, help="队伍名称")
    p.add_argument("--role", default="队员")
    p.set_defaults(func=cmd_join_team)
    p = cmds.add_parser("leave-team", help="人员退出队伍（记录保留）")
    p.add_argument("id")
    p.add_argument("--team", required=True, help="队伍名称")
    p.set_defaults(func=cmd_leave_team)


def _household_options(p: argparse.ArgumentParser, adding: bool) -> None:
    p.add_argument("--address", required=adding, help="地址：村组/楼栋单元/门牌")
    p.add_argument("--head", help="户主姓名")
    p.add_argument("--phone", help="联系电话（手机）")
    p.add_argument("--grid", help="网格名称")
    p.add_argument("--cell", help="责任区/单元格编号")
    p.add_argument("--tag", action="append", help="标签，如 困难户、空巢老人（可多次给出）")
    p.add_argument("--size", type=int, help="人口数")
    p.add_argument("--note", help="备注")


def _households(groups: Parsers) -> None:
    g = groups.add_parser("households", help="住户：地址、户主、网格、标签；联户结对")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="登记一户（户主同时登记为人员）")
    _household_options(p, True)
    add_json_flag(p)
    p.set_defaults(func=cmd_households_add)
    p = cmds.add_parser("set", help="修改住户信息（只改给出的项）")
    p.add_argument("id")
    _household_options(p, False)
    p.add_argument("--active", choices=("yes", "no"), help="no：停用（搬走等，记录保留）")
    add_version_flag(p, "households list --json")
    add_json_flag(p)
    p.set_defaults(func=cmd_households_set)
    p = cmds.add_parser("list", help="列出住户")
    p.add_argument("--grid", help="只列这个网格")
    p.add_argument("--unpaired", action="store_true", help="只列没有联户人的住户")
    p.add_argument("--member", help="只列这名党员联系的住户")
    add_list_flags(p)
    p.set_defaults(func=cmd_households_list)
    p = cmds.add_parser("import", help="从 Excel 导入住户（先预览，加 --apply 才写入）")
    p.add_argument("file")
    p.add_argument("--sheet", help="工作表名称（默认：第一个有表头的工作表）")
    p.add_argument("--header-row", dest="header_row", type=int, help="表头所在行（默认自动查找）")
    p.add_argument(
        "--apply", action="store_true", help="写入（没有这个选项只预览）；有错误的行时不写入任何数据"
    )
    p.add_argument("--skip-invalid", action="store_true", help="有错误的行跳过，只导入没有错误的行")
    add_json_flag(p)
    p.set_defaults(func=cmd_households_import)


# --- people -------------------------------------------------------------------------------------------------


def _apply_person_args(
    draft: people.PersonDraft, args: argparse.Namespace, ctx: Context
) -> people.PersonDraft:
    changes: dict[str, Any] = {}
    for key in ("name", "phone", "gender", "id_number", "address", "grid", "organization", "post", "note"):
        if getattr(args, key, None) is not None:
            changes[key] = getattr(args, key)
    if args.household is not None:
        changes["household_id"] = (
            common.resolve_household_id(ctx.db, args.household) if args.household else None
        )
    if args.role:
        changes["roles"] = args.role
    if getattr(args, "active", None) is not None:
        changes["active"] = args.active == "yes"
    return dataclasses.replace(draft, **changes)


def cmd_people_add(ctx: Context, args: argparse.Namespace) -> int:
    draft = _apply_person_args(people.PersonDraft(name=args.name), args, ctx)
    person_id = people.add_person(ctx.db, draft)
    if args.json:
        emit_json(with_version(ctx.db, "person", people.get_person(ctx.db, person_id).as_json()))
    else:
        say(f"已登记：{draft.name}（编号 {person_id[:8]}）")
    return 0


def cmd_people_set(ctx: Context, args: argparse.Namespace) -> int:
    person_id = common.resolve_person_id(ctx.db, args.id)
    draft = _apply_person_args(people.draft_of(ctx.db, person_id), args, ctx)
    stored: Path | None = None
    if args.photo is not None:
        draft.photo = photos.store_photo_file(ctx.db, Path(args.photo)) if args.photo else ""
        stored = ctx.db.data_dir.photos / draft.photo if draft.photo else None
    try:
        changed = people.update_person(ctx.db, person_id, draft, args.version)
    except BaseException:
        if stored is not None:
            stored.unlink(missing_ok=True)  # nothing refers to it: the change was refused
        raise
    if args.json:
        emit_json(with_version(ctx.db, "person", people.get_person(ctx.db, person_id).as_json()))
    say(f"已保存，改动了 {changed} 项" if changed else "没有改动")
    return 0


def cmd_people_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = people.list_people(ctx.db, role=args.role, include_inactive=args.all)
    if emit_list(ctx, args, "人员", versioned(ctx.db, args, "person", [r.as_json() for r in rows])):
        return 0
    for r in rows:
        print(f"{r.id[:8]}  {r.name}  {r.phone or '—'}  {'、'.join(r.roles)}  {r.grid}  {r.address}")
    say(f"共 {len(rows)} 人")
    return 0


def cmd_join_team(ctx: Context, args: argparse.Namespace) -> int:
    person_id = common.resolve_person_id(ctx.db, args.id)
    team = find_team(ctx.db, args.team)
    teams_people.join_team_person(ctx.db, team.id, person_id, args.role)
    say(f"已加入“{team.name}”")
    return 0


def cmd_leave_team(ctx: Context, args: argparse.Namespace) -> int:
    person_id = common.resolve_person_id(ctx.db, args.id)
    team = find_team(ctx.db, args.team)
    teams_people.leave_team_person(ctx.db, team.id, person_id)
    say(f"已退出“{team.name}”")
    return 0


# --- households ---------------------------------------------------------------------------------------------


def _apply_household_args(
    draft: households.HouseholdDraft, args: argparse.Namespace
) -> households.HouseholdDraft:
    changes: dict[str, Any] = {}
    for option, key in (
        ("address", "address"),
        ("head", "head_name"),
        ("phone", "phone"),
        ("grid", "grid"),
        ("size", "size"),
        ("note", "note"),
        ("cell", "cell_id"),
    ):
        if getattr(args, option, None) is not None:
            changes[key] = getattr(args, option)
    if args.tag is not None:
        changes["tags"] = args.tag
    if getattr(args, "active", None) is not None:
        changes["active"] = args.active == "yes"
    return dataclasses.replace(draft, **changes)


def cmd_households_add(ctx: Context, args: argparse.Namespace) -> int:
    draft = _apply_household_args(households.HouseholdDraft(address=args.address), args)
    household_id = households.add_household(ctx.db, draft)
    if args.json:
        emit_json(with_version(ctx.db, "household", households.get_household(ctx.db, household_id).as_json()))
    else:
        say(f"已登记：{draft.address}（编号 {household_id[:8]}）")
    return 0


def cmd_households_set(ctx: Context, args: argparse.Namespace) -> int:
    household_id = common.resolve_household_id(ctx.db, args.id)
    draft = _apply_household_args(households.draft_of(ctx.db, household_id), args)
    changed = households.update_household(ctx.db, household_id, draft, args.version)
    if args.json:
        emit_json(with_version(ctx.db, "household", households.get_household(ctx.db, household_id).as_json()))
    say(f"已保存，改动了 {changed} 项" if changed else "没有改动")
    return 0


def cmd_households_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = households.list_households(ctx.db, grid=args.grid, unpaired_only=args.unpaired)
    if args.member:
        member_id = roster.resolve_member_id(ctx.db, args.member)
        rows = [r for r in rows if r.paired_member_id == member_id]
    if emit_list(ctx, args, "住户台账", versioned(ctx.db, args, "household", [r.as_json() for r in rows])):
        return 0
    for r in rows:
        tags = "、".join(r.tags)
        print(
            f"{r.id[:8]}  {r.address}  {r.head_name or '—'}  {r.grid or '—'}  联户：{r.paired_with or '无'}  {tags}"
        )
    say(f"共 {len(rows)} 户")
    return 0


def cmd_households_import(ctx: Context, args: argparse.Namespace) -> int:
    plan = household_import.plan_household_import(ctx.db, Path(args.file), args.sheet, args.header_row)
    bad = plan.count(household_import.ERROR)
    rejected = bool(args.apply and bad and not args.skip_invalid)
    apply = args.apply and not rejected
    written = (
        household_import.apply_household_import(ctx.db, plan, skip_invalid=args.skip_invalid) if apply else 0
    )
    if args.json:
        emit_json({**plan.as_json(), "applied": bool(apply), "written": written})
    else:
        for line in plan.report_lines():
            say(line)
    if rejected:
        say(f"有 {bad} 行错误，没有导入任何数据。请改正后重新导入，或加 --skip-invalid 只导入没有错误的行。")
        return EXIT_REJECTED
    say(f"已导入 {written} 户。" if apply else "这只是预览，没有写入；确认无误后加 --apply 导入。")
    return 0


# --- pairing ------------------------------------------------------------------------------------------------


def cmd_pair(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member) if args.member else None
    person_id = common.resolve_person_id(ctx.db, args.person) if args.person else None
    ids = [common.resolve_household_id(ctx.db, h) for h in args.household]
    made = pairing.pair(ctx.db, ids, member_id=member_id, person_id=person_id, starts_on=args.starts_on)
    if args.json:
        emit_json([{"id": pid, "household_id": h} for pid, h in zip(made, ids, strict=True)])
    say(f"已结对 {len(made)} 户")
    return 0


def cmd_unpair(ctx: Context, args: argparse.Namespace) -> int:
    ids = [common.resolve_household_id(ctx.db, h) for h in args.household]
    pairing.unpair(ctx.db, ids, args.date)
    say(f"已解除 {len(ids)} 户的结对")
    return 0
