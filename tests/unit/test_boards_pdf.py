"""Boards rendered to PDF: page sizes, embedded fonts, names in the text layer, no ID numbers, no partial files."""

from __future__ import annotations

from pathlib import Path

import pytest
from boards_helpers import (
    LONG_COMMITMENT,
    NAMES,
    commitment_board,
    fonts,
    has_poppler,
    page_sizes,
    points_board,
    raw_streams,
    star_board,
    text,
    wuliang_board,
)

from app.boards import geometry as g, ops
from app.boards.model import BoardData, StarCard
from app.boards.pdf import write_pdf
from app.domain.errors import UserError
from app.paths import fonts_dir

MM = g.MM
needs_poppler = pytest.mark.skipif(not has_poppler(), reason="poppler-utils (pdftotext) not installed")


@pytest.fixture(autouse=True)
def _board_fonts() -> None:
    """The service tells the boards where the fonts are; these tests use app.boards directly."""
    ops.use_fonts(fonts_dir())


def _pdf(tmp_path: Path, data: BoardData, name: str = "board.pdf") -> tuple[Path, int]:
    out = tmp_path / name
    return out, write_pdf(data, out)


@pytest.mark.parametrize(
    ("paper", "orientation"),
    [
        ("A4", "portrait"),
        ("A4", "landscape"),
        ("A3", "portrait"),
        ("A3", "landscape"),
        ("board-120x90", "landscape"),
    ],
)
def test_star_chart_page_size(tmp_path: Path, paper: str, orientation: str) -> None:
    out, pages = _pdf(tmp_path, star_board(tmp_path, paper=paper, orientation=orientation))
    sizes = page_sizes(out)
    assert len(sizes) == pages >= 1
    expected = g.page_size(paper, orientation)
    assert all(s == pytest.approx(expected, abs=0.5) for s in sizes)


