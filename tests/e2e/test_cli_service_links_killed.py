"""A visit's link (deed + points + the link row) is one transaction per member: kill -9 between the deed and the
link leaves no deed or points entry that withdrawing the visit could not find."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, village

from app.faults import KILL_ENV
from app.paths import DataDir

__all__ = ["parity_template", "village"]  # fixtures used below


def _counts(data: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(DataDir(data).db_path)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("deeds", "point_entries", "service_links")
        )
    finally:
        con.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_visit_link_killed_after_the_deed_writes_no_deed_without_its_link(
    village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = str(cli_json(capsys, village, "roster", "list")[0]["id"])
    house = cli_json(capsys, village, "households", "add", "--address", "三组 98 号", "--head", "李大爷")
    before = _counts(village)
    killed = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(village), "visits", "add", "--member", member,
         "--household", house["id"], "--text", "了解用水情况", "--link"],
        env={**os.environ, KILL_ENV: "link-deed-written"}, capture_output=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    assert _counts(village) == before  # the visit may stand; no deed, points or link of it
    visit = cli_json(capsys, village, "visits", "list", "--member", member)[0]
    code, out, err = cli(capsys, village, "visits", "link", visit["id"])
    assert code == 0, err
    deeds, entries, link_rows = _counts(village)
    assert (deeds, entries, link_rows) == (before[0] + 1, before[1] + 1, before[2] + 1)
    assert cli(capsys, village, "visits", "withdraw", visit["id"])[0] == 0
    assert _counts(village)[1] == before[1] + 2  # the points reversed by a new entry, nothing deleted
