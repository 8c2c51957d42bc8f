"""CLI groups `visits` (走访), `requests` (求助与意见建议) and `service` (统计、网格层级、联户户数、设置)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import TYPE_CHECKING

from app.cli import Context, add_json_flag, emit_json, say, year_number
from app.cli.export import add_list_flags, emit_list
from app.domain import service_rules as rules
from app.services import roster
from app.services.residents import common, grids, pairing, requests, stats, visits
from app.services.residents.links import LinkResult
from app.services.teams import find_team

if TYPE_CHECKING:
    Parsers = argparse._SubParsersAction[argparse.ArgumentParser]


def register(groups: Parsers) -> None:
    _visits(groups)
    _requests(groups)
    _service(groups)


def _link_flags(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--link", action="store_true", help=f"同时为{what}记一条闪光言行和“联系走访群众”积分")
    p.add_argument(
        "--indicator", default="联系走访群众", help="积分指标（默认 联系走访群众；写 none 不记积分）"
    )
    p.add_argument("--no-deed", dest="no_deed", action="store_true", help="只记积分，不记闪光言行")


def _visits(groups: Parsers) -> None:
    g = groups.add_parser("visits", help="走访：党员走访住户或群众")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="登记一次走访")
    p.add_argument("--member", required=True, nargs="+", metavar="ID", help="走访的党员编号（可多个）")
    p.add_argument("--household", nargs="+", default=[], metavar="H", help="走访的住户编号（可多个）")
    p.add_argument("--person", nargs="+", default=[], metavar="P", help="走访的人员编号（可多个）")
    p.add_argument("--date", help="走访日期（默认今天）")
    p.add_argument("--way", default="上门", choices=rules.VISIT_WAYS)
    p.add_argument("--text", default="", help="了解到的情况")
    _link_flags(p, "每名走访党员")
    add_json_flag(p)
    p.set_defaults(func=cmd_visits_add)
    p = cmds.add_parser("list", help="列出走访记录")
    p.add_argument("--year", type=year_number)
    p.add_argument("--member", help="只列这名党员的走访")
    p.add_argument("--household", help="只列对这户的走访")
    add_list_flags(p)
    p.set_defaults(func=cmd_visits_list)
    p = cmds.add_parser("withdraw", help="撤回误登记的走访（由它记的闪光言行撤回、积分冲销）")
    p.add_argument("id")
    p.add_argument("--reason", default="走访记录撤回")
    p.set_defaults(func=cmd_visits_withdraw)
    p = cmds.add_parser("link", help="为一次走访的党员记闪光言行和积分")
    p.add_argument("id")
    _link_flags(p, "每名走访党员")
    p.set_defaults(func=cmd_visits_link)


def _requests(groups: Parsers) -> None:
    g = groups.add_parser("requests", help="求助与意见建议：受理、办理、办结、回访")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="受理一条求助或意见建议（不给住户和人员即为匿名）")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--household", metavar="H", help="住户编号")
    who.add_argument("--person", metavar="P", help="人员编号")
    p.add_argument("--channel", required=True, choices=rules.CHANNELS)
    p.add_argument("--category", required=True, help="类别，如 " + "、".join(rules.DEFAULT_CATEGORIES))
    p.add_argument("--text", required=True)
    p.add_argument("--urgency", default="一般", help="紧急程度：" + "、".join(rules.DEFAULT_DEADLINES))
    p.add_argument("--kind", default="求助", choices=rules.REQUEST_KINDS)
    p.add_argument("--date", help="受理日期（默认今天）")
    p.add_argument("--visit", help="在这次走访中收集（走访编号）")
    add_json_flag(p)
    p.set_defaults(func=cmd_requests_add)
    p = cmds.add_parser("assign", help="交党员、队伍或两委办理")
    p.add_argument("id")
    to = p.add_mutually_exclusive_group(required=True)
    to.add_argument("--member", help="党员编号")
    to.add_argument("--team", help="队伍名称")
    to.add_argument("--committee", action="store_true", help="村（社区）两委")
    p.add_argument("--date")
    p.set_defaults(func=cmd_requests_assign)
    p = cmds.add_parser("progress", help="记一条办理进展")
    p.add_argument("id")
    p.add_argument("--text", required=True)
    p.add_argument("--date")
    p.set_defaults(func=cmd_requests_progress)
    p = cmds.add_parser("resolve", help="办结：怎么解决的、哪天")
    p.add_argument("id")
    p.add_argument("--text", required=True)
    p.add_argument("--date", help="办结日期（默认今天）")
    p.add_argument("--adopted", action="store_true", help="意见建议已采纳")
    _link_flags(p, "办理的党员")
    p.set_defaults(func=cmd_requests_resolve)
    p = cmds.add_parser("revisit", help="回访：群众满意度（不满意则重新办理）")
    p.add_argument("id")
    p.add_argument("--satisfaction", required=True, choices=rules.SATISFACTION)
    p.add_argument("--date")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_requests_revisit)
    p = cmds.add_parser("withdraw", help="撤销误登记的求助（记录保留，由它记的闪光言行和积分冲销）")
    p.add_argument("id")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_requests_withdraw)
    p = cmds.add_parser("list", help="列出求助与意见建议")
    p.add_argument("--status", choices=rules.STATUSES)
    p.add_argument("--year", type=year_number)
    p.add_argument("--overdue", action="store_true", help="只列逾期未办结的")
    add_list_flags(p)
    p.set_defaults(func=cmd_requests_list)
    p = cmds.add_parser("history", help="一条求助的全部办理步骤")
    p.add_argument("id")
    add_json_flag(p)
    p.set_defaults(func=cmd_requests_history)


def _service(groups: Parsers) -> None:
    g = groups.add_parser("service", help="服务群众：统计、网格层级、联户户数、设置")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("stats", help="联户、走访、求助的统计（按网格和合计）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--unit", help="只统计这个网格")
    add_list_flags(p)
    p.set_defaults(func=cmd_stats)
    p = cmds.add_parser("pairing", help="每名党员联系的户数（对照目标）")
    add_json_flag(p)
    p.set_defaults(func=cmd_pairing)
    p = cmds.add_parser("grid-tree", help="网格 → 责任区 → 单元格，及负责人、协管员、联络员")
    p.add_argument("--grid")
    add_json_flag(p)
    p.set_defaults(func=cmd_grid_tree)
    p = cmds.add_parser("cell-add", help="在网格下加责任区，或在责任区下加单元格（--parent）")
    p.add_argument("--grid", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--parent", help="上级责任区编号")
    add_json_flag(p)
    p.set_defaults(func=cmd_cell_add)
    p = cmds.add_parser("staff-add", help="指定网格/责任区/单元格的负责人、协管员或联络员")
    p.add_argument("--grid", required=True)
    p.add_argument("--cell", help="责任区/单元格编号（不给：网格本身）")
    p.add_argument("--role", required=True, choices=rules.STAFF_ROLES)
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--member")
    who.add_argument("--person")
    add_json_flag(p)
    p.set_defaults(func=cmd_staff_add)
    p = cmds.add_parser("staff-remove", help="撤下一条网格职责")
    p.add_argument("id")
    p.set_defaults(func=cmd_staff_remove)
    p = cmds.add_parser("settings", help="显示或修改设置：住户标签、求助类别、办理期限、联户目标")
    p.add_argument("--tags", help="住户标签，用顿号分隔")
    p.add_argument("--categories", help="求助类别，用顿号分隔")
    p.add_argument("--deadlines", help='办理期限（天），JSON，如 {"一般": 15, "紧急": 3, "特急": 1}')
    p.add_argument("--target", help="每名党员联系户数，如 5-10")
    p.add_argument(
        "--hide-household-names", dest="hide", choices=("yes", "no"), help="联户公示牌不印户主姓名"
    )
    add_json_flag(p)
    p.set_defaults(func=cmd_settings)


def _report(result: LinkResult) -> None:
    say(result.message)


def _link_options(args: argparse.Namespace) -> dict[str, object]:
    return {"deed": not args.no_deed, "indicator": None if args.indicator == "none" else args.indicator}


# --- visits -------------------------------------------------------------------------------------------------


def cmd_visits_add(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    visit_id = visits.add_visit(
        db,
        [roster.resolve_member_id(db, m) for m in args.member],
        household_ids=[common.resolve_household_id(db, h) for h in args.household],
        person_ids=[common.resolve_person_id(db, p) for p in args.person],
        date=args.date,
        way=args.way,
        text=args.text,
    )
    if args.link:
        _report(visits.record_visit_links(db, visit_id, **_link_options(args)))  # type: ignore[arg-type]
    if args.json:
        emit_json(visits.get_visit(db, visit_id).as_json())
    else:
        say(f"已登记走访（编号 {visit_id[:8]}）")
    return 0


def cmd_visits_list(ctx: Context, args: argparse.Namespace) -> int:
    import datetime as dt

    start = dt.date(args.year, 1, 1) if args.year else None
    end = dt.date(args.year, 12, 31) if args.year else None
    rows = visits.list_visits(
        ctx.db,
        start=start,
        end=end,
        member_id=roster.resolve_member_id(ctx.db, args.member) if args.member else None,
        household_id=common.resolve_household_id(ctx.db, args.household) if args.household else None,
    )
    if emit_list(ctx, args, "走访记录", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        print(f"{r.id[:8]}  {r.date}  {r.way}  {'、'.join(r.members)} → {'、'.join(r.targets)}  {r.text}")
    say(f"共 {len(rows)} 次")
    return 0


def cmd_visits_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    _report(visits.withdraw_visit(ctx.db, common.resolve_visit_id(ctx.db, args.id), args.reason))
    return 0


def cmd_visits_link(ctx: Context, args: argparse.Namespace) -> int:
    visit_id = common.resolve_visit_id(ctx.db, args.id)
    _report(visits.record_visit_links(ctx.db, visit_id, **_link_options(args)))  # type: ignore[arg-type]
    return 0


# --- requests -----------------------------------------------------------------------------------------------


def cmd_requests_add(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    request_id = requests.add_request(
        db,
        text=args.text,
        channel=args.channel,
        category=args.category,
        household_id=common.resolve_household_id(db, args.household) if args.household else None,
        person_id=common.resolve_person_id(db, args.person) if args.person else None,
        urgency=args.urgency,
        kind=args.kind,
        raised_on=args.date,
        visit_id=common.resolve_visit_id(db, args.visit) if args.visit else None,
    )
    if args.json:
        emit_json(requests.get_request(db, request_id).as_json())
    else:
        say(f"已受理（编号 {request_id[:8]}）")
    return 0


def cmd_requests_assign(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    request_id = common.resolve_request_id(db, args.id)
    requests.assign_request(
        db,
        request_id,
        member_id=roster.resolve_member_id(db, args.member) if args.member else None,
        team_id=find_team(db, args.team).id if args.team else None,
        committee=args.committee,
        date=args.date,
    )
    say(f"已交{requests.get_request(db, request_id).assigned_to}办理")
    return 0


def cmd_requests_progress(ctx: Context, args: argparse.Namespace) -> int:
    requests.add_progress(ctx.db, common.resolve_request_id(ctx.db, args.id), args.text, args.date)
    say("已记录办理进展")
    return 0


def cmd_requests_resolve(ctx: Context, args: argparse.Namespace) -> int:
    request_id = common.resolve_request_id(ctx.db, args.id)
    requests.resolve_request(ctx.db, request_id, args.text, args.date, adopted=args.adopted)
    say("已办结")
    if args.link:
        _report(requests.record_resolution_links(ctx.db, request_id, **_link_options(args)))  # type: ignore[arg-type]
    return 0


def cmd_requests_revisit(ctx: Context, args: argparse.Namespace) -> int:
    status = requests.revisit_request(
        ctx.db, common.resolve_request_id(ctx.db, args.id), args.satisfaction, args.date, args.note
    )
    say("已回访" + ("；群众不满意，已重新办理" if status == rules.IN_PROGRESS else ""))
    return 0


def cmd_requests_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    _report(requests.withdraw_request(ctx.db, common.resolve_request_id(ctx.db, args.id), args.reason))
    return 0


def cmd_requests_list(ctx: Context, args: argparse.Namespace) -> int:
    import datetime as dt

    rows = requests.list_requests(
        ctx.db,
        status=args.status,
        start=dt.date(args.year, 1, 1) if args.year else None,
        end=dt.date(args.year, 12, 31) if args.year else None,
    )
    if args.overdue:
        rows = [r for r in rows if r.overdue]
    if emit_list(ctx, args, "求助与意见建议台账", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        mark = "  逾期" if r.overdue else ""
        print(
            f"{r.id[:8]}  {r.raised_on}  {r.status}{mark}  {r.category}  {r.source}  {r.assigned_to or '—'}  {r.text}"
        )
    say(f"共 {len(rows)} 条")
    return 0


def cmd_requests_history(ctx: Context, args: argparse.Namespace) -> int:
    events = requests.history(ctx.db, common.resolve_request_id(ctx.db, args.id))
    if args.json:
        emit_json([dataclasses.asdict(e) for e in events])
        return 0
    for e in events:
        print(f"{e.date}  {e.action}  {e.note}  （{e.recorded_by} {e.recorded_at:%Y-%m-%d %H:%M}）")
    return 0


# --- service ------------------------------------------------------------------------------------------------


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    result = stats.service_stats(ctx.db, args.year, args.quarter, args.unit)
    out = result.as_json()
    rows = [*out["units"], {"unit": "合计", **out["total"]}]
    title = f"{args.year}年" + (f"第{args.quarter}季度" if args.quarter else "") + "联户走访求助统计"
    if emit_list(ctx, args, title, rows, json_value=out):
        return 0
    t = result.total
    label = f"{args.year}年" + (f"第{args.quarter}季度" if args.quarter else "")
    print(
        f"{label}：联系结对 {t.paired_households} 户（共 {t.households} 户），走访 {t.visits} 次"
        f"（{t.visited_households} 户次），受理求助和建议 {t.received} 件，办结 {t.resolved} 件，"
        f"逾期 {t.overdue} 件，回访满意 {t.satisfied} 件、不满意 {t.dissatisfied} 件，建议采纳 {t.suggestions_adopted} 条"
    )
    for name, c in result.by_unit.items():
        print(
            f"  {name}：结对 {c.paired_households}/{c.households} 户，走访 {c.visits}，受理 {c.received}，办结 {c.resolved}，逾期 {c.overdue}"
        )
    return 0


def cmd_pairing(ctx: Context, args: argparse.Namespace) -> int:
    rows = pairing.pairing_counts(ctx.db)
    if args.json:
        emit_json([r.as_json() for r in rows])
        return 0
    low, high = common.get_settings(ctx.db).pairing_target
    for r in rows:
        print(f"{r.member_id[:8]}  {r.name}  {r.grid or '—'}  {r.households} 户  {r.status}")
    say(f"目标：每名党员 {low}–{high} 户")
    return 0


def _node_json(n: grids.CellNode) -> dict[str, object]:
    return {
        "id": n.id,
        "level": n.level,
        "name": n.name,
        "households": n.households,
        "staff": [dataclasses.asdict(s) for s in n.staff],
        "children": [_node_json(c) for c in n.children],
    }


def cmd_grid_tree(ctx: Context, args: argparse.Namespace) -> int:
    tree = grids.grid_tree(ctx.db, args.grid)
    if args.json:
        emit_json([_node_json(n) for n in tree])
        return 0

    def show(n: grids.CellNode, depth: int) -> None:
        staff = "，".join(f"{s.role} {s.name}" for s in n.staff)
        print(f"{'  ' * depth}{n.level} {n.name}（{n.households} 户，编号 {n.id[:8]}）{staff}")
        for c in n.children:
            show(c, depth + 1)

    for n in tree:
        show(n, 0)
    return 0


def cmd_cell_add(ctx: Context, args: argparse.Namespace) -> int:
    parent = None
    if args.parent:
        parent = next(
            (
                c.id
                for n in grids.grid_tree(ctx.db, args.grid)
                for c in n.children
                if c.id.startswith(args.parent)
            ),
            None,
        )
        if parent is None:
            from app.domain.errors import NotFoundError

            raise NotFoundError(f"在网格“{args.grid}”下找不到编号为“{args.parent}”的责任区")
    cell_id = grids.add_cell(ctx.db, args.grid, args.name, parent)
    if args.json:
        emit_json({"id": cell_id, "grid": args.grid, "name": args.name, "parent_id": parent})
    else:
        say(f"已添加（编号 {cell_id[:8]}）")
    return 0


def _cell_id(ctx: Context, grid: str, ref: str | None) -> str | None:
    if not ref:
        return None

    def walk(nodes: list[grids.CellNode]) -> list[str]:
        return [i for n in nodes for i in ([n.id] if n.level != "网格" else []) + walk(n.children)]

    found = [i for i in walk(grids.grid_tree(ctx.db, grid)) if i.startswith(ref)]
    if len(found) != 1:
        from app.domain.errors import NotFoundError

        raise NotFoundError(f"在网格“{grid}”下找不到编号为“{ref}”的责任区/单元格")
    return found[0]


def cmd_staff_add(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    staff_id = grids.set_staff(
        db,
        args.grid,
        args.role,
        cell_id=_cell_id(ctx, args.grid, args.cell),
        member_id=roster.resolve_member_id(db, args.member) if args.member else None,
        person_id=common.resolve_person_id(db, args.person) if args.person else None,
    )
    if args.json:
        emit_json({"id": staff_id, "grid": args.grid, "role": args.role})
    else:
        say(f"已指定（编号 {staff_id[:8]}）")
    return 0


def cmd_staff_remove(ctx: Context, args: argparse.Namespace) -> int:
    grids.remove_staff(ctx.db, args.id)
    say("已撤下")
    return 0


def cmd_settings(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain.errors import ValidationError

    conf = common.get_settings(ctx.db)
    changes: dict[str, object] = {}
    if args.tags is not None:
        changes["household_tags"] = tuple(t for t in args.tags.split("、") if t)
    if args.categories is not None:
        changes["categories"] = tuple(c for c in args.categories.split("、") if c)
    if args.deadlines is not None:
        try:
            changes["deadlines"] = {str(k): int(v) for k, v in json.loads(args.deadlines).items()}
        except (ValueError, AttributeError) as exc:
            raise ValidationError('办理期限写成 {"一般": 15, "紧急": 3}', field="deadlines") from exc
    if args.target is not None:
        low, _, high = args.target.replace("–", "-").partition("-")
        if not (low.isdigit() and high.isdigit()):
            raise ValidationError("联户目标写成 5-10", field="target")
        changes["pairing_target"] = (int(low), int(high))
    if args.hide is not None:
        changes["hide_household_names"] = args.hide == "yes"
    if changes:
        conf = dataclasses.replace(conf, **changes)  # type: ignore[arg-type]
        common.save_settings(ctx.db, conf)
        say("已保存")
    if args.json or not changes:
        emit_json(
            {
                "household_tags": list(conf.household_tags),
                "categories": list(conf.categories),
                "deadlines": conf.deadlines,
                "pairing_target": list(conf.pairing_target),
                "hide_household_names": conf.hide_household_names,
            }
        )
    return 0
