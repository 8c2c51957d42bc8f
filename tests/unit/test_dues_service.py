"""Dues: rates and payments in 分, months paid once, arrears with the 3- and 6-month flags, the register and its
Excel export, dues points per quarter (on time / late) re-checked when payments change; mobile contacts; 待办."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import demo
from app.db.database import Database
from app.db.models import Member
from app.db.models_points import PointEntry
from app.domain import routine
from app.domain.errors import UserError, ValidationError
from app.services import dues, mobile_contacts, points, reminders

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

Y = 2020
TODAY = dt.date(Y, 12, 15)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dues") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=40, seed=5)
    points.create_preset(db, Y)
    db.close()
    return root


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copytree(template, tmp_path / "data")
    d = Database.open(tmp_path / "data")
    yield d
    d.close()


def _ordinary(db: Database, skip: int = 0) -> str:
    rows = [r for r in points.summary(db, Y) if r.tier == "普通类" and r.category == "正式党员"]
    return rows[skip].member_id


def _dues_points(db: Database, member_id: str) -> dict[str, int]:
    names = {"按时交纳党费", "未按时交纳党费"}
    ledger = points.ledger(db, member_id, Y)
    out: dict[str, int] = {}
    for e in ledger.entries:
        if e.indicator_name in names:
            out[e.indicator_name] = out.get(e.indicator_name, 0) + e.points
    return out


def test_payments_arrears_and_flags(db: Database) -> None:
    m = _ordinary(db)
    dues.set_rate(db, m, 1000, "2020-01")
    dues.pay(db, m, "2020-01", "2020-03", 3000, dt.date(Y, 3, 10), "R1", today=TODAY)
    rows = {r.member_id: r for r in dues.arrears(db, today=TODAY)}
    assert rows[m].months == tuple(f"2020-{i:02d}" for i in range(4, 12))
    assert rows[m].owed_fen == 8000
    assert "6个月" in rows[m].flag  # eight months in a row: the constitution's limit
    with pytest.raises(UserError):
        dues.pay(db, m, "2020-03", "2020-04", 2000, dt.date(Y, 5, 1), today=TODAY)  # March paid already
    with pytest.raises(ValidationError):
        dues.pay(db, m, "2020-04", "2020-04", 0, dt.date(Y, 5, 1), today=TODAY)
    other = _ordinary(db, 1)
    with pytest.raises(UserError):
        dues.pay(db, other, "2020-01", "2020-01", 1000, dt.date(Y, 1, 5), today=TODAY)  # no rate yet
    assert len(dues.payments(db, m, Y)) == 1


def test_register_totals_and_excel(db: Database, tmp_path: Path) -> None:
    a, b = _ordinary(db), _ordinary(db, 1)
    dues.set_rate(db, a, 1000, "2020-01")
    dues.set_rate(db, b, 20, "2020-07")
    dues.pay(db, a, "2020-01", "2020-06", 6000, dt.date(Y, 1, 8), today=TODAY)
    dues.pay(db, b, "2020-07", "2020-09", 60, dt.date(Y, 7, 8), today=TODAY)
    reg = dues.register(db, Y)
    rows = {r.member_id: r for r in reg.rows}
    assert rows[a].months[:6] == (1000,) * 6 and rows[a].months[6] is None and rows[a].owed[6]
    assert rows[b].owed[:6] == (False,) * 6 and rows[b].months[6:9] == (20, 20, 20)
    assert reg.month_totals[0] == 1000 and reg.month_totals[6] == 20
    assert reg.total == 6060
    out = tmp_path / "党费.xlsx"
    assert dues.export_register(db, Y, None, out) == 2
    ws = load_workbook(out).active
    assert ws is not None
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    assert "2020年度党费收缴登记表" in str(values[0][0])
    assert values[-1][1] == "合计" and values[-1][-1] == "60.60"


def test_dues_points_per_quarter_follow_payments(db: Database) -> None:
    m = _ordinary(db)
    dues.set_rate(db, m, 1000, "2020-01")
    dues.pay(db, m, "2020-01", "2020-03", 3000, dt.date(Y, 3, 10), today=TODAY)
    assert _dues_points(db, m) == {"按时交纳党费": 2}
    dues.sync_points(db, Y, today=TODAY)  # Q2, Q3 unpaid and over: late; Q4 not over yet
    assert _dues_points(db, m) == {"按时交纳党费": 2, "未按时交纳党费": -10}
    late = dues.pay(db, m, "2020-04", "2020-06", 3000, dt.date(Y, 6, 20), today=TODAY)  # backdated receipt
    assert (late.points.written, late.points.reversed) == (1, 1)
    assert _dues_points(db, m) == {"按时交纳党费": 4, "未按时交纳党费": -5}
    again = dues.sync_points(db, Y, today=TODAY)
    assert (again.written, again.reversed) == (0, 0)  # idempotent
    payment = dues.payments(db, m, Y)[0].id
    dues.withdraw_payment(db, payment, "收据号记错", today=TODAY)
    assert _dues_points(db, m) == {"按时交纳党费": 2, "未按时交纳党费": -10}
    with db.session() as s:  # reversal-only: nothing deleted
        assert (
            s.scalar(
                select(func.count())
                .select_from(PointEntry)
                .where(PointEntry.member_id == m, PointEntry.points < 0)
            )
            >= 3
        )


def test_mobile_contacts_and_todo(db: Database) -> None:
    later = dt.date.today() + dt.timedelta(days=400)  # by then every demo contact is over six months old
    with db.session() as s:
        mobile = s.scalars(
            select(Member.id).where(Member.is_mobile.is_(True), Member.status == "在册")
        ).first()
        settled = s.scalars(select(Member.id).where(Member.is_mobile.is_(False))).first()
    assert mobile and settled
    with pytest.raises(UserError):
        mobile_contacts.add_contact(db, settled, dt.date(Y, 3, 1), "电话", today=TODAY)
    with pytest.raises(ValidationError):
        mobile_contacts.add_contact(db, mobile, dt.date(Y, 3, 1), "托梦", today=TODAY)
    mobile_due = lambda: {i.member_id for i in reminders.todo(db, later) if i.kind == reminders.MOBILE}  # noqa: E731
    assert mobile in mobile_due()
    day = later - dt.timedelta(days=10)
    mobile_contacts.add_contact(
        db, mobile, day, "微信", "在宁波打工", "LD-001", "宁波某流动党员服务站", today=later
    )
    assert mobile not in mobile_due()
    assert mobile_contacts.last_contacts(db)[mobile] == day
    kinds = lambda: {(i.kind, i.member_id) for i in reminders.todo(db, TODAY)}  # noqa: E731
    m = _ordinary(db)
    dues.set_rate(db, m, 1000, "2020-06")
    assert (reminders.ARREARS, m) in kinds()
    items = reminders.todo(db, TODAY)
    assert any(i.kind == reminders.MEETINGS for i in items)
    assert any(i.kind == reminders.STARS for i in items)  # 2020Q3 never rated
    assert routine.format_fen(dues.arrears(db, today=TODAY)[0].owed_fen)


def test_probation_reminder(db: Database) -> None:
    with db.session() as s, s.begin():
        m = s.scalars(select(Member).where(Member.status == "在册")).first()
        assert m is not None
        m.category, m.joined_on, m.probation_extension = "预备党员", dt.date(Y - 1, 12, 30), ""
        mid, name = m.id, m.name
    items = [i for i in reminders.todo(db, TODAY) if i.kind == reminders.PROBATION]
    assert [(i.member_id, i.due) for i in items if i.member_id == mid] == [(mid, dt.date(Y, 12, 30))]
    assert name in items[0].text or any(name in i.text for i in items)
