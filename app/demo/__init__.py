"""The demo village generators: a layer above the services (they may use app.services, app.db, app.domain,
app.paths), called by the CLI's ``demo`` command, the first-run dialog, tests and benchmarks."""

from __future__ import annotations

from app.demo.at_once import make_demo_at_once
from app.demo.village import DEMO_STEPS, make_demo, placeholder_photo

__all__ = ["DEMO_STEPS", "make_demo", "make_demo_at_once", "placeholder_photo"]
