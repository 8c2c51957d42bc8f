"""CLI group `board` (公示栏): star chart, commitment board, 五亮 boards and points ranking as PDF."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.cli import Context, add_json_flag, emit_json, optional_date, output_file, say, year_number
from app.domain.errors import ValidationError
from app.services import boards, organizations, preferences, roster

if TYPE_CHECKING:
    from app.services.store import Database


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    g = groups.add_parser(
        "board", help="公示栏 PDF：星级评定、承诺、五亮、积分、联户、网格、为民办事、签到表、会议记录、党费"
    )
    cmds = g.add_subparsers(dest="command", metavar="COMMAND")
    cmds.required = True
    for kind in boards.board_kinds():  # one subcommand per board kind, with the options it takes
        p = cmds.add_parser(kind.name, help=kind.help)
        for option in kind.options:
            OPTION_ARGUMENTS[option.name](p, option)
        _common(p)
        p.set_defaults(func=cmd_board, kind=kind.name)


def _period(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--period", required=o.required, help=o.help or "考评季度，如 2026Q3")


def _year(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--year", type=year_number, required=o.required, help=o.help or None)


def _members(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument(
        "--member", action="append", default=[], metavar="ID", help=o.help or "只印这些党员（可多次给出）"
    )


def _layout(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument(
        "--layout",
        choices=boards.LAYOUT_CHOICES,
        default="cards",
        help=o.help or "cards=带照片的卡片，table=紧凑表格",
    )


def _highlight(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--no-highlight", action="store_true", help=o.help or "五星党员不用“闪光言行之星”突出显示")


def _exempt(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--no-exempt", action="store_true", help=o.help or "不列出免评（只挂牌不参评）的党员")


def _year_end(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--year-end", action="store_true", help=o.help or "年终版：每项承诺是否兑现")


def _unit(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--unit", metavar="网格", help=o.help or "只印这个网格")


def _zero_stars(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument(
        "--zero-stars",
        action="store_true",
        help=o.help or "也列出 0 星（讲不出闪光点）的党员；默认不上公示栏",
    )


def _sheet(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--kind", dest="sheet", required=o.required, help=o.help or "哪一张")


def _meeting(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("meeting", help=o.help or "会议编号")


def _failed(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument(
        "--include-failed", action="store_true", help=o.help or "也列出评为“不合格”的党员姓名（默认不列）"
    )


def _columns(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument(
        "--columns",
        default="",
        help=o.help or "要印的列，用逗号分隔，如 姓名,性别,出生日期,支部（默认常用的 10 列；身份证号遮挡）",
    )


def _person(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--person", metavar="ID", help=o.help or "人员编号")


def _campaign(p: argparse.ArgumentParser, o: boards.Option) -> None:
    p.add_argument("--campaign", metavar="ID|名称", help=o.help or "哪一次评选（编号或名称）")


# How the command line asks for each option a board kind may take (app.boards.kinds.OptionName).
OPTION_ARGUMENTS: dict[boards.OptionName, Callable[[argparse.ArgumentParser, boards.Option], None]] = {
    "period": _period,
    "year": _year,
    "members": _members,
    "layout": _layout,
    "highlight": _highlight,
    "exempt": _exempt,
    "year_end": _year_end,
    "unit": _unit,
    "zero_stars": _zero_stars,
    "meeting": _meeting,
    "sheet": _sheet,
    "failed": _failed,
    "columns": _columns,
    "person": _person,
    "campaign": _campaign,
}


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--branch", action="append", default=[], metavar="支部", help="只印这个支部（可多次给出）")
    p.add_argument(
        "--paper",
        choices=boards.PAPERS,
        help="纸张：A4、A3 或 board-120x90（120×90 厘米展板）；默认用“设置”里的默认纸张",
    )
    p.add_argument(
        "--orientation",
        choices=boards.ORIENTATIONS,
        default=None,
        help="portrait 竖版 / landscape 横版",
    )
    p.add_argument("--tile", choices=boards.TILE_PAPERS, help="把展板分成多张 A4/A3 打印，带重叠和裁切线")
    p.add_argument("--title", help="标题（默认用上次的标题）")
    p.add_argument("--date", help="落款日期，公示期从这天开始（默认今天）")
    p.add_argument("--days", type=int, default=boards.OBJECTION_DAYS, help="公示期天数（默认 7）")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        type=output_file(".pdf"),
        metavar="OUT.pdf",
        help="保存到这个 PDF 文件",
    )
    add_json_flag(p)


def _person_id(db: Database, ref: str) -> str:
    from app.services.residents import common as residents

    return residents.resolve_person_id(db, ref)


def _meeting_id(db: Database, ref: str) -> str:
    from app.services import meetings  # imported on use: its models cost every other board ~0.05 s

    return meetings.resolve_meeting_id(db, ref)


def _campaign_id(db: Database, ref: str | None, year: int | None) -> str:
    """The campaign --campaign names (id, id prefix or name, of the --year); without it the year's only campaign.
    A year with several is refused, listing them: the CLI never picks one for the clerk."""
    from app.services import recognition  # imported on use, as the other boards' services

    if ref:
        return recognition.resolve_campaign(db, ref, year).id
    campaigns = recognition.list_campaigns(db, year)
    if len(campaigns) > 1:
        raise ValidationError(
            f"{year}年有 {len(campaigns)} 次先锋评选，请用 --campaign 指定：{recognition.campaign_names(campaigns)}",
            field="campaign",
        )
    return campaigns[0].id if campaigns else ""  # none: the board says the year has nothing to print


def cmd_board(ctx: Context, args: argparse.Namespace) -> int:
    db = ctx.db
    branch_ids = tuple(organizations.find_unit(db, b).id for b in args.branch)
    args.paper = args.paper or preferences.load(db).default_paper
    if args.tile and args.paper != "board-120x90":
        raise ValidationError("--tile 只用于大展板：请同时给出 --paper board-120x90", field="tile")
    orientation: boards.Orientation = args.orientation or (
        "landscape" if args.paper == "board-120x90" else "portrait"
    )
    req = boards.BoardRequest(
        kind=args.kind,
        period=getattr(args, "period", "") or "",
        year=getattr(args, "year", None),
        branch_ids=branch_ids,
        member_ids=tuple(roster.resolve_member_id(db, m) for m in getattr(args, "member", [])),
        meeting_id=_meeting_id(db, args.meeting) if getattr(args, "meeting", None) else "",
        paper=args.paper,
        orientation=orientation,
        tile=args.tile,
        layout=getattr(args, "layout", "cards"),
        highlight_five_star=not getattr(args, "no_highlight", False),
        include_exempt=not getattr(args, "no_exempt", False),
        year_end=getattr(args, "year_end", False),
        title=args.title,
        date=optional_date(args.date, "落款日期"),
        objection_days=args.days,
        extra={
            **({"unit": args.unit} if getattr(args, "unit", None) else {}),
            **({"zero_stars": "yes"} if getattr(args, "zero_stars", False) else {}),
            **({"sheet": args.sheet} if getattr(args, "sheet", None) else {}),
            **({"failed": "yes"} if getattr(args, "include_failed", False) else {}),
            **({"columns": args.columns} if getattr(args, "columns", "") else {}),
            **({"person": _person_id(db, args.person)} if getattr(args, "person", None) else {}),
            **({"campaign": _campaign_id(db, args.campaign, args.year)} if "campaign" in vars(args) else {}),
        },
    )
    started = time.perf_counter()
    pages = boards.render(db, req, args.output)
    seconds = time.perf_counter() - started
    if args.json:
        emit_json({"output": str(args.output), "pages": pages, "seconds": round(seconds, 2)})
    else:
        say(f"已保存 {args.output}：{pages} 页，用时 {seconds:.1f} 秒。")
    return 0