@pytest.mark.parametrize(
    "make",
    [
        lambda p: star_board(p),
        lambda p: star_board(p, layout="table"),
        lambda p: commitment_board(p, year_end=True),
        lambda p: wuliang_board(p),
        lambda p: points_board(),
    ],
    ids=["stars", "stars-table", "commitments", "wuliang", "points"],
)
def test_every_board_embeds_only_the_bundled_font(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    out, _ = _pdf(tmp_path, make(tmp_path))
    found = fonts(out)
    assert found, "no fonts found"
    assert all(embedded for _, embedded in found), found
    assert all("NotoSansSC" in name for name, _ in found), found
    assert b"STSong" not in out.read_bytes()


@needs_poppler
def test_names_and_titles_are_in_the_text_layer(tmp_path: Path) -> None:
    out, _ = _pdf(tmp_path, star_board(tmp_path))
    layer = text(out)
    for name in NAMES:
        assert name in layer
    assert "星级评定公示" in layer
    assert "公示期：2026年10月8日至10月14日" in layer
    assert "丁新村党总支" in layer
    assert "免评" in layer and "闪光言行之星" in layer


@needs_poppler
def test_several_pages_are_numbered(tmp_path: Path) -> None:
    out, pages = _pdf(tmp_path, star_board(tmp_path, n=60))
    assert pages > 1
    assert f"第1页/共{pages}页" in text(out).replace(" ", "")


@needs_poppler
def test_commitment_board_year_end_shows_keeping(tmp_path: Path) -> None:
    out, _ = _pdf(tmp_path, commitment_board(tmp_path, year_end=True))
    layer = text(out).replace("\n", "")
    assert "已兑现" in layer and "未兑现" in layer
    assert LONG_COMMITMENT[:12] in layer  # a 40-character commitment is printed, wrapped, not lost


@needs_poppler
def test_wuliang_prints_the_contact_phone_one_member_per_a4(tmp_path: Path) -> None:
    out, pages = _pdf(tmp_path, wuliang_board(tmp_path, n=3))
    assert pages == 3
    layer = text(out)
    assert "13857201234" in layer and "亮承诺" in layer
    out3, pages3 = _pdf(tmp_path, wuliang_board(tmp_path, n=3, paper="A3", orientation="landscape"), "a3.pdf")
    assert pages3 < 3  # several members share an A3 sheet


def test_a_branch_with_one_member_and_no_photo(tmp_path: Path) -> None:
    data = BoardData(
        "stars",
        star_board(tmp_path).options,
        stars=[StarCard("欧阳明月", "书记", None, 5, "", highlight=True)],
    )
    out, pages = _pdf(tmp_path, data)
    assert pages == 1 and out.stat().st_size > 1000


def test_photo_used_many_times_is_stored_once(tmp_path: Path) -> None:
    out, _ = _pdf(tmp_path, star_board(tmp_path, n=40))
    assert out.read_bytes().count(b"/Subtype /Image") == 3  # three distinct photo files among 40 cards


def test_tiled_board_sheets_are_a4_with_a_sheet_index(tmp_path: Path) -> None:
    out, pages = _pdf(
        tmp_path, star_board(tmp_path, paper="board-120x90", orientation="landscape", tile="A4")
    )
    a4 = sorted(g.page_size("A4", "portrait"))
    assert pages > 4
    assert all(sorted(s) == pytest.approx(a4, abs=0.5) for s in page_sizes(out))
    if has_poppler():
        layer = text(out)
        assert "第1行第1列" in layer and "第2行第3列" in layer


def test_id_number_anywhere_refuses_and_leaves_no_file(tmp_path: Path) -> None:
    data = star_board(tmp_path)
    data.stars[0] = StarCard("王伟", "第一党支部", None, 3, "身份证330522198503120017")
    out = tmp_path / "out.pdf"
    with pytest.raises(UserError, match="身份证号"):
        write_pdf(data, out)
    assert list(tmp_path.glob("*.pdf*")) == []


def test_no_id_number_in_the_output(tmp_path: Path) -> None:
    out, _ = _pdf(tmp_path, star_board(tmp_path))
    import re

    assert not re.search(rb"[1-9]\d{16}[\dX]", raw_streams(out))


def test_failure_mid_way_leaves_no_partial_file(tmp_path: Path) -> None:
    data = star_board(tmp_path, n=30)

    def boom(done: int, total: int) -> None:
        if done > 10:
            raise RuntimeError("interrupted")

    out = tmp_path / "out.pdf"
    out.write_bytes(b"old board")
    with pytest.raises(RuntimeError):
        write_pdf(data, out, boom)
    assert out.read_bytes() == b"old board"  # the previous file is untouched
    assert [p.name for p in tmp_path.glob("*.part")] == []


def test_nothing_to_print(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="没有可打印的内容"):
        write_pdf(BoardData("stars", star_board(tmp_path).options), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_wuliang_text_prints_at_least_9_pt_with_four_members_on_a3(tmp_path: Path) -> None:
    """Four panels on A3 portrait shrink each sheet to ~0.72: the duties and commitments grow instead of
    printing below 9 pt (the post, branch and phone label too)."""
    from app.boards.layouts.wuliang import MIN_PRINTED_PT, wuliang_board as layout

    (page,) = layout(wuliang_board(tmp_path, n=4, paper="A3", orientation="portrait"))
    groups = [op for op in page.ops if isinstance(op, ops.Group)]
    assert len(groups) == 4 and groups[0].scale < 0.8
    readable = {"亮区域", "亮职责", "亮承诺", "亮服务", "联系电话"}
    for group in groups:
        texts = [op for op in group.ops if isinstance(op, ops.Text)]
        labels = {t.text for t in texts}
        assert readable <= labels
        body = [
            t for t in texts if t.font == ops.REGULAR and t.text != "暂无照片" and t.size * group.scale < 13
        ]
        assert body and all(t.size * group.scale >= MIN_PRINTED_PT - 0.01 for t in body)
    a4 = layout(wuliang_board(tmp_path, n=1))[0]
    sheet = next(op for op in a4.ops if isinstance(op, ops.Group))
    assert {t.size for t in sheet.ops if isinstance(t, ops.Text) and t.font == ops.REGULAR} >= {12.5}
