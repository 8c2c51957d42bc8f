"""The sheets clerks really keep (tests/fixtures/clerk_sheets.py): WPS titles and two-row headers with merged
cells, totals and signature rows, rows pasted twice, 性别 as other systems write it, web pages saved as .xls,
and the 住户台账 — each imported, or refused naming the row and the column with nothing written."""

from __future__ import annotations

from pathlib import Path

import clerk_sheets
import pytest
from sqlalchemy import func, select

from app.backup.auto import list_backups
from app.db.database import Database
from app.db.models import Member
from app.db.models_service import Household
from app.domain.dates import parse_date
from app.domain.errors import UserError, ValidationError
from app.domain.text_rules import tidy_name
from app.excel import reader
from app.services import organizations, roster_excel as importer
from app.services.residents import household_import


@pytest.fixture
def village(empty_db: Database) -> Database:
    root = organizations.set_up(empty_db, "丁新村党总支")
    organizations.add_unit(empty_db, root, "第一党支部", "党支部")
    organizations.add_unit(empty_db, root, "第二党支部", "党支部")
    return empty_db


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_wps_roster_with_merged_two_row_header_totals_and_signatures(
    village: Database, tmp_path: Path
) -> None:
    path = clerk_sheets.build_wps(tmp_path / "花名册.xlsx")
    plan = importer.plan_import(village, path)
    # 序号/姓名 are merged down over rows 3–4, the other names sit under 基本信息/党内信息/联系方式.
    assert (plan.header_start, plan.header_row) == (3, 4) and plan.header_rows_text == "第 3–4 行"
    assert plan.title == clerk_sheets.TITLE
    by_row = {r.row: r for r in plan.rows}
    rows = clerk_sheets.WPS_ROWS
    assert not plan.has_errors, [r.reason_text for r in plan.rows if r.status == importer.ERROR]
    assert [by_row[rows[k]].status for k in ("zhang", "li", "wang")] == [importer.NEW] * 3
    assert "表尾" in by_row[rows["signatures"]].reasons[0].message  # 审核人 in the ID column is no person
    assert "表尾" in by_row[rows["date"]].reasons[0].message
    assert "合计" in by_row[rows["totals"]].reasons[0].message
    zhang, li, wang = (by_row[rows[k]].draft for k in ("zhang", "li", "wang"))
    assert zhang and li and wang
    assert (zhang.name, zhang.id_number, zhang.joined_day_unknown) == (
        "张三",
        clerk_sheets.pid(1970, 1, 1, 11),
        True,
    )
    assert (li.name, li.gender, li.category) == ("李堃", "男", "预备党员")
    assert (wang.name, wang.id_number, str(wang.birth_date)) == (
        "王䶮",
        clerk_sheets.pid(1974, 5, 5, 18),
        "1974-05-05",
    )
    result = importer.apply_plan(village, plan)
    assert result.created == 3 and _count(village, Member) == 3


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_branch_merged_down_over_its_members(village: Database, tmp_path: Path, suffix: str) -> None:
    plan = importer.plan_import(village, clerk_sheets.build_merged_branch(tmp_path / f"合并{suffix}"))
    assert not plan.has_errors, [r.reason_text for r in plan.rows]
    names = {u.id: u.name for u in organizations.units(village)}
    assert [names[r.draft.branch_id] for r in plan.rows if r.draft] == ["第一党支部"] * 3 + ["第二党支部"]


def test_one_member_written_over_two_lines_is_not_taken_twice(village: Database, tmp_path: Path) -> None:
    """姓名 and 公民身份号码 merged over two lines (a second phone number under the first): one member."""
    rows: list[list[object]] = [
        ["姓名", "公民身份号码", "所在党支部", "手机号码"],
        ["吴一", clerk_sheets.pid(1960, 1, 1, 1), "第一党支部", "13812345678"],
        [None, None, None, "13900000000"],
        ["吴二", clerk_sheets.pid(1961, 1, 1, 3), "第一党支部", "13700000000"],
    ]
    path = clerk_sheets.save(tmp_path / "两行.xlsx", rows, merges=("A2:A3", "B2:B3", "C2:C3"))
    first, second, other = importer.plan_import(village, path).rows
    assert (first.status, other.status) == (importer.NEW, importer.NEW)
    assert second.status == importer.SKIP and "不是党员数据" in second.reasons[0].message


def test_a_row_pasted_twice_is_skipped_the_same_person_differing_is_an_error(
    village: Database, tmp_path: Path
) -> None:
    plan = importer.plan_import(village, clerk_sheets.build_duplicates(tmp_path / "重复.xlsx"))
    first, again, other = plan.rows
    assert first.status == importer.NEW
    assert again.status == importer.SKIP and "与第 2 行完全相同" in again.reasons[0].message
    assert other.status == importer.ERROR
    message = other.reasons[0].message
    assert "第 2 行" in message and "手机号码" in message and "13900000000" in message
    with pytest.raises(UserError, match="没有导入任何数据"):
        importer.apply_plan(village, plan)
    assert _count(village, Member) == 0


def test_gender_as_other_systems_write_it(village: Database, tmp_path: Path) -> None:
    plan = importer.plan_import(village, clerk_sheets.build_genders(tmp_path / "性别.xlsx"))
    *read, unknown = plan.rows
    assert [r.draft.gender for r in read if r.draft] == ["男", "女", "男", "女", "男", "女"]
    assert all(r.status == importer.NEW for r in read)
    # One message for a value that is neither 男 nor 女, not also "differs from the ID".
    assert unknown.status == importer.ERROR
    assert [i.message for i in unknown.reasons] == ["性别只能是“男”或“女”，不能是“未知”"]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("<html><body><table><tr><td>姓名</td></tr></table></body></html>".encode(), "网页格式"),
        ("姓名\t身份证号码\n张三\t330522197001010117\n".encode("gbk"), "文本格式"),
    ],
)
def test_web_page_or_text_saved_as_xls_is_named(tmp_path: Path, content: bytes, kind: str) -> None:
    path = tmp_path / "导出.xls"
    path.write_bytes(content)
    with pytest.raises(UserError, match=kind) as caught:
        reader.read_table(path)
    assert "另存为" in str(caught.value)


