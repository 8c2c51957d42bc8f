"""CLI groups `commitments` (公开承诺/践诺) and `teams` (队伍): list, add, edit, keep, fail, postpone, undo, stats, copy."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from app.cli import Context, add_json_flag, emit_json, optional_date, required_date, say, year_number
from app.cli.export import add_list_flags, emit_list
from app.cli.version_flag import add_version_flag, versioned
from app.domain.errors import FieldError, ValidationError
from app.services import commitments, organizations, roster, teams


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser("commitments", help="公开承诺与践诺")
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True

    p = cmds.add_parser("list", help="列出某年度的承诺")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch", help="只列这个支部（含下级）；组团承诺不列")
    p.add_argument("--status", choices=commitments.FILTERS[1:], help="按状态筛选（逾期、未公示为计算得出）")
    add_list_flags(p)
    p.set_defaults(func=cmd_list)

    p = cmds.add_parser("add", help="登记一项承诺（党员用 --member，组团承诺用 --team）")
    owner = p.add_mutually_exclusive_group(required=True)
    owner.add_argument("--member", help="党员编号（可用前 4 位以上）")
    owner.add_argument("--team", help="队伍名称（组团承诺）")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--kind", required=True, choices=commitments.KINDS)
    p.add_argument("--content", required=True, help="承诺内容")
    p.add_argument("--deadline", help="完成期限，如 2026-12-31")
    p.add_argument(
        "--published-on", dest="published_on", help="公示日期（默认今天；写 none 表示草稿，暂不公示）"
    )
    p.add_argument("--objection-until", dest="objection_until", help="公示期截止日")
    add_json_flag(p)
    p.set_defaults(func=cmd_add)

    p = cmds.add_parser("edit", help="修改承诺的类别、内容和日期（只改给出的项；日期写 none 清空）")
    p.add_argument("id")
    p.add_argument("--kind", choices=commitments.KINDS)
    p.add_argument("--content", help="承诺内容")
    p.add_argument("--deadline", help="完成期限，如 2026-12-31；none 表示不设期限")
    p.add_argument("--published-on", dest="published_on", help="公示日期；none 表示草稿，暂不公示")
    p.add_argument("--objection-until", dest="objection_until", help="公示期截止日；none 表示不设")
    add_version_flag(p, "commitments list --json")
    add_json_flag(p)
    p.set_defaults(func=cmd_edit)

    p = cmds.add_parser("keep", help="登记践诺（已兑现）")
    p.add_argument("id")
    p.add_argument("--date", required=True, help="兑现日期")
    p.add_argument("--note", required=True, help="践诺情况")
    p.add_argument("--photo", help="照片文件（可选）")
    p.set_defaults(func=cmd_keep)

    p = cmds.add_parser("fail", help="登记为未兑现")
    p.add_argument("id")
    p.add_argument("--date", help="日期（默认今天）")
    p.add_argument("--note", default="", help="原因")
    p.set_defaults(func=cmd_fail)

    p = cmds.add_parser("postpone", help="延期（新的完成期限）")
    p.add_argument("id")
    p.add_argument("--deadline", required=True, help="新的完成期限")
    p.add_argument("--note", default="", help="延期原因")
    p.set_defaults(func=cmd_postpone)

    p = cmds.add_parser("undo", help="撤销误登记的兑现或未兑现：回到承诺中（历史保留两步）")
    p.add_argument("id")
    p.add_argument("--note", default="", help="撤销原因（默认：撤销误登记）")
    p.set_defaults(func=cmd_undo)

    p = cmds.add_parser("history", help="一项承诺的历史")
    p.add_argument("id")
    add_json_flag(p)
    p.set_defaults(func=cmd_history)

    p = cmds.add_parser("stats", help="统计：应承诺、已承诺、已兑现、逾期、兑现率（按支部和合计）")
    p.add_argument("--year", type=year_number, required=True)
    add_list_flags(p)
    p.set_defaults(func=cmd_stats)

    p = cmds.add_parser("copy", help="把上一年的承诺复制为新年度的草稿（已离开和已有承诺的跳过）")
    p.add_argument("--from", dest="from_year", type=int, required=True)
    p.add_argument("--to", dest="to_year", type=int, required=True)
    p.set_defaults(func=cmd_copy)

    p = cmds.add_parser("publish", help="公示某年度的草稿承诺")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--date", required=True, help="公示日期")
    p.add_argument("--objection-until", dest="objection_until", help="公示期截止日")
    p.add_argument("--branch")
    p.set_defaults(func=cmd_publish)

    t = groups.add_parser("teams", help="队伍（两委班子、1+4+1、志愿服务队）")
    tcmds = t.add_subparsers(dest="command", metavar="COMMAND")
    tcmds.required = True
    p = tcmds.add_parser("list", help="列出队伍和队员")
    p.add_argument("--all", action="store_true", help="也列出已停用的队伍")
    add_list_flags(p)
    p.set_defaults(func=cmd_teams_list)
    p = tcmds.add_parser("add", help="新建队伍")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=teams.TEAM_KINDS)
    p.add_argument("--area", default="", help="服务范围")
    p.add_argument("--leader", help="队长的党员编号")
    add_json_flag(p)
    p.set_defaults(func=cmd_teams_add)
    p = tcmds.add_parser("join", help="党员加入队伍")
    p.add_argument("--team", required=True, help="队伍名称")
    p.add_argument("--member", required=True, help="党员编号")
    p.add_argument("--role", default=teams.MEMBER)
    p.set_defaults(func=cmd_teams_join)
    p = tcmds.add_parser("leave", help="党员退出队伍（记录保留）")
    p.add_argument("--team", required=True, help="队伍名称")
    p.add_argument("--member", required=True, help="党员编号")
    p.set_defaults(func=cmd_teams_leave)
    p = tcmds.add_parser("set", help="修改队伍：只改给出的项")
    p.add_argument("team", help="队伍名称")
    p.add_argument("--name", help="新名称")
    p.add_argument("--kind", choices=teams.TEAM_KINDS)
    p.add_argument("--area", help="服务范围")
    p.add_argument("--leader", help="队长的党员编号；none 表示不设队长")
    p.add_argument("--note")
    add_json_flag(p)
    p.set_defaults(func=cmd_teams_set)
    p = tcmds.add_parser("retire", help="停用队伍（不再列出，原有承诺和队员记录保留）；--undo 恢复")
    p.add_argument("team", help="队伍名称")
    p.add_argument("--undo", action="store_true", help="恢复已停用的队伍")
    p.set_defaults(func=cmd_teams_retire)


T = TypeVar("T")
NONE_WORDS = ("none", "无", "草稿")


def _plain_messages(action: Callable[[], T]) -> T:
    """Run a commitment write; its messages already name the field in Chinese, so drop the code names
    (``print_rejection`` would show them, and the roster labels do not know them)."""
    try:
        return action()
    except ValidationError as exc:
        raise ValidationError([FieldError("", e.message) for e in exc.errors]) from exc


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    branch_id = organizations.find_unit(ctx.db, args.branch).id if args.branch else None
    rows = commitments.list_commitments(ctx.db, args.year, branch_id=branch_id, status=args.status)
    if not emit_list(
        ctx, args, f"{args.year}年承诺", versioned(ctx.db, args, "commitment", [r.as_json() for r in rows])
    ):
        for r in rows:
            who = r.member_name or f"[{r.team}]"
            mark = "（逾期）" if r.overdue else ""
            print(f"{r.id[:8]}  {who:<6}\t{r.kind}\t{r.status}{mark}\t{r.content}")
        say(f"共 {len(rows)} 项")
    return 0


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member) if args.member else None
    team_id = teams.find_team(ctx.db, args.team).id if args.team else None
    if args.published_on and args.published_on.strip().lower() in ("none", "草稿"):
        published: dt.date | None = None
    else:
        published = optional_date(args.published_on, "公示日期", "published_on") or dt.date.today()
    draft = commitments.CommitmentDraft(
        year=args.year,
        kind=args.kind,
        content=args.content,
        member_id=member_id,
        team_id=team_id,
        deadline=optional_date(args.deadline, "完成期限", "deadline"),
        published_on=published,
        objection_until=optional_date(args.objection_until, "公示期截止日", "objection_until"),
    )
    cid = _plain_messages(lambda: commitments.add_commitment(ctx.db, draft))
    if args.json:
        row = commitments.get_commitment(ctx.db, cid)
        emit_json(row.as_json() | {"version": row.version})
    else:
        print(cid)
    say("已登记承诺")
    return 0


def _changed_date(text: str | None, before: dt.date | None, label: str, field: str) -> dt.date | None:
    """An optional date option: absent keeps ``before``; none clears it."""
    if text is None:
        return before
    if text.strip().lower() in NONE_WORDS:
        return None
    return required_date(text, label, field)


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    row = commitments.get_commitment(ctx.db, cid)
    draft = commitments.CommitmentDraft(
        year=row.year,
        kind=args.kind or row.kind,
        content=row.content if args.content is None else args.content,
        member_id=row.member_id,
        team_id=row.team_id,
        deadline=_changed_date(args.deadline, row.deadline, "完成期限", "deadline"),
        published_on=_changed_date(args.published_on, row.published_on, "公示日期", "published_on"),
        objection_until=_changed_date(
            args.objection_until, row.objection_until, "公示期截止日", "objection_until"
        ),
    )
    changed = _plain_messages(lambda: commitments.edit_commitment(ctx.db, cid, draft, version=args.version))
    if args.json:
        row = commitments.get_commitment(ctx.db, cid)
        emit_json(row.as_json() | {"version": row.version})
    say(f"已保存，改动了 {changed} 项" if changed else "没有改动")
    return 0


def cmd_undo(ctx: Context, args: argparse.Namespace) -> int:
    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    commitments.reopen(ctx.db, cid, args.note)
    say("已撤销，这项承诺回到承诺中")
    return 0


def cmd_keep(ctx: Context, args: argparse.Namespace) -> int:
    from pathlib import Path

    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    on = required_date(args.date, "兑现日期", "date")
    commitments.keep(ctx.db, cid, on, args.note, Path(args.photo) if args.photo else None)
    say(f"已登记兑现（{on.isoformat()}）")
    return 0


def cmd_fail(ctx: Context, args: argparse.Namespace) -> int:
    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    commitments.fail(ctx.db, cid, optional_date(args.date, "日期", "date"), args.note)
    say("已登记为未兑现")
    return 0


def cmd_postpone(ctx: Context, args: argparse.Namespace) -> int:
    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    deadline = required_date(args.deadline, "新的完成期限", "deadline")
    commitments.postpone(ctx.db, cid, deadline, args.note)
    say(f"已延期到 {deadline.isoformat()}")
    return 0


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    cid = commitments.resolve_commitment_id(ctx.db, args.id)
    events = commitments.history(ctx.db, cid)
    if args.json:
        emit_json(
            [
                {
                    "date": e.happened_on.isoformat(),
                    "action": e.action,
                    "status_before": e.status_before,
                    "status_after": e.status_after,
                    "deadline": e.deadline.isoformat() if e.deadline else None,
                    "note": e.note,
                    "recorded_by": e.recorded_by,
                }
                for e in events
            ]
        )
    else:
        for e in events:
            print(f"{e.happened_on}  {e.action}\t{e.status_before}→{e.status_after}\t{e.note}")
    return 0


def cmd_stats(ctx: Context, args: argparse.Namespace) -> int:
    result = commitments.stats(ctx.db, args.year)
    out = result.as_json()
    rows = [*out["branches"], out["teams"], out["total"]]
    if emit_list(ctx, args, f"{args.year}年承诺践诺统计", rows, json_value=out):
        return 0
    for row in [*result.branches, result.teams, result.total]:
        rate = f"{row.kept_rate:.0f}%" if row.kept_rate is not None else "—"
        people = (
            ""
            if row is result.teams
            else f"应承诺 {row.members} 人，已承诺 {row.with_commitment} 人，未承诺 {row.without_commitment} 人；"
        )
        drafts = f"；另有草稿 {row.drafts} 件未公示" if row.drafts else ""
        print(
            f"{row.unit}：{people}承诺 {row.made} 件，已兑现 {row.kept} 件，逾期 {row.overdue} 件，兑现率 {rate}{drafts}"
        )
    return 0


def cmd_copy(ctx: Context, args: argparse.Namespace) -> int:
    n = commitments.copy_forward(ctx.db, args.from_year, args.to_year)
    say(f"已从 {args.from_year} 年复制 {n} 项承诺到 {args.to_year} 年（草稿，公示后生效）")
    return 0


def cmd_publish(ctx: Context, args: argparse.Namespace) -> int:
    branch_id = organizations.find_unit(ctx.db, args.branch).id if args.branch else None
    on = required_date(args.date, "公示日期", "date")
    until = optional_date(args.objection_until, "公示期截止日", "objection_until")
    n = commitments.publish(ctx.db, args.year, on, branch_id, until)
    say(f"已公示 {n} 项承诺")
    return 0


def cmd_teams_list(ctx: Context, args: argparse.Namespace) -> int:
    rows = teams.list_teams(ctx.db, include_inactive=args.all)
    if not emit_list(ctx, args, "队伍和队员", [_team_json(t) for t in rows]):
        for t in rows:
            retired = "" if t.active else "（已停用）"
            print(
                f"{t.name}（{t.kind}）{retired}队长：{t.leader_name or '—'}；队员：{'、'.join(t.member_names)}"
            )
    return 0


def _team_json(t: teams.TeamRow) -> dict[str, object]:
    return {
        "id": t.id,
        "name": t.name,
        "kind": t.kind,
        "area": t.area,
        "leader_id": t.leader_id,
        "leader": t.leader_name,
        "active": t.active,
        "note": t.note,
        "members": [{"member_id": m.member_id, "name": m.name, "role": m.role} for m in t.members],
    }


def cmd_teams_add(ctx: Context, args: argparse.Namespace) -> int:
    leader = roster.resolve_member_id(ctx.db, args.leader) if args.leader else None
    team_id = teams.add_team(ctx.db, args.name, args.kind, args.area, leader)
    if args.json:
        emit_json(_team_json(teams.get_team(ctx.db, team_id)))
    else:
        print(team_id)
    say(f"已新建队伍 {args.name}")
    return 0


def cmd_teams_join(ctx: Context, args: argparse.Namespace) -> int:
    team = teams.find_team(ctx.db, args.team)
    member_id = roster.resolve_member_id(ctx.db, args.member)
    teams.join_team(ctx.db, team.id, member_id, args.role)
    say(f"已加入 {team.name}")
    return 0


def cmd_teams_leave(ctx: Context, args: argparse.Namespace) -> int:
    team = teams.find_team(ctx.db, args.team)
    member_id = roster.resolve_member_id(ctx.db, args.member)
    teams.leave_team(ctx.db, team.id, member_id)
    say(f"已退出 {team.name}")
    return 0


def cmd_teams_set(ctx: Context, args: argparse.Namespace) -> int:
    team = teams.find_team(ctx.db, args.team)
    leader_id = team.leader_id
    if args.leader is not None:
        none = args.leader.strip().lower() in NONE_WORDS
        leader_id = None if none else roster.resolve_member_id(ctx.db, args.leader)
    teams.update_team(
        ctx.db,
        team.id,
        name=team.name if args.name is None else args.name,
        kind=args.kind or team.kind,
        area=team.area if args.area is None else args.area,
        leader_id=leader_id,
        note=team.note if args.note is None else args.note,
        active=team.active,
    )
    if args.json:
        emit_json(_team_json(teams.get_team(ctx.db, team.id)))
    say(f"已保存队伍 {team.name if args.name is None else args.name.strip()}")
    return 0


def cmd_teams_retire(ctx: Context, args: argparse.Namespace) -> int:
    team = teams.find_team(ctx.db, args.team)
    teams.update_team(
        ctx.db,
        team.id,
        name=team.name,
        kind=team.kind,
        area=team.area,
        leader_id=team.leader_id,
        note=team.note,
        active=args.undo,
    )
    say(f"已恢复队伍 {team.name}" if args.undo else f"已停用队伍 {team.name}（原有承诺和队员记录保留）")
    return 0
