"""Pinyin of names for search: surnames read as surnames, rare characters, and names that are not Chinese."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from app.domain.pinyin import COMPOUND_SURNAMES, SINGLE_SURNAMES, name_pinyin

SURNAMES = {
    "曾": "zeng",
    "解": "xie",
    "仇": "qiu",
    "覃": "qin",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "繁": "po",
    "盖": "ge",
    "乐": "yue",
    "员": "yun",
    "缪": "miao",
    "翟": "zhai",
    "秘": "bi",
    "种": "chong",
    "黑": "he",
    "召": "shao",
    "折": "she",
    "尉": "yu",
    "宓": "fu",
    "隗": "wei",
    "燕": "yan",
    "任": "ren",
    "纪": "ji",
    "单": "shan",
    "欧阳": "ouyang",
    "司马": "sima",
    "诸葛": "zhuge",
    "上官": "shangguan",
    "令狐": "linghu",
    "皇甫": "huangfu",
    "尉迟": "yuchi",
    "长孙": "zhangsun",
    "慕容": "murong",
    "宇文": "yuwen",
    "司徒": "situ",
    "东方": "dongfang",
    "夏侯": "xiahou",
    "万俟": "moqi",
    "单于": "chanyu",
    "公孙": "gongsun",
    "轩辕": "xuanyuan",
    "端木": "duanmu",
    "呼延": "huyan",
    "南宫": "nangong",
    "西门": "ximen",
    "百里": "baili",
    "东郭": "dongguo",
    "澹台": "tantai",
    "公冶": "gongye",
    "宗政": "zongzheng",
    "濮阳": "puyang",
    "太史": "taishi",
    "申屠": "shentu",
    "钟离": "zhongli",
    "闻人": "wenren",
    "赫连": "helian",
    "第五": "diwu",
}


def test_examples_from_the_brief() -> None:
    assert name_pinyin("王膑") == ("wangbin", "wb")
    assert name_pinyin("单玉兰") == ("shanyulan", "syl")


@pytest.mark.parametrize(("surname", "reading"), SURNAMES.items())
def test_surname_alone(surname: str, reading: str) -> None:
    full, initials = name_pinyin(surname)
    assert full == reading
    assert len(initials) == len(surname)


@pytest.mark.parametrize(("surname", "reading"), SURNAMES.items())
def test_surname_before_a_given_name(surname: str, reading: str) -> None:
    assert name_pinyin(surname + "建国") == (reading + "jianguo", name_pinyin(surname)[1] + "jg")


def test_compound_surname_initials_have_one_letter_per_character() -> None:
    assert name_pinyin("尉迟恭") == ("yuchigong", "ycg")
    assert name_pinyin("欧阳修") == ("ouyangxiu", "oyx")


def test_surname_table_holds_every_surname_of_the_brief() -> None:
    for surname in SURNAMES:
        assert surname in COMPOUND_SURNAMES or surname in SINGLE_SURNAMES


def test_surname_reading_is_only_for_the_first_character() -> None:
    # 曾 inside a given name keeps its everyday reading.
    assert name_pinyin("王曾经") == ("wangcengjing", "wcj")


def test_padding_spaces_inside_a_two_character_name_are_ignored() -> None:
    assert name_pinyin("单\u3000兰") == ("shanlan", "sl")
    assert name_pinyin(" 曾  明 ") == ("zengming", "zm")
    assert name_pinyin("尉 迟恭") == ("yuchigong", "ycg")


@pytest.mark.parametrize(
    ("name", "reading"), [("堃", "kun"), ("喆", "zhe"), ("玥", "yue"), ("昇", "sheng"), ("珺", "jun")]
)
def test_rare_characters_of_given_names(name: str, reading: str) -> None:
    assert name_pinyin("王" + name) == ("wang" + reading, "w" + reading[0])


def test_ethnic_minority_name_with_middle_dot() -> None:
    assert name_pinyin("阿依古丽·买买提") == ("ayigulimaimaiti", "ayglmmt")
    assert name_pinyin("阿依古丽•买买提")[0] == "ayigulimaimaiti"


def test_surname_table_is_not_applied_to_transliterated_names() -> None:
    # Before a middle dot comes a given name, not a Han surname: 查 is read cha, not zha.
    assert name_pinyin("查尔斯·王")[0] == "chaersiwang"


def test_ascii_letters_are_kept_lower_case_and_digits_dropped() -> None:
    assert name_pinyin("王A") == ("wanga", "wa")
    assert name_pinyin("Tom王") == ("tomwang", "tw")
    assert name_pinyin("王明2") == ("wangming", "wm")
    assert name_pinyin("ＡＢ王") == ("abwang", "aw")  # full-width letters


def test_unreadable_characters_contribute_nothing() -> None:
    assert name_pinyin("李\ue000明") == ("liming", "lm")  # a private-use character from an old 造字 program
    assert name_pinyin("?!") == ("", "")
    assert name_pinyin("") == ("", "")


def test_umlaut_is_written_as_v() -> None:
    assert name_pinyin("吕女") == ("lvnv", "ln")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8))
def test_any_text_gives_lower_case_ascii_and_never_crashes(name: str) -> None:
    full, initials = name_pinyin(name)
    assert re.fullmatch("[a-z]*", full)
    assert re.fullmatch("[a-z]*", initials)
    assert len(initials) <= len(full)
    assert full[:1] == initials[:1]


def _gb2312_level_one() -> list[str]:
    """The 3,755 most common characters (GB 2312 level 1): each has a reading. Rare ones such as 烪 may not."""
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_gb2312_level_one()), min_size=1, max_size=4))
def test_every_common_character_has_a_reading(name: str) -> None:
    full, initials = name_pinyin(name)
    assert len(initials) == len(name)
    assert full.startswith(initials[0])
