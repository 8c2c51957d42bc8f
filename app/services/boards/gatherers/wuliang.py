"""Gatherer of the 五亮 公示牌: the members whose 五亮 profile is filled in (or the ones asked for)."""

from __future__ import annotations

import datetime as dt

from app.boards.model import WuliangSheet
from app.db.database import Database
from app.domain.errors import UserError
from app.services import roster
from app.services.boards.request import NOBODY, NOTHING, BoardRequest, Gathered, people, split_lines


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import wuliang

    year = req.year or dt.date.today().year
    persons = people(db)
    if req.member_ids:
        ids = list(req.member_ids)
    else:
        ids = []
        for branch_id in req.branch_ids or (None,):
            ids += [m.id for m in roster.list_members(db, branch_id=branch_id) if m.id not in ids]
    from app.services import recognition

    honours = recognition.badges(db, set(ids))
    posts: dict[str, list[str]] = {}
    for post in recognition.list_posts(db):
        if post.member_id:
            posts.setdefault(post.member_id, []).append(f"{post.kind}：{post.name}")
    sheets = []
    for member_id in ids:
        v = wuliang.get_profile(db, member_id, year)
        filled = v.post or v.area or v.duties or v.services
        if not filled and not req.member_ids:
            continue  # only members whose 五亮 has been filled in, unless asked for by name
        p = persons.get(member_id, NOBODY)
        honour = honours.get(member_id, [])
        identity = " · ".join(
            x for x in (v.party_post or "党员", v.post, honour[0].title if honour else "") if x
        )
        area = v.area or (f"{v.grid}网格" if v.grid and not v.grid.endswith("网格") else v.grid)
        sheets.append(
            WuliangSheet(
                name=v.name,
                photo_path=p.photo,
                post=identity,
                area=area,
                duties=v.duties,
                commitments=v.commitments,
                services=(*posts.get(member_id, ()), *split_lines(v.services)),
                contact_phone=v.phone,
                branch=p.branch,
            )
        )
    if not req.member_ids and not req.branch_ids:
        sheets += _people_sheets(db)
    if not sheets:
        raise UserError(f"{NOTHING}：还没有党员填写“五亮”信息。请先在“承诺”页填写五亮公示牌内容。")
    return Gathered(sheets, "亮身份 · 亮区域 · 亮职责 · 亮承诺 · 亮服务")


def _people_sheets(db: Database) -> list[WuliangSheet]:
    """People beyond the roster with a post (社区工作者, 部门工作人员…) are on the seed's 五亮 board too."""
    from app.services import photos
    from app.services.residents import people

    out = []
    for p in people.list_people(db):
        if not p.post:
            continue
        identity = " · ".join(x for x in (p.post, p.organization) if x)
        area = p.grid if not p.grid or p.grid.endswith("网格") else f"{p.grid}网格"
        photo = people.photo_file(db, p.id)
        path = photos.photo_path(db, photo) if photo else None
        out.append(
            WuliangSheet(
                p.name, str(path) if path else None, identity, area, "", (), (), p.phone, "群众工作者"
            )
        )
    return out
