"""The packaging inputs stay consistent: icon sizes, version resources, wheelhouse list, installer promises."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from PIL import Image

import app

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    """packaging/ is not a package: load its helpers by path (and leave sys.path alone)."""
    spec = importlib.util.spec_from_file_location(f"_packaging_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


version_info = _load("version_info")
wheelhouse = _load("wheelhouse")


def test_icon_has_every_windows_size() -> None:
    icons = ROOT / "resources" / "icons"
    with Image.open(icons / "app.png") as png:
        assert png.size == (256, 256)
    with Image.open(icons / "app.ico") as ico:
        assert {16, 24, 32, 48, 64, 128, 256} <= {w for w, _h in ico.info["sizes"]}


def test_version_resource_follows_the_package_version(tmp_path: Path) -> None:
    assert version_info.read_version() == app.__version__
    assert version_info.version_tuple("1.2.3") == (1, 2, 3, 0)
    assert version_info.version_tuple("2.0rc1") == (2, 0, 1, 0)
    text = version_info.write_version_file(tmp_path / "v.txt", "PioneerBoard", "先锋榜").read_text("utf-8")
    assert f"'ProductVersion', '{app.__version__}'" in text and "先锋榜" in text


def test_wheelhouse_lists_the_project_dependencies_and_pyinstaller() -> None:
    reqs = wheelhouse.requirements(windows=True)
    assert any(r.startswith("PySide6-Essentials") for r in reqs)
    assert any(r.startswith("pyinstaller") for r in reqs)
    assert any(r.startswith("pefile") for r in reqs)
    assert not any(r.startswith("pefile") for r in wheelhouse.requirements(windows=False))
    assert any(r.startswith("psycopg[binary]") for r in reqs)  # a township's PostgreSQL, bundled


def test_spec_names_psycopg_for_a_township_server() -> None:
    spec = (ROOT / "packaging" / "pioneer-board.spec").read_text("utf-8")
    for needle in (
        'collect_submodules("psycopg")',
        '"sqlalchemy.dialects.postgresql.psycopg"',
        "psycopg_binary",
    ):
        assert needle in spec
    assert '"$src[postgresql]"' in (ROOT / "packaging" / "smoke.sh").read_text("utf-8")


def test_spec_bundles_migrations_resources_and_every_module() -> None:
    spec = (ROOT / "packaging" / "pioneer-board.spec").read_text("utf-8")
    for needle in (
        'collect_submodules("app"',
        'collect_submodules("ui")',
        '"app/db/migrations"',
        'f"app/resources/{item.name}"',
    ):
        assert needle in spec
    assert (ROOT / "app" / "db" / "migrations" / "script.py.mako").exists()


def test_installer_keeps_data_unless_asked() -> None:
    nsi = (ROOT / "packaging" / "windows" / "installer.nsi").read_text("utf-8")
    assert 'Section /o "un.同时删除数据"' in nsi  # /o: not ticked by default
    assert '"$SMPROGRAMS\\${APP_NAME}' in nsi and '"$DESKTOP\\${APP_NAME}.lnk"' in nsi
    assert '!define APP_NAME "先锋榜"' in nsi
    # The program never installs into the data folder (%LOCALAPPDATA%\PioneerBoard).
    assert '"$LOCALAPPDATA\\Programs\\${APP_ID}"' in nsi
