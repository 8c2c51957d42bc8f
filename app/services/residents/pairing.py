"""联户 pairing: a member (or a person) linked to households from a date; a household has one pairer at a time.

Lists: households without a pairer (households.list_households(unpaired_only=True)), a member's households,
and the count per member against the target (ServiceSettings.pairing_target).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import Grid, Member
from app.db.models_service import Household, Pairing
from app.domain.errors import UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, versions
from app.services.residents import common


@dataclass(frozen=True)
class PairingRow:
    id: str
    household_id: str
    address: str
    head_name: str
    member_id: str | None
    person_id: str | None
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True)
class PairingCount:
    member_id: str
    name: str
    grid: str
    households: int
    status: str  # 不足 / 达标 / 超出 against the target

    def as_json(self) -> dict[str, object]:
        return {
            "member_id": self.member_id,
            "name": self.name,
            "grid": self.grid,
            "households": self.households,
            "status": self.status,
        }


def pair(
    db: Database,
    household_ids: Sequence[str] | str,
    *,
    member_id: str | None = None,
    person_id: str | None = None,
    starts_on: dt.date | str | None = None,
) -> list[str]:
    """Link households to a member (or a person) from ``starts_on`` (default today); all or none."""
    if (member_id is None) == (person_id is None):
        raise ValidationError("请指定一名联户党员（或一名人员）", field="member")
    ids = [household_ids] if isinstance(household_ids, str) else list(dict.fromkeys(household_ids))
    start = common.day(starts_on, "联户开始日期")
    made = []
    with db.session() as s, s.begin():
        if member_id:
            who = common.active_member(s, member_id).name
        else:
            assert person_id is not None
            who = common.person(s, person_id).name
        for household_id in ids:
            versions.lock(s, Household, household_id)  # one pairer per household, at the same time too
            h = common.household(s, household_id)
            if not h.active:
                raise UserError(f"住户“{h.address}”已停用，不能结对")
            current = s.scalar(select(Pairing).where(Pairing.household_id == h.id, Pairing.ends_on.is_(None)))
            if current is not None:
                raise UserError(
                    f"住户“{h.address}”已经有联户人，一户同时只能有一名联户人；请先解除（unpair）"
                )
            p = Pairing(household_id=h.id, member_id=member_id, person_id=person_id, starts_on=start)
            s.add(p)
            s.flush()
            audit.record(s, db.actor, "create", "pairing", p.id, "household", None, f"{who} ↔ {h.address}")
            made.append(p.id)
    return made


def unpair(db: Database, household_ids: Sequence[str] | str, ends_on: dt.date | str | None = None) -> None:
    """End the households' current pairings (the rows stay for history); all or none."""
    ids = [household_ids] if isinstance(household_ids, str) else list(dict.fromkeys(household_ids))
    end = common.day(ends_on, "解除日期")
    with db.session() as s, s.begin():
        for household_id in ids:
            h = common.household(s, household_id)
            current = s.scalar(select(Pairing).where(Pairing.household_id == h.id, Pairing.ends_on.is_(None)))
            if current is None:
                raise UserError(f"住户“{h.address}”目前没有联户人")
            if end < current.starts_on:
                raise ValidationError(
                    f"解除日期不能早于结对日期 {current.starts_on.isoformat()}", field="date"
                )
            current.ends_on = end
            audit.record(s, db.actor, "update", "pairing", current.id, "ends_on", None, end)


def member_households(db: Database, member_id: str, include_ended: bool = False) -> list[PairingRow]:
    stmt = (
        select(Pairing, Household.address, Household.head_name)
        .join(Household, Household.id == Pairing.household_id)
        .where(Pairing.member_id == member_id)
        .order_by(Household.address)
    )
    if not include_ended:
        stmt = stmt.where(Pairing.ends_on.is_(None))
    with db.session() as s:
        return [
            PairingRow(p.id, p.household_id, addr, head, p.member_id, p.person_id, p.starts_on, p.ends_on)
            for p, addr, head in s.execute(stmt)
        ]


def pairing_counts(db: Database) -> list[PairingCount]:
    """Every member on the roll with their number of paired households, against the target."""
    low, high = common.get_settings(db).pairing_target
    with db.session() as s:
        counts = dict(
            s.execute(
                select(Pairing.member_id, func.count())
                .where(Pairing.ends_on.is_(None), Pairing.member_id.is_not(None))
                .group_by(Pairing.member_id)
            ).all()
        )
        rows = s.execute(
            select(Member.id, Member.name, Grid.name)
            .outerjoin(Grid, Grid.id == Member.grid_id)
            .where(Member.status == MemberStatus.ACTIVE)
            .order_by(Member.pinyin_full)
        )
        out = []
        for mid, name, grid in rows:
            n = int(counts.get(mid, 0))
            status = "不足" if n < low else "超出" if n > high else "达标"
            out.append(PairingCount(mid, name, grid or "", n, status))
        return out
