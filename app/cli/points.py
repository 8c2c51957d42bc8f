"""CLI groups `points` (积分) and `review` (民主评议) over app.services.points and review; `rules` is in rules.py."""

from __future__ import annotations

import argparse

from app.cli import Context, add_json_flag, emit_json, required_date, say, year_number
from app.cli.export import add_list_flags, emit_list
from app.domain import points as rules
from app.domain.errors import ValidationError
from app.services import organizations, points, review, roster


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("points", help="党员量化积分（积分手册）")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("add", help="为一名党员记一条积分（按规则计分，超过年度上限的部分不计）")
    p.add_argument("--member", required=True, help="党员编号（或编号前 4 位以上）")
    p.add_argument("--indicator", required=True, help="指标名称，如 主题党日")
    p.add_argument("--date", required=True, help="日期，如 2026-07-01")
    p.add_argument("--times", type=int, default=1, help="次数（默认 1）")
    p.add_argument("--note", default="", help="说明或佐证")
    add_json_flag(p)
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser("batch", help="一次活动批量记分：参加的党员各记一条，缺席的可扣分")
    p.add_argument("--indicator", required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--members", required=True, help="参加的党员编号，用逗号分隔")
    p.add_argument(
        "--deduct-absent",
        action="store_true",
        help="同一范围（--branch，默认全部）在册但未参加的党员按缺席扣分",
    )
    p.add_argument("--absent-indicator", default="无故缺席组织生活", help="缺席扣分用的指标")
    p.add_argument("--branch", help="活动所在支部（确定缺席名单）")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_batch)

    p = cmds.add_parser("reverse", help="冲销一条积分（原记录保留，另记一条相反的记录）")
    p.add_argument("entry_id")
    p.add_argument("--reason", required=True, help="冲销原因")
    add_json_flag(p)
    p.set_defaults(func=cmd_reverse)

    p = cmds.add_parser(
        "ledger", help="一名党员的积分手册：每一条积分和累计；不给 --member 时列出全年所有党员的积分记录"
    )
    p.add_argument("--member", help="党员编号；不给时列出全年所有党员的每一条积分")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch", help="不给 --member 时只看这个支部")
    add_list_flags(p)
    p.set_defaults(func=cmd_ledger)

    p = cmds.add_parser("summary", help="年度积分汇总：基础分、加分、扣分、总分、等次、星级")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch", help="只看这个支部")
    add_list_flags(p)
    p.set_defaults(func=cmd_summary)

    p = cmds.add_parser("award-commitments", help="为已兑现的承诺按规则记分（可重复运行，不会重复记分）")
    p.add_argument("--year", type=year_number, required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_award)

    r = groups.add_parser("review", help="民主评议与年终等次")
    rcmds = r.add_subparsers(dest="command", metavar="COMMAND")
    rcmds.required = True
    p = rcmds.add_parser("set", help="录入评议票数和支部决定的等次")
    p.add_argument("--member", required=True)
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--ballots", help="票数，如 优秀=12,合格=30,基本合格=2,不合格=0")
    p.add_argument("--grade", help="支部决定的等次：优秀/合格/基本合格/不合格（写“无”清除）")
    add_json_flag(p)
    p.set_defaults(func=cmd_review_set)
    p = rcmds.add_parser("list", help="年终评议表：积分等次、票数、决定等次和规则提醒")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch")
    add_list_flags(p)
    p.set_defaults(func=cmd_review_list)
    p = rcmds.add_parser("prefill", help="未定等次的按积分等次预填（优秀按名次不超过三分之一）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch")
    p.set_defaults(func=cmd_review_prefill)
    p = rcmds.add_parser("flagged", help="连续两年不合格、需组织处置的党员")
    p.add_argument("--year", type=year_number, help="评议年度（默认最近一个有积分规则的年度）")
    add_list_flags(p)
    p.set_defaults(func=cmd_review_flagged)


def _branch(ctx: Context, name: str | None) -> str | None:
    return organizations.find_unit(ctx.db, name).id if name else None


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member)
    result = points.add_entry(
        ctx.db, member_id, args.indicator, required_date(args.date), args.times, args.note
    )
    if args.json:
        emit_json(
            {
                "id": result.entry_id,
                "entry_id": result.entry_id,
                "points": result.points,
                "rule_points": result.raw_points,
                "capped": result.was_capped,
                "message": result.message,
            }
        )
    else:
        print(result.entry_id)
    say(result.message)
    return 0


def cmd_batch(ctx: Context, args: argparse.Namespace) -> int:
    date = required_date(args.date)
    attendees = [roster.resolve_member_id(ctx.db, x) for x in args.members.split(",") if x.strip()]
    absent: list[str] = []
    if args.deduct_absent:
        pool = points.candidates(ctx.db, date.year, branch_id=_branch(ctx, args.branch))
        absent = [c.member_id for c in pool if c.member_id not in set(attendees)]
    result = points.batch_entry(
        ctx.db,
        args.indicator,
        date,
        attendees,
        absent_ids=absent,
        deduct_indicator=args.absent_indicator if args.deduct_absent else None,
        note=args.note,
    )
    if args.json:
        emit_json(
            {
                "batch_id": result.batch_id,
                "added": result.added,
                "deducted": result.deducted,
                "capped": result.capped,
                "full": result.full,
                "not_applicable": result.not_applicable,
                "message": result.message,
            }
        )
    say(result.message)
    return 0


