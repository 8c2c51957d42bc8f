"""五亮 profile per member: 亮身份、亮区域、亮职责、亮承诺、亮服务 — what the member's public board shows.

亮承诺 is never typed here: it is read from the member's commitments of the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Grid, Member, utcnow
from app.db.models_commitments import Commitment, WuliangProfile
from app.domain import roster_rules
from app.domain.errors import NotFoundError, ValidationError
from app.services import audit

POSTS = ("党员先锋岗", "党员示范岗", "党员责任区", "党员服务岗", "党员志愿岗")
EDITABLE = ("post", "area", "duties", "services", "contact_phone", "show_phone")


@dataclass
class WuliangDraft:
    post: str = ""
    area: str = ""
    duties: str = ""
    services: str = ""
    contact_phone: str = ""  # blank: print the roster mobile (if show_phone)
    show_phone: bool = True


@dataclass(frozen=True)
class WuliangView:
    """Everything a 五亮 board needs for one member."""

    member_id: str
    name: str
    photo: str
    party_post: str  # 亮身份
    post: str
    grid: str  # 亮区域
    area: str
    duties: str  # 亮职责
    commitments: tuple[str, ...]  # 亮承诺, this year's (published, not failed)
    services: str  # 亮服务
    phone: str  # the number to print, "" for none
    draft: WuliangDraft


def printed_phone(draft: WuliangDraft, roster_phone: str) -> str:
    if not draft.show_phone:
        return ""
    return draft.contact_phone or roster_phone


def get_profile(db: Database, member_id: str, year: int | None = None) -> WuliangView:
    year = year or dt.date.today().year
    with db.session() as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        p = s.get(WuliangProfile, member_id)
        draft = (
            WuliangDraft(p.post, p.area, p.duties, p.services, p.contact_phone, p.show_phone)
            if p
            else WuliangDraft()
        )
        grid = s.get(Grid, m.grid_id) if m.grid_id else None
        promises = tuple(
            s.scalars(
                select(Commitment.content)
                .where(
                    Commitment.member_id == member_id,
                    Commitment.year == year,
                    Commitment.published_on.is_not(None),
                    Commitment.status != "未兑现",
                )
                .order_by(Commitment.published_on, Commitment.created_at)
            )
        )
        return WuliangView(
            member_id=m.id,
            name=m.name,
            photo=m.photo,
            party_post=m.party_post,
            post=draft.post,
            grid=grid.name if grid else "",
            area=draft.area,
            duties=draft.duties,
            commitments=promises,
            services=draft.services,
            phone=printed_phone(draft, m.phone),
            draft=draft,
        )


def check(draft: WuliangDraft) -> WuliangDraft:
    d = WuliangDraft(
        post=draft.post.strip(),
        area=draft.area.strip(),
        duties=draft.duties.strip(),
        services=draft.services.strip(),
        contact_phone="".join(draft.contact_phone.split()),
        show_phone=bool(draft.show_phone),
    )
    if len(d.post) > 50:
        raise ValidationError("岗位名称太长，请控制在 50 字以内", field="post")
    if d.contact_phone:
        try:
            d.contact_phone = roster_rules.validate_mobile(d.contact_phone)
        except ValidationError:
            try:
                d.contact_phone = roster_rules.validate_landline(d.contact_phone)
            except ValidationError:
                raise ValidationError(
                    f"公示电话“{draft.contact_phone}”不像手机号或固定电话，请核对；不想公示电话就留空并取消“公示电话”",
                    field="contact_phone",
                ) from None
    return d


def save_profile(db: Database, member_id: str, draft: WuliangDraft) -> int:
    """Save the 五亮 fields; returns how many changed (each audited)."""
    d = check(draft)
    with db.session() as s, s.begin():
        if s.get(Member, member_id) is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        p = s.get(WuliangProfile, member_id)
        creating = p is None
        if p is None:
            if d == WuliangDraft():
                return 0  # nothing typed: no empty row
            p = WuliangProfile(
                member_id=member_id, post="", area="", duties="", services="", contact_phone=""
            )
            p.show_phone = True
            s.add(p)
        changed = 0
        for key in EDITABLE:
            old = getattr(p, key) if not creating else getattr(WuliangDraft(), key)
            new = getattr(d, key)
            if old != new:
                audit.record(
                    s, db.actor, "update", "wuliang", member_id, key, old if not creating else None, new
                )
                changed += 1
            setattr(p, key, new)
        if changed:
            p.updated_at = utcnow()
        return changed
