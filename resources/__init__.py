"""Bundled resources (fonts, icons), installed as the package ``app.resources``."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONTS = ROOT / "fonts"
ICONS = ROOT / "icons"
