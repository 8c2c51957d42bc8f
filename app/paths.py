"""Where the data lives: --data-dir > $PIONEER_BOARD_DATA > portable marker > the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "PIONEER_BOARD_DATA"
PORTABLE_MARKER = "portable"
APP_NAME = "PioneerBoard"
DB_FILENAME = "pioneer-board.sqlite3"


def program_dir() -> Path:
    """The folder holding the program: the frozen executable's folder, else the source checkout."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    here = program_dir()
    if (here / PORTABLE_MARKER).exists():
        # Running from a USB stick: keep the data beside the program, never on the PC.
        return here / "data"
    import platformdirs  # only when no folder was given (--data-dir, the environment, a USB stick)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


DEMO_SUFFIX = "-演示"


def demo_folder(root: Path) -> Path:
    """Where the first-run screen's 先看看演示数据 keeps its invented village: a folder of its own beside the data
    folder, so that the real one stays empty until the clerk sets up their organisation."""
    return root.with_name(root.name + DEMO_SUFFIX)


def is_demo_folder(root: Path) -> bool:
    return root.name.endswith(DEMO_SUFFIX)


def resources_dir() -> Path:
    """The bundled fonts and icons: ``app/resources`` when installed or frozen, ``resources/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("先锋榜的字体文件夹 resources/fonts 不见了，请重新安装程序")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"


class DataDir:
    """The files inside one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def photos(self) -> Path:
        return self.root / "photos"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def log_path(self) -> Path:
        return self.root / "logs" / "pioneer-board.log"

    def writable(self) -> bool:
        """Can this process write the data (a read-only stick, a folder shared read-only: no)?"""
        if not os.access(self.root, os.W_OK):
            return False
        return not self.db_path.exists() or os.access(self.db_path, os.W_OK)

    def ensure(self) -> None:
        """Create the folders; on Linux/macOS owner-only (0700): they hold ID numbers, phones and addresses."""
        for folder in (self.root, self.photos, self.backups, self.log_path.parent):
            if folder.is_dir() and not os.access(folder, os.W_OK):
                continue  # read-only: used as it is (app.db.database opens it read-only)
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.name != "nt":
                try:
                    if folder.stat().st_mode & 0o077:
                        os.chmod(folder, 0o700)
                except OSError:  # not ours to change (a shared or read-only folder): use it as it is
                    pass
