"""The 星级评定 summary's words about the quarter's 闪光言行交流会: who attended it (every deed is told there)."""

from __future__ import annotations

from app.domain.periods import parse_quarter
from app.services import meetings
from app.services.store import Database


def flash_meeting_short(db: Database, period_id: str) -> tuple[str, str]:
    """A few words for the 星级评定 summary line and, for its tooltip, who attended (or where to record it)."""
    attended = meetings.flash_attendees(db, parse_quarter(period_id))
    if not attended:
        return (
            "<span style='color:#8a5a00'>交流会未登记</span>",
            "本季度还没有登记闪光言行交流会（在“组织生活”页登记）",
        )
    return f"交流会出席 {len(attended)} 人", "闪光言行交流会出席：" + "、".join(sorted(attended.values()))
