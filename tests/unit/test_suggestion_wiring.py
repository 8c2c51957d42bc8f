"""The star suggestion does not depend on which modules happen to be imported (issue 12's first defect)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from app.services import evaluations, points
from app.services.store import Database

PROBE = """
import json, sys
from app.services import evaluations
from app.services.store import Database
assert "app.services.points" not in sys.modules, "the probe must start without the points area"
db = Database.open(sys.argv[1])
period = evaluations.list_periods(db)[0].id
print(json.dumps({r.member_id: r.suggested for r in evaluations.ratings(db, period)}))
db.close()
"""


def test_the_suggestion_is_the_same_without_importing_the_points_area(demo_copy: Database) -> None:
    assert points.quarter_star_suggestions  # this process has every area loaded
    period = evaluations.list_periods(demo_copy)[0].id
    expected = {r.member_id: r.suggested for r in evaluations.ratings(demo_copy, period)}
    root = str(demo_copy.data_dir.root)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, root],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert json.loads(done.stdout) == expected


def test_the_named_source_is_the_points_star_bands() -> None:
    assert evaluations.suggestion_source(evaluations.POINTS_STAR_BANDS) is points.quarter_star_suggestions
