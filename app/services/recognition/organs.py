"""五星级服务型党组织 ratings, 书记述职 satisfaction, 党员先锋岗 / 示范岗 / 工作室, and 1+N 所在单位."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member, Organization, Setting
from app.db.models_recognition import DutyReport, MemberWorkUnit, OrgStarCheck, Post
from app.domain import recognition as rules
from app.domain.errors import NotFoundError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, settings, versions
from app.services.recognition.common import get_row, member_names, unit_names

SETTING_CRITERIA = "recognition.star_criteria"


def star_criteria(db: Database, year: int | None = None) -> list[str]:
    """The 五星级 criteria: the current list, or with ``year`` the ones that year is judged on.

    A year's ratings keep their criteria: the first rating of a year stores the list in force then (setting
    ``recognition.star_criteria.<year>``), and every check row keeps its criterion's name. Editing the list
    changes only the years not yet rated. (A year rated before the snapshot existed reads the current list
    plus the names its rows recorded.)"""
    current = list(settings.get(db, SETTING_CRITERIA) or rules.DEFAULT_STAR_CRITERIA)
    if year is None:
        return current
    saved = settings.get(db, f"{SETTING_CRITERIA}.{year}")
    if saved:
        return list(saved)
    with db.session() as s:
        used = set(s.scalars(select(OrgStarCheck.criterion).where(OrgStarCheck.year == year).distinct()))
    return current + sorted(used - set(current))


def set_star_criteria(db: Database, names: Sequence[str]) -> list[str]:
    """Edit the 五星级 criteria (名称，3 to 10 of them) for years not yet rated; rated years keep theirs."""
    cleaned = [n.strip() for n in names if n.strip()]
    if not 3 <= len(cleaned) <= 10:
        raise ValidationError("五星级的评定条件要有 3 到 10 条")
    if len(set(cleaned)) != len(cleaned) or any(len(n) > 30 for n in cleaned):
        raise ValidationError("评定条件不能重复，每条不超过 30 个字")
    with db.session() as s, s.begin():
        before, _after = settings.store(s, SETTING_CRITERIA, cleaned)
        old = json.loads(before) if before else list(rules.DEFAULT_STAR_CRITERIA)
        if old != cleaned:
            audit.record(
                s,
                db.actor,
                "update",
                "setting",
                SETTING_CRITERIA,
                "criteria",
                "、".join(old),
                "、".join(cleaned),
            )
    return cleaned


@dataclass(frozen=True)
class OrgStarRow:
    unit_id: str
    unit: str
    year: int
    criteria: dict[str, dict[str, Any]]  # name → {met, evidence, checked_on, confirmed}
    stars: int  # criteria met (self-assessed)
    confirmed_stars: int  # criteria met and confirmed by the higher committee

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def set_org_star(
    db: Database,
    unit_id: str,
    year: int,
    criterion: str,
    met: bool,
    evidence: str = "",
    checked_on: dt.date | None = None,
    confirm: bool = False,
) -> OrgStarRow:
    """One criterion met or not with its evidence (自评); ``confirm`` records the higher committee's confirmation."""
    names = star_criteria(db, year)
    if criterion not in names:
        raise ValidationError(f"“{criterion}”不是{year}年五星级的评定条件：{'、'.join(names)}")
    if met and not evidence.strip() and not confirm:
        raise ValidationError("达标要写上依据")
    with db.session() as s, s.begin():
        unit = s.get(Organization, unit_id)
        if unit is None:
            raise NotFoundError(f"找不到组织（编号 {unit_id}）")
        if unit.kind == "党小组":
            raise ValidationError(f"{unit.name}是党小组：五星级评的是党组织和各党支部")
        if s.get(Setting, f"{SETTING_CRITERIA}.{year}") is None:
            settings.store(s, f"{SETTING_CRITERIA}.{year}", names)  # the year is judged on these from now on
        row = s.scalar(
            select(OrgStarCheck).where(
                OrgStarCheck.unit_id == unit_id,
                OrgStarCheck.year == year,
                OrgStarCheck.criterion == criterion,
            )
        )
        if row is None and confirm:
            raise ValidationError(f"{unit.name}的“{criterion}”还没有自评：先自评达标或未达标，再由上级确认")
        if row is None:
            row = OrgStarCheck(
                unit_id=unit_id, year=year, criterion=criterion, checked_on=checked_on or dt.date.today()
            )
            s.add(row)
        before = f"{'达标' if row.met else '未达标'}{'（已确认）' if row.confirmed else ''}"
        if confirm:
            row.confirmed, row.confirmed_by = True, db.actor
            row.met = met
        else:
            row.met, row.confirmed, row.confirmed_by = met, False, ""
        if evidence.strip():
            row.evidence = evidence.strip()
        row.checked_on = checked_on or row.checked_on
        after = f"{'达标' if row.met else '未达标'}{'（已确认）' if row.confirmed else ''}"
        audit.record(s, db.actor, "update", "org_star", unit_id, f"{year} {criterion}", before, after)
    return next(r for r in list_org_stars(db, year) if r.unit_id == unit_id)


