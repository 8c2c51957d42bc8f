"""Notice boards (公示栏): star chart, commitment board, 五亮 panels and points ranking, as PDF or preview.

The kinds are descriptors (app.boards.kinds, re-exported here); each has a gatherer (gatherers/) that
reads its data through the other services. ui and the CLI use only this package, never app.boards.
"""

from __future__ import annotations

from app.boards.kinds import BoardKind, Option, OptionName
from app.boards.model import (
    LAYOUT_CHOICES,
    ORIENTATIONS,
    PAPER_LABELS,
    PAPERS,
    TILE_PAPERS,
    BoardData,
    Layout,
    Orientation,
    Paper,
    TilePaper,
)
from app.boards.ops import Page as BoardPage
from app.services.boards.core import (
    Progress,
    board_kind,
    board_kinds,
    build,
    preview,
    register_board,
    render,
    unregister_board,
)
from app.services.boards.gatherers.stars import left_out as stars_left_out
from app.services.boards.request import NOTHING, OBJECTION_DAYS, BoardRequest, Gathered, Gatherer
from app.services.boards.titles import TITLE_SETTING, default_title, remember_title, title_for, title_key

__all__ = [
    "LAYOUT_CHOICES",
    "NOTHING",
    "OBJECTION_DAYS",
    "ORIENTATIONS",
    "PAPERS",
    "PAPER_LABELS",
    "TILE_PAPERS",
    "TITLE_SETTING",
    "BoardData",
    "BoardKind",
    "BoardPage",
    "BoardRequest",
    "Gathered",
    "Gatherer",
    "Layout",
    "Option",
    "OptionName",
    "Orientation",
    "Paper",
    "Progress",
    "TilePaper",
    "board_kind",
    "board_kinds",
    "build",
    "default_title",
    "preview",
    "register_board",
    "remember_title",
    "render",
    "stars_left_out",
    "title_for",
    "title_key",
    "unregister_board",
]
