"""The demo village: organisations, grids and members with invented people (no real data), then every
area's demo step (``DEMO_STEPS``); same seed → same data."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import random
from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import func, select

from app.db.bulk import insert_rows
from app.db.models import Grid, Member, MemberStatusChange, Organization, Setting, utcnow
from app.demo.ids import seeded_uuid
from app.domain.errors import UserError
from app.domain.id_number import make_id_number
from app.domain.member_status import MemberStatus
from app.domain.pinyin import name_pinyin
from app.services import audit
from app.services.store import Database

REGION = "330522"  # 长兴县
ORGANIZATION = "丁新村党总支"
BRANCHES = ("第一党支部", "第二党支部", "第三党支部", "企业党支部", "老年党支部")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
RARE_SURNAMES = ("单", "曾", "解", "仇", "区", "查", "朴", "欧阳", "诸葛", "司马")
MALE_CHARS = (
    "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文斌荣海峰春晖新民卫东德胜堃喆昇"
)
FEMALE_CHARS = "芳娜秀英敏静丽艳娟霞燕玲桂兰红梅琴云莉萍雪琳丹玉洁倩颖慧珍凤婷晶月玥珺琇婧"
GROUP_PLACES = (
    "丁家桥",
    "新塘湾",
    "后漾里",
    "西圩头",
    "南岸",
    "北庄",
    "东坝",
    "石桥头",
    "竹园里",
    "下塘",
    "上圩",
    "河埠头",
    "桑园",
    "茶山",
    "塘口",
)
STREETS = ("丁新村", "丁家桥", "新塘湾", "后漾里", "西圩头", "南岸")
DESTINATIONS = ("浙江省杭州市", "上海市闵行区", "江苏省苏州市", "浙江省宁波市", "广东省深圳市")
JOBS = ("村民", "个体经营", "村干部", "企业职工", "教师", "退休", "农民", "医生", "网格员")
EDUCATIONS = ("小学及以下", "初中", "高中", "中等专科", "大学专科", "大学本科", "研究生")
POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
PHOTO_VARIANTS = 24

# Later areas add their demo data here, one "module:function" per line, called in this order as
# function(db, rng, today) -> dict of counts merged into the summary; each obeys its area's rules.
DEMO_STEPS: tuple[str, ...] = (
    "app.demo.evaluations:demo_evaluations",
    "app.demo.commitments:demo_commitments",
    "app.demo.points:demo_points",
    "app.demo.routine:demo_routine",
    "app.demo.service:demo_service",
    "app.demo.projects:demo_projects",
    "app.demo.recognition:demo_recognition",
)


def _name(rng: random.Random, gender: str) -> str:
    surname = rng.choice(RARE_SURNAMES) if rng.random() < 0.06 else rng.choice(SURNAMES)
    chars = MALE_CHARS if gender == "男" else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return surname + given


def placeholder_photo(rng: random.Random, female: bool) -> bytes:
    """A drawn head-and-shoulders silhouette on a plain background: a neat stand-in, no real face."""
    w, h = 240, 320
    bg = rng.choice([(214, 226, 240), (226, 236, 226), (240, 230, 214), (232, 224, 238), (222, 232, 236)])
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    coat = rng.choice([(60, 70, 90), (40, 60, 110), (90, 40, 40), (70, 80, 70), (30, 30, 40)])
    skin = rng.choice([(236, 204, 178), (226, 190, 160), (240, 214, 190)])
    hair = rng.choice([(30, 25, 20), (50, 40, 30), (90, 90, 90), (140, 140, 140)])
    d.ellipse((30, 210, 210, 420), fill=coat)  # shoulders
    d.polygon([(104, 215), (136, 215), (120, 260)], fill=(245, 245, 245))  # collar
    d.rectangle((106, 170, 134, 215), fill=skin)  # neck
    d.ellipse((72, 70, 168, 190), fill=skin)  # face
    if female:
        d.pieslice((64, 56, 176, 170), 180, 360, fill=hair)
        d.rectangle((64, 110, 80, 200), fill=hair)
        d.rectangle((160, 110, 176, 200), fill=hair)
    else:
        d.pieslice((68, 60, 172, 150), 180, 360, fill=hair)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def make_demo(
    db: Database,
    members: int = 300,
    seed: int = 1,
    today: dt.date | None = None,
    steps: Sequence[str] = DEMO_STEPS,
) -> dict[str, Any]:
    """Fill an empty database with a demo village of ``members`` members, then run the area ``steps``
    ("module:function" names; ``()`` for the roster only, as some benchmarks want)."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Organization)):
            raise UserError(
                "数据目录里已经有数据，演示数据只能生成在空的数据目录里（用 --data-dir 指定一个新目录）"
            )

    photos_dir = db.data_dir.photos
    photos_dir.mkdir(parents=True, exist_ok=True)
    photo_names: dict[bool, list[str]] = {False: [], True: []}
    for i in range(PHOTO_VARIANTS):
        female = i % 2 == 1
        name = f"demo-{seed}-{i:02d}.jpg"
        (photos_dir / name).write_bytes(placeholder_photo(rng, female))
        photo_names[female].append(name)

    n_branches = 3 if members < 60 else (4 if members < 1000 else 5)
    root_id = seeded_uuid(rng)
    orgs: list[dict[str, Any]] = [
        {"id": root_id, "parent_id": None, "name": ORGANIZATION, "kind": "党总支", "sort_order": 0}
    ]
    branch_groups: list[tuple[str, list[str]]] = []
    for b in range(n_branches):
        bid = seeded_uuid(rng)
        orgs.append({"id": bid, "parent_id": root_id, "name": BRANCHES[b], "kind": "党支部", "sort_order": b})
        groups = []
        for g in range(2 if members < 1000 else 3):
            gid = seeded_uuid(rng)
            place = GROUP_PLACES[(b * 3 + g) % len(GROUP_PLACES)]
            orgs.append(
                {"id": gid, "parent_id": bid, "name": f"{place}党小组", "kind": "党小组", "sort_order": g}
            )
            groups.append(gid)
        branch_groups.append((bid, groups))

    n_grids = max(2, min(30, members // 60))
    grids = [
        {
            "id": seeded_uuid(rng),
            "name": f"第{i + 1}网格",
            "households": rng.randint(300, 450),
            "responsible": "",
            "note": "",
        }
        for i in range(n_grids)
    ]

    used_ids: set[str] = set()
    member_rows: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    now = utcnow()
    for i in range(members):
        gender = "男" if rng.random() < 0.62 else "女"
        name = _name(rng, gender)
        age = rng.choices(
            [rng.randint(22, 35), rng.randint(36, 59), rng.randint(60, 92)], [0.25, 0.45, 0.30]
        )[0]
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        while True:
            seq = rng.randrange(0, 999)
            seq = seq - seq % 2 + (1 if gender == "男" else 0)
            id_number = make_id_number(REGION, birth, seq % 1000)
            if id_number not in used_ids:
                used_ids.add(id_number)
                break
        probationary = age < 40 and rng.random() < 0.15
        if probationary:
            joined = today - dt.timedelta(days=rng.randint(30, 360))
            confirmed = None
        else:
            earliest = (
                birth.replace(year=birth.year + 19)
                if birth.month != 2 or birth.day != 29
                else birth + dt.timedelta(days=19 * 365)
            )
            latest = today - dt.timedelta(days=400)
            if earliest > latest:
                earliest = latest - dt.timedelta(days=30)
            joined = earliest + dt.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
            confirmed = joined + dt.timedelta(days=365 + rng.randint(0, 20))
            if confirmed > today:
                confirmed = today
        bid, groups = branch_groups[0 if age > 80 and n_branches >= 5 else rng.randrange(n_branches)]
        if n_branches >= 5 and age >= 75:
            bid, groups = branch_groups[4]
        mobile = rng.random() < 0.06 and age < 60
        female = gender == "女"
        pinyin_full, initials = name_pinyin(name)
        row = {
            "id": seeded_uuid(rng),
            "name": name,
            "gender": gender,
            "ethnicity": "汉族" if rng.random() < 0.97 else "畲族",
            "id_number": id_number,
            "birth_date": birth,
            "education": rng.choice(EDUCATIONS[:3] if age > 60 else EDUCATIONS[1:]),
            "degree": "",
            "category": "预备党员" if probationary else "正式党员",
            "branch_id": bid,
            "group_id": rng.choice(groups),
            "joined_on": joined,
            "joined_day_unknown": False,
            "confirmed_on": confirmed,
            "confirmed_day_unknown": False,
            "party_age_correction": 0,
            "probation_extension": "",
            "joined_branch": "",
            "job": rng.choice(JOBS),
            "party_post": POSTS[i] if i < len(POSTS) else "",
            "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
            "landline": "",
            "address": f"长兴县丁新村{rng.choice(STREETS)}{rng.randint(1, 120)}号",
            "residence": "",
            "hukou": "",
            "native_place": "浙江长兴",
            "grid_id": rng.choice(grids)["id"],
            "photo": rng.choice(photo_names[female]) if rng.random() < 0.9 else "",
            "note": "",
            "is_mobile": mobile,
            "mobile_destination": rng.choice(DESTINATIONS) if mobile else "",
            "is_lost_contact": False,
            "lost_contact_on": None,
            "status": MemberStatus.ACTIVE,
            "left_on": None,
            "left_to": "",
            "pinyin_full": pinyin_full,
            "pinyin_initials": initials,
            "created_at": now,
            "updated_at": now,
        }
        if i >= len(POSTS) and rng.random() < 0.03:
            reason = rng.choice(
                (MemberStatus.TRANSFERRED_OUT, MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)
            )
            left_on = today - dt.timedelta(days=rng.randint(20, 700))
            if left_on < joined:
                left_on = today
            row.update(
                status=reason,
                left_on=left_on,
                left_to=rng.choice(DESTINATIONS) if reason == MemberStatus.TRANSFERRED_OUT else "",
            )
            changes.append(
                {
                    "id": seeded_uuid(rng),
                    "member_id": row["id"],
                    "status": reason,
                    "changed_on": left_on,
                    "destination": row["left_to"],
                    "note": "演示数据",
                    "recorded_at": now,
                    "recorded_by": db.actor,
                }
            )
        member_rows.append(row)

    for grid in grids:
        in_grid = [
            m for m in member_rows if m["grid_id"] == grid["id"] and m["status"] == MemberStatus.ACTIVE
        ]
        grid["responsible"] = rng.choice(in_grid)["name"] if in_grid else ""

    with db.session() as s, s.begin():
        insert_rows(s, Organization, orgs)
        insert_rows(s, Grid, grids)
        insert_rows(s, Member, member_rows)
        insert_rows(s, MemberStatusChange, changes)
        s.merge(Setting(key="organization_name", value=f'"{ORGANIZATION}"'))
        audit.record(s, db.actor, "demo", "database", root_id, "members", None, members)

    result: dict[str, Any] = {
        "organization": ORGANIZATION,
        "members": members,
        "branches": n_branches,
        "grids": n_grids,
        "left": len(changes),
        "seed": seed,
    }
    for spec in steps:
        module, step = spec.split(":")
        result.update(getattr(importlib.import_module(module), step)(db, rng, today))
    return result
