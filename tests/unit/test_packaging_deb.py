"""packaging/build_deb.sh on a stand-in bundle (two copies of /bin/true): what the .deb holds and declares.

The real bundle, installed and used as an ordinary user, is packaging/smoke_deb.sh (in .ci/run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or not all(shutil.which(tool) for tool in ("dpkg-deb", "dpkg", "readelf")),
    reason="needs a Debian-like system (dpkg-deb, readelf)",
)


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("deb")
    bundle = work / "PioneerBoard"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("PioneerBoard", "pioneer-board-cli"):
        shutil.copy("/bin/true", bundle / name)
    (bundle / "portable").write_text("a portable copy's marker must never be packaged", "utf-8")
    env = dict(os.environ, PYTHON=sys.executable, DEB_COMPRESSION="gzip", TMPDIR=str(work))
    subprocess.run(
        [
            "bash",
            str(ROOT / "packaging" / "build_deb.sh"),
            "--bundle",
            str(bundle),
            "--out",
            str(work / "out"),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    (found,) = (work / "out").glob("pioneer-board_*.deb")
    return found


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), name], check=True, capture_output=True, text=True
    ).stdout.strip()


def _contents(deb: Path) -> set[str]:
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True, capture_output=True, text=True).stdout
    return {line.split()[5] for line in listing.splitlines()}


def _member(deb: Path, path: str) -> str:
    tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], check=True, capture_output=True).stdout
    return subprocess.run(
        ["tar", "-xOf", "-", path], input=tar, check=True, capture_output=True
    ).stdout.decode("utf-8")


def test_name_version_and_architecture_of_this_machine(deb: Path) -> None:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert deb.name == f"pioneer-board_{app.__version__}_{arch}.deb"
    assert _field(deb, "Package") == "pioneer-board"
    assert _field(deb, "Architecture") == arch


def test_depends_only_on_what_the_bundle_does_not_carry(deb: Path) -> None:
    # /bin/true needs libc alone: no Qt or X library is declared for a bundle that does not ask for one.
    assert _field(deb, "Depends").startswith("libc6 (>= 2.")
    assert "," not in _field(deb, "Depends")


def test_layout_menu_entry_and_icons(deb: Path) -> None:
    contents = _contents(deb)
    for path in (
        "./opt/pioneer-board/PioneerBoard",
        "./opt/pioneer-board/pioneer-board-cli",
        "./usr/bin/pioneer-board",
        "./usr/bin/pioneer-board-cli",
        "./usr/share/applications/pioneer-board.desktop",
    ):
        assert path in contents
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert f"./usr/share/icons/hicolor/{size}x{size}/apps/pioneer-board.png" in contents
    assert "./opt/pioneer-board/portable" not in contents  # data would go to /opt
    desktop = _member(deb, "./usr/share/applications/pioneer-board.desktop")
    assert "Name=先锋榜" in desktop.splitlines()
    assert "Categories=Office;" in desktop.splitlines()
    assert "Exec=pioneer-board" in desktop.splitlines() and "Icon=pioneer-board" in desktop.splitlines()


def _wrapper_choice(deb: Path, env: dict[str, str]) -> str:
    """Run the GUI wrapper with its exec replaced by printing the input method it chose."""
    script = _member(deb, "./usr/bin/pioneer-board").replace(
        "exec /opt/pioneer-board/PioneerBoard", 'echo "${QT_IM_MODULE:-}|${IBUS_USE_PORTAL:-}" #'
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_IM_MODULE", "GTK_IM_MODULE", "XMODIFIERS", "PIONEER_BOARD_IM_MODULE")
    }
    return subprocess.run(
        ["sh", "-c", script], env=clean | env, capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.parametrize(
    ("env", "chosen"),
    [
        ({"QT_IM_MODULE": "fcitx"}, "ibus|1"),  # 统信UOS / 银河麒麟: fcitx5 answers as the IBus portal
        ({"QT_IM_MODULE": "fcitx5"}, "ibus|1"),
        ({"XMODIFIERS": "@im=fcitx"}, "ibus|1"),
        ({"QT_IM_MODULE": "ibus"}, "ibus|"),
        ({}, "|"),
        ({"QT_IM_MODULE": "fcitx", "PIONEER_BOARD_IM_MODULE": "none"}, "none|"),
    ],
)
def test_gui_wrapper_picks_an_input_method_the_bundle_has(
    deb: Path, env: dict[str, str], chosen: str
) -> None:
    assert _wrapper_choice(deb, env) == chosen


def test_windows_installer_refuses_windows_7_and_8() -> None:
    nsi = (ROOT / "packaging" / "windows" / "installer.nsi").read_text("utf-8")
    on_init = nsi[nsi.index("Function .onInit") : nsi.index("FunctionEnd", nsi.index("Function .onInit"))]
    assert "${AtLeastBuild} 17763" in on_init and "${RunningX64}" in on_init and "${AtLeastWin10}" in on_init
    assert "Windows 10" in on_init and "Windows 7" in on_init and "Quit" in on_init
    # The check comes before anything else the installer does.
    assert on_init.index("MessageBox") < on_init.index("MULTIUSER_INIT")
