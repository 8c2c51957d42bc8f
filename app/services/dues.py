"""党费 (dues): each member's monthly amount, payments (one or several months), arrears, the register of a
unit and year, and the points they feed. Money is integer 分 everywhere; text ↔ 分 in app.domain.routine.

Points (the rule as built): once a quarter is over, a member who owed dues in it gets 按时交纳党费 if every
month owed in that quarter was paid by the quarter's last day, else 未按时交纳党费 — one linked entry per
member and quarter (key ``2026Q1``). A payment (or its withdrawal) re-checks the quarters its months fall in;
`dues points` (or the 党费 page's button) checks every member's quarters of a year, e.g. after a quarter ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, Organization, utcnow
from app.db.models_routine import DuesPayment, DuesRate
from app.domain import routine
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.domain.periods import Quarter
from app.services import audit, lookup, organizations, versions
from app.services.points.routine import SyncResult, Wanted, sync_many

SOURCE = "dues"


@dataclass(frozen=True)
class PayResult:
    payment_id: str
    expected_fen: int  # what the member's rates say the months cost
    points: SyncResult

    def as_json(self) -> dict[str, Any]:
        return {"id": self.payment_id, "expected_fen": self.expected_fen}


@dataclass(frozen=True)
class ArrearsRow:
    member_id: str
    name: str
    unit: str
    months: tuple[str, ...]  # unpaid months owed, oldest first
    owed_fen: int
    longest_run: int

    @property
    def flag(self) -> str:
        if self.longest_run >= routine.ARREARS_LIMIT_MONTHS:
            return f"连续{self.longest_run}个月未交（已达党章规定的6个月）"
        if len(self.months) >= routine.ARREARS_WARNING_MONTHS:
            return f"欠缴{len(self.months)}个月"
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "unit": self.unit,
            "months": list(self.months),
            "count": len(self.months),
            "owed_fen": self.owed_fen,
            "owed": routine.format_fen(self.owed_fen),
            "longest_run": self.longest_run,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class RegisterRow:
    member_id: str
    name: str
    unit: str
    rate_fen: int | None  # the amount in force at the year's end (or the last month owed)
    months: tuple[int | None, ...]  # 12 cells: 分 paid for the month, None: not paid
    owed: tuple[bool, ...]  # 12 cells: the month was owed

    @property
    def total(self) -> int:
        return sum(v or 0 for v in self.months)


@dataclass(frozen=True)
class Register:
    year: int
    unit: str
    rows: tuple[RegisterRow, ...]

    @property
    def month_totals(self) -> tuple[int, ...]:
        return tuple(sum(r.months[i] or 0 for r in self.rows) for i in range(12))

    @property
    def total(self) -> int:
        return sum(self.month_totals)


# --- reading the dues of members -------------------------------------------------------------------------------


@dataclass
class _Dues:
    member_id: str
    name: str
    branch_id: str
    joined: str | None
    left: str | None
    rates: list[tuple[str, int]]  # (from month, 分), sorted
    paid: dict[str, tuple[int, dt.date]]  # month → (分, paid on)

    def rate_for(self, month: str) -> int | None:
        amount = None
        for start, fen in self.rates:
            if start <= month:
                amount = fen
        return amount

    def owes(self, month: str) -> bool:
        if self.rate_for(month) is None:
            return False
        if self.joined and month < self.joined:
            return False
        return not (self.left and month > self.left)


def _load(s: Session, member_ids: Sequence[str] | None) -> dict[str, _Dues]:
    stmt = select(Member.id, Member.name, Member.branch_id, Member.joined_on, Member.left_on, Member.status)
    if member_ids is not None:
        stmt = stmt.where(Member.id.in_(member_ids))
    out: dict[str, _Dues] = {}
    for mid, name, branch, joined, left, status in s.execute(stmt):
        left_month = routine.month_of(left) if left and status != MemberStatus.ACTIVE else None
        if status != MemberStatus.ACTIVE and left_month is None:
            left_month = "0000-00"
        out[mid] = _Dues(mid, name, branch, routine.month_of(joined) if joined else None, left_month, [], {})
    rate_stmt = select(DuesRate.member_id, DuesRate.from_month, DuesRate.amount_fen).order_by(
        DuesRate.from_month
    )
    pay_stmt = select(
        DuesPayment.member_id,
        DuesPayment.first_month,
        DuesPayment.last_month,
        DuesPayment.amount_fen,
        DuesPayment.paid_on,
    ).where(DuesPayment.withdrawn_at.is_(None))
    if member_ids is not None:
        rate_stmt = rate_stmt.where(DuesRate.member_id.in_(member_ids))
        pay_stmt = pay_stmt.where(DuesPayment.member_id.in_(member_ids))
    for mid, start, fen in s.execute(rate_stmt):
        if mid in out:
            out[mid].rates.append((start, fen))
    for mid, first, last, fen_total, paid_on in s.execute(pay_stmt):
        d = out.get(mid)
        if d is None:
            continue
        if first == last:  # most payments: one month, or a quarter below
            d.paid[first] = (fen_total, paid_on)
            continue
        months = routine.months_between(first, last)
        for month, fen in zip(months, routine.split_fen(fen_total, len(months)), strict=True):
            d.paid[month] = (fen, paid_on)
    return out


def _scope(s: Session, unit_id: str | None) -> list[str] | None:
    if unit_id is None:
        return None
    ids = organizations.unit_and_below(s, unit_id)
    return list(s.scalars(select(Member.id).where(or_(Member.branch_id.in_(ids), Member.group_id.in_(ids)))))


def _org_names(s: Session) -> dict[str, str]:
    return dict(s.execute(select(Organization.id, Organization.name)).all())


# --- writing -----------------------------------------------------------------------------------------------------


def _member(s: Session, member_id: str) -> Member:
    m = s.get(Member, member_id)
    if m is None:
        raise NotFoundError(f"找不到党员（编号 {member_id}）")
    return m


def set_rate(db: Database, member_id: str, amount_fen: int, from_month: str, basis: str = "") -> str:
    """The member's monthly dues from ``from_month`` on (a later change adds a new rate; same month: replaced)."""
    month = routine.parse_month(from_month, "from")
    if amount_fen < 0 or amount_fen > 10_000_000:
        raise ValidationError("党费金额不对：不能是负数，也不能大得离谱", field="amount")
    with db.session() as s, s.begin():
        m = _member(s, member_id)
        row = s.scalar(select(DuesRate).where(DuesRate.member_id == m.id, DuesRate.from_month == month))
        if row is None:
            row = DuesRate(
                member_id=m.id, from_month=month, amount_fen=amount_fen, basis=basis, created_by=db.actor
            )
            s.add(row)
            s.flush()
            audit.record(s, db.actor, "create", "dues_rate", row.id, month, None, amount_fen)
        else:
            audit.record(s, db.actor, "update", "dues_rate", row.id, month, row.amount_fen, amount_fen)
            row.amount_fen, row.basis = amount_fen, basis
        return row.id


