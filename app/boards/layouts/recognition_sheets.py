"""Paper of 评选与考核 beyond the boards: the blank 述职 satisfaction ballot (测评票, one slip per group, cut
apart) and the 先锋评选 公示 notice (the candidates passing to 公示, the objection period and where to object)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.boards.layouts.common import (
    DARK_RED,
    GREY,
    INK,
    LIGHT,
    MM,
    ZEBRA,
    Progress,
    finish,
    make_frame,
)
from app.boards.model import BoardData
from app.boards.ops import BOLD, REGULAR, Line, Op, Page, Rect, Text, ellipsize, fit_size, wrap


@dataclass(frozen=True)
class DutyBallot:
    """One group's blank ballot: everyone who reports that year, each with 满意 / 基本满意 / 不满意 boxes."""

    group: str  # 干部 / 党员 / 群众代表 / 企业代表
    people: tuple[tuple[str, str], ...]  # (name, role)
    answers: tuple[str, ...]


def duty_ballot(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """测评票 on A4 portrait: each group's slips fill whole pages (cut along the dashed lines); no red band —
    a ballot is photocopied in black and white. The title and the issuing organisation are the board's."""
    o = dataclasses.replace(data.options, paper="A4", orientation="portrait")
    f = make_frame(o)
    ballots: list[DutyBallot] = list(data.entries)
    pages: list[Page] = []
    margin = 14 * MM
    inner_w = f.w - 2 * margin
    for done, b in enumerate(ballots, start=1):
        row_h = 9 * MM
        slip_h = 34 * MM + row_h * (len(b.people) + 1)
        gap = 10 * MM
        per_page = max(1, int((f.h - 2 * margin + gap) // (slip_h + gap)))
        page = Page(f.w, f.h)
        top = f.h - margin
        for i in range(per_page):
            y = top - i * (slip_h + gap)
            page.ops += _slip(b, o.title, o.organization, margin, y, inner_w, row_h)
            if i < per_page - 1:
                cut = y - slip_h - gap / 2
                page.ops.append(Line(margin / 2, cut, f.w - margin / 2, cut, GREY, 0.6, (4.0, 3.0)))
                page.ops.append(Text(f.w - margin / 2, cut + 1.2 * MM, "✂ 沿虚线剪开", 7, REGULAR, GREY, "r"))
        pages.append(page)
        if progress:
            progress(done, len(ballots))
    return pages


def _slip(b: DutyBallot, title: str, issuer: str, x: float, y: float, w: float, row_h: float) -> list[Op]:
    size = fit_size(title, 15, w, BOLD, 9)
    ops: list[Op] = [Text(x + w / 2, y - 7 * MM, title, size, BOLD, INK, "c")]
    ops.append(Text(x, y - 15 * MM, f"测评组别：{b.group}", 11, BOLD, DARK_RED))
    ops.append(
        Text(x + w, y - 15 * MM, "在选定的格内打“√”，每人只选一项；多选、不选为无效", 9, REGULAR, GREY, "r")
    )
    shares = [0.08, 0.28, 0.22] + [0.42 / len(b.answers)] * len(b.answers)
    xs = [x]
    for s in shares:
        xs.append(xs[-1] + w * s)
    head_top = y - 19 * MM
    ops.append(Rect(x, head_top - row_h, w, row_h, fill=LIGHT, stroke=INK, width=0.6))
    heads = ["序号", "述职人", "职务", *b.answers]
    for i, text in enumerate(heads):
        ops.append(Text((xs[i] + xs[i + 1]) / 2, head_top - row_h / 2 - 3.4, text, 10, BOLD, INK, "c"))
    for n, (name, role) in enumerate(b.people, start=1):
        top = head_top - n * row_h
        ops.append(Rect(x, top - row_h, w, row_h, stroke=INK, width=0.6))
        cells = [str(n), name, role]
        for i, text in enumerate(cells):
            cw = xs[i + 1] - xs[i]
            shown = ellipsize(text, 10.5, cw - 2 * MM, BOLD if i == 1 else REGULAR)
            ops.append(
                Text(
                    xs[i] + cw / 2, top - row_h / 2 - 3.6, shown, 10.5, BOLD if i == 1 else REGULAR, INK, "c"
                )
            )
        for i in range(len(b.answers)):
            cx = (xs[3 + i] + xs[4 + i]) / 2
            box = 4.6 * MM
            ops.append(Rect(cx - box / 2, top - row_h / 2 - box / 2, box, box, stroke=INK, width=0.7))
    for xi in xs[1:-1]:
        ops.append(Line(xi, head_top, xi, head_top - row_h * (len(b.people) + 1), INK, 0.6))
    foot = head_top - row_h * (len(b.people) + 1) - 7 * MM
    ops.append(Text(x, foot, "不记名测评　　测评日期：______年____月____日", 9.5, REGULAR, INK))
    ops.append(Text(x + w, foot, issuer, 9.5, BOLD, INK, "r"))
    return ops


@dataclass(frozen=True)
class NoticeRow:
    name: str
    category: str
    unit: str
    votes: int | None
    deeds: str


@dataclass(frozen=True)
class PioneerNotice:
    """The 公示 of a 先锋评选: who passes to 公示, from when to when, and where to object."""

    intro: str
    rows: tuple[NoticeRow, ...]
    period: str  # 公示时间：2026年12月1日至12月7日
    where: str  # 公示期间如有异议…


def pioneer_notice(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """公示: an opening paragraph, the table of candidates (their deeds wrapped), then the period and where to
    object in bold — the notice hung beside the ballot box; the footer carries the issuer and date."""
    o = data.options
    f = make_frame(o)
    u = f.u
    notice = data.entries[0]
    assert isinstance(notice, PioneerNotice)
    pages = [Page(f.w, f.h)]
    y = f.top - 4 * MM * u
    size, lead = 11 * u, 6.6 * MM * u

    def room(needed: float) -> None:
        nonlocal y
        if y - needed < f.bottom:
            pages.append(Page(f.w, f.h))
            y = f.top - 4 * MM * u

    def paragraph(text: str, font: str = REGULAR, color: str = INK) -> None:
        """A paragraph with its first line indented two characters, as Chinese notices are set."""
        nonlocal y
        indent = 2 * size
        first = (wrap(text, size, f.inner_w - indent, font) or [""])[0]
        lines = [(indent, first)] + [(0.0, s) for s in wrap(text[len(first) :], size, f.inner_w, font)]
        for dx, line in lines:
            room(lead)
            pages[-1].ops.append(Text(f.left + dx, y - size, line, size, font, color))
            y -= lead
        y -= 2 * MM * u

    paragraph(notice.intro)

    shares = (0.07, 0.13, 0.13, 0.17, 0.09, 0.41)
    heads = ("序号", "姓名", "类别", "所在组织", "得票", "主要事迹")
    xs = [f.left]
    for s in shares:
        xs.append(xs[-1] + f.inner_w * s)
    cell = 9.5 * u
    head_h, line_h = 8.4 * MM * u, 5.0 * MM * u

    def header() -> None:
        nonlocal y
        pages[-1].ops.append(Rect(f.left, y - head_h, f.inner_w, head_h, fill=DARK_RED))
        for i, text in enumerate(heads):
            pages[-1].ops.append(
                Text((xs[i] + xs[i + 1]) / 2, y - head_h / 2 - 3.4 * u, text, cell, BOLD, "#FFFFFF", "c")
            )
        y -= head_h

    room(head_h + 2 * line_h)
    header()
    for n, r in enumerate(notice.rows, start=1):
        deeds = wrap(r.deeds or "—", cell, xs[6] - xs[5] - 3 * MM * u, REGULAR, max_lines=4)
        h = max(1, len(deeds)) * line_h + 3 * MM * u
        if y - h < f.bottom:
            pages.append(Page(f.w, f.h))
            y = f.top - 4 * MM * u
            header()
        if n % 2 == 0:
            pages[-1].ops.append(Rect(f.left, y - h, f.inner_w, h, fill=ZEBRA))
        votes = "" if r.votes is None else str(r.votes)
        for i, text in enumerate((str(n), r.name, r.category, r.unit, votes)):
            cw = xs[i + 1] - xs[i]
            font = BOLD if i == 1 else REGULAR
            shown = ellipsize(text, cell, cw - 2 * MM * u, font)
            pages[-1].ops.append(Text(xs[i] + cw / 2, y - h / 2 - 3.4 * u, shown, cell, font, INK, "c"))
        for k, line in enumerate(deeds):
            pages[-1].ops.append(
                Text(
                    xs[5] + 1.5 * MM * u,
                    y - 1.5 * MM * u - (k + 1) * line_h + 1.4 * MM * u,
                    line,
                    cell,
                    REGULAR,
                    INK,
                )
            )
        pages[-1].ops.append(Line(f.left, y - h, f.right, y - h, LIGHT, 0.6 * u))
        y -= h
        if progress:
            progress(n, len(notice.rows))
    y -= 5 * MM * u
    paragraph(notice.period, BOLD, DARK_RED)
    paragraph(notice.where)
    return finish(pages, f, o)
