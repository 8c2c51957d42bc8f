"""最近联系 on the roster: a mobile member's last contact (issue 16's records), null for the others."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt

from app.db.database import Database
from app.services import mobile_contacts, roster
from ui.models.roster_model import COLUMN_KEYS, ID_ROLE, RosterModel


def test_last_contact_is_the_latest_date_for_mobile_members_only(demo_copy: Database) -> None:
    rows = roster.list_members(demo_copy)
    mobile = next(r for r in rows if r.is_mobile)
    today = dt.date.today()
    for days in (400, 30, 90):
        mobile_contacts.add_contact(demo_copy, mobile.id, today - dt.timedelta(days=days), "电话")
    by_id = {r.id: r for r in roster.list_members(demo_copy)}
    assert by_id[mobile.id].last_contact == today - dt.timedelta(days=30)
    assert by_id[mobile.id].as_json()["last_contact"] == (today - dt.timedelta(days=30)).isoformat()
    assert all(r.last_contact is None for r in by_id.values() if not r.is_mobile)
    assert roster.label("last_contact") == "最近联系"


def test_roster_column_shows_it_and_marks_six_months_without_contact(
    qapp: object, demo_copy: Database
) -> None:
    today = dt.date.today()
    rows = [r for r in roster.list_members(demo_copy) if r.status == roster.ACTIVE]
    settled = next(r for r in rows if not r.is_mobile)
    reached = replace(settled, id="reached", is_mobile=True, last_contact=today - dt.timedelta(days=10))
    stale = replace(settled, id="stale", is_mobile=True, last_contact=today - dt.timedelta(days=200))
    never = replace(settled, id="never", is_mobile=True, last_contact=None)
    model = RosterModel()
    model.set_rows([settled, reached, stale, never])
    column = COLUMN_KEYS.index("last_contact")
    cells = {model.index(i, 0).data(ID_ROLE): model.index(i, column) for i in range(4)}
    assert cells["reached"].data() == (today - dt.timedelta(days=10)).isoformat()
    assert cells["reached"].data(Qt.ItemDataRole.ForegroundRole) is None
    assert cells["never"].data() == "无记录"
    for overdue in ("never", "stale"):  # red, with a tooltip saying why: the 待办 reminder's six months
        assert cells[overdue].data(Qt.ItemDataRole.ForegroundRole) is not None
        assert "超过半年" in cells[overdue].data(Qt.ItemDataRole.ToolTipRole)
    assert cells[settled.id].data() == ""
