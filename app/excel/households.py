"""Household sheets (住户台账) as offices keep them: the column synonyms, on top of the roster reader's header finding."""

from __future__ import annotations

from app.excel.columns import normalise_header
from app.excel.reader import Vocabulary

# field key → header texts that mean it (after normalise_header).
HOUSEHOLD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "address": ("地址", "住址", "家庭住址", "门牌", "门牌号", "户址", "居住地址", "村组", "楼栋单元"),
    "head_name": ("户主", "户主姓名", "姓名", "户主名字"),
    "phone": ("联系电话", "电话", "手机", "手机号码", "联系方式"),
    "grid": ("网格", "所在网格", "网格名称"),
    "size": ("人口", "人口数", "家庭人口", "户人口数", "人数", "家庭人数"),
    "tags": ("标签", "类别", "户类别", "重点人群", "特殊情况", "困难类型"),
    "note": ("备注", "说明"),
}
FIELD_LABELS = {
    "address": "地址",
    "head_name": "户主",
    "phone": "联系电话",
    "grid": "网格",
    "size": "人口数",
    "tags": "标签",
    "note": "备注",
}
_BY_NAME = {name: key for key, names in HOUSEHOLD_SYNONYMS.items() for name in names}


def household_field(raw: object) -> str | None:
    return _BY_NAME.get(normalise_header(raw))


# How the reader finds a household sheet's header (户主 | 门牌号 | 人口 under a title).
HOUSEHOLDS = Vocabulary(household_field, "“地址”“户主”")


def household_mapping(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → field (the first column naming a field wins); the headers not understood."""
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, header in enumerate(headers):
        key = household_field(header)
        if key is None:
            if header:
                unknown.append(header)
        elif key not in mapping.values():
            mapping[i] = key
    return mapping, unknown
