"""File and disk sizes as a clerk reads them: 字节, KB, MB, GB."""

from __future__ import annotations


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1 << 20:
        return f"{size / 1024:.0f} KB"
    if size < 1 << 30:
        return f"{size / (1 << 20):.1f} MB"
    return f"{size / (1 << 30):.1f} GB"
