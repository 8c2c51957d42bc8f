"""CLI groups `needs` (群众需求) and `projects` (服务项目：项目库、认领、进度、完成、验收、统计)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli import (
    Context,
    add_json_flag,
    emit_json,
    optional_date,
    output_file,
    required_date,
    say,
    year_number,
)
from app.cli.export import add_list_flags, emit_list
from app.domain import project_rules as rules
from app.domain.errors import ValidationError
from app.services import roster
from app.services.projects import claims, common, export, needs, pool, stats
from app.services.teams import find_team

if TYPE_CHECKING:
    from app.services.store import Database

    Parsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(groups: Parsers) -> None:
    _needs(groups)
    _projects(groups)


def _needs(groups: Parsers) -> None:
    g = groups.add_parser("needs", help="群众需求：走访、求助、恳谈会、网格员收集，可立项进项目库")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="登记一条群众需求")
    p.add_argument("--category", help="类别，如 " + "、".join(rules.DEFAULT_CATEGORIES))
    p.add_argument("--size", choices=rules.SIZES, help="规模（--from-request 时默认 个人小项目）")
    p.add_argument("--text", help="需求内容（--from-request 时默认用求助的内容）")
    p.add_argument("--for", dest="for_whom", metavar="HOUSEHOLD|PERSON", help="为哪一户或哪个人（编号）")
    p.add_argument("--group", default="", help="为一类人，如 空巢老人")
    p.add_argument("--how", default="走访", choices=rules.RAISED_HOW, help="收集方式（默认 走访）")
    p.add_argument(
        "--from-request",
        "--request",
        dest="request",
        metavar="R",
        help="把求助台账的这一条转为服务需求（求助编号；内容、住户默认取自求助）",
    )
    p.add_argument("--date", help="收集日期（默认今天）")
    p.add_argument("--wanted-by", dest="wanted_by", help="希望完成日期")
    p.add_argument("--effort", default="", help="估计工作量或费用，如 2人半天、300元")
    add_json_flag(p)
    p.set_defaults(func=cmd_needs_add)
    p = cmds.add_parser("list", help="列出群众需求")
    p.add_argument("--year", type=year_number)
    p.add_argument("--open", action="store_true", help="只列还没立项的")
    p.add_argument("--from-request", dest="request", metavar="R", help="只列由这条求助转来的")
    add_list_flags(p)
    p.set_defaults(func=cmd_needs_list)


def _projects(groups: Parsers) -> None:
    g = groups.add_parser("projects", help="服务项目：立项、公示、认领、进度、完成、验收、统计")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="把一条或几条需求立为项目（先不公示）")
    p.add_argument("--from-need", dest="needs", nargs="+", required=True, metavar="N", help="需求编号")
    p.add_argument("--goal", required=True, help="项目目标")
    p.add_argument("--deadline", required=True, help="完成期限")
    p.add_argument("--title", default="", help="项目名称（默认用第一条需求的内容）")
    p.add_argument("--measure", default="", help="考核标准")
    p.add_argument("--unit", default="", help="责任单位")
    p.add_argument("--category", default="", help="类别（默认同第一条需求）")
    p.add_argument("--size", default="", choices=("", *rules.SIZES), help="规模（默认按需求）")
    add_json_flag(p)
    p.set_defaults(func=cmd_add)
    p = cmds.add_parser("publish", help="公示项目，进入项目库待认领")
    p.add_argument("id")
    p.add_argument("--date", help="公示日期（默认今天）")
    p.set_defaults(func=cmd_publish)
    p = cmds.add_parser("claim", help="认领项目（党员、报到党员或队伍；同时发布一条因事承诺）")
    p.add_argument("id")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--member", help="党员编号")
    who.add_argument("--person", help="报到党员（人员编号）")
    who.add_argument("--team", help="队伍名称或编号（须有队长）")
    p.add_argument("--date", help="认领日期（默认今天）")
    p.set_defaults(func=cmd_claim)
    p = cmds.add_parser("hand-back", help="认领人交回项目（记录保留，项目回到项目库）")
    p.add_argument("id")
    p.add_argument("--reason", required=True)
    p.add_argument("--date")
    p.set_defaults(func=cmd_hand_back)
    p = cmds.add_parser("progress", help="登记进度（每月一次公开）")
    p.add_argument("id")
    p.add_argument("--text", required=True)
    p.add_argument("--date")
    p.add_argument("--photo", type=Path, nargs="+", default=[], metavar="F", help="照片文件（可给几张）")
    p.set_defaults(func=cmd_progress)
    p = cmds.add_parser("complete", help="登记完成（同时记闪光言行和“志愿服务”积分）")
    p.add_argument("id")
    p.add_argument("--text", required=True, help="做了什么")
    p.add_argument("--date", required=True, help="完成日期")
    p.add_argument("--served", type=int, default=0, help="服务人数")
    p.add_argument("--photo", type=Path, nargs="+", default=[], metavar="F", help="完成后的照片（可给几张）")
    p.add_argument(
        "--before-photo",
        dest="before_photo",
        type=Path,
        metavar="F",
        help="完成前的照片（默认用第一张进度照片）",
    )
    p.add_argument("--no-deed", dest="no_deed", action="store_true", help="不记闪光言行")
    p.add_argument("--indicator", default=rules.DEED_INDICATOR, help="积分指标（默认 志愿服务；none 不记）")
    p.set_defaults(func=cmd_complete)
    p = cmds.add_parser("evaluate", help="验收：群众满意度")
    p.add_argument("id")
    p.add_argument("--satisfaction", required=True, choices=rules.SATISFACTION)
    p.add_argument("--note", default="")
    p.add_argument("--date")
    p.set_defaults(func=cmd_evaluate)
    p = cmds.add_parser("reopen", help="撤销完成登记（闪光言行撤回、积分冲销）")
    p.add_argument("id")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_reopen)
    p = cmds.add_parser("withdraw", help="撤回项目（不删除，记录原因）")
    p.add_argument("id")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_withdraw)
    p = cmds.add_parser("list", help="列出项目")
    p.add_argument("--status", choices=rules.STATUSES)
    p.add_argument("--year", type=year_number)
    p.add_argument("--overdue", action="store_true", help="只列逾期的")
    add_list_flags(p)
    p.set_defaults(func=cmd_list)
    p = cmds.add_parser("show", help="项目卡片：内容和每一步记录")
    p.add_argument("id")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)
    p = cmds.add_parser("stats", help="统计：需求、立项、认领、完成、逾期、满意度、参与人数")
    p.add_argument("--year", type=year_number, default=dt.date.today().year)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--unit", default="", help="只统计这个责任单位")
    add_json_flag(p)
    p.set_defaults(func=cmd_stats)
    p = cmds.add_parser("teams", help="队伍：队长、队员、认领的项目；未参加服务队伍的党员")
    add_json_flag(p)
    p.set_defaults(func=cmd_teams)
    p = cmds.add_parser("export", help="导出项目库（含各项目状态）为 Excel")
    p.add_argument("-o", "--output", required=True, type=output_file(".xlsx"), metavar="OUT.xlsx")
    p.set_defaults(func=cmd_export)
    p = cmds.add_parser(
        "registered-sheet", help="报到党员服务情况表（-o 给 .pdf 打印件或 .xlsx 表格，寄回其所在党组织）"
    )
    p.add_argument("person", help="报到党员的人员编号")
    p.add_argument("--year", type=year_number, default=dt.date.today().year)
    p.add_argument(
        "-o", "--output", required=True, type=output_file(".pdf", ".xlsx"), metavar="OUT.pdf|OUT.xlsx"
    )
    p.set_defaults(func=cmd_registered_sheet)
    p = cmds.add_parser("categories", help="显示或修改项目类别（新增、改名、停用）")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--set", dest="values", help="全部类别，用顿号分隔")
    change.add_argument("--add", metavar="C", help="新增一个类别")
    change.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="改名（已有的需求和项目一起改）")
    change.add_argument("--retire", metavar="C", help="停用（不再供新需求选择，已有的保留）")
    p.set_defaults(func=cmd_categories)


def cmd_needs_add(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    from app.services.residents import common as residents

    if args.request:
        rid = residents.resolve_request_id(db, args.request)
        draft = needs.draft_from_request(db, rid, common.categories(db))
    else:
        missing = [
            f
            for f, v in (("--category", args.category), ("--size", args.size), ("--text", args.text))
            if not v
        ]
        if missing:
            raise ValidationError(
                f"请给出 {'、'.join(missing)}（或用 --from-request 从求助转来）", field="text"
            )
        draft = needs.NeedDraft(category=args.category, size=args.size, text=args.text, raised_how=args.how)
    if args.for_whom:
        draft.household_id, draft.person_id = needs.resolve_for(db, args.for_whom)
    draft.category = args.category or draft.category
    draft.size = args.size or draft.size
    draft.text = args.text or draft.text
    draft.group_name = args.group
    draft.raised_on = optional_date(args.date, "收集日期")
    draft.wanted_by = optional_date(args.wanted_by, "希望完成日期")
    draft.effort = args.effort
    need_id = needs.add_need(db, draft)
    if args.json:
        emit_json(next(n.as_json() for n in needs.list_needs(db) if n.id == need_id))
    else:
        say(f"已登记需求（编号 {need_id[:8]}）")
    return 0


def cmd_needs_list(ctx: Context, args: argparse.Namespace) -> int:
    request_id = None
    if args.request:
        from app.services.residents import common as residents

        request_id = residents.resolve_request_id(ctx.db, args.request)
    rows = needs.list_needs(ctx.db, year=args.year, open_only=args.open, request_id=request_id)
    if emit_list(ctx, args, "群众需求", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        state = "已立项" if r.project_id else "待立项"
        print(f"{r.id[:8]}  {r.raised_on}  {r.category}  {r.size}  {state}  {r.for_whom or '—'}  {r.text}")
    say(f"共 {len(rows)} 条")
    return 0


def _pid(ctx: Context, ref: str) -> str:
    return common.resolve_project_id(ctx.db, ref)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    project_id = pool.add_project(
        db,
        pool.ProjectDraft(
            need_ids=[common.resolve_need_id(db, n) for n in args.needs],
            goal=args.goal,
            deadline=required_date(args.deadline, "完成期限"),
            title=args.title,
            measure=args.measure,
            unit=args.unit,
            category=args.category,
            size=args.size,
        ),
    )
    if args.json:
        emit_json(pool.get_project(db, project_id).as_json())
    else:
        say(f"已立项（编号 {project_id[:8]}），用 projects publish 公示")
    return 0


def cmd_publish(ctx: Context, args: argparse.Namespace) -> int:
    pool.publish_project(ctx.db, _pid(ctx, args.id), optional_date(args.date, "公示日期"))
    say("已公示，进入项目库待认领")
    return 0


def _team_id(db: Database, text: str) -> str:
    """A team by its name, or by its number or the number's start (as `projects teams --json` gives it)."""
    from app.services.teams import list_teams

    key = text.strip().lower()
    if len(key) >= 4:
        ids = [t.id for t in list_teams(db) if t.id.lower().startswith(key)]
        if len(ids) == 1:
            return ids[0]
    return find_team(db, text).id


