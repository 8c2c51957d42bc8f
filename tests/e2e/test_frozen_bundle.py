"""The frozen Linux bundle, built from a clean copy and used offscreen (packaging/smoke.sh). Slow: minutes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="smoke.sh builds the Linux bundle")
@pytest.mark.skipif(shutil.which("git") is None, reason="smoke.sh copies the committed tree with git")
def test_frozen_bundle_smoke(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    env.pop("PIONEER_BOARD_DATA", None)
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "smoke.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    print(result.stdout[-5000:])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert ", 0 failed" in result.stdout
