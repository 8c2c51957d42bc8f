"""Several clerks at once (issue 21): optimistic locking of the edited records, and the one-per rules held by
row locks — on SQLite and, with ``--pg-url``, on a real PostgreSQL server (two processes, eight clients)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry, Member
from app.db.models_commitments import Commitment
from app.db.models_points import PointEntry
from app.db.models_routine import DuesPayment, Meeting
from app.db.models_service import Household, Person, Visit
from app.services import commitments, dues, meetings, organizations, points, roster, versions
from app.services.residents import households, people
from app.services.versions import StaleRecord

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "tests" / "fixtures" / "concurrent_client.py"
STALE = "这条记录已被 {actor} 在 {hhmm} 修改，请刷新后再改"


def _other_clerk(db: Database, actor: str) -> Database:
    """A second program on the same database (another clerk's PC)."""
    url = None if not db.on_server else db.engine.url.render_as_string(hide_password=False)
    return Database.open(db.data_dir.root, url=url, actor=actor)


def _first_member(db: Database) -> str:
    return roster.list_members(db)[0].id


def _expected_message(db: Database, entity: str, record_id: str, actor: str) -> str:
    with db.session() as s:
        at = s.scalar(
            select(AuditEntry.at)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == record_id)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    from app.services.audit import local_time

    assert at is not None
    return STALE.format(actor=actor, hhmm=f"{local_time(at):%H:%M}")


# --- optimistic locking in one process (two Database objects: two clerks) ---------------------------------


def test_the_second_of_two_saves_over_the_same_version_is_refused(demo_copy: Database) -> None:
    member_id = _first_member(demo_copy)
    other = _other_clerk(demo_copy, "李文书")
    try:
        mine, theirs = roster.get_member(demo_copy, member_id), roster.get_member(other, member_id)
        assert mine.version == theirs.version
        theirs.draft.phone = "13911112222"
        assert roster.update_member(other, member_id, theirs.draft, theirs.version) == 1
        mine.draft.phone = "13733334444"
        mine.draft.address = "我刚输入的地址"
        with pytest.raises(StaleRecord) as refused:
            roster.update_member(demo_copy, member_id, mine.draft, mine.version)
        assert str(refused.value) == _expected_message(demo_copy, "member", member_id, "李文书")
        now = roster.get_member(demo_copy, member_id)
        assert now.draft.phone == "13911112222" and now.draft.address != "我刚输入的地址"  # nothing written
        assert now.version == mine.version + 1
        # 刷新 and save again: over the new version it goes through.
        now.draft.address = "我刚输入的地址"
        roster.update_member(demo_copy, member_id, now.draft, now.version)
        assert roster.get_member(other, member_id).draft.address == "我刚输入的地址"
    finally:
        other.close()


def test_a_save_without_changes_keeps_the_version_and_without_a_version_saves_over_the_current(
    demo_copy: Database,
) -> None:
    member_id = _first_member(demo_copy)
    loaded = roster.get_member(demo_copy, member_id)
    assert roster.update_member(demo_copy, member_id, loaded.draft, loaded.version) == 0
    assert roster.get_member(demo_copy, member_id).version == loaded.version
    assert roster.set_fields(demo_copy, member_id, {"手机号码": "13500001111"}) == 1  # the CLI: no version
    assert roster.get_member(demo_copy, member_id).version == loaded.version + 1
    with pytest.raises(StaleRecord):
        roster.set_fields(demo_copy, member_id, {"手机号码": "13500002222"}, version=loaded.version)
    roster.set_fields(demo_copy, member_id, {"手机号码": "13500002222"}, version=loaded.version + 1)
    # leaving bumps the version too, so an editor open since before cannot save over it
    roster.leave_member(demo_copy, member_id, "去世", dt.date.today())
    with pytest.raises(StaleRecord):
        roster.update_member(demo_copy, member_id, loaded.draft, loaded.version + 2)


def test_every_edited_record_kind_refuses_a_stale_save(demo_copy: Database) -> None:
    db = demo_copy
    with db.session() as s:
        household_id = s.scalars(select(Household.id).limit(1)).one()
        person_id = s.scalars(select(Person.id).limit(1)).one()
        meeting_id = s.scalars(select(Meeting.id).where(Meeting.withdrawn_at.is_(None)).limit(1)).one()
        commitment_id = s.scalars(select(Commitment.id).limit(1)).one()
    unit = organizations.branches(db)[0]
    cases: list[tuple[str, str, Any]] = [
        ("household", household_id, lambda v, n: households.update_household(
            db, household_id, _changed(households.draft_of(db, household_id), "note", n), v)),
        ("person", person_id, lambda v, n: people.update_person(
            db, person_id, _changed(people.draft_of(db, person_id), "note", n), v)),
        ("meeting", meeting_id, lambda v, n: meetings.update_meeting(
            db, meeting_id, _changed(meetings.get_meeting(db, meeting_id).draft, "topic", n), v)),
        ("commitment", commitment_id, lambda v, n: commitments.edit_commitment(
            db, commitment_id, _changed(_commitment_draft(db, commitment_id), "content", n), version=v)),
        ("organization", unit.id, lambda v, n: organizations.rename_unit(db, unit.id, f"第{n}党支部", v)),
    ]  # fmt: skip
    for entity, record_id, save in cases:
        v = versions.loaded(db, entity, record_id)
        save(v, "一")  # the first clerk's save
        with pytest.raises(StaleRecord, match="请刷新后再改"):
            save(v, "二")  # the second, over the version both loaded
        assert versions.loaded(db, entity, record_id) == v + 1, entity
        save(v + 1, "二")  # after 刷新


def _changed(draft: Any, field: str, text: str) -> Any:
    value = text if field == "note" else f"{getattr(draft, field)}（{text}）"
    return dataclasses.replace(draft, **{field: value})


def _commitment_draft(db: Database, commitment_id: str) -> commitments.CommitmentDraft:
    row = commitments.get_commitment(db, commitment_id)
    return commitments.CommitmentDraft(
        year=row.year, kind=row.kind, content=row.content, member_id=row.member_id, team_id=row.team_id,
        deadline=row.deadline, published_on=row.published_on, objection_until=row.objection_until,
    )  # fmt: skip


# --- processes ----------------------------------------------------------------------------------------


def _job(db: Database, tmp: Path, actor: str, **work: Any) -> Path:
    url = db.engine.url.render_as_string(hide_password=False) if db.on_server else None
    job = {"root": str(db.data_dir.root), "url": url, "actor": actor, "barrier": str(tmp), **work}
    path = tmp / f"job-{actor}.json"
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    return path


def _run_together(tmp: Path, jobs: list[Path], timeout: float) -> list[dict[str, Any]]:
    """Start the clients, wait until every one has loaded, then let them all go at once."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, str(CLIENT), str(job)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )  # fmt: skip
        for job in jobs
    ]
    start = time.monotonic()
    while len(list(tmp.glob("ready-*"))) < len(jobs):
        if any(p.poll() not in (None, 0) for p in procs) or time.monotonic() - start > 120:
            for p in procs:
                p.kill()
            raise AssertionError([p.communicate()[1][-2000:] for p in procs])
        time.sleep(0.02)
    (tmp / "go").touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_saving_the_same_member_at_once(demo_copy: Database, tmp_path: Path) -> None:
    member_id = _first_member(demo_copy)
    before = roster.get_member(demo_copy, member_id)
    phones = {"甲文书": "13800000001", "乙文书": "13800000002"}
    jobs = [
        _job(demo_copy, tmp_path, a, work="save", member_id=member_id, phone=p) for a, p in phones.items()
    ]
    results = dict(zip(phones, _run_together(tmp_path, jobs, timeout=120), strict=True))
    winners = [a for a, r in results.items() if r.get("ok")]
    assert len(winners) == 1, results
    winner = winners[0]
    loser = next(a for a in phones if a != winner)
    assert results[loser]["refused"] == _expected_message(demo_copy, "member", member_id, winner)
    after = roster.get_member(demo_copy, member_id)
    assert after.draft.phone == phones[winner] and after.version == before.version + 1
    with demo_copy.session() as s:
        trail = s.scalars(
            select(AuditEntry.actor).where(
                AuditEntry.entity == "member", AuditEntry.entity_id == member_id, AuditEntry.field == "phone"
            )
        ).all()
    assert winner in trail and loser not in trail


def test_two_clerks_claiming_one_project_at_once(demo_copy: Database, tmp_path: Path) -> None:
    from app.db.models_projects import Project
    from app.domain import project_rules

    with demo_copy.session() as s:
        project_id = s.scalars(
            select(Project.id).where(
                Project.status == project_rules.OPEN, Project.size == project_rules.SMALL
            )
        ).first()
        commitments_before = s.scalar(select(func.count()).select_from(Commitment))
    if project_id is None:
        pytest.skip("the demo has no open project for a member")
    members = [r.id for r in roster.list_members(demo_copy)][:2]
    jobs = [
        _job(demo_copy, tmp_path, f"文书{i}", work="claim", project_id=project_id, member_id=m)
        for i, m in enumerate(members)
    ]
    results = _run_together(tmp_path, jobs, timeout=120)
    assert sum(1 for r in results if r.get("ok")) == 1, results
    refused = next(r["refused"] for r in results if "refused" in r)
    assert "一个项目同时只有一个认领人" in refused
    with demo_copy.session() as s:
        p = s.get(Project, project_id)
        assert p is not None and p.status == project_rules.CLAIMED and p.claimant_id in members
        # the loser's 认领承诺 was not written either
        assert s.scalar(select(func.count()).select_from(Commitment)) == (commitments_before or 0) + 1


def _load_seconds(db: Database) -> float:
    """30 s on the PostgreSQL server (CI's --pg-url pass runs it once); shorter on SQLite."""
    default = 30.0 if db.on_server else 8.0
    return float(os.environ.get("PIONEER_BOARD_LOAD_SECONDS", default))


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("commitment", Commitment), ("point", PointEntry), ("dues", DuesPayment), ("visit", Visit),
            )
        } | {"edit": s.scalar(select(func.sum(Member.version))) or 0}  # fmt: skip


