"""Member photos: shrunk on the way in (≤ 480 px JPEG, EXIF orientation applied) and kept in the photos folder."""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from app.db.database import Database
from app.db.models import Member
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.services import audit

MAX_SIDE = 480
# Above any phone's default photo (12-50 megapixels); a "decompression bomb" PNG claims hundreds of millions.
MAX_PIXELS = 80_000_000


def shrink_to_jpeg(data: bytes) -> bytes:
    """Any photo (phone JPEG, PNG, BMP…) → a JPEG no larger than 480 px on its long side."""
    # Pillow is imported here: listing or printing the roster should not pay for it.
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as original:
            width, height = original.size  # read from the header: nothing decoded yet
            if width * height > MAX_PIXELS:
                raise UserError(
                    f"这张图片太大（{width}×{height} 像素），不像是照片，已拒绝。请选手机或相机拍的照片"
                )
            img: Image.Image = ImageOps.exif_transpose(original)
            img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if img.mode != "RGB":
                background = Image.new("RGB", img.size, "white")
                rgba = img.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                img = background
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85, optimize=True)
            return out.getvalue()
    except Image.DecompressionBombError as exc:
        raise UserError("这张图片太大，不像是照片，已拒绝。请选手机或相机拍的照片") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UserError("这个文件不是能识别的照片，请选 JPG 或 PNG 图片") from exc


def store_photo(db: Database, data: bytes) -> str:
    """Save shrunk photo bytes into the photos folder; returns the file name."""
    return _write_jpeg(
        db, shrink_to_jpeg(data)
    )  # shrunk before any file exists: a refused image leaves nothing


def _write_jpeg(db: Database, jpeg: bytes) -> str:
    name = f"{uuid.uuid4().hex}.jpg"
    folder = db.data_dir.photos
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (name + ".part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(jpeg)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(folder / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return name


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as exc:
        raise UserError(f"读不了照片文件：{os_error_words(exc)}") from exc


def store_photo_file(db: Database, source: Path) -> str:
    """Read, shrink and store a photo file; returns the file name inside the photos folder."""
    return store_photo(db, _read(source))


def store_photo_files(db: Database, sources: Sequence[Path]) -> list[str]:
    """Several photos of one step: every one read and shrunk before any is written, so a bad file refuses them
    all and leaves nothing behind."""
    jpegs = [shrink_to_jpeg(_read(Path(source))) for source in sources]
    names: list[str] = []
    with kept_if_saved(db, names):
        for jpeg in jpegs:
            names.append(_write_jpeg(db, jpeg))
    return names


@contextmanager
def kept_if_saved(db: Database, names: Sequence[str]) -> Iterator[None]:
    """Photos just stored for a change: removed again if the change fails (refused by the account's scope, a
    stale version, a wrong state) — nothing refers to them, and a refused action leaves no stray files. The
    names are uuids of this step, never a file another row uses."""
    try:
        yield
    except BaseException:
        for name in names:
            if name:
                (db.data_dir.photos / name).unlink(missing_ok=True)
        raise


def set_member_photo(db: Database, member_id: str, source: Path | None) -> str:
    """Give a member a photo from a file (or remove it with ``None``). The old file is kept for backups."""
    name = store_photo_file(db, source) if source is not None else ""
    with kept_if_saved(db, [name]), db.session() as s, s.begin():
        m = s.get(Member, member_id)
        if m is None:
            raise UserError("找不到这个党员")
        audit.record(s, db.actor, "update", "member", member_id, "photo", m.photo, name)
        m.photo = name
    return name


def photo_path(db: Database, name: str) -> Path | None:
    if not name:
        return None
    path = db.data_dir.photos / name
    return path if path.exists() else None
