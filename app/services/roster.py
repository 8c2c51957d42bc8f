"""The member roster (花名册): list, search, add, edit, leave — validated the same way for GUI, CLI and import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from app.db.database import Database
from app.db.models import Grid, Member, MemberStatusChange, Organization, utcnow
from app.db.models_routine import MobileContact
from app.domain import member_status, roster_rules, text_rules
from app.domain.dates import parse_date
from app.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from app.domain.id_number import normalize_id_number, parse_id_number
from app.domain.member_fields import FIELDS_BY_KEY, LABELS, field_by_name
from app.domain.member_status import MemberStatus
from app.domain.pinyin import FindKey, find_key, name_pinyin
from app.paths import fonts_dir
from app.services import audit, lookup, organizations, versions

# Kept as names of this module for its callers (forms, CLI choices, the import): the values are the enum's.
ACTIVE = MemberStatus.ACTIVE
LEAVE_REASONS = member_status.LEAVE_REASONS


@dataclass(slots=True)
class MemberRow:
    """One line of the roster as lists, tables and exports show it."""

    id: str
    name: str
    gender: str
    ethnicity: str
    id_number: str
    birth_date: dt.date
    education: str
    degree: str
    category: str
    branch_id: str
    branch: str
    group_id: str | None
    group: str
    joined_on: dt.date | None
    joined_day_unknown: bool
    confirmed_on: dt.date | None
    confirmed_day_unknown: bool
    party_age: int | None
    probation_extension: str
    joined_branch: str
    job: str
    party_post: str
    phone: str
    landline: str
    address: str
    residence: str
    hukou: str
    native_place: str
    grid_id: str | None
    grid: str
    photo: str
    note: str
    is_mobile: bool
    mobile_destination: str
    is_lost_contact: bool
    lost_contact_on: dt.date | None
    status: str
    left_on: dt.date | None
    left_to: str
    pinyin_full: str
    pinyin_initials: str
    last_contact: (
        dt.date | None
    )  # 流动党员: the date of the last contact (issue 16's records); None otherwise

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


@dataclass
class MemberDraft:
    """What the editor, the CLI and the import fill in before validation."""

    name: str = ""
    gender: str = ""
    ethnicity: str = "汉族"
    id_number: str = ""
    birth_date: dt.date | None = None
    education: str = ""
    degree: str = ""
    category: str = "正式党员"
    branch_id: str | None = None
    group_id: str | None = None
    joined_on: dt.date | None = None
    joined_day_unknown: bool = False
    confirmed_on: dt.date | None = None
    confirmed_day_unknown: bool = False
    party_age_correction: int = 0
    probation_extension: str = ""
    joined_branch: str = ""
    job: str = ""
    party_post: str = ""
    phone: str = ""
    landline: str = ""
    address: str = ""
    residence: str = ""
    hukou: str = ""
    native_place: str = ""
    grid_id: str | None = None
    note: str = ""
    is_mobile: bool = False
    mobile_destination: str = ""
    is_lost_contact: bool = False
    lost_contact_on: dt.date | None = None
    photo: str = ""


DRAFT_FIELDS = tuple(f.name for f in dataclasses.fields(MemberDraft))


@dataclass(frozen=True)
class StatusChange:
    status: str
    changed_on: dt.date
    destination: str
    note: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass
class MemberDetail:
    id: str
    draft: MemberDraft
    status: str
    left_on: dt.date | None
    left_to: str
    party_age: int | None
    history: list[StatusChange] = field(default_factory=list)
    version: int = 0  # hand it back to update_member (optimistic locking)


# --- validation ----------------------------------------------------------------------------------


def check_draft(draft: MemberDraft, today: dt.date | None = None) -> tuple[MemberDraft, list[FieldError]]:
    """Normalise and check a draft without touching the database. Birth date and gender come from the ID."""
    today = today or dt.date.today()
    d = dataclasses.replace(draft)
    errors: list[FieldError] = []
    for name in (
        "name",
        "ethnicity",
        "education",
        "degree",
        "job",
        "party_post",
        "address",
        "residence",
        "hukou",
        "native_place",
        "joined_branch",
        "mobile_destination",
        "probation_extension",
    ):
        setattr(d, name, text_rules.strip_controls(str(getattr(d, name) or "")).strip())
        errors.extend(text_rules.check_text(name, LABELS.get(name, name), getattr(d, name)))
    d.note = text_rules.strip_controls(d.note or "", keep_lines=True).strip()
    errors.extend(text_rules.check_text("note", LABELS["note"], d.note))
    d.name = text_rules.tidy_name(d.name)
    if not d.name:
        errors.append(FieldError("name", "姓名不能为空"))
    else:
        errors.extend(text_rules.check_name_drawable(d.name, drawable_characters()))
    if d.ethnicity:
        try:
            d.ethnicity = roster_rules.normalize_ethnicity(d.ethnicity)
        except ValidationError as e:
            errors.extend(e.errors)
    if d.education:
        # A value outside the list is kept as written, never narrowed (the import says so in a warning).
        d.education, _ = roster_rules.education_as_written(d.education)
    d.id_number = normalize_id_number(d.id_number or "")
    info = None
    try:
        info = parse_id_number(d.id_number)
    except ValidationError as e:
        errors.extend(FieldError("id_number", m.message) for m in e.errors)
    if info is not None:
        if d.birth_date is None:
            d.birth_date = info.birth_date
        if not d.gender:
            d.gender = info.gender
        # A gender outside 男/女 gets its own message below, not also "differs from the ID".
        shown_gender = d.gender if d.gender in roster_rules.GENDERS else None
        errors.extend(roster_rules.check_id_agrees(info, d.birth_date, shown_gender))
    if d.gender and d.gender not in roster_rules.GENDERS:
        errors.append(FieldError("gender", f"性别只能是“男”或“女”，不能是“{d.gender}”"))
    if d.birth_date is None and not d.id_number:
        errors.append(FieldError("birth_date", "出生日期不能为空"))
    if d.category not in roster_rules.CATEGORIES:
        errors.append(FieldError("category", f"人员类别只能是“正式党员”或“预备党员”，不能是“{d.category}”"))
    if not d.branch_id:
        errors.append(FieldError("branch", "请选择所在党支部"))
    errors.extend(
        roster_rules.check_member_dates(d.category, d.birth_date, d.joined_on, d.confirmed_on, today)
    )
    if d.phone:
        try:
            d.phone = roster_rules.validate_mobile(d.phone)
        except ValidationError as e:
            errors.extend(e.errors)
    if d.landline:
        try:
            d.landline = roster_rules.validate_landline(d.landline)
        except ValidationError as e:
            errors.extend(e.errors)
    if abs(d.party_age_correction or 0) > roster_rules.MAX_PARTY_AGE_CORRECTION:
        errors.append(
            FieldError(
                "party_age_correction",
                f"党龄校正要在 -{roster_rules.MAX_PARTY_AGE_CORRECTION} 到 "
                f"{roster_rules.MAX_PARTY_AGE_CORRECTION} 年之间，不能是 {d.party_age_correction}",
            )
        )
    if d.is_lost_contact and d.lost_contact_on and d.lost_contact_on > today:
        errors.append(FieldError("lost_contact_on", "失去联系日期不能晚于今天"))
    if not d.is_lost_contact:
        d.lost_contact_on = None
    if not d.is_mobile:
        d.mobile_destination = ""
    return d, errors


@functools.cache
def drawable_characters() -> frozenset[int]:
    """The bundled font's characters (read once: ~20 ms), for the names printed on the boards."""
    from app.domain.font_cmap import drawable_characters as from_font

    return from_font((fonts_dir() / "NotoSansSC-Regular.ttf").read_bytes())


