"""A member's status on the roll (党籍状态): the one set of values, stored as these exact strings."""

from __future__ import annotations

from enum import StrEnum


class MemberStatus(StrEnum):
    """在册, or why the member left the roll. A member who leaves keeps their record and history."""

    ACTIVE = "在册"
    TRANSFERRED_OUT = "转出"
    DECEASED = "去世"
    LEFT_PARTY = "出党"
    MEMBERSHIP_SUSPENDED = "停止党籍"


LEAVE_REASONS: tuple[MemberStatus, ...] = (
    MemberStatus.TRANSFERRED_OUT,
    MemberStatus.DECEASED,
    MemberStatus.LEFT_PARTY,
    MemberStatus.MEMBERSHIP_SUSPENDED,
)
"""The statuses a member can leave the roll with, in the order the forms offer them."""
