"""The figures the seeds quote, per period and unit (`projects stats`), the team list with 队长 and projects,
members in no service team, and the 报到党员服务情况 of one registered member (the 台账 sent home)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select, true

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Team, TeamMember
from app.db.models_projects import Need, Project, ProjectEvent
from app.db.models_service import Person
from app.domain import project_rules as rules
from app.domain.errors import NotFoundError
from app.domain.member_status import MemberStatus


@dataclass(frozen=True)
class TeamLine:
    id: str
    name: str
    kind: str
    leader: str
    members: list[str]
    claimed: int  # projects it holds now
    done: int  # projects it completed (all time)
    holding: tuple[str, ...] = ()  # the titles of the projects it holds now


@dataclass
class ProjectStats:
    year: int
    quarter: int | None
    unit: str
    needs: int = 0
    projects: int = 0
    claimed: int = 0
    claimed_by_members: int = 0
    claimed_by_registered: int = 0
    claimed_by_teams: int = 0
    completed: int = 0
    overdue: int = 0
    people_served: int = 0
    satisfaction: dict[str, int] = field(default_factory=dict)
    satisfied_rate: float | None = None  # (满意 + 基本满意) / judged
    members_taking_part: int = 0
    registered_taking_part: int = 0
    teams_taking_part: int = 0
    team_projects: dict[str, int] = field(default_factory=dict)  # team name → projects claimed in the period
    by_category: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# The figures of `projects stats --json` as the page's 统计 tab lists them: key → label.
FIGURE_LABELS = {
    "needs": "收集群众需求（条）",
    "projects": "立项（个）",
    "claimed": "认领（次）",
    "claimed_by_members": "　其中党员个人认领",
    "claimed_by_registered": "　其中报到党员认领",
    "claimed_by_teams": "　其中队伍（组团）认领",
    "completed": "完成（个）",
    "overdue": "逾期未完成（个）",
    "people_served": "服务群众（人次）",
    "satisfied_rate": "满意率（满意＋基本满意）",
    "members_taking_part": "参与党员（名）",
    "registered_taking_part": "参与报到党员（名）",
    "teams_taking_part": "参与队伍（支）",
}
FIGURE_GROUPS = {"by_category": "按类别立项", "satisfaction": "验收满意度", "team_projects": "队伍认领项目"}


@dataclass(frozen=True)
class FigureLine:
    """One line of the 统计 tab; ``key`` is where the same figure is in `projects stats --json`
    ("needs", or "team_projects/护河志愿服务队" inside a group)."""

    group: str
    label: str
    value: str
    key: str


def figure_text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value * 100:.1f}%"
    return str(value)


def figure_lines(figures: ProjectStats) -> list[FigureLine]:
    data = figures.as_json()
    lines = [FigureLine("总数", label, figure_text(data[key]), key) for key, label in FIGURE_LABELS.items()]
    for key, group in FIGURE_GROUPS.items():
        for name, n in sorted(data[key].items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(FigureLine(group, name, figure_text(n), f"{key}/{name}"))
    return lines


def units(db: Database) -> list[str]:
    """The responsible units projects name (for the 统计 tab's chooser)."""
    with db.session() as s:
        return sorted(u for u in s.scalars(select(Project.unit).distinct()) if u)


def period(year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    if quarter:
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
        return start, end
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def project_stats(
    db: Database, year: int, quarter: int | None = None, unit: str = "", today: dt.date | None = None
) -> ProjectStats:
    today = today or dt.date.today()
    start, end = period(year, quarter)
    out = ProjectStats(year, quarter, unit)
    in_unit = (Project.unit == unit) if unit else true()
    with db.session() as s:
        needs = select(func.count()).select_from(Need).where(Need.raised_on.between(start, end))
        if unit:
            needs = needs.join(Project, Project.id == Need.project_id).where(in_unit)
        out.needs = s.scalar(needs) or 0
        set_in = (
            select(ProjectEvent.project_id)
            .where(ProjectEvent.action == "立项", ProjectEvent.date.between(start, end))
            .scalar_subquery()
        )
        for category, n in s.execute(
            select(Project.category, func.count())
            .where(Project.id.in_(set_in), in_unit)
            .group_by(Project.category)
        ):
            out.by_category[category] = n
            out.projects += n
        claims = list(
            s.execute(
                select(ProjectEvent.claimant_kind, ProjectEvent.claimant_id, ProjectEvent.project_id)
                .join(Project, Project.id == ProjectEvent.project_id)
                .where(ProjectEvent.action == "认领", ProjectEvent.date.between(start, end), in_unit)
            )
        )
        out.claimed = len(claims)
        out.claimed_by_members = sum(1 for k, _, _ in claims if k == rules.MEMBER)
        out.claimed_by_registered = sum(1 for k, _, _ in claims if k == rules.PERSON)
        out.claimed_by_teams = sum(1 for k, _, _ in claims if k == rules.TEAM)
        team_ids = {c for k, c, _ in claims if k == rules.TEAM and c}
        members = {c for k, c, _ in claims if k == rules.MEMBER and c}
        if team_ids:
            members |= set(
                s.scalars(
                    select(TeamMember.member_id).where(
                        TeamMember.team_id.in_(team_ids), TeamMember.active.is_(True)
                    )
                )
            )
            names = {t: n for t, n in s.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))}
            for k, c, _ in claims:
                if k == rules.TEAM and c:
                    out.team_projects[names.get(c, c)] = out.team_projects.get(names.get(c, c), 0) + 1
        out.members_taking_part = len(members)
        out.registered_taking_part = len({c for k, c, _ in claims if k == rules.PERSON})
        out.teams_taking_part = len(team_ids)
        done = list(
            s.execute(
                select(Project.satisfaction, Project.people_served).where(
                    Project.status.in_((rules.DONE, rules.JUDGED)),
                    Project.completed_on.between(start, end),
                    in_unit,
                )
            )
        )
        out.completed = len(done)
        out.people_served = sum(n for _, n in done)
        for value, _ in done:
            if value:
                out.satisfaction[value] = out.satisfaction.get(value, 0) + 1
        judged = sum(out.satisfaction.values())
        if judged:
            good = out.satisfaction.get("满意", 0) + out.satisfaction.get("基本满意", 0)
            out.satisfied_rate = round(good / judged, 3)
        out.overdue = (
            s.scalar(
                select(func.count())
                .select_from(Project)
                .where(
                    Project.status.in_((rules.OPEN, rules.CLAIMED)),
                    Project.deadline < today,
                    Project.deadline.between(start, end),
                    in_unit,
                )
            )
            or 0
        )
    return out