def test_eight_clients_reading_and_writing_at_once(demo_copy: Database, tmp_path: Path) -> None:
    db = demo_copy
    year = dt.date.today().year
    members = [r.id for r in roster.list_members(db)][:12]
    rs = points.rule_sets(db, year)[0]
    points.save_indicator(db, rs.id, category="奖励", name="并发测试", points=1, annual_cap=None)
    payers = members[:4]
    for m in payers:  # a fresh rate next year, so months are free to pay (and to collide on)
        dues.set_rate(db, m, 100, f"{year + 1}-01")
    with db.session() as s:
        household_ids = list(s.scalars(select(Household.id).limit(10)))
    before = _counts(db)
    seconds = _load_seconds(db)
    jobs = [
        _job(
            db,
            tmp_path,
            f"文书{i}",
            work="mix",
            seed=i,
            seconds=seconds,
            members=members,
            payers=payers,
            households=household_ids,
            year=year,
            indicator="并发测试",
            dues_year=year + 1,
        )  # fmt: skip
        for i in range(8)
    ]
    results = _run_together(tmp_path, jobs, timeout=seconds + 180)
    errors = [e for r in results for e in r["errors"]]
    assert errors == [], errors[:5]
    done: dict[str, int] = {}
    for r in results:
        for key, n in r["counts"].items():
            done[key] = done.get(key, 0) + n
    print(f"{len(jobs)} clients, {seconds:.0f} s on {db.engine.dialect.name}: {done}")  # shown with -s
    after = _counts(db)
    for key in ("commitment", "point", "dues", "visit", "edit"):
        assert after[key] - before[key] == done.get(key, 0), (key, done)
    assert done.get("edit", 0) > 0 and done.get("read", 0) > 0, done
    # no month paid twice, whatever the collisions
    for m in payers:
        months = [
            mo for p in dues.payments(db, m) if not p.withdrawn for mo in _months(p.first_month, p.last_month)
        ]
        assert len(months) == len(set(months)), m


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:])
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
