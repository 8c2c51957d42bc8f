"""Draw the application icon (a red five-pointed star on a wooden notice board) as app.png and app.ico.

Run from the checkout: ``python scripts/make_icon.py``. The output lands in resources/icons/ and is
committed, so builds do not need this script; it exists so the icon can be remade or changed.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
SUPERSAMPLE = 4  # draw at 4× and shrink: Pillow's polygons are not anti-aliased

BOARD = (176, 112, 58)  # warm wood
BOARD_EDGE = (120, 70, 30)
PAPER = (255, 249, 232)
RED = (214, 30, 30)
RED_DARK = (150, 12, 12)
GOLD = (255, 214, 90)


def star_points(cx: float, cy: float, outer: float, inner: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int = 256) -> Image.Image:
    s = size * SUPERSAMPLE
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    u = s / 256  # design units: the drawing is laid out on a 256 grid

    # Two posts and the board frame.
    for x in (64, 192):
        d.rectangle([(x - 8) * u, 200 * u, (x + 8) * u, 250 * u], fill=BOARD_EDGE)
    d.rounded_rectangle([10 * u, 14 * u, 246 * u, 212 * u], radius=18 * u, fill=BOARD_EDGE)
    d.rounded_rectangle([18 * u, 22 * u, 238 * u, 204 * u], radius=12 * u, fill=BOARD)
    # The paper notice pinned on the board.
    d.rounded_rectangle([34 * u, 36 * u, 222 * u, 192 * u], radius=6 * u, fill=PAPER)
    # A red title band at the top of the notice, like the boards on the village wall.
    d.rectangle([34 * u, 36 * u, 222 * u, 56 * u], fill=RED)
    # The big red star, with a darker outline so it reads at 16 px.
    outline = star_points(128 * u, 124 * u, 66 * u, 27 * u)
    d.polygon(outline, fill=RED_DARK)
    d.polygon(star_points(128 * u, 125 * u, 58 * u, 23.5 * u), fill=RED)
    # Gold pins in the corners.
    for x, y in ((46, 68), (210, 68), (46, 180), (210, 180)):
        d.ellipse([(x - 5) * u, (y - 5) * u, (x + 5) * u, (y + 5) * u], fill=GOLD)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw(256)
    big.save(OUT / "app.png", optimize=True)
    # Small sizes drawn separately would be sharper, but the shape is simple enough that
    # Pillow's downscaling from 256 keeps the star legible at 16 px.
    big.save(OUT / "app.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'app.png'} and {OUT / 'app.ico'}")


if __name__ == "__main__":
    main()