def cmd_claim(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    from app.services.residents import common as residents

    if args.member:
        kind, cid = rules.MEMBER, roster.resolve_member_id(db, args.member)
    elif args.person:
        kind, cid = rules.PERSON, residents.resolve_person_id(db, args.person)
    else:
        kind, cid = rules.TEAM, _team_id(db, args.team)
    commitment_id = claims.claim(db, _pid(ctx, args.id), kind, cid, optional_date(args.date, "认领日期"))
    tail = f"，已发布认领承诺（编号 {commitment_id[:8]}）" if commitment_id else ""
    say(f"已认领{tail}")
    return 0


def cmd_hand_back(ctx: Context, args: argparse.Namespace) -> int:
    claims.hand_back(ctx.db, _pid(ctx, args.id), args.reason, optional_date(args.date))
    say("已交回，项目回到项目库")
    return 0


def cmd_progress(ctx: Context, args: argparse.Namespace) -> int:
    claims.add_progress(ctx.db, _pid(ctx, args.id), args.text, optional_date(args.date), args.photo)
    say("已登记进度")
    return 0


def cmd_complete(ctx: Context, args: argparse.Namespace) -> int:
    result = claims.complete(
        ctx.db,
        _pid(ctx, args.id),
        args.text,
        required_date(args.date, "完成日期"),
        people_served=args.served,
        photos=args.photo,
        before_photo=args.before_photo,
        deed=not args.no_deed,
        indicator=None if args.indicator == "none" else args.indicator,
    )
    say("已登记完成；" + result.message)
    return 0


def cmd_evaluate(ctx: Context, args: argparse.Namespace) -> int:
    claims.evaluate(ctx.db, _pid(ctx, args.id), args.satisfaction, args.note, optional_date(args.date))
    say("已验收")
    return 0


def cmd_reopen(ctx: Context, args: argparse.Namespace) -> int:
    result = claims.reopen(ctx.db, _pid(ctx, args.id), args.reason)
    say("已撤销完成登记；" + result.message.replace("记入", "撤回").replace("积分", "冲销积分"))
    return 0


def cmd_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    pool.withdraw_project(ctx.db, _pid(ctx, args.id), args.reason)
    say("已撤回（记录保留）")
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = pool.list_projects(ctx.db, status=args.status, year=args.year, overdue_only=args.overdue)
    if emit_list(ctx, args, "服务项目", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        late = "  逾期" if r.overdue else ""
        print(f"{r.id[:8]}  {r.status}{late}  {r.deadline}  {r.category}  {r.claimant or '—'}  {r.title}")
    say(f"共 {len(rows)} 个")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    project_id = _pid(ctx, args.id)
    row = pool.get_project(ctx.db, project_id)
    events = pool.history(ctx.db, project_id)
    if args.json:
        data = row.as_json()
        data.update(goal=row.goal, measure=row.measure, unit=row.unit, need_ids=list(row.need_ids))
        data.update(before_photo=row.before_photo or None, after_photo=row.after_photo or None)
        data["history"] = [
            {
                "date": e.date.isoformat(),
                "action": e.action,
                "text": e.text,
                "claimant": e.claimant or None,
                "photo": e.photo or None,
            }
            for e in events
        ]
        emit_json(data)
        return 0
    print(f"{row.title}（{row.category}，{row.size}）  {row.status}")
    print(f"目标：{row.goal}  考核标准：{row.measure or '—'}  期限：{row.deadline}")
    print(f"认领人：{row.claimant or '—'}" + ("（逾期）" if row.overdue else ""))
    if row.completed_on:
        print(
            f"完成：{row.completed_on}  服务 {row.people_served} 人  满意度：{row.satisfaction or '待验收'}"
        )
    for e in events:
        photo = "（有照片）" if e.photo else ""
        print(f"  {e.date}  {e.action}  {e.claimant}  {e.text}{photo}".rstrip())
    return 0


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    figures = stats.project_stats(ctx.db, args.year, args.quarter, args.unit)
    if args.json:
        emit_json(figures.as_json())
        return 0
    print(
        f"{figures.year} 年：收集需求 {figures.needs} 条，立项 {figures.projects} 个，"
        f"认领 {figures.claimed} 次（党员 {figures.claimed_by_members}、报到党员 {figures.claimed_by_registered}、"
        f"队伍 {figures.claimed_by_teams}），完成 {figures.completed} 个，逾期 {figures.overdue} 个"
    )
    print(
        f"参与党员 {figures.members_taking_part} 名，报到党员 {figures.registered_taking_part} 名，"
        f"队伍 {figures.teams_taking_part} 支；服务群众 {figures.people_served} 人次"
    )
    return 0


def cmd_teams(ctx: Context, args: argparse.Namespace) -> int:
    lines = stats.team_lines(ctx.db)
    missing = stats.members_without_team(ctx.db)
    if args.json:
        emit_json(
            {
                "teams": [
                    {
                        "id": t.id,
                        "name": t.name,
                        "kind": t.kind,
                        "leader": t.leader or None,
                        "members": t.members,
                        "claimed": t.claimed,
                        "done": t.done,
                        "holding": list(t.holding),  # titles of the projects it holds now
                    }
                    for t in lines
                ],
                "members_without_team": [{"id": i, "name": n} for i, n in missing],
            }
        )
        return 0
    for t in lines:
        print(
            f"{t.name}（{t.kind}）队长：{t.leader or '—（不能认领）'}  队员 {len(t.members)} 名  在办 {t.claimed}  完成 {t.done}"
        )
    say(
        f"未参加服务队伍的党员 {len(missing)} 名"
        + (f"：{'、'.join(n for _, n in missing[:20])}" if missing else "")
    )
    return 0


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    n = export.export_pool(ctx.db, args.output)
    say(f"已导出 {n} 个项目到 {args.output}")
    return 0


def cmd_registered_sheet(ctx: Context, args: argparse.Namespace) -> int:
    from app.services.residents import common as residents

    person_id = residents.resolve_person_id(ctx.db, args.person)
    if args.output.suffix.lower() == ".pdf":
        from app.services import boards

        req = boards.BoardRequest("registered-sheet", year=args.year, extra={"person": person_id})
        pages = boards.render(ctx.db, req, args.output)
        say(f"已保存 {args.output}：{pages} 页")
        return 0
    n = export.export_registered_sheet(ctx.db, person_id, args.year, args.output)
    say(f"已保存 {args.output}：认领项目 {n} 个")
    return 0


def cmd_categories(ctx: Context, args: argparse.Namespace) -> int:
    if args.values is not None:
        common.save_categories(ctx.db, args.values.replace("，", "、").split("、"))
    elif args.add:
        common.add_category(ctx.db, args.add)
    elif args.rename:
        n = common.rename_category(ctx.db, *args.rename)
        say(f"已改名，{n} 条需求和项目一起改了")
    elif args.retire:
        common.retire_category(ctx.db, args.retire)
    print("、".join(common.categories(ctx.db)))
    return 0
