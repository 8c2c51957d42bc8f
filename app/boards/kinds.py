"""The board kinds, one descriptor each: name, label, default title, the options it takes and its layout.

A new board is one layout function (app/boards/layouts/), one gatherer in app.services.boards (reading the
data into the entries the layout draws) and one descriptor line below. The service, the CLI's `board`
subcommands and the 公示栏 page are all driven by these descriptors, so none of them names a kind.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.boards.model import BoardData
from app.boards.ops import Page
from app.domain.errors import ValidationError

Progress = Callable[[int, int], None]
LayoutFunction = Callable[[BoardData, Progress | None], list[Page]]

# What a board may ask for beyond what every board takes (branches, paper, title, date…). The CLI and the
# page each know how to ask for every option here; a kind just lists the ones it takes.
OptionName = Literal[
    "period",
    "year",
    "members",
    "layout",
    "highlight",
    "exempt",
    "year_end",
    "unit",
    "zero_stars",
    "meeting",
    "sheet",
    "failed",
    "columns",
    "person",
    "campaign",
]


def lazy_layout(target: str) -> LayoutFunction:
    """The layout function ``module:name``, imported when a board of the kind is first drawn: a command draws one
    kind of board and imports only its layout (each pulls in its own helpers and tables)."""
    module, name = target.split(":")

    def layout(data: BoardData, progress: Progress | None) -> list[Page]:
        function: LayoutFunction = getattr(importlib.import_module(module), name)
        return function(data, progress)

    layout.__name__ = layout.__qualname__ = name
    return layout


@dataclass(frozen=True)
class Option:
    name: OptionName
    required: bool = False  # on the command line (the page always has a value)
    help: str = ""  # the command line's help, where this kind says more than the usual one


@dataclass(frozen=True)
class BoardKind:
    name: str  # the CLI subcommand, the key of the remembered title
    label: str  # 星级评定公示: the page's chooser, the default file name
    help: str  # one line in `board --help`
    default_title: str  # {period} → 2026年第三季度, {year} → 2026
    layout: LayoutFunction
    options: tuple[Option, ...] = ()
    objection: bool = True  # a 公示 with an objection period in its footer
    year_end_title: str = ""  # the title of the year-end version (with the year_end option)
    sheets: tuple[tuple[str, str, str], ...] = ()  # the sheet option: (name, label, default title) each

    def takes(self, name: OptionName) -> bool:
        return any(o.name == name for o in self.options)

    def title_key(self, year_end: bool = False, sheet: str = "") -> str:
        """The remembered title's key: the year-end version of a board, and each sheet, has its own title."""
        if sheet and any(s[0] == sheet for s in self.sheets):
            return f"{self.name}_{sheet}"
        return f"{self.name}_year_end" if year_end and self.year_end_title else self.name

    def default_title_for(self, key: str) -> str:
        for name, _label, title in self.sheets:
            if key == f"{self.name}_{name}":
                return title
        return self.year_end_title if key != self.name and self.year_end_title else self.default_title


STARS = BoardKind(
    "stars",
    "星级评定公示",
    "星级评定公示（闪光言行）",
    "{period}党员闪光言行星级评定公示",
    lazy_layout("app.boards.layouts.stars:star_chart"),
    (
        Option("period", True, "考评季度，如 2026Q3"),
        Option("layout"),
        Option("highlight"),
        Option("exempt"),
        Option("zero_stars"),  # 0-star members are off the board unless the branch asks for them
    ),
)
COMMITMENTS = BoardKind(
    "commitments",
    "承诺公示",
    "承诺公示（年终加 --year-end 显示践诺情况）",
    "{year}年度党员公开承诺公示",
    lazy_layout("app.boards.layouts.commitments:commitment_board"),
    (Option("year", True), Option("year_end")),
    year_end_title="{year}年度党员承诺践诺情况公示",
)
WULIANG = BoardKind(
    "wuliang",
    "五亮公示牌",
    "党员“五亮”公示牌（A4 每页一人，A3 每页多人）",
    "党员“五亮”公示牌",
    lazy_layout("app.boards.layouts.wuliang:wuliang_board"),
    (Option("members"), Option("year", help="亮承诺取哪一年的承诺（默认今年）")),
    objection=False,  # a standing panel, not a 公示 with an objection period
)
POINTS = BoardKind(
    "points",
    "积分公示",
    "积分公示 / 排行",
    "{year}年度党员量化积分公示",
    lazy_layout("app.boards.layouts.points:points_board"),
    (Option("year", True),),
)

PAIRING = BoardKind(
    "pairing",
    "联户公示牌",
    "联户公示牌（每名联户党员的照片、电话和联系的住户）",
    "党员联户公示牌",
    lazy_layout("app.boards.layouts.service:pairing_board"),
    (Option("unit", help="只印这个网格"),),
    objection=False,  # a standing panel
)
GRID = BoardKind(
    "grid",
    "网格公示牌",
    "网格公示牌（网格、责任区、单元格及负责人员）",
    "网格化管理公示牌",
    lazy_layout("app.boards.layouts.service:grid_board"),
    (Option("unit", help="只印这个网格"),),
    objection=False,
)
SERVICE = BoardKind(
    "service",
    "为民办事公示",
    "为民办事公示（一个季度办结的群众求助，不印求助人）",
    "{period}为民办事公示",
    lazy_layout("app.boards.layouts.service:service_board"),
    (Option("period", True, "季度，如 2026Q3"), Option("unit", help="只印这个网格")),
)

