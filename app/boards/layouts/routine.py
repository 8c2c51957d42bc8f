"""Sheets of the branch's routine: the sign-in sheet (签到表) before a meeting, the meeting record (会议记录)
after it, and the dues register (党费收缴登记表, A4 landscape: member × 12 months). Each has its own entry
type here: the services fill them, these functions only draw."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from app.boards.layouts.common import (
    DARK_RED,
    GREY,
    INK,
    LIGHT,
    MM,
    Column,
    Frame,
    Progress,
    finish,
    make_frame,
    table,
    text_cell,
)
from app.boards.model import BoardData
from app.boards.ops import BOLD, REGULAR, Line, Op, Page, Photo, Rect, Text, wrap


@dataclass(frozen=True)
class SignRow:
    no: int
    name: str
    unit: str  # 党小组 or branch
    note: str = ""  # 流动党员 / 特殊类: listed apart


@dataclass(frozen=True)
class MeetingSheet:
    """One meeting, for its sign-in sheet and its record."""

    unit: str
    kind: str
    when: str  # 2026年11月5日 09:00
    place: str
    topic: str
    host: str
    recorder: str
    expected: tuple[SignRow, ...]
    apart: tuple[SignRow, ...] = ()
    present: tuple[str, ...] = ()
    leave: tuple[str, ...] = ()  # 姓名（原因）
    absent: tuple[str, ...] = ()
    guests: tuple[str, ...] = ()
    minutes: str = ""
    resolutions: str = ""
    photos: tuple[str, ...] = ()  # paths


@dataclass(frozen=True)
class DuesLine:
    no: int
    name: str
    unit: str
    rate: str  # 10.00
    months: tuple[str, ...]  # 12 cells: amount paid, 未交, or ""
    total: str
    is_total: bool = False


def _sheet(data: BoardData) -> MeetingSheet:
    sheet = data.entries[0]
    assert isinstance(sheet, MeetingSheet)
    return sheet


def signin_sheet(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """Every expected member with a blank box to sign, in roster order; members listed apart follow."""
    o = dataclasses.replace(data.options, paper="A4", orientation="portrait")
    f = make_frame(o)
    sheet = _sheet(data)
    columns = [
        Column("序号", 0.6, "c"),
        Column("姓名", 1.2, "c"),
        Column("所在组织", 2.0),
        Column("签名", 2.0),
    ]
    rows: list[list[object]] = [[r.no, r.name, r.unit, ""] for r in sheet.expected]
    rows += [[r.no, r.name, f"{r.unit}（{r.note}）" if r.note else r.unit, ""] for r in sheet.apart]
    rows += [["", "", "", ""]] * 4  # guests and latecomers write themselves in

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 3:
            return [Rect(x + 1 * MM, y + 0.8 * MM, w - 2 * MM, h - 1.6 * MM, stroke=LIGHT, width=0.5)]
        return text_cell(
            value, x, y, w, h, f.u, "c" if i < 2 else "l", BOLD if i == 1 else REGULAR, shrink=i == 2
        )

    return finish(table(f, columns, rows, cell, lambda _r: None, f.inner_w, progress), f, o)


def _paragraphs(f: Frame, blocks: Sequence[tuple[str, str]], photos: Sequence[str]) -> list[Page]:
    pages = [Page(f.w, f.h)]
    y = f.top - 4 * MM
    size, lead = 10.5, 6.2 * MM

    def room(needed: float) -> None:
        nonlocal y
        if y - needed < f.bottom:
            pages.append(Page(f.w, f.h))
            y = f.top - 4 * MM

    for label, text in blocks:
        room(2 * lead)
        pages[-1].ops.append(Text(f.left, y - size, f"{label}：", size, BOLD, DARK_RED))
        indent = 24 * MM
        lines: list[str] = []
        for para in (text or "—").splitlines() or ["—"]:
            lines += wrap(para, size, f.inner_w - indent, REGULAR) or [""]
        for line in lines:
            room(lead)
            pages[-1].ops.append(Text(f.left + indent, y - size, line, size, REGULAR, INK))
            y -= lead
        y -= 1.5 * MM
        pages[-1].ops.append(Line(f.left, y + 0.8 * MM, f.right, y + 0.8 * MM, LIGHT, 0.4))
    if photos:
        w = (f.inner_w - 6 * MM) / 2
        h = w * 0.75
        room(h + lead)
        pages[-1].ops.append(Text(f.left, y - size, "会议照片：", size, BOLD, DARK_RED))
        y -= lead
        for i, path in enumerate(photos):
            if i % 2 == 0:
                room(h + 2 * MM)
            x = f.left + (i % 2) * (w + 6 * MM)
            pages[-1].ops.append(Photo(path, x, y - h, w, h))
            if i % 2 == 1 or i == len(photos) - 1:
                y -= h + 4 * MM
    return pages


def meeting_record(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """会议记录: time, place, who hosted and wrote it, attendance by name, minutes, resolutions, photos."""
    o = dataclasses.replace(data.options, paper="A4", orientation="portrait")
    f = make_frame(o)
    s = _sheet(data)
    counts = f"应到 {len(s.expected)} 人，实到 {len(s.present)} 人，请假 {len(s.leave)} 人，缺席 {len(s.absent)} 人"
    blocks = [
        ("会议类型", f"{s.unit} {s.kind}"),
        ("时　　间", s.when),
        ("地　　点", s.place),
        ("主　　题", s.topic),
        ("主 持 人", s.host),
        ("记 录 人", s.recorder),
        ("出席情况", counts),
        ("出　　席", "、".join(s.present)),
        ("请　　假", "、".join(s.leave)),
        ("缺　　席", "、".join(s.absent)),
        ("列　　席", "、".join(s.guests)),
        ("会议内容", s.minutes),
        ("决　　议", s.resolutions),
    ]
    pages = _paragraphs(f, blocks, s.photos)
    if progress:
        progress(1, 1)
    return finish(pages, f, o)


def dues_register(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = dataclasses.replace(data.options, paper="A4", orientation="landscape")
    f = make_frame(o)
    columns = [
        Column("序号", 0.7, "c"),
        Column("姓名", 1.2, "c"),
        Column("支部", 1.6),
        Column("月缴", 0.9, "r"),
    ]
    columns += [Column(f"{i}月", 0.8, "r") for i in range(1, 13)] + [Column("合计", 1.1, "r")]
    lines = [e for e in data.entries if isinstance(e, DuesLine)]
    rows: list[list[object]] = [[r.no or "", r.name, r.unit, r.rate, *r.months, r.total, r] for r in lines]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        text = str(value)
        color = "#C62828" if text == "未交" else (GREY if not text else INK)
        u = f.u * 0.9
        return text_cell(text, x, y, w, h, u, columns[i].align, BOLD if i in (1, 16) else REGULAR, color)

    def style(row: Sequence[object]) -> str | None:
        line = row[-1]
        return "#FFF5D6" if isinstance(line, DuesLine) and line.is_total else None

    return finish(table(f, columns, rows, cell, style, 250 * MM, progress), f, o)
