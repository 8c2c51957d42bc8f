"""公民身份号码: cleaning up typed numbers, reading them, and the reasons a clerk is given when one is wrong."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings, strategies as st

from app.domain.errors import ValidationError
from app.domain.id_number import (
    IdInfo,
    check_character,
    gender_of,
    make_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = datetime.date(2026, 7, 1)
PROVINCES = [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66)]
PROVINCES += [71, 81, 82]

regions = st.builds(lambda p, rest: f"{p:02d}{rest:04d}", st.sampled_from(PROVINCES), st.integers(0, 9999))
births = st.dates(min_value=datetime.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(0, 999)


def reason(raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_id_number(raw, today=TODAY)
    error = caught.value
    assert [e.field for e in error.errors] == ["id_number"]
    message = str(error)
    assert message.startswith("公民身份号码："), message  # the clerk sees which field is wrong
    return message


# ---------------------------------------------------------------- the standard's own examples


def test_examples_from_the_standard_have_the_right_check_character() -> None:
    assert check_character("11010519491231002") == "X"
    assert check_character("44052418800101001") == "4"


def test_a_valid_number_is_read() -> None:
    assert parse_id_number("11010519491231002X", today=TODAY) == IdInfo(
        number="11010519491231002X", birth_date=datetime.date(1949, 12, 31), gender="女", region="110105"
    )


def test_lower_case_x_and_full_width_noise_are_accepted() -> None:
    info = parse_id_number("　１１０１０５ 1949\u00a01231 002ｘ ", today=TODAY)
    assert info.number == "11010519491231002X"


def test_gender_of() -> None:
    assert gender_of(make_id_number("330522", datetime.date(1970, 5, 6), 123)) == "男"
    assert gender_of(make_id_number("330522", datetime.date(1970, 5, 6), 124)) == "女"


# ---------------------------------------------------------------- normalize


def test_normalize_removes_every_kind_of_space_and_makes_digits_half_width() -> None:
    assert normalize_id_number(" 3305 22\u30001990\u00a00101\t123\n4 ") == "330522199001011234"
    assert normalize_id_number("３３０５２２１９９００１０１１２３ｘ") == "33052219900101123X"
    assert normalize_id_number("33052219900101123Ｘ") == "33052219900101123X"
    assert normalize_id_number("33052219900101123x") == "33052219900101123X"


def test_normalize_drops_an_excel_text_apostrophe_and_zero_width_spaces() -> None:
    assert normalize_id_number("'330522199001011234") == "330522199001011234"
    assert normalize_id_number("\ufeff330522\u200b199001011234") == "330522199001011234"


def test_normalize_does_not_validate() -> None:
    assert normalize_id_number("abc") == "abc"
    assert normalize_id_number("") == ""


noise = st.sampled_from([" ", "\u3000", "\u00a0", "\t", "\n", "\u200b"])


@settings(max_examples=200)
@given(st.text(alphabet="0123456789Xx０１２３４５６７８９ｘＸ \u3000\u00a0", max_size=25))
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_id_number(raw)
    assert normalize_id_number(once) == once


@settings(max_examples=200)
@given(regions, births, sequences, st.lists(st.tuples(st.integers(0, 18), noise), max_size=6), st.booleans())
def test_normalize_survives_spaces_and_full_width_digits(
    region: str, birth: datetime.date, seq: int, inserts: list[tuple[int, str]], full_width: bool
) -> None:
    number = make_id_number(region, birth, seq)
    noisy = number.lower()
    if full_width:
        noisy = noisy.translate(str.maketrans("0123456789x", "０１２３４５６７８９ｘ"))
    for position, space in inserts:
        noisy = noisy[:position] + space + noisy[position:]
    assert normalize_id_number(noisy) == number
    assert parse_id_number(noisy, today=TODAY).number == number


# ---------------------------------------------------------------- make / parse round trip


@settings(max_examples=200)
@given(regions, births, sequences)
def test_every_made_number_parses_back(region: str, birth: datetime.date, seq: int) -> None:
    number = make_id_number(region, birth, seq)
    info = parse_id_number(number, today=TODAY)
    assert len(number) == 18
    assert info.number == number
    assert info.birth_date == birth
    assert info.region == region
    assert info.gender == ("男" if seq % 2 else "女")


@settings(max_examples=200)
@given(regions, births, sequences, st.integers(0, 17), st.integers(1, 10))
def test_changing_any_one_character_makes_the_number_invalid(
    region: str, birth: datetime.date, seq: int, position: int, shift: int
) -> None:
    number = make_id_number(region, birth, seq)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    old = alphabet.index(number[position])
    new = alphabet[(old + shift) % len(alphabet)]
    if new == number[position]:  # shift of a full turn on the 10-digit alphabet
        return
    changed = number[:position] + new + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


def test_make_id_number_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        make_id_number("33052", datetime.date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("330522", datetime.date(1990, 1, 1), 1000)
    with pytest.raises(ValueError):
        check_character("1234")


# ---------------------------------------------------------------- every reason a clerk can be given


def test_empty() -> None:
    assert "没有填写" in reason("")
    assert "没有填写" in reason(" \u3000 ")


def test_wrong_length_says_how_many_characters() -> None:
    message = reason("3305221990010112345")
    assert "19位" in message and "18位" in message
    message = reason("33052219900101123")
    assert "17位" in message and "18位" in message


@pytest.mark.parametrize(
    "raw", ["3.30522E+17", "3.30522e+17", "3.30522199001012E+17", "3E+17", "330522199001011000.0"]
)
def test_excel_scientific_notation_is_explained_and_not_repaired(raw: str) -> None:
    message = reason(raw)
    assert "Excel" in message
    assert "丢失" in message and "无法恢复" in message
    assert "文本" in message  # tells the clerk how to avoid it


def test_old_fifteen_digit_number_asks_for_the_new_one() -> None:
    message = reason("330522900101123")
    assert "15位" in message and "18位" in message


def test_non_digit_in_the_first_seventeen_names_the_position() -> None:
    message = reason("3305221990O1011234")
    assert "第11位" in message and "“O”" in message and "数字" in message
    assert "第5位" in reason("3305X2199001011234")


def test_bad_last_character() -> None:
    message = reason("33052219900101123Y")
    assert "第18位" in message and "X" in message


@pytest.mark.parametrize(
    "province", ["00", "10", "16", "20", "24", "30", "38", "40", "47", "55", "60", "66", "72", "83", "99"]
)
def test_bad_province_code(province: str) -> None:
    first17 = province + "0522199001011234"[:15]
    message = reason(first17 + check_character(first17))
    assert f"“{province}”" in message and "省份代码" in message


@pytest.mark.parametrize("province", PROVINCES)
def test_every_province_code_is_accepted(province: int) -> None:
    number = make_id_number(f"{province:02d}0101", datetime.date(1980, 1, 1), 11)
    assert parse_id_number(number, today=TODAY).region == f"{province:02d}0101"


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900001", "19000229", "20230229", "19901232"])
def test_birth_date_that_does_not_exist(birth: str) -> None:
    first17 = f"330522{birth}123"
    message = reason(first17 + check_character(first17))
    assert "出生日期" in message and birth in message and "不存在" in message


def test_leap_day_is_a_real_birth_date() -> None:
    number = make_id_number("330522", datetime.date(2000, 2, 29), 1)
    assert parse_id_number(number, today=TODAY).birth_date == datetime.date(2000, 2, 29)


def test_birth_date_in_the_future() -> None:
    message = reason(make_id_number("330522", TODAY + datetime.timedelta(days=1), 1))
    assert "出生日期" in message and "晚于今天" in message
    assert parse_id_number(make_id_number("330522", TODAY, 1), today=TODAY).birth_date == TODAY


def test_birth_date_before_1900() -> None:
    message = reason(make_id_number("330522", datetime.date(1899, 12, 31), 1))
    assert "出生日期" in message and "1900" in message


def test_wrong_check_character_uses_the_words_the_clerk_knows() -> None:
    number = make_id_number("330522", datetime.date(1990, 1, 1), 123)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert reason(wrong) == "公民身份号码：第18位校验码不对，请核对后重新输入"
