"""Revision 0002_commitments: a roster database (0001_roster) with members upgrades without losing anyone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.paths import DataDir
from app.services import commitments

MEMBER_SQL = (
    "INSERT INTO members (id, name, gender, ethnicity, id_number, birth_date, education, degree, category,"
    " branch_id, joined_day_unknown, confirmed_day_unknown, party_age_correction, probation_extension,"
    " joined_branch, job, party_post, phone, landline, address, residence, hukou, native_place, photo,"
    " note, is_mobile, mobile_destination, is_lost_contact, status, left_to, pinyin_full,"
    " pinyin_initials, created_at, updated_at) VALUES (:id, :name, '女', '汉族', :idn, '1980-01-01', '', '',"
    " '正式党员', 'o1', 0, 0, 0, '', '', '', '', '13800000000', '', '', '', '', '', '', '', 0, '', 0, :status,"
    " '', '', '', :now, :now)"
)


def test_roster_database_upgrades_to_commitments(tmp_path: Path) -> None:
    data = DataDir(tmp_path)
    data.ensure()
    engine = make_engine(data.db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_roster")
    now = dt.datetime(2024, 5, 1)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO organizations (id, parent_id, name, kind, sort_order, created_at)"
                " VALUES ('o1', NULL, '老村党支部', '党支部', 0, :now)"
            ),
            {"now": now},
        )
        for i, (name, status) in enumerate((("曾小红", "在册"), ("单大伟", "在册"), ("解放", "转出"))):
            conn.execute(
                text(MEMBER_SQL),
                {"id": f"m{i}", "name": name, "idn": f"33052219800101{i:03d}X", "status": status, "now": now},
            )
    engine.dispose()

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
