"""The audit trail: who changed what, when, before → after — always inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import AuditEntry
from app.domain.disk_errors import os_error_words
from app.domain.id_number import mask_id_number
from app.domain.member_fields import LABELS


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    field: str = "",
    before: object = None,
    after: object = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            field=field,
            before=_text(before),
            after=_text(after),
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    field: str
    before: str | None
    after: str | None


def history(
    db: Database, entity: str | None = None, entity_id: str | None = None, limit: int = 500
) -> list[AuditRow]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditEntry.entity_id == entity_id)
    with db.session() as s:
        return [
            AuditRow(a.at, a.actor, a.action, a.entity, a.entity_id, a.field, a.before, a.after)
            for a in s.scalars(stmt)
        ]


# --- reading the trail (修改记录): filterable, read-only, ID numbers masked ------------------------------

ACTION_LABELS = {
    "create": "新增", "update": "修改", "delete": "删除", "leave": "离开", "reinstate": "恢复在册",
    "close": "公示", "open": "开始", "reopen": "重新打开", "rate": "评定", "withdraw": "撤回",
    "keep": "已践诺", "fail": "未践诺", "postpone": "延期", "publish": "公示", "copy": "复制",
    "batch": "批量录入", "reverse": "冲正", "demo": "生成演示数据",
    "claim": "认领", "hand_back": "交回", "progress": "登记进度", "complete": "完成", "evaluate": "验收",
    "import": "导入", "points": "记积分", "restore": "恢复",
}  # fmt: skip
ENTITY_LABELS = {
    "member": "党员", "organization": "组织", "grid": "网格", "team": "队伍", "team_member": "队伍成员",
    "commitment": "承诺", "wuliang": "五亮", "evaluation_period": "评定季度", "deed": "闪光言行",
    "period_comment": "点评", "star_rating": "星级", "rule_set": "积分规则", "tier": "积分档",
    "member_tier": "积分档次", "indicator": "积分指标", "point_entry": "积分", "review": "年终评议",
    "setting": "设置", "database": "数据库", "account": "账户", "need": "服务需求", "project": "服务项目",
    "township_village": "村数据包",
    "assessment_scheme": "支部考核项目", "assessment_score": "支部考核得分", "attendance": "出勤", "dues": "党费",
    "dues_payment": "党费收缴", "duty_report": "书记述职", "grid_cell": "网格单元", "grid_staff": "网格员",
    "household": "住户", "meeting": "会议", "meeting_person": "外来党员出勤", "mobile_contact": "流动党员联系",
    "org_star": "五星级党组织", "pairing": "联户结对", "person": "人员", "pioneer_campaign": "先锋评选",
    "pioneer_nominee": "先锋候选人", "post": "先锋岗与工作室", "team_person": "队伍成员", "visit": "走访",
}  # fmt: skip
FIELD_LABELS = {
    "board_issuer": "落款单位", "board_secretary": "书记姓名", "board_contact_phone": "联系电话",
    "default_paper": "默认纸张", "backup_target": "备份位置", "auto_backup_enabled": "自动备份",
    "clerk_name": "文书姓名", "photo": "照片", "password": "密码", "role": "角色",
    "active": "在用", "claimant": "认领人", "satisfaction": "满意度", "project_id": "所属项目", "progress": "进度",
    "projects.categories": "项目类别",
    "status": "状态", "year": "年度", "content": "内容", "text": "内容", "name": "名称", "kind": "类型",
    "person_id": "人员", "member_id": "党员", "member": "党员", "date": "日期", "household": "住户",
    "address": "地址", "title": "名称", "copy_from": "复制自", "preset": "预设", "note": "备注", "rows": "行数",
    "kept_on": "兑现日期", "deadline": "完成期限", "published_on": "公示日期", "reopen_reason": "重新打开原因",
    "reason": "原因", "mark": "出勤", "tallies": "测评票数", "photos": "照片", "work_unit": "工作单位",
    "ends_on": "结束日期", "comment": "点评", "honoured_on": "表彰日期", "announced_on": "公示日期",
    "votes": "得票", "invalid_ballots": "废票数", "review": "审议", "ballots": "票数", "decided_grade": "决定等次",
    "grade_bands": "等次分数线", "star_bands": "星档分数线", "exempt": "只挂牌不参评", "leader_id": "队长",
    "base_points": "基础分", "is_exempt": "不参评", "items": "考核项目", "entries": "积分记录",
    "households": "住户数", "deeds": "闪光言行数", "members": "党员数", "projects": "项目数",
    "service.settings": "服务群众设置", "household_tags": "住户标签", "categories": "类别",
    "deadlines": "办理时限（天）", "pairing_target": "每名党员联系户数", "hide_household_names": "公示时隐去户主姓名",
}  # fmt: skip
# The same field name meaning something else on another entity: (entity, field) → label.
ENTITY_FIELD_LABELS = {
    ("project", "status"): "项目状态",
    ("project", "title"): "项目名称",
    ("need", "text"): "需求内容",
    ("member", "status"): "党籍状态",
    ("member", "name"): "姓名",
    ("member", "kind"): "类型",
}
# Fields whose values are ID numbers: shown masked, never whole (as on the roster).
MASKED_FIELDS = frozenset({"id_number"})


@dataclass(frozen=True)
class AuditView:
    """One line of the 修改记录 as shown and exported: local time, labels in Chinese, ID numbers masked."""

    id: int
    at: str  # local time, "YYYY-MM-DD HH:MM:SS"
    actor: str
    action: str
    entity: str
    entity_id: str
    member_id: str | None
    member_name: str
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class AuditFilter:
    member_id: str | None = None
    account: str | None = None  # who made the change (评定人/记录人)
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    limit: int = 5000


def _shown(entity: str, field: str, value: str | None) -> str | None:
    """As the clerk reads it: ID numbers masked, settings without their JSON quotes."""
    if value is None:
        return None
    if field in MASKED_FIELDS:
        return mask_id_number(value)
    if entity == "setting":
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        if isinstance(decoded, bool):
            return "开" if decoded else "关"
        return _plain(decoded)
    if value[:1] in "{[":  # a JSON record (述职测评 tallies, …): as words, never as {"…": […]}
        try:
            return _plain(json.loads(value))
        except ValueError:
            return value
    return value


def _plain(value: object) -> str:
    """A decoded JSON value as the clerk reads it: 干部：34、0、1；党员：18、1、2."""
    if isinstance(value, dict):
        return "；".join(f"{FIELD_LABELS.get(str(k), k)}：{_plain(v)}" for k, v in value.items()) or "（无）"
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value) or "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


UUID = re.compile(r"(?:(member|team|person):)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def _names_of_ids(s: Session, rows: list[AuditEntry]) -> dict[str, str]:
    """id → name for every record id written in the rows' before/after (认领人 team:…, 外来党员 person_id)."""
    from app.db.models import Member, Organization
    from app.db.models_commitments import Team
    from app.db.models_service import Person

    ids = {m.group(2) for r in rows for v in (r.before, r.after) if v for m in UUID.finditer(v)}
    found: dict[str, str] = {}
    if not ids:
        return found
    for model in (Member, Team, Person, Organization):
        stmt = select(model.id, model.name).where(model.id.in_(ids))
        found.update({i: n for i, n in s.execute(stmt)})
    return found


