"""What the clerk asks for (BoardRequest), what a gatherer hands back (Gathered), and the small helpers
every gatherer shares: the period's label, the branches in scope, each member's post and photo."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from app.boards import kinds
from app.boards.model import Layout, Orientation, Paper, TilePaper
from app.db.database import Database
from app.db.models import Member
from app.services import organizations, photos

NOTHING = "没有可打印的内容"
OBJECTION_DAYS = 7


@dataclass
class BoardRequest:
    """What the clerk chose on the page or the command line."""

    kind: str  # a name in app.boards.kinds
    period: str = ""  # stars: 2026Q3
    year: int | None = None  # commitments, wuliang, points
    branch_ids: tuple[str, ...] = ()
    member_ids: tuple[str, ...] = ()  # wuliang: these members only
    meeting_id: str = ""  # signin, minutes: the meeting
    paper: Paper = "A4"
    orientation: Orientation = "portrait"
    tile: TilePaper | None = None
    layout: Layout = "cards"
    highlight_five_star: bool = True
    include_exempt: bool = True
    year_end: bool = False
    title: str | None = None  # None: the remembered (or default) title
    date: dt.date | None = None  # the board's date; the objection period starts on it
    objection_days: int = OBJECTION_DAYS
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Gathered:
    """A gatherer's answer: the entries the kind's layout draws, and the line under the title."""

    entries: Sequence[object]
    subtitle: str


# Reads the data for one kind of board: (database, request, the board's date) → entries and subtitle.
# Raises UserError when there is nothing to print, saying what to do first.
Gatherer = Callable[[Database, BoardRequest, dt.date], Gathered]


def period_label(req: BoardRequest) -> str:
    if not req.period or not kinds.get(req.kind).takes("period"):
        return ""
    from app.domain.periods import parse_quarter

    return parse_quarter(req.period).label


def scope(db: Database, req: BoardRequest) -> str:
    """The branches the board covers, as printed in its subtitle."""
    if not req.branch_ids:
        return "全体党员"
    names = {u.id: u.name for u in organizations.units(db)}
    return "、".join(names.get(b, "") for b in req.branch_ids)


@dataclass(frozen=True)
class Person:
    post: str
    branch: str
    photo: str | None


NOBODY = Person("", "", None)


def people(db: Database) -> dict[str, Person]:
    """Every member's party post, branch (as tables show it: a township's branches with their village) and photo
    file, by member id — read in one Core statement, not through the roster's listing (party ages, order, scope),
    which the boards do not print: the gatherer has already chosen who is on the board."""
    m = Member.__table__.c
    branches = organizations.shown_names(db)
    with db.session() as s:
        rows = s.execute(select(m.id, m.party_post, m.branch_id, m.photo)).all()
    out = {}
    for member_id, post, branch_id, photo in rows:
        path = photos.photo_path(db, photo)
        out[member_id] = Person(post, branches.get(branch_id, ""), str(path) if path else None)
    return out


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[\n；;]+", text) if t.strip())
