"""CLI group `rules` (积分规则): each organisation's rule set per year — tiers, indicators, grade and star bands."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import Context, add_json_flag, emit_json, say, year_number
from app.domain import points as rules
from app.domain.errors import NotFoundError, ValidationError
from app.services import organizations, points, roster


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    u = groups.add_parser("rules", help="积分规则（每个组织每年一套）")
    ucmds = u.add_subparsers(dest="command", metavar="COMMAND")
    ucmds.required = True
    p = ucmds.add_parser("list", help="列出积分规则，含层次、指标和分数线")
    p.add_argument("--year", type=year_number)
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_list)
    p = ucmds.add_parser("preset", help="用预设规则建立某年的积分规则")
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--branch", help="为某个支部单独建立（默认最上级组织，全体适用）")
    p.set_defaults(func=cmd_rules_preset)
    p = ucmds.add_parser("tier", help="调整一名党员所在的层次（写“默认”恢复按职务、流动、年龄自动分层）")
    p.add_argument("--member", required=True)
    p.add_argument("--year", type=year_number, required=True)
    p.add_argument("--tier", required=True, help="层次名称，如 特殊类；或 默认")
    p.set_defaults(func=cmd_rules_tier)
    p = ucmds.add_parser("copy", help="复制上一年的积分规则开始新的一年")
    p.add_argument("--from", dest="from_year", type=int, required=True)
    p.add_argument("--to", dest="to_year", type=int, required=True)
    p.add_argument("--branch")
    p.set_defaults(func=cmd_rules_copy)

    def rule_set_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--year", type=year_number, required=True)
        p.add_argument("--branch", help="支部单独的规则（默认最上级组织的规则）")

    p = ucmds.add_parser("set", help="修改规则名称、结转比例、等次和星级分数线（只改给出的项）")
    rule_set_options(p)
    p.add_argument("--name", help="规则名称")
    p.add_argument(
        "--carry-over", dest="carry_over", help="上年总分结转为基础分的比例 1–100；none 表示不结转"
    )
    p.add_argument("--grade-bands", dest="grade_bands", help="等次分数线，如 优秀=90,合格=70,基本合格=60")
    p.add_argument("--star-bands", dest="star_bands", help="星级分数线，如 5=95,4=85,3=75,2=65,1=55")
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_set)

    p = ucmds.add_parser("tier-edit", help="修改层次：名称、基础分、是否只挂牌不参评")
    rule_set_options(p)
    p.add_argument("--tier", required=True, help="层次名称，如 特殊类")
    p.add_argument("--name", help="新名称")
    p.add_argument("--base", type=int, help="基础分")
    p.add_argument("--exempt", choices=("yes", "no"), help="这一层次是否只挂牌不参评")
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_tier_edit)

    p = ucmds.add_parser("tier-add", help="新增层次（如“五个层次”中的一个）；党员用 rules tier 分入")
    rule_set_options(p)
    p.add_argument("--name", required=True)
    p.add_argument("--base", type=int, default=60, help="基础分（默认 60）")
    p.add_argument("--exempt", choices=("yes", "no"), default="no", help="这一层次是否只挂牌不参评")
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_tier_add)
    p = ucmds.add_parser("tier-retire", help="停用层次（往年的规则不变；单独分在这一层次的党员要先调走）")
    rule_set_options(p)
    p.add_argument("--tier", required=True, help="层次名称")
    p.set_defaults(func=cmd_rules_tier_retire)

    p = ucmds.add_parser("indicator-add", help="新增指标（已记的积分不受影响）")
    rule_set_options(p)
    p.add_argument("--category", required=True, choices=rules.CATEGORIES)
    p.add_argument("--name", required=True, help="指标名称")
    p.add_argument("--points", type=int, required=True, help="每次分值（扣减类写负数，如 -5）")
    p.add_argument("--cap", help="年度上限（不写：不限）")
    p.add_argument("--tiers", help="适用层次，用顿号或逗号分开（不写：全部）")
    p.add_argument(
        "--awards-commitments", dest="awards_commitments", action="store_true", help="兑现承诺按此记分"
    )
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_indicator_add)

    p = ucmds.add_parser("indicator-set", help="修改指标（只改给出的项；已记的积分不受影响）")
    rule_set_options(p)
    p.add_argument("--indicator", required=True, help="指标名称")
    p.add_argument("--category", choices=rules.CATEGORIES)
    p.add_argument("--name", help="新名称")
    p.add_argument("--points", type=int, help="每次分值")
    p.add_argument("--cap", help="年度上限；none 表示不限")
    p.add_argument("--tiers", help="适用层次，用顿号或逗号分开；写 全部 表示全部层次")
    p.add_argument("--awards-commitments", dest="awards_commitments", choices=("yes", "no"))
    p.add_argument("--active", choices=("yes", "no"), help="no：停用（不再能记分，已记的保留）")
    add_json_flag(p)
    p.set_defaults(func=cmd_rules_indicator_set)


def _branch(ctx: Context, name: str | None) -> str | None:
    return organizations.find_unit(ctx.db, name).id if name else None


def cmd_rules_list(ctx: Context, args: argparse.Namespace) -> int:
    sets = points.rule_sets(ctx.db, args.year)
    if args.json:
        emit_json([_rule_set_json(rs) for rs in sets])
    else:
        for rs in sets:
            print(f"{rs.year} {rs.organization_name} {rs.name}")
            for i in rs.indicators:
                cap = f"上限 {i.annual_cap}" if i.annual_cap is not None else "不限"
                print(f"   {i.category} {i.name} {i.points:+d}/次 {cap}")
        say(f"共 {len(sets)} 套规则")
    return 0


def cmd_rules_preset(ctx: Context, args: argparse.Namespace) -> int:
    rs_id = points.create_preset(ctx.db, args.year, _branch(ctx, args.branch))
    print(rs_id)
    say(f"已用预设建立{args.year}年积分规则")
    return 0


def cmd_rules_tier(ctx: Context, args: argparse.Namespace) -> int:
    member_id = roster.resolve_member_id(ctx.db, args.member)
    name = points.set_member_tier_by_name(ctx.db, args.year, member_id, args.tier)
    say(f"已保存：{args.year}年该党员属于{name}")
    return 0


def cmd_rules_copy(ctx: Context, args: argparse.Namespace) -> int:
    rs_id = points.copy_rule_set(ctx.db, args.from_year, args.to_year, _branch(ctx, args.branch))
    print(rs_id)
    say(f"已把{args.from_year}年的积分规则复制为{args.to_year}年")
    return 0


def _tier_json(t: points.TierRow) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "base": t.base_points,
        "exempt": t.is_exempt,
        "retired": t.kind == points.RETIRED_TIER,
    }


def _indicator_json(i: points.IndicatorRow) -> dict[str, Any]:
    return {
        "id": i.id,
        "category": i.category,
        "name": i.name,
        "points": i.points,
        "annual_cap": i.annual_cap,
        "tiers": list(i.tier_names) or "全部",
        "awards_commitments": i.awards_commitments,
        "active": i.active,
    }


def _rule_set_json(rs: points.RuleSetRow) -> dict[str, Any]:
    return {
        "id": rs.id,
        "organization": rs.organization_name,
        "year": rs.year,
        "name": rs.name,
        "carry_over_percent": rs.carry_over_percent,
        "grade_bands": [list(b) for b in rs.grade_bands],
        "star_bands": [list(b) for b in rs.star_bands],
        "tiers": [_tier_json(t) for t in rs.tiers],
        "indicators": [_indicator_json(i) for i in rs.indicators],
    }


def _rule_set(ctx: Context, year: int, branch: str | None) -> points.RuleSetRow:
    """The rule set of ``year`` that belongs to ``branch`` (default: the top organisation)."""
    if branch:
        unit = organizations.find_unit(ctx.db, branch)
    else:
        top = organizations.root(ctx.db)
        if top is None:
            raise ValidationError("还没有建立组织，请先运行 org init --name 组织名称")
        unit = top
    for rs in points.rule_sets(ctx.db, year):
        if rs.organization_id == unit.id:
            return rs
    raise NotFoundError(f"{unit.name}没有{year}年的积分规则（可用 rules preset 或 rules copy 建立）")


def _yes(text: str | None, before: bool) -> bool:
    return before if text is None else text == "yes"


def _number(text: str, what: str, field: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValidationError(f"{what}要写整数，不能是“{text}”", field=field) from None


def _cap(text: str | None, before: int | None) -> int | None:
    if text is None:
        return before
    if text.strip().lower() in ("", "none", "无", "不限"):
        return None
    return _number(text, "年度上限", "annual_cap")


def _pairs(text: str, what: str, field: str) -> list[tuple[str, int]]:
    """``优秀=90,合格=70`` → [("优秀", 90), ("合格", 70)]."""
    out = []
    for part in text.replace("，", ",").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise ValidationError(f"{what}“{part.strip()}”看不懂：请写成 名称=分数，用逗号分开", field=field)
        out.append((key.strip(), _number(value, what, field)))
    return out


def _grade_bands(text: str) -> list[tuple[int, str]]:
    return [(minimum, grade) for grade, minimum in _pairs(text, "等次分数线", "grade_bands")]


def _star_bands(text: str) -> list[tuple[int, int]]:
    bands = []
    for stars, minimum in _pairs(text, "星级分数线", "star_bands"):
        bands.append((minimum, _number(stars.removesuffix("星"), "星级", "star_bands")))
    return bands


def _tier_ids(rs: points.RuleSetRow, text: str | None, before: tuple[str, ...]) -> tuple[str, ...]:
    if text is None:
        return before
    names = [n.strip() for n in text.replace("，", "、").replace(",", "、").split("、") if n.strip()]
    if names in ([], ["全部"]):
        return ()
    by_name = {t.name: t.id for t in rs.tiers}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise NotFoundError(f"没有层次“{'、'.join(unknown)}”。可用的层次：{'、'.join(by_name)}")
    return tuple(by_name[n] for n in names)


def cmd_rules_set(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    carry: int | None | str = "keep"
    if args.carry_over is not None:
        none = args.carry_over.strip().lower() in ("", "none", "无", "不结转")
        carry = None if none else _number(args.carry_over, "结转比例", "carry_over_percent")
    points.update_rule_set(
        ctx.db,
        rs.id,
        name=args.name,
        carry_over_percent=carry,
        grade_bands=_grade_bands(args.grade_bands) if args.grade_bands is not None else None,
        star_bands=_star_bands(args.star_bands) if args.star_bands is not None else None,
    )
    if args.json:
        emit_json(_rule_set_json(points.get_rule_set(ctx.db, rs.id)))
    say(f"已保存{rs.year}年积分规则")
    return 0


def cmd_rules_tier_edit(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    tier = next((t for t in rs.tiers if t.name == args.tier.strip()), None)
    if tier is None:
        raise NotFoundError(
            f"{rs.year}年的积分规则里没有层次“{args.tier}”。可用的层次：{'、'.join(t.name for t in rs.tiers)}"
        )
    exempt = None if args.exempt is None else args.exempt == "yes"
    points.update_tier(ctx.db, tier.id, name=args.name, base_points=args.base, is_exempt=exempt)
    if args.json:
        emit_json(_tier_json(next(t for t in points.get_rule_set(ctx.db, rs.id).tiers if t.id == tier.id)))
    say(f"已保存层次 {tier.name if args.name is None else args.name.strip()}")
    return 0


def cmd_rules_tier_add(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    tier_id = points.add_tier(ctx.db, rs.id, args.name, args.base, args.exempt == "yes")
    if args.json:
        emit_json(_tier_json(next(t for t in points.get_rule_set(ctx.db, rs.id).tiers if t.id == tier_id)))
    say(f"已新增层次 {args.name.strip()}（{rs.year}年）")
    return 0


def cmd_rules_tier_retire(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    tier = next((t for t in rs.tiers if t.name == args.tier.strip() and t.kind != points.RETIRED_TIER), None)
    if tier is None:
        raise NotFoundError(f"{rs.year}年的积分规则里没有在用的层次“{args.tier}”")
    points.retire_tier(ctx.db, tier.id)
    say(f"已停用层次 {tier.name}（{rs.year}年；往年的规则不变）")
    return 0


def _indicator_by_id(ctx: Context, rs: points.RuleSetRow, indicator_id: str) -> points.IndicatorRow:
    return next(i for i in points.get_rule_set(ctx.db, rs.id).indicators if i.id == indicator_id)


def cmd_rules_indicator_add(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    indicator_id = points.save_indicator(
        ctx.db,
        rs.id,
        category=args.category,
        name=args.name,
        points=args.points,
        annual_cap=_cap(args.cap, None),
        tier_ids=_tier_ids(rs, args.tiers, ()),
        awards_commitments=args.awards_commitments,
    )
    if args.json:
        emit_json(_indicator_json(_indicator_by_id(ctx, rs, indicator_id)))
    else:
        print(indicator_id)
    say(f"已新增指标 {args.name.strip()}")
    return 0


def cmd_rules_indicator_set(ctx: Context, args: argparse.Namespace) -> int:
    rs = _rule_set(ctx, args.year, args.branch)
    ind = next((i for i in rs.indicators if i.name == args.indicator.strip()), None)
    if ind is None:
        raise NotFoundError(f"{rs.year}年的积分规则里没有指标“{args.indicator}”（rules list 可查）")
    points.save_indicator(
        ctx.db,
        rs.id,
        indicator_id=ind.id,
        category=args.category or ind.category,
        name=ind.name if args.name is None else args.name,
        points=ind.points if args.points is None else args.points,
        annual_cap=_cap(args.cap, ind.annual_cap),
        tier_ids=_tier_ids(rs, args.tiers, ind.tier_ids),
        awards_commitments=_yes(args.awards_commitments, ind.awards_commitments),
        active=_yes(args.active, ind.active),
    )
    if args.json:
        emit_json(_indicator_json(_indicator_by_id(ctx, rs, ind.id)))
    say(f"已保存指标 {ind.name if args.name is None else args.name.strip()}")
    return 0