def list_org_stars(db: Database, year: int) -> list[OrgStarRow]:
    names = star_criteria(db, year)
    with db.session() as s:
        units = unit_names(s)
        by_unit: dict[str, dict[str, dict[str, Any]]] = {}
        for c in s.scalars(select(OrgStarCheck).where(OrgStarCheck.year == year)):
            by_unit.setdefault(c.unit_id, {})[c.criterion] = {
                "met": c.met,
                "evidence": c.evidence,
                "checked_on": c.checked_on.isoformat(),
                "confirmed": c.confirmed,
            }
    rows = []
    for uid, crit in by_unit.items():
        shown = {n: crit[n] for n in names if n in crit}
        rows.append(
            OrgStarRow(
                uid,
                units.get(uid, ""),
                year,
                shown,
                sum(1 for v in shown.values() if v["met"]),
                sum(1 for v in shown.values() if v["met"] and v["confirmed"]),
            )
        )
    return sorted(rows, key=lambda r: (-r.confirmed_stars, -r.stars, r.unit))


@dataclass(frozen=True)
class DutyRow:
    id: str
    member_id: str
    name: str
    year: int
    role: str
    date: dt.date
    text: str
    file_ref: str
    tallies: dict[str, list[int]]
    rates: dict[str, float | None]
    overall: float | None

    def as_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["date"] = self.date.isoformat()
        return out


def _duty_row(r: DutyReport, name: str) -> DutyRow:
    tallies: dict[str, list[int]] = json.loads(r.tallies)
    rates = {g: rules.satisfaction_rate(*t) for g, t in tallies.items()}
    sums = [sum(t[i] for t in tallies.values()) for i in range(3)]
    return DutyRow(
        r.id,
        r.member_id,
        name,
        r.year,
        r.role,
        r.date,
        r.text,
        r.file_ref,
        tallies,
        rates,
        rules.satisfaction_rate(*sums),
    )


def add_duty_report(
    db: Database,
    member_id: str,
    year: int,
    on: dt.date,
    role: str = "书记",
    text: str = "",
    file_ref: str = "",
) -> DutyRow:
    """书记述职 / 述职述廉: one per member and year, with its text or a file reference."""
    if not text.strip() and not file_ref.strip():
        raise ValidationError("述职要有内容：写上文字，或注明述职报告文件")
    with db.session() as s, s.begin():
        versions.lock(s, Member, member_id)  # one 述职 per member and year, two clerks at once too
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到党员（编号 {member_id}）")
        if m.left_on is not None and m.left_on < on:
            raise ValidationError(f"{m.name}在 {m.left_on} 已离开（{m.status}），不能登记 {on} 的述职")
        if s.scalar(select(DutyReport.id).where(DutyReport.member_id == member_id, DutyReport.year == year)):
            raise ValidationError(f"{m.name} {year} 年的述职已经登记过了")
        r = DutyReport(
            member_id=member_id,
            year=year,
            role=role.strip(),
            date=on,
            text=text.strip(),
            file_ref=file_ref.strip(),
        )
        s.add(r)
        s.flush()
        audit.record(s, db.actor, "create", "duty_report", r.id, "year", None, f"{m.name} {year} {role}述职")
        return _duty_row(r, m.name)