def test_gbk_csv_is_refused_with_a_way_forward(tmp_path: Path) -> None:
    path = tmp_path / "花名册.csv"
    path.write_bytes("姓名,公民身份号码\n张三,330522197001010117\n".encode("gbk"))
    with pytest.raises(UserError, match="另存为 .xlsx"):
        reader.read_table(path)


def test_names_lose_the_spaces_that_line_them_up() -> None:
    assert tidy_name(" 张 三 ") == "张三"
    assert tidy_name("王\u3000䶮") == "王䶮"
    assert tidy_name("李 𠮷") == "李𠮷"  # CJK Extension B
    assert tidy_name("Maria  Lopez ") == "Maria Lopez"


def test_household_sheet_with_title_totals_and_signatures(village: Database, tmp_path: Path) -> None:
    path = clerk_sheets.build_households(tmp_path / "住户.xlsx")
    plan = household_import.plan_household_import(village, path)
    assert plan.header_row == 2  # found under the title by the household column names (户主, 门牌号, 人口)
    actions = {r.row: (r.action, r.message) for r in plan.rows}
    assert actions[3][0] == actions[4][0] == household_import.NEW
    assert actions[5] == (household_import.ERROR, "“人口”列：人口数“3.5”不是整数")
    assert actions[6][0] == actions[7][0] == household_import.SKIP
    assert "表尾" in actions[7][1]
    new = [r for r in plan.rows if r.action == household_import.NEW]
    assert [(r.values["head_name"], r.values["size"]) for r in new] == [("张三", 3), ("李四", 4)]
    # An error row: nothing is written (as with the roster) unless the clerk asks for the good rows only.
    with pytest.raises(UserError, match="第 5 行"):
        household_import.apply_household_import(village, plan)
    assert _count(village, Household) == 0
    assert household_import.apply_household_import(village, plan, skip_invalid=True) == 2
    assert _count(village, Household) == 2
    assert [b for b in list_backups(village.data_dir) if b.manifest.get("reason") == "before-import"]


def test_household_sheet_without_a_header_names_household_columns(village: Database, tmp_path: Path) -> None:
    path = tmp_path / "杂表.xlsx"
    clerk_sheets.save(path, [["丁新村"], ["甲", "乙"], ["1", "2"]])
    with pytest.raises(UserError, match="“地址”“户主”"):
        household_import.plan_household_import(village, path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2001年7月1号", (2001, 7, 1, False)),
        ("2001.7.", (2001, 7, 1, True)),
        ("2001.07.01.", (2001, 7, 1, False)),
    ],
)
def test_dates_as_clerks_end_them(text: str, expected: tuple[int, int, int, bool]) -> None:
    parsed = parse_date(text, allow_month=True)
    assert parsed is not None
    assert (parsed.value.year, parsed.value.month, parsed.value.day, parsed.day_unknown) == expected


def test_a_year_alone_is_refused_saying_so() -> None:
    with pytest.raises(ValidationError, match="只有年份，请至少写出年月"):
        parse_date("2001年", "加入党组织日期", allow_month=True)


def test_a_15_digit_number_id_is_named_as_the_old_number(village: Database, tmp_path: Path) -> None:
    header = ["姓名", "公民身份号码", "所在党支部"]
    path = clerk_sheets.save(tmp_path / "旧号码.xlsx", [header, ["丁一", 330522700101011, "第一党支部"]])
    (row,) = importer.plan_import(village, path).rows
    assert row.status == importer.ERROR
    assert "15位的旧号码" in row.reasons[0].message and "丢失" not in row.reasons[0].message


def test_more_header_names_offices_use() -> None:
    from app.excel.columns import field_for_header

    found = [
        field_for_header(h) for h in ("党员类型", "所属党组织", "证件号", "手机/电话", "联系电话（手机）")
    ]
    assert found == ["category", "branch", "id_number", "phone", "phone"]


def test_a_phone_number_shown_as_1_38e10_is_refused_saying_why() -> None:
    from app.domain.roster_rules import validate_mobile

    with pytest.raises(ValidationError, match="被 Excel 当成数字后显示的样子"):
        validate_mobile("1.38E+10")
    assert validate_mobile("13812345678.0") == validate_mobile("138-1234-5678") == "13812345678"


def test_a_damaged_file_is_refused_in_chinese(tmp_path: Path) -> None:
    import zipfile

    good = clerk_sheets.build_duplicates(tmp_path / "好.xlsx")
    bad = tmp_path / "没复制完.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    with pytest.raises(UserError) as caught:
        reader.read_table(bad)
    message = str(caught.value)
    assert "已损坏" in message and "Error" not in message  # not the reader's own English words


def test_a_member_row_with_a_note_is_not_taken_for_a_footer(village: Database, tmp_path: Path) -> None:
    header = ["序号", "姓名", "公民身份号码", "所在党支部", "备注"]
    path = clerk_sheets.save(
        tmp_path / "备注.xlsx", [header, [1, "郑九", None, "第一党支部", "说明：身份证待补"]]
    )
    (row,) = importer.plan_import(village, path).rows
    assert row.status == importer.ERROR and "公民身份号码没有填写" in row.reason_text