def with_names(value: str | None, names: dict[str, str]) -> str | None:
    """Record ids replaced by the names they stand for; one no longer there says so."""
    if value is None or "-" not in value:
        return value
    words = {"member": "党员", "team": "队伍", "person": "报到党员"}

    def name(m: re.Match[str]) -> str:
        kind = f"（{words[m.group(1)]}）" if m.group(1) else ""
        return names.get(m.group(2), "（已删除）") + kind

    return UUID.sub(name, value)


def local_time(at: dt.datetime) -> dt.datetime:
    """Stored in UTC (naive); shown in the PC's own time zone."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _utc_start(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _owned_ids(s: Session, member_id: str) -> set[str]:
    """Ids of the rows that belong to one member, so their changes count as the member's."""
    from app.db.models_commitments import Commitment
    from app.db.models_evaluations import Deed, PeriodComment, StarRating
    from app.db.models_points import PointEntry, Review

    ids = {member_id}
    for model in (Commitment, Deed, PeriodComment, PointEntry, Review, StarRating):
        ids.update(s.scalars(select(model.id).where(model.member_id == member_id)))
    return ids


def _member_ids_of(s: Session, rows: list[AuditEntry]) -> dict[str, str]:
    """entity_id → member id, for entries about a member or about something a member owns."""
    from app.db.models_commitments import Commitment
    from app.db.models_evaluations import Deed, PeriodComment, StarRating
    from app.db.models_points import PointEntry, Review

    models = {
        "commitment": Commitment, "deed": Deed, "period_comment": PeriodComment, "point_entry": PointEntry,
        "review": Review, "star_rating": StarRating,
    }  # fmt: skip
    owner: dict[str, str] = {}
    for entity, model in models.items():
        wanted = {r.entity_id for r in rows if r.entity == entity}
        if wanted:
            stmt = select(model.id, model.member_id).where(model.id.in_(wanted))  # type: ignore[attr-defined]
            owner.update({i: m for i, m in s.execute(stmt) if m})
    for r in rows:
        if r.entity in ("member", "wuliang", "member_tier"):
            owner[r.entity_id] = r.entity_id
    return owner


