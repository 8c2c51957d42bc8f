"""Photos are shrunk on the way in: ≤ 480 px JPEG, upright as the phone showed them."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.domain.errors import UserError
from app.services.photos import shrink_to_jpeg


def _jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    img = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_big_phone_photo_is_shrunk_to_480_px_jpeg() -> None:
    small = Image.open(io.BytesIO(shrink_to_jpeg(_jpeg(3000, 4000))))
    assert small.format == "JPEG" and max(small.size) == 480 and small.size == (360, 480)


def test_exif_orientation_is_applied() -> None:
    # Stored landscape, tagged "rotate 90°": the phone showed it in portrait.
    upright = Image.open(io.BytesIO(shrink_to_jpeg(_jpeg(800, 600, orientation=6))))
    assert upright.size[0] < upright.size[1]


def test_png_with_transparency_becomes_jpeg_on_white() -> None:
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    result = Image.open(io.BytesIO(shrink_to_jpeg(out.getvalue())))
    assert result.mode == "RGB" and result.getpixel((50, 50)) == (255, 255, 255)


def test_not_a_picture_is_a_clear_message() -> None:
    with pytest.raises(UserError, match="照片"):
        shrink_to_jpeg(b"%PDF-1.4 not a photo")
