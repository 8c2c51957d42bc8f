"""Logging to a rotating file in the data folder; programming errors go there with their traceback."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

_configured: Path | None = None


def setup_logging(log_path: Path, level: int = logging.INFO) -> None:
    global _configured
    if _configured == log_path:
        return
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_pioneer", False)]:
        root.removeHandler(old)
        old.close()
    handler._pioneer = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = log_path
