"""Boards of 评选与考核: the 先锋榜 (the program's namesake: photo cards of the honoured pioneers), the pioneer
ballot (选票, photos and a line of deeds), the branch assessment ranking, and the 五星级 certificate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.boards import geometry as g
from app.boards.layouts.common import (
    DARK_RED,
    GOLD,
    GREY,
    INK,
    MM,
    NOT_KEPT,
    PALE_GOLD,
    RED,
    Cell,
    Column,
    Progress,
    by_branch,
    finish,
    flow,
    make_frame,
    photo_ops,
    pill,
    table,
    text_cell,
)
from app.boards.model import BoardData
from app.boards.ops import (
    BOLD,
    REGULAR,
    Group,
    Line,
    Op,
    Page,
    Rect,
    Text,
    ellipsize,
    fit_size,
    stars,
    stars_width,
    wrap,
)


@dataclass(frozen=True)
class PioneerCard:
    name: str
    category: str
    unit: str
    photo_path: str | None
    deeds: str
    votes: int | None = None


@dataclass(frozen=True)
class AssessmentLine:
    rank: int | None
    unit: str
    scores: tuple[tuple[str, float | None], ...]  # item → the committee's score
    total: float | None
    band: str
    consequence: str


@dataclass(frozen=True)
class Certificate:
    unit: str
    year: int
    stars: int
    criteria: tuple[str, ...]
    issuer: str
    date_text: str


def _pioneer_card(c: PioneerCard, u: float, ballot: bool) -> Cell:
    h = (44 if ballot else 40) * MM * u

    def draw(x: float, y: float, w: float) -> list[Op]:
        pad = 2.6 * MM * u
        ops: list[Op] = [Rect(x, y, w, h, fill=PALE_GOLD, stroke=GOLD, width=1.2 * u, radius=2 * MM * u)]
        ph = h - 2 * pad - (7 * MM * u if ballot else 0)
        pw = ph * 0.75
        ops += photo_ops(c.photo_path, x + pad, y + h - pad - ph, pw, ph, c.name, u)
        tx = x + pad + pw + 3 * MM * u
        tw = x + w - pad - tx
        top = y + h - pad
        if not ballot:
            ribbon, rw = pill(0, 0, "先锋", 8 * u, RED, "#FFE8A3", None)
            ops.append(Group(x + w - rw - 1.4 * MM * u, y + h - 4.6 * MM * u, 1.0, ribbon))
        size = fit_size(c.name, 15 * u, tw - 12 * MM * u, BOLD, 9 * u)
        ops.append(Text(tx, top - 5.4 * MM * u, c.name, size, BOLD, DARK_RED))
        ops.append(
            Text(
                tx,
                top - 10.6 * MM * u,
                ellipsize(f"{c.category} · {c.unit}", 8.5 * u, tw),
                8.5 * u,
                BOLD,
                INK,
            )
        )
        for i, line in enumerate(wrap(c.deeds, 9 * u, tw, REGULAR, max_lines=4)):
            ops.append(Text(tx, top - (16.0 + 4.2 * i) * MM * u, line, 9 * u, REGULAR, INK))
        if ballot:
            bx, by, box = x + pad, y + pad, 4.2 * MM * u
            for i, word in enumerate(("同意", "不同意", "弃权")):
                cx = bx + i * 22 * MM * u
                ops.append(Rect(cx, by, box, box, stroke=INK, width=0.6 * u))
                ops.append(Text(cx + box + 1.5 * MM * u, by + 0.9 * MM * u, word, 9 * u, REGULAR, INK))
        return ops

    return h, draw


def pioneer_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """先锋榜: the honoured pioneers as large photo cards, grouped by category."""
    o = data.options
    f = make_frame(o)
    cards: list[PioneerCard] = list(data.entries)
    sections = [
        (title, [_pioneer_card(c, f.u, False) for c in group])
        for title, group in by_branch(cards, lambda c: c.category)
    ]
    if len(sections) == 1:
        sections = [("", sections[0][1])]
    return finish(flow(f, sections, 82 * MM * f.u, 3.5 * MM * f.u, progress), f, o)


def pioneer_ballot(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """选票: each candidate with photo and deeds and three boxes; the rule for a valid ballot in the subtitle."""
    o = data.options
    f = make_frame(o)
    cards: list[PioneerCard] = list(data.entries)
    cells = [_pioneer_card(c, f.u, True) for c in cards]
    return finish(flow(f, [("", cells)], 82 * MM * f.u, 3.5 * MM * f.u, progress), f, o)


def assessment_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """支部工作考核排名: each branch's item scores, total, band and its consequence."""
    o = data.options
    f = make_frame(o)
    u = f.u
    lines: list[AssessmentLine] = list(data.entries)
    items = [name for name, _ in lines[0].scores] if lines else []
    columns = [Column("排名", 0.7, "c"), Column("党支部", 2.0)]
    columns += [Column(name, 1.0, "c") for name in items]
    columns += [Column("总分", 0.9, "c"), Column("等次", 0.9, "c"), Column("奖惩", 1.8)]
    rows = [[r.rank or "—", r.unit, *(s for _, s in r.scores), r.total, r.band, r.consequence] for r in lines]
    n = len(items)

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if 2 <= i < 2 + n or i == 2 + n:
            shown = "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
            return text_cell(shown, x, y, w, h, u, "c", BOLD if i == 2 + n else REGULAR)
        if i == 3 + n:
            color = DARK_RED if value == "优秀" else NOT_KEPT if value == "较差" else INK
            return text_cell(value, x, y, w, h, u, "c", BOLD, color)
        return text_cell(value, x, y, w, h, u, "c" if i == 0 else "l", BOLD if i == 1 else REGULAR)

    def style(row: Sequence[object]) -> str | None:
        return PALE_GOLD if row[3 + n] == "优秀" else "#FBE9E7" if row[3 + n] == "较差" else None

    return finish(table(f, columns, rows, cell, style, 200 * MM * u, progress), f, o)


