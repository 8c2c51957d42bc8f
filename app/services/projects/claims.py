"""Claiming (认领) and what follows: hand-back, monthly progress, completion, evaluation (验收), undoing a completion.

A claim by a member or a team publishes a 认领承诺 (因事承诺) in the commitments area, linked to the project:
handing the project back records that commitment as not kept, completing it keeps it, undoing the completion
reopens it. Completion offers a 闪光言行 deed and 志愿服务 points to the claimant (a team: its members), linked
back through the service links of 服务群众 and reversed if the completion is undone. A 报到党员 is not on the
roster: their claims count on their 报到党员服务情况 sheet, with no commitment, deed or points here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, utcnow
from app.db.models_commitments import Team, TeamMember
from app.db.models_projects import Project
from app.db.models_service import Person
from app.domain import project_rules as rules, service_rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import accounts, audit, commitments, versions
from app.services.photos import kept_if_saved, store_photo_files
from app.services.projects import common
from app.services.residents import links
from app.services.residents.links import LinkResult

SOURCE_KIND = "project"  # in service_links
PHOTO_EVENT = "照片"  # a further photo of a step (progress or completion), its text the step's name
MAX_PHOTOS = 9


def _claimant_name(s: Session, kind: str, claimant_id: str) -> str:
    """Check the claimant may claim at all; returns their name."""
    if kind == rules.MEMBER:
        m = s.get(Member, claimant_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{claimant_id}”的党员")
        if m.status != MemberStatus.ACTIVE:
            raise UserError(f"{m.name}已经{m.status}，不在册，不能认领项目")
        return m.name
    if kind == rules.PERSON:
        p = s.get(Person, claimant_id)
        if p is None:
            raise NotFoundError(f"找不到编号为“{claimant_id}”的人员")
        if not p.active or service_rules.REGISTERED_MEMBER not in json.loads(p.roles or "[]"):
            raise UserError(f"{p.name}不是在册的报到党员，不能认领项目（在人员登记里加上“报到党员”身份）")
        return p.name
    if kind == rules.TEAM:
        t = s.get(Team, claimant_id)
        if t is None:
            raise NotFoundError("找不到这个队伍")
        if not t.active:
            raise UserError(f"队伍“{t.name}”已停用，不能认领项目")
        if not t.leader_id or s.get(Member, t.leader_id) is None:
            raise UserError(
                f"队伍“{t.name}”还没有队长，不能认领项目（队长负责制：先指定队长）",
                cli_hint="teams set --leader",
            )
        return t.name
    raise ValidationError(f"认领人只能是{'、'.join(rules.CLAIMANT_WORDS.values())}", field="claimant")


def _locked(s: Session, project_id: str) -> Project:
    """The project with its row locked for this transaction (its status decides what may happen next)."""
    versions.lock(s, Project, project_id)
    return common.project(s, project_id)


def _members_of(s: Session, p: Project) -> list[str]:
    """The members a completion credits: the member, or the team's active members (队长 first)."""
    if p.claimant_kind == rules.MEMBER and p.claimant_id:
        return [p.claimant_id]
    if p.claimant_kind == rules.TEAM and p.claimant_id:
        team = s.get(Team, p.claimant_id)
        ids = list(
            s.scalars(
                select(TeamMember.member_id)
                .join(Member, Member.id == TeamMember.member_id)
                .where(
                    TeamMember.team_id == p.claimant_id,
                    TeamMember.active.is_(True),
                    Member.status == MemberStatus.ACTIVE,
                )
            )
        )
        lead = team.leader_id if team else None
        return ([lead] if lead in ids else []) + [i for i in ids if i != lead]
    return []


def claim(
    db: Database, project_id: str, kind: str, claimant_id: str, on: dt.date | None = None
) -> str | None:
    """认领; returns the id of the 认领承诺 published in the commitments area (None for a 报到党员)."""
    on = on or dt.date.today()
    if on > dt.date.today():
        raise ValidationError(f"认领日期 {on} 还没到", field="date")
    with db.session() as s, s.begin():
        # One transaction with the project's row locked: of two claims at once, the second sees the first.
        p = _locked(s, project_id)
        if p.status == rules.CLAIMED:
            names = common.claimant_names(s, {(p.claimant_kind, p.claimant_id or "")})
            who = names.get((p.claimant_kind, p.claimant_id or ""), "")
            raise UserError(f"项目“{p.title}”已由{who}认领；一个项目同时只有一个认领人，请先交回")
        if p.status != rules.OPEN:
            raise UserError(f"项目“{p.title}”现在是“{p.status}”，只有已公示、待认领的项目可以认领")
        misfit = rules.claimant_fits(p.size, kind)
        if misfit:
            raise UserError(misfit)
        _claimant_name(s, kind, claimant_id)
        if p.published_on and on < p.published_on:
            raise ValidationError(f"认领日期不能早于公示日期 {p.published_on}", field="date")
        commitment_id = None
        if kind in (rules.MEMBER, rules.TEAM):
            content = f"认领服务项目：{p.title}"[: commitments.MAX_CONTENT - 20] + f"（{on.isoformat()}认领）"
            draft = commitments.CommitmentDraft(
                year=on.year,
                kind="因事承诺",
                content=content,
                member_id=claimant_id if kind == rules.MEMBER else None,
                team_id=claimant_id if kind == rules.TEAM else None,
                deadline=p.deadline if p.deadline >= on else None,  # claimed late: no past deadline
                published_on=on,
            )
            commitment_id = commitments.record_commitment(
                s, db.actor, draft, max(on, dt.date.today()), linked=True
            )
        audit.record(s, db.actor, "claim", "project", p.id, "claimant", None, f"{kind}:{claimant_id}")
        p.status, p.claimant_kind, p.claimant_id = rules.CLAIMED, kind, claimant_id
        p.claimed_on, p.commitment_id, p.updated_at = on, commitment_id, utcnow()
        common.record_event(s, db.actor, p, on, "认领")
    return commitment_id


