"""Paper sizes and the tiling of a large board onto A4/A3 sheets (pure geometry)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from app.boards import geometry as g

MM = g.MM


def test_paper_sizes_in_points() -> None:
    assert g.page_size("A4", "portrait") == pytest.approx((595.28, 841.89), abs=0.01)
    assert g.page_size("A4", "landscape") == pytest.approx((841.89, 595.28), abs=0.01)
    assert g.page_size("A3", "portrait") == pytest.approx((841.89, 1190.55), abs=0.01)
    assert g.page_size("board-120x90", "landscape") == pytest.approx((1200 * MM, 900 * MM))
    assert g.page_size("board-120x90", "portrait") == pytest.approx((900 * MM, 1200 * MM))
    assert g.margin("A4") >= 10 * MM


def test_board_on_a4_sheets_overlaps_and_covers_everything() -> None:
    w, h = g.page_size("board-120x90", "landscape")
    tiles = g.tile_layout(w, h, "A4")
    rows, cols = tiles[0].rows, tiles[0].cols
    assert len(tiles) == rows * cols
    assert [(t.row, t.col) for t in tiles[:2]] == [(1, 1), (1, 2)]
    assert tiles[0].label == "第1行第1列"
    # Neighbours share exactly the 10 mm glue strip.
    first, second = tiles[0], tiles[1]
    assert first.src_x + first.src_w - second.src_x == pytest.approx(10 * MM)
    assert first.overlap_right == pytest.approx(10 * MM)
    assert tiles[-1].overlap_right == 0 and tiles[-1].overlap_bottom == 0
    # The first row hangs from the top of the board; the last row reaches its bottom.
    assert first.src_y + first.src_h == pytest.approx(h)
    assert tiles[-1].src_y == pytest.approx(0)
    for t in tiles:
        assert t.dest_x >= 10 * MM - 1e-6 and t.dest_y >= 10 * MM - 1e-6
        assert t.dest_x + t.src_w <= t.sheet_w - 10 * MM + 1e-6
        assert t.dest_y + t.src_h <= t.sheet_h - 10 * MM + 1e-6


def test_a3_needs_fewer_sheets_than_a4() -> None:
    w, h = g.page_size("board-120x90", "landscape")
    assert len(g.tile_layout(w, h, "A3")) < len(g.tile_layout(w, h, "A4"))


def test_a_page_that_fits_is_one_sheet() -> None:
    tiles = g.tile_layout(100 * MM, 100 * MM, "A4")
    assert len(tiles) == 1 and tiles[0].overlap_right == 0


@given(st.floats(200, 3000), st.floats(200, 3000))
def test_tiles_cover_the_board_without_gaps(w_mm: float, h_mm: float) -> None:
    w, h = w_mm * MM, h_mm * MM
    tiles = g.tile_layout(w, h, "A4")
    cols = tiles[0].cols
    row0 = tiles[:cols]
    xs = sorted((t.src_x, t.src_x + t.src_w) for t in row0)
    assert xs[0][0] == pytest.approx(0) and xs[-1][1] == pytest.approx(w)
    for (_, end), (start, _) in zip(xs, xs[1:], strict=False):
        assert start <= end + 1e-6  # each sheet starts before the previous one ends
    col0 = [t for t in tiles if t.col == 1]
    ys = sorted((t.src_y, t.src_y + t.src_h) for t in col0)
    assert ys[0][0] == pytest.approx(0, abs=1e-6) and ys[-1][1] == pytest.approx(h)


def test_grid_cells() -> None:
    n, size = g.grid(300, 60, 10)
    assert n == 4 and size == pytest.approx(67.5)
    assert g.grid(50, 60, 10) == (1, 50)
