"""A village's photos merged into the township's photos folder: each photo file is named once for all time
(a random name given when it was stored), so a name the township already has is the same photo sent again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.domain.errors import UserError


def plan(incoming: Path, photos: Path) -> tuple[list[Path], int]:
    """(the package's photos the township lacks, how many it has already). A name the township holds with other
    bytes is refused before anything is merged: neither photo is overwritten."""
    if not incoming.is_dir():
        return [], 0
    new: list[Path] = []
    same = 0
    for photo in sorted(incoming.iterdir()):
        target = photos / photo.name
        if not target.exists():
            new.append(photo)
        elif target.stat().st_size == photo.stat().st_size and target.read_bytes() == photo.read_bytes():
            same += 1
        else:
            raise UserError(
                f"数据包里的照片“{photo.name}”与乡镇已有的一张照片同名但内容不同，为免换错照片，整个数据包未导入。"
            )
    return new, same


def move_in(new: list[Path], photos: Path) -> None:
    """After the rows are merged: the new photos moved (same disk) or copied into the photos folder."""
    photos.mkdir(parents=True, exist_ok=True)
    for photo in new:
        part = photos / (photo.name + ".part")
        try:
            os.replace(photo, part)
        except OSError:
            shutil.copyfile(photo, part)
        part.replace(photos / photo.name)
