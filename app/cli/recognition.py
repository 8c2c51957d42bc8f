"""CLI groups of 评选与考核: `pioneers` (先锋评选) and `assess` (支部百分制考核); the shared argument helpers.
`stars-org`, `report-duty`, `posts` and the 1+N `org` commands are in app/cli/recognition_organs.py.

Top-level imports stay light (argparse only): the services are imported when a command runs.
"""

from __future__ import annotations

import argparse
from typing import Any, TypeAlias

from app.cli import Context, add_json_flag, emit_json, output_file, required_date, say, year_number

Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def group(groups: Sub, name: str, text: str) -> Sub:
    g = groups.add_parser(name, help=text)
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    return cmds


def register(groups: Sub) -> None:
    _register_pioneers(groups)
    _register_assess(groups)


def _register_pioneers(groups: Sub) -> None:
    cmds = group(groups, "pioneers", "先锋评选：推荐、审议、投票、公示、表彰")
    p = cmds.add_parser("campaign", help="新建一次评选：名称、年度、名额、类别")
    p.add_argument("--name", required=True)
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--quota", type=int, required=True)
    p.add_argument("--categories", help="类别，用逗号分隔（默认 服务先锋,致富能手,生产标兵,道德模范）")
    add_json_flag(p)
    p.set_defaults(func=cmd_campaign)
    p = cmds.add_parser("nominate", help="推荐：支部推荐、党员推荐或群众推荐（推荐人数）")
    p.add_argument("campaign", help="评选编号（或前 4 位以上）")
    p.add_argument("--member", required=True)
    p.add_argument("--category", required=True)
    p.add_argument("--by", required=True, choices=("支部推荐", "党员推荐", "群众推荐"))
    p.add_argument("--count", type=int, default=1, help="推荐人数")
    p.add_argument("--deeds", default="", help="一句话事迹（印在选票和先锋榜上）")
    p.add_argument("--evidence", action="store_true", help="附上程序里记录的本年闪光言行、为民办事和积分")
    add_json_flag(p)
    p.set_defaults(func=cmd_nominate)
    p = cmds.add_parser("edit", help="修改推荐：类别、一句话事迹、推荐人数（公示前；只改给出的项）")
    p.add_argument("campaign")
    p.add_argument("nominee", help="候选人编号（或前 4 位以上）")
    p.add_argument("--category")
    p.add_argument("--deeds")
    p.add_argument("--count", type=int, help="推荐人数")
    add_json_flag(p)
    p.set_defaults(func=cmd_edit_nominee)
    p = cmds.add_parser("review", help="审议：候选人通过或不通过，写明会议和理由")
    p.add_argument("campaign")
    p.add_argument("nominee", help="候选人编号（或前 4 位以上）")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--pass", dest="passed", action="store_true")
    g.add_argument("--fail", dest="failed", action="store_true")
    p.add_argument("--meeting", help="审议的会议编号")
    p.add_argument("--reason", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_review)
    p = cmds.add_parser("tally", help="计票：候选人编号:票数 …（从纸质选票或举手表决录入）")
    p.add_argument("campaign")
    p.add_argument("votes", nargs="+", metavar="ID:票数")
    p.add_argument("--invalid", help="废票数（不写则保留已录入的）")
    add_json_flag(p)
    p.set_defaults(func=cmd_tally)
    p = cmds.add_parser("announce", help="公示入选名单（超名额要写理由）")
    p.add_argument("campaign")
    p.add_argument("--selected", nargs="+", required=True, metavar="ID")
    p.add_argument("--date", required=True)
    p.add_argument("--days", type=int, default=5, help="公示期天数（默认 5）")
    p.add_argument("--over-quota-reason", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_announce)
    p = cmds.add_parser("honour", help="表彰：公示期满后，入选者成为先锋（星级卡片和五亮榜上显示）")
    p.add_argument("campaign")
    p.add_argument("--date", required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_honour)
    p = cmds.add_parser("list", help="评选活动及候选人")
    p.add_argument("--year", type=year_number)
    add_json_flag(p)
    p.set_defaults(func=cmd_pioneers_list)


