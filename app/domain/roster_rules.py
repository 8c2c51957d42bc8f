"""Rules for one roster (花名册) record: phones, dates, party age, ID agreement and the fixed choice lists."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.domain.errors import FieldError, ValidationError
from app.domain.id_number import IdInfo
from app.domain.member_status import LEAVE_REASONS

CATEGORIES = ("正式党员", "预备党员")
FULL_MEMBER, PROBATIONARY_MEMBER = CATEGORIES
GENDERS = ("男", "女")
EDUCATIONS = ("研究生", "大学本科", "大学专科", "中等专科", "高中", "初中", "小学及以下")
# GB 3304 order, which is the order the national roster system lists them in.
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
PARTY_POSTS = (
    "书记",
    "副书记",
    "组织委员",
    "宣传委员",
    "纪检委员",
    "青年委员",
    "妇女委员",
    "统战委员",
    "党小组长",
    "无",
)
STATUS_REASONS = LEAVE_REASONS  # the member_status enum's; the name stays for callers

MIN_JOINING_AGE = 18  # 党章第一条: 年满十八岁

_LABELS = {
    "phone": "手机号码",
    "landline": "固定电话",
    "birth_date": "出生日期",
    "joined_on": "加入党组织日期",
    "confirmed_on": "转为正式党员日期",
}

_SEPARATOR_OR_SPACE = re.compile(r"[\s\-－—–‐‑―−()（）]+")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MOBILE = re.compile(r"^1\d{10}$")
_LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")

# 党龄校正 (years added to or taken from the computed party age): a lifetime at most.
MAX_PARTY_AGE_CORRECTION = 80


def _label(field: str) -> str:
    return _LABELS.get(field, field)


def _format_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


# ---------------------------------------------------------------- phones


def _area_code_length(digits: str) -> int:
    # 010 and 020–029 are the big cities' three-digit codes; every other area code has four digits.
    return 3 if digits[:2] in ("01", "02") else 4


def normalize_phone(raw: str) -> str:
    """Digits only for a mobile; "区号-号码" for a landline ("0572-6012345"). Other characters are kept for
    the validators to reject."""
    text = raw.translate(_FULL_WIDTH_DIGITS).strip()
    # A phone column read as numbers comes back as 13812345678.0.
    text = re.sub(r"^(\d+)\.0$", r"\1", text)
    groups = [g for g in _SEPARATOR_OR_SPACE.split(text) if g]
    compact = "".join(groups)
    for prefix in ("+86", "0086", "86"):
        if compact.startswith(prefix) and _MOBILE.match(compact[len(prefix) :]):
            return compact[len(prefix) :]
    if not compact.startswith("0") or not compact.isdigit():
        return compact
    # Where the clerk put the break ("(0572) 6012345") is the surest sign of the area code's length.
    if len(groups) == 2 and 3 <= len(groups[0]) <= 4:
        split = len(groups[0])
    else:
        split = _area_code_length(compact)
    return f"{compact[:split]}-{compact[split:]}"


def validate_mobile(raw: str) -> str:
    """A normalized 11-digit mobile number, "" when blank (the field is optional); ValidationError(field="phone")."""
    number = normalize_phone(raw)
    if not number:
        return ""
    if not _MOBILE.match(number):
        if number.startswith("0"):
            hint = "这像是固定电话，请填到“固定电话”一栏"
        elif re.fullmatch(r"\d(\.\d+)?[Ee]\+?\d+", number):
            hint = "这是被 Excel 当成数字后显示的样子（1.38E+10），后几位已经丢失。请在原表里把这一列设为“文本”，重新填写"
        elif number.isdigit():
            hint = f"现在是{len(number)}位数字，应为以1开头的11位数字"
        else:
            hint = "只能是以1开头的11位数字"
        raise ValidationError(f"{_label('phone')}：“{raw.strip()}”不对，{hint}", field="phone")
    return number


def validate_landline(raw: str) -> str:
    """A normalized "区号-号码" landline, "" when blank (the field is optional); ValidationError(field="landline")."""
    number = normalize_phone(raw)
    if not number:
        return ""
    if not _LANDLINE.match(number):
        if _MOBILE.match(number):
            hint = "这像是手机号码，请填到“手机号码”一栏"
        elif number.isdigit():
            hint = "请带区号填写，例如 0572-6012345"
        else:
            hint = "应为区号加7～8位号码，例如 0572-6012345，不带分机号"
        raise ValidationError(f"{_label('landline')}：“{raw.strip()}”不对，{hint}", field="landline")
    return number


# ---------------------------------------------------------------- ages and dates


def age_on(birth: date, today: date) -> int:
    """Completed years from birth to today (negative if birth is after today)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def party_age(confirmed_on: date | None, today: date, correction_years: int = 0) -> int | None:
    """党龄 in completed years plus 党龄校正, never below 0; None for a 预备党员 (no 转正日期).

    The Party constitution (第七条) counts party age from the day one becomes a full member, so the
    probation year does not count.
    """
    if confirmed_on is None:
        return None
    return max(0, age_on(confirmed_on, today) + correction_years)


