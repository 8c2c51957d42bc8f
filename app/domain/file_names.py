"""File names that are not files on Windows: CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9 (with any extension)."""

from __future__ import annotations

WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"COM{i}" for i in range(10)}
    | {f"LPT{i}" for i in range(10)}
    | {f"COM{c}" for c in "¹²³"}
    | {f"LPT{c}" for c in "¹²³"}
)


def is_windows_device_name(name: str) -> bool:
    """True for "CON", "nul.jpg", "COM1.tar.gz", "aux " — Windows ignores the extension and trailing dots/spaces."""
    stem = name.split(".", 1)[0].rstrip(" .").upper()
    return stem in WINDOWS_DEVICES
