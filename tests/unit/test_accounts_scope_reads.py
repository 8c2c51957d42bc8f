"""Issue 21, read limits: a 书记/党务 or 只读 account reads its own subtree — the 待办 list, the star ratings, the
statistics and the pages' unit choices (``accounts.visible_units``) — and is refused another branch's ratings."""

from __future__ import annotations

import pytest
from accounts_helpers import READER_PW, SEC_PW, set_up_accounts

from app.boards.charts import Chart
from app.db.database import Database
from app.services import accounts, evaluations, organizations, reminders, roster
from app.services.reports import stats

pytestmark = pytest.mark.both_backends


def _subtree(db: Database, unit: str) -> set[str]:
    with db.session() as s:
        return set(organizations.unit_and_below(s, unit))


def _members_of(db: Database, unit: str) -> set[str]:
    return {m.id for m in roster.list_members(db, branch_id=unit, status="all")}


def test_the_unit_choosers_offer_the_accounts_subtree_only(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    whole = accounts.visible_units(demo_copy)
    assert whole == organizations.units(demo_copy) and whole[0].parent_id is None
    accounts.login(demo_copy, "li", READER_PW)
    mine = accounts.visible_units(demo_copy)
    assert {u.id for u in mine} == _subtree(demo_copy, first) and mine[0].id == first
    assert all(u.kind != "党小组" for u in accounts.visible_branches(demo_copy))
    assert second not in {u.id for u in accounts.visible_branches(demo_copy)}


def test_the_todo_list_is_the_accounts_own(demo_copy: Database) -> None:
    first, _ = set_up_accounts(demo_copy)
    everything = reminders.todo(demo_copy)
    accounts.login(demo_copy, "zhang", SEC_PW)
    mine = reminders.todo(demo_copy)
    members = _members_of(demo_copy, first)
    names = {u.name for u in accounts.visible_units(demo_copy)}
    assert len(mine) < len(everything)
    for item in mine:
        if item.member_id is not None:
            assert item.member_id in members, item
        elif item.kind == reminders.MEETINGS:
            assert item.text.split("本季度")[0] in names, item
    outside = [i for i in everything if i.member_id is not None and i.member_id not in members]
    assert outside and not set(outside) & set(mine)


def test_the_ratings_are_the_accounts_subtree_and_another_branch_is_refused(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    period = evaluations.list_periods(demo_copy)[-1].id
    whole = evaluations.ratings(demo_copy, period)
    accounts.login(demo_copy, "li", READER_PW)
    mine = evaluations.ratings(demo_copy, period)
    assert 0 < len(mine) < len(whole)
    assert {r.member_id for r in mine} <= _members_of(demo_copy, first)
    with pytest.raises(accounts.ScopeError, match="无权查看"):
        evaluations.ratings(demo_copy, period, branch_id=second)
    assert (
        evaluations.summary(demo_copy, period).members == evaluations.summary(demo_copy, period, mine).members
    )


def test_the_statistics_count_the_accounts_subtree(demo_copy: Database) -> None:
    first, _ = set_up_accounts(demo_copy)
    period = [p.id for p in evaluations.list_periods(demo_copy) if p.status == "closed"][-1]
    whole = stats.quarter_charts(demo_copy, period)
    whole_branches = stats.branch_star_charts(demo_copy, period)
    whole_roster = stats.roster_charts(demo_copy)
    accounts.login(demo_copy, "zhang", SEC_PW)
    mine = stats.quarter_charts(demo_copy, period)
    names = {u.name for u in accounts.visible_units(demo_copy)}

    def total(chart: Chart) -> float:
        return sum(sum(values) for _name, values in chart.series)

    assert 0 < total(mine[0]) < total(whole[0])  # the star distribution
    assert set(mine[1].categories) <= names  # 承诺兑现率 per branch
    assert 0 < total(mine[2]) < total(whole[2])  # 积分等次
    assert set(mine[3].categories) <= names  # 会议出席率 per unit
    assert mine[4] == whole[4]  # the residents' requests are the whole village's (shared rows)
    branches = stats.branch_star_charts(demo_copy, period)
    assert len(branches) == len([u for u in accounts.visible_branches(demo_copy)]) < len(whole_branches)
    assert total(stats.roster_charts(demo_copy)[0]) < total(whole_roster[0])
    assert first in {u.id for u in accounts.visible_branches(demo_copy)}
