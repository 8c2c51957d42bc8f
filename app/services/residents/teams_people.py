"""People (not members) in teams: the 1+4+1 teams include 居民组长, 居民代表, 企业负责人… who are not on the roll.

Kept beside app.services.teams (members) so neither the roster nor the teams' member lists change shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.database import Database
from app.db.models_commitments import Team
from app.db.models_service import Person, TeamPerson
from app.domain.errors import NotFoundError, UserError
from app.services import audit
from app.services.residents import common


@dataclass(frozen=True)
class TeamPersonRow:
    team_id: str
    team: str
    person_id: str
    name: str
    role: str


def join_team_person(db: Database, team_id: str, person_id: str, role: str = "队员") -> None:
    with db.session() as s, s.begin():
        team = s.get(Team, team_id)
        if team is None or not team.active:
            raise NotFoundError("找不到这个队伍")
        p = common.person(s, person_id)
        if not p.active:
            raise UserError(f"{p.name}已停用，不能加入队伍")
        row = s.scalar(
            select(TeamPerson).where(TeamPerson.team_id == team_id, TeamPerson.person_id == person_id)
        )
        if row is None:
            s.add(TeamPerson(team_id=team_id, person_id=person_id, role=role.strip() or "队员"))
        elif row.active:
            raise UserError(f"{p.name}已经在“{team.name}”里")
        else:
            row.active, row.role = True, role.strip() or "队员"
        audit.record(s, db.actor, "create", "team_person", team_id, "person_id", None, person_id)


def leave_team_person(db: Database, team_id: str, person_id: str) -> None:
    with db.session() as s, s.begin():
        row = s.scalar(
            select(TeamPerson).where(TeamPerson.team_id == team_id, TeamPerson.person_id == person_id)
        )
        if row is None or not row.active:
            raise UserError("这名人员不在这个队伍里")
        row.active = False
        audit.record(s, db.actor, "update", "team_person", team_id, person_id, row.role, None)


def team_people(db: Database, team_id: str | None = None) -> list[TeamPersonRow]:
    stmt = (
        select(TeamPerson.team_id, Team.name, TeamPerson.person_id, Person.name, TeamPerson.role)
        .join(Team, Team.id == TeamPerson.team_id)
        .join(Person, Person.id == TeamPerson.person_id)
        .where(TeamPerson.active.is_(True))
        .order_by(Team.sort_order, Person.pinyin_full)
    )
    if team_id:
        stmt = stmt.where(TeamPerson.team_id == team_id)
    with db.session() as s:
        return [TeamPersonRow(*row) for row in s.execute(stmt)]
