"""How much of a year's 服务群众 and 服务项目 activity the demo makes for a village of a given size.

Up to ``FULL_SCALE`` members the service areas grow with the village: about three households, ten visits and
one and a half requests per member, a project need for every two members. Above it (a 街道 or township sized
demo, used by the benchmarks) the service areas stay those of a 2,000-member village: a 10,000-member 街道 does
not run 5,000 project needs a year through one office, and every claim of the demo goes through the program's
own claim path (several real service calls each), which made ``demo --members 10000`` take half a minute. The
roster, stars, commitments, points and routine still grow with every member.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

FULL_SCALE = 2000

T = TypeVar("T")


def service_volume(members: int) -> int:
    """How many members' worth of service activity the demo makes: all of them, at most ``FULL_SCALE``."""
    return min(members, FULL_SCALE)


def service_members(members: Sequence[T]) -> list[T]:
    """The members the service areas' households, visits and requests are made for (in the given order)."""
    return list(members[: service_volume(len(members))])
