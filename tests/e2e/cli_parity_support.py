"""Shared by the e2e tests of the parity commands: a demo village per test, running the CLI, and a fingerprint
of the whole database to prove that a rejected command changed nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_run import run_text as cli  # the in-process runner, as text: (exit code, stdout, stderr)

from app.cli import main
from app.paths import DataDir


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m app`` as a real process, as a script would."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def cli_json(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> Any:
    code, out, err = cli(capsys, data, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def fingerprint(data: Path) -> list[str]:
    """Every row of every table, as SQL text: equal before and after means nothing was written."""
    con = sqlite3.connect(DataDir(data).db_path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def rejected(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> str:
    """Run a command that must be refused: exit 2, a Chinese reason on stderr, the database untouched."""
    before = fingerprint(data)
    code, out, err = cli(capsys, data, *args)
    assert code == 2, (code, out, err)
    assert "没有做任何改动" in err or "命令参数有误" in err, err
    assert fingerprint(data) == before
    return err


@pytest.fixture(scope="session")
def parity_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("parity-cli") / "village"
    assert main(["--data-dir", str(data), "demo", "--members", "40", "--seed", "5"]) == 0
    return data


@pytest.fixture
def village(tmp_path: Path, parity_template: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A fresh copy of the 40-member demo village for each test (the demo is made once per run)."""
    data = tmp_path / "village"
    shutil.copytree(parity_template, data)
    capsys.readouterr()
    return data