def tally_duty(db: Database, report_id: str, counts: Mapping[str, Sequence[int]]) -> DutyRow:
    """Ballots by group (干部, 党员, 群众代表, 企业代表): 满意 / 基本满意 / 不满意 counts typed from paper."""
    for group, values in counts.items():
        if group not in rules.DUTY_GROUPS:
            raise ValidationError(f"“{group}”不是测评组别：{'、'.join(rules.DUTY_GROUPS)}")
        if len(values) != 3 or any(v < 0 for v in values):
            raise ValidationError(f"{group}：要给出 满意、基本满意、不满意 三个不小于 0 的票数")
    with db.session() as s, s.begin():
        r: DutyReport = get_row(s, DutyReport, report_id, "述职")
        tallies = json.loads(r.tallies)
        before = r.tallies
        tallies.update({g: list(v) for g, v in counts.items()})
        r.tallies = json.dumps(tallies, ensure_ascii=False)
        audit.record(s, db.actor, "update", "duty_report", r.id, "tallies", before, r.tallies)
        return _duty_row(r, member_names(s, {r.member_id})[r.member_id])


def list_duty_reports(db: Database, year: int | None = None) -> list[DutyRow]:
    with db.session() as s:
        q = select(DutyReport).order_by(DutyReport.year.desc(), DutyReport.date)
        if year is not None:
            q = q.where(DutyReport.year == year)
        reports = list(s.scalars(q))
        names = member_names(s, {r.member_id for r in reports})
        return [_duty_row(r, names.get(r.member_id, "")) for r in reports]


@dataclass(frozen=True)
class PostRow:
    id: str
    kind: str
    name: str
    member_id: str | None
    member: str
    team: str
    place: str
    offers: str
    active: bool

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def add_post(
    db: Database,
    kind: str,
    name: str,
    member_id: str | None,
    team: str = "",
    place: str = "",
    offers: str = "",
) -> PostRow:
    if kind not in rules.POST_KINDS:
        raise ValidationError(f"类型只能是：{'、'.join(rules.POST_KINDS)}")
    if not name.strip():
        raise ValidationError("请写上岗位（工作室）的名称")
    if not member_id and not team.strip():
        raise ValidationError("要有负责的党员或团队")
    with db.session() as s, s.begin():
        if member_id:
            m = s.get(Member, member_id)
            if m is None or m.status != MemberStatus.ACTIVE:
                raise ValidationError("负责的党员要是在册党员")
        p = Post(
            kind=kind,
            name=name.strip(),
            member_id=member_id or None,
            team=team.strip(),
            place=place.strip(),
            offers=offers.strip(),
        )
        s.add(p)
        s.flush()
        audit.record(s, db.actor, "create", "post", p.id, "name", None, f"{kind} {p.name}")
        return _post_row(p, member_names(s, {member_id} if member_id else set()))


def update_post(
    db: Database,
    post_id: str,
    *,
    name: str | None = None,
    member_id: str | None = None,
    team: str | None = None,
    place: str | None = None,
    offers: str | None = None,
) -> PostRow:
    """Change a post's name, who is in charge (a member, or "" for none), team, place or offer (only those given)."""
    with db.session() as s, s.begin():
        p: Post = get_row(s, Post, post_id, "岗位")
        if not p.active:
            raise ValidationError(f"“{p.name}”已经撤销了，不能再修改")
        wanted = {
            "name": p.name if name is None else name.strip(),
            "member_id": p.member_id if member_id is None else (member_id or None),
            "team": p.team if team is None else team.strip(),
            "place": p.place if place is None else place.strip(),
            "offers": p.offers if offers is None else offers.strip(),
        }
        if not wanted["name"]:
            raise ValidationError("请写上岗位（工作室）的名称")
        if not wanted["member_id"] and not wanted["team"]:
            raise ValidationError("要有负责的党员或团队")
        if wanted["member_id"] and wanted["member_id"] != p.member_id:
            m = s.get(Member, wanted["member_id"])
            if m is None or m.status != MemberStatus.ACTIVE:
                raise ValidationError("负责的党员要是在册党员")
        for key, value in wanted.items():
            if getattr(p, key) != value:
                audit.record(s, db.actor, "update", "post", p.id, key, getattr(p, key), value)
                setattr(p, key, value)
        return _post_row(p, member_names(s, {p.member_id} if p.member_id else set()))


