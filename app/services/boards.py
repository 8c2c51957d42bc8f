"""Notice boards (公示栏) from the data: gathers ratings, commitments, 五亮 profiles and points through
their services into the plain input of app.boards, remembers each board's title, writes the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.boards.model import (
    Board,
    BoardData,
    BoardOptions,
    CommitmentEntry,
    CommitmentItem,
    PointsRow,
    StarCard,
    WuliangSheet,
)
from app.boards.ops import Page as BoardPage
from app.boards.pdf import build_pages, write_pdf
from app.db.database import Database
from app.domain.dates import format_date_zh
from app.domain.errors import UserError, ValidationError
from app.services import organizations, photos, preferences, roster, settings

Progress = Callable[[int, int], None]

KINDS: tuple[Board, ...] = ("stars", "commitments", "wuliang", "points")
KIND_LABELS = {
    "stars": "星级评定公示",
    "commitments": "承诺公示",
    "wuliang": "五亮公示牌",
    "points": "积分公示",
}
NOTHING = "没有可打印的内容"

# {period} → 2026年第三季度, {year} → 2026. The clerk's edits are remembered with the same placeholders,
# so a title changed in the third quarter is still right in the fourth.
DEFAULT_TITLES = {
    "stars": "{period}党员闪光言行星级评定公示",
    "commitments": "{year}年度党员公开承诺公示",
    "commitments_year_end": "{year}年度党员承诺践诺情况公示",
    "wuliang": "党员“五亮”公示牌",
    "points": "{year}年度党员量化积分公示",
}
TITLE_SETTING = "boards.title."
OBJECTION_DAYS = 7


@dataclass
class BoardRequest:
    """What the clerk chose on the page or the command line."""

    kind: Board
    period: str = ""  # stars: 2026Q3
    year: int | None = None  # commitments, wuliang, points
    branch_ids: tuple[str, ...] = ()
    member_ids: tuple[str, ...] = ()  # wuliang: these members only
    paper: str = "A4"
    orientation: str = "portrait"
    tile: str | None = None
    layout: str = "cards"
    highlight_five_star: bool = True
    include_exempt: bool = True
    year_end: bool = False
    title: str | None = None  # None: the remembered (or default) title
    date: dt.date | None = None  # the board's date; the objection period starts on it
    objection_days: int = OBJECTION_DAYS
    extra: dict[str, str] = field(default_factory=dict)


def title_key(req: BoardRequest) -> str:
    return "commitments_year_end" if req.kind == "commitments" and req.year_end else req.kind


def _period_label(req: BoardRequest) -> str:
    if req.kind != "stars" or not req.period:
        return ""
    from app.domain.periods import parse_quarter

    return parse_quarter(req.period).label


def _fill(template: str, req: BoardRequest) -> str:
    year = req.year or (int(req.period[:4]) if req.period[:4].isdigit() else dt.date.today().year)
    return template.replace("{period}", _period_label(req)).replace("{year}", str(year))


def _unfill(title: str, req: BoardRequest) -> str:
    label = _period_label(req)
    if label:
        title = title.replace(label, "{period}")
    year = req.year or (int(req.period[:4]) if req.period[:4].isdigit() else None)
    if year:
        title = re.sub(rf"(?<!\d){year}(?!\d)", "{year}", title)
    return title


def title_for(db: Database, req: BoardRequest) -> str:
    """The title to prefill: the one last used for this kind of board, else the default."""
    key = title_key(req)
    template = settings.get(db, TITLE_SETTING + key) or DEFAULT_TITLES[key]
    return _fill(str(template), req)


def remember_title(db: Database, req: BoardRequest, title: str) -> None:
    title = title.strip()
    if not title:
        return
    template = _unfill(title, req)
    key = title_key(req)
    if template != (settings.get(db, TITLE_SETTING + key) or DEFAULT_TITLES[key]):
        settings.put(db, TITLE_SETTING + key, template)


# --- gathering the data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    post: str
    branch: str
    photo: str | None


def _people(db: Database) -> dict[str, _Person]:
    out = {}
    for r in roster.list_members(db, status="all"):
        path = photos.photo_path(db, r.photo)
        out[r.id] = _Person(r.party_post, r.branch, str(path) if path else None)
    return out


def _scope(db: Database, req: BoardRequest) -> str:
    if not req.branch_ids:
        return "全体党员"
    names = {u.id: u.name for u in organizations.units(db)}
    return "、".join(names.get(b, "") for b in req.branch_ids)


def _star_cards(db: Database, req: BoardRequest) -> tuple[list[StarCard], str]:
    from app.services import evaluations

    if not req.period:
        raise ValidationError("请选择考评季度，例如 2026Q3", field="period")
    rows: dict[str, evaluations.RatingRow] = {}
    for branch_id in req.branch_ids or (None,):
        for r in evaluations.ratings(db, req.period, branch_id=branch_id):
            rows.setdefault(r.member_id, r)
    decided = [r for r in rows.values() if r.level is not None or r.exempt]
    if not any(r.level is not None for r in decided):
        raise UserError(f"{NOTHING}：{_period_label(req)}还没有评定星级。请先在“星级评定”里评星再打印。")
    deeds: dict[str, str] = {}
    for d in evaluations.list_deeds(db, req.period):
        deeds.setdefault(d.member_id, d.text)
    people = _people(db)
    cards = []
    for r in decided:
        p = people.get(r.member_id, _Person("", r.branch, None))
        if r.exempt:
            # The exemption's reason may be about health or age: the public board says only this.
            reason = "只挂牌不参评"
        else:
            reason = r.reason or deeds.get(r.member_id, "")
        cards.append(
            StarCard(
                name=r.member_name,
                # The branch is already the section heading (or the subtitle): say what the member is.
                post_or_branch=p.post or r.category or "党员",
                photo_path=p.photo,
                level=r.level or 0,
                reason=reason,
                exempt=r.exempt,
                highlight=r.level == 5 and not r.exempt,
                branch=r.branch,
            )
        )
    counts = {n: sum(1 for c in cards if c.level == n and not c.exempt) for n in range(1, 6)}
    parts = [f"{'五四三二一'[5 - n]}星{counts[n]}人" for n in range(5, 0, -1) if counts[n]]
    return cards, "，".join(parts)


def _commitment_entries(db: Database, req: BoardRequest) -> list[CommitmentEntry]:
    from app.services import commitments

    year = req.year or dt.date.today().year
    rows: dict[str, commitments.CommitmentRow] = {}
    for branch_id in req.branch_ids or (None,):
        for r in commitments.list_commitments(db, year, branch_id=branch_id):
            rows.setdefault(r.id, r)
    if not rows:
        raise UserError(f"{NOTHING}：{year}年还没有登记承诺。")
    people = _people(db)
    grouped: dict[str, list[commitments.CommitmentRow]] = {}
    for r in rows.values():  # list order: members by branch and name, then teams
        grouped.setdefault(r.member_id or f"team:{r.team_id}", []).append(r)
    entries = []
    for key, items in grouped.items():
        first = items[0]
        shown = []
        for c in items:
            if c.status == commitments.KEPT:
                kept: bool | None = True
            elif c.status == commitments.FAILED:
                kept = False
            else:
                kept = None
            shown.append(CommitmentItem(c.kind, c.content, c.display_status if req.year_end else "", kept))
        if key.startswith("team:"):
            members = "、".join(first.team_members)
            entries.append(
                CommitmentEntry(
                    name=first.team or "",
                    photo_path=None,
                    commitments=tuple(shown),
                    post_or_branch=f"组团承诺：{members}" if members else "组团承诺",
                    branch="组团承诺",
                    is_team=True,
                )
            )
        else:
            p = people.get(first.member_id or "", _Person("", first.branch, None))
            entries.append(
                CommitmentEntry(
                    name=first.member_name or "",
                    photo_path=p.photo,
                    commitments=tuple(shown),
                    post_or_branch=p.post,
                    branch=first.branch,
                )
            )
    return entries


def _split(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[\n；;]+", text) if t.strip())


def _wuliang_sheets(db: Database, req: BoardRequest) -> list[WuliangSheet]:
    from app.services import wuliang

    year = req.year or dt.date.today().year
    people = _people(db)
    if req.member_ids:
        ids = list(req.member_ids)
    else:
        ids = []
        for branch_id in req.branch_ids or (None,):
            ids += [m.id for m in roster.list_members(db, branch_id=branch_id) if m.id not in ids]
    sheets = []
    for member_id in ids:
        v = wuliang.get_profile(db, member_id, year)
        filled = v.post or v.area or v.duties or v.services
        if not filled and not req.member_ids:
            continue  # only members whose 五亮 has been filled in, unless asked for by name
        p = people.get(member_id, _Person("", "", None))
        identity = " · ".join(x for x in (v.party_post or "党员", v.post) if x)
        area = v.area or (f"{v.grid}网格" if v.grid and not v.grid.endswith("网格") else v.grid)
        sheets.append(
            WuliangSheet(
                name=v.name,
                photo_path=p.photo,
                post=identity,
                area=area,
                duties=v.duties,
                commitments=v.commitments,
                services=_split(v.services),
                contact_phone=v.phone,
                branch=p.branch,
            )
        )
    if not sheets:
        raise UserError(f"{NOTHING}：还没有党员填写“五亮”信息。请先在“承诺”页填写五亮公示牌内容。")
    return sheets


def _points_rows(db: Database, req: BoardRequest) -> list[PointsRow]:
    from app.services import points

    year = req.year or dt.date.today().year
    found: dict[str, points.SummaryRow] = {}
    for branch_id in req.branch_ids or (None,):
        for r in points.summary(db, year, branch_id):
            found.setdefault(r.member_id, r)
    if not found:
        raise UserError(f"{NOTHING}：{year}年还没有积分记录（或没有积分规则）。")
    ordered = sorted(found.values(), key=lambda r: (-r.total, r.member_name))
    out: list[PointsRow] = []
    for i, r in enumerate(ordered):
        rank = out[-1].rank if out and out[-1].total == r.total else i + 1
        grade = r.grade if r.grade is not None else ("免评" if r.is_exempt else "不评等次")
        out.append(PointsRow(rank, r.member_name, r.branch_name, r.tier, r.total, grade, r.star_band))
    return out


def build(db: Database, req: BoardRequest, today: dt.date | None = None) -> BoardData:
    """The board's content and options, ready for app.boards; UserError when there is nothing to print."""
    if req.kind not in KINDS:
        raise ValidationError(f"公示栏类型只能是 {'、'.join(KINDS)}", field="kind")
    date = req.date or today or dt.date.today()
    prefs = preferences.load(db)
    org = prefs.board_issuer or organizations.organization_name(db)
    title = (req.title or "").strip() or title_for(db, req)
    year = req.year or date.year
    scope = _scope(db, req)
    objection = ""
    if req.kind != "wuliang":
        end = date + dt.timedelta(days=max(1, req.objection_days) - 1)
        end_text = f"{end.month}月{end.day}日" if end.year == date.year else format_date_zh(end)
        contact = f"（联系电话：{prefs.board_contact_phone}）" if prefs.board_contact_phone else ""
        objection = (
            f"公示期：{format_date_zh(date)}至{end_text}。如有异议，请向{org or '村党组织'}反映{contact}。"
        )
    signature = f"{org}　书记：{prefs.board_secretary}" if prefs.board_secretary else org
    options = BoardOptions(
        title=title,
        organization=signature,
        date_text=format_date_zh(date),
        objection_line=objection,
        paper=req.paper,  # type: ignore[arg-type]
        orientation=req.orientation,  # type: ignore[arg-type]
        tile=req.tile,  # type: ignore[arg-type]
        layout=req.layout,  # type: ignore[arg-type]
        highlight_five_star=req.highlight_five_star,
        include_exempt=req.include_exempt,
        year_end=req.year_end,
    )
    data = BoardData(req.kind, options)
    if req.kind == "stars":
        data.stars, counts = _star_cards(db, req)
        subtitle = " · ".join(x for x in (_period_label(req), scope, counts) if x)
    elif req.kind == "commitments":
        data.commitments = _commitment_entries(db, req)
        subtitle = f"{year}年度 · {scope}" + (" · 年终践诺情况" if req.year_end else "")
    elif req.kind == "wuliang":
        data.wuliang = _wuliang_sheets(db, req)
        subtitle = "亮身份 · 亮区域 · 亮职责 · 亮承诺 · 亮服务"
    else:
        data.points = _points_rows(db, req)
        subtitle = f"{year}年度 · {scope}"
    data.options = dataclasses.replace(options, subtitle=subtitle)
    return data


def render(
    db: Database,
    req: BoardRequest,
    out: str | Path,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> int:
    """Write the board's PDF to ``out`` (atomically) and remember its title; returns the page count."""
    data = build(db, req, today)
    pages = write_pdf(data, out, progress)
    if req.title:
        remember_title(db, req, req.title)
    return pages


def preview(
    db: Database, req: BoardRequest, progress: Progress | None = None
) -> tuple[list[BoardPage], list[BoardPage]]:
    """(pages, large pages) as drawing lists for the on-screen preview and direct printing."""
    return build_pages(build(db, req), progress)
