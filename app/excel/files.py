"""Writing a workbook safely: next to the target, then renamed, so a crash never leaves half a file.

A read-only or full target is a refusal with a Chinese reason (exit 2), never a traceback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from app.domain.disk_errors import (
    disk_full_message,
    file_problem_message,
    is_disk_full,
    is_read_only,
    read_only_message,
)
from app.domain.errors import UserError


def _free(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def temporary_beside(dest: Path) -> tuple[int, str]:
    """A new hidden file in ``dest``'s folder (so that the final rename stays on one disk)."""
    return tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=dest.parent)


def save_workbook(wb: Any, dest: Path) -> None:
    try:
        fd, tmp = temporary_beside(dest)
    except OSError as exc:
        _discard(wb)
        raise _refusal(exc, dest) from exc
    os.close(fd)
    try:
        wb.save(tmp)
        try:
            os.replace(tmp, dest)
        except PermissionError:
            raise UserError(f"无法写入“{dest.name}”：文件可能正在 Excel/WPS 中打开，请先关闭它再试") from None
    except OSError as exc:
        raise _refusal(exc, dest) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _discard(wb: Any) -> None:
    """Finish a write-only workbook's sheets that will not be saved (else their writers fail when collected)."""
    for ws in getattr(wb, "worksheets", []):
        close = getattr(ws, "close", None)
        if close is not None:
            try:
                close()
            except Exception:  # nothing to keep: the workbook is dropped
                continue


def _refusal(exc: OSError, dest: Path) -> UserError:
    if is_disk_full(exc):
        return UserError(disk_full_message(str(dest.parent), _free(dest.parent)))
    if is_read_only(exc):
        return UserError(read_only_message(str(dest.parent)))
    return UserError(file_problem_message(exc, dest))
