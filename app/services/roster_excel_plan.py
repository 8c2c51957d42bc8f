"""Roster import, step 1: read the sheet and decide what each row would do (新增 / 更新 / 跳过 / 错误). Writes nothing.

Every row ends up with its Excel row number and reasons. Values are read the way clerks type them
(app.excel.cells); each row is then checked by the roster's own rules (roster.check_draft), so an import can
never store what the editor refuses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member
from app.domain import roster_rules, text_rules
from app.domain.errors import FieldError, UserError, ValidationError
from app.domain.id_number import normalize_id_number, parse_id_number
from app.excel import columns
from app.excel.cells import (
    BOOL_FIELDS,
    CATEGORY_VALUES,
    DATE_FIELDS,
    Issue,
    auto_mapping,
    category,
    cell_text,
    convert_date,
    gender,
    is_placeholder,
    refit_category,
)
from app.excel.reader import Progress, Table, is_blank, read_table
from app.excel.rows import skip_reason
from app.services import organizations, roster
from app.services.roster_excel_diff import Change, Names, diff_drafts

NEW, UPDATE, SKIP, ERROR = "新增", "更新", "跳过", "错误"
NUMBER_FIELDS = ("party_age_correction",)
NEW_BRANCH = "new:"  # placeholder branch id until the branch is created in the writing transaction


@dataclass
class PlannedRow:
    row: int  # Excel's row number
    status: str  # NEW / UPDATE / SKIP / ERROR
    values: list[Any]
    name: str = ""
    id_number: str = ""
    reasons: list[Issue] = field(default_factory=list)  # why 错误 or 跳过
    warnings: list[Issue] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    member_id: str | None = None
    draft: roster.MemberDraft | None = None
    unchanged: bool = False  # 跳过 because the roster already holds exactly this

    @property
    def reason_text(self) -> str:
        parts = [i.message for i in self.reasons]
        if self.status == UPDATE and self.changes:
            parts.append(
                "修改：" + "；".join(f"{c.label} {c.before or '（空）'} → {c.after}" for c in self.changes)
            )
        parts += [f"提示：{w.message}" for w in self.warnings]
        return "；".join(parts)


@dataclass(frozen=True)
class ColumnMap:
    index: int
    header: str
    field: str | None  # field key, columns.STATUS, or None (not imported)


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    sheet_names: list[str]
    header_row: int
    title: str
    headers: list[str]
    columns: list[ColumnMap]
    unknown_columns: list[str]
    rows: list[PlannedRow]
    branches_created: list[str]
    notes: list[Issue]  # about the whole file (a column used twice…)
    header_start: int = 0  # first row of a two-row header, else 0

    @property
    def header_rows_text(self) -> str:
        if self.header_start:
            return f"第 {self.header_start}–{self.header_row} 行"
        return f"第 {self.header_row} 行"

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def has_errors(self) -> bool:
        return any(r.status == ERROR for r in self.rows)

    def mapping(self) -> dict[int, str | None]:
        return {c.index: c.field for c in self.columns}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    branches_created: list[str]


# --- database state loaded once ---------------------------------------------------------------------


@dataclass
class _State:
    root: organizations.OrgUnit
    branches: dict[str, str]  # name → id (every unit but 党小组)
    groups: dict[tuple[str, str], str]  # (branch id, group name) → id
    group_parent: dict[str, str]
    grids: dict[str, str]
    members: dict[str, tuple[str, str, roster.MemberDraft]]  # id_number → (member id, status, draft)
    default_branch: str | None = None  # `roster import --branch`, the wizard's chooser


def _load_state(db: Database) -> _State:
    units = organizations.units(db)
    if not units:
        raise UserError("还没有建立组织，请先完成首次设置，再导入花名册", cli_hint="org init --name 组织名称")
    branches: dict[str, str] = {}
    groups: dict[tuple[str, str], str] = {}
    group_parent: dict[str, str] = {}
    for u in units:
        if u.kind == "党小组":
            groups.setdefault((u.parent_id or "", u.name), u.id)
            group_parent[u.id] = u.parent_id or ""
        else:
            branches.setdefault(u.name, u.id)
    grids = {g.name: g.id for g in organizations.grids(db)}
    members: dict[str, tuple[str, str, roster.MemberDraft]] = {}
    with db.session() as s:
        for m in s.scalars(select(Member)):
            draft = roster.MemberDraft(**{n: getattr(m, n) for n in roster.DRAFT_FIELDS})
            members[m.id_number] = (m.id, m.status, draft)
    return _State(units[0], branches, groups, group_parent, grids, members)


# --- planning -------------------------------------------------------------------------------------


def plan_import(
    db: Database,
    path: Path | str,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: dict[int, str | None] | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    branch: str | None = None,
) -> ImportPlan:
    """Read the sheet and decide what each row would do. Writes nothing.

    ``branch`` (a unit's name): the 党支部 for rows whose sheet has no branch column or leaves it blank.
    """
    table = read_table(path, sheet, header_row, progress=None)
    return plan_table(db, table, mapping, progress, today, branch=branch)


def suggest_mapping(table: Table) -> tuple[dict[int, str | None], list[str], list[Issue]]:
    """The columns' meanings as guessed from headers and values: (mapping, unknown headers, notes to show)."""
    auto, unknown, notes = auto_mapping(table.headers)
    refit_category(table.headers, [vals for _n, vals in table.rows], auto, notes)
    return auto, unknown, notes


def plan_table(
    db: Database,
    table: Table,
    mapping: dict[int, str | None] | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
    *,
    branch: str | None = None,
) -> ImportPlan:
    auto, unknown, notes = suggest_mapping(table)
    if mapping is not None:
        auto = {i: mapping.get(i) for i in range(len(table.headers))}
        unknown = [table.headers[i] for i, k in auto.items() if k is None and table.headers[i]]
        notes = []
        seen: dict[str, int] = {}
        for i, k in auto.items():
            if k is None or k in columns.MULTI_COLUMN_FIELDS:
                continue
            if k in seen:
                raise UserError(
                    f"“{table.headers[seen[k]]}”和“{table.headers[i]}”两列都对应{columns.field_label(k)}，"
                    "请只选一列"
                )
            seen[k] = i
    used = {k for k in auto.values() if k}
    if "id_number" not in used or "name" not in used:
        found = "、".join(h for h in table.headers if h) or "（没有列名）"
        missing = "、".join(n for k, n in (("name", "姓名"), ("id_number", "公民身份号码")) if k not in used)
        raise UserError(
            f"工作表“{table.sheet}”第 {table.header_row} 行的表头里没有“{missing}”列，无法导入。"
            f"找到的列：{found}。请确认表头，或在导入向导里指定各列的含义"
        )
    state = _load_state(db)
    if branch:
        unit = organizations.find_unit(db, branch)
        state.default_branch = unit.id
        notes.append(Issue(0, "所在党支部", f"没有填写所在党支部的行，导入到“{unit.name}”"))
    cols = [ColumnMap(i, table.headers[i], auto.get(i)) for i in range(len(table.headers))]
    planner = _Planner(state, auto, table, today or dt.date.today())
    total = len(table.rows)
    # Blank rows after the last data row are formatting left over, not worth a mention.
    last = max((n for n, vals in table.rows if any(not is_blank(v) for v in vals)), default=0)
    rows: list[PlannedRow] = []
    for done, (number, values) in enumerate(table.rows, start=1):
        if number > last:
            break
        rows.append(planner.plan_row(number, values))
        if progress is not None and done % 200 == 0:
            progress(done, total)
    if progress is not None:
        progress(total, total)
    branches = [
        n
        for n in planner.new_branches
        if any(r.status in (NEW, UPDATE) and r.draft and r.draft.branch_id == NEW_BRANCH + n for r in rows)
    ]
    return ImportPlan(
        Path(table.path),
        table.sheet,
        table.sheet_names,
        table.header_row,
        table.title,
        table.headers,
        cols,
        unknown,
        rows,
        branches,
        notes,
        table.header_start,
    )


class _Planner:
    def __init__(self, state: _State, mapping: dict[int, str | None], table: Table, today: dt.date) -> None:
        self.state = state
        self.mapping = {i: k for i, k in mapping.items() if k}
        self.index = {k: i for i, k in self.mapping.items()}
        self.multi = {
            k: [i for i, key in sorted(self.mapping.items()) if key == k] for k in columns.MULTI_COLUMN_FIELDS
        }
        self.category_given = False
        self.header_texts = {columns.normalise_header(h) for h in table.headers if h}
        self.today = today
        self.seen_ids: dict[str, tuple[int, roster.MemberDraft]] = {}  # ID → its first row and what it read
        self.new_branches: list[str] = []

    def cell(self, values: list[Any], key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(values):
            return None
        v = values[i]
        if is_blank(v) or ((key in DATE_FIELDS or key in NUMBER_FIELDS) and is_placeholder(v)):
            return None
        return v

    def _skip_reason(self, values: list[Any]) -> str | None:
        texts = [cell_text(v) for v in values if not is_blank(v)]
        has_person = self.cell(values, "name") is not None or self.cell(values, "id_number") is not None
        raw_id = self.cell(values, "id_number") if texts else None
        has_id = raw_id is not None and len(normalize_id_number(cell_text(raw_id))) == 18
        return skip_reason(texts, self.header_texts, has_record=has_person, has_key=has_id, what="党员")

    def plan_row(self, number: int, values: list[Any]) -> PlannedRow:
        skip = self._skip_reason(values)
        if skip is not None:
            return PlannedRow(number, SKIP, values, reasons=[Issue(number, "", skip)])
        row = PlannedRow(number, ERROR, values)
        errors: list[FieldError] = []
        warnings: list[FieldError] = []
        row.name = cell_text(self.cell(values, "name"))

        # The ID first: it decides whether this row is a new member or an update.
        raw_id = self.cell(values, "id_number")
        id_text = ""
        if raw_id is None:
            errors.append(FieldError("id_number", "公民身份号码没有填写"))
        elif isinstance(raw_id, int | float) and not isinstance(raw_id, bool) and not _exact_whole(raw_id):
            shown = f"{float(raw_id):.5E}"
            errors.append(
                FieldError(
                    "id_number",
                    f"公民身份号码这一格是数字格式（Excel 显示为 {shown}），Excel 只保留15位有效数字，"
                    "最后几位已经丢失，无法恢复。请把这一列的格式设为“文本”，再重新输入完整的18位号码",
                )
            )
        else:
            id_text = normalize_id_number(cell_text(raw_id))
            row.id_number = id_text
        existing = self.state.members.get(id_text) if id_text else None
        first = self.seen_ids.get(id_text) if id_text else None
        draft = dataclasses.replace(existing[2]) if existing else roster.MemberDraft()
        if existing:
            row.member_id = existing[0]
            if existing[1] != roster.ACTIVE:
                warnings.append(
                    FieldError("status", f"此人在花名册中的状态是“{existing[1]}”，只更新信息，不会恢复在册")
                )
        draft.id_number = id_text
        self.category_given = False
        self._fill(draft, values, errors, warnings, existing is not None)
        if not existing and not self.category_given and draft.confirmed_on is None:
            warnings.append(
                FieldError(
                    "category",
                    "这一行没有人员类别，也没有转正日期：暂按正式党员导入，可能是预备党员，请核对",
                )
            )
        checked, problems = roster.check_draft(draft, self.today)
        if any(e.field == "id_number" for e in errors):
            # The ID's own message says it all; "没有填写"/"出生日期不能为空" would only follow from it.
            problems = [p for p in problems if p.field not in ("id_number", "birth_date", "gender")]
            errors = [e for e in errors if e.field != "birth_date"]
        # A cell that could not be read already has the more specific message ("所在党支部没有填写").
        said = {e.field for e in errors}
        errors.extend(p for p in problems if p.field not in said)
        errors.extend(self._relations(checked))
        if first is not None:
            duplicate = self._duplicate(number, values, first, checked, errors)
            if duplicate is not None:
                return duplicate
        elif id_text:
            self.seen_ids[id_text] = (number, checked)
        row.draft = checked
        row.name = checked.name or row.name
        row.warnings = [Issue(number, columns.field_label(w.field), w.message) for w in warnings]
        if errors:
            row.status = ERROR
            seen: set[tuple[str, str]] = set()
            for e in errors:
                if (e.field, e.message) not in seen:
                    seen.add((e.field, e.message))
                    row.reasons.append(Issue(number, _error_label(e.field), e.message))
            return row
        if existing:
            row.changes = diff_drafts(existing[2], checked, _names_of(self.state))
            row.status = UPDATE if row.changes else SKIP
            if not row.changes:
                row.unchanged = True
                row.reasons.append(Issue(number, "", "与花名册中的记录相同，无需更改"))
        else:
            row.status = NEW
        return row

    def _duplicate(
        self,
        number: int,
        values: list[Any],
        first: tuple[int, roster.MemberDraft],
        draft: roster.MemberDraft,
        errors: list[FieldError],
    ) -> PlannedRow | None:
        """A second row for the same ID: skipped when it says exactly what the first one says (pasted twice),
        otherwise an error naming what differs, since only the clerk knows which row is right."""
        at, earlier = first
        differs = diff_drafts(earlier, draft, _names_of(self.state))
        if not differs and not errors:
            return PlannedRow(
                number,
                SKIP,
                values,
                name=draft.name,
                id_number=draft.id_number,
                reasons=[Issue(number, "", f"与第 {at} 行完全相同（重复的一行），已跳过")],
            )
        what = "；".join(
            f"{c.label}：第 {at} 行“{c.before or '空'}”，这一行“{c.after or '空'}”" for c in differs[:3]
        )
        errors.insert(
            0,
            FieldError(
                "id_number",
                f"公民身份号码与第 {at} 行相同，同一个人只能出现一次"
                + (f"，但两行不一样（{what}）" if what else "")
                + "。请核对后删掉其中一行",
            ),
        )
        return None

    def _fill(
        self,
        d: roster.MemberDraft,
        values: list[Any],
        errors: list[FieldError],
        warnings: list[FieldError],
        updating: bool,
    ) -> None:
        # Blank cells keep what the roster already has: an import adds and corrects, it never erases.
        for key, indexes in self.multi.items():
            texts = [cell_text(values[i]) for i in indexes if i < len(values) and not is_blank(values[i])]
            if len(indexes) > 1 and texts:
                d.note = "；".join(texts) if key == "note" else d.note
        for key in self.index:
            value = self.cell(values, key)
            if value is None or key == "id_number" or (key in self.multi and len(self.multi[key]) > 1):
                continue
            try:
                self._set(d, key, value, values, warnings)
            except ValidationError as e:
                errors.extend(e.errors)
        if not d.branch_id and self.cell(values, "branch") is None and not updating:
            if self.state.default_branch:
                d.branch_id = self.state.default_branch
            elif self.state.root.kind == "党支部":
                d.branch_id = self.state.root.id
            else:
                errors.append(FieldError("branch", "所在党支部没有填写"))

    def _set(
        self, d: roster.MemberDraft, key: str, value: Any, values: list[Any], warnings: list[FieldError]
    ) -> None:
        text = cell_text(value)
        if key in DATE_FIELDS:
            if key == "birth_date" and isinstance(value, float) and repr(value).endswith(".1"):
                # 出生年月 1975.1 (a number): January or October? The ID number says which.
                id_info = _id_info(d.id_number)
                if id_info and id_info.birth_date.year == int(value) and id_info.birth_date.month in (1, 10):
                    return
            date, day_unknown = convert_date(value, key)
            if key == "birth_date":
                if day_unknown:
                    # 出生年月 columns hold only year and month; the ID number has the full date.
                    id_info = _id_info(d.id_number)
                    if (
                        id_info
                        and date
                        and (id_info.birth_date.year, id_info.birth_date.month)
                        != (
                            date.year,
                            date.month,
                        )
                    ):
                        raise ValidationError(
                            f"出生年月填的是{date.year}年{date.month}月，公民身份号码里是"
                            f"{id_info.birth_date.year}年{id_info.birth_date.month}月，两者应一致，请核对",
                            field=key,
                        )
                    # Without a readable ID the ID's own error is reported; the day comes from the ID later.
                    return
                d.birth_date = date
            elif key in ("joined_on", "confirmed_on"):
                setattr(d, key, date)
                setattr(d, key.replace("_on", "_day_unknown"), day_unknown)
                if day_unknown and date:
                    warnings.append(
                        FieldError(
                            key, f"{roster.label(key)}只有年月（{date.year}年{date.month}月），已记为“日不详”"
                        )
                    )
            else:
                if day_unknown:
                    raise ValidationError(f"{roster.label(key)}“{text}”缺少日，请写完整日期", field=key)
                setattr(d, key, date)
        elif key in BOOL_FIELDS:
            yes = roster_rules.parse_yes_no(
                value if isinstance(value, bool) else text, roster.label(key), key
            )
            if yes is not None:
                setattr(d, key, yes)
        elif key == "category":
            d.category = category(text)
            self.category_given = True
        elif key == columns.STATUS:
            status = "".join(text.split())
            if category(status) in CATEGORY_VALUES:
                if self.cell(values, "category") is None:
                    d.category = category(status)
                    self.category_given = True
            elif status not in ("正常", "在册"):
                raise ValidationError(
                    f"党籍状态是“{text}”：这类人员不能随表导入为在册党员，请在花名册中单独办理",
                    field="status",
                )
        elif key == "gender":
            d.gender = gender(text)
        elif key in ("phone", "landline"):
            number = roster_rules.normalize_phone(text)
            if key == "phone" and number.startswith("0") and self.cell(values, "landline") is None:
                d.landline = text
                warnings.append(FieldError("phone", f"“{text}”是固定电话，已填到“固定电话”"))
            else:
                setattr(d, key, text)
        elif key == "party_age_correction":
            try:
                years = float(text)
            except ValueError:
                years = 0.5  # refused below, like any other non-integer
            if not years.is_integer() or abs(years) > 1000:
                # Never rounded into a different value: 2.5 is not 2.
                raise ValidationError(f"党龄校正要填整数（年），不能是“{text}”", field=key)
            d.party_age_correction = int(years)
        elif key == "branch":
            self._branch(d, text)
        elif key == "group":
            gid = self.state.groups.get((d.branch_id or "", text))
            if gid is None:
                # Not fatal: the member is imported without a 党小组 and the report says so.
                warnings.append(
                    FieldError(
                        "group",
                        f"党小组“{text}”在所填党支部下不存在，这一项没有导入；可先在“组织”里建立后再导入",
                    )
                )
            else:
                d.group_id = gid
        elif key == "grid":
            grid_id = self.state.grids.get(text)
            if grid_id is None:
                warnings.append(
                    FieldError("grid", f"网格“{text}”不存在，这一项没有导入；可先建立网格后再导入")
                )
            else:
                d.grid_id = grid_id
        elif key == "education":
            d.education, warning = roster_rules.education_as_written(text)
            if warning:
                warnings.append(FieldError("education", warning))
        else:
            setattr(d, key, text)
        if key not in DATE_FIELDS and text_rules.has_controls(text, keep_lines=key == "note"):
            warnings.append(FieldError(key, f"{roster.label(key)}里有看不见的控制字符，已去掉"))

    def _branch(self, d: roster.MemberDraft, text: str) -> None:
        name = "".join(text.split()) if all("\u3400" <= c <= "\u9fff" or c.isspace() for c in text) else text
        branch_id = self.state.branches.get(name)
        if branch_id is None:
            if name not in self.new_branches:
                self.new_branches.append(name)
            branch_id = NEW_BRANCH + name
        if d.branch_id != branch_id and d.group_id and self.cell_group_missing:
            d.group_id = None  # moved to another branch: the old 党小组 belongs to the old branch
        d.branch_id = branch_id

    @property
    def cell_group_missing(self) -> bool:
        return "group" not in self.index

    def _relations(self, d: roster.MemberDraft) -> list[FieldError]:
        errors: list[FieldError] = []
        if d.group_id and self.state.group_parent.get(d.group_id) != d.branch_id:
            errors.append(FieldError("group", "党小组不属于所填的党支部，请核对"))
        return errors


def _names_of(state: _State) -> Names:
    return Names(state.branches, state.groups, state.grids, NEW_BRANCH)


def _exact_whole(number: float) -> bool:
    """A number cell that still holds every digit (up to 15: an old 15-digit ID, or too short), which the text path
    then names precisely; 18 digits never fit in Excel's number."""
    return float(number).is_integer() and abs(number) < 10**15


@lru_cache(maxsize=4096)  # asked for each date of a row; parsing is pure
def _id_info(text: str) -> Any:
    try:
        return parse_id_number(text)
    except ValidationError:
        return None


def _error_label(key: str) -> str:
    return "党籍状态" if key == "status" else roster.label(key) if key else ""
