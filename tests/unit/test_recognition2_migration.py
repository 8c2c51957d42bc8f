"""Upgrading a database of the previous release (every head before 0025_recognition2, with a meeting held) adds
the list of members from elsewhere at a meeting: the meeting and its roster attendance survive, and a 报到党员 can
be marked present at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from alembic import command
from old_database import make_roster_only_database
from sqlalchemy import inspect, text

from app.db.database import Database, alembic_config, current_revision, head_revision, make_engine
from app.paths import DataDir
from app.services import meetings, organizations
from app.services.residents import people

PREVIOUS_RELEASE = ("0005_routine", "0007_projects", "0008_recognition", "0009_speed", "0021_township")


def test_previous_release_upgrades_to_recognition2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_roster_only_database(data, [("m1", "王伟", "在册")], org="丁新村党总支")
    engine = make_engine(DataDir(data).db_path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        for revision in PREVIOUS_RELEASE:
            command.upgrade(cfg, revision)
        assert "meeting_people" not in inspect(conn).get_table_names()
        root = conn.execute(text("SELECT id FROM organizations WHERE parent_id IS NULL")).scalar()
        conn.execute(
            text(
                "INSERT INTO meetings (id, unit_id, kind, date, time, place, topic, minutes, resolutions, photos,"
                " guests, withdrawn_by, withdrawn_reason, created_at, created_by, updated_at) VALUES"
                " ('mt1', :u, '主题党日', '2026-11-01', '', '', '学习', '', '', '[]', '', '', '', '2026-11-01',"
                " '', '2026-11-01')"
            ),
            {"u": root},
        )
        conn.execute(
            text(
                "INSERT INTO meeting_attendance (id, meeting_id, member_id, expected, mark, reason, sort_order)"
                " VALUES ('a1', 'mt1', 'm1', 1, '出席', '', 0)"
            )
        )
    engine.dispose()
    db = Database.open(data)
    try:
        assert current_revision(db.engine) == head_revision()
        assert "0025_recognition2" in head_revision().split("+")
        assert "meeting_people" in inspect(db.engine).get_table_names()
        d = meetings.get_meeting(db, "mt1")
        assert [(a.name, a.mark) for a in d.attendees] == [("王伟", "出席")] and d.people == ()
        top = organizations.root(db)
        assert top is not None
        station = organizations.add_unit(db, top.id, "流动党员服务站", "流动党员服务站")
        mid = meetings.add_meeting(
            db, meetings.MeetingDraft(station, "主题党日", dt.date(2026, 11, 2), "过组织生活")
        )
        pid = people.add_person(
            db, people.PersonDraft("外来党员", roles=["报到党员"], organization="外县党支部")
        )
        meetings.set_attendance(db, mid, {}, people={pid: ("出席", "")})
        assert [p.name for p in meetings.get_meeting(db, mid).people] == ["外来党员"]
    finally:
        db.close()