def certificate(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """五星级服务型党组织 plaque: A4 landscape, a double red frame, five vector stars, one page per organisation."""
    w, h = g.page_size("A4", "landscape")
    pages = []
    certs: list[Certificate] = list(data.entries)
    for i, c in enumerate(certs, 1):
        m = 10 * MM
        ops: list[Op] = [
            Rect(m, m, w - 2 * m, h - 2 * m, stroke=RED, width=6),
            Rect(m + 4 * MM, m + 4 * MM, w - 2 * m - 8 * MM, h - 2 * m - 8 * MM, stroke=GOLD, width=1.5),
            Text(w / 2, h - 48 * MM, f"{c.year}年度", 20, BOLD, DARK_RED, "c"),
        ]
        title = f"{'一二三四五'[min(max(c.stars, 1), 5) - 1]}星级服务型党组织"  # 四星级, never 4星级
        ops.append(
            Text(w / 2, h - 72 * MM, title, fit_size(title, 40, w - 60 * MM, BOLD, 20), BOLD, RED, "c")
        )
        size = 16 * MM
        ops += stars((w - stars_width(size)) / 2, h - 100 * MM, c.stars, size)
        ops.append(
            Text(w / 2, h - 122 * MM, c.unit, fit_size(c.unit, 30, w - 60 * MM, BOLD, 14), BOLD, INK, "c")
        )
        ops.append(Text(w / 2, h - 136 * MM, "、".join(c.criteria), 12, REGULAR, GREY, "c"))
        ops.append(Line(w - 110 * MM, 44 * MM, w - 30 * MM, 44 * MM, GOLD, 0.8))
        ops.append(Text(w - 70 * MM, 34 * MM, c.issuer, 14, BOLD, INK, "c"))
        ops.append(Text(w - 70 * MM, 25 * MM, c.date_text, 12, REGULAR, INK, "c"))
        page = Page(w, h)
        page.ops = ops
        pages.append(page)
        if progress:
            progress(i, len(certs))
    return pages


@dataclass(frozen=True)
class PostLine:
    kind: str
    name: str
    who: str
    place: str
    offers: str


def posts_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """党员先锋岗 / 示范岗 / 明星党员工作室: a standing panel of who answers where and for what."""
    o = data.options
    f = make_frame(o)
    u = f.u
    lines: list[PostLine] = list(data.entries)
    columns = [
        Column("类型", 1.3, "c"),
        Column("名称", 2.0),
        Column("负责人", 1.2, "c"),
        Column("地点", 1.8),
        Column("服务内容", 3.2),
    ]
    rows = [[p.kind, p.name, p.who, p.place, p.offers] for p in lines]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        return text_cell(
            value,
            x,
            y,
            w,
            h,
            u,
            "c" if i in (0, 2) else "l",
            BOLD if i == 1 else REGULAR,
            DARK_RED if i == 0 else INK,
        )

    return finish(table(f, columns, rows, cell, lambda _r: None, 180 * MM * u, progress), f, o)


@dataclass(frozen=True)
class DutyLine:
    name: str
    role: str
    rates: tuple[tuple[str, str], ...]  # group → "96.0%" or ""
    overall: str


def duty_results(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """述职测评结果: each 述职's satisfaction rate per group and overall (blank rates print as empty boxes to fill)."""
    o = data.options
    f = make_frame(o)
    u = f.u
    lines: list[DutyLine] = list(data.entries)
    groups = [g for g, _ in lines[0].rates] if lines else []
    columns = [Column("述职人", 1.2, "c"), Column("职务", 1.0, "c")]
    columns += [Column(f"{g}满意率", 1.2, "c") for g in groups] + [Column("总满意率", 1.2, "c")]
    rows = [[d.name, d.role, *(r for _, r in d.rates), d.overall] for d in lines]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        return text_cell(value, x, y, w, h, u, "c", BOLD if i in (0, len(columns) - 1) else REGULAR)

    return finish(table(f, columns, rows, cell, lambda _r: None, 180 * MM * u, progress), f, o)
