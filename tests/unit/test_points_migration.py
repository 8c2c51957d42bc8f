"""Upgrading a database made at 0001_roster (with members) to heads adds the points tables, data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, make_engine
from app.paths import DataDir
from app.services import points


def test_upgrade_from_roster_keeps_members(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001_roster")
        conn.execute(
            text(
                "INSERT INTO organizations (id, parent_id, name, kind, sort_order, created_at) "
                "VALUES ('o1', NULL, '丁新村党总支', '党总支', 0, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO members (id, name, gender, ethnicity, id_number, birth_date, education, degree, "
                "category, branch_id, joined_day_unknown, confirmed_day_unknown, party_age_correction, "
                "probation_extension, joined_branch, job, party_post, phone, landline, address, residence, hukou, "
                "native_place, photo, note, is_mobile, mobile_destination, is_lost_contact, status, left_to, "
                "pinyin_full, pinyin_initials, created_at, updated_at) VALUES ('m1', '王伟', '男', '汉族', "
                "'330522198001010011', '1980-01-01', '', '', '正式党员', 'o1', 0, 0, 0, '', '', '', '', '', '', "
                "'', '', '', '', '', '', 0, '', 0, '在册', '', 'wangwei', 'ww', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    db = Database.open(data)
    try:
        tables = set(inspect(db.engine).get_table_names())
        assert {"rule_sets", "tiers", "member_tiers", "indicators", "point_entries", "reviews"} <= tables
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM members WHERE id='m1'")).scalar() == "王伟"
        points.create_preset(db, 2026)
        assert points.add_entry(db, "m1", "集中学习", dt.date(2026, 3, 1)).points == 2
        assert points.summary(db, 2026)[0].total == 62
    finally:
        db.close()