def pay(
    db: Database,
    member_id: str,
    first_month: str,
    last_month: str,
    amount_fen: int,
    paid_on: dt.date,
    receipt: str = "",
    today: dt.date | None = None,
) -> PayResult:
    """Record a payment for ``first_month..last_month``. Months already paid are refused (withdraw the wrong
    payment first); so are months before the member's dues were set."""
    today = today or dt.date.today()
    first, last = routine.parse_month(first_month, "months"), routine.parse_month(last_month, "months")
    if routine.month_index(last) < routine.month_index(first):
        raise ValidationError("结束月早于开始月", field="months")
    if amount_fen <= 0:
        raise ValidationError("交纳金额要大于 0", field="amount")
    if paid_on > today:
        raise ValidationError("交纳日期不能晚于今天", field="date")
    months = routine.months_between(first, last)
    with db.session() as s, s.begin():
        m = _member(s, member_id)
        versions.lock(s, Member, m.id)  # "months already paid" below holds against a payment at the same time
        d = _load(s, [m.id])[m.id]
        no_rate = [mo for mo in months if d.rate_for(mo) is None]
        if no_rate:
            raise UserError(f"{m.name}在 {no_rate[0]} 还没有党费标准：请先用“设定党费”定下每月金额")
        twice = [mo for mo in months if mo in d.paid]
        if twice:
            raise UserError(f"{m.name}的 {'、'.join(twice[:3])} 已经交过了（要改就先撤回那笔记录）")
        p = DuesPayment(
            member_id=m.id,
            paid_on=paid_on,
            first_month=first,
            last_month=last,
            amount_fen=amount_fen,
            receipt=receipt.strip(),
            created_by=db.actor,
        )
        s.add(p)
        s.flush()
        audit.record(s, db.actor, "create", "dues_payment", p.id, f"{first}..{last}", None, amount_fen)
        expected = sum(d.rate_for(mo) or 0 for mo in months)
        result = _sync_members(s, db.actor, [m.id], _quarters(months), today)
        return PayResult(p.id, expected, result)


