"""Writing a workbook safely: next to the target, then renamed, so a crash never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from app.domain.errors import UserError


def save_workbook(wb: Any, dest: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".xlsx", dir=dest.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        try:
            os.replace(tmp, dest)
        except PermissionError:
            raise UserError(f"无法写入“{dest.name}”：文件可能正在 Excel/WPS 中打开，请先关闭它再试") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
