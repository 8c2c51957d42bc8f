"""Star levels (星级) of the 闪光言行考评: the no-deeds rule, the suggested level, movement between quarters.

Rules chosen here (the practice, DOMAIN.md §1, leaves the details to the branch):

* **No deed, no star** (不予评星级): levels 1–5 need at least one deed in the quarter. Level 0 means
  "considered, no star" and is allowed without deeds, as is leaving the member unrated.
* **Suggested level from deeds** (only a suggestion; the branch decides and a suggestion never
  overwrites a decision):

  ====================================================================  =========
  deeds in the quarter                                                  suggested
  ====================================================================  =========
  none                                                                  none (no star)
  1                                                                     3
  2                                                                     4
  3 or more, none serving residents                                     4
  3 or more, at least one 服务群众/志愿服务 or reported by residents    5
  ====================================================================  =========

* **Points bands** (华宁县 preset, for when a points ledger exists): 60–69 ★, 70–79 ★★, 80–89 ★★★,
  90–95 ★★★★, ≥96 ★★★★★, below 60 no star. Combined with the deeds suggestion by taking the lower of the
  two, because a star must be earned on both counts; the no-deeds rule always wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_LEVEL = 5
LEVELS = tuple(range(MAX_LEVEL + 1))
DEFAULT_CATEGORIES = ("工作", "生活", "服务群众", "志愿服务", "其他")
SOURCES = ("本人陈述", "群众反映", "支部记录")
SERVING_CATEGORIES = frozenset({"服务群众", "志愿服务"})
RESIDENT_SOURCE = "群众反映"
EXEMPT_BY_DECISION = "支部决定"  # the 只挂牌不参评 reason when none is written
# (lowest points, level), highest first: the 华宁县 year-end bands.
POINTS_BANDS: tuple[tuple[float, int], ...] = ((96, 5), (90, 4), (80, 3), (70, 2), (60, 1))


@dataclass(frozen=True)
class DeedKind:
    category: str
    source: str

    @property
    def serves_residents(self) -> bool:
        return self.category in SERVING_CATEGORIES or self.source == RESIDENT_SOURCE


def level_problem(level: int | None, deeds: int) -> str | None:
    """Why ``level`` cannot be given to a member with ``deeds`` deeds this quarter, or None if it can."""
    if level is None:
        return None
    if not 0 <= level <= MAX_LEVEL:
        return f"星级只能是 0 到 {MAX_LEVEL}，不能是 {level}"
    if level >= 1 and deeds == 0:
        return "本季度没有闪光言行记录，不予评星级（讲不出闪光点就不评星；可以评 0 星或暂不评定）"
    return None


def suggest_from_deeds(deeds: Sequence[DeedKind]) -> int | None:
    """The suggested level from the number and kind of deeds (table in the module docstring)."""
    n = len(deeds)
    if n == 0:
        return None
    if n == 1:
        return 3
    if n == 2:
        return 4
    return 5 if any(d.serves_residents for d in deeds) else 4


def level_from_points(points: float | None) -> int | None:
    """The 华宁县 band for a points total: None when unknown, 0 below 60."""
    if points is None:
        return None
    for lowest, level in POINTS_BANDS:
        if points >= lowest:
            return level
    return 0


def combine_suggestions(from_deeds: int | None, others: Iterable[int | None]) -> int | None:
    """The lower of the deeds suggestion and any other source's; no deeds → no suggestion at all."""
    if from_deeds is None:
        return None
    known = [o for o in others if o is not None]
    return min([from_deeds, *known])


def movement(previous: int | None, current: int | None) -> str:
    """↑ ↓ = between last quarter's level and this one; blank when either is not rated."""
    if previous is None or current is None:
        return ""
    if current > previous:
        return "↑"
    if current < previous:
        return "↓"
    return "="
