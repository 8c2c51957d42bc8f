"""Pure rules of 服务群众: the fixed choice lists, the request flow (受理 → 办理中 → 办结 → 已回访) and overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.errors import UserError, ValidationError

PERSON_ROLES = (
    "居民",
    "网格员",
    "责任区协管员",
    "单元联络员",
    "社区工作者",
    "居民组长",
    "居民代表",
    "企业负责人",
    "报到党员",
)
REGISTERED_MEMBER = "报到党员"  # needs the name of their own organisation
DEFAULT_HOUSEHOLD_TAGS = ("困难户", "空巢老人", "留守儿童", "残疾人", "低保", "独居")
VISIT_WAYS = ("上门", "电话", "微信", "座谈")
CHANNELS = ("电话", "上门", "走访", "恳谈会", "网格员")
DEFAULT_CATEGORIES = ("矛盾纠纷", "生活困难", "环境卫生", "基础设施", "政策咨询", "就业", "其他")
REQUEST_KINDS = ("求助", "建议")
# Urgency → days from 受理 to 办结 before a request is overdue (configurable in the settings).
DEFAULT_DEADLINES = {"一般": 15, "紧急": 3, "特急": 1}
SATISFACTION = ("满意", "基本满意", "不满意")
GRID_LEVELS = ("网格", "责任区", "单元格")
STAFF_ROLES = ("负责人", "协管员", "联络员")
DEFAULT_PAIRING_TARGET = (5, 10)  # each member 5–10 households

RECEIVED = "受理"
IN_PROGRESS = "办理中"
RESOLVED = "办结"
REVISITED = "已回访"
WITHDRAWN = "撤销"
STATUSES = (RECEIVED, IN_PROGRESS, RESOLVED, REVISITED, WITHDRAWN)
OPEN_STATUSES = (RECEIVED, IN_PROGRESS)


def choice(value: str, allowed: tuple[str, ...] | list[str], label: str, field: str) -> str:
    value = (value or "").strip()
    if value not in allowed:
        raise ValidationError(f"{label}只能是{'、'.join(allowed)}，不能是“{value}”", field=field)
    return value


def check_roles(roles: list[str], organization: str) -> list[str]:
    clean = list(dict.fromkeys(r.strip() for r in roles if r.strip()))
    for r in clean:
        choice(r, PERSON_ROLES, "身份", "roles")
    if REGISTERED_MEMBER in clean and not organization.strip():
        raise ValidationError("报到党员请写明所在党组织的名称", field="organization")
    return clean


def due_on(raised_on: dt.date, urgency: str, deadlines: dict[str, int]) -> dt.date:
    return raised_on + dt.timedelta(days=deadlines.get(urgency, DEFAULT_DEADLINES["一般"]))


def is_overdue(
    status: str, raised_on: dt.date, urgency: str, deadlines: dict[str, int], today: dt.date
) -> bool:
    """Still open (受理/办理中) after its deadline. A request resolved late is no longer overdue."""
    return status in OPEN_STATUSES and today > due_on(raised_on, urgency, deadlines)


@dataclass(frozen=True)
class Step:
    """A step of the flow: which statuses it may start from and where it leads."""

    action: str
    allowed_from: tuple[str, ...]
    leads_to: str


ASSIGN = Step("指派", (RECEIVED, IN_PROGRESS), IN_PROGRESS)
PROGRESS = Step("进展", (RECEIVED, IN_PROGRESS), IN_PROGRESS)
RESOLVE = Step("办结", (RECEIVED, IN_PROGRESS), RESOLVED)
REVISIT = Step("回访", (RESOLVED,), REVISITED)
WITHDRAW = Step("撤销", (RECEIVED, IN_PROGRESS, RESOLVED, REVISITED), WITHDRAWN)


def check_step(step: Step, status: str) -> None:
    if status in step.allowed_from:
        return
    if status == WITHDRAWN:
        raise UserError("这条求助已经撤销，不能再办理")
    if step is RESOLVE:
        raise UserError(f"这条求助已经{status}，不能再次办结（不满意的回访会让它重新办理）")
    if step is REVISIT:
        if status in OPEN_STATUSES:
            raise UserError("这条求助还没有办结，不能回访；请先办结")
        raise UserError("这条求助已经回访过了")
    raise UserError(f"这条求助已经{status}，不能{step.action}")


def after_revisit(satisfaction: str) -> str:
    """不满意 re-opens the request (back to 办理中); otherwise it is finished."""
    return IN_PROGRESS if satisfaction == "不满意" else REVISITED


def check_dates(raised_on: dt.date, day: dt.date, label: str) -> None:
    if day < raised_on:
        raise ValidationError(
            f"{label}日期 {day.isoformat()} 早于受理日期 {raised_on.isoformat()}", field="date"
        )
