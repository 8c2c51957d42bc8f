"""Plain input for the notice boards: what each board prints and how (paper, layout, titles).

The boards know nothing about the database: app.services.boards fills these dataclasses.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from app.domain.errors import UserError

Paper = Literal["A4", "A3", "board-120x90"]
Orientation = Literal["portrait", "landscape"]
TilePaper = Literal["A4", "A3"]
Layout = Literal["cards", "table"]

PAPERS: tuple[Paper, ...] = ("A4", "A3", "board-120x90")
PAPER_LABELS: dict[str, str] = {"A4": "A4", "A3": "A3", "board-120x90": "大展板 120×90 厘米"}
ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")
TILE_PAPERS: tuple[TilePaper, ...] = ("A4", "A3")
LAYOUT_CHOICES: tuple[Layout, ...] = ("cards", "table")


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
    badge: str = ""  # an honour from 先锋评选 (e.g. 2026年度服务先锋), drawn as a ribbon


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


class BoardData:
    """What one board prints: its kind (a name in app.boards.kinds), its options and its entries.

    The entries are whatever the kind's gatherer produced and its layout draws (star cards, commitment
    entries, 五亮 sheets, ranking rows…). ``stars``, ``commitments``, ``wuliang`` and ``points`` name the
    entries of the four built-in kinds, for code and tests that build those boards by hand.
    """

    def __init__(
        self,
        kind: str,
        options: BoardOptions,
        entries: Iterable[object] = (),
        *,
        stars: Iterable[StarCard] = (),
        commitments: Iterable[CommitmentEntry] = (),
        wuliang: Iterable[WuliangSheet] = (),
        points: Iterable[PointsRow] = (),
    ) -> None:
        self.kind = kind
        self.options = options
        self.entries: list[Any] = [*entries, *stars, *commitments, *wuliang, *points]

    def __repr__(self) -> str:
        return f"BoardData({self.kind!r}, {self.options!r}, {len(self.entries)} entries)"

    def items(self) -> list[object]:
        return list(self.entries)

    @property
    def stars(self) -> list[StarCard]:
        return self.entries

    @property
    def commitments(self) -> list[CommitmentEntry]:
        return self.entries

    @property
    def wuliang(self) -> list[WuliangSheet]:
        return self.entries

    @property
    def points(self) -> list[PointsRow]:
        return self.entries


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
