"""Revision 0002_commitments: a roster database (0001_roster) with members upgrades without losing anyone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, current_revision, head_revision
from app.services import commitments


def test_roster_database_upgrades_to_commitments(tmp_path: Path) -> None:
    make_roster_only_database(
        tmp_path, [("m0", "曾小红", "在册"), ("m1", "单大伟", "在册"), ("m2", "解放", "转出")]
    )

    db = Database.open(tmp_path)
    try:
        assert current_revision(db.engine) == head_revision()
        tables = set(inspect(db.engine).get_table_names())
        assert {"teams", "team_members", "commitments", "commitment_events", "wuliang_profiles"} <= tables
        with db.engine.connect() as conn:
            names = [r[0] for r in conn.execute(text("SELECT name FROM members ORDER BY id"))]
            assert names == ["曾小红", "单大伟", "解放"]
            assert conn.execute(text("SELECT status FROM members WHERE id='m2'")).scalar() == "转出"
        # the upgraded database is usable: a commitment for an old member, statistics over old members
        year = dt.date.today().year
        commitments.add_commitment(
            db,
            commitments.CommitmentDraft(year=year, kind="具体承诺", content="调解邻里纠纷", member_id="m0"),
        )
        total = commitments.stats(db, year).total
        assert (total.members, total.with_commitment, total.drafts) == (2, 0, 1)
    finally:
        db.close()