def check_relations(s: Session, d: MemberDraft, member_id: str | None) -> list[FieldError]:
    """The checks that need the database (branch, 党小组, grid exist; ID number not used by someone else),
    inside the caller's session, so a writer can repeat them in the transaction that writes."""
    errors: list[FieldError] = []
    if d.branch_id:
        branch = s.get(Organization, d.branch_id)
        if branch is None or branch.kind == "党小组":
            errors.append(FieldError("branch", "所在党支部不存在"))
    if d.group_id:
        group = s.get(Organization, d.group_id)
        if group is None or group.kind != "党小组":
            errors.append(FieldError("group", "党小组不存在"))
        elif group.parent_id != d.branch_id:
            errors.append(FieldError("group", "党小组不属于所选的党支部"))
    if d.grid_id and s.get(Grid, d.grid_id) is None:
        errors.append(FieldError("grid", "网格不存在"))
    if d.id_number:
        other = s.execute(select(Member.id, Member.name).where(Member.id_number == d.id_number)).first()
        if other and other.id != member_id:
            errors.append(
                FieldError("id_number", f"公民身份号码已登记在“{other.name}”名下，同一个人不能登记两次")
            )
    return errors


def validate(
    db: Database, draft: MemberDraft, member_id: str | None = None
) -> tuple[MemberDraft, list[FieldError]]:
    """All checks, including those that need the database (branch exists, ID not used by someone else)."""
    d, errors = check_draft(draft)
    with db.session() as s:
        errors.extend(check_relations(s, d, member_id))
    return d, errors