# The routine's sheets (组织生活, 党费): printed on A4 whatever the paper chosen, no objection period.
SIGNIN = BoardKind(
    "signin",
    "会议签到表",
    "会议签到表（会前打印，应到党员按花名册顺序，留签名栏）",
    "党员签到表",
    lazy_layout("app.boards.layouts.routine:signin_sheet"),
    (Option("meeting", True, "会议编号（或编号前 4 位以上）"),),
    objection=False,
)
MINUTES = BoardKind(
    "minutes",
    "会议记录",
    "会议记录（会后打印：出勤、会议内容、决议、照片）",
    "会议记录",
    lazy_layout("app.boards.layouts.routine:meeting_record"),
    (Option("meeting", True, "会议编号（或编号前 4 位以上）"),),
    objection=False,
)
DUES = BoardKind(
    "dues",
    "党费收缴登记表",
    "党费收缴登记表（A4 横版：党员 × 12 个月，每月合计）",
    "{year}年度党费收缴登记表",
    lazy_layout("app.boards.layouts.routine:dues_register"),
    (Option("year", True),),
    objection=False,
)

# 服务项目: one kind, three sheets (`board projects --kind pool|done|progress`).
PROJECTS = BoardKind(
    "projects",
    "服务项目公示",
    "服务项目公示：--kind pool 项目认领公示、done 项目完成公示（季度）、progress 项目进度公开（每月）",
    "党员服务项目认领公示",
    lazy_layout("app.boards.layouts.projects:projects_board"),
    (
        Option("sheet", True, "pool=项目认领公示，done=项目完成公示，progress=项目进度公开"),
        Option("period", help="done：季度，如 2026Q3（默认落款日期所在季度）"),
    ),
    sheets=(
        ("pool", "项目认领公示", "党员服务项目认领公示"),
        ("done", "项目完成公示", "{period}党员服务项目完成公示"),
        ("progress", "项目进度公开", "党员服务项目进度公开"),
    ),
)

# 报到党员服务情况: one registered member a page (all of the year's, or --person), sent to their organisation.
REGISTERED_SHEET = BoardKind(
    "registered-sheet",
    "报到党员服务情况",
    "报到党员服务情况表（A4，每人一页：认领的项目、服务情况、满意度，社区党组织盖章，寄回其所在党组织）",
    "{year}年度在职党员到社区报到服务情况",
    lazy_layout("app.boards.layouts.forms:form_portrait"),
    (Option("year", True), Option("person", help="只印这名报到党员（人员编号；默认全部认领过项目的）")),
    objection=False,
)

# The paper forms a branch fills in or signs (A4, no ID numbers): drawn by app/boards/layouts/forms.py.
HANDBOOK = BoardKind(
    "handbook",
    "党员积分手册",
    "党员积分手册（每人一页：各指标的记录、小计、总分、等次和签名栏）",
    "{year}年度党员积分手册",
    lazy_layout("app.boards.layouts.forms:form_portrait"),
    (Option("year", True), Option("members", help="只印这些党员（可多次给出）")),
    objection=False,
)
BALLOT = BoardKind(
    "ballot",
    "民主评议票",
    "民主评议票（参评党员各四个方框：优秀/合格/基本合格/不合格，印三分之一规则）",
    "{year}年度民主评议党员测评票",
    lazy_layout("app.boards.layouts.forms:form_portrait"),
    (Option("year", True),),
    objection=False,
)
REVIEW_RESULT = BoardKind(
    "review-result",
    "评议结果公示",
    "评议结果公示（支部决定的等次；不合格的默认不列姓名）",
    "{year}年度民主评议党员结果公示",
    lazy_layout("app.boards.layouts.forms:form_portrait"),
    (Option("year", True), Option("failed")),
)
PLEDGE = BoardKind(
    "pledge",
    "公开承诺书",
    "公开承诺书（每人一页：本年度的承诺、签名和日期，支部党员大会上签订）",
    "{year}年度党员公开承诺书",
    lazy_layout("app.boards.layouts.forms:form_portrait"),
    (Option("year", True), Option("members", help="只印这些党员（可多次给出）")),
    objection=False,
)
ROSTER = BoardKind(
    "roster",
    "花名册打印",
    "花名册打印（A4 横版表格，可选列，身份证号遮挡）",
    "党员花名册",
    lazy_layout("app.boards.layouts.forms:form_landscape"),
    (Option("columns"),),
    objection=False,
)
# The statistics on paper (app/boards/layouts/report.py): charts drawn as ops, with their tables.
STATISTICS = BoardKind(
    "statistics",
    "统计图表",
    "统计图表（花名册构成和一个季度的各项统计，每张图旁边是它的表格）",
    "{period}党员队伍和工作统计",
    lazy_layout("app.boards.layouts.report:statistics_report"),
    (Option("period", True, "季度，如 2026Q3"),),
    objection=False,
)
QUARTER = BoardKind(
    "quarter",
    "季度简报",
    "季度简报（一页 A4：本季度的数字和图表，报乡镇）",
    "{period}党建工作简报",
    lazy_layout("app.boards.layouts.report:quarter_brief"),
    (Option("period", True, "季度，如 2026Q3"),),
    objection=False,
)