def team_lines(db: Database) -> list[TeamLine]:
    """Every active team with its 队长, members and projects (the team list of the 服务项目 page)."""
    with db.session() as s:
        teams = list(
            s.scalars(select(Team).where(Team.active.is_(True)).order_by(Team.sort_order, Team.name))
        )
        names = {m: n for m, n in s.execute(select(Member.id, Member.name))}
        members: dict[str, list[str]] = {}
        for tid, mid in s.execute(
            select(TeamMember.team_id, TeamMember.member_id).where(TeamMember.active.is_(True))
        ):
            members.setdefault(tid, []).append(names.get(mid, ""))
        claimed: dict[str, int] = {}
        done: dict[str, int] = {}
        holding: dict[str, list[str]] = {}
        for holder, status, title in s.execute(
            select(Project.claimant_id, Project.status, Project.title).where(
                Project.claimant_kind == rules.TEAM, Project.claimant_id.is_not(None)
            )
        ):
            tid = holder or ""
            if status == rules.CLAIMED:
                claimed[tid] = claimed.get(tid, 0) + 1
                holding.setdefault(tid, []).append(title)
            elif status in (rules.DONE, rules.JUDGED):
                done[tid] = done.get(tid, 0) + 1
        return [
            TeamLine(
                t.id,
                t.name,
                t.kind,
                names.get(t.leader_id or "", ""),
                members.get(t.id, []),
                claimed.get(t.id, 0),
                done.get(t.id, 0),
                tuple(holding.get(t.id, [])),
            )
            for t in teams
        ]


