"""Make a wheelhouse: every wheel the Windows (or Linux) build needs, for a build PC with no internet.

On a connected PC (any OS):
    python packaging/wheelhouse.py wheelhouse --platform win_amd64 --python-version 3.11
Copy wheelhouse/ to the build PC with the source, then there:
    python -m pip install --no-index --find-links wheelhouse -r wheelhouse/requirements.txt

The list comes from pyproject.toml's [project] dependencies and the [postgresql] extra (so it never goes stale)
plus PyInstaller.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_TOOLS = ["pyinstaller>=6.10,<7", "pyinstaller-hooks-contrib"]
# PyInstaller needs these on Windows; pip evaluates markers for the PC it runs on, not for --platform.
WINDOWS_TOOLS = ["pefile>=2022.5.30", "pywin32-ctypes>=0.2.1"]


def requirements(windows: bool = sys.platform == "win32") -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    township = project.get("optional-dependencies", {}).get("postgresql", [])  # psycopg: bundled for townships
    return [*project["dependencies"], *township, *BUILD_TOOLS, *(WINDOWS_TOOLS if windows else [])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder for the wheels (created)")
    parser.add_argument("--platform", help="e.g. win_amd64 to fetch Windows wheels from Linux")
    parser.add_argument("--python-version", default=f"{sys.version_info.major}.{sys.version_info.minor}")
    args = parser.parse_args()
    args.dest.mkdir(parents=True, exist_ok=True)
    req = args.dest / "requirements.txt"
    windows = (args.platform or sys.platform).startswith("win")
    req.write_text("\n".join(requirements(windows)) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "pip", "download", "-d", str(args.dest), "-r", str(req)]
    if args.platform:
        # Another OS's wheels: only binary wheels can be chosen for a platform we are not on.
        command += [
            "--platform",
            args.platform,
            "--python-version",
            args.python_version,
            "--only-binary=:all:",
        ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    wheels = sorted(args.dest.glob("*.whl"))
    size = sum(w.stat().st_size for w in wheels)
    print(f"{len(wheels)} wheels, {size / 1e6:.0f} MB in {args.dest}; requirements in {req}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
