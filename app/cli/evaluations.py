"""CLI groups `periods` (考评季度), `deeds` (闪光言行) and `stars` (星级评定) of the 闪光言行考评."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import Context, add_json_flag, emit_json, say, year_number
from app.cli.export import add_list_flags, emit_list
from app.domain.errors import NotFoundError, ValidationError
from app.domain.periods import parse_quarter
from app.domain.stars import MAX_LEVEL, SOURCES
from app.services import evaluations, organizations


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("periods", help="考评季度：开启、公示（关闭）、重新打开")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("list", help="列出已开启的季度")
    add_list_flags(p)
    p.set_defaults(func=cmd_periods_list)
    p = cmds.add_parser("open", help="开启一个季度的考评（过去的季度也可以，用来补录）")
    p.add_argument("period", help="季度，如 2026Q3")
    p.set_defaults(func=cmd_periods_open)
    p = cmds.add_parser("close", help="公示（关闭）一个季度：之后只能查看")
    p.add_argument("period")
    p.set_defaults(func=cmd_periods_close)
    p = cmds.add_parser("reopen", help="重新打开已公示的季度（必须写明理由）")
    p.add_argument("period")
    p.add_argument("--reason", required=True, help="为什么要重新打开")
    p.set_defaults(func=cmd_periods_reopen)

    g = groups.add_parser("deeds", help="闪光言行")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="登记一条闪光言行")
    p.add_argument("--member", required=True, help="党员编号（或编号开头至少 4 位）")
    p.add_argument("--period", required=True, help="季度，如 2026Q3")
    p.add_argument("--text", required=True, help="事迹内容")
    p.add_argument("--date", help="日期（默认今天；过去的季度默认季度最后一天）")
    p.add_argument("--category", help="类别（默认第一个类别，如 工作）")
    p.add_argument("--source", help=f"来源：{'/'.join(SOURCES)}（默认 {SOURCES[0]}）")
    p.add_argument("--photo", type=Path, help="照片文件（JPG/PNG，会缩小后保存）")
    add_json_flag(p)
    p.set_defaults(func=cmd_deeds_add)
    p = cmds.add_parser("list", help="列出一个季度的闪光言行")
    p.add_argument("--period", required=True)
    p.add_argument("--branch", help="只列这个支部（含下级党小组）")
    add_list_flags(p)
    p.set_defaults(func=cmd_deeds_list)
    p = cmds.add_parser("withdraw", help="撤回误登记的闪光言行（记录保留，标为已撤回）")
    p.add_argument("id", help="闪光言行的编号（或编号开头至少 4 位；deeds list --json 可查）")
    p.set_defaults(func=cmd_deeds_withdraw)

    g = groups.add_parser("stars", help="星级评定")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("set", help=f"评定星级 0–{MAX_LEVEL}（1 星以上须有闪光言行）")
    p.add_argument("--member", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--level", required=True, help=f"0 到 {MAX_LEVEL}")
    p.add_argument("--reason", help="公示栏上的简短理由，如最突出的事迹")
    p.set_defaults(func=cmd_stars_set)
    p = cmds.add_parser("exempt", help="只挂牌不参评（如长期患病）")
    p.add_argument("--member", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--reason", default="", help="不参评的原因，如 长期患病")
    p.set_defaults(func=cmd_stars_exempt)
    p = cmds.add_parser("include", help="取消只挂牌不参评：参加评星（即使按设置会自动不参评）")
    p.add_argument("--member", required=True)
    p.add_argument("--period", required=True)
    p.set_defaults(func=cmd_stars_include)
    p = cmds.add_parser("reason", help='修改公示栏上星级旁的简短理由（写空字符串 "" 清除）')
    p.add_argument("--member", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--text", required=True, help="理由，如最突出的事迹")
    p.set_defaults(func=cmd_stars_reason)
    p = cmds.add_parser("history", help="一名党员历季的星级、理由、点评和闪光言行（最近的在前）")
    p.add_argument("--member", required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_stars_history)
    p = cmds.add_parser("list", help="列出一个季度的星级")
    p.add_argument("--period", required=True)
    p.add_argument("--branch")
    add_list_flags(p)
    p.set_defaults(func=cmd_stars_list)
    p = cmds.add_parser("year", help="一年的星级：每名党员四个季度并排，五星次数")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch")
    add_list_flags(p)
    p.set_defaults(func=cmd_stars_year)
    p = cmds.add_parser("comment", help="点评：支部对这名党员本季度事迹的评语")
    p.add_argument("--member", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--text", required=True)
    p.set_defaults(func=cmd_stars_comment)
    p = cmds.add_parser("settings", help="评星设置：预备党员、流动党员是否参评，自动不参评年龄，事迹类别")
    p.add_argument("--probationary", choices=("yes", "no"), help="预备党员是否参评")
    p.add_argument("--mobile", choices=("yes", "no"), help="流动党员是否参评")
    p.add_argument("--exempt-age", help="满多少岁自动只挂牌不参评（none：不自动）")
    p.add_argument("--categories", help="事迹类别，用顿号或逗号分开，如 工作、生活、服务群众、志愿服务、其他")
    add_json_flag(p)
    p.set_defaults(func=cmd_stars_settings)
    p = cmds.add_parser("summary", help="本季度小结：闪光言行之星、上升的党员、连续两个季度无星的党员")
    p.add_argument("--period", required=True)
    p.add_argument("--branch")
    add_json_flag(p)
    p.set_defaults(func=cmd_stars_summary)
    p = cmds.add_parser("suggest", help="按闪光言行的数量和类别给出建议星级（只是建议，不会改动评定）")
    p.add_argument("--period", required=True)
    p.add_argument("--branch")
    add_json_flag(p)
    p.set_defaults(func=cmd_stars_suggest)


def _branch_id(ctx: Context, name: str | None) -> str | None:
    return organizations.find_unit(ctx.db, name).id if name else None


def _member_id(ctx: Context, ref: str) -> str:
    from app.services import roster  # on use: `stars list` and the other listings do not need it

    return roster.resolve_member_id(ctx.db, ref)


def _stars(level: int | None) -> str:
    return "" if level is None else "★" * level + "☆" * (MAX_LEVEL - level)


def cmd_periods_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = evaluations.list_periods(ctx.db)
    if not emit_list(ctx, args, "季度", [p.as_json() for p in rows]):
        for p in rows:
            print(f"{p.id}  {p.label}  {p.starts_on}～{p.ends_on}  {evaluations.STATUS_LABELS[p.status]}")
        say(f"共 {len(rows)} 个季度")
    return 0


def cmd_periods_open(ctx: Context, args: argparse.Namespace) -> int:
    p = evaluations.open_period(ctx.db, args.period)
    say(f"{p.label}（{p.id}）正在考评中，可以登记闪光言行和评定星级")
    return 0


def cmd_periods_close(ctx: Context, args: argparse.Namespace) -> int:
    p = evaluations.close_period(ctx.db, args.period)
    say(f"{p.label}已公示（关闭），之后只能查看")
    return 0


def cmd_periods_reopen(ctx: Context, args: argparse.Namespace) -> int:
    p = evaluations.reopen_period(ctx.db, args.period, args.reason)
    say(f"{p.label}已重新打开，理由：{p.reopen_reason}")
    return 0


def cmd_deeds_add(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    deed_id = evaluations.add_deed(
        ctx.db,
        member_id,
        args.period,
        args.text,
        date=args.date,
        category=args.category,
        source=args.source,
        photo_file=args.photo,
    )
    if args.json:
        added = evaluations.list_deeds(ctx.db, args.period, member_id=member_id)
        emit_json(next(d for d in added if d.id == deed_id).as_json())
    else:
        print(deed_id)
    say("已登记闪光言行")
    return 0


def cmd_deeds_list(ctx: Context, args: argparse.Namespace) -> int:
    parse_quarter(args.period)
    rows = evaluations.list_deeds(ctx.db, args.period, branch_id=_branch_id(ctx, args.branch))
    if not emit_list(ctx, args, f"{args.period}闪光言行", [d.as_json() for d in rows]):
        for d in rows:
            print(f"{d.date}  {d.member_name:<6}\t{d.category}\t{d.source}\t{d.text}")
        say(f"共 {len(rows)} 条")
    return 0


def cmd_deeds_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    ref = args.id.strip()
    deeds = evaluations.list_deeds(ctx.db)
    found = [d for d in deeds if d.id == ref] or [d for d in deeds if len(ref) >= 4 and d.id.startswith(ref)]
    if len(found) != 1:
        raise NotFoundError(f"找不到编号为“{ref}”的闪光言行（可能已经撤回；deeds list --json 可查编号）")
    deed = found[0]
    evaluations.withdraw_deed(ctx.db, deed.id)
    say(f"已撤回 {deed.member_name} {deed.period} 的闪光言行：{deed.text}")
    return 0


def _level(text: str) -> int:
    try:
        level = int(str(text).strip())
    except ValueError:
        raise ValidationError(f"星级要写数字 0 到 {MAX_LEVEL}，不能是“{text}”", field="level") from None
    if not 0 <= level <= MAX_LEVEL:
        raise ValidationError(f"星级只能是 0 到 {MAX_LEVEL}，不能是 {level}", field="level")
    return level


def cmd_stars_set(ctx: Context, args: argparse.Namespace) -> int:
    level = _level(args.level)
    member_id = _member_id(ctx, args.member)
    evaluations.set_level(ctx.db, member_id, args.period, level, args.reason)
    say(f"已评定 {level} 星")
    return 0


def cmd_stars_exempt(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    evaluations.set_exempt(ctx.db, member_id, args.period, True, args.reason)
    say("已登记：只挂牌不参评")
    return 0


def cmd_stars_include(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    evaluations.set_exempt(ctx.db, member_id, args.period, False)
    say("已登记：参加评星")
    return 0


def cmd_stars_reason(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    evaluations.set_reason(ctx.db, member_id, args.period, args.text)
    say("已保存理由" if args.text.strip() else "已清除理由")
    return 0


def cmd_stars_history(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    rows = evaluations.member_history(ctx.db, member_id)
    if args.json:
        emit_json(
            [
                {
                    "period": h.period,
                    "status": h.status,
                    "level": None if h.exempt else h.level,
                    "exempt": h.exempt,
                    "exempt_reason": h.exempt_reason,
                    "reason": h.reason,
                    "comment": h.comment,
                    "deeds": [d.as_json() for d in h.deeds],
                }
                for h in rows
            ]
        )
    else:
        for h in rows:
            shown = (
                f"不参评（{h.exempt_reason}）"
                if h.exempt
                else ("未评定" if h.level is None else _stars(h.level))
            )
            print(f"{h.label}\t{shown}\t事迹 {len(h.deeds)}\t{h.reason}\t{h.comment}")
        say(f"共 {len(rows)} 个季度")
    return 0


def cmd_stars_list(ctx: Context, args: argparse.Namespace) -> int:
    # The table does not show the suggestion: only --json/--xlsx (which have "suggested") ask the points for theirs.
    wants_records = bool(args.json or getattr(args, "xlsx", None))
    rows = evaluations.ratings(
        ctx.db, args.period, branch_id=_branch_id(ctx, args.branch), use_sources=wants_records
    )
    if not emit_list(ctx, args, f"{args.period}星级评定", [r.as_json() for r in rows]):
        for r in rows:
            if r.exempt:
                shown = f"不参评（{r.exempt_reason}）"
            elif r.level is None:
                shown = "未评定"
            else:
                shown = f"{_stars(r.level)} {r.movement}"
            print(f"{r.member_id[:8]}  {r.member_name:<6}\t{r.branch}\t事迹 {r.deeds}\t{shown}\t{r.reason}")
        say(f"共 {len(rows)} 人")
    return 0


def cmd_stars_suggest(ctx: Context, args: argparse.Namespace) -> int:
    rows = evaluations.ratings(ctx.db, args.period, branch_id=_branch_id(ctx, args.branch))
    out = [
        {
            "member_id": r.member_id,
            "member_name": r.member_name,
            "branch": r.branch,
            "deeds": r.deeds,
            "suggested": r.suggested,
            "level": r.level,
            "exempt": r.exempt,
        }
        for r in rows
    ]
    if args.json:
        emit_json(out)
    else:
        for r in rows:
            suggestion = (
                "不参评" if r.exempt else ("不予评星" if r.suggested is None else f"{r.suggested} 星")
            )
            decided = "" if r.level is None else f"（已评 {r.level} 星）"
            print(f"{r.member_id[:8]}  {r.member_name:<6}\t事迹 {r.deeds}\t建议 {suggestion}{decided}")
        say("建议星级只供参考，评定以支部决定为准")
    return 0


def cmd_stars_comment(ctx: Context, args: argparse.Namespace) -> int:
    member_id = _member_id(ctx, args.member)
    evaluations.set_comment(ctx.db, member_id, args.period, args.text)
    say("已保存点评")
    return 0


def cmd_stars_settings(ctx: Context, args: argparse.Namespace) -> int:
    conf = evaluations.get_settings(ctx.db)
    if args.probationary or args.mobile or args.exempt_age or args.categories:
        age: int | None = conf.exempt_age
        if args.exempt_age:
            if args.exempt_age.strip().lower() in ("none", "无", "不设"):
                age = None
            elif args.exempt_age.strip().isdigit():
                age = int(args.exempt_age)
            else:
                raise ValidationError(
                    f"年龄要写数字，如 70，或 none；不能是“{args.exempt_age}”", field="exempt_age"
                )
        categories = conf.categories
        if args.categories:
            categories = tuple(
                c for c in args.categories.replace("，", "、").replace(",", "、").split("、") if c
            )
        conf = evaluations.EvaluationSettings(
            include_probationary=conf.include_probationary
            if not args.probationary
            else args.probationary == "yes",
            include_mobile=conf.include_mobile if not args.mobile else args.mobile == "yes",
            exempt_age=age,
            categories=categories,
        )
        evaluations.put_settings(ctx.db, conf)
        say("已保存评星设置")
    out = {
        "include_probationary": conf.include_probationary,
        "include_mobile": conf.include_mobile,
        "exempt_age": conf.exempt_age,
        "categories": list(conf.categories),
    }
    if args.json:
        emit_json(out)
    else:
        print(f"预备党员参评：{'是' if conf.include_probationary else '否'}")
        print(f"流动党员参评：{'是' if conf.include_mobile else '否'}")
        print(f"自动只挂牌不参评：{f'{conf.exempt_age}岁以上' if conf.exempt_age else '不自动'}")
        print(f"事迹类别：{'、'.join(conf.categories)}")
    return 0


def cmd_stars_summary(ctx: Context, args: argparse.Namespace) -> int:
    rows = evaluations.ratings(ctx.db, args.period, branch_id=_branch_id(ctx, args.branch))
    s = evaluations.summary(ctx.db, args.period, rows)

    def refs(items: list[evaluations.MemberRef]) -> list[dict[str, object]]:
        return [
            {
                "member_id": r.member_id,
                "member_name": r.name,
                "branch": r.branch,
                "level": r.level,
                "previous_level": r.previous_level,
            }
            for r in items
        ]

    out = {
        "period": s.period,
        "members": s.members,
        "rated": s.rated,
        "exempt": s.exempt,
        "by_level": {str(k): v for k, v in sorted(s.by_level.items())},
        "five_star_of_year": refs(s.five_star_of_year),
        "risers": refs(s.risers),
        "without_stars_twice": refs(s.without_stars_twice),
    }
    if args.json:
        emit_json(out)
    else:
        print(f"共 {s.members} 人，已评 {s.rated}，不参评 {s.exempt}")
        print("闪光言行之星（本年五星）：" + ("、".join(r.name for r in s.five_star_of_year) or "暂无"))
        print("比上季度上升：" + ("、".join(r.name for r in s.risers) or "暂无"))
        print(
            "连续两个季度无星（谈心谈话用，不上墙）："
            + ("、".join(r.name for r in s.without_stars_twice) or "无")
        )
    return 0


def cmd_stars_year(ctx: Context, args: argparse.Namespace) -> int:
    from app.services.reports import year_lists

    rows = year_lists.star_year_records(ctx.db, args.year, _branch_id(ctx, args.branch))
    if not emit_list(ctx, args, f"{args.year}年星级评定（四个季度）", rows):
        for r in rows:
            quarters = "\t".join(r[f"{q}季度"] or "—" for q in range(1, 5))
            print(f"{r['name']:<6}\t{r['branch']}\t{quarters}\t五星 {r['five_stars']} 次")
        say(f"共 {len(rows)} 人")
    return 0
