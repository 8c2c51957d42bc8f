"""Roster column names as real sheets write them: synonyms for import, the national order for export."""

from __future__ import annotations

import re
import unicodedata

from app.domain.member_fields import LABELS

# Pseudo-fields: a column we recognise but never store (序号, 党龄 is computed), and 党籍状态, which
# national exports fill with 正常/停止党籍 and older local sheets with 正式/预备.
IGNORE = "_ignore"
STATUS = "status"

# field key → header texts that mean it (after normalise_header). The first one is what export writes.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": (
        "公民身份号码",
        "身份证号",
        "身份证号码",
        "证件号码",
        "身份证",
        "公民身份证号码",
        "公民身份证号",
        "身份证件号码",
        "证件号",
    ),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间", "生日"),
    "education": ("学历", "文化程度", "全日制学历"),
    "degree": ("学位",),
    # 政治面貌 (owip) and 预/正 (人才中心 systems) hold 正式党员/预备党员 or 预/正 in real exports.
    "category": (
        "人员类别",
        "党员类别",
        "类别",
        "党员身份",
        "政治面貌",
        "预/正",
        "预备/正式",
        "正式/预备",
        "党员类型",
        "人员类型",
    ),
    STATUS: ("党籍状态",),
    "branch": (
        "所在党支部",
        "支部",
        "所属支部",
        "党支部",
        "所在支部",
        "所属党支部",
        "所在党组织",
        "支部名称",
        "所属党组织",
    ),
    "group": ("党小组", "所在党小组", "所属党小组"),
    "joined_on": ("加入党组织日期", "入党时间", "入党日期", "入党年月"),
    "confirmed_on": ("转为正式党员日期", "转正时间", "转正日期", "转正年月"),
    "party_age_correction": ("党龄校正", "党龄校正值"),
    "probation_extension": ("延长预备期时间", "延长预备期"),
    "joined_branch": ("入党时所在支部", "入党时所在党支部"),
    "job": ("工作岗位", "岗位", "职业", "工作单位及职务", "工作单位", "工作/学习单位", "工作学习单位"),
    "party_post": ("党内职务",),
    "phone": (
        "手机号码",
        "手机",
        "联系电话",
        "手机号",
        "联系方式",
        "电话",
        "电话号码",
        "移动电话",
        "手机/电话",
        "电话/手机",
    ),
    "landline": ("固定电话", "座机", "家庭电话"),
    "address": ("家庭住址", "住址", "家庭地址", "地址"),
    "residence": ("现居住地", "居住地", "现住址"),
    "hukou": ("户籍所在地", "户籍地", "户籍"),
    "native_place": ("籍贯",),
    "grid": ("网格", "所在网格"),
    "is_mobile": ("是否为流动党员", "是否流动党员", "流动党员"),
    "mobile_destination": ("外出流向", "流向", "流出地", "外出地点"),
    "is_lost_contact": ("是否为失联党员", "是否失联党员", "失联党员", "是否失联"),
    "lost_contact_on": ("失去联系日期", "失联日期", "失联时间"),
    # 备注1/备注2/备注3 (智慧乡镇): every note column is imported, joined with "；".
    "note": ("备注", "备注1", "备注2", "备注3", "备注4", "备注5", "其他备注"),
    IGNORE: (
        "序号",
        "党龄",
        "年龄",
        "编号",
        "照片",
        "党龄（年）",
        "原行号",
        "错误原因",
    ),  # the last two: our error file
}

_BY_NAME: dict[str, str] = {name: key for key, names in SYNONYMS.items() for name in names}

# Hints such as "（必填）", "(YYYY-MM-DD)" and the "*" of required columns are not part of the name.
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_DROPPED = str.maketrans("", "", "*＊:：")


def normalise_header(raw: object) -> str:
    if raw is None:
        return ""
    text = str(raw)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if "(" in text or "【" in text or "[" in text:  # NFKC made （ into (
        text = _BRACKETS.sub("", text)
    return "".join(text.split()).translate(_DROPPED)


def field_for_header(raw: object) -> str | None:
    """The field a header cell names, IGNORE for known columns we don't store, None when unknown."""
    return _BY_NAME.get(normalise_header(raw))


def field_label(key: str | None) -> str:
    if key is None:
        return "（不导入）"
    if key == IGNORE:
        return "（不导入）"
    if key == STATUS:
        return "党籍状态"
    return LABELS.get(key, key)


# Fields several columns may feed at once (their texts are joined), rather than "only the first is imported".
MULTI_COLUMN_FIELDS = ("note",)

# Choices the GUI offers when the clerk corrects a column's meaning.
MAPPABLE_FIELDS: tuple[str, ...] = tuple(k for k in SYNONYMS if k != IGNORE)

# Export: the national system's order (DOMAIN.md), then the local extras for --columns full.
NATIONAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("seq", "序号"),
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("id_number", "公民身份号码"),
    ("birth_date", "出生日期"),
    ("education", "学历"),
    ("category", "人员类别"),
    ("branch", "所在党支部"),
    ("joined_on", "加入党组织日期"),
    ("confirmed_on", "转为正式党员日期"),
    ("job", "工作岗位"),
    ("phone", "手机号码"),
    ("landline", "固定电话"),
    ("address", "家庭住址"),
    ("status", "党籍状态"),
    ("is_lost_contact", "是否为失联党员"),
    ("lost_contact_on", "失去联系日期"),
    ("is_mobile", "是否为流动党员"),
    ("mobile_destination", "外出流向"),
)
FULL_EXTRA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("degree", "学位"),
    ("party_age", "党龄"),
    ("party_age_correction", "党龄校正"),
    ("probation_extension", "延长预备期时间"),
    ("joined_branch", "入党时所在支部"),
    ("group", "党小组"),
    ("party_post", "党内职务"),
    ("residence", "现居住地"),
    ("hukou", "户籍所在地"),
    ("native_place", "籍贯"),
    ("grid", "网格"),
    ("note", "备注"),
)