def retire_post(db: Database, post_id: str) -> PostRow:
    with db.session() as s, s.begin():
        p: Post = get_row(s, Post, post_id, "岗位")
        if not p.active:
            raise ValidationError(f"“{p.name}”已经撤销了")
        p.active = False
        audit.record(s, db.actor, "update", "post", p.id, "active", True, False)
        return _post_row(p, member_names(s, {p.member_id} if p.member_id else set()))


def _post_row(p: Post, names: Mapping[str, str]) -> PostRow:
    return PostRow(
        p.id,
        p.kind,
        p.name,
        p.member_id,
        names.get(p.member_id or "", ""),
        p.team,
        p.place,
        p.offers,
        p.active,
    )


def list_posts(db: Database, include_retired: bool = False) -> list[PostRow]:
    with db.session() as s:
        q = select(Post).order_by(Post.kind, Post.created_at)
        if not include_retired:
            q = q.where(Post.active.is_(True))
        posts = list(s.scalars(q))
        names = member_names(s, {p.member_id for p in posts if p.member_id})
        return [_post_row(p, names) for p in posts]


@dataclass(frozen=True)
class UnitWithoutBranch:
    unit: str
    full_members: int
    members: list[str]

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class WorkUnitRow:
    member_id: str
    name: str
    branch: str
    unit: str

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def work_units(db: Database) -> list[WorkUnitRow]:
    """1+N: the members (in the roster) with a 所在单位, by unit then name."""
    with db.session() as s:
        units = unit_names(s)
        rows = s.execute(
            select(MemberWorkUnit.member_id, Member.name, Member.branch_id, MemberWorkUnit.unit_name)
            .join(Member, Member.id == MemberWorkUnit.member_id)
            .where(Member.status == MemberStatus.ACTIVE)
        ).all()
    return sorted(
        (WorkUnitRow(mid, name, units.get(branch or "", ""), unit) for mid, name, branch, unit in rows),
        key=lambda w: (w.unit, w.name),
    )


def set_work_unit(db: Database, member_id: str, unit_name: str) -> None:
    """1+N: the member's 所在单位 (enterprise, shop); empty clears it."""
    with db.session() as s, s.begin():
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到党员（编号 {member_id}）")
        row = s.get(MemberWorkUnit, member_id)
        before = row.unit_name if row else ""
        if unit_name.strip():
            if row is None:
                row = MemberWorkUnit(member_id=member_id, unit_name=unit_name.strip())
                s.add(row)
            row.unit_name = unit_name.strip()
        elif row is not None:
            s.delete(row)
        audit.record(s, db.actor, "update", "member", member_id, "work_unit", before, unit_name.strip())


def units_without_branch(db: Database, threshold: int = rules.BRANCH_THRESHOLD) -> list[UnitWithoutBranch]:
    """Units with ``threshold`` (3) or more active 正式党员 and no organisation of the same name: form one there."""
    with db.session() as s:
        org_names = set(unit_names(s).values())
        found: dict[str, list[str]] = {}
        for unit, name in s.execute(
            select(MemberWorkUnit.unit_name, Member.name)
            .join(Member, Member.id == MemberWorkUnit.member_id)
            .where(Member.status == MemberStatus.ACTIVE, Member.category == "正式党员")
            .order_by(Member.name)
        ):
            found.setdefault(unit, []).append(name)
    counts = Counter({u: len(ns) for u, ns in found.items()})
    return [
        UnitWithoutBranch(u, n, found[u])
        for u, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= threshold and u not in org_names
    ]
