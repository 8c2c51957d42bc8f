"""CLI groups of 评选与考核 about organisations and posts: `stars-org` (五星级组织, its criteria), `report-duty`
(书记述职测评), `posts` (先锋岗 / 示范岗 / 工作室); and `org units-without-branch` / `org work-unit` (1+N).

Top-level imports stay light (argparse only): the services are imported when a command runs.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import Context, add_json_flag, optional_date, required_date, say, year_number
from app.cli.recognition import Sub, count, group, member_ref, out, pairs, unit_ref


def register(groups: Sub) -> None:
    _register_stars_org(groups)
    _register_duty(groups)
    _register_posts(groups)


def register_org_extras(ocmds: Sub) -> None:
    """The 1+N commands of the `org` group (registered from app/cli/roster.py)."""
    p = ocmds.add_parser(
        "units-without-branch", help="有 3 名以上正式党员、还没有自己组织的单位（该成立支部了）"
    )
    p.add_argument("--min", type=int, default=3, help="正式党员人数下限（默认 3）")
    add_json_flag(p)
    p.set_defaults(func=cmd_units_without_branch)
    p = ocmds.add_parser("set-kind", help="改支部一级组织的类别：党支部、区域综合党支部、流动党员服务站")
    p.add_argument("unit", help="组织名称或编号")
    p.add_argument("--kind", required=True, choices=("党支部", "区域综合党支部", "流动党员服务站"))
    p.set_defaults(func=cmd_org_set_kind)
    p = ocmds.add_parser("work-units", help="登记了所在单位的党员（1+N）")
    add_json_flag(p)
    p.set_defaults(func=cmd_work_units)
    p = ocmds.add_parser("work-unit", help="登记党员的所在单位（企业、商铺）；空字符串清除")
    p.add_argument("member", help="党员编号（或编号前 4 位以上）")
    p.add_argument("unit", help="所在单位名称")
    p.set_defaults(func=cmd_work_unit)


def _register_stars_org(groups: Sub) -> None:
    cmds = group(groups, "stars-org", "五星级服务型党组织：逐项达标、依据、上级确认")
    p = cmds.add_parser("set", help="一项条件达标或未达标（自评）；--confirm 记上级确认")
    p.add_argument("unit", help="组织名称")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--criterion", required=True, help="如 班子强、队伍优、服务好、制度全、群众满意")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--met", action="store_true")
    g.add_argument("--not-met", action="store_true")
    p.add_argument("--evidence", default="")
    p.add_argument("--date", help="检查日期（默认今天）")
    p.add_argument("--confirm", action="store_true", help="上级党委确认")
    add_json_flag(p)
    p.set_defaults(func=cmd_star_set)
    p = cmds.add_parser("criteria", help="查看或修改五星级的评定条件（已评定的年份保留当时的条件）")
    p.add_argument(
        "names", nargs="*", metavar="条件", help="新的条件，如 班子强 队伍优 服务好 制度全 群众满意"
    )
    p.add_argument("--year", type=year_number, help="查看某年评定时用的条件")
    add_json_flag(p)
    p.set_defaults(func=cmd_star_criteria)
    p = cmds.add_parser("list", help="各组织的星数（自评 / 确认）")
    p.add_argument("--year", type=year_number, required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_star_list)


def _register_duty(groups: Sub) -> None:
    cmds = group(groups, "report-duty", "书记述职、述职述廉与满意度测评")
    p = cmds.add_parser("add", help="登记一次述职")
    p.add_argument("--member", required=True)
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--role", default="书记")
    p.add_argument("--text", default="")
    p.add_argument("--file", default="", help="述职报告文件（存放位置或名称）")
    add_json_flag(p)
    p.set_defaults(func=cmd_duty_add)
    p = cmds.add_parser("tally", help="录入测评票：组别:满意:基本满意:不满意 …")
    p.add_argument("report", help="述职编号（或前 4 位以上）")
    p.add_argument("counts", nargs="+", metavar="组别:满意:基本满意:不满意")
    add_json_flag(p)
    p.set_defaults(func=cmd_duty_tally)
    p = cmds.add_parser("list", help="述职及各组满意率")
    p.add_argument("--year", type=year_number)
    add_json_flag(p)
    p.set_defaults(func=cmd_duty_list)


def _register_posts(groups: Sub) -> None:
    cmds = group(groups, "posts", "党员先锋岗、党员示范岗、明星党员工作室")
    p = cmds.add_parser("add", help="设立一个岗位或工作室")
    p.add_argument("--kind", required=True, choices=("党员先锋岗", "党员示范岗", "明星党员工作室"))
    p.add_argument("--name", required=True)
    p.add_argument("--member", help="负责党员")
    p.add_argument("--team", default="", help="负责团队（没有单个负责党员时）")
    p.add_argument("--place", default="")
    p.add_argument("--offers", default="", help="提供什么服务")
    add_json_flag(p)
    p.set_defaults(func=cmd_post_add)
    p = cmds.add_parser("edit", help="修改岗位：名称、负责党员或团队、地点、服务内容（只改给出的项）")
    p.add_argument("post", help="岗位编号（或前 4 位以上）")
    p.add_argument("--name")
    p.add_argument("--member", help="负责党员；写空字符串表示改由团队负责")
    p.add_argument("--team")
    p.add_argument("--place")
    p.add_argument("--offers")
    add_json_flag(p)
    p.set_defaults(func=cmd_post_edit)
    p = cmds.add_parser("retire", help="撤销一个岗位（记录保留）")
    p.add_argument("post")
    p.set_defaults(func=cmd_post_retire)
    p = cmds.add_parser("list", help="列出岗位和工作室")
    p.add_argument("--all", action="store_true", help="含已撤销的")
    add_json_flag(p)
    p.set_defaults(func=cmd_post_list)


# --- stars-org, report-duty, posts, org ----------------------------------------------------------------------


def cmd_star_set(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    on = optional_date(args.date)
    r = recognition.set_org_star(
        ctx.db, unit_ref(ctx, args.unit), args.year, args.criterion, args.met, args.evidence, on, args.confirm
    )
    return out(args, r.as_json(), f"{r.unit}  {r.stars} 星（确认 {r.confirmed_stars} 星）")


def cmd_star_criteria(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain.errors import ValidationError
    from app.services import recognition

    if args.names and args.year is not None:
        raise ValidationError("修改条件时不要给 --year：已评定的年份保留当时的条件")
    names = (
        recognition.set_star_criteria(ctx.db, args.names)
        if args.names
        else recognition.star_criteria(ctx.db, args.year)
    )
    return out(args, names, "、".join(names))


def cmd_star_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.list_org_stars(ctx.db, args.year)
    text = (
        "\n".join(f"{r.unit}  自评 {r.stars} 星  确认 {r.confirmed_stars} 星" for r in rows)
        or "（还没有评定）"
    )
    return out(args, [r.as_json() for r in rows], text)


def _duty_text(r: Any) -> str:
    rates = "  ".join(f"{g} {'—' if v is None else f'{v}%'}" for g, v in r.rates.items())
    overall = "—" if r.overall is None else f"{r.overall}%"
    return f"{r.id[:8]}  {r.year} {r.name}（{r.role}）{r.date}  总满意率 {overall}  {rates}"


def cmd_duty_add(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    r = recognition.add_duty_report(
        ctx.db,
        member_ref(ctx, args.member),
        args.year,
        required_date(args.date),
        args.role,
        args.text,
        args.file,
    )
    say(f"已登记 {r.name} 的述职（编号 {r.id[:8]}）")
    return out(args, r.as_json(), r.id)


def cmd_duty_tally(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain.errors import ValidationError
    from app.services import recognition

    counts: dict[str, list[int]] = {}
    for p in pairs(args.counts, "组别:满意:基本满意:不满意"):
        if len(p) != 4:
            raise ValidationError(f"“{':'.join(p)}”应为 组别:满意:基本满意:不满意")
        counts[p[0]] = [count(x, "票数") for x in p[1:]]
    r = recognition.tally_duty(ctx.db, args.report, counts)
    return out(args, r.as_json(), _duty_text(r))


def cmd_duty_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.list_duty_reports(ctx.db, args.year)
    return out(
        args, [r.as_json() for r in rows], "\n".join(_duty_text(r) for r in rows) or "（没有述职记录）"
    )


def cmd_post_add(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    member = member_ref(ctx, args.member) if args.member else None
    p = recognition.add_post(ctx.db, args.kind, args.name, member, args.team, args.place, args.offers)
    say(f"已设立{p.kind}“{p.name}”（编号 {p.id[:8]}）")
    return out(args, p.as_json(), p.id)


def cmd_post_edit(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    member = None if args.member is None else (member_ref(ctx, args.member) if args.member.strip() else "")
    p = recognition.update_post(
        ctx.db,
        args.post,
        name=args.name,
        member_id=member,
        team=args.team,
        place=args.place,
        offers=args.offers,
    )
    say(f"已修改“{p.name}”")
    return out(args, p.as_json(), p.id)


def cmd_post_retire(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    p = recognition.retire_post(ctx.db, args.post)
    say(f"已撤销“{p.name}”")
    return 0


def cmd_post_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.list_posts(ctx.db, args.all)
    text = "\n".join(
        f"{p.id[:8]}  {p.kind}  {p.name}  {p.member or p.team}  {p.place}  {p.offers}" for p in rows
    )
    return out(args, [p.as_json() for p in rows], text or "（没有岗位）")


def cmd_units_without_branch(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.units_without_branch(ctx.db, args.min)
    text = "\n".join(f"{u.unit}  正式党员 {u.full_members} 人：{'、'.join(u.members)}" for u in rows)
    return out(args, [u.as_json() for u in rows], text or "（没有需要成立组织的单位）")


def cmd_work_unit(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    recognition.set_work_unit(ctx.db, member_ref(ctx, args.member), args.unit)
    say("已登记所在单位" if args.unit.strip() else "已清除所在单位")
    return 0


def cmd_org_set_kind(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import organizations

    organizations.set_unit_kind(ctx.db, unit_ref(ctx, args.unit), args.kind)
    say(f"“{args.unit}”已改为{args.kind}")
    return 0


def cmd_work_units(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.work_units(ctx.db)
    text = "\n".join(f"{w.unit}  {w.name}（{w.branch}）" for w in rows)
    return out(args, [w.as_json() for w in rows], text or "（还没有登记所在单位）")
