"""CLI group `wuliang` (五亮): show and set a member's 亮身份、亮区域、亮职责、亮承诺、亮服务 profile."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from app.cli import Context, add_json_flag, emit_json, say, year_number
from app.services import roster, wuliang

# Option → WuliangDraft field; 亮身份 (党内职务), 网格 and 亮承诺 come from the roster and commitments.
TEXT_OPTIONS = {
    "post": "岗位，如 " + "、".join(wuliang.POSTS[:2]),
    "area": "责任区域",
    "duties": "职责",
    "services": "服务内容",
    "contact_phone": "公示电话（留空：印花名册里的手机号）",
}


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("wuliang", help="五亮：亮身份、亮区域、亮职责、亮承诺、亮服务")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("show", help="显示一名党员的五亮信息（亮承诺取自本年度已公示的承诺）")
    p.add_argument("id", help="党员编号（或编号前 4 位以上）")
    p.add_argument("--year", type=year_number, help="亮承诺的年度（默认今年）")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)

    p = cmds.add_parser("set", help='修改五亮信息：只改给出的项（写空字符串 "" 清空）')
    p.add_argument("id", help="党员编号（或编号前 4 位以上）")
    for key, label in TEXT_OPTIONS.items():
        p.add_argument("--" + key.replace("_", "-"), dest=key, help=label)
    p.add_argument("--show-phone", dest="show_phone", choices=("yes", "no"), help="公示牌上是否印电话")
    add_json_flag(p)
    p.set_defaults(func=cmd_set)


def _view_json(view: wuliang.WuliangView) -> dict[str, Any]:
    return {
        "member_id": view.member_id,
        "name": view.name,
        "photo": view.photo,
        "party_post": view.party_post,
        "post": view.post,
        "grid": view.grid,
        "area": view.area,
        "duties": view.duties,
        "commitments": list(view.commitments),
        "services": view.services,
        "phone": view.phone,
        "contact_phone": view.draft.contact_phone,
        "show_phone": view.draft.show_phone,
    }


def _print(view: wuliang.WuliangView) -> None:
    print(f"{view.name}（{view.member_id[:8]}）")
    print(f"亮身份：{view.party_post or '—'}  {view.post}")
    print(f"亮区域：{view.grid or '—'}  {view.area}")
    print(f"亮职责：{view.duties or '—'}")
    print("亮承诺：" + ("；".join(view.commitments) or "—"))
    print(f"亮服务：{view.services or '—'}")
    print(f"公示电话：{view.phone or '不公示'}")


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    view = wuliang.get_profile(ctx.db, member_id, args.year)
    if args.json:
        emit_json(_view_json(view))
    else:
        _print(view)
    return 0


def cmd_set(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.id)
    draft = wuliang.get_profile(ctx.db, member_id).draft
    changes: dict[str, Any] = {
        key: getattr(args, key) for key in TEXT_OPTIONS if getattr(args, key) is not None
    }
    if args.show_phone is not None:
        changes["show_phone"] = args.show_phone == "yes"
    changed = wuliang.save_profile(ctx.db, member_id, dataclasses.replace(draft, **changes))
    if args.json:
        emit_json(_view_json(wuliang.get_profile(ctx.db, member_id)))
    say(f"已保存，改动了 {changed} 项" if changed else "没有改动")
    return 0
