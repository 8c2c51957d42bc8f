"""Re-makes the bundled fonts in resources/fonts: static Noto Sans SC Regular and Bold TrueType instances.

Where they come from: the variable font ``NotoSansSC[wght].ttf`` (glyf outlines, SIL OFL 1.1) that
the PyPI wheel ``justmytype-intl-cjk`` carries, a copy of the Google Fonts file. The variable font
cannot be used as it is: its default instance is Thin (wght=100), and ReportLab, which knows
nothing of variations, prints it Thin. So this script pins the weight axis with
``fontTools.varLib.instancer`` and writes two static glyf TrueType fonts (ReportLab cannot embed
CFF outlines), plus the licence beside them.

Dev-time only: fontTools is in the ``dev`` extra, not a runtime dependency; if it is missing, this
script installs it with pip into the Python that runs it. Needs network access to PyPI (or
``--wheel`` with an already-downloaded wheel).

    python scripts/make_fonts.py                       # writes resources/fonts/
    python scripts/make_fonts.py --wheel path/to.whl   # offline, from a downloaded wheel
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT_DIR = REPO_ROOT / "resources" / "fonts"

# Pinned so that a re-make gives the same fonts; bump both together after checking the new file.
WHEEL_REQUIREMENT = "justmytype-intl-cjk==0.1.0"
VARIABLE_FONT_MEMBER = "justmytype_intl_cjk/fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
VARIABLE_FONT_SHA256 = "a3041811a78c361b1de50f953c805e0244951c21c5bd412f7232ef0d899af0da"
LICENCE_MEMBER = "justmytype_intl_cjk/fonts/ofl/notosanssc/OFL.txt"

# (file style name, wght axis value)
INSTANCES = (("Regular", 400), ("Bold", 700))

# Characters the program must be able to show (names in a village roster use rare ones too).
REQUIRED_CHARACTERS = "丁新村党总支闪光言行之星堃喆玥昇珺琇婧㐀䶵龥，。、“”（）·0123456789ABCabc"


def ensure_fonttools() -> None:
    """Installs fontTools into the running Python when it is missing (it is a dev-time tool only)."""
    try:
        importlib.import_module("fontTools.varLib.instancer")
    except ImportError:
        print("fontTools is missing; installing it with pip ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "fonttools>=4.40"], check=True)
        importlib.invalidate_caches()
        importlib.import_module("fontTools.varLib.instancer")


def download_wheel(dest: Path) -> Path:
    """Downloads the pinned font wheel (no dependencies) into dest and returns its path."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--dest",
            str(dest),
            WHEEL_REQUIREMENT,
        ],
        check=True,
    )
    wheels = sorted(dest.glob("justmytype_intl_cjk-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one justmytype_intl_cjk wheel in {dest}, found {wheels}")
    return wheels[0]


def extract_sources(wheel: Path, dest: Path) -> tuple[Path, bytes]:
    """Takes the variable font (checked against its pinned SHA-256) and the licence text out of the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        font_bytes = archive.read(VARIABLE_FONT_MEMBER)
        licence = archive.read(LICENCE_MEMBER)
    digest = hashlib.sha256(font_bytes).hexdigest()
    if digest != VARIABLE_FONT_SHA256:
        raise SystemExit(
            f"{VARIABLE_FONT_MEMBER} in {wheel.name} has SHA-256 {digest}, expected {VARIABLE_FONT_SHA256}; "
            "check the new font and update VARIABLE_FONT_SHA256"
        )
    font_path = dest / "NotoSansSC-VF.ttf"
    font_path.write_bytes(font_bytes)
    return font_path, licence


def make_instance(variable_font: Path, weight: int, output: Path) -> None:
    """Writes the static instance at the given weight as a glyf TrueType font."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # recalcTimestamp=False keeps head.modified from the source, so re-runs give identical files.
    font: Any = TTFont(str(variable_font), recalcTimestamp=False)
    static: Any = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=True, static=True)
    if "glyf" not in static or "CFF " in static or "fvar" in static:
        raise SystemExit(f"instance wght={weight} is not a static glyf TrueType font")
    tmp = output.with_name(output.name + ".tmp")
    static.save(str(tmp))
    os.replace(tmp, output)


def check_font(path: Path, style: str, weight: int) -> None:
    """Fails loudly if a written font lacks the expected names, weight or characters."""
    from fontTools.ttLib import TTFont

    font: Any = TTFont(str(path), lazy=True)
    family = font["name"].getDebugName(1)
    subfamily = font["name"].getDebugName(2)
    if (family, subfamily) != ("Noto Sans SC", style) or font["OS/2"].usWeightClass != weight:
        raise SystemExit(
            f"{path.name}: unexpected names/weight {family!r} {subfamily!r} {font['OS/2'].usWeightClass}"
        )
    cmap = font.getBestCmap()
    missing = [ch for ch in REQUIRED_CHARACTERS if ord(ch) not in cmap]
    if missing:
        raise SystemExit(f"{path.name}: missing characters {''.join(missing)}")
    cjk = sum(1 for cp in cmap if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF)
    print(
        f"{path}: {family} {subfamily}, wght {weight}, {path.stat().st_size:,} bytes, {cjk:,} CJK ideographs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR, help="default: resources/fonts"
    )
    parser.add_argument(
        "--wheel", type=Path, help="use this downloaded justmytype-intl-cjk wheel instead of pip download"
    )
    args = parser.parse_args(argv)

    ensure_fonttools()
    output_dir: Path = args.output_dir
    output_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="make_fonts_") as tmp_name:
        tmp = Path(tmp_name)
        wheel = args.wheel if args.wheel else download_wheel(tmp)
        variable_font, licence = extract_sources(wheel, tmp)
        for style, weight in INSTANCES:
            output = output_dir / f"NotoSansSC-{style}.ttf"
            print(f"making {output.name} (wght={weight}) ...", flush=True)
            make_instance(variable_font, weight, output)
            check_font(output, style, weight)
        (output_dir / "OFL.txt").write_bytes(licence)
    print(f"wrote {output_dir / 'OFL.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
