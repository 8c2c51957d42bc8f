"""Bulk inserts store exactly what the ORM would: dates, booleans, None, text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.database import Database
from app.db.models import Grid, Member, Organization


def test_bulk_rows_read_back_like_orm_rows(empty_db: Database) -> None:
    with empty_db.session() as s, s.begin():
        insert_rows(
            s,
            Organization,
            [
                {
                    "id": "o1",
                    "parent_id": None,
                    "name": "党总支",
                    "kind": "党总支",
                    "sort_order": 0,
                    "created_at": dt.datetime(2026, 1, 2, 3, 4, 5),
                }
            ],
        )
        insert_rows(
            s,
            Grid.__table__,
            [{"id": "g1", "name": "第1网格", "households": 400, "responsible": "", "note": ""}],
        )
        insert_rows(
            s,
            Member,
            [
                {
                    "id": "m1",
                    "name": "甲",
                    "gender": "男",
                    "id_number": "1" * 18,
                    "birth_date": dt.date(1980, 1, 2),
                    "category": "正式党员",
                    "branch_id": "o1",
                    "is_mobile": True,
                    "joined_on": None,
                }
            ],
        )
    with empty_db.session() as s:
        org = s.get(Organization, "o1")
        assert (
            org is not None and org.created_at == dt.datetime(2026, 1, 2, 3, 4, 5) and org.parent_id is None
        )
        assert s.scalar(select(Grid.households)) == 400
        member = s.get(Member, "m1")
        assert member is not None and member.is_mobile is True and member.birth_date == dt.date(1980, 1, 2)
        # left-out columns get the model's defaults, exactly as the ORM would fill them
        assert (member.status, member.ethnicity, member.is_lost_contact, member.joined_on) == (
            "在册",
            "汉族",
            False,
            None,
        )
        assert isinstance(member.created_at, dt.datetime)
