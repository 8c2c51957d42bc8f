"""What an operating-system error means for the clerk: a full disk, a read-only or forbidden place — in Chinese.

Pure: the caller passes the error and, for a full disk, the free space it measured.
"""

from __future__ import annotations

import errno

DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# SQLite's own words for SQLITE_FULL and SQLITE_READONLY / SQLITE_CANTOPEN.
SQLITE_FULL_TEXT = "database or disk is full"
SQLITE_READONLY_TEXT = ("attempt to write a readonly database", "readonly database")


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
        return True
    return SQLITE_FULL_TEXT in str(exc)


def is_read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in READ_ONLY_ERRNOS:
        return True
    return any(t in str(exc) for t in SQLITE_READONLY_TEXT)


def human_bytes(n: int) -> str:
    if n >= 1 << 30:
        return f"{n / (1 << 30):.1f} GB"
    return f"{n / (1 << 20):.0f} MB"


def disk_full_message(where: str, free: int | None) -> str:
    left = f"（剩余 {human_bytes(free)}）" if free is not None else ""
    return f"磁盘已满：请腾出空间{left}后再试。位置：{where}。没有做任何改动。"


def read_only_message(where: str) -> str:
    return f"无法写入“{where}”：这个位置是只读的，或者没有写入权限。请换一个位置，或检查权限后再试。"


def unreadable_reason(exc: OSError) -> str:
    """Why a file the clerk named cannot be read, in Chinese (the system's own words when there are none)."""
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取它的权限，或它正被别的程序占用"
    if exc.errno in (errno.EIO, errno.ENXIO, errno.ENODEV):
        return "读取出错，U盘可能已拔出或损坏"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "找不到这个文件"
    return exc.strerror or str(exc)
