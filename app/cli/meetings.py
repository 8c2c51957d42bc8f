"""CLI groups `meetings` (组织生活台账), `dues` (党费), `contacts` (流动党员联系) and `todo` (待办)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from pathlib import Path

from app.cli import Context, add_json_flag, emit_json, output_file, required_date, say, year_number
from app.cli.export import add_list_flags, emit_list
from app.cli.version_flag import add_version_flag, versioned, with_version
from app.domain import routine
from app.domain.errors import NotFoundError, ValidationError
from app.domain.periods import Quarter, quarter_of
from app.services import dues, meetings, mobile_contacts, organizations, reminders, roster


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _register_meetings(groups)
    _register_dues(groups)
    g = groups.add_parser("contacts", help="流动党员联系记录")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    p = cmds.add_parser("add", help="记一次与流动党员的联系")
    p.add_argument("--member", required=True, help="党员编号（或编号前 4 位以上）")
    p.add_argument("--date", required=True)
    p.add_argument("--way", required=True, choices=routine.CONTACT_WAYS)
    p.add_argument("--doing", default="", help="在外做什么、在哪里")
    p.add_argument("--certificate", default="", help="流动党员活动证号")
    p.add_argument("--attends-at", default="", help="在哪里参加组织生活")
    p.add_argument("--note", default="")
    add_json_flag(p)
    p.set_defaults(func=cmd_contact_add)
    p = cmds.add_parser("list", help="联系记录（最近的在前）")
    p.add_argument("--member")
    add_list_flags(p)
    p.set_defaults(func=cmd_contact_list)

    p = groups.add_parser("todo", help="待办：转正、欠缴党费、连续缺席、流动党员联系、应开未开的会、星级评定")
    add_json_flag(p)
    p.set_defaults(func=cmd_todo)


def _register_meetings(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("meetings", help="组织生活：会议、签到出勤（自动记积分）")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("add", help="登记一次会议（应到名单按所在组织自动生成）")
    p.add_argument("--unit", required=True, help="党总支 / 党支部 / 党小组 的名称")
    p.add_argument("--kind", required=True, help="会议类型，如 主题党日（见 meetings kinds）")
    p.add_argument("--date", required=True)
    p.add_argument("--topic", required=True)
    _detail_options(p)
    add_json_flag(p)
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser("edit", help="修改会议信息、记录、决议（只改给出的项）")
    p.add_argument("meeting", help="会议编号（或编号前 4 位以上）")
    p.add_argument("--kind")
    p.add_argument("--date")
    p.add_argument("--topic")
    _detail_options(p)
    p.add_argument("--minutes", help="会议记录（文字）")
    p.add_argument("--minutes-file", type=Path, help="从 UTF-8 文本文件读会议记录")
    p.add_argument("--resolutions", help="决议")
    p.add_argument("--guests", help="列席人员（非党员），用逗号分隔")
    add_version_flag(p, "meetings show --json")
    add_json_flag(p)
    p.set_defaults(func=cmd_edit)

    p = cmds.add_parser("attend", help="记出勤：出席、请假（写原因）、缺席；积分随之记上或冲销")
    p.add_argument("meeting")
    p.add_argument("--all-present", action="store_true", help="应到党员全部记为出席，再按下面的例外改")
    p.add_argument("--present", nargs="*", default=[], metavar="ID")
    p.add_argument("--leave", nargs="*", default=[], metavar="ID:原因")
    p.add_argument("--absent", nargs="*", default=[], metavar="ID")
    p.add_argument("--clear", nargs="*", default=[], metavar="ID", help="取消标记")
    p.add_argument(
        "--person",
        action="append",
        default=[],
        metavar="人员ID[:出席|请假:原因|缺席|取消|移出]",
        help="外来党员（人员名册里的人，不在花名册）参加区域综合党支部、流动党员服务站的组织生活；不记积分",
    )
    add_json_flag(p)
    p.set_defaults(func=cmd_attend)

    p = cmds.add_parser("list", help="会议列表（按季度、组织）")
    p.add_argument("--year", type=year_number)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--unit")
    add_list_flags(p)
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser("show", help="一次会议的全部信息和出勤名单")
    p.add_argument("meeting")
    add_json_flag(p)
    p.set_defaults(func=cmd_show)

    p = cmds.add_parser("withdraw", help="撤回误登记的会议（积分冲销，记录保留）")
    p.add_argument("meeting")
    p.add_argument("--reason", required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_withdraw)

    p = cmds.add_parser("photo", help="给会议加照片")
    p.add_argument("meeting")
    p.add_argument("files", nargs="+", type=Path)
    p.set_defaults(func=cmd_photo)

    p = cmds.add_parser("deed", help="从闪光言行交流会记一条闪光言行（谁讲了什么）")
    p.add_argument("meeting")
    p.add_argument("--member", required=True)
    p.add_argument("--text", required=True)
    add_json_flag(p)
    p.set_defaults(func=cmd_deed)

    p = cmds.add_parser("quarter", help="季度情况：应开/已开、出勤率、连续两次缺席")
    p.add_argument("--year", type=year_number)
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    p.add_argument("--unit")
    add_json_flag(p)
    p.set_defaults(func=cmd_quarter)

    p = cmds.add_parser("kinds", help="会议类型：对应指标、每季度应开次数")
    add_json_flag(p)
    p.set_defaults(func=cmd_kinds)

    p = cmds.add_parser("kind-set", help="新增或修改一种会议类型")
    p.add_argument("name")
    p.add_argument("--indicator", help='出席记哪个积分指标（"" 不记分）')
    p.add_argument("--per-quarter", type=int, help="每个组织每季度应开次数（0 不统计）")
    p.add_argument("--unit-kind", choices=organizations.KINDS, help="由哪一级组织召开")
    p.add_argument("--committee-only", choices=("yes", "no"), help="只有担任党内职务的党员应到")
    p.add_argument("--deduct-absent", choices=("yes", "no"), help="无故缺席是否扣分")
    add_json_flag(p)
    p.set_defaults(func=cmd_kind_set)


def _detail_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--time", help="时间，如 09:00")
    p.add_argument("--place", help="地点")
    p.add_argument("--host", help="主持人（党员编号）")
    p.add_argument("--recorder", help="记录人（党员编号）")


def _register_dues(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("dues", help="党费：标准、交纳、欠缴、收缴登记表")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("set", help="设定党员每月党费（从某月起）")
    p.add_argument("--member", required=True)
    p.add_argument("--amount", required=True, help="每月金额（元），如 10.00")
    p.add_argument("--from", dest="from_month", required=True, help="从哪个月起，如 2026-01")
    p.add_argument("--basis", default="", help="依据，如 在职 月收入 4000 元 × 1%")
    add_json_flag(p)
    p.set_defaults(func=cmd_dues_set)

    p = cmds.add_parser("suggest", help="按中组部规定算每月党费（参考，由支部决定）")
    p.add_argument("--group", required=True, choices=routine.DUES_GROUPS)
    p.add_argument("--income", default="0", help="税后月收入（元）")
    add_json_flag(p)
    p.set_defaults(func=cmd_dues_suggest)

    p = cmds.add_parser("pay", help="记一笔党费交纳（可一次交几个月）")
    p.add_argument("--member", required=True)
    p.add_argument("--months", required=True, help="交哪几个月，如 2026-01..2026-06")
    p.add_argument("--amount", required=True, help="金额（元）")
    p.add_argument("--date", required=True, help="交纳日期")
    p.add_argument("--receipt", default="", help="收据号")
    add_json_flag(p)
    p.set_defaults(func=cmd_dues_pay)

    p = cmds.add_parser("withdraw", help="撤回记错的交纳记录")
    p.add_argument("payment")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_dues_withdraw)

    p = cmds.add_parser("payments", help="交纳记录")
    p.add_argument("--member")
    p.add_argument("--year", type=year_number)
    add_list_flags(p)
    p.set_defaults(func=cmd_dues_payments)

    p = cmds.add_parser("arrears", help="欠缴党费的党员（3 个月以上提醒，连续 6 个月按党章处理）")
    p.add_argument("--unit")
    add_list_flags(p)
    p.set_defaults(func=cmd_dues_arrears)

    p = cmds.add_parser("register", help="党费收缴登记表：党员 × 12 个月，导出 .xlsx 或打印 .pdf")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--unit")
    p.add_argument(
        "-o", "--output", required=True, type=output_file(".xlsx", ".pdf"), metavar="OUT.xlsx|OUT.pdf"
    )
    p.set_defaults(func=cmd_dues_register)

    p = cmds.add_parser("points", help="按已结束季度的交纳情况记（或冲销）党费积分")
    p.add_argument("--year", type=year_number, required=True)
    p.set_defaults(func=cmd_dues_points)


# --- helpers -----------------------------------------------------------------------------------------------------


def _unit(ctx: Context, name: str | None) -> str | None:
    name = (name or "").strip()
    if not name:
        return None
    for u in organizations.units(ctx.db):
        if u.name == name:
            return u.id
    raise NotFoundError(f"找不到组织“{name}”")


def _member(ctx: Context, ref: str | None) -> str | None:
    return roster.resolve_member_id(ctx.db, ref) if ref else None


def _meeting(ctx: Context, ref: str) -> str:
    return meetings.resolve_meeting_id(ctx.db, ref)


def _print_detail(d: meetings.MeetingDetail) -> None:
    r = d.row
    print(f"{r.date} {r.time} {r.unit} {r.kind}：{r.topic}（{r.status}）  编号 {r.id[:8]}")
    print(f"地点：{r.place or '—'}  主持：{d.host or '—'}  记录：{d.recorder or '—'}")
    print(f"应到 {r.expected}，出席 {r.present}，请假 {r.leave}，缺席 {r.absent}")
    for a in d.attendees:
        extra = f"（{a.reason}）" if a.reason else ""
        apart = "" if a.expected else " [另列]"
        print(f"  {a.member_id[:8]} {a.name}{apart}：{a.mark or '未记'}{extra}")
    for p in d.people:
        extra = f"（{p.reason}）" if p.reason else ""
        print(f"  {p.person_id[:8]} {p.name} [外来党员 {p.organization or ''}]：{p.mark or '未记'}{extra}")


# --- meetings ----------------------------------------------------------------------------------------------------


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    unit_id = _unit(ctx, args.unit)
    if unit_id is None:
        raise ValidationError("请写明开会的组织（--unit），如 第一党支部", field="unit")
    draft = meetings.MeetingDraft(
        unit_id,
        args.kind,
        required_date(args.date),
        args.topic,
        args.time or "",
        args.place or "",
        _member(ctx, args.host),
        _member(ctx, args.recorder),
    )
    meeting_id = meetings.add_meeting(ctx.db, draft)
    detail = meetings.get_meeting(ctx.db, meeting_id)
    if args.json:
        emit_json(with_version(ctx.db, "meeting", detail.as_json()))
    else:
        print(meeting_id)
    say(f"已登记会议，应到 {detail.row.expected} 人（编号 {meeting_id[:8]}）")
    return 0


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    meeting_id = _meeting(ctx, args.meeting)
    d = meetings.get_meeting(ctx.db, meeting_id).draft
    changes: dict[str, object] = {}
    for key in ("kind", "topic", "time", "place", "resolutions"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    if args.date is not None:
        changes["date"] = required_date(args.date)
    if args.host is not None:
        changes["host_id"] = _member(ctx, args.host)
    if args.recorder is not None:
        changes["recorder_id"] = _member(ctx, args.recorder)
    if args.minutes_file is not None:
        try:
            changes["minutes"] = args.minutes_file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"读不了会议记录文件：{exc}", field="minutes") from exc
    elif args.minutes is not None:
        changes["minutes"] = args.minutes
    if args.guests is not None:
        changes["guests"] = "\n".join(g.strip() for g in args.guests.replace("，", ",").split(","))
    result = meetings.update_meeting(
        ctx.db,
        meeting_id,
        dataclasses.replace(d, **changes),  # type: ignore[arg-type]
        args.version,
    )
    if args.json:
        emit_json(with_version(ctx.db, "meeting", meetings.get_meeting(ctx.db, meeting_id).as_json()))
    say("已保存。" + (result.message if result.written or result.reversed else ""))
    return 0


def cmd_attend(ctx: Context, args: argparse.Namespace) -> int:
    meeting_id = _meeting(ctx, args.meeting)
    marks: dict[str, tuple[str, str]] = {}
    for ref in args.present:
        marks[roster.resolve_member_id(ctx.db, ref)] = (routine.PRESENT, "")
    for item in args.leave:
        ref, _sep, reason = item.replace("：", ":").partition(":")
        marks[roster.resolve_member_id(ctx.db, ref)] = (routine.LEAVE, reason.strip())
    for ref in args.absent:
        marks[roster.resolve_member_id(ctx.db, ref)] = (routine.ABSENT, "")
    for ref in args.clear:
        marks[roster.resolve_member_id(ctx.db, ref)] = ("", "")
    people = _person_marks(ctx, args.person)
    if not marks and not people and not args.all_present:
        raise ValidationError(
            "请给出 --all-present 或 --present/--leave/--absent/--person 名单", field="members"
        )
    result = meetings.set_attendance(ctx.db, meeting_id, marks, all_present=args.all_present, people=people)
    row = meetings.get_meeting(ctx.db, meeting_id).row
    if args.json:
        out = row.as_json()
        out["points"] = {"written": result.written, "reversed": result.reversed, "skipped": result.skipped}
        emit_json(out)
    say(f"已记出勤：出席 {row.present}，请假 {row.leave}，缺席 {row.absent}。{result.message}")
    return 0


def _person_marks(ctx: Context, items: list[str]) -> dict[str, tuple[str, str] | None]:
    """`--person ID[:出席|请假:原因|缺席|取消|移出]` → person id → (mark, reason), None for 移出 (off the list)."""
    from app.services.residents import common as residents

    out: dict[str, tuple[str, str] | None] = {}
    for item in items:
        ref, _sep, rest = item.replace("：", ":").partition(":")
        word, _sep, reason = rest.partition(":")
        word = word.strip() or routine.PRESENT
        if word not in (*routine.MARKS, "取消", "移出"):
            raise ValidationError(f"“{item}”：出勤只能是 出席、请假、缺席、取消 或 移出", field="person")
        pid = residents.resolve_person_id(ctx.db, ref.strip())
        out[pid] = None if word == "移出" else ("" if word == "取消" else word, reason.strip())
    return out


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    if args.quarter and not args.year:
        raise ValidationError("按季度查要同时给出 --year", field="year")
    rows = meetings.list_meetings(ctx.db, year=args.year, quarter=args.quarter, unit_id=_unit(ctx, args.unit))
    if emit_list(ctx, args, "会议列表", versioned(ctx.db, args, "meeting", [r.as_json() for r in rows])):
        return 0
    for r in rows:
        print(
            f"{r.id[:8]}  {r.date}  {r.unit}  {r.kind}  {r.topic[:20]}  "
            f"应到{r.expected} 出席{r.present} 请假{r.leave} 缺席{r.absent}  {r.status}"
        )
    say(f"共 {len(rows)} 次会议")
    return 0


def cmd_show(ctx: Context, args: argparse.Namespace) -> int:
    detail = meetings.get_meeting(ctx.db, _meeting(ctx, args.meeting))
    if args.json:
        emit_json(with_version(ctx.db, "meeting", detail.as_json()))
    else:
        _print_detail(detail)
    return 0


def cmd_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    meeting_id = _meeting(ctx, args.meeting)
    result = meetings.withdraw_meeting(ctx.db, meeting_id, args.reason)
    if args.json:
        emit_json(with_version(ctx.db, "meeting", meetings.get_meeting(ctx.db, meeting_id).as_json()))
    say(f"已撤回。{result.message}")
    return 0


def cmd_photo(ctx: Context, args: argparse.Namespace) -> int:
    names = meetings.add_photos(ctx.db, _meeting(ctx, args.meeting), args.files)
    say(f"已加 {len(names)} 张照片")
    return 0


def cmd_deed(ctx: Context, args: argparse.Namespace) -> int:
    deed_id = meetings.record_deed(
        ctx.db, _meeting(ctx, args.meeting), roster.resolve_member_id(ctx.db, args.member), args.text
    )
    if args.json:
        emit_json({"id": deed_id})
    say(f"已记闪光言行（编号 {deed_id[:8]}）")
    return 0


def _quarter(args: argparse.Namespace) -> Quarter:
    today = quarter_of(dt.date.today())
    return Quarter(args.year or today.year, args.quarter or (today.quarter if not args.year else 1))


def cmd_quarter(ctx: Context, args: argparse.Namespace) -> int:
    q = _quarter(args)
    view = meetings.quarter_view(ctx.db, q, _unit(ctx, args.unit))
    if args.json:
        emit_json(
            {
                "quarter": q.id,
                "meetings": [dataclasses.asdict(c) | {"short": c.short} for c in view.counts],
                "unit_rates": {u: round(r, 4) for u, r in view.unit_rates.items()},
                "members": [dataclasses.asdict(m) | {"rate": round(m.rate, 4)} for m in view.members],
                "absent_twice": [{"member_id": mid, "name": name} for mid, name in view.absent_twice],
            }
        )
        return 0
    print(q.label)
    for c in view.counts:
        mark = "" if not c.short else f"  还差 {c.short} 次"
        print(f"  {c.unit} {c.kind}：应开 {c.expected}，已开 {c.held}{mark}")
    for unit, rate in view.unit_rates.items():
        print(f"  {unit} 出勤率 {rate:.0%}")
    for _mid, name in view.absent_twice:
        print(f"  连续两次缺席：{name}")
    return 0


def cmd_kinds(ctx: Context, args: argparse.Namespace) -> int:
    kinds = meetings.meeting_kinds(ctx.db)
    if args.json:
        emit_json([k.as_dict() for k in kinds])
        return 0
    for k in kinds:
        print(f"{k.name}：{k.unit_kind}，每季度 {k.per_quarter} 次，出席记“{k.indicator or '不记分'}”")
    return 0


def cmd_kind_set(ctx: Context, args: argparse.Namespace) -> int:
    kinds = meetings.meeting_kinds(ctx.db)
    existing = next((k for k in kinds if k.name == args.name.strip()), routine.MeetingKind(args.name.strip()))
    changes: dict[str, object] = {}
    if args.indicator is not None:
        changes["indicator"] = args.indicator.strip()
    if args.per_quarter is not None:
        changes["per_quarter"] = args.per_quarter
    if args.unit_kind is not None:
        changes["unit_kind"] = args.unit_kind
    if args.committee_only is not None:
        changes["committee_only"] = args.committee_only == "yes"
    if args.deduct_absent is not None:
        changes["deducts_absence"] = args.deduct_absent == "yes"
    new = dataclasses.replace(existing, **changes)  # type: ignore[arg-type]
    kinds = [new if k.name == new.name else k for k in kinds] + ([] if existing in kinds else [new])
    meetings.save_meeting_kinds(ctx.db, kinds)
    if args.json:
        emit_json(new.as_dict())
    say(f"已保存会议类型“{new.name}”")
    return 0


# --- dues --------------------------------------------------------------------------------------------------------


def cmd_dues_set(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member)
    fen = routine.parse_yuan(args.amount)
    rate_id = dues.set_rate(ctx.db, member_id, fen, args.from_month, args.basis)
    if args.json:
        emit_json(
            {
                "id": rate_id,
                "member_id": member_id,
                "amount_fen": fen,
                "from": routine.parse_month(args.from_month),
            }
        )
    say(f"已设定：每月 {routine.format_fen(fen)} 元，自 {routine.parse_month(args.from_month)} 起")
    return 0


def cmd_dues_suggest(ctx: Context, args: argparse.Namespace) -> int:
    fen, basis = routine.suggested_dues(args.group, args.income)
    if args.json:
        emit_json({"amount_fen": fen, "amount": routine.format_fen(fen), "basis": basis})
    else:
        print(f"{routine.format_fen(fen)} 元/月（{basis}）")
    return 0


def cmd_dues_pay(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member)
    first, last = routine.parse_month_range(args.months)
    fen = routine.parse_yuan(args.amount)
    result = dues.pay(ctx.db, member_id, first, last, fen, required_date(args.date, "交纳日期"), args.receipt)
    if args.json:
        emit_json(
            result.as_json() | {"member_id": member_id, "months": f"{first}..{last}", "amount_fen": fen}
        )
    say(f"已记交纳 {routine.format_fen(fen)} 元（{first}～{last}）。{result.points.message}")
    if result.expected_fen != fen:
        say(f"注意：按党费标准这几个月应交 {routine.format_fen(result.expected_fen)} 元。")
    return 0


def cmd_dues_withdraw(ctx: Context, args: argparse.Namespace) -> int:
    dues.withdraw_payment(ctx.db, dues.resolve_payment_id(ctx.db, args.payment), args.reason)
    say("已撤回这笔交纳记录")
    return 0


def cmd_dues_payments(ctx: Context, args: argparse.Namespace) -> int:
    rows = dues.payments(ctx.db, _member(ctx, args.member), args.year)
    if emit_list(ctx, args, "党费缴纳记录", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        gone = f"  已撤回：{r.withdrawn_reason}" if r.withdrawn else ""
        print(
            f"{r.id[:8]}  {r.paid_on}  {r.name}  {r.first_month}～{r.last_month}  {routine.format_fen(r.amount_fen)} 元{gone}"
        )
    return 0


def cmd_dues_arrears(ctx: Context, args: argparse.Namespace) -> int:
    rows = dues.arrears(ctx.db, _unit(ctx, args.unit))
    if emit_list(ctx, args, "欠缴党费党员", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        print(
            f"{r.member_id[:8]}  {r.name}  {r.unit}  欠 {len(r.months)} 个月 {routine.format_fen(r.owed_fen)} 元  {r.flag}"
        )
    say(f"共 {len(rows)} 人欠缴")
    return 0


def cmd_dues_register(ctx: Context, args: argparse.Namespace) -> int:
    unit_id = _unit(ctx, args.unit)
    out: Path = args.output
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        n = dues.export_register(ctx.db, args.year, unit_id, out)
        say(f"已导出 {n} 名党员的党费收缴登记表：{out}")
        return 0
    if suffix == ".pdf":
        from app.services import boards

        req = boards.BoardRequest("dues", year=args.year, branch_ids=(unit_id,) if unit_id else ())
        pages = boards.render(ctx.db, req, out)
        say(f"已生成党费收缴登记表 {pages} 页：{out}")
        return 0
    raise ValidationError("输出文件要以 .xlsx 或 .pdf 结尾", field="output")


def cmd_dues_points(ctx: Context, args: argparse.Namespace) -> int:
    result = dues.sync_points(ctx.db, args.year)
    say(result.message)
    return 0


# --- contacts and todo -------------------------------------------------------------------------------------------


def cmd_contact_add(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member)
    contact_id = mobile_contacts.add_contact(
        ctx.db,
        member_id,
        required_date(args.date),
        args.way,
        args.doing,
        args.certificate,
        args.attends_at,
        args.note,
    )
    if args.json:
        row = next(r for r in mobile_contacts.list_contacts(ctx.db, member_id) if r.id == contact_id)
        emit_json(row.as_json())
    say("已记联系")
    return 0


def cmd_contact_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = mobile_contacts.list_contacts(ctx.db, _member(ctx, args.member))
    if emit_list(ctx, args, "流动党员联系记录", [r.as_json() for r in rows]):
        return 0
    for r in rows:
        print(f"{r.date}  {r.name}  {r.way}  {r.doing}  {r.attends_at}")
    return 0


def cmd_todo(ctx: Context, args: argparse.Namespace) -> int:
    items = reminders.todo(ctx.db)
    if args.json:
        emit_json([i.as_json() for i in items])
        return 0
    for i in items:
        print(f"[{i.kind}] {i.text}")
    if not items:
        say("没有待办事项")
    return 0
