"""Roster import, step 2: write a plan in ONE transaction, after a safety backup; all of it or nothing."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import func, insert, select

from app.db.database import Database
from app.db.models import AuditEntry, Grid, Member, Organization, new_id
from app.domain.errors import FieldError, UserError, ValidationError
from app.excel.reader import Progress
from app.faults import fault_point
from app.services import audit, roster
from app.services.roster_excel_plan import (
    ERROR,
    NEW,
    NEW_BRANCH,
    UPDATE,
    ImportPlan,
    ImportResult,
    PlannedRow,
)


def apply_plan(
    db: Database, plan: ImportPlan, *, skip_invalid: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Write the plan in ONE transaction: every 新增 and 更新 row, or nothing at all.

    With errors in the plan nothing is written unless ``skip_invalid`` (then the valid rows are).
    Relations (branch, 党小组, 网格, ID not used by someone else) are checked again inside the transaction.
    """
    bad = plan.count(ERROR)
    if bad and not skip_invalid:
        raise UserError(f"有 {bad} 行错误，没有导入任何数据。请改正后重新导入，或选择“只导入没有错误的行”")
    todo = [r for r in plan.rows if r.status in (NEW, UPDATE) and r.draft is not None]
    created = updated = 0
    if todo:
        # The logged-in account's scope first (the members as they are and the branches they go to; a branch
        # named in the sheet is made under the top organisation): a refusal leaves no safety backup behind.
        from app.services import accounts

        accounts.require_members(db, [r.member_id for r in todo if r.status == UPDATE and r.member_id])
        accounts.require_units(db, "members", [_target_branch(r) for r in todo])
        # An import can touch hundreds of members at once: keep a way back (issue 8: "before every import").
        from app.services import backup as backups  # only for a real import (not the preview)

        backups.auto_backup(db, "before-import")
    with db.session() as s, s.begin():
        # Branches named in the sheet that don't exist yet go under the top organisation.
        real: dict[str, str] = {}
        needed = [
            n
            for n in plan.branches_created
            if any(r.draft and r.draft.branch_id == NEW_BRANCH + n for r in todo)
        ]
        if needed:
            top = s.scalar(select(Organization).where(Organization.parent_id.is_(None)))
            if top is None:
                raise UserError("还没有建立组织，请先完成首次设置")
            order = s.scalar(select(func.count()).where(Organization.parent_id == top.id)) or 0
            for name in needed:
                clash = s.scalar(
                    select(Organization.id).where(Organization.name == name, Organization.kind != "党小组")
                )
                if clash:
                    real[name] = clash
                    continue
                org = Organization(id=new_id(), parent_id=top.id, name=name, kind="党支部", sort_order=order)
                order += 1
                s.add(org)
                audit.record(s, db.actor, "create", "organization", org.id, "name", None, name)
                real[name] = org.id
            s.flush()
        # Held here so the relation checks below find them in the session's (weak) identity map
        # instead of loading the same branch 2,000 times.
        held = list(s.scalars(select(Organization))) + list(s.scalars(select(Grid)))
        drafts: list[tuple[PlannedRow, roster.MemberDraft]] = []
        errors: list[FieldError] = []
        with s.no_autoflush:
            for row in todo:
                assert row.draft is not None
                d = dataclasses.replace(row.draft)
                if d.branch_id and d.branch_id.startswith(NEW_BRANCH):
                    d.branch_id = real[d.branch_id[len(NEW_BRANCH) :]]
                # The roster's own checks for branch, 党小组 and 网格; the ID check is batched below.
                for e in roster.check_relations(s, dataclasses.replace(d, id_number=""), row.member_id):
                    errors.append(FieldError(e.field, f"第 {row.row} 行：{e.message}"))
                drafts.append((row, d))
            # One query per 500 IDs instead of one per row: is any ID now held by someone else?
            numbers = [d.id_number for _row, d in drafts]
            holders: dict[str, tuple[str, str]] = {}
            for start in range(0, len(numbers), 500):
                chunk = numbers[start : start + 500]
                for number, member_id, name in s.execute(
                    select(Member.id_number, Member.id, Member.name).where(Member.id_number.in_(chunk))
                ):
                    holders[number] = (member_id, name)
            for row, d in drafts:
                holder = holders.get(d.id_number)
                if holder is not None and holder[0] != row.member_id:
                    errors.append(
                        FieldError(
                            "id_number",
                            f"第 {row.row} 行：公民身份号码已登记在“{holder[1]}”名下，同一个人不能登记两次",
                        )
                    )
        if errors:
            raise ValidationError(errors)  # someone changed the roster since the preview; nothing written
        del held
        # New members go in as one multi-row INSERT each for the members and their audit rows: the ORM's
        # unit of work spent ~0.3 s on 2,000 of them. The values are the ones roster.apply_draft sets.
        new_members: list[dict[str, Any]] = []
        for done, (row, d) in enumerate(drafts, start=1):
            if row.status == NEW:
                # A plain namespace takes the values: a mapped Member costs ~0.1 s per 2,000 in attribute events.
                values = SimpleNamespace(id=new_id(), status=roster.ACTIVE)
                roster.apply_draft(cast(Member, values), d, s, db.actor, creating=True)
                new_members.append(vars(values))
                created += 1
            else:
                assert row.member_id is not None
                existing = s.get(Member, row.member_id)
                if existing is None:
                    raise UserError(f"第 {row.row} 行对应的党员已不存在，请重新预览后再导入")
                if roster.apply_draft(existing, d, s, db.actor, creating=False):
                    updated += 1
            if progress is not None and done % 200 == 0:
                progress(done, len(drafts))
        if new_members:
            s.execute(insert(Member), new_members)
            audit_rows = [
                {"actor": db.actor, "action": "create", "entity": "member", "entity_id": v["id"]}
                | {"field": "name", "before": None, "after": v["name"]}
                for v in new_members
            ]
            s.execute(insert(AuditEntry), audit_rows)
        s.flush()
        fault_point("import-before-commit")  # everything written, nothing committed: a kill here loses it all
    return ImportResult(created, updated, [n for n in needed])


def _target_branch(row: PlannedRow) -> str | None:
    """The branch a planned row's member goes to; None for one to be made under the top organisation (only an
    account whose scope is the whole tree may make it) or no branch."""
    branch = row.draft.branch_id if row.draft is not None else None
    return None if not branch or branch.startswith(NEW_BRANCH) else branch
