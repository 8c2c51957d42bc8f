"""Every service row a page searches carries the member's stored pinyin, so one matcher finds by initials."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.db.models import Member
from app.domain.pinyin import find_key, matches, normalize_query
from app.services import commitments, evaluations, points, review
from app.services.store import Database


def test_searched_rows_carry_full_pinyin_and_initials(demo_copy: Database) -> None:
    with demo_copy.session() as s:
        stored = {
            mid: (full, initials)
            for mid, full, initials in s.execute(
                select(Member.id, Member.pinyin_full, Member.pinyin_initials)
            )
        }
    year = dt.date.today().year
    period = evaluations.list_periods(demo_copy)[0].id
    named: list[tuple[str, str, str, str]] = []  # (member_id, name, full, initials)
    named += [
        (r.member_id, r.member_name, r.pinyin_full, r.pinyin_initials)
        for r in evaluations.ratings(demo_copy, period)
    ]
    named += [
        (r.member_id, r.member_name, r.pinyin_full, r.pinyin_initials)
        for r in review.review_list(demo_copy, year)
    ]
    named += [
        (r.member_id, r.member_name, r.pinyin_full, r.pinyin_initials)
        for r in points.summary(demo_copy, year)
    ]
    named += [
        (r.member_id, r.name, r.pinyin_full, r.pinyin_initials)
        for r in commitments.member_states(demo_copy, year)
    ]
    assert len(named) > 100
    for member_id, name, full, initials in named:
        assert (full, initials) == stored[member_id] and full and initials
        assert matches(find_key(name, full, initials), normalize_query(initials.upper()))