# 评选与考核 (issue 19).
# Which campaign: the page passes the one on screen; the command line names it, or the year's only one is taken.
CAMPAIGN = Option(
    "campaign", help="评选编号（或前 4 位以上）或名称；这一年只有一次评选时可不写，有几次时必须写"
)
PIONEERS = BoardKind(
    "pioneers",
    "先锋榜",
    "先锋榜（公示或表彰的先锋：照片、类别、事迹）",
    "{year}年度党员先锋榜",
    lazy_layout("app.boards.layouts.recognition:pioneer_board"),
    (Option("year", True, "评选年度"), CAMPAIGN),
    objection=False,  # the campaign's own 公示 period (or its 表彰 date) is in the subtitle, not today's
)
PIONEER_BALLOT = BoardKind(
    "pioneer-ballot",
    "先锋评选选票",
    "先锋评选选票（通过审议的候选人：照片、事迹、同意/不同意/弃权）",
    "{year}年度党员先锋评选选票",
    lazy_layout("app.boards.layouts.recognition:pioneer_ballot"),
    (Option("year", True, "评选年度"), CAMPAIGN),
    objection=False,
)
PIONEER_NOTICE = BoardKind(
    "pioneer-notice",
    "先锋评选公示",
    "先锋评选公示（拟表彰人选、事迹、评选记录的公示期和反映意见的地方）",
    "{year}年度党员先锋拟表彰人选公示",
    lazy_layout("app.boards.layouts.recognition_sheets:pioneer_notice"),
    (Option("year", True, "评选年度"), CAMPAIGN),
    objection=False,  # the notice prints the campaign's own objection period in its text
)
ASSESSMENT = BoardKind(
    "assessment",
    "支部考核排名",
    "党支部工作考核（百分制）排名：各项得分、总分、等次",
    "{year}年度党支部工作考核结果公示",
    lazy_layout("app.boards.layouts.recognition:assessment_board"),
    (Option("year", True),),
)
CERTIFICATE = BoardKind(
    "certificate",
    "五星级证书",
    "五星级服务型党组织证书（A4 横版，每个组织一页；--branch 只印这些组织）",
    "五星级服务型党组织",
    lazy_layout("app.boards.layouts.recognition:certificate"),
    (Option("year", True),),
    objection=False,
)
POSTS = BoardKind(
    "posts",
    "先锋岗与工作室",
    "党员先锋岗、示范岗、明星党员工作室公示牌",
    "党员先锋岗 · 示范岗 · 工作室",
    lazy_layout("app.boards.layouts.recognition:posts_board"),
    objection=False,  # a standing panel
)
DUTY = BoardKind(
    "duty-results",
    "述职测评结果",
    "书记述职满意度测评结果（各组别满意率和总满意率）",
    "{year}年度书记抓党建述职满意度测评结果",
    lazy_layout("app.boards.layouts.recognition:duty_results"),
    (Option("year", True),),
)
DUTY_BALLOT = BoardKind(
    "duty-ballot",
    "述职测评票",
    "书记述职满意度测评票（空白，每个测评组别一页，按页剪开：满意、基本满意、不满意）",
    "{year}年度书记抓党建述职满意度测评票",
    lazy_layout("app.boards.layouts.recognition_sheets:duty_ballot"),
    (Option("year", True),),
    objection=False,
)

_KINDS: dict[str, BoardKind] = {
    k.name: k
    for k in (
        STARS,
        COMMITMENTS,
        WULIANG,
        POINTS,
        PAIRING,
        GRID,
        SERVICE,
        SIGNIN,
        MINUTES,
        DUES,
        PROJECTS,
        REGISTERED_SHEET,
        HANDBOOK,
        BALLOT,
        REVIEW_RESULT,
        PLEDGE,
        ROSTER,
        STATISTICS,
        QUARTER,
        PIONEERS,
        PIONEER_BALLOT,
        PIONEER_NOTICE,
        ASSESSMENT,
        CERTIFICATE,
        POSTS,
        DUTY,
        DUTY_BALLOT,
    )
}


def all_kinds() -> tuple[BoardKind, ...]:
    """Every board kind, in the order the page and `board --help` list them."""
    return tuple(_KINDS.values())


def get(name: str) -> BoardKind:
    kind = _KINDS.get(name)
    if kind is None:
        raise ValidationError(f"公示栏类型只能是 {'、'.join(_KINDS)}", field="kind")
    return kind


def register(kind: BoardKind) -> None:
    """Add a kind (app.services.boards.register_board does this together with the kind's gatherer)."""
    _KINDS[kind.name] = kind


def unregister(name: str) -> None:
    _KINDS.pop(name, None)
