"""先锋评选: a campaign from nomination (推荐) through review (审议), vote (投票) and announcement (公示) to honour."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_pioneers import PioneerCampaign, PioneerNominee
from app.db.models_points import Review
from app.db.models_routine import Meeting
from app.domain import recognition as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, versions
from app.services.recognition.common import get_row, member_names


@dataclass(frozen=True)
class NomineeRow:
    id: str
    member_id: str
    name: str
    category: str
    nominated_by: str
    recommendations: int
    deeds: str
    evidence: list[dict[str, str]]
    review: str
    review_meeting_id: str | None
    review_reason: str
    votes: int | None
    selected: bool

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CampaignRow:
    id: str
    name: str
    year: int
    quota: int
    categories: list[str]
    stage: str
    invalid_ballots: int
    announced_on: dt.date | None
    objection_until: dt.date | None
    honoured_on: dt.date | None
    over_quota_reason: str
    nominees: list[NomineeRow]

    def as_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "nominees"}
        for k in ("announced_on", "objection_until", "honoured_on"):
            out[k] = out[k].isoformat() if out[k] else None
        out["nominees"] = [n.as_json() for n in self.nominees]
        return out


def _stage(c: PioneerCampaign, nominees: Sequence[PioneerNominee]) -> str:
    if c.honoured_on:
        return "表彰"
    if c.announced_on:
        return "公示"
    if any(n.votes is not None for n in nominees):
        return "投票"
    if any(n.review for n in nominees):
        return "审议"
    return "推荐"


def _row(s: Session, c: PioneerCampaign) -> CampaignRow:
    ns = list(
        s.scalars(
            select(PioneerNominee)
            .where(PioneerNominee.campaign_id == c.id)
            .order_by(PioneerNominee.votes.desc(), PioneerNominee.created_at)
        )
    )
    names = member_names(s, {n.member_id for n in ns})
    rows = [
        NomineeRow(
            n.id,
            n.member_id,
            names.get(n.member_id, ""),
            n.category,
            n.nominated_by,
            n.recommendations,
            n.deeds,
            json.loads(n.evidence),
            n.review,
            n.review_meeting_id,
            n.review_reason,
            n.votes,
            n.selected,
        )
        for n in ns
    ]
    return CampaignRow(
        c.id,
        c.name,
        c.year,
        c.quota,
        json.loads(c.categories),
        _stage(c, ns),
        c.invalid_ballots,
        c.announced_on,
        c.objection_until,
        c.honoured_on,
        c.over_quota_reason,
        rows,
    )


def create_campaign(
    db: Database, name: str, year: int, quota: int, categories: Sequence[str] = rules.DEFAULT_CATEGORIES
) -> CampaignRow:
    cats = [c.strip() for c in categories if c.strip()]
    errors = []
    if not name.strip():
        errors.append("请写上评选活动的名称")
    if quota < 1:
        errors.append("名额至少为 1")
    if not 2000 <= year <= 2100:
        errors.append(f"年度 {year} 不对")
    if not cats:
        errors.append("至少要有一个评选类别")
    if errors:
        raise ValidationError("；".join(errors))
    with db.session() as s, s.begin():
        c = PioneerCampaign(
            name=name.strip(), year=year, quota=quota, categories=json.dumps(cats, ensure_ascii=False)
        )
        c.created_by = db.actor
        s.add(c)
        s.flush()
        audit.record(
            s, db.actor, "create", "pioneer_campaign", c.id, "name", None, f"{year} {c.name} 名额 {quota}"
        )
        return _row(s, c)


def get_campaign(db: Database, campaign_id: str) -> CampaignRow:
    with db.session() as s:
        return _row(s, get_row(s, PioneerCampaign, campaign_id, "评选活动"))


def list_campaigns(db: Database, year: int | None = None) -> list[CampaignRow]:
    with db.session() as s:
        q = select(PioneerCampaign).order_by(PioneerCampaign.year.desc(), PioneerCampaign.created_at)
        if year is not None:
            q = q.where(PioneerCampaign.year == year)
        return [_row(s, c) for c in s.scalars(q)]


def resolve_campaign(db: Database, ref: str, year: int | None = None) -> CampaignRow:
    """A campaign by its id, its name or a unique id prefix of 4 or more characters, among the year's (if given);
    one of another year, a name two campaigns share, or none at all is refused with the reason."""
    ref = ref.strip()
    everything = list_campaigns(db)

    def matching(rows: list[CampaignRow]) -> list[CampaignRow]:
        exact = [c for c in rows if ref in (c.id, c.name)]
        return exact or ([c for c in rows if c.id.startswith(ref)] if len(ref) >= 4 else [])

    found = matching([c for c in everything if year is None or c.year == year])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(f"“{ref}”匹配到 {len(found)} 次评选：{campaign_names(found)}。请写评选编号")
    elsewhere = matching(everything)
    if elsewhere:
        raise ValidationError(f"评选“{elsewhere[0].name}”是{elsewhere[0].year}年的，不是{year}年的")
    known = [c for c in everything if year is None or c.year == year]
    listed = f"（{'' if year is None else f'{year}年的'}评选：{campaign_names(known)}）" if known else ""
    raise NotFoundError(f"找不到评选“{ref}”{listed}")


def campaign_names(rows: Sequence[CampaignRow]) -> str:
    """“名称（编号 1a2b3c4d，阶段）”, joined with 、: how a refusal lists the campaigns to choose from."""
    return "、".join(f"{c.name}（编号 {c.id[:8]}，{c.stage}）" for c in rows)


def _open(s: Session, campaign_id: str, *stages: str) -> PioneerCampaign:
    c: PioneerCampaign = get_row(s, PioneerCampaign, campaign_id, "评选活动")
    ns = list(s.scalars(select(PioneerNominee).where(PioneerNominee.campaign_id == c.id)))
    stage = _stage(c, ns)
    if stage not in stages:
        raise UserError(f"评选活动“{c.name}”已到“{stage}”阶段，不能再做这一步")
    return c


def nominate(
    db: Database,
    campaign_id: str,
    member_id: str,
    category: str,
    nominated_by: str,
    recommendations: int = 1,
    deeds: str = "",
    evidence: Sequence[Mapping[str, str]] = (),
) -> NomineeRow:
    """推荐: the nominee must be an active member now; the evidence is picked from the program's own records."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "推荐", "审议")
        versions.lock(s, Member, member_id)  # one nomination per member and campaign, two clerks at once too
        m = s.get(Member, member_id)
        if m is None:
            raise ValidationError(f"找不到党员（编号 {member_id}）", "member")
        if m.status != MemberStatus.ACTIVE:
            raise ValidationError(f"{m.name}现在不是在册党员（{m.status}），不能被推荐", "member")
        if category not in json.loads(c.categories):
            raise ValidationError(
                f"类别“{category}”不在本次评选的类别中：{'、'.join(json.loads(c.categories))}"
            )
        if nominated_by not in rules.NOMINATED_BY:
            raise ValidationError(f"推荐方式只能是：{'、'.join(rules.NOMINATED_BY)}")
        if recommendations < 1:
            raise ValidationError("推荐人数至少为 1")
        if s.scalar(
            select(PioneerNominee.id).where(
                PioneerNominee.campaign_id == c.id, PioneerNominee.member_id == m.id
            )
        ):
            raise ValidationError(f"{m.name}已经被推荐过了")
        n = PioneerNominee(
            campaign_id=c.id,
            member_id=m.id,
            category=category,
            nominated_by=nominated_by,
            recommendations=recommendations,
            deeds=deeds.strip(),
            evidence=json.dumps([dict(e) for e in evidence], ensure_ascii=False),
        )
        s.add(n)
        s.flush()
        audit.record(
            s,
            db.actor,
            "create",
            "pioneer_nominee",
            n.id,
            "member",
            None,
            f"{c.name}：{m.name}（{category}）",
        )
        return next(r for r in _row(s, c).nominees if r.id == n.id)