def hand_back(db: Database, project_id: str, reason: str, on: dt.date | None = None) -> None:
    """交回: the project returns to the pool; the 认领承诺 is recorded as not kept, with the reason."""
    on = on or dt.date.today()
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写交回原因", field="reason")
    accounts.require_shared(db, "projects")  # before the claimant's commitment is touched: all or nothing
    with db.session() as s:
        p = common.project(s, project_id)
        if p.status != rules.CLAIMED:
            raise UserError(f"项目“{p.title}”现在是“{p.status}”，没有认领人可以交回")
        commitment_id = p.commitment_id
    if commitment_id:
        with contextlib.suppress(UserError):  # the clerk already settled that commitment by hand
            commitments.fail(db, commitment_id, on, f"交回项目：{reason}")
    with db.session() as s, s.begin():
        p = _locked(s, project_id)
        if p.status != rules.CLAIMED:  # handed back by someone else meanwhile
            raise UserError(f"项目“{p.title}”现在是“{p.status}”，没有认领人可以交回")
        common.record_event(s, db.actor, p, on, "交回", reason)
        audit.record(
            s, db.actor, "hand_back", "project", p.id, "claimant", f"{p.claimant_kind}:{p.claimant_id}", None
        )
        p.status, p.claimant_kind, p.claimant_id = rules.OPEN, "", None
        p.claimed_on, p.commitment_id, p.updated_at = None, None, utcnow()


def _store_photos(db: Database, files: Sequence[Path]) -> list[str]:
    """Shrunk and stored through the photo service (same size and format rules as every photo); all of them
    are read before anything is written, so a bad file refuses the whole step. Projects are rows the whole tree
    shares: an account that may not change them is refused before any file is written."""
    if not files:
        return []
    accounts.require_shared(db, "projects")
    return store_photo_files(db, [Path(f) for f in files])


def _record_photos(
    s: Session, actor: str, p: Project, on: dt.date, action: str, text: str, names: list[str]
) -> None:
    """The step's event carries the first photo; each further photo is a 照片 event of the same day."""
    common.record_event(s, actor, p, on, action, text, names[0] if names else "")
    for name in names[1:]:
        common.record_event(s, actor, p, on, PHOTO_EVENT, action, name)


def _progressing(p: Project) -> None:
    if p.status != rules.CLAIMED:
        raise UserError(f"项目“{p.title}”现在是“{p.status}”，只有认领中的项目登记进度")


def _completable(p: Project, on: dt.date) -> None:
    if p.status != rules.CLAIMED:
        raise UserError(f"项目“{p.title}”现在是“{p.status}”，还没有人认领，不能登记完成")
    if p.claimed_on and on < p.claimed_on:
        raise ValidationError(f"完成日期不能早于认领日期 {p.claimed_on}", field="date")


def add_progress(
    db: Database,
    project_id: str,
    text: str,
    on: dt.date | None = None,
    photos: Sequence[Path] = (),
) -> None:
    """Monthly progress (每月一次…实时审查和公开), with its photos; the first photo ever is the project's 前."""
    on = on or dt.date.today()
    text = text.strip()
    if not text:
        raise ValidationError("请写这次的进展", field="text")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(f"一次最多 {MAX_PHOTOS} 张照片", field="photo")
    if photos:  # checked before any photo file is written (and again below, where it counts)
        with db.session() as s:
            _progressing(common.project(s, project_id))
    names = _store_photos(db, photos)
    with kept_if_saved(db, names), db.session() as s, s.begin():
        p = common.project(s, project_id)
        _progressing(p)
        audit.record(s, db.actor, "progress", "project", p.id, "progress", None, text)
        if names and not p.before_photo:
            p.before_photo = names[0]
        p.updated_at = utcnow()
        _record_photos(s, db.actor, p, on, "进度", text, names)


