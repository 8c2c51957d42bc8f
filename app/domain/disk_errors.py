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


# Errors about a path the clerk named (not about the disk): the name or the place is wrong, the stick is gone.
PATH_ERRNOS = frozenset(
    {
        errno.ENAMETOOLONG,
        errno.ENOENT,
        errno.ENOTDIR,
        errno.EISDIR,
        errno.EINVAL,
        errno.EIO,
        errno.ENXIO,
        errno.ENODEV,
    }
)


def is_path_problem(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and bool(exc.filename) and exc.errno in PATH_ERRNOS


_WORDS = {
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EACCES: "没有权限，或它正被别的程序占用",
    errno.EPERM: "没有权限，或它正被别的程序占用",
    errno.EROFS: "这个位置是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.EIO: "读写出错，U盘可能已拔出或损坏",
    errno.ENXIO: "读写出错，U盘可能已拔出或损坏",
    errno.ENODEV: "读写出错，U盘可能已拔出或损坏",
    errno.ENOENT: "找不到这个文件或文件夹",
    errno.ENOTDIR: "找不到这个文件或文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "已经有同名的文件",
    errno.EINVAL: '名字里有不能用的字符（如 \\ / : * ? " < > |）',
}


def os_error_words(exc: BaseException) -> str:
    """What an operating-system error says, in Chinese for the usual ones (a Windows console's C library
    speaks English); the system's own words otherwise."""
    if isinstance(exc, OSError):
        if exc.errno == errno.EINVAL and not exc.filename:  # EINVAL about a name only when it names one
            return exc.strerror or str(exc)
        return _WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    return str(exc)


# Errors of the disk itself: they come from a read or write on a file already open, so they may name no file.
DEVICE_ERRNOS = DISK_FULL_ERRNOS | {errno.EIO, errno.ENXIO, errno.ENODEV, errno.EROFS}


def is_file_problem(exc: BaseException) -> bool:
    """An operating-system error about a file or folder the clerk chose, or the disk it is on — the name, the
    place, the stick pulled out, a full or read-only disk, no permission: not a bug in the program."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno in DEVICE_ERRNOS:
        return True
    return bool(exc.filename) and exc.errno in PATH_ERRNOS | READ_ONLY_ERRNOS | {errno.EEXIST}


def problem_file_name(exc: OSError, chosen: object = None) -> str:
    """The last part of the file an error names (or of ``chosen``, the file the clerk chose, when the error is
    about a temporary file beside it), short enough for a message: a 300-character name is cut."""
    name = str(chosen or exc.filename or "").rstrip("/\\")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return name if len(name) <= 40 else name[:34] + "…" + name[-5:]  # the ending says what kind of file


FILE_PROBLEM_ADVICE = "请检查U盘是否插好，或换一个文件夹、换一个短一些的文件名后再试。"


def file_problem_message(exc: OSError, chosen: object = None) -> str:
    """What the clerk is told for :func:`is_file_problem`: which file (``chosen``, the file the clerk chose, if
    given), what is wrong with it, and what to do."""
    name = problem_file_name(exc, chosen)
    which = f"“{name}”" if name else ""
    return f"无法使用文件{which}：{os_error_words(exc)}。\n{FILE_PROBLEM_ADVICE}"