def edit_nominee(
    db: Database,
    campaign_id: str,
    nominee_id: str,
    category: str | None = None,
    deeds: str | None = None,
    recommendations: int | None = None,
) -> NomineeRow:
    """Correct a nomination (category, the line of deeds, how many recommended) until it is announced."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "推荐", "审议", "投票")
        n: PioneerNominee = get_row(s, PioneerNominee, nominee_id, "候选人")
        if n.campaign_id != c.id:
            raise ValidationError("这名候选人不在这次评选中")
        cats = json.loads(c.categories)
        if category is not None and category not in cats:
            raise ValidationError(f"类别“{category}”不在本次评选的类别中：{'、'.join(cats)}")
        if recommendations is not None and recommendations < 1:
            raise ValidationError("推荐人数至少为 1")
        for field, value in (
            ("category", category),
            ("deeds", None if deeds is None else deeds.strip()),
            ("recommendations", recommendations),
        ):
            if value is not None and value != getattr(n, field):
                audit.record(s, db.actor, "update", "pioneer_nominee", n.id, field, getattr(n, field), value)
                setattr(n, field, value)
        return next(r for r in _row(s, c).nominees if r.id == n.id)


def unqualified_in(s: Session, member_id: str, year: int) -> bool:
    grade = s.scalar(select(Review.decided_grade).where(Review.member_id == member_id, Review.year == year))
    return grade == "不合格"


def review(
    db: Database,
    campaign_id: str,
    nominee_id: str,
    passed: bool,
    meeting_id: str | None = None,
    reason: str = "",
) -> NomineeRow:
    """审议: passed or not, with the meeting and a reason; a member graded 不合格 that year cannot pass."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "推荐", "审议")
        n: PioneerNominee = get_row(s, PioneerNominee, nominee_id, "候选人")
        if n.campaign_id != c.id:
            raise ValidationError("这名候选人不在这次评选中")
        name = member_names(s, {n.member_id}).get(n.member_id, "")
        if passed and unqualified_in(s, n.member_id, c.year):
            raise ValidationError(f"{name}在 {c.year} 年民主评议中被评为不合格，不能通过审议")
        if not passed and not reason.strip():
            raise ValidationError("未通过审议要写明原因")
        meeting = s.get(Meeting, meeting_id) if meeting_id else None
        if meeting_id and meeting is None:
            raise ValidationError(f"找不到会议（编号 {meeting_id}）")
        if meeting is not None and meeting.withdrawn_at is not None:
            raise ValidationError(f"{meeting.date} 的{meeting.kind}已撤销，不能作为审议的会议")
        before = n.review
        n.review = rules.PASSED if passed else rules.FAILED
        n.review_meeting_id = meeting_id or None
        n.review_reason = reason.strip()
        audit.record(
            s, db.actor, "update", "pioneer_nominee", n.id, "review", before, f"{n.review} {n.review_reason}"
        )
        return next(r for r in _row(s, c).nominees if r.id == n.id)


