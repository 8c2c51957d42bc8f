"""The audit trail: who changed what, when, before → after — always inside the change's own transaction."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import AuditEntry
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
    "import": "导入",
}  # fmt: skip
ENTITY_LABELS = {
    "member": "党员", "organization": "组织", "grid": "网格", "team": "队伍", "team_member": "队伍成员",
    "commitment": "承诺", "wuliang": "五亮", "evaluation_period": "评定季度", "deed": "闪光言行",
    "period_comment": "点评", "star_rating": "星级", "rule_set": "积分规则", "tier": "积分档",
    "member_tier": "积分档次", "indicator": "积分指标", "point_entry": "积分", "review": "年终评议",
    "setting": "设置", "database": "数据库", "account": "账户", "need": "服务需求", "project": "服务项目",
    "township_village": "村数据包",
}  # fmt: skip
FIELD_LABELS = {
    "board_issuer": "落款单位", "board_secretary": "书记姓名", "board_contact_phone": "联系电话",
    "default_paper": "默认纸张", "backup_target": "备份位置", "auto_backup_enabled": "自动备份",
    "clerk_name": "文书姓名", "status": "党籍状态", "photo": "照片", "password": "密码", "role": "角色",
    "active": "在用", "claimant": "认领人", "satisfaction": "满意度", "project_id": "所属项目", "progress": "进度",
    "projects.categories": "项目类别",
}  # fmt: skip
# The same field name meaning something else on another entity: (entity, field) → label.
ENTITY_FIELD_LABELS = {
    ("project", "status"): "项目状态",
    ("project", "title"): "项目名称",
    ("need", "text"): "需求内容",
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
        return str(decoded)
    return value


def local_time(at: dt.datetime) -> dt.datetime:
    """Stored in UTC (naive); shown in the PC's own time zone."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _utc_start(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _owned_ids(s: Session, member_id: str) -> set[str]:
    """Ids of the rows that belong to one member, so their changes count as the member's."""
    from app.db.models import Commitment, Deed, PeriodComment, PointEntry, Review, StarRating

    ids = {member_id}
    for model in (Commitment, Deed, PeriodComment, PointEntry, Review, StarRating):
        ids.update(s.scalars(select(model.id).where(model.member_id == member_id)))
    return ids


def _member_ids_of(s: Session, rows: list[AuditEntry]) -> dict[str, str]:
    """entity_id → member id, for entries about a member or about something a member owns."""
    from app.db.models import Commitment, Deed, PeriodComment, PointEntry, Review, StarRating

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
                or LABELS.get(r.field)
                or FIELD_LABELS.get(r.field, r.field),
                before=_shown(r.entity, r.field, r.before),
                after=_shown(r.entity, r.field, r.after),
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
        raise UserError(f"无法保存 {target}：{exc.strerror or exc}。请换一个位置再试。") from exc