def entries(db: Database, flt: AuditFilter = AuditFilter()) -> list[AuditView]:
    """The trail, newest first, filtered; read-only."""
    from app.db.models import Member

    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(flt.limit)
    if flt.account:
        stmt = stmt.where(AuditEntry.actor == flt.account.strip())
    if flt.since:
        stmt = stmt.where(AuditEntry.at >= _utc_start(flt.since))
    if flt.until:
        stmt = stmt.where(AuditEntry.at < _utc_start(flt.until + dt.timedelta(days=1)))
    with db.session() as s:
        if flt.member_id:
            stmt = stmt.where(AuditEntry.entity_id.in_(_owned_ids(s, flt.member_id)))
        rows = list(s.scalars(stmt))
        owner = _member_ids_of(s, rows)
        wanted = set(owner.values())
        names = {i: n for i, n in s.execute(select(Member.id, Member.name).where(Member.id.in_(wanted)))}
        names_of = _names_of_ids(s, rows)
        return [
            AuditView(
                id=r.id,
                at=local_time(r.at).strftime("%Y-%m-%d %H:%M:%S"),
                actor=r.actor,
                action=ACTION_LABELS.get(r.action, r.action),
                entity=ENTITY_LABELS.get(r.entity, r.entity),
                entity_id=r.entity_id,
                member_id=owner.get(r.entity_id),
                member_name=names.get(owner.get(r.entity_id, ""), ""),
                field=ENTITY_FIELD_LABELS.get((r.entity, r.field))
                or (LABELS.get(r.field) if r.entity == "member" else None)
                or FIELD_LABELS.get(r.field)
                or LABELS.get(r.field, r.field),
                before=with_names(_shown(r.entity, r.field, r.before), names_of),
                after=with_names(_shown(r.entity, r.field, r.after), names_of),
            )
            for r in rows
        ]


def accounts(db: Database) -> list[str]:
    """Everyone who has changed something, for the 修改记录 filter."""
    with db.session() as s:
        return sorted(a for a in s.scalars(select(AuditEntry.actor).distinct()) if a)


CSV_HEADERS = ("时间", "修改人", "操作", "对象", "党员", "项目", "修改前", "修改后")


def export_csv(rows: list[AuditView], path: str) -> None:
    """The rows as a CSV file that Excel and WPS open directly (UTF-8 with BOM); written whole or not at all."""
    import csv
    import os
    import tempfile
    from pathlib import Path

    from app.domain.errors import UserError

    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.writer(f)
            out.writerow(CSV_HEADERS)
            for r in rows:
                out.writerow(
                    (r.at, r.actor, r.action, r.entity, r.member_name, r.field, r.before or "", r.after or "")
                )
        os.replace(tmp, target)
    except OSError as exc:
        raise UserError(f"无法保存 {target}：{os_error_words(exc)}。请换一个位置再试。") from exc
