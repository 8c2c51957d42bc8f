"""Issue 15: a board command imports only its own kind; start-up pauses cycle collection only in a process of its own."""

from __future__ import annotations

import gc
import subprocess
import sys

import app
from app.cli import main


def test_a_board_kind_is_imported_only_when_drawn() -> None:
    code = (
        "import sys; from app.services import boards; kind = boards.board_kind('stars');"
        "print(kind.layout.__name__, sorted(m for m in sys.modules"
        " if m.startswith(('app.boards.layouts.', 'app.services.boards.gatherers.'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # only the stars gatherer, whose left_out() the package re-exports
    assert out.strip() == "star_chart ['app.services.boards.gatherers.stars']"
    from app.services.boards.core import gatherer

    assert gatherer("stars").__module__ == "app.services.boards.gatherers.stars"


def test_cycle_collection_pauses_for_start_up_and_resumes() -> None:
    assert gc.isenabled()
    app.resume_gc()  # not paused: nothing happens
    assert gc.isenabled()
    try:
        app.pause_gc_for_start_up()
        assert not gc.isenabled()
        app.resume_gc()
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_main_with_an_argument_list_leaves_collection_alone(capsys) -> None:
    assert main(["--version"]) == 0
    assert gc.isenabled()
    assert "先锋榜" in capsys.readouterr().out
