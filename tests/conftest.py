"""Shared fixtures: every test gets its own temporary data folder; Qt runs offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may ever touch the real user data folder."""
    monkeypatch.setenv("PIONEER_BOARD_DATA", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "data")
    yield db
    db.close()


@pytest.fixture
def demo_db(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "data")
    demo.make_demo(db, members=60, seed=3)
    yield db
    db.close()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 60-member demo village, made once per test run; ``demo_copy`` hands each test its own copy."""
    root = tmp_path_factory.mktemp("demo-template") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=60, seed=3)
    db.close()
    return root


@pytest.fixture
def demo_copy(_demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """Same data as ``demo_db`` but copied from a template: much faster when many tests need it."""
    import shutil

    root = tmp_path / "data"
    shutil.copytree(_demo_template, root)
    db = Database.open(root)
    yield db
    db.close()
