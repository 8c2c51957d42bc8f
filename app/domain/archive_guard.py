"""The zip-bomb guard shared by the backup reader and the .xlsx reader: judge an archive by its directory alone.

Pure: it looks at each entry's declared sizes (``zipfile.ZipInfo`` or anything with ``filename``, ``file_size``
and ``compress_size``) and never inflates a byte. The caller reads the directory and picks the limits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from app.domain.errors import UserError


class Entry(Protocol):
    filename: str
    file_size: int
    compress_size: int


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int
    max_total: int  # bytes once inflated, all entries together
    max_entry: int  # bytes once inflated, any one entry
    max_ratio: int  # inflated / compressed, for entries above ``ratio_floor``
    ratio_floor: int = 1 << 20


# A .pbk: far above any real village or township, far below filling a disk.
BACKUP_LIMITS = ArchiveLimits(max_entries=200_000, max_total=16 << 30, max_entry=16 << 30, max_ratio=250)

# An .xlsx holding at most 20,000 roster rows (app.excel.reader.MAX_DATA_ROWS): 20,000 rows × 60 columns at
# ~100 bytes of XML a cell is 120 MB of sheet; shared strings, styles and the rest are far smaller. Real
# workbooks compress 5-30×; zip bombs 1,000× and more.
XLSX_LIMITS = ArchiveLimits(max_entries=5_000, max_total=400 << 20, max_entry=160 << 20, max_ratio=200)


class ArchiveRefused(UserError):
    """The archive's directory promises more than any honest file of its kind holds; nothing was inflated."""


def check_archive(entries: Iterable[Entry], limits: ArchiveLimits, what: str) -> None:
    """Refuse (ArchiveRefused, a Chinese message naming ``what``) an archive over ``limits``."""
    items = list(entries)
    if len(items) > limits.max_entries:
        raise ArchiveRefused(f"{what}里的文件数量不合理（{len(items)} 个），可能是恶意文件，已拒绝。")
    total = 0
    for info in items:
        size = max(0, info.file_size)
        total += size
        too_big = size > limits.max_entry
        too_packed = size > limits.ratio_floor and size > max(1, info.compress_size) * limits.max_ratio
        if too_big or too_packed:
            raise ArchiveRefused(
                f"{what}里的“{info.filename}”解开后大小不合理（{size / (1 << 20):,.0f} MB），"
                "可能是恶意文件，已拒绝。"
            )
    if total > limits.max_total:
        raise ArchiveRefused(
            f"{what}解开后大得不合理（{total / (1 << 20):,.0f} MB），可能是恶意文件，已拒绝。"
        )