def check_member_dates(
    category: str, birth: date | None, joined_on: date | None, confirmed_on: date | None, today: date
) -> list[FieldError]:
    """Problems with a member's dates: 出生 < 入党 ≤ 转正, none in the future, joined at 18+, and a 预备党员
    without 转正日期. An unknown ``category`` is the caller's to report; it only switches the last rule off."""
    errors: list[FieldError] = []

    def add(field: str, message: str) -> None:
        errors.append(FieldError(field, f"{_label(field)}：{message}"))

    for field, value in (("birth_date", birth), ("joined_on", joined_on), ("confirmed_on", confirmed_on)):
        if value is not None and value > today:
            add(field, f"{_format_date(value)}晚于今天（{_format_date(today)}），请核对")

    if birth is not None and joined_on is not None:
        if joined_on <= birth:
            add("joined_on", f"{_format_date(joined_on)}不晚于出生日期{_format_date(birth)}，请核对")
        elif age_on(birth, joined_on) < MIN_JOINING_AGE:
            add(
                "joined_on",
                f"入党时只有{age_on(birth, joined_on)}岁（出生于{_format_date(birth)}，"
                f"入党于{_format_date(joined_on)}），入党须年满{MIN_JOINING_AGE}岁，请核对这两个日期",
            )

    if confirmed_on is not None:
        if category == PROBATIONARY_MEMBER:
            add("confirmed_on", "预备党员还没有转正，不应填写转正日期；如已转正，请把人员类别改为“正式党员”")
        if joined_on is not None and confirmed_on < joined_on:
            add(
                "confirmed_on",
                f"{_format_date(confirmed_on)}早于加入党组织日期{_format_date(joined_on)}，请核对",
            )
        elif joined_on is None and birth is not None and confirmed_on <= birth:
            add("confirmed_on", f"{_format_date(confirmed_on)}不晚于出生日期{_format_date(birth)}，请核对")
    return errors


def check_id_agrees(info: IdInfo, birth: date | None, gender: str | None) -> list[FieldError]:
    """Problems where the typed 出生日期 or 性别 differs from what the 公民身份号码 says."""
    errors: list[FieldError] = []
    if birth is not None and birth != info.birth_date:
        errors.append(
            FieldError(
                "birth_date",
                f"出生日期：填的是{_format_date(birth)}，公民身份号码里是{_format_date(info.birth_date)}，"
                "两者应一致，请核对",
            )
        )
    if gender and gender != info.gender:
        errors.append(
            FieldError(
                "gender",
                f"性别：填的是“{gender}”，公民身份号码第17位表示“{info.gender}”，两者应一致，请核对",
            )
        )
    return errors


# ---------------------------------------------------------------- choice lists


