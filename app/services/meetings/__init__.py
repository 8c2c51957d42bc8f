"""Meetings (组织生活台账): kinds, the expected list, attendance with its points, the quarter view.

Callers use this package as one module (``from app.services import meetings; meetings.add_meeting(...)``).
"""

from __future__ import annotations

from app.services.meetings.common import (
    AttendeeRow,
    MeetingDetail,
    MeetingDraft,
    MeetingRow,
    kind_named,
    meeting_kinds,
    resolve_meeting_id,
    save_meeting_kinds,
)
from app.services.meetings.people import WELCOMING_KINDS, PersonAttendee, unit_welcomes_people
from app.services.meetings.reading import (
    KindCount,
    MemberRate,
    QuarterView,
    absent_twice_running,
    expected_counts,
    flash_attendees,
    get_meeting,
    list_meetings,
    quarter_view,
)
from app.services.meetings.writing import (
    add_meeting,
    add_photos,
    record_deed,
    set_attendance,
    update_meeting,
    withdraw_meeting,
)

__all__ = [
    "WELCOMING_KINDS",
    "PersonAttendee",
    "AttendeeRow",
    "KindCount",
    "MeetingDetail",
    "MeetingDraft",
    "MeetingRow",
    "MemberRate",
    "QuarterView",
    "absent_twice_running",
    "add_meeting",
    "add_photos",
    "expected_counts",
    "flash_attendees",
    "get_meeting",
    "kind_named",
    "list_meetings",
    "meeting_kinds",
    "quarter_view",
    "record_deed",
    "resolve_meeting_id",
    "save_meeting_kinds",
    "set_attendance",
    "unit_welcomes_people",
    "update_meeting",
    "withdraw_meeting",
]
