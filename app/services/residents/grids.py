"""Grids in three levels as in the seed (网格 → 责任区 → 单元格), each with its staff (负责人, 协管员, 联络员),
who are members or people. The 网格 themselves are organizations.grids (issue 1); this adds what lies below."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Grid, Member
from app.db.models_service import GridCell, GridStaff, Person
from app.domain import service_rules as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit
from app.services.residents import common


@dataclass(frozen=True)
class StaffRow:
    id: str
    role: str
    name: str
    phone: str
    member_id: str | None
    person_id: str | None


@dataclass
class CellNode:
    """One node of the grid tree: a 网格 (id is the grid's id, level 网格), 责任区 or 单元格."""

    id: str
    level: str
    name: str
    staff: list[StaffRow] = field(default_factory=list)
    children: list[CellNode] = field(default_factory=list)
    households: int = 0


def add_cell(db: Database, grid: str, name: str, parent_id: str | None = None) -> str:
    """A 责任区 under a 网格 (no parent), or a 单元格 under a 责任区."""
    name = name.strip()
    if not name:
        raise ValidationError("名称不能为空，如“第一责任区”或“3 栋 1 单元”", field="name")
    with db.session() as s, s.begin():
        grid_id = common.grid_id_by_name(s, grid)
        if grid_id is None:
            raise ValidationError("请指定网格", field="grid")
        level = rules.GRID_LEVELS[1]
        if parent_id:
            parent = s.get(GridCell, parent_id)
            if parent is None or parent.grid_id != grid_id:
                raise NotFoundError("找不到这个网格下的责任区")
            if parent.level != rules.GRID_LEVELS[1]:
                raise UserError("单元格下面不能再分")
            level = rules.GRID_LEVELS[2]
        same_parent = GridCell.parent_id == parent_id if parent_id else GridCell.parent_id.is_(None)
        clash = s.scalar(
            select(GridCell.id).where(GridCell.grid_id == grid_id, same_parent, GridCell.name == name)
        )
        if clash:
            raise ValidationError(f"这里已经有“{name}”", field="name")
        order = s.scalar(select(func.count()).select_from(GridCell).where(GridCell.grid_id == grid_id)) or 0
        cell = GridCell(
            grid_id=grid_id, parent_id=parent_id or None, level=level, name=name, sort_order=order
        )
        s.add(cell)
        s.flush()
        audit.record(s, db.actor, "create", "grid_cell", cell.id, "name", None, f"{grid} {level} {name}")
        return cell.id


def set_staff(
    db: Database,
    grid: str,
    role: str,
    *,
    cell_id: str | None = None,
    member_id: str | None = None,
    person_id: str | None = None,
) -> str:
    """Name a member or a person as 负责人/协管员/联络员 of a grid (no cell) or of a 责任区/单元格."""
    role = rules.choice(role, rules.STAFF_ROLES, "职责", "role")
    if (member_id is None) == (person_id is None):
        raise ValidationError("请指定一名党员或一名人员", field="who")
    with db.session() as s, s.begin():
        grid_id = common.grid_id_by_name(s, grid)
        if grid_id is None:
            raise ValidationError("请指定网格", field="grid")
        if cell_id:
            cell = s.get(GridCell, cell_id)
            if cell is None or cell.grid_id != grid_id:
                raise NotFoundError("找不到这个网格下的责任区/单元格")
        if member_id:
            common.active_member(s, member_id)
        else:
            assert person_id is not None
            common.person(s, person_id)
        row = GridStaff(grid_id=grid_id, cell_id=cell_id, role=role, member_id=member_id, person_id=person_id)
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "create", "grid_staff", row.id, role, None, member_id or person_id)
        return row.id


def remove_staff(db: Database, staff_id: str) -> None:
    with db.session() as s, s.begin():
        row = s.get(GridStaff, staff_id)
        if row is None or not row.active:
            raise NotFoundError("找不到这条网格职责")
        row.active = False
        audit.record(s, db.actor, "update", "grid_staff", row.id, "active", True, False)


def _staff(s: Session) -> dict[tuple[str, str | None], list[StaffRow]]:
    rows = s.execute(
        select(
            GridStaff.id,
            GridStaff.grid_id,
            GridStaff.cell_id,
            GridStaff.role,
            GridStaff.member_id,
            GridStaff.person_id,
            Member.name,
            Member.phone,
            Person.name,
            Person.phone,
        )
        .outerjoin(Member, Member.id == GridStaff.member_id)
        .outerjoin(Person, Person.id == GridStaff.person_id)
        .where(GridStaff.active.is_(True))
    )
    out: dict[tuple[str, str | None], list[StaffRow]] = {}
    for sid, gid, cid, role, mid, pid, mname, mphone, pname, pphone in rows:
        out.setdefault((gid, cid), []).append(
            StaffRow(sid, role, mname or pname or "", mphone or pphone or "", mid, pid)
        )
    order = {r: i for i, r in enumerate(rules.STAFF_ROLES)}
    for staff in out.values():
        staff.sort(key=lambda r: order.get(r.role, 9))
    return out


def grid_tree(db: Database, grid: str | None = None) -> list[CellNode]:
    """Every grid (or the one named) with its 责任区, their 单元格 and everyone's staff and household counts."""
    from app.db.models_service import Household

    with db.session() as s:
        staff = _staff(s)
        stmt = select(Grid).order_by(Grid.name)
        if grid:
            stmt = stmt.where(Grid.id == common.grid_id_by_name(s, grid))
        counts_by_cell = dict(
            s.execute(
                select(Household.cell_id, func.count())
                .where(Household.active.is_(True), Household.cell_id.is_not(None))
                .group_by(Household.cell_id)
            ).all()
        )
        counts_by_grid = dict(
            s.execute(
                select(Household.grid_id, func.count())
                .where(Household.active.is_(True))
                .group_by(Household.grid_id)
            ).all()
        )
        cells = list(s.scalars(select(GridCell).order_by(GridCell.sort_order, GridCell.name)))
        out = []
        for g in s.scalars(stmt):
            root = CellNode(g.id, rules.GRID_LEVELS[0], g.name, staff.get((g.id, None), []))
            root.households = int(counts_by_grid.get(g.id, 0))
            nodes = {
                c.id: CellNode(
                    c.id,
                    c.level,
                    c.name,
                    staff.get((g.id, c.id), []),
                    households=int(counts_by_cell.get(c.id, 0)),
                )
                for c in cells
                if c.grid_id == g.id
            }
            for c in cells:
                if c.grid_id != g.id:
                    continue
                parent = nodes.get(c.parent_id or "") if c.parent_id else root
                (parent or root).children.append(nodes[c.id])
            _add_up(root)
            out.append(root)
        return out


def _add_up(node: CellNode) -> int:
    """A 责任区 counts the households of its 单元格 too (households are usually filed under the 单元格)."""
    below = sum(_add_up(child) for child in node.children)
    if node.level != rules.GRID_LEVELS[0]:
        node.households += below
    return node.households