_EDUCATION_ALIASES = {
    "博士": "研究生",
    "硕士": "研究生",
    "本科": "大学本科",
    "大学": "大学本科",
    "大本": "大学本科",
    "大专": "大学专科",
    "专科": "大学专科",
    "高职": "大学专科",
    "中专": "中等专科",
    "中技": "中等专科",
    "技校": "中等专科",
    "职高": "中等专科",
    "中职": "中等专科",
    "普高": "高中",
    "硕士研究生": "研究生",
    "博士研究生": "研究生",
    "小学": "小学及以下",
    "小学以下": "小学及以下",
    "文盲": "小学及以下",
    "半文盲": "小学及以下",
    "不识字": "小学及以下",
    "未上学": "小学及以下",
}
# Old rosters write "初中文化", "高中毕业", "大专学历"; the suffix carries no information.
_EDUCATION_SUFFIX = re.compile(r"(文化程度|文化|程度|毕业|肄业|结业|学历|在读)+$")


def normalize_education(raw: str) -> str:
    """One of EDUCATIONS for what the clerk typed (中专 → 中等专科, 初中文化 → 初中); "" when blank.

    Only exact names, their plain synonyms and a meaningless suffix are recognised: a value that says something
    else ("高中及以下", "党校大专") is never narrowed into a different one (ValidationError; see education_as_written).
    """
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    if not text:
        return ""
    if text in EDUCATIONS:
        return text
    if text in _EDUCATION_ALIASES:
        return _EDUCATION_ALIASES[text]
    text = _EDUCATION_SUFFIX.sub("", text) or text
    if text in EDUCATIONS:
        return text
    if text in _EDUCATION_ALIASES:
        return _EDUCATION_ALIASES[text]
    raise ValidationError(
        f"学历：“{raw.strip()}”不在可选范围内，应为{'、'.join(EDUCATIONS)}之一", field="education"
    )


def education_as_written(raw: str) -> tuple[str, str | None]:
    """(what to store, a warning or None): a known education by its name, anything else exactly as written."""
    try:
        return normalize_education(raw), None
    except ValidationError:
        text = raw.strip()
        return text, (f"学历“{text}”不是{'、'.join(EDUCATIONS)}之一，按原样保存（没有改成别的学历），请核对")


_ETHNICITY_ALIASES = {
    "维族": "维吾尔族",
    "蒙族": "蒙古族",
    "蒙古": "蒙古族",
    "佘族": "畲族",  # a common typo for 畲
}


def normalize_ethnicity(raw: str) -> str:
    """One of ETHNICITIES for what the clerk typed ("汉" → "汉族"); "" when blank."""
    text = "".join(unicodedata.normalize("NFKC", raw).split())
    if not text:
        return ""
    for candidate in (text, text + "族"):
        if candidate in ETHNICITIES:
            return candidate
        if candidate in _ETHNICITY_ALIASES:
            return _ETHNICITY_ALIASES[candidate]
    raise ValidationError(f"民族：“{raw.strip()}”不是56个民族之一，请写全称，例如“汉族”", field="ethnicity")


_YES = frozenset({"是", "√", "✓", "✔", "☑", "对", "y", "yes", "1", "true", "有"})
_NO = frozenset({"否", "×", "✗", "✘", "n", "no", "0", "false", "无", ""})


def parse_yes_no(raw: str | bool | int | None, label: str = "", field: str = "") -> bool | None:
    """True/False for the ways a roster writes yes and no (是/否, √/×, Y/N, 1/0, 有/无).

    None means the value is absent (an empty cell, ``None``) and the caller keeps what it has; an empty
    or blank string is an explicit 否. ``label`` names the column in the error message, e.g. "是否为失联党员".
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    text = unicodedata.normalize("NFKC", str(raw)).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return False
    prefix = f"{label}：" if label else ""
    raise ValidationError(f"{prefix}“{str(raw).strip()}”看不懂，请填“是”或“否”", field=field)