# --- converting typed text (CLI, import) -----------------------------------------------------------


def set_from_text(db: Database, draft: MemberDraft, name: str, text: str) -> str:
    """Set one field of a draft from text as a clerk would type it. Returns the field's key."""
    f = field_by_name(name)
    if f is None:
        known = "、".join(f"{k.key}（{k.label}）" for k in FIELDS_BY_KEY.values())
        raise ValidationError(f"没有“{name}”这个字段。可用的字段：{known}", field=name)
    text = text.strip()
    if f.kind == "date":
        allow_month = f.key in ("joined_on", "confirmed_on")
        parsed = parse_date(text, f.label, f.key, allow_month=allow_month)
        setattr(draft, f.key, parsed.value if parsed else None)
        if f.key in ("joined_on", "confirmed_on"):
            setattr(draft, f.key.replace("_on", "_day_unknown"), bool(parsed and parsed.day_unknown))
    elif f.kind == "bool":
        setattr(draft, f.key, bool(roster_rules.parse_yes_no(text, f.label)))
    elif f.kind == "int":
        try:
            setattr(draft, f.key, int(text or 0))
        except ValueError:
            raise ValidationError(f"{f.label}要填整数，不能是“{text}”", field=f.key) from None
    elif f.key == "branch":
        draft.branch_id = organizations.find_unit(db, text).id if text else None
    elif f.key == "group":
        draft.group_id = organizations.find_unit(db, text, group=True).id if text else None
    elif f.key == "grid":
        draft.grid_id = organizations.find_grid(db, text).id if text else None
    elif f.key == "category":
        draft.category = {"正式": "正式党员", "预备": "预备党员"}.get(text, text)
    else:
        setattr(draft, f.key, text)
    return f.key


# --- reading ---------------------------------------------------------------------------------------


def _rows_query() -> Any:
    """Plain column tuples in MemberRow's field order (ORM objects would make 10,000 rows twice as slow).

    The ``party_age`` slot first carries 党龄校正; list_members turns it into the computed 党龄.
    """
    branch = aliased(Organization)
    group = aliased(Organization)
    special: dict[str, Any] = {
        "branch": branch.name,
        "group": func.coalesce(group.name, ""),
        "grid": func.coalesce(Grid.name, ""),
        "party_age": Member.party_age_correction,
        # Correlated, and only for mobile members (SQLite evaluates CASE lazily): one query stays one query.
        "last_contact": case(
            (
                Member.is_mobile.is_(True),
                select(func.max(MobileContact.date))
                .where(MobileContact.member_id == Member.id)
                .scalar_subquery(),
            ),
            else_=None,
        ),
    }
    columns: list[Any] = [
        special[f.name] if f.name in special else getattr(Member, f.name)
        for f in dataclasses.fields(MemberRow)
    ]
    return (
        select(*columns)
        .join(branch, Member.branch_id == branch.id)
        .outerjoin(group, Member.group_id == group.id)
        .outerjoin(Grid, Member.grid_id == Grid.id)
    )


