"""Pure rules of the points ledger (党员量化积分), year-end grades and the democratic review (民主评议).

Choices made where the practice is silent (documented in docs and the issue report):
- Points are whole numbers. A carry-over base (e.g. 20% of last year's total) is rounded half up.
- An indicator's annual cap is in **points** (the magnitude of the member's net points under that indicator in
  one year), as in "集中学习 2/次 (cap 12 a year)". A deduction's cap limits how much it can take away.
- An entry that would pass the cap is stored with the points still available and says so; an entry with no
  room left at all is refused (nothing worth recording, and storing 0 silently would hide the rule).
- A reversal stores the exact negative of the entry it reverses, so it gives back room under the cap.
- 优秀 at most 1/3 of those graded: the limit is floor(graded / 3) (the only reading that never exceeds 1/3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.errors import UserError, ValidationError

GRADES = ("优秀", "合格", "基本合格", "不合格")
FAIL_GRADE = "不合格"
EXEMPT_GRADE = "不参评"
CATEGORIES = ("基础", "奖励", "扣减")
PROBATIONARY = "预备党员"

TIER_KINDS = ("core", "ordinary", "mobile", "special")
SPECIAL_AGE = 70

# (min_total, label) from the top down; below the last band: 不合格 / no star.
PRESET_GRADE_BANDS: tuple[tuple[int, str], ...] = ((90, "优秀"), (75, "合格"), (60, "基本合格"))
# 华宁县: 60–69 ★, 70–79 ★★, 80–89 ★★★, 90–95 ★★★★, ≥96 ★★★★★; <60 不合格, no star plaque.
PRESET_STAR_BANDS: tuple[tuple[int, int], ...] = ((96, 5), (90, 4), (80, 3), (70, 2), (60, 1))


@dataclass(frozen=True)
class PresetTier:
    kind: str
    name: str
    base_points: int
    is_exempt: bool


@dataclass(frozen=True)
class PresetIndicator:
    category: str
    name: str
    points: int
    annual_cap: int | None
    tier_kinds: tuple[str, ...] = ()  # empty: every tier
    awards_commitments: bool = False


PRESET_TIERS = (
    PresetTier("core", "骨干类", 60, False),
    PresetTier("ordinary", "普通类", 60, False),
    PresetTier("mobile", "流动类", 60, False),
    PresetTier("special", "特殊类", 60, False),
)

ATTENDING = ("core", "ordinary")  # tiers expected at every meeting; mobile and special members are not
PRESET_INDICATORS = (
    # 组织生活 / 学习 (community form; DOMAIN.md)
    PresetIndicator("基础", "集中学习", 2, 12),
    PresetIndicator("基础", "三会一课", 3, 12),
    PresetIndicator("基础", "主题党日", 2, 8),
    PresetIndicator("基础", "学习笔记", 1, 10),
    PresetIndicator("基础", "按时交纳党费", 2, 6),
    PresetIndicator("基础", "参加民主评议", 2, 2),
    # 先锋作用 / 履行义务
    PresetIndicator("奖励", "承诺兑现", 5, 15, awards_commitments=True),
    PresetIndicator("奖励", "志愿服务", 2, 10),
    PresetIndicator("奖励", "联系走访群众", 1, 10),
    PresetIndicator("奖励", "受到表彰", 10, 10),
    # 扣分 −5…−20
    PresetIndicator("扣减", "无故缺席组织生活", -5, 20, tier_kinds=ATTENDING),
    PresetIndicator("扣减", "未按时交纳党费", -5, 10),
    PresetIndicator("扣减", "违反村规民约", -10, 20),
)


def default_tier_kind(party_post: str, is_mobile: bool, age: int) -> str:
    """骨干类 by 党内职务, 流动类 if mobile, 特殊类 from 70, else 普通类 (the branch can override)."""
    if party_post.strip():
        return "core"
    if is_mobile:
        return "mobile"
    if age >= SPECIAL_AGE:
        return "special"
    return "ordinary"


def round_half_up(numerator: int, denominator: int) -> int:
    """Integer rounding half away from zero, without float surprises."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    n, d = abs(numerator), abs(denominator)
    return sign * ((2 * n + d) // (2 * d))


def carry_over_base(percent: int, last_total: int) -> int:
    return round_half_up(percent * last_total, 100)


# --- caps ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CappedPoints:
    raw: int  # points per occurrence × occurrences
    points: int  # what is recorded
    room_before: int | None  # points still available under the cap before this entry (None: no cap)

    @property
    def was_capped(self) -> bool:
        return self.points != self.raw


def room_left(cap: int | None, used: int, per_occurrence: int) -> int | None:
    """Points still available under ``cap`` given the member's net ``used`` points this year."""
    if cap is None:
        return None
    consumed = used if per_occurrence >= 0 else -used
    return max(0, cap - max(0, consumed))


def apply_cap(per_occurrence: int, occurrences: int, cap: int | None, used: int) -> CappedPoints:
    """Points of a new entry: never more (in magnitude) than what is left under the cap."""
    if occurrences < 1:
        raise ValidationError("次数至少为 1", field="occurrences")
    raw = per_occurrence * occurrences
    room = room_left(cap, used, per_occurrence)
    if room is None:
        return CappedPoints(raw, raw, None)
    magnitude = min(abs(raw), room)
    return CappedPoints(raw, magnitude if raw >= 0 else -magnitude, room)


def clamp_net(net: int, cap: int | None) -> int:
    """A member's net points under one indicator for a year, held within the cap (if rules were tightened)."""
    if cap is None:
        return net
    return max(-cap, min(cap, net))


@dataclass(frozen=True)
class Totals:
    base: int
    awarded: int  # sum of positive net points per indicator
    deducted: int  # magnitude of negative net points per indicator
    total: int  # base + awarded - deducted


def totals(base: int, nets: Mapping[str, int], caps: Mapping[str, int | None]) -> Totals:
    """Base plus each indicator's net points of the year, clamped to its cap."""
    awarded = deducted = 0
    for indicator_id, net in nets.items():
        value = clamp_net(net, caps.get(indicator_id))
        if value >= 0:
            awarded += value
        else:
            deducted -= value
    return Totals(base, awarded, deducted, base + awarded - deducted)


def net_by_indicator(entries: Iterable[tuple[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for indicator_id, points in entries:
        out[indicator_id] = out.get(indicator_id, 0) + points
    return out


def check_reversal(is_reversal: bool, already_reversed: bool, reason: str) -> None:
    if is_reversal:
        raise UserError("这一条本身就是冲销记录，不能再冲销；如需更正，请重新录入一条正确的积分")
    if already_reversed:
        raise UserError("这一条已经冲销过了，不能重复冲销")
    if not reason.strip():
        raise ValidationError("冲销必须写明原因", field="reason")


# --- bands -----------------------------------------------------------------------------------------------------


def grade_for(total: int, bands: Sequence[tuple[int, str]]) -> str:
    for minimum, grade in sorted(bands, key=lambda b: -b[0]):
        if total >= minimum:
            return grade
    return FAIL_GRADE


def stars_for(total: int, bands: Sequence[tuple[int, int]]) -> int:
    for minimum, stars in sorted(bands, key=lambda b: -b[0]):
        if total >= minimum:
            return stars
    return 0


def check_grade_bands(bands: Sequence[tuple[int, str]]) -> None:
    minimums = [m for m, _ in bands]
    grades = [g for _, g in bands]
    if len(set(minimums)) != len(minimums):
        raise ValidationError("等次分数线不能重复", field="grade_bands")
    if any(g not in GRADES or g == FAIL_GRADE for g in grades) or len(set(grades)) != len(grades):
        raise ValidationError(
            "等次分数线只能设置优秀、合格、基本合格各一条；低于最低线为不合格", field="grade_bands"
        )
    ordered = sorted(bands, key=lambda b: -b[0])
    if [g for _, g in ordered] != [g for g in GRADES if g in grades]:
        raise ValidationError("等次分数线要从高到低：优秀 > 合格 > 基本合格", field="grade_bands")


def check_star_bands(bands: Sequence[tuple[int, int]]) -> None:
    minimums = [m for m, _ in bands]
    stars = [s for _, s in bands]
    if len(set(minimums)) != len(minimums) or len(set(stars)) != len(stars):
        raise ValidationError("星级分数线不能重复", field="star_bands")
    if any(not 1 <= s <= 5 for s in stars):
        raise ValidationError("星级只能是 1 到 5 星", field="star_bands")
    ordered = sorted(bands, key=lambda b: -b[0])
    if [s for _, s in ordered] != sorted(stars, reverse=True):
        raise ValidationError("星级分数线要从高到低：星越多分数线越高", field="star_bands")


def star_text(stars: int) -> str:
    return "★" * stars if stars else ""


# The points-based band is not the quarterly 闪光言行 star level: shown as a number with 档, never as ★.
STAR_BAND_LABEL = "积分星档"
STAR_BAND_MEANING = "积分星档：按年度积分分数线定的档次（1–5 档），与每季度闪光言行的星级（★）无关"


def star_band_text(band: int) -> str:
    """积分星档 4 → "4档"; 0 (below the lowest line) → "" (no plaque)."""
    return f"{band}档" if band else ""


# --- democratic review -----------------------------------------------------------------------------------------


def excellent_limit(graded: int) -> int:
    """优秀 at most 1/3 of those graded: floor, so the share never goes above one third."""
    return graded // 3


def parse_ballots(text: str) -> dict[str, int]:
    """``优秀=12,合格=30,基本合格=2,不合格=0`` → counts for the four grades (missing ones are 0)."""
    counts = dict.fromkeys(GRADES, 0)
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        grade, sep, number = part.partition("=")
        grade = grade.strip()
        if not sep or grade not in GRADES:
            raise ValidationError(
                f"票数“{part}”看不懂：请写成 优秀=12,合格=30,基本合格=2,不合格=0", field="ballots"
            )
        try:
            n = int(number.strip())
        except ValueError:
            raise ValidationError(f"{grade}的票数“{number.strip()}”不是整数", field="ballots") from None
        if n < 0:
            raise ValidationError(f"{grade}的票数不能是负数", field="ballots")
        counts[grade] = n
    return counts


def ballot_leader(counts: Mapping[str, int]) -> str | None:
    """The grade with most ballots (ties go to the lower grade, the cautious reading); None if no ballots."""
    if not any(counts.values()):
        return None
    best = max(counts.get(g, 0) for g in GRADES)
    return [g for g in GRADES if counts.get(g, 0) == best][-1]


def decision_warnings(
    decided: str | None,
    *,
    ballots: Mapping[str, int],
    points_grade: str | None,
    excellent_in_scope: int,
    graded_in_scope: int,
    excellent_position: int | None = None,
) -> list[str]:
    """Rule warnings for a decided grade (stored anyway: the branch decides, the program says what it sees).

    ``excellent_position``: this member's place among the scope's 优秀 by rank; when given, the over-quota
    warning goes only to those past the quota, so the clerk sees which decisions to look at again."""
    if decided is None:
        return []
    out: list[str] = []
    limit = excellent_limit(graded_in_scope)
    past_quota = excellent_position is None or excellent_position > limit
    if decided == "优秀" and excellent_in_scope > limit and past_quota:
        out.append(
            f"优秀已有 {excellent_in_scope} 人，超过参评人数 {graded_in_scope} 的三分之一（最多 {limit} 人）"
            + ("，按名次这一位在限额之外" if excellent_position is not None else "")
        )
    leader = ballot_leader(ballots)
    if leader is not None and GRADES.index(decided) < GRADES.index(leader):
        out.append(f"决定等次“{decided}”高于得票最多的“{leader}”")
    if points_grade is not None and GRADES.index(decided) < GRADES.index(points_grade):
        # lower than the points grade is normal (the 1/3 quota, the ballots); higher needs a reason
        out.append(f"决定等次“{decided}”高于积分等次“{points_grade}”")
    return out


def flagged_two_years(previous: str | None, current: str | None) -> bool:
    """连续两年不合格 → 组织处置 (限期整改、劝退或除名)."""
    return previous == FAIL_GRADE and current == FAIL_GRADE
