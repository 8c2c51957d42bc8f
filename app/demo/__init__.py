"""The demo village generators: a layer above the services (they may use app.services, app.db, app.domain,
app.paths), called by the CLI's ``demo`` command, the first-run dialog, tests and benchmarks."""

from __future__ import annotations

from app.demo.village import DEMO_STEPS, make_demo, placeholder_photo

__all__ = ["DEMO_STEPS", "make_demo", "placeholder_photo"]
