"""Table models of 服务群众: households, visits, requests (state colours and overdue marks), statistics, people."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.services.residents.households import HouseholdRow
from app.services.residents.people import PersonRow
from app.services.residents.requests import RequestRow
from app.services.residents.stats import Counts
from app.services.residents.visits import VisitRow
from ui.kit.records import Column, RecordModel

# (text colour, background) per state, as on the commitments page: red where the office must act.
REQUEST_COLORS = {
    "受理": ("#8a5a00", "#fff1cc"),
    "办理中": ("#0d47a1", "#e3eefb"),
    "办结": ("#1b5e20", "#dcefdc"),
    "已回访": ("#1b5e20", "#c8e6c9"),
    "撤销": ("#5f5f5f", "#eeeeee"),
}
OVERDUE = ("#ffffff", "#c62828")


def _state(r: RequestRow) -> str:
    return f"{r.status}·逾期" if r.overdue else r.status


def _state_colors(r: RequestRow) -> tuple[str, str]:
    return OVERDUE if r.overdue else REQUEST_COLORS.get(r.status, ("#000", "#fff"))


HOUSEHOLD_COLUMNS: list[Column[HouseholdRow]] = [
    Column("地址", lambda r: r.address),
    Column("户主", lambda r: r.head_name),
    Column("电话", lambda r: r.phone),
    Column("网格", lambda r: r.grid),
    Column("人口", lambda r: str(r.size), numeric=True),
    Column("标签", lambda r: "、".join(r.tags)),
    Column(
        "联户人",
        lambda r: r.paired_with or "未结对",
        color=lambda r: None if r.paired_with else "#b00020",
    ),
]

VISIT_COLUMNS: list[Column[VisitRow]] = [
    Column("日期", lambda r: r.date.isoformat()),
    Column("方式", lambda r: r.way, centered=True),
    Column("党员", lambda r: "、".join(r.members)),
    Column("走访对象", lambda r: "、".join(r.targets)),
    Column("了解到的情况", lambda r: r.text, tooltip=lambda r: r.text),
]

REQUEST_COLUMNS: list[Column[RequestRow]] = [
    Column("受理日期", lambda r: r.raised_on.isoformat()),
    Column(
        "状态",
        _state,
        centered=True,
        color=lambda r: _state_colors(r)[0],
        background=lambda r: _state_colors(r)[1],
    ),
    Column("类型", lambda r: r.kind, centered=True),
    Column("类别", lambda r: r.category),
    Column("紧急", lambda r: r.urgency, centered=True),
    Column("反映人", lambda r: r.source),
    Column("办理人", lambda r: r.assigned_to),
    Column("期限", lambda r: r.due_on.isoformat()),
    Column("满意度", lambda r: r.satisfaction),
    Column(
        "内容",
        lambda r: r.text,
        tooltip=lambda r: r.text + (f"\n办理结果：{r.resolution}" if r.resolution else ""),
    ),
]

STAT_FIELDS = (
    ("households", "住户"),
    ("paired_households", "结对户"),
    ("visits", "走访次数"),
    ("visited_households", "走访户次"),
    ("received", "受理"),
    ("resolved", "办结"),
    ("overdue", "逾期"),
    ("satisfied", "满意"),
    ("dissatisfied", "不满意"),
    ("suggestions_adopted", "建议采纳"),
)
StatRow = tuple[str, Counts]


def _count_column(key: str, label: str) -> Column[StatRow]:
    return Column(label, lambda r: str(getattr(r[1], key)), numeric=True)


STAT_COLUMNS: list[Column[StatRow]] = [
    Column("网格", lambda r: r[0]),
    *(_count_column(key, label) for key, label in STAT_FIELDS),
]

PERSON_COLUMNS: list[Column[PersonRow]] = [
    Column("姓名", lambda r: r.name, color=lambda r: None if r.active else "#888888"),
    Column("身份", lambda r: "、".join(r.roles)),
    Column("电话", lambda r: r.phone),
    Column("网格", lambda r: r.grid),
    Column("住址", lambda r: r.address),
    Column("所在组织", lambda r: r.organization),
    Column("岗位", lambda r: r.post),
]


def households_model(parent: QWidget | None = None) -> RecordModel[HouseholdRow]:
    return RecordModel(HOUSEHOLD_COLUMNS, parent)


def visits_model(parent: QWidget | None = None) -> RecordModel[VisitRow]:
    return RecordModel(VISIT_COLUMNS, parent)


def requests_model(parent: QWidget | None = None) -> RecordModel[RequestRow]:
    return RecordModel(REQUEST_COLUMNS, parent)


def stats_model(parent: QWidget | None = None) -> RecordModel[StatRow]:
    return RecordModel(STAT_COLUMNS, parent)


def people_model(parent: QWidget | None = None) -> RecordModel[PersonRow]:
    return RecordModel(PERSON_COLUMNS, parent)
