"""Plain input for the notice boards: what each board prints and how (paper, layout, titles).

The boards know nothing about the database: app.services.boards fills these dataclasses.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from app.domain.errors import UserError

Paper = Literal["A4", "A3", "board-120x90"]
Orientation = Literal["portrait", "landscape"]
TilePaper = Literal["A4", "A3"]
Layout = Literal["cards", "table"]

PAPERS: tuple[str, ...] = ("A4", "A3", "board-120x90")
PAPER_LABELS = {"A4": "A4", "A3": "A3", "board-120x90": "大展板 120×90 厘米"}
TILE_PAPERS: tuple[str, ...] = ("A4", "A3")


@dataclass(frozen=True)
class StarCard:
    """One member on the star chart (星级评定公示)."""

    name: str
    post_or_branch: str
    photo_path: str | None
    level: int  # 0–5
    reason: str  # one line of the deeds (闪光点) or the rating's reason
    exempt: bool = False  # 只挂牌不参评
    highlight: bool = False  # 闪光言行之星 (normally: five stars)
    branch: str = ""  # section heading when a board covers several branches


@dataclass(frozen=True)
class CommitmentItem:
    kind: str  # 依岗承诺 / 因事承诺 / 具体承诺 / 组团承诺
    content: str
    status: str = ""  # year-end: "已兑现" / "未兑现" / "进行中"; empty on the start-of-year board
    kept: bool | None = None  # True kept, False not kept, None: not judged (yet)


@dataclass(frozen=True)
class CommitmentEntry:
    """One member (or a team: 组团承诺) on the commitment board."""

    name: str
    photo_path: str | None
    commitments: tuple[CommitmentItem, ...]
    post_or_branch: str = ""
    branch: str = ""
    is_team: bool = False


@dataclass(frozen=True)
class WuliangSheet:
    """One 五亮公示牌: 亮身份、亮区域、亮职责、亮承诺、亮服务."""

    name: str
    photo_path: str | None
    post: str  # 身份: party post / job, category
    area: str  # 包干区域
    duties: str
    commitments: tuple[str, ...]
    services: tuple[str, ...]
    contact_phone: str  # the one place a private phone is printed, on purpose
    branch: str = ""


@dataclass(frozen=True)
class PointsRow:
    rank: int
    name: str
    branch: str
    tier: str
    total: float
    grade: str  # 优秀 / 合格 / 基本合格 / 不合格 / ""
    stars: int  # 0–5


@dataclass(frozen=True)
class BoardOptions:
    title: str
    organization: str  # issuing organisation, printed with the date (落款)
    date_text: str  # e.g. "2026年10月8日"
    subtitle: str = ""  # e.g. "2026年第三季度 · 第一党支部"
    objection_line: str = ""  # 公示期：…如有异议，请向村党组织反映。 (empty: not a 公示)
    paper: Paper = "A4"
    orientation: Orientation = "portrait"
    tile: TilePaper | None = None  # print a large page on several A4/A3 sheets
    layout: Layout = "cards"
    highlight_five_star: bool = True
    include_exempt: bool = True
    year_end: bool = False  # commitment board: show 践诺情况


Board = Literal["stars", "commitments", "wuliang", "points"]


@dataclass
class BoardData:
    """What one board prints: the kind, its options and its items (one of the lists is used)."""

    kind: Board
    options: BoardOptions
    stars: list[StarCard] = field(default_factory=list)
    commitments: list[CommitmentEntry] = field(default_factory=list)
    wuliang: list[WuliangSheet] = field(default_factory=list)
    points: list[PointsRow] = field(default_factory=list)

    def items(self) -> list[object]:
        return {
            "stars": self.stars,
            "commitments": self.commitments,
            "wuliang": self.wuliang,
            "points": self.points,
        }[self.kind]  # type: ignore[return-value]


# An 18-character 公民身份号码 (17 digits and a digit or X) anywhere in a string, not part of a longer number.
ID_NUMBER_PATTERN = re.compile(r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9])")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "photo_path":  # a file name, never printed
                yield from _strings(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def refuse_id_numbers(values: Iterable[object]) -> None:
    """A notice board is public: refuse outright if any text holds something shaped like an ID number."""
    for value in values:
        for text in _strings(value):
            if ID_NUMBER_PATTERN.search(text.replace(" ", "")):
                raise UserError(
                    f"要打印的内容里有像身份证号的号码（“{text[:12]}…”），公示栏不能印身份证号。"
                    "请先在相应记录里删掉它再打印。"
                )
