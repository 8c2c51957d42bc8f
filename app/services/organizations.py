"""The organisation tree (党委/党总支 → 党支部 → 党小组) and the grids (网格)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Grid, Member, Organization
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, settings, versions

TOP_KINDS = ("党委", "党总支", "党支部")
# A branch-level unit: 党支部, or 1+N's regional ones whose members come from many small units (enterprises,
# shops) and where members from elsewhere keep up their organisation life.
BRANCH_KINDS = ("党支部", "区域综合党支部", "流动党员服务站")
KINDS = ("党委", "党总支", *BRANCH_KINDS, "党小组")
SUB_KINDS = tuple(k for k in KINDS if k != "党委")


@dataclass(frozen=True)
class OrgUnit:
    id: str
    parent_id: str | None
    name: str
    kind: str
    depth: int
    active_members: int


@dataclass(frozen=True)
class GridRow:
    id: str
    name: str
    households: int
    responsible: str
    note: str
    active_members: int


def organization_name(db: Database) -> str:
    return str(settings.get(db, settings.ORGANIZATION_NAME, "") or "")


def is_set_up(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Organization)) != 0


def set_up(db: Database, name: str, kind: str = "党总支") -> str:
    """First run: create the top organisation. Returns its id."""
    name = name.strip()
    if not name:
        raise ValidationError("请填写组织名称，例如“丁新村党总支”", field="name")
    if kind not in TOP_KINDS:
        raise ValidationError(f"组织类别只能是{'、'.join(TOP_KINDS)}", field="kind")
    with db.session() as s, s.begin():
        if s.scalar(select(func.count()).select_from(Organization)):
            raise UserError("组织已经建立，不能重复建立")
        org = Organization(name=name, kind=kind, parent_id=None)
        s.add(org)
        s.flush()
        audit.record(s, db.actor, "create", "organization", org.id, "name", None, name)
        org_id = org.id
    settings.put(db, settings.ORGANIZATION_NAME, name)
    return org_id


def units(db: Database) -> list[OrgUnit]:
    """All units in tree order (parents before children, siblings by sort order then name)."""
    o, m = Organization.__table__.c, Member.__table__.c  # Core reads: rows, no mapped objects
    with db.session() as s:
        orgs = list(s.execute(select(o.id, o.parent_id, o.name, o.kind, o.sort_order)))
        counts: dict[str, int] = {}
        for branch_id, group_id, n in s.execute(  # one pass over the roster for both columns
            select(m.branch_id, m.group_id, func.count())
            .where(m.status == MemberStatus.ACTIVE)
            .group_by(m.branch_id, m.group_id)
        ):
            for org_id in (branch_id, group_id):
                if org_id:
                    counts[org_id] = counts.get(org_id, 0) + n
    children: dict[str | None, list[tuple[str, str | None, str, str, int]]] = {}
    for row in orgs:
        children.setdefault(row.parent_id, []).append(tuple(row))
    out: list[OrgUnit] = []

    def walk(parent: str | None, depth: int) -> None:
        for oid, parent_id, name, kind, _ in sorted(children.get(parent, []), key=lambda r: (r[4], r[2])):
            out.append(OrgUnit(oid, parent_id, name, kind, depth, counts.get(oid, 0)))
            walk(oid, depth + 1)

    walk(None, 0)
    return out


def unit_and_below(s: Session, unit_id: str) -> list[str]:
    """The unit's id and the ids of every unit below it (branches, 党小组), the unit first — the one way to
    scope a listing to "this unit and everything below it". Runs in the caller's session (transaction).

    Raises NotFoundError for an unknown unit."""
    children: dict[str | None, list[str]] = {}
    known = False
    for oid, parent in s.execute(select(Organization.id, Organization.parent_id)):
        children.setdefault(parent, []).append(oid)
        known = known or oid == unit_id
    if not known:
        raise NotFoundError("找不到这个组织")
    out, seen = [unit_id], {unit_id}
    for oid in out:  # grows while walking: breadth first
        for child in children.get(oid, ()):
            if child not in seen:
                seen.add(child)
                out.append(child)
    return out


def root(db: Database) -> OrgUnit | None:
    all_units = units(db)
    return all_units[0] if all_units else None


def branches(db: Database) -> list[OrgUnit]:
    """Units a member can belong to: every unit but 党小组."""
    return [u for u in units(db) if u.kind != "党小组"]


def groups(db: Database, branch_id: str | None = None) -> list[OrgUnit]:
    return [u for u in units(db) if u.kind == "党小组" and (branch_id is None or u.parent_id == branch_id)]


def qualified_names(all_units: list[OrgUnit]) -> dict[str, str]:
    """Each unit's name with the units above it below the top, joined by "/": "第一支部" in a village,
    "第1村党总支/第一支部" in a township where many villages have a 第一支部."""
    by_id = {u.id: u for u in all_units}
    out: dict[str, str] = {}
    for u in all_units:
        parent = by_id.get(u.parent_id or "")
        out[u.id] = f"{out[parent.id]}/{u.name}" if parent is not None and parent.depth >= 1 else u.name
    return out


def villages(all_units: list[OrgUnit]) -> dict[str, OrgUnit]:
    """Each unit's village on a township's tree: the unit just below the top on its path (the village's own
    top unit is its own village; the top has none)."""
    by_id = {u.id: u for u in all_units}
    out: dict[str, OrgUnit] = {}
    for u in all_units:  # tree order: a parent comes before its children
        parent = by_id.get(u.parent_id or "")
        if parent is None:
            continue
        out[u.id] = u if parent.parent_id is None else out.get(parent.id, u)
    return out


def shown_names(db: Database, all_units: list[OrgUnit] | None = None) -> dict[str, str]:
    """Each unit's name as a board or table shows it: its own name where that is unique, its path below the top
    where several units share it (a township's villages each have a 第一党支部: "第1村党总支/第一党支部")."""
    all_units = units(db) if all_units is None else all_units
    paths = qualified_names(all_units)
    seen: dict[str, int] = {}
    for u in all_units:
        seen[u.name] = seen.get(u.name, 0) + 1
    return {u.id: u.name if seen[u.name] == 1 else paths[u.id] for u in all_units}


def find_unit(db: Database, name: str, *, group: bool = False) -> OrgUnit:
    """Find a branch (or, with ``group``, a 党小组) by its name, or by its path below the top ("第1村党总支/第一支部")
    where the name alone is not unique — a township's villages all have a 第一支部: such a name is refused."""
    name = "/".join(part.strip() for part in name.strip().split("/"))
    all_units = units(db)
    paths = qualified_names(all_units)
    candidates = [
        u
        for u in all_units
        if (u.name == name or paths[u.id] == name or paths[u.id].endswith("/" + name))
        and (u.kind == "党小组") == group
    ]
    what = "党小组" if group else "党支部"
    if not candidates:
        raise NotFoundError(f"找不到{what}“{name}”")
    if len(candidates) > 1 and not group:
        raise ValidationError(
            f"有 {len(candidates)} 个{what}叫“{name}”，请连同上级一起写，例如“{paths[candidates[0].id]}”"
        )
    return candidates[0]


def _get(s: Session, unit_id: str) -> Organization:
    org = s.get(Organization, unit_id)
    if org is None:
        raise NotFoundError("找不到这个组织")
    return org


def _check_name(s: Session, parent_id: str | None, name: str, exclude: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("名称不能为空", field="name")
    clash = s.scalar(
        select(Organization.id).where(Organization.name == name, Organization.parent_id == parent_id)
    )
    if clash and clash != exclude:
        raise ValidationError(f"同一上级下已有“{name}”", field="name")
    return name


def add_unit(db: Database, parent_id: str, name: str, kind: str) -> str:
    if kind not in SUB_KINDS:
        raise ValidationError(f"下级组织只能是{'、'.join(SUB_KINDS)}，不能是“{kind}”", field="kind")
    with db.session() as s, s.begin():
        parent = _get(s, parent_id)
        if parent.kind == "党小组":
            raise ValidationError("党小组下不能再建下级组织", field="parent")
        if kind == "党小组" and parent.kind not in (*BRANCH_KINDS, "党总支"):
            raise ValidationError("党小组要建在党支部下", field="parent")
        name = _check_name(s, parent_id, name)
        order = s.scalar(select(func.count()).where(Organization.parent_id == parent_id)) or 0
        org = Organization(parent_id=parent_id, name=name, kind=kind, sort_order=order)
        s.add(org)
        s.flush()
        audit.record(s, db.actor, "create", "organization", org.id, "name", None, name)
        return org.id


def set_unit_kind(db: Database, unit_id: str, kind: str) -> None:
    """Turn a branch-level unit into another branch kind (党支部 ↔ 区域综合党支部 ↔ 流动党员服务站)."""
    if kind not in BRANCH_KINDS:
        raise ValidationError(f"只能改为{'、'.join(BRANCH_KINDS)}", field="kind")
    with db.session() as s, s.begin():
        org = _get(s, unit_id)
        if org.kind not in BRANCH_KINDS:
            raise ValidationError(f"{org.kind}不能改成{kind}；只有支部一级的组织可以改类别", field="kind")
        if org.kind != kind:
            audit.record(s, db.actor, "update", "organization", unit_id, "kind", org.kind, kind)
            org.kind = kind


def rename_unit(db: Database, unit_id: str, name: str, version: int | None = None) -> None:
    """``version``: the one the editor loaded (versions.loaded; a stale one is refused); None: current."""
    with db.session() as s, s.begin():
        versions.claim(s, Organization, unit_id, version, "organization", "找不到这个组织")
        org = _get(s, unit_id)
        name = _check_name(s, org.parent_id, name, exclude=unit_id)
        changed = name != org.name
        if changed:
            audit.record(s, db.actor, "update", "organization", unit_id, "name", org.name, name)
            org.name = name
        else:
            versions.release(s, Organization, unit_id)
        is_root = org.parent_id is None
    if changed and is_root:
        settings.put(db, settings.ORGANIZATION_NAME, name)


def move_unit(db: Database, unit_id: str, new_parent_id: str) -> None:
    with db.session() as s, s.begin():
        org = _get(s, unit_id)
        parent = _get(s, new_parent_id)
        if org.parent_id is None:
            raise ValidationError("最上级组织不能移动", field="parent")
        walk: Organization | None = parent
        while walk is not None:
            if walk.id == unit_id:
                raise ValidationError("不能移到自己的下级组织里", field="parent")
            walk = s.get(Organization, walk.parent_id) if walk.parent_id else None
        if parent.kind == "党小组":
            raise ValidationError("不能移到党小组下", field="parent")
        if org.kind == "党小组":
            in_group = s.scalar(select(func.count()).where(Member.group_id == unit_id)) or 0
            if in_group:
                raise UserError(
                    f"党小组“{org.name}”里还有 {in_group} 名党员，不能移到别的支部；请先调整他们的党小组"
                )
        _check_name(s, new_parent_id, org.name, exclude=unit_id)
        audit.record(
            s, db.actor, "update", "organization", unit_id, "parent_id", org.parent_id, new_parent_id
        )
        org.parent_id = new_parent_id


def delete_unit(db: Database, unit_id: str) -> None:
    """Only an empty unit can go: a branch with members (even members who left) keeps their history."""
    with db.session() as s, s.begin():
        org = _get(s, unit_id)
        if org.parent_id is None:
            raise UserError("最上级组织不能删除")
        n_members = s.scalar(
            select(func.count()).where((Member.branch_id == unit_id) | (Member.group_id == unit_id))
        )
        if n_members:
            raise UserError(
                f"“{org.name}”还有 {n_members} 名党员（含已转出等历史记录），不能删除；请先把他们调到别的组织"
            )
        n_children = s.scalar(select(func.count()).where(Organization.parent_id == unit_id))
        if n_children:
            raise UserError(f"“{org.name}”下还有 {n_children} 个下级组织，不能删除")
        audit.record(s, db.actor, "delete", "organization", unit_id, "name", org.name, None)
        s.delete(org)


# --- grids -------------------------------------------------------------------------------------


def grids(db: Database) -> list[GridRow]:
    with db.session() as s:
        counts = dict(
            s.execute(
                select(Member.grid_id, func.count())
                .where(Member.status == MemberStatus.ACTIVE)
                .group_by(Member.grid_id)
            ).all()
        )
        return [
            GridRow(g.id, g.name, g.households, g.responsible, g.note, counts.get(g.id, 0))
            for g in s.scalars(select(Grid).order_by(Grid.name))
        ]


def save_grid(
    db: Database, grid_id: str | None, name: str, households: int = 0, responsible: str = "", note: str = ""
) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("网格名称不能为空", field="name")
    if households < 0:
        raise ValidationError("户数不能是负数", field="households")
    with db.session() as s, s.begin():
        clash = s.scalar(select(Grid.id).where(Grid.name == name))
        if clash and clash != grid_id:
            raise ValidationError(f"已有网格“{name}”", field="name")
        if grid_id is None:
            grid = Grid(name=name, households=households, responsible=responsible.strip(), note=note)
            s.add(grid)
            s.flush()
            audit.record(s, db.actor, "create", "grid", grid.id, "name", None, name)
            return grid.id
        grid_or_none = s.get(Grid, grid_id)
        if grid_or_none is None:
            raise NotFoundError("找不到这个网格")
        grid = grid_or_none
        for field, value in (
            ("name", name),
            ("households", households),
            ("responsible", responsible.strip()),
            ("note", note),
        ):
            if getattr(grid, field) != value:
                audit.record(s, db.actor, "update", "grid", grid_id, field, getattr(grid, field), value)
                setattr(grid, field, value)
        return grid_id


def delete_grid(db: Database, grid_id: str) -> None:
    with db.session() as s, s.begin():
        grid = s.get(Grid, grid_id)
        if grid is None:
            raise NotFoundError("找不到这个网格")
        n = s.scalar(select(func.count()).where(Member.grid_id == grid_id))
        if n:
            raise UserError(f"网格“{grid.name}”里还有 {n} 名党员，不能删除")
        audit.record(s, db.actor, "delete", "grid", grid_id, "name", grid.name, None)
        s.delete(grid)


def find_grid(db: Database, name: str) -> GridRow:
    for g in grids(db):
        if g.name == name.strip():
            return g
    raise NotFoundError(f"找不到网格“{name}”")