def list_members(
    db: Database,
    *,
    branch_id: str | None = None,
    status: str = "active",
    today: dt.date | None = None,
) -> list[MemberRow]:
    """Members ordered by branch then pinyin. ``status``: ``active`` (在册) or ``all``.

    ``branch_id`` includes the units below it, so the top organisation lists everyone. A logged-in account
    with a unit sees its unit's subtree by default, and nothing outside it.
    """
    from app.services.accounts import visible_unit_ids
    from app.services.accounts.guard import ScopeError

    scope = visible_unit_ids(db)
    if scope is not None:
        if branch_id is None:
            branch_id = scope[0]
        elif branch_id not in scope:
            raise ScopeError("无权查看这个组织的党员：超出您的管理范围")
    today = today or dt.date.today()
    stmt = _rows_query()
    if status == "active":
        stmt = stmt.where(Member.status == ACTIVE)
    elif status != "all":
        raise ValidationError("状态只能是 all 或 active", field="status")
    all_units = organizations.units(db)
    order = {u.id: i for i, u in enumerate(all_units)}
    shown = organizations.shown_names(db, all_units)  # a township's many 第一党支部 by their village
    stmt = stmt.order_by(Member.status != ACTIVE, Member.pinyin_full, Member.name)
    with db.session() as s:
        if branch_id:
            stmt = stmt.where(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
        rows = [MemberRow(*t) for t in s.execute(stmt)]
    party_age = roster_rules.party_age
    for r in rows:
        r.party_age = party_age(r.confirmed_on if r.category == "正式党员" else None, today, r.party_age or 0)
        r.branch = shown.get(r.branch_id, r.branch)
    rows.sort(key=lambda r: order.get(r.branch_id, 0))  # stable: keeps the SQL order within a branch
    return rows


def resolve_member_id(db: Database, ref: str) -> str:
    """A member's id from the full id or a unique prefix of at least 4 characters (for the CLI)."""
    return lookup.resolve_id(db, Member, ref, "党员")


def get_member(db: Database, member_id: str, today: dt.date | None = None) -> MemberDetail:
    today = today or dt.date.today()
    with db.session() as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        draft = MemberDraft(**{name: getattr(m, name) for name in DRAFT_FIELDS})
        history = [
            StatusChange(h.status, h.changed_on, h.destination, h.note, h.recorded_at, h.recorded_by)
            for h in s.scalars(
                select(MemberStatusChange)
                .where(MemberStatusChange.member_id == member_id)
                .order_by(MemberStatusChange.changed_on, MemberStatusChange.recorded_at)
            )
        ]
        age = roster_rules.party_age(
            m.confirmed_on if m.category == "正式党员" else None, today, m.party_age_correction
        )
        return MemberDetail(m.id, draft, m.status, m.left_on, m.left_to, age, history, m.version)


def count_members(db: Database, status: str = ACTIVE) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Member).where(Member.status == status)) or 0


# --- search (pure; used by the roster page as you type and by `roster list --search`) ---------------


def search_key(row: MemberRow) -> FindKey:
    return find_key(row.name, row.pinyin_full, row.pinyin_initials, row.id_number, row.phone)


# --- writing ---------------------------------------------------------------------------------------


def apply_draft(m: Member, d: MemberDraft, s: Session, actor: str, creating: bool) -> int:
    """Copy a checked draft onto ``m`` in the caller's transaction, auditing each changed field (not on
    creation) and refreshing the stored pinyin. Returns how many fields changed."""
    changed = 0
    for name in DRAFT_FIELDS:
        new = getattr(d, name)
        old = getattr(m, name) if not creating else None
        if creating or old != new:
            if not creating:
                audit.record(s, actor, "update", "member", m.id, name, old, new)
            setattr(m, name, new)
            changed += 1
    if creating or changed:
        m.pinyin_full, m.pinyin_initials = name_pinyin(d.name)
        m.updated_at = utcnow()
    return changed


def add_member(db: Database, draft: MemberDraft) -> str:
    d, errors = validate(db, draft)
    if errors:
        raise ValidationError(errors)
    with db.session() as s, s.begin():
        errors = check_relations(s, d, None)  # again, inside the transaction that writes
        if errors:
            raise ValidationError(errors)
        m = Member(status=ACTIVE)
        apply_draft(m, d, s, db.actor, creating=True)
        s.add(m)
        s.flush()
        audit.record(s, db.actor, "create", "member", m.id, "name", None, d.name)
        return m.id


