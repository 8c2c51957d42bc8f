"""A board's drawing list, for the GUI's painter (ui.board_painter): the service is the UI's one door to
app.boards. ``width`` measures with the board fonts, which preview() has set up by the time pages exist."""

from __future__ import annotations

from app.boards.ops import BOLD, REGULAR, Circle, Embed, Group, Line, Op, Page, Photo, Poly, Rect, Text, width

__all__ = [
    "BOLD",
    "REGULAR",
    "Circle",
    "Embed",
    "Group",
    "Line",
    "Op",
    "Page",
    "Photo",
    "Poly",
    "Rect",
    "Text",
    "width",
]
