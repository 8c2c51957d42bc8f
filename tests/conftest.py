"""Shared fixtures: every test gets its own temporary data folder; Qt runs offscreen.

Backends: ``empty_db``, ``demo_db`` and ``demo_copy`` are SQLite in the test's data folder. A test module that
also holds on PostgreSQL says so with ``pytestmark = pytest.mark.both_backends``; then, in a run with
``--pg-url URL`` (CI: ``.ci/run`` starts a throwaway server), those fixtures give a fresh PostgreSQL database
instead. Tests that open a database themselves use ``open_test_db(root)`` to follow the same choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402

PG_ENV = "PIONEER_BOARD_TEST_PG_URL"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pg-url",
        default=os.environ.get(PG_ENV),
        help="PostgreSQL server (an admin URL) for tests marked both_backends; default $" + PG_ENV,
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_backends: the module's database fixtures also run on PostgreSQL")


def pytest_sessionfinish(session: pytest.Session) -> None:
    url = session.config.getoption("--pg-url")
    if url:
        import pg_backend

        pg_backend.drop_templates(url)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may ever touch the real user data folder."""
    monkeypatch.setenv("PIONEER_BOARD_DATA", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def pg_admin_url(request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL server when this test runs on it (``--pg-url`` and the both_backends mark), else None."""
    url: str | None = request.config.getoption("--pg-url")
    return url if url and request.node.get_closest_marker("both_backends") else None


@pytest.fixture
def open_test_db(
    pg_admin_url: str | None, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Database]]:
    """``open_test_db(root, kind="empty")``: the test's backend; on PostgreSQL a fresh database per call."""
    opened: list[str] = []

    def open_db(root: Path, kind: str = "empty", **options: object) -> Database:
        if pg_admin_url is None:
            return Database.open(root, **options)  # type: ignore[arg-type]
        import pg_backend

        scratch = tmp_path_factory.getbasetemp()
        url = pg_backend.fresh_database(pg_admin_url, kind, scratch)
        opened.append(url)
        photos = scratch / f"tpl-{kind}" / "photos"  # the template's data folder: the demo's photo files
        if photos.is_dir():
            import shutil

            shutil.copytree(photos, root / "photos", dirs_exist_ok=True)
        return Database.open(root, url=url, **options)  # type: ignore[arg-type]

    yield open_db
    if pg_admin_url is not None:
        import pg_backend

        for url in opened:
            pg_backend.drop_database(pg_admin_url, url)


@pytest.fixture
def empty_db(tmp_path: Path, open_test_db: Callable[..., Database]) -> Iterator[Database]:
    db = open_test_db(tmp_path / "data")
    yield db
    db.close()


@pytest.fixture
def demo_db(tmp_path: Path, open_test_db: Callable[..., Database]) -> Iterator[Database]:
    db = open_test_db(tmp_path / "data")
    demo.make_demo(db, members=60, seed=3)
    yield db
    db.close()


@pytest.fixture(scope="session")
def _demo_template(demo_templates: Callable[[int, int], Path]) -> Path:
    """The 60-member demo village, made once per test run; ``demo_copy`` hands each test its own copy."""
    return demo_templates(60, 3)


@pytest.fixture
def demo_copy(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    open_test_db: Callable[..., Database],
    pg_admin_url: str | None,
) -> Iterator[Database]:
    """Same data as ``demo_db`` but copied from a template: much faster when many tests need it."""
    if pg_admin_url is not None:
        db = open_test_db(tmp_path / "data", kind="demo")
    else:
        import shutil

        root = tmp_path / "data"
        shutil.copytree(request.getfixturevalue("_demo_template"), root)
        db = Database.open(root)
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int, int], Path]:
    """Demo villages made once per test run, one per (members, seed); ``village_copy`` gives a test its own copy."""
    made: dict[tuple[int, int], Path] = {}

    def template(members: int, seed: int) -> Path:
        if (members, seed) not in made:
            root = tmp_path_factory.mktemp(f"demo-{members}-{seed}") / "data"
            db = Database.open(root)
            demo.make_demo(db, members=members, seed=seed)
            db.close()
            made[(members, seed)] = root
        return made[(members, seed)]

    return template


@pytest.fixture
def village_copy(demo_templates: Callable[[int, int], Path], tmp_path: Path) -> Callable[[int, int], str]:
    """A fresh copy of the demo village of (members, seed) in this test's folder: its data folder as a string."""

    def copy(members: int, seed: int) -> str:
        import shutil

        target = tmp_path / "data"
        shutil.copytree(demo_templates(members, seed), target)
        return str(target)

    return copy
