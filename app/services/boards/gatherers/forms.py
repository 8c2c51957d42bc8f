"""Gatherers of the paper forms (app/boards/layouts/forms.py): 积分手册, 民主评议票, 评议结果公示, 公开承诺书 and
花名册打印. None prints an ID number: the roster print shows it masked (330522********1234) or not at all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from app.boards.layouts.forms import (
    Block,
    FormBreak,
    FormColumn,
    FormHeading,
    FormSignatures,
    FormTable,
    FormText,
)
from app.db.database import Database
from app.domain import points as rules
from app.domain.dates import format_date_zh
from app.domain.errors import UserError, ValidationError
from app.domain.id_number import mask_id_number
from app.domain.member_fields import LABELS
from app.services import commitments, points, review, roster
from app.services.boards.request import NOTHING, BoardRequest, Gathered, scope
from app.services.reports import year_lists

INCLUDE_FAILED = "failed"  # req.extra key: "yes" lists 不合格 names on the 评议结果公示 too
COLUMNS = "columns"  # req.extra key: the roster print's columns, comma-separated labels or keys
DEFAULT_ROSTER_COLUMNS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "category",
    "joined_on",
    "confirmed_on",
    "branch",
    "id_number",
)
ROSTER_KEYS = (*DEFAULT_ROSTER_COLUMNS, "group", "job", "party_post", "native_place", "party_age", "grid")
SHORT_LABELS = {
    "joined_on": "入党时间",
    "confirmed_on": "转正时间",
    "category": "类别",
    "id_number": "身份证号",
    "branch": "支部",
    "birth_date": "出生年月",
    "party_post": "党内职务",
}


def _label(key: str) -> str:
    return SHORT_LABELS.get(key) or LABELS.get(key, key)


def _branches(req: BoardRequest) -> Iterable[str | None]:
    return req.branch_ids or (None,)


def _year(req: BoardRequest, on: dt.date) -> int:
    return req.year or on.year


def gather_handbook(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """党员积分手册: one member a page — the year's entries by indicator, subtotals, total, grade, signatures."""
    year = _year(req, on)
    rows = [r for b in _branches(req) for r in points.summary(db, year, b)]
    if req.member_ids:
        rows = [r for r in rows if r.member_id in set(req.member_ids)]
    if not rows:
        raise UserError(f"{NOTHING}：{year}年还没有积分规则或党员。")
    rows.sort(key=lambda r: (r.branch_name, r.rank))
    blocks: list[Block] = []
    year_entries = year_lists.year_entries(db, year)
    for r in rows:
        grade = r.grade or ("只挂牌不参评" if r.is_exempt else "预备党员不评")
        blocks += [
            FormBreak(),
            FormHeading(f"{r.member_name}　{r.branch_name}　{r.tier}"),
            FormText(f"{year}年度　基础分 {r.base}　加分 {r.awarded}　扣分 {r.deducted}"),
        ]
        by_indicator: dict[str, list[year_lists.YearEntry]] = defaultdict(list)
        for e in year_entries.get(r.member_id, []):
            by_indicator[e.indicator_name].append(e)
        table: list[tuple[str, ...]] = []
        bold: set[int] = set()
        for name, entries in by_indicator.items():
            for e in entries:
                mark = "（冲销）" if e.reverses_entry_id else ("（已冲销）" if e.reversed_by else "")
                table.append((format_date_zh(e.date), name, f"{e.points:+d}", f"{e.note}{mark}"))
            bold.add(len(table))
            table.append(("", f"{name} 小计", f"{sum(e.points for e in entries):+d}", ""))
        bold.add(len(table))
        table.append(("", "合计（含基础分）", str(r.total), f"等次：{grade}"))
        blocks += [
            FormTable(
                (
                    FormColumn("日期", 1.3, "c"),
                    FormColumn("指标", 2.2),
                    FormColumn("分数", 0.8, "r"),
                    FormColumn("说明", 3.0),
                ),
                tuple(table),
                frozenset(bold),
            ),
            FormText(f"星级：{rules.star_band_text(r.star_band)}　　年终等次：{grade}", bold=True),
            FormSignatures(("党员签名", "支部书记签名", "日期", "日期")),
        ]
    return Gathered(blocks, f"{year}年度 · {scope(db, req)} · 共 {len(rows)} 人")