def tally(
    db: Database, campaign_id: str, votes: Mapping[str, int], invalid_ballots: int | None = None
) -> CampaignRow:
    """投票: the votes per nominee typed from paper ballots (only nominees who passed review), invalid ones counted
    (None: the invalid count already recorded stays)."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "审议", "投票")
        nominees = {
            n.id: n for n in s.scalars(select(PioneerNominee).where(PioneerNominee.campaign_id == c.id))
        }
        if invalid_ballots is None:
            invalid_ballots = c.invalid_ballots
        if invalid_ballots < 0:
            raise ValidationError("废票数不能是负数")
        for ref, count in votes.items():
            n = nominees.get(ref) or next((x for x in nominees.values() if x.member_id == ref), None)
            if n is None:
                raise ValidationError(f"编号 {ref} 不是这次评选的候选人")
            if n.review != rules.PASSED:
                raise ValidationError(f"{member_names(s, {n.member_id})[n.member_id]}没有通过审议，不能计票")
            if count < 0:
                raise ValidationError("票数不能是负数")
            audit.record(s, db.actor, "update", "pioneer_nominee", n.id, "votes", n.votes, count)
            n.votes = count
        audit.record(
            s,
            db.actor,
            "update",
            "pioneer_campaign",
            c.id,
            "invalid_ballots",
            c.invalid_ballots,
            invalid_ballots,
        )
        c.invalid_ballots = invalid_ballots
        return _row(s, c)


def announce(
    db: Database,
    campaign_id: str,
    selected: Sequence[str],
    on: dt.date,
    objection_days: int = 5,
    over_quota_reason: str = "",
) -> CampaignRow:
    """公示: the selected (passed review) are announced with an objection period; over the quota needs a reason.
    During the 公示 the list can be announced again (an objection upheld): the new period starts on ``on``."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "审议", "投票", "公示")
        nominees = list(s.scalars(select(PioneerNominee).where(PioneerNominee.campaign_id == c.id)))
        chosen = [n for n in nominees if n.id in selected or n.member_id in selected]
        unknown = set(selected) - {n.id for n in chosen} - {n.member_id for n in chosen}
        if unknown:
            raise ValidationError(f"这些编号不是这次评选的候选人：{'、'.join(sorted(unknown))}")
        if not chosen:
            raise ValidationError("请至少选出一名先锋")
        names = member_names(s, {n.member_id for n in chosen})
        failed = [names[n.member_id] for n in chosen if n.review != rules.PASSED]
        if failed:
            raise ValidationError(f"没有通过审议的不能入选：{'、'.join(failed)}")
        if len(chosen) > c.quota and not over_quota_reason.strip():
            raise ValidationError(f"入选 {len(chosen)} 人，超过名额 {c.quota} 人：请写明超出名额的理由")
        if objection_days < 1:
            raise ValidationError("公示期至少 1 天")
        again = c.announced_on is not None
        if again and c.announced_on is not None and on < c.announced_on:
            raise ValidationError(f"重新公示的日期不能早于上次公示（{c.announced_on}）")
        for n in nominees:
            n.selected = n in chosen
        c.announced_on = on
        c.objection_until = on + dt.timedelta(days=objection_days)
        c.over_quota_reason = over_quota_reason.strip()
        audit.record(
            s,
            db.actor,
            "update",
            "pioneer_campaign",
            c.id,
            "announced_on",
            None,
            f"{on} {'重新' if again else ''}公示 {len(chosen)} 人，至 {c.objection_until}"
            + (f"；超名额理由：{c.over_quota_reason}" if c.over_quota_reason else ""),
        )
        return _row(s, c)


def honour(db: Database, campaign_id: str, on: dt.date) -> CampaignRow:
    """表彰: after the objection period the selected become a badge on the member and a history entry."""
    with db.session() as s, s.begin():
        c = _open(s, campaign_id, "公示")
        assert c.objection_until is not None
        if on < c.objection_until:
            raise ValidationError(f"公示期到 {c.objection_until} 才结束，表彰日期不能早于它")
        c.honoured_on = on
        audit.record(s, db.actor, "update", "pioneer_campaign", c.id, "honoured_on", None, on)
        return _row(s, c)
