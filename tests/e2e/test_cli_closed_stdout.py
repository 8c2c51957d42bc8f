"""Piping the command line into `head`: a reader that goes away ends the command quietly, with nothing logged."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.paths import DataDir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("closed-stdout") / "village"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--data-dir", str(data), "demo", "--members", "40", "--seed", "5"]) == 0
    return data


def _current_period(data: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--data-dir", str(data), "periods", "list", "--json"]) == 0
    return str(json.loads(out.getvalue())[0]["id"])


def _run_with_reader_gone(data: Path, *args: str) -> tuple[int, str]:
    """Run the CLI with its stdout a pipe whose reading end is closed before anything is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(data), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `head -1` after its line: every later write finds no reader
    err = proc.stderr.read().decode("utf-8", errors="replace")
    proc.stderr.close()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize(
    "command",
    [("roster", "list", "--json"), ("roster", "list"), ("deeds", "list", "--period", "{period}")],
)
def test_a_closed_stdout_ends_the_command_quietly(village: Path, command: tuple[str, ...]) -> None:
    log_path = DataDir(village).log_path
    before = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    args = [a.replace("{period}", _current_period(village)) for a in command]
    code, err = _run_with_reader_gone(village, *args)
    assert code == 0, err
    assert "意外错误" not in err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err
    assert err.strip() == ""
    after = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    new_lines = after[len(before) :]
    assert "Traceback" not in new_lines and "ERROR" not in new_lines