def withdraw_payment(db: Database, payment_id: str, reason: str, today: dt.date | None = None) -> None:
    if not reason.strip():
        raise ValidationError("请写明撤回的原因", field="reason")
    with db.session() as s, s.begin():
        p = s.get(DuesPayment, payment_id)
        if p is None:
            raise NotFoundError(f"找不到交纳记录（编号 {payment_id}）")
        if p.withdrawn_at is not None:
            raise UserError("这笔交纳记录已经撤回过了")
        p.withdrawn_at, p.withdrawn_reason = utcnow(), reason.strip()
        audit.record(s, db.actor, "withdraw", "dues_payment", p.id, "reason", None, reason.strip())
        months = routine.months_between(p.first_month, p.last_month)
        _sync_members(s, db.actor, [p.member_id], _quarters(months), today)


def resolve_payment_id(db: Database, ref: str) -> str:
    return lookup.resolve_id(db, DuesPayment, ref, "交纳记录")


# --- points ------------------------------------------------------------------------------------------------------


def _quarters(months: Sequence[str]) -> set[str]:
    return {f"{mo[:4]}Q{(int(mo[5:7]) - 1) // 3 + 1}" for mo in months}


def _wanted(d: _Dues, quarters: set[str], today: dt.date) -> list[Wanted]:
    out = []
    for qid in sorted(quarters):
        quarter = Quarter(int(qid[:4]), int(qid[5]))
        if quarter.ends_on >= today:
            continue
        q = quarter.quarter
        owed = [
            mo
            for mo in routine.months_between(f"{quarter.year}-{3 * q - 2:02d}", f"{quarter.year}-{3 * q:02d}")
            if d.owes(mo)
        ]
        if not owed:
            continue
        on_time = all(mo in d.paid and d.paid[mo][1] <= quarter.ends_on for mo in owed)
        indicator = routine.DUES_ON_TIME_INDICATOR if on_time else routine.DUES_LATE_INDICATOR
        out.append(Wanted(d.member_id, indicator, quarter.ends_on, quarter.id, f"党费 {quarter.label}"))
    return out


def _sync_members(
    s: Session, actor: str, member_ids: Sequence[str], quarters: set[str], today: dt.date | None = None
) -> SyncResult:
    """Only the quarters named are looked at: a payment re-checks the quarters its months fall in."""
    today = today or dt.date.today()
    s.flush()
    wanted = {d.member_id: _wanted(d, quarters, today) for d in _load(s, member_ids).values()}
    return sync_many(s, actor, SOURCE, wanted, "党费交纳情况变了", keys=quarters)


def sync_points(db: Database, year: int, today: dt.date | None = None) -> SyncResult:
    """Bring every member's dues entries of ``year`` up to date (run after a quarter ends; idempotent)."""
    with db.session() as s, s.begin():
        ids = list(s.scalars(select(DuesRate.member_id).distinct()))
        return _sync_members(s, db.actor, ids, {f"{year}Q{q}" for q in range(1, 5)}, today)


# --- arrears and the register ------------------------------------------------------------------------------------


def arrears(db: Database, unit_id: str | None = None, today: dt.date | None = None) -> list[ArrearsRow]:
    """Active members with months owed before this month and not paid, most months first."""
    today = today or dt.date.today()
    last_due = routine.month_from_index(routine.month_index(routine.month_of(today)) - 1)
    with db.session() as s:
        scope = _scope(s, unit_id)
        loaded = _load(s, scope)
        status = dict(s.execute(select(Member.id, Member.status)).all())
        names = _org_names(s)
    out = []
    for d in loaded.values():
        if status.get(d.member_id) != MemberStatus.ACTIVE or not d.rates:
            continue
        owed = routine.months_between(d.rates[0][0], last_due) if d.rates[0][0] <= last_due else []
        unpaid = routine.unpaid_months([mo for mo in owed if d.owes(mo)], d.paid)
        if unpaid:
            fen = sum(d.rate_for(mo) or 0 for mo in unpaid)
            out.append(
                ArrearsRow(
                    d.member_id,
                    d.name,
                    names.get(d.branch_id, ""),
                    tuple(unpaid),
                    fen,
                    routine.longest_run(unpaid),
                )
            )
    out.sort(key=lambda r: (-len(r.months), r.name))
    return out