def cmd_reverse(ctx: Context, args: argparse.Namespace) -> int:
    entry_id = points.resolve_entry_id(ctx.db, args.entry_id)
    new_id = points.reverse_entry(ctx.db, entry_id, args.reason)
    if args.json:
        emit_json({"entry_id": new_id, "reverses_entry_id": entry_id})
    else:
        print(new_id)
    say("已冲销：原记录保留，另记了一条相反的记录。")
    return 0


def cmd_ledger(ctx: Context, args: argparse.Namespace) -> int:
    if not args.member:
        from app.services.reports import year_lists

        rows = year_lists.points_ledger_records(ctx.db, args.year, _branch(ctx, args.branch))
        if not emit_list(ctx, args, f"{args.year}年积分记录", rows):
            for r in rows:
                print(
                    f"{r['member_name']:<6}\t{r['date']}\t{r['indicator']:<10}\t{r['points']:+d}\t{r['note']}"
                )
            say(f"共 {len(rows)} 条")
        return 0
    member_id = roster.resolve_member_id(ctx.db, args.member)
    book = points.ledger(ctx.db, member_id, args.year)
    if args.xlsx:
        records = [e.as_json() for e in book.entries]
        emit_list(
            ctx,
            argparse.Namespace(xlsx=args.xlsx, json=False),
            f"{book.member_name}{args.year}年积分手册",
            records,
        )
    if args.json:
        emit_json(
            {
                "member_id": book.member_id,
                "member_name": book.member_name,
                "year": book.year,
                "tier": book.tier,
                "base": book.base,
                "total": book.total,
                "entries": [e.as_json() for e in book.entries],
            }
        )
    else:
        print(f"{book.member_name} {book.year}年积分手册（{book.tier}，基础分 {book.base}）")
        for e in book.entries:
            mark = "（冲销）" if e.reverses_entry_id else ("（已冲销）" if e.reversed_by else "")
            print(f"{e.date}  {e.indicator_name:<10}\t{e.points:+d}\t累计 {e.running_total}\t{e.note}{mark}")
        print(f"合计 {book.total} 分")
    return 0


def cmd_summary(ctx: Context, args: argparse.Namespace) -> int:
    rows = points.summary(ctx.db, args.year, _branch(ctx, args.branch))
    if not emit_list(ctx, args, f"{args.year}年积分汇总", [r.as_json() for r in rows]):
        for r in rows:
            grade = r.grade or ("只挂牌不参评" if r.is_exempt else "预备党员不评")
            print(
                f"{r.rank:>4} {r.member_name:<6}\t{r.tier}\t{r.base}\t+{r.awarded}\t-{r.deducted}\t"
                f"{r.total}\t{grade}\t{rules.star_band_text(r.star_band)}"
            )
        say(f"共 {len(rows)} 人")
    return 0


def cmd_award(ctx: Context, args: argparse.Namespace) -> int:
    result = points.award_kept_commitments(ctx.db, args.year)
    if args.json:
        emit_json(
            {
                "awarded": result.awarded,
                "already": result.already,
                "capped": result.capped,
                "skipped": list(result.skipped),
            }
        )
    say(result.message)
    return 0


def cmd_review_set(ctx: Context, args: argparse.Namespace) -> int:
    if args.ballots is None and args.grade is None:
        raise ValidationError("请给出 --ballots 票数或 --grade 等次")
    member_id = roster.resolve_member_id(ctx.db, args.member)
    ballots = rules.parse_ballots(args.ballots) if args.ballots is not None else None
    clear = args.grade is not None and args.grade.strip() in ("", "无")
    grade = None if clear or args.grade is None else args.grade.strip()
    row = review.set_review(ctx.db, member_id, args.year, ballots, grade, clear_grade=clear)
    if args.json:
        emit_json(row.as_json())
    say(
        f"已保存 {row.member_name} {args.year}年评议："
        + (f"决定等次 {row.decided_grade}" if row.decided_grade else "未定等次")
    )
    for w in row.warnings:
        say(f"  提醒：{w}")
    return 0


def cmd_review_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = review.review_list(ctx.db, args.year, _branch(ctx, args.branch))
    if not emit_list(ctx, args, f"{args.year}年民主评议表", [r.as_json() for r in rows]):
        for r in rows:
            b = r.ballots
            tally = f"{b['优秀']}/{b['合格']}/{b['基本合格']}/{b['不合格']}"
            print(
                f"{r.rank:>4} {r.member_name:<6}\t{r.total}\t{r.points_grade or '不评'}\t{tally}\t"
                f"{r.decided_grade or '—'}\t{'；'.join(r.warnings)}"
            )
        say(f"共 {len(rows)} 人；有提醒 {sum(1 for r in rows if r.warnings)} 人")
    return 0


def cmd_review_prefill(ctx: Context, args: argparse.Namespace) -> int:
    filled = review.prefill_decisions(ctx.db, args.year, _branch(ctx, args.branch))
    say(f"已预填 {filled} 人的决定等次（优秀按名次不超过参评人数的三分之一）")
    return 0


def cmd_review_flagged(ctx: Context, args: argparse.Namespace) -> int:
    year = args.year
    if year is None:
        known = points.years(ctx.db)
        if not known:
            raise ValidationError("还没有任何年度的积分规则")
        year = known[0]
    rows = review.flagged(ctx.db, year)
    if not emit_list(ctx, args, f"{year}年连续两年不合格党员", [r.as_json() for r in rows]):
        for r in rows:
            print(f"{r.member_name}\t{r.branch_name}\t{r.year - 1}年{r.previous_grade}，{r.year}年{r.grade}")
    say(f"{year}年连续两年不合格、需组织处置：{len(rows)} 人")
    return 0
