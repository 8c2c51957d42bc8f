"""Board titles: each kind's default, and the clerk's last edit remembered per kind.

{period} → 2026年第三季度, {year} → 2026. The clerk's edits are remembered with the same placeholders,
so a title changed in the third quarter is still right in the fourth.
"""

from __future__ import annotations

import datetime as dt
import re

from app.boards import kinds
from app.db.database import Database
from app.services import settings
from app.services.boards.request import BoardRequest, period_label

TITLE_SETTING = "boards.title."


def title_key(req: BoardRequest) -> str:
    return kinds.get(req.kind).title_key(req.year_end, req.extra.get("sheet", ""))


def default_title(req: BoardRequest) -> str:
    """The kind's own title template (with its placeholders), whatever the clerk last typed."""
    return kinds.get(req.kind).default_title_for(title_key(req))


def _fill(template: str, req: BoardRequest) -> str:
    year = req.year or (int(req.period[:4]) if req.period[:4].isdigit() else dt.date.today().year)
    return template.replace("{period}", period_label(req)).replace("{year}", str(year))


def _unfill(title: str, req: BoardRequest) -> str:
    label = period_label(req)
    if label:
        title = title.replace(label, "{period}")
    year = req.year or (int(req.period[:4]) if req.period[:4].isdigit() else None)
    if year:
        title = re.sub(rf"(?<!\d){year}(?!\d)", "{year}", title)
    return title


def title_for(db: Database, req: BoardRequest) -> str:
    """The title to prefill: the one last used for this kind of board, else the default."""
    template = settings.get(db, TITLE_SETTING + title_key(req)) or default_title(req)
    return _fill(str(template), req)


def remember_title(db: Database, req: BoardRequest, title: str) -> None:
    title = title.strip()
    if not title:
        return
    template = _unfill(title, req)
    key = title_key(req)
    if template != (settings.get(db, TITLE_SETTING + key) or default_title(req)):
        settings.put(db, TITLE_SETTING + key, template)
