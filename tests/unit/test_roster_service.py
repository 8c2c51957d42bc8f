"""Roster services: validation, saving, audit, leaving, search, as a clerk would notice them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from app.db.database import Database
from app.domain import pinyin
from app.domain.errors import UserError, ValidationError
from app.domain.id_number import make_id_number
from app.services import audit, organizations, roster

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


def _setup(db: Database) -> tuple[str, str]:
    root = organizations.set_up(db, "测试村党总支")
    branch = organizations.add_unit(db, root, "第一党支部", "党支部")
    return root, branch


def _draft(branch: str, **overrides: object) -> roster.MemberDraft:
    values: dict[str, object] = {
        "name": "王膑",
        "id_number": make_id_number("330522", dt.date(1980, 5, 6), 123),  # odd sequence: 男
        "category": "正式党员",
        "branch_id": branch,
        "joined_on": dt.date(2005, 7, 1),
        "confirmed_on": dt.date(2006, 7, 1),
        "phone": "138 0000 1234",
    }
    values.update(overrides)
    return roster.MemberDraft(**values)  # type: ignore[arg-type]


def test_add_fills_birth_date_and_gender_from_id_and_audits(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch))
    row = roster.list_members(empty_db)[0]
    assert row.id == member_id
    assert (row.birth_date, row.gender, row.phone) == (dt.date(1980, 5, 6), "男", "13800001234")
    assert (row.pinyin_full, row.pinyin_initials) == ("wangbin", "wb")
    assert any(a.action == "create" for a in audit.history(empty_db, "member", member_id))


def test_party_age_counts_from_confirmation_with_correction(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch, party_age_correction=2))
    today = dt.date(2026, 6, 30)
    assert roster.list_members(empty_db, today=today)[0].party_age == 19 + 2
    assert roster.get_member(empty_db, member_id, today=dt.date(2026, 7, 1)).party_age == 20 + 2


def test_probationary_member_has_no_party_age_and_no_confirmation_date(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    with pytest.raises(ValidationError) as err:
        roster.add_member(empty_db, _draft(branch, category="预备党员"))
    assert err.value.for_field("confirmed_on")
    roster.add_member(empty_db, _draft(branch, category="预备党员", confirmed_on=None))
    assert roster.list_members(empty_db)[0].party_age is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "330522198005061230"}, "id_number"),  # wrong check character
        ({"id_number": "3.30522E+17"}, "id_number"),
        ({"gender": "女"}, "gender"),
        ({"birth_date": dt.date(1981, 1, 1)}, "birth_date"),
        ({"joined_on": dt.date(1979, 1, 1)}, "joined_on"),
        ({"phone": "12345"}, "phone"),
        ({"name": "  "}, "name"),
        ({"branch_id": None}, "branch"),
    ],
)
def test_bad_input_is_rejected_with_a_message_naming_the_field(
    empty_db: Database, overrides: dict[str, object], field: str
) -> None:
    _, branch = _setup(empty_db)
    with pytest.raises(ValidationError) as err:
        roster.add_member(empty_db, _draft(branch, **overrides))
    messages = [e for e in err.value.errors if e.field == field]
    assert messages, err.value.errors
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in messages)
    assert roster.list_members(empty_db, status="all") == []


def test_the_same_person_cannot_be_added_twice(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    roster.add_member(empty_db, _draft(branch))
    with pytest.raises(ValidationError, match="已登记"):
        roster.add_member(empty_db, _draft(branch, name="王斌"))
    assert len(roster.list_members(empty_db, status="all")) == 1


def test_edit_is_audited_before_and_after(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch))
    changed = roster.set_fields(empty_db, member_id, {"手机号码": "139-1111-2222", "address": "丁新村1号"})
    assert changed == 2
    rows = {a.field: a for a in audit.history(empty_db, "member", member_id) if a.action == "update"}
    assert (rows["phone"].before, rows["phone"].after) == ("13800001234", "13911112222")
    assert rows["address"].after == "丁新村1号"


def test_set_fields_is_all_or_nothing(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch))
    with pytest.raises(ValidationError) as err:
        roster.set_fields(
            empty_db, member_id, {"address": "新地址", "出生日期": "1980-13-40", "colour": "red"}
        )
    assert {e.field for e in err.value.errors} >= {"birth_date", "colour"}
    assert roster.list_members(empty_db)[0].address == ""


def test_leaving_keeps_the_record_and_history(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch))
    roster.leave_member(empty_db, member_id, "转出", dt.date(2026, 3, 1), destination="湖州市吴兴区")
    assert roster.list_members(empty_db) == []
    everyone = roster.list_members(empty_db, status="all")
    assert [(r.status, r.left_to) for r in everyone] == [("转出", "湖州市吴兴区")]
    detail = roster.get_member(empty_db, member_id)
    assert [h.status for h in detail.history] == ["转出"]
    with pytest.raises(UserError):
        roster.leave_member(empty_db, member_id, "去世", dt.date(2026, 4, 1))
    roster.reinstate_member(empty_db, member_id, dt.date(2026, 5, 1), "转回本村")
    assert [h.status for h in roster.get_member(empty_db, member_id).history] == ["转出", "在册"]
    assert len(roster.list_members(empty_db)) == 1


def test_leave_needs_a_known_reason_and_a_destination_for_transfers(empty_db: Database) -> None:
    _, branch = _setup(empty_db)
    member_id = roster.add_member(empty_db, _draft(branch))
    with pytest.raises(ValidationError):
        roster.leave_member(empty_db, member_id, "开除", dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="转往|转出"):
        roster.leave_member(empty_db, member_id, "转出", dt.date(2026, 3, 1))
    assert roster.list_members(empty_db)[0].status == "在册"


def test_search_by_name_initials_full_pinyin_and_last_digits(demo_db: Database) -> None:
    rows = roster.list_members(demo_db)
    target = rows[7]

    def found(query: str) -> list[str]:
        q = pinyin.normalize_query(query)
        return [r.id for r in rows if pinyin.matches(roster.search_key(r), q)]

    assert target.id in found(target.name)
    assert target.id in found(target.pinyin_initials.upper())
    assert target.id in found(target.pinyin_full)
    assert target.id in found(target.id_number[-4:])
    assert target.id in found(target.phone[-4:])
    assert found("zzzzqqq") == []


def test_branch_filter_includes_groups_and_top_lists_everyone(demo_db: Database) -> None:
    everyone = roster.list_members(demo_db)
    top = organizations.root(demo_db)
    assert top is not None
    assert len(roster.list_members(demo_db, branch_id=top.id)) == len(everyone)
    branch = organizations.find_unit(demo_db, "第一党支部")
    in_branch = roster.list_members(demo_db, branch_id=branch.id)
    assert in_branch and all(r.branch == "第一党支部" for r in in_branch)


def test_organisation_rules(demo_db: Database) -> None:
    top = organizations.root(demo_db)
    assert top is not None
    branch = organizations.find_unit(demo_db, "第一党支部")
    with pytest.raises(UserError, match="党员"):
        organizations.delete_unit(demo_db, branch.id)
    new = organizations.add_unit(demo_db, top.id, "流动党员党支部", "党支部")
    group = organizations.add_unit(demo_db, new, "外出务工党小组", "党小组")
    with pytest.raises(ValidationError):
        organizations.move_unit(demo_db, new, group)
    with pytest.raises(ValidationError):
        organizations.add_unit(demo_db, top.id, "第一党支部", "党支部")
    organizations.delete_unit(demo_db, group)
    organizations.delete_unit(demo_db, new)
    organizations.rename_unit(demo_db, top.id, "丁新村党委")
    assert organizations.organization_name(demo_db) == "丁新村党委"


def test_grids_cannot_be_deleted_while_members_live_there(demo_db: Database) -> None:
    grid = next(g for g in organizations.grids(demo_db) if g.active_members)
    with pytest.raises(UserError):
        organizations.delete_grid(demo_db, grid.id)
    new = organizations.save_grid(demo_db, None, "新网格", households=380, responsible="张三")
    organizations.delete_grid(demo_db, new)


def test_demo_is_reproducible(tmp_path: object) -> None:
    from pathlib import Path

    from app import demo

    base = Path(str(tmp_path))
    names = []
    for folder in ("a", "b"):
        db = Database.open(base / folder)
        demo.make_demo(db, members=40, seed=9, today=dt.date(2026, 11, 1))
        names.append([(r.id, r.name, r.id_number) for r in roster.list_members(db, status="all")])
        db.close()
    assert names[0] == names[1]


def test_demo_members_are_valid_and_include_rare_cases(tmp_path: object) -> None:
    from pathlib import Path

    from app import demo

    db = Database.open(Path(str(tmp_path)) / "d")
    demo.make_demo(db, members=400, seed=2)
    rows = roster.list_members(db, status="all")
    for r in rows:
        draft = roster.get_member(db, r.id).draft
        _, errors = roster.check_draft(draft)
        assert errors == [], (r.name, errors)
    assert {r.category for r in rows} == {"正式党员", "预备党员"}
    assert any(r.is_mobile for r in rows) and any(r.status != "在册" for r in rows)
    assert any(r.name[0] in "单曾解仇区查朴" or r.name[:2] in ("欧阳", "诸葛", "司马") for r in rows)
    assert all(r.id_number.startswith("330522") for r in rows)
    db.close()


text_values = st.one_of(
    st.text(max_size=25), st.sampled_from(["", " ", "3.30522E+17", "１３８", "x", "1985年3月"])
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    name=text_values, id_number=text_values, phone=text_values, landline=text_values, ethnicity=text_values
)
def test_check_draft_never_crashes(
    name: str, id_number: str, phone: str, landline: str, ethnicity: str
) -> None:
    draft = roster.MemberDraft(
        name=name, id_number=id_number, phone=phone, landline=landline, ethnicity=ethnicity, branch_id="x"
    )
    normalized, errors = roster.check_draft(draft)
    if not errors:
        assert len(normalized.id_number) == 18
