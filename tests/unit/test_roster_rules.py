"""Rules for one roster record: phones, party age, dates, agreement with the ID number, and the choice lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings, strategies as st

from app.domain.errors import FieldError, ValidationError
from app.domain.id_number import make_id_number, parse_id_number
from app.domain.roster_rules import (
    CATEGORIES,
    EDUCATIONS,
    ETHNICITIES,
    GENDERS,
    PARTY_POSTS,
    STATUS_REASONS,
    age_on,
    check_id_agrees,
    check_member_dates,
    education_as_written,
    normalize_education,
    normalize_ethnicity,
    normalize_phone,
    parse_yes_no,
    party_age,
    validate_landline,
    validate_mobile,
)

TODAY = date(2026, 7, 1)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
adult_days = st.integers(18 * 366, 40 * 365)  # days from birth to joining, always past the 18th birthday


def fields(errors: list[FieldError]) -> list[str]:
    return [e.field for e in errors]


def only_message(errors: list[FieldError], field: str) -> str:
    messages = [e.message for e in errors if e.field == field]
    assert len(messages) == 1, errors
    return messages[0]


# ---------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("13812345678.0", "13812345678"),
        ("0572-6012345", "0572-6012345"),
        ("0572 6012345", "0572-6012345"),
        ("(0572)6012345", "0572-6012345"),
        ("（０５７２）６０１２３４５", "0572-6012345"),
        ("05726012345", "0572-6012345"),
        ("01012345678", "010-12345678"),
        ("021-5555 6666", "021-55556666"),
        ("", ""),
    ],
)
def test_normalize_phone(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@settings(max_examples=200)
@given(st.text(alphabet="0123456789０１２ -()（）+", max_size=16))
def test_normalize_phone_is_idempotent(raw: str) -> None:
    once = normalize_phone(raw)
    assert normalize_phone(once) == once


def test_validate_mobile() -> None:
    assert validate_mobile(" 138 1234 5678 ") == "13812345678"
    assert validate_mobile("") == ""  # optional field: blank is not an error


@pytest.mark.parametrize(
    ("raw", "hint"),
    [("1381234567", "10位"), ("23812345678", "11位"), ("0572-6012345", "固定电话"), ("138abc45678", "11位")],
)
def test_bad_mobile_names_the_field(raw: str, hint: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_mobile(raw)
    assert caught.value.for_field("phone")
    assert str(caught.value).startswith("手机号码：")
    assert raw in str(caught.value) and hint in str(caught.value)


def test_validate_landline() -> None:
    assert validate_landline("0572 6012345") == "0572-6012345"
    assert validate_landline("010-12345678") == "010-12345678"
    assert validate_landline("") == ""


@pytest.mark.parametrize(
    ("raw", "hint"),
    [
        ("6012345", "区号"),
        ("13812345678", "手机号码"),
        ("0572-6012345转801", "分机"),
        ("0572-12345", "区号"),
        ("0572-123456789", "区号"),
    ],
)
def test_bad_landline_names_the_field(raw: str, hint: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_landline(raw)
    assert caught.value.for_field("landline")
    assert str(caught.value).startswith("固定电话：")
    assert hint in str(caught.value)


# ---------------------------------------------------------------- ages


def test_age_on_counts_completed_years() -> None:
    assert age_on(date(1990, 7, 1), TODAY) == 36
    assert age_on(date(1990, 7, 2), TODAY) == 35
    assert age_on(date(2000, 2, 29), date(2001, 2, 28)) == 0
    assert age_on(date(2000, 2, 29), date(2001, 3, 1)) == 1


def test_party_age_counts_from_becoming_a_full_member() -> None:
    assert party_age(date(2000, 7, 1), TODAY) == 26
    assert party_age(date(2000, 7, 2), TODAY) == 25
    assert party_age(None, TODAY) is None  # 预备党员 have no party age yet


def test_party_age_correction() -> None:
    assert party_age(date(2000, 7, 1), TODAY, correction_years=2) == 28
    assert party_age(date(2000, 7, 1), TODAY, correction_years=-3) == 23
    assert party_age(date(2020, 7, 1), TODAY, correction_years=-10) == 0
    assert party_age(date(2030, 1, 1), TODAY) == 0


@settings(max_examples=200)
@given(dates, dates, dates, st.integers(-5, 5))
def test_party_age_never_falls_as_time_goes_on(
    confirmed: date, day1: date, day2: date, correction: int
) -> None:
    earlier, later = sorted((day1, day2))
    first = party_age(confirmed, earlier, correction)
    second = party_age(confirmed, later, correction)
    assert first is not None and second is not None
    assert 0 <= first <= second


# ---------------------------------------------------------------- member dates


def test_a_correct_full_member() -> None:
    assert check_member_dates("正式党员", date(1970, 1, 1), date(1995, 7, 1), date(1996, 7, 1), TODAY) == []


def test_a_correct_probationary_member() -> None:
    assert check_member_dates("预备党员", date(2000, 1, 1), date(2026, 1, 1), None, TODAY) == []


def test_old_full_member_without_confirmation_date_is_allowed() -> None:
    assert check_member_dates("正式党员", date(1940, 1, 1), date(1960, 7, 1), None, TODAY) == []


def test_missing_dates_are_not_this_function_s_business() -> None:
    assert check_member_dates("正式党员", None, None, None, TODAY) == []


def test_joined_not_after_birth() -> None:
    errors = check_member_dates("正式党员", date(1990, 5, 1), date(1990, 5, 1), None, TODAY)
    message = only_message(errors, "joined_on")
    assert message.startswith("加入党组织日期：") and "出生日期" in message and "1990年5月1日" in message


def test_joined_under_eighteen() -> None:
    errors = check_member_dates("正式党员", date(1990, 5, 1), date(2008, 4, 30), None, TODAY)
    message = only_message(errors, "joined_on")
    assert message.startswith("加入党组织日期：") and "17岁" in message and "18岁" in message
    assert check_member_dates("正式党员", date(1990, 5, 1), date(2008, 5, 1), None, TODAY) == []


def test_confirmed_before_joined() -> None:
    errors = check_member_dates("正式党员", date(1970, 1, 1), date(1995, 7, 1), date(1995, 6, 30), TODAY)
    message = only_message(errors, "confirmed_on")
    assert message.startswith("转为正式党员日期：") and "加入党组织日期" in message


def test_confirmed_on_the_day_of_joining_is_allowed() -> None:
    assert check_member_dates("正式党员", date(1970, 1, 1), date(1995, 7, 1), date(1995, 7, 1), TODAY) == []


def test_confirmed_not_after_birth_when_joining_date_is_unknown() -> None:
    errors = check_member_dates("正式党员", date(1970, 1, 1), None, date(1969, 1, 1), TODAY)
    assert only_message(errors, "confirmed_on").startswith("转为正式党员日期：")


def test_probationary_member_with_confirmation_date() -> None:
    errors = check_member_dates("预备党员", date(1990, 1, 1), date(2025, 1, 1), date(2026, 1, 1), TODAY)
    message = only_message(errors, "confirmed_on")
    assert "预备党员" in message and "正式党员" in message


@pytest.mark.parametrize("field", ["birth_date", "joined_on", "confirmed_on"])
def test_no_date_in_the_future(field: str) -> None:
    tomorrow = TODAY + timedelta(days=1)
    # Each case is otherwise consistent, so the future date is the only complaint.
    history: dict[str, tuple[date | None, date | None, date | None]] = {
        "birth_date": (tomorrow, None, None),
        "joined_on": (date(1970, 1, 1), tomorrow, None),
        "confirmed_on": (date(1970, 1, 1), date(1995, 7, 1), tomorrow),
    }
    errors = check_member_dates("正式党员", *history[field], TODAY)
    assert "晚于今天" in only_message(errors, field)
    assert fields(errors) == [field]


@settings(max_examples=200)
@given(dates, dates)
def test_joining_on_or_before_birth_is_always_rejected(birth: date, joined: date) -> None:
    assume(joined <= birth)
    assert "joined_on" in fields(check_member_dates("正式党员", birth, joined, None, date(2200, 1, 1)))


@settings(max_examples=200)
@given(dates, dates, dates)
def test_confirming_before_joining_is_always_rejected(birth: date, joined: date, confirmed: date) -> None:
    assume(confirmed < joined)
    assert "confirmed_on" in fields(
        check_member_dates("正式党员", birth, joined, confirmed, date(2200, 1, 1))
    )


@settings(max_examples=200)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(1990, 1, 1)), adult_days, st.integers(0, 3 * 365))
def test_plausible_histories_are_accepted(birth: date, days_to_joining: int, probation_days: int) -> None:
    joined = birth + timedelta(days=days_to_joining)
    confirmed = joined + timedelta(days=probation_days)
    assume(confirmed <= TODAY)
    assert check_member_dates("正式党员", birth, joined, confirmed, TODAY) == []


# ---------------------------------------------------------------- agreement with the ID number


def test_id_agrees() -> None:
    info = parse_id_number(make_id_number("330522", date(1970, 5, 6), 13))
    assert check_id_agrees(info, date(1970, 5, 6), "男") == []
    assert check_id_agrees(info, None, None) == []


def test_birth_date_disagrees_with_id() -> None:
    info = parse_id_number(make_id_number("330522", date(1970, 5, 6), 13))
    message = only_message(check_id_agrees(info, date(1970, 6, 5), "男"), "birth_date")
    assert message.startswith("出生日期：") and "公民身份号码" in message
    assert "1970年6月5日" in message and "1970年5月6日" in message


def test_gender_disagrees_with_id() -> None:
    info = parse_id_number(make_id_number("330522", date(1970, 5, 6), 14))
    message = only_message(check_id_agrees(info, date(1970, 5, 6), "男"), "gender")
    assert message.startswith("性别：") and "公民身份号码" in message and "男" in message and "女" in message


# ---------------------------------------------------------------- choice lists


def test_constants() -> None:
    assert CATEGORIES == ("正式党员", "预备党员")
    assert GENDERS == ("男", "女")
    assert len(ETHNICITIES) == 56 == len(set(ETHNICITIES))
    assert all(e.endswith("族") for e in ETHNICITIES)
    assert "无" in PARTY_POSTS and "书记" in PARTY_POSTS
    assert STATUS_REASONS == ("转出", "去世", "出党", "停止党籍")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        *((e, e) for e in EDUCATIONS),
        ("中专", "中等专科"),
        ("大专", "大学专科"),
        ("本科", "大学本科"),
        ("硕士研究生", "研究生"),
        ("博士", "研究生"),
        ("初中文化", "初中"),
        ("高中毕业", "高中"),
        ("小学", "小学及以下"),
        ("文盲", "小学及以下"),
        (" 大 专 ", "大学专科"),
        ("", ""),
    ],
)
def test_normalize_education(raw: str, expected: str) -> None:
    assert normalize_education(raw) == expected


@pytest.mark.parametrize("raw", ["高中及以下", "初中及以下", "党校大专", "中央党校大学"])
def test_education_is_never_narrowed(raw: str) -> None:
    """Issue 13: "高中及以下" was stored as 高中 — a different value. Now it is kept as written, with a warning."""
    with pytest.raises(ValidationError):
        normalize_education(raw)
    stored, warning = education_as_written(raw)
    assert stored == raw and warning is not None and "原样" in warning


def test_unknown_education_lists_the_choices() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_education("幼儿园大班")
    assert caught.value.for_field("education")
    assert str(caught.value).startswith("学历：") and "大学本科" in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("汉", "汉族"),
        ("汉族", "汉族"),
        (" 回 ", "回族"),
        ("维吾尔", "维吾尔族"),
        ("维族", "维吾尔族"),
        ("蒙古", "蒙古族"),
        ("土", "土族"),
        ("佘族", "畲族"),
        ("", ""),
    ],
)
def test_normalize_ethnicity(raw: str, expected: str) -> None:
    assert normalize_ethnicity(raw) == expected


def test_every_ethnicity_with_and_without_zu() -> None:
    for name in ETHNICITIES:
        assert normalize_ethnicity(name) == name
        assert normalize_ethnicity(name[:-1]) == name


def test_unknown_ethnicity() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_ethnicity("火星")
    assert caught.value.for_field("ethnicity")
    assert str(caught.value).startswith("民族：")


@pytest.mark.parametrize(
    "raw", ["是", "√", "✓", "对", "Y", "y", "yes", "YES", "1", "true", "TRUE", "有", "Ｙ", True, 1]
)
def test_yes(raw: str | bool | int) -> None:
    assert parse_yes_no(raw) is True


@pytest.mark.parametrize("raw", ["否", "×", "N", "no", "0", "false", "FALSE", "无", "", "  ", False, 0])
def test_no(raw: str | bool | int) -> None:
    assert parse_yes_no(raw) is False


def test_absent_is_none() -> None:
    assert parse_yes_no(None) is None


def test_unreadable_yes_no_names_the_column() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_yes_no("也许", "是否为流动党员", field="is_mobile")
    assert caught.value.for_field("is_mobile")
    message = str(caught.value)
    assert (
        message.startswith("是否为流动党员：") and "也许" in message and "是" in message and "否" in message
    )
