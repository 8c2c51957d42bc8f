"""Notice boards (公示栏) from the data: each kind's gatherer, one board's content and options, its PDF
and its on-screen preview. What a board is (label, title, options, layout) is its descriptor in
app.boards.kinds; what it prints comes from its gatherer here."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path

from app.boards import kinds, ops
from app.boards.kinds import BoardKind
from app.boards.model import BoardData, BoardOptions
from app.boards.pdf import build_pages, write_pdf
from app.db.database import Database
from app.domain.dates import format_date_zh
from app.paths import fonts_dir
from app.services import organizations, preferences
from app.services.boards.request import BoardRequest, Gatherer
from app.services.boards.titles import remember_title, title_for

Progress = Callable[[int, int], None]

# Each kind's gatherer as "module:function" of app.services.boards.gatherers, imported when a board of the kind is
# first built (a command builds one kind and imports only its gatherer); register_board adds functions.
_GATHERERS: dict[str, Gatherer | str] = {
    "stars": "stars:gather",
    "commitments": "commitments:gather",
    "wuliang": "wuliang:gather",
    "points": "points:gather",
    "pairing": "service:gather_pairing",
    "grid": "service:gather_grid",
    "service": "service:gather_service",
    "signin": "routine:gather_meeting",
    "minutes": "routine:gather_meeting",
    "dues": "routine:gather_dues",
    "projects": "projects:gather",
    "handbook": "forms:gather_handbook",
    "ballot": "forms:gather_ballot",
    "review-result": "forms:gather_review_result",
    "pledge": "forms:gather_pledge",
    "roster": "forms:gather_roster",
    "statistics": "reports:gather_statistics",
    "quarter": "reports:gather_quarter",
    "pioneers": "recognition:gather_pioneers",
    "pioneer-ballot": "recognition:gather_ballot",
    "assessment": "recognition:gather_assessment",
    "certificate": "recognition:gather_certificates",
    "posts": "recognition:gather_posts",
    "duty-results": "recognition:gather_duty",
    "registered-sheet": "projects:gather_registered",
    "pioneer-notice": "recognition:gather_pioneer_notice",
    "duty-ballot": "recognition:gather_duty_ballot",
}


def gatherer(name: str) -> Gatherer:
    """The gatherer of the kind ``name`` (imported on first use)."""
    found = _GATHERERS[name]
    if isinstance(found, str):
        module, function = found.split(":")
        found = getattr(importlib.import_module(f"app.services.boards.gatherers.{module}"), function)
        _GATHERERS[name] = found
    return found


def board_kinds() -> tuple[BoardKind, ...]:
    """Every kind of board, in the order the page and the command line list them."""
    return kinds.all_kinds()


def board_kind(name: str) -> BoardKind:
    """The kind's descriptor; ValidationError for a name that is not a board."""
    return kinds.get(name)


def register_board(kind: BoardKind, gatherer: Gatherer) -> None:
    """Add a kind of board: its descriptor (with its layout) and the gatherer that reads its data."""
    kinds.register(kind)
    _GATHERERS[kind.name] = gatherer


def unregister_board(name: str) -> None:
    kinds.unregister(name)
    _GATHERERS.pop(name, None)


def _use_fonts() -> None:
    ops.use_fonts(fonts_dir())


def build(db: Database, req: BoardRequest, today: dt.date | None = None) -> BoardData:
    """The board's content and options, ready for app.boards; UserError when there is nothing to print."""
    kind = kinds.get(req.kind)
    req = _within_scope(db, req)
    date = req.date or today or dt.date.today()
    prefs = preferences.load(db)
    org = prefs.board_issuer or organizations.organization_name(db)
    title = (req.title or "").strip() or title_for(db, req)
    objection = ""
    if kind.objection:
        end = date + dt.timedelta(days=max(1, req.objection_days) - 1)
        end_text = f"{end.month}月{end.day}日" if end.year == date.year else format_date_zh(end)
        contact = f"（联系电话：{prefs.board_contact_phone}）" if prefs.board_contact_phone else ""
        objection = (
            f"公示期：{format_date_zh(date)}至{end_text}。如有异议，请向{org or '村党组织'}反映{contact}。"
        )
    signature = f"{org}　书记：{prefs.board_secretary}" if prefs.board_secretary else org
    gathered = gatherer(kind.name)(db, req, date)
    options = BoardOptions(
        title=title,
        organization=signature,
        date_text=format_date_zh(date),
        subtitle=gathered.subtitle,
        objection_line=objection,
        paper=req.paper,
        orientation=req.orientation,
        tile=req.tile,
        layout=req.layout,
        highlight_five_star=req.highlight_five_star,
        include_exempt=req.include_exempt,
        year_end=req.year_end,
    )
    return BoardData(kind.name, options, gathered.entries)


def _within_scope(db: Database, req: BoardRequest) -> BoardRequest:
    """A logged-in account with a unit prints its own subtree by default, and nothing outside it."""
    from dataclasses import replace

    from app.services.accounts import ScopeError, visible_unit_ids

    scope = visible_unit_ids(db)
    if scope is None:
        return req
    if not req.branch_ids:
        return replace(req, branch_ids=(scope[0],))
    if not set(req.branch_ids) <= set(scope):
        raise ScopeError("无权打印这个组织的公示栏：超出您的管理范围")
    return req


def render(
    db: Database,
    req: BoardRequest,
    out: str | Path,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> int:
    """Write the board's PDF to ``out`` (atomically) and remember its title; returns the page count."""
    data = build(db, req, today)
    _use_fonts()
    pages = write_pdf(data, out, progress)
    if req.title:
        remember_title(db, req, req.title)
    return pages


def preview(
    db: Database, req: BoardRequest, progress: Progress | None = None
) -> tuple[list[ops.Page], list[ops.Page]]:
    """(pages, large pages) as drawing lists for the on-screen preview and direct printing."""
    data = build(db, req)
    _use_fonts()
    return build_pages(data, progress)