def _register_assess(groups: Sub) -> None:
    cmds = group(groups, "assess", "支部工作考核（百分制）：方案、建议分、打分、排名")
    p = cmds.add_parser("scheme", help="设定本年考核方案（不给 --item 则用预设：五项各 20 分）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--item", action="append", default=[], metavar="名称:满分")
    add_json_flag(p)
    p.set_defaults(func=cmd_scheme)
    p = cmds.add_parser(
        "suggest", help="程序按会议、出勤、党费、承诺、星级、求助、满意度、项目给出的建议分和依据"
    )
    p.add_argument("--year", type=year_number, required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_suggest)
    p = cmds.add_parser("score", help="考核小组打分：支部 项目:得分 …（建议分不会覆盖打分）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("unit", help="党支部名称")
    p.add_argument("scores", nargs="+", metavar="项目:得分")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_score)
    p = cmds.add_parser("list", help="各支部得分、总分、等次和排名")
    p.add_argument("--year", type=year_number, required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_assess_list)
    p = cmds.add_parser("export", help="考核结果导出为 Excel（得分、建议分、总分、等次、依据）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("-o", "--out", required=True, type=output_file(".xlsx"), help="输出文件 .xlsx")
    p.set_defaults(func=cmd_assess_export)
    p = cmds.add_parser("bands", help="查看或修改等次：--band 名称:起点分:后果 …")
    p.add_argument("--band", action="append", default=[], metavar="名称:起点:后果")
    add_json_flag(p)
    p.set_defaults(func=cmd_bands)


# --- helpers -------------------------------------------------------------------------------------------------


def member_ref(ctx: Context, ref: str) -> str:
    from app.services import roster

    return roster.resolve_member_id(ctx.db, ref)


def unit_ref(ctx: Context, name: str) -> str:
    from app.domain.errors import NotFoundError
    from app.services import organizations

    for u in organizations.units(ctx.db):
        if u.name == name.strip() or u.id == name.strip():
            return u.id
    raise NotFoundError(f"找不到组织“{name}”")


def pairs(values: list[str], what: str) -> list[list[str]]:
    from app.domain.errors import ValidationError

    out = []
    for v in values:
        parts = v.replace("：", ":").split(":")
        if len(parts) < 2 or not all(p.strip() for p in parts[:2]):
            raise ValidationError(f"“{v}”的格式不对，应为 {what}")
        out.append([p.strip() for p in parts])
    return out


def number(text: str, what: str) -> float:
    from app.domain.errors import ValidationError

    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"{what}“{text}”不是数字") from None


def count(text: str, what: str) -> int:
    """A count typed from paper (votes, ballots): a whole number, never 12.5."""
    from app.domain.errors import ValidationError

    if not text.strip().isdigit():
        raise ValidationError(f"{what}“{text}”要是不小于 0 的整数")
    return int(text)


def nominee_ref(campaign: Any, ref: str) -> str:
    """A nominee's id from its (or its member's) id or a unique prefix of 4 or more characters."""
    from app.domain.errors import NotFoundError, ValidationError

    ref = ref.strip()
    exact = [n.id for n in campaign.nominees if ref in (n.id, n.member_id)]
    if exact:
        return str(exact[0])
    found = [n for n in campaign.nominees if n.id.startswith(ref) or n.member_id.startswith(ref)]
    if len(ref) < 4 or not found:
        raise NotFoundError(f"“{ref}”不是这次评选的候选人编号（至少写 4 位）")
    if len(found) > 1:
        names = "、".join(f"{n.name}（{n.id[:8]}）" for n in found)
        raise ValidationError(f"编号开头“{ref}”匹配到多名候选人：{names}。请多写几位编号")
    return str(found[0].id)


def out(args: argparse.Namespace, value: Any, text: str) -> int:
    if args.json:
        emit_json(value)
    else:
        print(text)
    return 0


# --- pioneers ------------------------------------------------------------------------------------------------


def _campaign_text(c: Any) -> str:
    lines = [f"{c.id[:8]}  {c.year} {c.name}  名额 {c.quota}  阶段 {c.stage}  废票 {c.invalid_ballots}"]
    for n in c.nominees:
        mark = "★入选" if n.selected else ""
        votes = "" if n.votes is None else f"{n.votes} 票"
        lines.append(
            f"  {n.id[:8]}  {n.name}  {n.category}  {n.nominated_by}×{n.recommendations}  {n.review}  {votes} {mark}"
        )
    return "\n".join(lines)


