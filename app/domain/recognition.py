"""Rules of 评选与考核: pioneer campaign stages, the branch 百分制 scheme and bands, 五星级 criteria, 述职 ballots."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CATEGORIES = ("服务先锋", "致富能手", "生产标兵", "道德模范")
NOMINATED_BY = ("支部推荐", "党员推荐", "群众推荐")
STAGES = ("推荐", "审议", "投票", "公示", "表彰")
PASSED, FAILED = "通过", "未通过"

# 仓前's pattern: five items of 20 points each (editable per year).
PRESET_ITEMS = (("组织建设", 20), ("党员管理", 20), ("组织生活", 20), ("服务群众", 20), ("特色工作", 20))


@dataclass(frozen=True)
class Band:
    name: str
    floor: float  # the band holds totals >= floor (and below the next band's floor)
    consequence: str


DEFAULT_BANDS = (
    Band("优秀", 95, "奖励款 10000 元"),
    Band("良好", 85, "奖励款 5000 元"),
    Band("一般", 60, ""),
    Band("较差", 0, "限期整顿"),
)


def band_of(total: float, bands: tuple[Band, ...] = DEFAULT_BANDS) -> Band:
    """The band of a total: the highest floor the total reaches (95 is 优秀, 85 良好, below 60 较差)."""
    for band in sorted(bands, key=lambda b: -b.floor):
        if total >= band.floor:
            return band
    return min(bands, key=lambda b: b.floor)


DEFAULT_STAR_CRITERIA = ("班子强", "队伍优", "服务好", "制度全", "群众满意")

DUTY_GROUPS = ("干部", "党员", "群众代表", "企业代表")
DUTY_ANSWERS = ("满意", "基本满意", "不满意")

POST_KINDS = ("党员先锋岗", "党员示范岗", "明星党员工作室")

# 1+N: a unit (enterprise, shop) with this many 正式党员 and no organisation of its own should form one.
BRANCH_THRESHOLD = 3


def satisfaction_rate(satisfied: int, basic: int, unsatisfied: int) -> float | None:
    """满意率 as the seeds count it: (满意 + 基本满意) / all valid ballots, in per cent; None with no ballots."""
    total = satisfied + basic + unsatisfied
    if total == 0:
        return None
    # Half up, as people round on paper (91.25 → 91.3), in integers so no float error creeps in.
    return (2000 * (satisfied + basic) // total + 1) // 2 / 10


def scale(fraction: float, maximum: float) -> float:
    """A 0–1 fraction of an item's maximum, rounded to half points (suggestions only)."""
    fraction = min(max(fraction, 0.0), 1.0)
    return round(fraction * maximum * 2) / 2