def register(db: Database, year: int, unit_id: str | None = None) -> Register:
    """党费收缴登记: each member with dues set × the 12 months of ``year``, in roster order."""
    with db.session() as s:
        scope = _scope(s, unit_id)
        loaded = _load(s, scope)
        names = _org_names(s)
        order = {u.id: i for i, u in enumerate(organizations.units(db))}
        pinyin = dict(s.execute(select(Member.id, Member.pinyin_full)).all())
    months = [f"{year}-{i:02d}" for i in range(1, 13)]
    rows = []
    for d in loaded.values():
        owed = tuple(d.owes(mo) for mo in months)
        paid = tuple(d.paid[mo][0] if mo in d.paid else None for mo in months)
        if not any(owed) and not any(p is not None for p in paid):
            continue
        rate = next((d.rate_for(mo) for mo in reversed(months) if d.owes(mo)), None)
        rows.append(RegisterRow(d.member_id, d.name, names.get(d.branch_id, ""), rate, paid, owed))
    rows.sort(
        key=lambda r: (order.get(loaded[r.member_id].branch_id, 0), pinyin.get(r.member_id, ""), r.name)
    )
    unit = names.get(unit_id, "") if unit_id else "全体党员"
    return Register(year, unit, tuple(rows))


def export_register(db: Database, year: int, unit_id: str | None, dest: Path) -> int:
    """The register as .xlsx through the one sheet writer in app.excel; returns the number of members."""
    from app.excel import exporter

    exporter.check_destination(dest)
    reg = register(db, year, unit_id)
    if not reg.rows:
        raise UserError(f"{year}年{reg.unit}还没有党费记录")
    cols = [("no", "序号"), ("name", "姓名"), ("unit", "支部"), ("rate", "月缴（元）")]
    cols += [(f"m{i}", f"{i}月") for i in range(1, 13)] + [("total", "合计（元）")]
    table: list[list[Any]] = []
    for n, r in enumerate(reg.rows, start=1):
        cells: list[Any] = [
            n,
            r.name,
            r.unit,
            routine.format_fen(r.rate_fen) if r.rate_fen is not None else "",
        ]
        for paid, owed in zip(r.months, r.owed, strict=True):
            cells.append(routine.format_fen(paid) if paid is not None else ("未交" if owed else ""))
        table.append([*cells, routine.format_fen(r.total)])
    table.append(
        [
            "",
            "合计",
            "",
            "",
            *(routine.format_fen(t) for t in reg.month_totals),
            routine.format_fen(reg.total),
        ]
    )
    exporter.write_roster(dest, f"{year}年度党费收缴登记表（{reg.unit}）", cols, table)
    return len(reg.rows)


@dataclass(frozen=True)
class PaymentRow:
    id: str
    member_id: str
    name: str
    paid_on: dt.date
    first_month: str
    last_month: str
    amount_fen: int
    receipt: str
    withdrawn: bool
    withdrawn_reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "member_id": self.member_id,
            "name": self.name,
            "date": self.paid_on.isoformat(),
            "months": f"{self.first_month}..{self.last_month}",
            "amount_fen": self.amount_fen,
            "amount": routine.format_fen(self.amount_fen),
            "receipt": self.receipt,
            "withdrawn": self.withdrawn,
            "withdrawn_reason": self.withdrawn_reason,
        }


def payments(db: Database, member_id: str | None = None, year: int | None = None) -> list[PaymentRow]:
    """Payments newest first (withdrawn ones too, marked)."""
    stmt = (
        select(DuesPayment, Member.name)
        .join(Member, Member.id == DuesPayment.member_id)
        .order_by(DuesPayment.paid_on.desc(), DuesPayment.created_at.desc())
    )
    if member_id:
        stmt = stmt.where(DuesPayment.member_id == member_id)
    if year is not None:
        stmt = stmt.where(DuesPayment.first_month <= f"{year}-12", DuesPayment.last_month >= f"{year}-01")
    with db.session() as s:
        return [
            PaymentRow(
                p.id,
                p.member_id,
                name,
                p.paid_on,
                p.first_month,
                p.last_month,
                p.amount_fen,
                p.receipt,
                p.withdrawn_at is not None,
                p.withdrawn_reason,
            )
            for p, name in s.execute(stmt)
        ]


def current_rates(db: Database) -> dict[str, int]:
    """Member id → the monthly amount (分) in force this month (members with dues set)."""
    month = routine.month_of(dt.date.today())
    out: dict[str, int] = {}
    with db.session() as s:
        for mid, start, fen in s.execute(
            select(DuesRate.member_id, DuesRate.from_month, DuesRate.amount_fen).order_by(DuesRate.from_month)
        ):
            if start <= month or mid not in out:
                out[mid] = fen
    return out