def cmd_campaign(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain import recognition as rules
    from app.services import recognition

    cats = (
        [c.strip() for c in args.categories.replace("，", ",").split(",")]
        if args.categories
        else rules.DEFAULT_CATEGORIES
    )
    c = recognition.create_campaign(ctx.db, args.name, args.year, args.quota, list(cats))
    say(f"已新建评选“{c.name}”（编号 {c.id[:8]}）")
    return out(args, c.as_json(), c.id)


def cmd_nominate(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    member = member_ref(ctx, args.member)
    evidence = recognition.member_evidence(ctx.db, member, campaign.year) if args.evidence else []
    n = recognition.nominate(
        ctx.db, campaign.id, member, args.category, args.by, args.count, args.deeds, evidence
    )
    say(f"已推荐 {n.name}（候选人编号 {n.id[:8]}）")
    return out(args, n.as_json(), n.id)


def cmd_edit_nominee(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    n = recognition.edit_nominee(
        ctx.db, campaign.id, nominee_ref(campaign, args.nominee), args.category, args.deeds, args.count
    )
    say(f"已修改 {n.name} 的推荐")
    return out(args, n.as_json(), f"{n.name}  {n.category}  {n.deeds}")


def cmd_review(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    from app.services import meetings

    meeting = meetings.resolve_meeting_id(ctx.db, args.meeting) if args.meeting else None
    n = recognition.review(ctx.db, campaign.id, args.nominee, args.passed, meeting, args.reason)
    say(f"{n.name}：{n.review}")
    return out(args, n.as_json(), f"{n.name} {n.review}")


def cmd_tally(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    votes: dict[str, int] = {}
    for ref, typed, *_ in pairs(args.votes, "候选人编号:票数"):
        votes[nominee_ref(campaign, ref)] = count(typed, "票数")
    invalid = None if args.invalid is None else count(args.invalid, "废票数")
    c = recognition.tally(ctx.db, campaign.id, votes, invalid)
    return out(args, c.as_json(), _campaign_text(c))


def cmd_announce(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    chosen = [nominee_ref(campaign, r) for r in args.selected]
    c = recognition.announce(
        ctx.db, campaign.id, chosen, required_date(args.date), args.days, args.over_quota_reason
    )
    say(f"已公示 {sum(n.selected for n in c.nominees)} 人，公示期至 {c.objection_until}")
    return out(args, c.as_json(), _campaign_text(c))


def cmd_honour(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    campaign = recognition.get_campaign(ctx.db, args.campaign)
    c = recognition.honour(ctx.db, campaign.id, required_date(args.date))
    say(f"已表彰 {sum(n.selected for n in c.nominees)} 名先锋")
    return out(args, c.as_json(), _campaign_text(c))


def cmd_pioneers_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.list_campaigns(ctx.db, args.year)
    return out(
        args, [c.as_json() for c in rows], "\n".join(_campaign_text(c) for c in rows) or "（没有评选活动）"
    )


# --- assess --------------------------------------------------------------------------------------------------


def cmd_scheme(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain import recognition as rules
    from app.services import recognition

    items = (
        [(p[0], number(p[1], "满分")) for p in pairs(args.item, "名称:满分")]
        if args.item
        else list(rules.PRESET_ITEMS)
    )
    got = recognition.set_scheme(ctx.db, args.year, items)
    value = [{"name": i.name, "max_points": i.max_points} for i in got]
    return out(args, value, "\n".join(f"{i.name}  {i.max_points:g} 分" for i in got))


def _assess_text(rows: list[Any]) -> str:
    lines = []
    for r in rows:
        scored = "  ".join(
            f"{k} {'—' if v is None else f'{v:g}'}（建议 {'—' if r.suggested[k] is None else f'{r.suggested[k]:g}'}）"
            for k, v in r.items.items()
        )
        total = "未打完" if r.total is None else f"{r.total:g} {r.band} {r.consequence}"
        lines.append(f"{r.rank or '-'}  {r.unit}  {total}\n    {scored}")
    return "\n".join(lines)


def cmd_suggest(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.assessment(ctx.db, args.year)
    value = [
        {"unit": r.unit, "unit_id": r.unit_id, "suggested": r.suggested, "evidence": r.evidence} for r in rows
    ]
    text = "\n".join(
        f"{r.unit}\n"
        + "\n".join(
            f"    {k}：{'—' if v is None else f'{v:g}'}  {'；'.join(r.evidence[k])}"
            for k, v in r.suggested.items()
        )
        for r in rows
    )
    return out(args, value, text)


def cmd_score(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    values = {p[0]: number(p[1], "得分") for p in pairs(args.scores, "项目:得分")}
    r = recognition.score(ctx.db, args.year, unit_ref(ctx, args.unit), values, args.note)
    say(f"已为{r.unit}打分")
    return out(args, r.as_json(), _assess_text([r]))


def cmd_assess_list(ctx: Context, args: argparse.Namespace) -> int:
    from app.services import recognition

    rows = recognition.assessment(ctx.db, args.year)
    return out(args, [r.as_json() for r in rows], _assess_text(rows))


def cmd_assess_export(ctx: Context, args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services import recognition

    n = recognition.export_assessment(ctx.db, args.year, Path(args.out))
    say(f"已导出 {n} 个支部的考核结果：{args.out}")
    return 0


def cmd_bands(ctx: Context, args: argparse.Namespace) -> int:
    from app.domain import recognition as rules
    from app.services import recognition

    if args.band:
        recognition.set_bands(
            ctx.db,
            [
                rules.Band(p[0], number(p[1], "起点分"), ":".join(p[2:]))
                for p in pairs(args.band, "名称:起点:后果")
            ],
        )
    got = recognition.bands(ctx.db)
    value = [{"name": b.name, "floor": b.floor, "consequence": b.consequence} for b in got]
    return out(args, value, "\n".join(f"{b.name}  ≥{b.floor:g}  {b.consequence}" for b in got))
