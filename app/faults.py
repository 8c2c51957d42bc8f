"""Fault tests only: a named point where the process kills itself (SIGKILL) when a test asks for that step.

Tests set ``PIONEER_BOARD_TEST_KILL_AT=<step>`` in a subprocess to prove that a kill -9 at that moment leaves the
data as it was (or as it will be), never half-written. Without the variable this does nothing.
"""

from __future__ import annotations

import os
import signal

KILL_ENV = "PIONEER_BOARD_TEST_KILL_AT"


def fault_point(step: str) -> None:
    if os.environ.get(KILL_ENV) == step:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
