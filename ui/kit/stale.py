"""Saving an edit when another clerk may have saved the same record first (issue 21, optimistic locking).

``save_or_refresh(parent, action, reload)`` runs the save; a stale one (``StaleRecord``: "这条记录已被 X 在
HH:MM 修改，请刷新后再改") is shown with 刷新 / 继续编辑 — 刷新 calls ``reload`` (load the other clerk's values),
继续编辑 keeps what was typed on screen. Any other refusal is a warning, as ``attempt`` shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from app.domain.errors import UserError
from app.services.versions import StaleRecord
from ui import messages

T = TypeVar("T")


def save_or_refresh(
    parent: QWidget | None, action: Callable[[], T], reload: Callable[[], object] | None, typed: str = ""
) -> T | None:
    """The save's result, or None when it was refused (after telling the clerk)."""
    try:
        return action()
    except StaleRecord as exc:
        if messages.stale(parent, str(exc), typed) and reload is not None:
            reload()
        return None
    except UserError as exc:
        messages.warn(parent, str(exc))
        return None
