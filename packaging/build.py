"""Build 先锋榜 for this platform: the one-folder bundle, a portable zip, and (Windows, if NSIS is there) the installer.

Usage (from the checkout, in a venv with the project's dependencies and PyInstaller installed):

    python packaging/build.py                 # dist/PioneerBoard/ + dist/PioneerBoard-<ver>-portable-<os>.zip
    python packaging/build.py --no-zip        # only the folder
    python packaging/build.py --installer     # Windows: also run makensis → dist/PioneerBoard-<ver>-setup.exe

Works the same on Windows and Linux (PyInstaller cannot cross-build: build the Windows program on Windows).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from version_info import read_version, version_tuple, write_version_file  # noqa: E402

BUNDLE_NAME = "PioneerBoard"
PORTABLE_TEXT = (
    "这个文件让先锋榜成为“便携版”：数据保存在程序旁边的 data 文件夹里，不写到电脑上。\n"
    "从U盘运行时请保留这个文件。删除它，程序就把数据保存在当前 Windows 用户的数据目录。\n"
    "This marker makes Pioneer Board portable: its data lives in the data folder beside the program.\n"
)


def bundle_files(path: Path) -> list[Path]:
    """Real files only: Qt's libraries have symlinks that would count twice."""
    return [f for f in path.rglob("*") if f.is_file() and not f.is_symlink()]


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in bundle_files(path))


def run_pyinstaller(dist: Path, work: Path) -> Path:
    env = dict(os.environ, PIONEER_BOARD_BUILD_DIR=str(work))
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(HERE / "pioneer-board.spec"),
    ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return dist / BUNDLE_NAME


def os_tag() -> str:
    machine = platform.machine().lower().replace("amd64", "x64").replace("x86_64", "x64")
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform) + "-" + machine


def make_portable_zip(bundle: Path, dist: Path, version: str) -> Path:
    """The same folder plus the `portable` marker beside the executables, zipped for a USB stick."""
    name = f"{BUNDLE_NAME}-{version}-portable-{os_tag()}"
    archive = dist / f"{name}.zip"
    archive.unlink(missing_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for file in sorted(bundle.rglob("*")):
            arcname = f"{BUNDLE_NAME}/{file.relative_to(bundle).as_posix()}"
            if file.is_symlink():  # Linux builds: keep Qt's library links as links, not copies
                info = zipfile.ZipInfo(arcname)
                info.create_system = 3  # Unix, so the mode below is honoured by unzip
                info.external_attr = 0o120777 << 16
                zf.writestr(info, os.readlink(file))
            elif file.is_file():
                zf.write(file, arcname)
        zf.writestr(f"{BUNDLE_NAME}/portable", PORTABLE_TEXT)
    return archive


def run_makensis(bundle: Path, dist: Path, version: str) -> Path:
    makensis = shutil.which("makensis") or r"C:\Program Files (x86)\NSIS\makensis.exe"
    if not Path(makensis).exists() and not shutil.which("makensis"):
        raise SystemExit("没有找到 NSIS 的 makensis：请先安装 NSIS 3（见 packaging/README.md）")
    out = dist / f"{BUNDLE_NAME}-{version}-setup.exe"
    command = [
        makensis,
        "/INPUTCHARSET",
        "UTF8",
        f"/DVERSION={version}",
        f"/DVERSION4={'.'.join(str(n) for n in version_tuple(version))}",
        f"/DBUNDLE={bundle}",
        f"/DOUTFILE={out}",
        f"/DICON={ROOT / 'resources' / 'icons' / 'app.ico'}",
        str(HERE / "windows" / "installer.nsi"),
    ]
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller work folder"
    )
    parser.add_argument("--no-zip", action="store_true", help="do not make the portable zip")
    parser.add_argument("--installer", action="store_true", help="Windows: also build the NSIS installer")
    args = parser.parse_args()

    version = read_version()
    args.work.mkdir(parents=True, exist_ok=True)
    # The spec writes these too; written here first so they can be inspected before a long build.
    write_version_file(args.work / "version-gui.txt", BUNDLE_NAME, "先锋榜", version)
    write_version_file(args.work / "version-cli.txt", "pioneer-board-cli", "先锋榜 命令行", version)

    started = time.perf_counter()
    bundle = run_pyinstaller(args.dist.resolve(), args.work.resolve())
    built = time.perf_counter() - started
    size = folder_size(bundle)
    files = len(bundle_files(bundle))
    print(f"bundle: {bundle}  {size / 1e6:.1f} MB in {files} files, built in {built:.0f} s")
    if not args.no_zip:
        archive = make_portable_zip(bundle, args.dist.resolve(), version)
        print(f"portable zip: {archive}  {archive.stat().st_size / 1e6:.1f} MB")
    if args.installer:
        if sys.platform != "win32":
            raise SystemExit("the installer is built on Windows (NSIS); see packaging/README.md")
        setup = run_makensis(bundle, args.dist.resolve(), version)
        print(f"installer: {setup}  {setup.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
