"""The branch assessment's 项目 evidence comes from the service-project ledger (issue 18), not a stand-in 0."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.db.models_projects import Project
from app.domain import project_rules as rules
from app.services import organizations
from app.services.projects import stats
from app.services.recognition.evidence import branch_measures
from app.services.store import Database

pytestmark = pytest.mark.both_backends


def test_completed_projects_count_for_the_claimants_branch(demo_copy: Database) -> None:
    year = dt.date.today().year
    by_unit = stats.completed_by_unit(demo_copy, year)
    with demo_copy.session() as s:
        done = s.scalar(
            select(func.count())
            .select_from(Project)
            .where(
                Project.claimant_kind.in_((rules.MEMBER, rules.TEAM)),
                Project.status.in_((rules.DONE, rules.JUDGED)),
                Project.completed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            )
        )
    assert done, "the demo village completes projects this year"
    assert sum(by_unit.values()) <= done and sum(by_unit.values()) > 0
    branches = [u.id for u in organizations.units(demo_copy) if u.kind == "党支部"]
    measures = branch_measures(demo_copy, year, branches)
    notes = {m["项目"].evidence for m in measures.values()}
    assert all("服务项目台账" in n for n in notes), notes
    assert any(not n.endswith("完成 0 个") for n in notes), notes


def test_scoring_one_branch_gives_the_row_the_whole_assessment_gives(demo_copy: Database) -> None:
    """Scoring reads only the scored branch's records; its row (suggestions, evidence, total, rank) must be the
    one the whole-organisation assessment shows."""
    from app.services import recognition

    year = dt.date.today().year
    rows = recognition.assessment(demo_copy, year)
    assert len(rows) >= 2 and any(r.suggested for r in rows)
    first = rows[0]
    recognition.score(demo_copy, year, first.unit_id, dict.fromkeys(first.items, 1.0))  # a total and a rank
    whole = {r.unit_id: r for r in recognition.assessment(demo_copy, year)}
    for unit_id in whole:
        assert recognition.score(demo_copy, year, unit_id, {}) == whole[unit_id]