def members_without_team(db: Database) -> list[tuple[str, str]]:
    """(id, name) of active members in no active service team (志愿服务队 or 党员队伍)."""
    with db.session() as s:
        in_team = (
            select(TeamMember.member_id)
            .join(Team, Team.id == TeamMember.team_id)
            .where(
                TeamMember.active.is_(True), Team.active.is_(True), Team.kind.in_(rules.SERVICE_TEAM_KINDS)
            )
        )
        return [
            (i, n)
            for i, n in s.execute(
                select(Member.id, Member.name)
                .where(Member.status == MemberStatus.ACTIVE, Member.id.not_in(in_team))
                .order_by(Member.pinyin_full)
            )
        ]


@dataclass(frozen=True)
class SheetLine:
    project: str
    category: str
    claimed_on: dt.date
    status: str
    completed_on: dt.date | None
    done_text: str
    people_served: int
    satisfaction: str


@dataclass(frozen=True)
class RegisteredSheet:
    """报到党员服务情况: what one registered member did here in a year, for their home organisation."""

    person_id: str
    name: str
    organization: str
    year: int
    lines: list[SheetLine]

    @property
    def completed(self) -> int:
        return sum(1 for line in self.lines if line.completed_on)


def registered_sheet(db: Database, person_id: str, year: int) -> RegisteredSheet:
    start, end = period(year)
    with db.session() as s:
        p = s.get(Person, person_id)
        if p is None:
            raise NotFoundError(f"找不到编号为“{person_id}”的人员")
        rows = s.execute(
            select(Project, ProjectEvent.date)
            .join(ProjectEvent, ProjectEvent.project_id == Project.id)
            .where(
                ProjectEvent.action == "认领",
                ProjectEvent.claimant_kind == rules.PERSON,
                ProjectEvent.claimant_id == person_id,
                ProjectEvent.date.between(start, end),
            )
            .order_by(ProjectEvent.date)
        )
        lines = []
        for proj, claimed_on in rows:
            still = proj.claimant_kind == rules.PERSON and proj.claimant_id == person_id
            lines.append(
                SheetLine(
                    proj.title,
                    proj.category,
                    claimed_on,
                    proj.status if still else "已交回",
                    proj.completed_on if still else None,
                    proj.done_text if still else "",
                    proj.people_served if still else 0,
                    proj.satisfaction if still else "",
                )
            )
        return RegisteredSheet(p.id, p.name, p.organization, year, lines)


def registered_claimants(db: Database, year: int) -> list[str]:
    """The 报到党员 who claimed a project here in ``year`` (by name), for the sheets of all of them."""
    start, end = period(year)
    with db.session() as s:
        return list(
            s.scalars(
                select(Person.id)
                .where(
                    Person.id.in_(
                        select(ProjectEvent.claimant_id).where(
                            ProjectEvent.action == "认领",
                            ProjectEvent.claimant_kind == rules.PERSON,
                            ProjectEvent.date.between(start, end),
                        )
                    )
                )
                .order_by(Person.pinyin_full)
            )
        )


def completed_by_unit(db: Database, year: int) -> dict[str, int]:
    """Projects completed in ``year`` per unit id of the claimant: a member's own unit, a team's 队长's unit
    (报到党员 belong to another organisation and count for none here). For the branch assessment (issue 19)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    with db.session() as s:
        by_member = s.execute(
            select(Member.branch_id, func.count())
            .join(Project, Project.claimant_id == Member.id)
            .where(
                Project.claimant_kind == rules.MEMBER,
                Project.completed_on.between(start, end),
                Project.status.in_((rules.DONE, rules.JUDGED)),
            )
            .group_by(Member.branch_id)
        ).all()
        by_team = s.execute(
            select(Member.branch_id, func.count())
            .join(Team, Team.leader_id == Member.id)
            .join(Project, Project.claimant_id == Team.id)
            .where(
                Project.claimant_kind == rules.TEAM,
                Project.completed_on.between(start, end),
                Project.status.in_((rules.DONE, rules.JUDGED)),
            )
            .group_by(Member.branch_id)
        ).all()
    out: dict[str, int] = {}
    for unit_id, n in [*by_member, *by_team]:
        if unit_id:
            out[unit_id] = out.get(unit_id, 0) + n
    return out
