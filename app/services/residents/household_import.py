"""Household import from the messy sheets offices keep: the roster reader finds the header and reads the cells
(app.excel), our own synonyms map the columns; a preview (nothing written), then one transaction, and a row report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.database import Database
from app.db.models import new_id, utcnow
from app.db.models_service import Household, Person
from app.domain.errors import UserError, ValidationError
from app.excel.cells import cell_text
from app.excel.columns import normalise_header
from app.excel.households import FIELD_LABELS, HOUSEHOLDS, household_mapping
from app.excel.reader import is_blank, read_table
from app.excel.rows import is_footer_text, skip_reason
from app.services import audit
from app.services.residents import common
from app.services.residents.households import HouseholdDraft, check_draft

NEW, SKIP, ERROR = "新增", "跳过", "错误"
TAG_SEPARATORS = "、,，;；/ "


@dataclass(frozen=True)
class PlannedHousehold:
    row: int  # Excel's row number
    action: str  # 新增 / 跳过 / 错误
    address: str
    head_name: str
    message: str = ""
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class HouseholdImportPlan:
    path: str
    sheet: str
    header_row: int
    columns: dict[str, str]  # field label → the header it was read from
    unknown_headers: list[str]
    rows: list[PlannedHousehold]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def report_lines(self) -> list[str]:
        lines = [
            f"工作表“{self.sheet}”，表头在第 {self.header_row} 行；"
            f"新增 {self.count(NEW)} 户，跳过 {self.count(SKIP)} 户，错误 {self.count(ERROR)} 行。"
        ]
        lines += [f"  第 {r.row} 行 {r.action}：{r.message}" for r in self.rows if r.action != NEW]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": self.columns,
            "unknown_headers": self.unknown_headers,
            "new": self.count(NEW),
            "skipped": self.count(SKIP),
            "errors": self.count(ERROR),
            "rows": [
                {"row": r.row, "action": r.action, "address": r.address, "message": r.message}
                for r in self.rows
                if r.action != NEW
            ],
        }


def _tags(text: str) -> list[str]:
    for sep in TAG_SEPARATORS[1:]:
        text = text.replace(sep, TAG_SEPARATORS[0])
    return [t for t in text.split(TAG_SEPARATORS[0]) if t]


def plan_household_import(
    db: Database, path: Path | str, sheet: str | None = None, header_row: int | None = None
) -> HouseholdImportPlan:
    """Read and check every row; nothing is written."""
    table = read_table(path, sheet, header_row, vocab=HOUSEHOLDS)
    mapping, unknown = household_mapping(table.headers)
    if "address" not in mapping.values():
        raise UserError("表格里没有“地址”（或“住址”“门牌号”）列，无法导入住户；请在表头加上这一列")
    conf = common.get_settings(db)
    with db.session() as s:
        grid_ids = {name: gid for gid, name in common.grid_names(s).items()}
        existing = set(s.scalars(select(Household.address).where(Household.active.is_(True))))
    seen: set[str] = set()
    rows: list[PlannedHousehold] = []
    header_texts = {normalise_header(h) for h in table.headers if h}
    headers = {key: table.headers[i] for i, key in mapping.items()}

    def _column(key: str) -> str:
        return f"“{headers[key]}”列：" if key in headers else ""

    for number, values in table.rows:
        if all(is_blank(v) for v in values):
            continue
        cells = {key: cell_text(values[i]) if i < len(values) else "" for i, key in mapping.items()}
        address, head = cells.get("address", "").strip(), cells.get("head_name", "").strip()
        texts = [cell_text(v) for v in values if not is_blank(v)]
        has_key = bool(address) and not is_footer_text(address)
        skip = skip_reason(
            texts, header_texts, has_record=bool(address or head), has_key=has_key, what="住户"
        )
        if skip is not None:
            rows.append(PlannedHousehold(number, SKIP, address, head, skip))
            continue
        size_text = "".join(cells.get("size", "").split()) or "1"
        size_text = size_text.removesuffix("人").removesuffix("口")  # “4人”, “3口”
        try:
            if not size_text.isdigit():
                raise ValidationError(f"人口数“{cells.get('size', '')}”不是整数", field="size")
            draft = HouseholdDraft(
                address=address,
                head_name=head,
                phone=cells.get("phone", ""),
                grid=cells.get("grid", ""),
                tags=_tags(cells.get("tags", "")),
                size=int(size_text),
                note=cells.get("note", ""),
            )
            checked = check_draft(draft, grid_ids, conf.household_tags)
        except ValidationError as exc:
            said = "；".join(f"{_column(e.field)}{e.message}" for e in exc.errors)
            rows.append(PlannedHousehold(number, ERROR, address, head, said))
            continue
        if address in existing or address in seen:
            rows.append(PlannedHousehold(number, SKIP, address, head, f"地址“{address}”已经有住户"))
            continue
        seen.add(address)
        rows.append(PlannedHousehold(number, NEW, address, head, values=checked))
    columns = {FIELD_LABELS[key]: table.headers[i] for i, key in mapping.items()}
    return HouseholdImportPlan(str(path), table.sheet, table.header_row, columns, unknown, rows)


def apply_household_import(db: Database, plan: HouseholdImportPlan, *, skip_invalid: bool = False) -> int:
    """Write the plan's new households (and their heads as 居民) in one transaction; returns how many.

    With 错误 rows nothing is written unless ``skip_invalid`` (then the rows without errors are), like the roster.
    """
    bad = plan.count(ERROR)
    if bad and not skip_invalid:
        first = next(r for r in plan.rows if r.action == ERROR)
        raise UserError(
            f"有 {bad} 行错误（第一处：第 {first.row} 行，{first.message}），没有导入任何数据。"
            "请改正后重新导入，或选择只导入没有错误的行"
        )
    now = utcnow()
    households: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    for r in plan.rows:
        if r.action != NEW:
            continue
        hid = new_id()
        v = r.values
        head_id = new_id() if v["head_name"] else None
        if head_id:
            people.append(
                {
                    "id": head_id,
                    "name": v["head_name"],
                    "phone": v["phone"],
                    "address": v["address"],
                    "household_id": hid,
                    "grid_id": v["grid_id"],
                    "roles": json.dumps(["居民"], ensure_ascii=False),
                    "pinyin_full": v["pinyin_full"],
                    "pinyin_initials": v["pinyin_initials"],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        households.append({**v, "id": hid, "head_person_id": head_id, "created_at": now, "updated_at": now})
    if households:
        from app.services import (
            accounts,
            backup as backups,  # a way back from a wrong sheet, as before a roster import
        )

        # The logged-in account's scope first: a refusal leaves no safety backup behind.
        accounts.require_shared(db, Household.__tablename__)

        backups.auto_backup(db, "before-import")
    with db.session() as s, s.begin():
        # Checked again inside the transaction: someone may have added one of these addresses since the preview.
        addresses = [h["address"] for h in households]
        clash = s.scalar(
            select(Household.address)
            .where(Household.address.in_(addresses), Household.active.is_(True))
            .limit(1)
        )
        if clash:
            raise UserError(f"地址“{clash}”在预览之后已经有人录入，请重新预览后再导入；没有做任何改动")
        insert_rows(s, Person, people)
        insert_rows(s, Household, households)
        audit.record(s, db.actor, "import", "household", Path(plan.path).name, "rows", None, len(households))
    return len(households)
