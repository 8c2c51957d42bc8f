"""The data folder's lock: every process that opens the data (GUI, CLI) holds it shared; a restore, a schema
upgrade and the recovery of an interrupted restore hold it exclusively.

So a restore can never swap the database file under a process that still writes to the old one (the write
would land in a file that is then deleted): it waits a few seconds for the others and otherwise refuses with a
clear message, and a process that starts during a restore waits or refuses likewise. One lock file per data
folder (``pioneer-board-data.lock``), one open handle per process (counted), so several ``Database`` objects of
one process share it. POSIX: ``flock``; Windows: byte-range locks on slots (a reader locks one of many slots,
the exclusive holder locks them all), because ``msvcrt`` has no shared locks.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import UserError

log = logging.getLogger(__name__)

LOCK_NAME = "pioneer-board-data.lock"
WAIT_SECONDS = 10.0
_SLOTS = 4096  # Windows: readers pick one of these bytes; the exclusive holder locks them all
_POLL = 0.05


class DataFolderBusyError(UserError):
    """Another process holds the data folder in a way that excludes what was asked; nothing was changed."""


BUSY_FOR_EXCLUSIVE = (
    "另一个先锋榜程序（窗口或命令行，例如正在进行的导入或备份）正在使用这个数据目录，"
    "为了不丢失它正在写入的数据，现在不能{what}。请等它完成或关闭它后再试。"
)
BUSY_FOR_SHARED = "这个数据目录正在从备份恢复（或升级），请等它完成后再试。"


@dataclass
class _Held:
    fd: int
    count: int = 0
    exclusive_depth: int = 0
    slot: int | None = None  # Windows only


_held: dict[Path, _Held] = {}
_guard = threading.RLock()


def _key(root: Path) -> Path:
    return Path(os.path.normcase(os.path.abspath(root)))


def _try(fd: int, held: _Held, exclusive: bool) -> bool:
    """One non-blocking attempt to hold ``fd`` shared or exclusive (converting what is held)."""
    if os.name == "nt":
        return _try_windows(fd, held, exclusive)
    import fcntl

    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks (some network shares): work as before, unguarded
        log.warning("data folder lock not supported here; continuing without it")
        return True


def _try_windows(fd: int, held: _Held, exclusive: bool) -> bool:  # pragma: no cover - Windows
    import msvcrt

    def lock(offset: int, length: int) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, length)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False

    def unlock(offset: int, length: int) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, length)  # type: ignore[attr-defined]

    if exclusive:
        if held.slot is not None:
            unlock(held.slot, 1)
            held.slot = None
        if lock(1, _SLOTS):
            held.slot = -1
            return True
        return False
    if held.slot == -1:
        unlock(1, _SLOTS)
        held.slot = None
    if held.slot is not None:
        return True
    for _ in range(8):
        slot = random.randint(1, _SLOTS)
        if lock(slot, 1):
            held.slot = slot
            return True
    return False


def _wait_for(fd: int, held: _Held, exclusive: bool, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        if _try(fd, held, exclusive):
            return True
        if exclusive and os.name != "nt":
            # A failed flock conversion drops the shared lock we had (Linux): take it back.
            _try(fd, held, False)
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)


def acquire_shared(root: Path, wait: float | None = None) -> None:
    """Hold the data folder shared (counted per process); DataFolderBusyError while a restore holds it."""
    key = _key(root)
    with _guard:
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return
        try:
            fd = os.open(key / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            if os.access(key, os.W_OK):
                raise
            # A read-only data folder: nobody can write it, so there is nothing to exclude.
            _held[key] = _Held(-1, count=1)
            return
        held = _Held(fd)
        if not _wait_for(fd, held, False, WAIT_SECONDS if wait is None else wait):
            os.close(fd)
            raise DataFolderBusyError(BUSY_FOR_SHARED)
        held.count = 1
        _held[key] = held


def release(root: Path) -> None:
    key = _key(root)
    with _guard:
        held = _held.get(key)
        if held is None:
            return
        held.count -= 1
        if held.count <= 0:
            del _held[key]
            if held.fd >= 0:
                os.close(held.fd)  # closing the handle releases the lock


@contextmanager
def exclusive(root: Path, what: str = "继续", wait: float | None = None) -> Iterator[None]:
    """Hold the data folder alone for the block (nested calls are fine); back to shared afterwards."""
    acquire_shared(root, wait)
    key = _key(root)
    try:
        with _guard:
            held = _held[key]
            if (
                held.exclusive_depth == 0
                and held.fd >= 0
                and not _wait_for(held.fd, held, True, WAIT_SECONDS if wait is None else wait)
            ):
                raise DataFolderBusyError(BUSY_FOR_EXCLUSIVE.format(what=what))
            held.exclusive_depth += 1
        try:
            yield
        finally:
            with _guard:
                held.exclusive_depth -= 1
                if held.exclusive_depth == 0 and held.fd >= 0:
                    _wait_for(held.fd, held, False, WAIT_SECONDS)
    finally:
        release(root)


def holds_exclusive(root: Path) -> bool:
    held = _held.get(_key(root))
    return held is not None and held.exclusive_depth > 0
