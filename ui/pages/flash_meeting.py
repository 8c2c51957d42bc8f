"""The 星级评定 page's line about the quarter's 闪光言行交流会: who attended it (every deed is told there)."""

from __future__ import annotations

from app.domain.periods import parse_quarter
from app.services import meetings
from app.services.store import Database


def flash_meeting_html(db: Database, period_id: str) -> str:
    """ "<br>闪光言行交流会：出席 N 人（names…）" — or that none was held this quarter yet."""
    q = parse_quarter(period_id)
    attended = meetings.flash_attendees(db, q)
    if not attended:
        return "<br><span style='color:#8a5a00'>本季度还没有登记闪光言行交流会（在“组织生活”页登记）</span>"
    shown = "、".join(sorted(attended.values())[:12]) + (" 等" if len(attended) > 12 else "")
    return f"<br><b>闪光言行交流会</b>出席 {len(attended)} 人：{shown}"
