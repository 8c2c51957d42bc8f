"""Paper sizes, printer margins and the tiling of a large board onto A4/A3 sheets (pure functions, points)."""

from __future__ import annotations

import math
from dataclasses import dataclass

MM = 72.0 / 25.4  # points per millimetre

# Portrait sizes in millimetres; the large board is given in its usual landscape form (120 × 90 cm).
PAPER_MM: dict[str, tuple[float, float]] = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "board-120x90": (1200.0, 900.0),
}
# Office printers cannot print the outer ~5 mm; 12 mm leaves room for a little misfeed.
MARGIN_MM: dict[str, float] = {"A4": 12.0, "A3": 12.0, "board-120x90": 30.0}
# How big things are drawn: a large board is read from a few metres away.
SCALE: dict[str, float] = {"A4": 1.0, "A3": 1.0, "board-120x90": 2.4}

TILE_MARGIN_MM = 10.0  # unprinted edge of each sheet; cut marks sit in it
TILE_OVERLAP_MM = 10.0  # each sheet repeats this much of its neighbour, for gluing


def page_size(paper: str, orientation: str) -> tuple[float, float]:
    """Width and height in points. ``board-120x90`` is landscape as given; portrait turns it."""
    w, h = PAPER_MM[paper]
    if paper == "board-120x90":
        w, h = (h, w) if orientation == "portrait" else (w, h)
    elif orientation == "landscape":
        w, h = h, w
    return w * MM, h * MM


def margin(paper: str) -> float:
    return MARGIN_MM[paper] * MM


def scale(paper: str) -> float:
    return SCALE[paper]


@dataclass(frozen=True)
class Tile:
    """One sheet of a tiled board: which part of the big page it shows and where on the sheet."""

    row: int  # 1-based, from the top
    col: int  # 1-based, from the left
    rows: int
    cols: int
    sheet_w: float
    sheet_h: float
    # The part of the big page (PDF coordinates, origin bottom-left) printed on this sheet.
    src_x: float
    src_y: float
    src_w: float
    src_h: float
    # Where that part lands on the sheet (its lower-left corner); scale is 1:1.
    dest_x: float
    dest_y: float
    # Width of the glue strip repeated from the next sheet on the right / below (0 at the edges).
    overlap_right: float
    overlap_bottom: float

    @property
    def label(self) -> str:
        return f"第{self.row}行第{self.col}列"


def _count(length: float, usable: float, overlap: float) -> int:
    if length <= usable:
        return 1
    return math.ceil((length - overlap) / (usable - overlap))


def tile_layout(
    board_w: float,
    board_h: float,
    sheet: str,
    margin_pt: float = TILE_MARGIN_MM * MM,
    overlap_pt: float = TILE_OVERLAP_MM * MM,
) -> list[Tile]:
    """Cut a ``board_w × board_h`` page into sheets of paper ``sheet`` at full size.

    The sheet orientation that needs fewer sheets wins (portrait on a tie). Sheets are listed row by
    row from the top left, the order in which they are pasted up.
    """
    best: list[Tile] | None = None
    for orientation in ("portrait", "landscape"):
        sw, sh = page_size(sheet, orientation)
        uw, uh = sw - 2 * margin_pt, sh - 2 * margin_pt
        if uw <= overlap_pt or uh <= overlap_pt:
            raise ValueError("margins and overlap leave no room on the sheet")
        cols = _count(board_w, uw, overlap_pt)
        rows = _count(board_h, uh, overlap_pt)
        step_x, step_y = uw - overlap_pt, uh - overlap_pt
        tiles: list[Tile] = []
        for r in range(rows):
            for c in range(cols):
                x0 = c * step_x
                w = min(uw, board_w - x0)
                top = board_h - r * step_y  # measured from the bottom (PDF coordinates)
                h = min(uh, top)
                y0 = top - h
                tiles.append(
                    Tile(
                        row=r + 1,
                        col=c + 1,
                        rows=rows,
                        cols=cols,
                        sheet_w=sw,
                        sheet_h=sh,
                        src_x=x0,
                        src_y=y0,
                        src_w=w,
                        src_h=h,
                        dest_x=margin_pt,
                        dest_y=sh - margin_pt - h,  # content hangs from the top margin
                        overlap_right=overlap_pt if c < cols - 1 else 0.0,
                        overlap_bottom=overlap_pt if r < rows - 1 else 0.0,
                    )
                )
        if best is None or len(tiles) < len(best):
            best = tiles
    assert best is not None
    return best


def grid(avail: float, min_cell: float, gap: float) -> tuple[int, float]:
    """How many cells of at least ``min_cell`` fit in ``avail`` with ``gap`` between them, and their size."""
    n = max(1, int((avail + gap) // (min_cell + gap)))
    return n, (avail - gap * (n - 1)) / n
