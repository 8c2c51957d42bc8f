"""Reading commitments: the lists, one commitment and its history, members' states, statistics, years."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.db.database import Database
from app.db.models import Member, Organization
from app.db.models_commitments import Commitment, CommitmentEvent, Team, TeamMember
from app.domain.errors import NotFoundError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import organizations
from app.services.commitments.common import (
    DRAFT,
    FAILED,
    FILTERS,
    KEPT,
    OVERDUE,
    CommitmentRow,
    EventRow,
    MemberState,
    Stats,
    StatsRow,
    is_overdue,
    load_commitment,
    made_on,
)

# --- reading ---------------------------------------------------------------------------------------


def _team_members(s: Session, team_ids: set[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    if not team_ids:
        return {}
    for team_id, name in s.execute(
        select(TeamMember.team_id, Member.name)
        .join(Member, Member.id == TeamMember.member_id)
        .where(TeamMember.team_id.in_(team_ids), TeamMember.active.is_(True))
        .order_by(TeamMember.role != "队长", Member.pinyin_full)
    ):
        out.setdefault(team_id, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


_ROW_COLUMNS = (
    Commitment.id,
    Commitment.member_id,
    Commitment.team_id,
    Commitment.year,
    Commitment.kind,
    Commitment.content,
    Commitment.deadline,
    Commitment.published_on,
    Commitment.objection_until,
    Commitment.status,
    Commitment.kept_on,
    Commitment.note,
    Commitment.photo,
    Commitment.created_at,
    Commitment.version,
)


def _query_rows(s: Session, conditions: list[Any], today: dt.date) -> list[CommitmentRow]:
    """Rows for the commitments matching ``conditions`` (columns, not ORM objects: the page loads thousands)."""
    branch = aliased(Organization)
    stmt = (
        select(*_ROW_COLUMNS, Member.name, Member.branch_id, branch.name, Team.name)
        .outerjoin(Member, Member.id == Commitment.member_id)
        .outerjoin(branch, branch.id == Member.branch_id)
        .outerjoin(Team, Team.id == Commitment.team_id)
        .where(*conditions)
    )
    result = s.execute(stmt).all()
    members = _team_members(s, {r[2] for r in result if r[2]})
    out = []
    for (
        cid,
        member_id,
        team_id,
        year,
        kind,
        content,
        deadline,
        published_on,
        objection_until,
        status,
        kept_on,
        note,
        photo,
        created_at,
        version,
        member_name,
        branch_id,
        branch_name,
        team_name,
    ) in result:
        out.append(
            CommitmentRow(
                id=cid,
                member_id=member_id,
                member_name=member_name,
                branch_id=branch_id,
                branch=branch_name or "",
                team_id=team_id,
                team=team_name,
                team_members=members.get(team_id or "", ()),
                year=year,
                kind=kind,
                content=content,
                deadline=deadline,
                published_on=published_on,
                objection_until=objection_until,
                status=status,
                kept_on=kept_on,
                note=note,
                photo=photo,
                overdue=published_on is not None and is_overdue(status, deadline, today),
                made_on=made_on(published_on, created_at),
                version=version,
            )
        )
    return out


def _matches_filter(row: CommitmentRow, status: str) -> bool:
    if status == OVERDUE:
        return row.overdue
    if status == DRAFT:
        return row.is_draft
    return row.status == status


def list_commitments(
    db: Database,
    year: int,
    *,
    branch_id: str | None = None,
    status: str | None = None,
    member_id: str | None = None,
    teams: bool = True,
    today: dt.date | None = None,
) -> list[CommitmentRow]:
    """Commitments of a year: members' (by branch, then name) and teams'. With a branch, members' only."""
    today = today or dt.date.today()
    if status and status not in FILTERS[1:]:
        raise ValidationError(f"状态只能是{'、'.join(FILTERS[1:])}，不能是“{status}”", field="status")
    conditions: list[Any] = [Commitment.year == year]
    if member_id:
        conditions.append(Commitment.member_id == member_id)
    elif branch_id:
        with db.session() as s:
            conditions.append(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
    elif not teams:
        conditions.append(Commitment.member_id.is_not(None))
    order = {u.id: i for i, u in enumerate(organizations.units(db))}
    with db.session() as s:
        rows = _query_rows(s, conditions, today)
    if status:
        rows = [r for r in rows if _matches_filter(r, status)]
    rows.sort(
        key=lambda r: (
            r.team is not None,
            order.get(r.branch_id or "", 0),
            r.member_name or r.team or "",
            r.made_on,
        )
    )
    return rows


def get_commitment(db: Database, commitment_id: str, today: dt.date | None = None) -> CommitmentRow:
    today = today or dt.date.today()
    with db.session() as s:
        rows = _query_rows(s, [Commitment.id == commitment_id], today)
    if not rows:
        raise NotFoundError(f"找不到编号为“{commitment_id}”的承诺")
    return rows[0]


def history(db: Database, commitment_id: str) -> list[EventRow]:
    with db.session() as s:
        load_commitment(s, commitment_id)
        return [
            EventRow(
                e.happened_on,
                e.action,
                e.status_before,
                e.status_after,
                e.deadline,
                e.note,
                e.recorded_at,
                e.recorded_by,
            )
            for e in s.scalars(
                select(CommitmentEvent)
                .where(CommitmentEvent.commitment_id == commitment_id)
                .order_by(CommitmentEvent.recorded_at, CommitmentEvent.happened_on)
            )
        ]


def member_states(
    db: Database, year: int, branch_id: str | None = None, today: dt.date | None = None
) -> list[MemberState]:
    """The page's list: every 在册 member of the branch, plus members who left but committed that year."""
    today = today or dt.date.today()
    group = aliased(Organization)
    with db.session() as s:
        mstmt = select(
            Member.id,
            Member.name,
            group.name,
            Member.party_post,
            Member.status,
            Member.pinyin_full,
            Member.pinyin_initials,
        ).outerjoin(group, group.id == Member.group_id)
        conditions: list[Any] = [Commitment.year == year, Commitment.member_id.is_not(None)]
        if branch_id:
            ids = organizations.unit_and_below(s, branch_id)
            mstmt = mstmt.where(Member.branch_id.in_(ids))
            conditions.append(Member.branch_id.in_(ids))
        members = s.execute(mstmt).all()
        rows = _query_rows(s, conditions, today)
    by_member: dict[str, list[CommitmentRow]] = {}
    for r in rows:
        by_member.setdefault(r.member_id or "", []).append(r)
    out = []
    for member_id, name, group_name, post, status, pinyin, initials in sorted(
        members, key=lambda m: (m.status != MemberStatus.ACTIVE, m.pinyin_full, m.name)
    ):
        mine = by_member.get(member_id, [])
        if status != MemberStatus.ACTIVE and not mine:
            continue
        mine.sort(key=lambda r: r.made_on)
        out.append(
            MemberState(member_id, name, group_name or "", post, status, tuple(mine), pinyin, initials)
        )
    return out


def stats(db: Database, year: int, today: dt.date | None = None) -> Stats:
    """Per branch and in total: who should commit, who did, made, kept, overdue, kept rate."""
    today = today or dt.date.today()
    units = [u for u in organizations.units(db) if u.kind != "党小组"]
    rows: dict[str, StatsRow] = {u.id: StatsRow(u.id, u.name) for u in units}
    teams = StatsRow(None, "组团承诺")
    total = StatsRow(None, "合计")
    with db.session() as s:
        member_rows = s.execute(select(Member.id, Member.branch_id, Member.status)).all()
        commitment_rows = s.execute(
            select(
                Commitment.member_id,
                Commitment.team_id,
                Commitment.status,
                Commitment.deadline,
                Commitment.published_on,
            ).where(Commitment.year == year)
        ).all()
    branch_of = {m.id: m.branch_id for m in member_rows}
    active = {m.id for m in member_rows if m.status == MemberStatus.ACTIVE}
    committed: set[str] = set()
    for member_id, _team_id, status, deadline, published_on in commitment_rows:
        if member_id:
            row = rows.get(branch_of.get(member_id, ""))
            if row is None:
                row = rows.setdefault(
                    branch_of.get(member_id, ""), StatsRow(branch_of.get(member_id), "（未知支部）")
                )
        else:
            row = teams
        for target in (row, total):
            if published_on is None:
                target.drafts += 1
                continue
            target.made += 1
            if status == KEPT:
                target.kept += 1
            elif status == FAILED:
                target.failed += 1
            else:
                target.in_progress += 1
                if is_overdue(status, deadline, today):
                    target.overdue += 1
        if member_id and published_on is not None:
            committed.add(member_id)
    for member_id in active:
        row = rows.setdefault(branch_of[member_id], StatsRow(branch_of[member_id], "（未知支部）"))
        row.members += 1
        total.members += 1
        if member_id in committed:
            row.with_commitment += 1
            total.with_commitment += 1
        else:
            row.without_commitment += 1
            total.without_commitment += 1
    branches = [r for r in rows.values() if r.members or r.made or r.drafts]
    return Stats(year, branches, teams, total)


def years(db: Database, today: dt.date | None = None) -> list[int]:
    """Years that have commitments, plus this year and next, newest first."""
    today = today or dt.date.today()
    with db.session() as s:
        found = set(s.scalars(select(Commitment.year).distinct()))
    found |= {today.year, today.year + 1}
    return sorted(found, reverse=True)