def complete(
    db: Database,
    project_id: str,
    text: str,
    on: dt.date,
    *,
    people_served: int = 0,
    photos: Sequence[Path] = (),
    before_photo: Path | None = None,
    deed: bool = True,
    indicator: str | None = rules.DEED_INDICATOR,
    today: dt.date | None = None,
) -> LinkResult:
    """完成: what was done, when, how many served, the photos after (the first is the board's 后) and, if given,
    the photo before (else the first progress photo); keeps the 认领承诺 and offers the deed and the points."""
    today = today or dt.date.today()
    text = text.strip()
    if not text:
        raise ValidationError("请写完成情况：做了什么、帮了谁", field="text")
    if on > today:
        raise ValidationError(f"完成日期 {on} 还没到", field="date")
    if people_served < 0:
        raise ValidationError("服务人数不能是负数", field="people_served")
    if len(photos) > MAX_PHOTOS:
        raise ValidationError(f"一次最多 {MAX_PHOTOS} 张照片", field="photo")
    if photos or before_photo:  # checked before any photo file is written (and again below, where it counts)
        with db.session() as s:
            _completable(common.project(s, project_id), on)
    stored = _store_photos(db, [*([before_photo] if before_photo else []), *photos])
    before, names = (stored[:1], stored[1:]) if before_photo else ([], stored)
    with kept_if_saved(db, stored), db.session() as s, s.begin():
        p = _locked(s, project_id)
        _completable(p, on)  # completed or handed back by someone else meanwhile: refused here
        audit.record(s, db.actor, "complete", "project", p.id, "status", p.status, rules.DONE)
        p.status, p.done_text, p.completed_on, p.people_served = rules.DONE, text, on, people_served
        if before:
            audit.record(
                s, db.actor, "update", "project", p.id, "before_photo", p.before_photo or None, before[0]
            )
            p.before_photo = before[0]
            common.record_event(s, db.actor, p, on, PHOTO_EVENT, "完成前", before[0])
        if names:
            p.after_photo = names[0]
        p.updated_at = utcnow()
        _record_photos(s, db.actor, p, on, "完成", text, names)
        commitment_id, title = p.commitment_id, p.title
        members = _members_of(s, p) if deed or indicator else []  # whom the deed and points would credit
    if commitment_id:
        with contextlib.suppress(UserError):  # the clerk already settled that commitment by hand
            commitments.keep(db, commitment_id, on, f"项目完成：{text}"[:200], today=today)
    if not (deed or indicator):
        return LinkResult()
    return links.record_links(
        db, SOURCE_KIND, project_id, members, on, f"服务项目“{title}”：{text}", deed=deed, indicator=indicator
    )


def evaluate(
    db: Database, project_id: str, satisfaction: str, note: str = "", on: dt.date | None = None
) -> None:
    """验收 by the committee with the beneficiary's satisfaction (满意 / 基本满意 / 不满意)."""
    on = on or dt.date.today()
    if satisfaction not in rules.SATISFACTION:
        raise ValidationError(f"满意度只能是{'、'.join(rules.SATISFACTION)}", field="satisfaction")
    with db.session() as s, s.begin():
        p = _locked(s, project_id)
        if p.status not in (rules.DONE, rules.JUDGED):
            raise UserError(f"项目“{p.title}”现在是“{p.status}”，完成后才能验收")
        audit.record(s, db.actor, "evaluate", "project", p.id, "satisfaction", p.satisfaction, satisfaction)
        p.status, p.satisfaction, p.evaluated_on, p.updated_at = rules.JUDGED, satisfaction, on, utcnow()
        common.record_event(
            s, db.actor, p, on, "验收", f"{satisfaction}{'：' + note.strip() if note.strip() else ''}"
        )


def reopen(db: Database, project_id: str, reason: str, on: dt.date | None = None) -> LinkResult:
    """撤销完成: back to 已认领; the deeds are withdrawn, the points reversed, the 认领承诺 reopened."""
    on = on or dt.date.today()
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写撤销完成的原因", field="reason")
    with db.session() as s, s.begin():
        p = _locked(s, project_id)
        if p.status not in (rules.DONE, rules.JUDGED):
            raise UserError(f"项目“{p.title}”现在是“{p.status}”，没有完成登记可以撤销")
        audit.record(s, db.actor, "reopen", "project", p.id, "status", p.status, rules.CLAIMED)
        p.status, p.completed_on, p.satisfaction, p.evaluated_on = rules.CLAIMED, None, "", None
        p.people_served, p.updated_at = 0, utcnow()
        common.record_event(s, db.actor, p, on, "撤销完成", reason)
        commitment_id = p.commitment_id
    if commitment_id:
        with contextlib.suppress(UserError):  # the clerk already settled that commitment by hand
            commitments.reopen(db, commitment_id, f"项目撤销完成：{reason}")
    return links.reverse_links(db, SOURCE_KIND, project_id, reason)