def update_member(db: Database, member_id: str, draft: MemberDraft, version: int | None = None) -> int:
    """Save an edited draft over ``version`` (the one the editor loaded; None: whatever is current);
    returns how many fields changed (each one audited). A stale version is refused (versions.StaleRecord)."""
    d, errors = validate(db, draft, member_id)
    if errors:
        raise ValidationError(errors)
    with db.session() as s, s.begin():
        versions.claim(s, Member, member_id, version, "member", f"找不到编号为“{member_id}”的党员")
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        errors = check_relations(s, d, member_id)
        if errors:
            raise ValidationError(errors)
        changed = apply_draft(m, d, s, db.actor, creating=False)
        if not changed:
            versions.release(s, Member, member_id)
        return changed


def set_fields(db: Database, member_id: str, assignments: dict[str, str], version: int | None = None) -> int:
    """`roster set ID 字段=值…`: change fields given as text; all or nothing. ``version``: save only over
    that version (`--version N`); None saves over the current one."""
    draft = get_member(db, member_id).draft
    errors: list[FieldError] = []
    for name, text in assignments.items():
        if name in ("status", "党籍状态"):
            errors.append(
                FieldError("status", "党籍状态不能直接修改，请用 roster leave（转出、去世、出党、停止党籍）")
            )
            continue
        try:
            set_from_text(db, draft, name, text)
        except (ValidationError, NotFoundError) as e:
            errors.extend(e.errors if isinstance(e, ValidationError) else [FieldError(name, str(e))])
    if errors:
        # Report the other problems in the same go, so the clerk fixes everything at once.
        reported = {e.field for e in errors}
        _, more = validate(db, draft, member_id)
        raise ValidationError(errors + [e for e in more if e.field not in reported])
    return update_member(db, member_id, draft, version)


def leave_member(
    db: Database, member_id: str, reason: str, on: dt.date, destination: str = "", note: str = ""
) -> None:
    """A member leaves the roll (转出/去世/出党/停止党籍). Their record and history stay."""
    if reason not in LEAVE_REASONS:
        raise ValidationError(f"原因只能是{'、'.join(LEAVE_REASONS)}，不能是“{reason}”", field="reason")
    if on > dt.date.today():
        raise ValidationError("日期不能晚于今天", field="date")
    if reason == MemberStatus.TRANSFERRED_OUT and not destination.strip():
        raise ValidationError("转出要写明转往哪里", field="destination", cli_hint="--to 转往的组织")
    with db.session() as s, s.begin():
        # Lock the row first (bumping its version), so the status read below is the current one.
        versions.claim(s, Member, member_id, None, "member", f"找不到编号为“{member_id}”的党员")
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        if m.status != ACTIVE:
            raise UserError(f"{m.name}已经是“{m.status}”状态，不在册")
        if m.joined_on and on < m.joined_on:
            raise ValidationError("离开日期不能早于入党日期", field="date")
        s.add(
            MemberStatusChange(
                member_id=member_id,
                status=reason,
                changed_on=on,
                destination=destination.strip(),
                note=note.strip(),
                recorded_by=db.actor,
            )
        )
        audit.record(s, db.actor, "leave", "member", member_id, "status", m.status, reason)
        m.status, m.left_on, m.left_to = reason, on, destination.strip()
        m.updated_at = utcnow()


def reinstate_member(db: Database, member_id: str, on: dt.date, note: str = "") -> None:
    """Back on the roll (转回, 恢复党籍, or a leave recorded by mistake); the history keeps both steps."""
    with db.session() as s, s.begin():
        # Lock the row first (bumping its version), so the status read below is the current one.
        versions.claim(s, Member, member_id, None, "member", f"找不到编号为“{member_id}”的党员")
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        if m.status == ACTIVE:
            raise UserError(f"{m.name}本来就在册")
        if m.status == MemberStatus.DECEASED:
            raise UserError("去世的党员不能恢复在册；如是误登记，请在备注中说明并联系管理员")
        s.add(
            MemberStatusChange(
                member_id=member_id, status=ACTIVE, changed_on=on, note=note.strip(), recorded_by=db.actor
            )
        )
        audit.record(s, db.actor, "reinstate", "member", member_id, "status", m.status, ACTIVE)
        m.status, m.left_on, m.left_to = ACTIVE, None, ""
        m.updated_at = utcnow()


ROW_LABELS = {"last_contact": "最近联系"}  # computed columns of MemberRow that are not member fields


def label(key: str) -> str:
    return LABELS.get(key) or ROW_LABELS.get(key, key)
