"""Chinese text on boards: wrapping by character, ellipsis, vector stars, and no ID numbers ever."""

from __future__ import annotations

import pytest

from app.boards import ops
from app.boards.model import StarCard, refuse_id_numbers
from app.domain.errors import UserError
from app.paths import fonts_dir

LONG = "每月走访联系户不少于两次，及时收集反映群众意见建议，带头做好垃圾分类和环境整治工作"


@pytest.fixture(autouse=True)
def _board_fonts() -> None:
    """The service tells the boards where the fonts are; these tests use app.boards directly."""
    ops.use_fonts(fonts_dir())


def test_wrap_breaks_chinese_by_character_within_width() -> None:
    lines = ops.wrap(LONG, 9, 120)
    assert "".join(lines) == LONG
    assert len(lines) > 1
    assert all(ops.width(line, 9) <= 120 + 9 for line in lines)  # punctuation may hang by one glyph
    assert not any(line[0] in "，。、" for line in lines)


def test_wrap_keeps_latin_words_and_numbers_whole() -> None:
    lines = ops.wrap("联系电话 13857201234 随时可以打", 9, 80)
    assert any("13857201234" in line for line in lines)


def test_max_lines_ends_in_ellipsis() -> None:
    lines = ops.wrap(LONG, 9, 100, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert ops.width(lines[-1], 9) <= 100


def test_ellipsize() -> None:
    assert ops.ellipsize("王伟", 12, 100) == "王伟"
    short = ops.ellipsize(LONG, 10, 60)
    assert short.endswith("…") and ops.width(short, 10) <= 60


def test_fit_size_shrinks_long_names() -> None:
    assert ops.fit_size("王伟", 13, 100) == 13
    assert ops.fit_size("欧阳诸葛明月", 13, 50, ops.BOLD) < 13


def test_stars_are_vector_polygons() -> None:
    shapes = ops.stars(0, 0, 3, 10)
    assert len(shapes) == 5
    assert all(isinstance(s, ops.Poly) and len(s.points) == 10 for s in shapes)
    assert [s.fill for s in shapes].count(ops.STAR_FILL) == 3
    ys = [y for s in shapes for _, y in s.points]
    assert min(ys) == pytest.approx(0, abs=0.3) and max(ys) == pytest.approx(10, abs=0.3)


@pytest.mark.parametrize(
    "text", ["330522198503120017", "身份证 33052219850312001X 王伟", "33052219850312001x"]
)
def test_id_numbers_are_refused(text: str) -> None:
    card = StarCard("王伟", "第一党支部", None, 3, text)
    with pytest.raises(UserError, match="身份证号"):
        refuse_id_numbers([card])


def test_ordinary_numbers_pass() -> None:
    refuse_id_numbers(
        [
            StarCard(
                "王伟",
                "第一党支部",
                "/data/photos/330522198503120017.jpg",
                3,
                "联系 13857201234，捐款 2000 元",
            )
        ]
    )
