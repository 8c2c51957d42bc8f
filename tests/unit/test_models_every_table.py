"""`every_table()` is what a server backup, a restore onto a server and a township merge copy: it must hold every
table of the migrated schema, whatever this process happened to import before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from app.db.database import Database
from app.db.models import AREA_MODULES

ROOT = Path(__file__).resolve().parents[2]


def test_area_modules_name_every_models_file() -> None:
    files = {f"app.db.{p.stem}" for p in (ROOT / "app" / "db").glob("models_*.py")}
    assert set(AREA_MODULES) == files


def test_every_table_is_the_migrated_schema_in_a_fresh_process(tmp_path: Path) -> None:
    db = Database.open(tmp_path)
    try:
        migrated = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    finally:
        db.close()
    # A new process that has imported nothing but the core models (as a backup of a server does).
    code = "from app.db.models import every_table; print(' '.join(t.name for t in every_table()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert set(out.stdout.split()) == migrated


def test_a_data_command_does_not_import_the_other_areas_models() -> None:
    code = (
        "import sys; import app.services.evaluations; "
        "print(' '.join(m for m in sys.modules if m.startswith('app.db.models_')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["app.db.models_evaluations"]  # its own area's, no other
