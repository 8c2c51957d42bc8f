"""Logging to a rotating file in the data folder; programming errors go there with their traceback.

Users are told to hand this file to a technician, so nothing personal goes in: one filter (``PrivateFormatter``)
removes SQL statement parameters and masks anything shaped like an ID number or a phone number, and the CLI
logs its command by group, command and option names only (``describe_command``).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections.abc import Sequence
from pathlib import Path

_configured: Path | None = None

# SQLAlchemy appends "[parameters: (...)]" (the row's values) to database errors; it can span lines.
_PARAMETERS = re.compile(
    r"\[parameters: .*?\](?=\s*\n\(Background on this error|\s*$)", re.DOTALL | re.MULTILINE
)
_ID_NUMBER = re.compile(
    r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{9}[0-9Xx](?![0-9])|(?<![0-9])[0-9]{15}(?![0-9])"
)
_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])0[0-9]{2,3}-?[0-9]{7,8}(?![0-9])")


def mask_private(text: str) -> str:
    """The text with statement parameters dropped and ID numbers and phones masked."""
    text = _PARAMETERS.sub("[parameters: 已略去]", text)
    text = _ID_NUMBER.sub(lambda m: m.group(0)[:2] + "*" * (len(m.group(0)) - 2), text)
    return _PHONE.sub(lambda m: m.group(0)[:3] + "*" * (len(m.group(0)) - 3), text)


class PrivateFormatter(logging.Formatter):
    """The one log filter: every record, message and traceback, goes through ``mask_private``."""

    def format(self, record: logging.LogRecord) -> str:
        text = mask_private(super().format(record))
        # Undecodable bytes (surrogates) would make the handler print "--- Logging error ---" instead.
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def describe_command(argv: Sequence[str]) -> str:
    """`roster set … 手机号码=…` → "roster set [--json]": the group, the command and the option names only."""
    words: list[str] = []
    options: list[str] = []
    skip_value = False
    for arg in argv:
        if arg.startswith("--"):
            name = arg.split("=", 1)[0]
            options.append(name)
            skip_value = name == "--data-dir"
        elif skip_value:
            skip_value = False
        elif len(words) < 2 and not arg.startswith("-") and re.fullmatch(r"[a-z][a-z0-9-]{0,30}", arg):
            words.append(arg)
        elif len(words) < 2:
            words.append("?")
    return " ".join(words + sorted(set(options)))


def setup_logging(log_path: Path, level: int = logging.INFO) -> None:
    global _configured
    if _configured == log_path:
        return
    log_path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_pioneer", False)]:
        root.removeHandler(old)
        old.close()
    handler._pioneer = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    _configured = log_path


def stop_logging() -> None:
    """Close the log file (a refused command's fresh data folder is removed again: app/cli main())."""
    global _configured
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_pioneer", False)]:
        root.removeHandler(old)
        old.close()
    _configured = None
