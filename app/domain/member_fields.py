"""The roster's fields in one place: code name, the label the clerk knows, the kind of value.

The CLI (`roster set ID 字段=值`), the member editor and the Excel import/export all read this list,
so a field is added once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MemberField:
    key: str  # code name, as in the JSON of `roster list`
    label: str  # 中文 label as on the national form
    kind: str  # text | date | bool | int | choice | org | grid | phone | id
    required: bool = False


MEMBER_FIELDS: tuple[MemberField, ...] = (
    MemberField("name", "姓名", "text", required=True),
    MemberField("gender", "性别", "choice", required=True),
    MemberField("ethnicity", "民族", "text"),
    MemberField("id_number", "公民身份号码", "id", required=True),
    MemberField("birth_date", "出生日期", "date", required=True),
    MemberField("education", "学历", "text"),
    MemberField("degree", "学位", "text"),
    MemberField("category", "人员类别", "choice", required=True),
    MemberField("branch", "所在党支部", "org", required=True),
    MemberField("group", "党小组", "org"),
    MemberField("joined_on", "加入党组织日期", "date"),
    MemberField("confirmed_on", "转为正式党员日期", "date"),
    MemberField("party_age_correction", "党龄校正", "int"),
    MemberField("probation_extension", "延长预备期时间", "text"),
    MemberField("joined_branch", "入党时所在支部", "text"),
    MemberField("job", "工作岗位", "text"),
    MemberField("party_post", "党内职务", "text"),
    MemberField("phone", "手机号码", "phone"),
    MemberField("landline", "固定电话", "phone"),
    MemberField("address", "家庭住址", "text"),
    MemberField("residence", "现居住地", "text"),
    MemberField("hukou", "户籍所在地", "text"),
    MemberField("native_place", "籍贯", "text"),
    MemberField("grid", "网格", "grid"),
    MemberField("is_mobile", "是否为流动党员", "bool"),
    MemberField("mobile_destination", "外出流向", "text"),
    MemberField("is_lost_contact", "是否为失联党员", "bool"),
    MemberField("lost_contact_on", "失去联系日期", "date"),
    MemberField("note", "备注", "text"),
)

FIELDS_BY_KEY: dict[str, MemberField] = {f.key: f for f in MEMBER_FIELDS}
LABELS: dict[str, str] = {f.key: f.label for f in MEMBER_FIELDS} | {
    "status": "党籍状态",
    "photo": "照片",
    "party_age": "党龄",
}


def field_by_name(name: str) -> MemberField | None:
    """Find a field by its code name or its Chinese label (``phone`` or ``手机号码``)."""
    name = name.strip()
    if name in FIELDS_BY_KEY:
        return FIELDS_BY_KEY[name]
    for f in MEMBER_FIELDS:
        if f.label == name:
            return f
    return None