def gather_ballot(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """民主评议票: the graded members with four boxes each, and the 1/3 rule printed on it."""
    year = _year(req, on)
    rows = [r for b in _branches(req) for r in review.review_list(db, year, b) if r.points_grade is not None]
    if not rows:
        raise UserError(f"{NOTHING}：{year}年没有参评的党员（先建立积分规则）。")
    limit = rules.excellent_limit(len(rows))
    blocks: list[Block] = [
        FormText(
            f"说明：每名党员只选一个等次，在相应方框内打“√”；多选或不选的视为弃权。"
            f"“优秀”人数不超过参评人数的三分之一（本次参评 {len(rows)} 人，“优秀”最多 {limit} 人），"
            "超过的本票无效。",
        ),
        FormTable(
            (
                FormColumn("序号", 0.6, "c"),
                FormColumn("姓名", 1.4, "c"),
                FormColumn("支部", 1.8),
                *(FormColumn(g, 1.0, "c", box=True) for g in rules.GRADES),
            ),
            tuple((str(i), r.member_name, r.branch_name) for i, r in enumerate(rows, start=1)),
        ),
        FormText("评议人（可不署名）：＿＿＿＿＿＿　　评议日期：＿＿＿＿年＿＿月＿＿日"),
    ]
    return Gathered(blocks, f"{year}年度 · {scope(db, req)} · 参评 {len(rows)} 人")


def gather_review_result(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """评议结果公示: each member's decided grade; 不合格 names left out unless the branch chooses to list them."""
    year = _year(req, on)
    with_failed = req.extra.get(INCLUDE_FAILED) == "yes"
    rows = [r for b in _branches(req) for r in review.review_list(db, year, b) if r.decided_grade]
    if not rows:
        raise UserError(f"{NOTHING}：{year}年还没有支部决定的等次（先在“年终评议”里录入）。")
    counts = {g: sum(1 for r in rows if r.decided_grade == g) for g in rules.GRADES}
    shown = [r for r in rows if with_failed or r.decided_grade != rules.FAIL_GRADE]
    shown.sort(key=lambda r: (rules.GRADES.index(r.decided_grade or "合格"), r.rank))
    summary = "，".join(f"{g} {n} 人" for g, n in counts.items())
    blocks: list[Block] = [
        FormText(f"经支部党员大会民主评议，{year}年度党员评议结果如下（共 {len(rows)} 人：{summary}）。"),
        FormTable(
            (
                FormColumn("序号", 0.6, "c"),
                FormColumn("姓名", 1.4, "c"),
                FormColumn("支部", 2.0),
                FormColumn("评定等次", 1.2, "c"),
            ),
            tuple(
                (str(i), r.member_name, r.branch_name, r.decided_grade or "")
                for i, r in enumerate(shown, start=1)
            ),
        ),
    ]
    if not with_failed and counts[rules.FAIL_GRADE]:
        blocks.append(
            FormText(f"评定为“不合格”的 {counts[rules.FAIL_GRADE]} 人按规定另行处理，不在此公示姓名。")
        )
    return Gathered(blocks, f"{year}年度 · {scope(db, req)}")


def gather_pledge(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """公开承诺书: one member a page — the year's commitments, the pledge, a signature line and the date."""
    year = _year(req, on)
    rows = [
        r for b in _branches(req) for r in commitments.list_commitments(db, year, branch_id=b, teams=False)
    ]
    if req.member_ids:
        rows = [r for r in rows if r.member_id in set(req.member_ids)]
    mine: dict[str, list[commitments.CommitmentRow]] = defaultdict(list)
    for r in rows:
        if r.member_id:
            mine[r.member_id].append(r)
    if not mine:
        raise UserError(f"{NOTHING}：{year}年还没有党员的承诺。")
    blocks: list[Block] = []
    for items in mine.values():
        first = items[0]
        blocks += [
            FormBreak(),
            FormHeading(f"承诺人：{first.member_name}　{first.branch}"),
            FormText(
                f"作为一名共产党员，我自觉践行入党誓词，在{year}年度向党组织和群众公开承诺如下，"
                "接受党组织和群众监督："
            ),
            FormTable(
                (
                    FormColumn("序号", 0.6, "c"),
                    FormColumn("类别", 1.3, "c"),
                    FormColumn("承诺内容", 5.0),
                    FormColumn("完成时限", 1.6, "c"),
                ),
                tuple(
                    (str(i), r.kind, r.content, format_date_zh(r.deadline) if r.deadline else "")
                    for i, r in enumerate(items, start=1)
                ),
            ),
            FormText("以上承诺，请党组织和群众监督。"),
            FormSignatures(("承诺人签名", "签订日期")),
        ]
    return Gathered(blocks, f"{year}年度 · {scope(db, req)} · 签订服务承诺书")


def roster_columns(text: str) -> tuple[str, ...]:
    """The roster print's columns from "姓名,性别,…" (labels or keys); the defaults when empty."""
    if not text.strip():
        return DEFAULT_ROSTER_COLUMNS
    by_label = {LABELS.get(k, k): k for k in ROSTER_KEYS} | {_label(k): k for k in ROSTER_KEYS}
    out = []
    for part in text.replace("，", ",").replace("、", ",").split(","):
        part = part.strip()
        if not part:
            continue
        key = part if part in ROSTER_KEYS else by_label.get(part)
        if key is None:
            names = "、".join(_label(k) for k in ROSTER_KEYS)
            raise ValidationError(f"花名册没有“{part}”这一列；可选：{names}", field="columns")
        out.append(key)
    return tuple(out)


def _roster_value(m: roster.MemberRow, key: str) -> str:
    value = getattr(m, key, "")
    if key == "id_number":
        return mask_id_number(str(value or ""))
    if isinstance(value, dt.date):
        return f"{value.year}.{value.month:02d}"
    return "" if value is None else str(value)


def gather_roster(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """花名册打印: the members on the roll as a table, the chosen columns, ID numbers masked."""
    cols = roster_columns(req.extra.get(COLUMNS, ""))
    members = [
        m for b in _branches(req) for m in roster.list_members(db, branch_id=b, status="active", today=on)
    ]
    if not members:
        raise UserError(f"{NOTHING}：还没有在册党员。")
    shares = {"name": 1.2, "id_number": 2.6, "branch": 2.0, "group": 1.8, "native_place": 1.6, "job": 1.6}
    table = FormTable(
        (
            FormColumn("序号", 0.6, "c"),
            *(FormColumn(_label(k), shares.get(k, 1.2), "c") for k in cols),
        ),
        tuple((str(i), *(_roster_value(m, k) for k in cols)) for i, m in enumerate(members, start=1)),
    )
    return Gathered([table], f"{scope(db, req)} · 在册 {len(members)} 人 · 截至{format_date_zh(on)}")
