"""Teams (队伍): 两委班子, the four teams of 1+4+1, volunteer service teams with a leader (队长负责制)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Team, TeamMember
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit

TEAM_KINDS = (
    "两委班子",
    "党员队伍",
    "居民组长",
    "居民代表",
    "企业家队伍",
    "财务监督小组",
    "志愿服务队",
    "其他",
)
LEADER = "队长"
MEMBER = "队员"


@dataclass(frozen=True)
class TeamMemberRow:
    member_id: str
    name: str
    role: str
    member_status: str


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    kind: str
    area: str
    leader_id: str | None
    leader_name: str
    active: bool
    note: str
    members: list[TeamMemberRow] = field(default_factory=list)

    @property
    def member_names(self) -> list[str]:
        return [m.name for m in self.members]


def _get(s: Session, team_id: str) -> Team:
    team = s.get(Team, team_id)
    if team is None:
        raise NotFoundError("找不到这个队伍")
    return team


def _check(s: Session, name: str, kind: str, exclude: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("队伍名称不能为空，例如“矛盾纠纷协调志愿服务队”", field="name")
    if kind not in TEAM_KINDS:
        raise ValidationError(f"队伍类别只能是{'、'.join(TEAM_KINDS)}，不能是“{kind}”", field="kind")
    clash = s.scalar(select(Team.id).where(Team.name == name))
    if clash and clash != exclude:
        raise ValidationError(f"已经有名为“{name}”的队伍", field="name")
    return name


def _active_member(s: Session, member_id: str) -> Member:
    m = s.get(Member, member_id)
    if m is None:
        raise NotFoundError(f"找不到编号为“{member_id}”的党员")
    if m.status != MemberStatus.ACTIVE:
        raise UserError(f"{m.name}已经{m.status}，不在册，不能加入队伍")
    return m


def _join(s: Session, actor: str, team: Team, member_id: str, role: str) -> None:
    row = s.scalar(select(TeamMember).where(TeamMember.team_id == team.id, TeamMember.member_id == member_id))
    if row is None:
        s.add(TeamMember(team_id=team.id, member_id=member_id, role=role, active=True))
        audit.record(s, actor, "create", "team_member", team.id, "member_id", None, member_id)
    elif not row.active or row.role != role:
        audit.record(
            s, actor, "update", "team_member", team.id, member_id, row.role if row.active else "", role
        )
        row.active, row.role = True, role


def add_team(
    db: Database, name: str, kind: str, area: str = "", leader_id: str | None = None, note: str = ""
) -> str:
    with db.session() as s, s.begin():
        name = _check(s, name, kind)
        if leader_id:
            _active_member(s, leader_id)
        order = s.scalar(select(func.count()).select_from(Team)) or 0
        team = Team(
            name=name, kind=kind, area=area.strip(), leader_id=leader_id, note=note.strip(), sort_order=order
        )
        s.add(team)
        s.flush()
        audit.record(s, db.actor, "create", "team", team.id, "name", None, name)
        if leader_id:
            _join(s, db.actor, team, leader_id, LEADER)
        return team.id


def update_team(
    db: Database,
    team_id: str,
    *,
    name: str,
    kind: str,
    area: str = "",
    leader_id: str | None = None,
    note: str = "",
    active: bool = True,
) -> None:
    with db.session() as s, s.begin():
        team = _get(s, team_id)
        name = _check(s, name, kind, exclude=team_id)
        if leader_id and leader_id != team.leader_id:
            _active_member(s, leader_id)
        new = {"name": name, "kind": kind, "area": area.strip(), "note": note.strip(), "active": active}
        for key, value in new.items():
            if getattr(team, key) != value:
                audit.record(s, db.actor, "update", "team", team_id, key, getattr(team, key), value)
                setattr(team, key, value)
        if leader_id != team.leader_id:
            audit.record(s, db.actor, "update", "team", team_id, "leader_id", team.leader_id, leader_id)
            if team.leader_id:
                old = s.scalar(
                    select(TeamMember).where(
                        TeamMember.team_id == team_id, TeamMember.member_id == team.leader_id
                    )
                )
                if old is not None and old.role == LEADER:
                    old.role = MEMBER
            team.leader_id = leader_id
            if leader_id:
                _join(s, db.actor, team, leader_id, LEADER)


def join_team(db: Database, team_id: str, member_id: str, role: str = MEMBER) -> None:
    """Put a member in a team (a member can be in several teams)."""
    with db.session() as s, s.begin():
        team = _get(s, team_id)
        _active_member(s, member_id)
        _join(s, db.actor, team, member_id, role.strip() or MEMBER)


def leave_team(db: Database, team_id: str, member_id: str) -> None:
    """Take a member out of a team; the row stays (inactive) so the history is kept."""
    with db.session() as s, s.begin():
        team = _get(s, team_id)
        row = s.scalar(
            select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.member_id == member_id)
        )
        if row is None or not row.active:
            raise UserError("这名党员不在这个队伍里")
        row.active = False
        audit.record(s, db.actor, "update", "team_member", team_id, member_id, row.role, None)
        if team.leader_id == member_id:
            audit.record(s, db.actor, "update", "team", team_id, "leader_id", member_id, None)
            team.leader_id = None


def list_teams(db: Database, include_inactive: bool = False) -> list[TeamRow]:
    with db.session() as s:
        return _list(s, include_inactive)


def _list(s: Session, include_inactive: bool = False, team_ids: list[str] | None = None) -> list[TeamRow]:
    stmt = select(Team).order_by(Team.sort_order, Team.name)
    if not include_inactive:
        stmt = stmt.where(Team.active.is_(True))
    if team_ids is not None:
        stmt = stmt.where(Team.id.in_(team_ids))
    teams = list(s.scalars(stmt))
    members: dict[str, list[TeamMemberRow]] = {}
    names: dict[str, str] = {}
    rows = s.execute(
        select(TeamMember.team_id, TeamMember.member_id, TeamMember.role, Member.name, Member.status)
        .join(Member, Member.id == TeamMember.member_id)
        .where(TeamMember.active.is_(True), TeamMember.team_id.in_([t.id for t in teams]))
        .order_by(Member.pinyin_full)
    )
    for team_id, member_id, role, name, status in rows:
        members.setdefault(team_id, []).append(TeamMemberRow(member_id, name, role, status))
        names[member_id] = name
    out = []
    for t in teams:
        team_members = sorted(members.get(t.id, []), key=lambda m: m.role != LEADER)
        leader_name = names.get(t.leader_id or "", "")
        if t.leader_id and not leader_name:
            leader = s.get(Member, t.leader_id)
            leader_name = leader.name if leader else ""
        out.append(
            TeamRow(t.id, t.name, t.kind, t.area, t.leader_id, leader_name, t.active, t.note, team_members)
        )
    return out


def get_team(db: Database, team_id: str) -> TeamRow:
    with db.session() as s:
        found = _list(s, include_inactive=True, team_ids=[team_id])
    if not found:
        raise NotFoundError("找不到这个队伍")
    return found[0]


def find_team(db: Database, name: str) -> TeamRow:
    name = name.strip()
    for t in list_teams(db, include_inactive=True):
        if t.name == name:
            return t
    raise NotFoundError(f"找不到名为“{name}”的队伍（用 teams list 查看已有队伍）")


def teams_of_member(db: Database, member_id: str) -> list[str]:
    with db.session() as s:
        return list(
            s.scalars(
                select(Team.name)
                .join(TeamMember, TeamMember.team_id == Team.id)
                .where(TeamMember.member_id == member_id, TeamMember.active.is_(True), Team.active.is_(True))
                .order_by(Team.sort_order)
            )
        )
