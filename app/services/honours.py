"""先锋 honours as badges on members — the 评选与考核 area's one read that boards and pages need on their own.

A module apart from app/services/recognition (which re-exports it as ``recognition.badges``) so that drawing
the star board does not import the whole 评选与考核 package (≈ 0.02–0.05 s of every `board stars`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.db.database import Database
from app.db.models_pioneers import PioneerCampaign, PioneerNominee


@dataclass(frozen=True)
class Badge:
    member_id: str
    year: int
    title: str  # e.g. 2026 年度服务先锋
    campaign: str


def badges(db: Database, member_ids: set[str] | None = None) -> dict[str, list[Badge]]:
    """Honoured pioneers' badges per member (newest first): shown on the 星级 card and the 五亮 board."""
    with db.session() as s:
        q = (
            select(
                PioneerNominee.member_id, PioneerNominee.category, PioneerCampaign.year, PioneerCampaign.name
            )
            .join(PioneerCampaign, PioneerCampaign.id == PioneerNominee.campaign_id)
            .where(PioneerNominee.selected.is_(True), PioneerCampaign.honoured_on.is_not(None))
            .order_by(PioneerCampaign.year.desc())
        )
        if member_ids is not None:
            q = q.where(PioneerNominee.member_id.in_(member_ids))
        out: dict[str, list[Badge]] = {}
        for mid, cat, year, name in s.execute(q):
            out.setdefault(mid, []).append(Badge(mid, year, f"{year} 年度{cat}", name))
        return out
