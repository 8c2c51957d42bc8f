"""Excel roster import/export: messy real-world sheets, all-or-nothing writes, round trip, file messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from pathlib import Path

import messy_roster
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry, Member
from app.domain.errors import UserError, ValidationError
from app.domain.id_number import make_id_number
from app.excel import reader
from app.services import organizations, roster, roster_excel as exporter, roster_excel as importer


@pytest.fixture
def village(empty_db: Database) -> Database:
    root = organizations.set_up(empty_db, "丁新村党总支")
    organizations.add_unit(empty_db, root, "第一党支部", "党支部")
    organizations.add_unit(empty_db, root, "第二党支部", "党支部")
    return empty_db


def _member_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Member)) or 0


def _audit_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _add_existing(db: Database) -> str:
    draft = roster.MemberDraft()
    for key, value in messy_roster.existing_member_for_update().items():
        roster.set_from_text(db, draft, key, value)
    draft.branch_id = organizations.find_unit(db, "第一党支部").id
    return roster.add_member(db, draft)


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_messy_sheet_plan_marks_every_row(village: Database, tmp_path: Path) -> None:
    _add_existing(village)
    path = messy_roster.build(tmp_path / "messy.xlsx")
    before = _member_count(village)
    plan = importer.plan_import(village, path)
    assert _member_count(village) == before  # a plan never writes
    assert plan.sheet == "花名册" and plan.sheet_names == ["花名册", "说明"]
    assert plan.header_row == 4
    assert plan.unknown_columns == ["微信号"]
    assert plan.branches_created == ["新村党支部"]
    status = {r.row: r for r in plan.rows}
    R = messy_roster.ROWS
    assert status[R["ok_text_id"]].status == importer.NEW
    assert status[R["numeric_id"]].status == importer.ERROR
    assert "格式设为“文本”" in status[R["numeric_id"]].reasons[0].message
    assert len(status[R["numeric_id"]].reasons) == 1  # no follow-on noise
    assert status[R["year_month"]].status == importer.NEW
    assert any("日不详" in w.message for w in status[R["year_month"]].warnings)
    assert status[R["serial_dates"]].draft is not None
    assert status[R["serial_dates"]].draft.joined_on == dt.date(2001, 7, 1)
    for key in ("blank", "repeated_header", "totals", "footer"):
        assert status[R[key]].status == importer.SKIP, key
    dup = status[R["duplicate"]]
    assert dup.status == importer.ERROR and f"第 {R['ok_text_id']} 行" in dup.reasons[0].message
    assert status[R["new_branch"]].status == importer.NEW
    spaced = status[R["spaced_id"]]
    assert spaced.status == importer.NEW and spaced.id_number == messy_roster.ID_X
    assert status[R["probationary"]].draft is not None
    assert status[R["probationary"]].draft.category == "预备党员"
    upd = status[R["update"]]
    assert upd.status == importer.UPDATE
    assert {c.label for c in upd.changes} == {"学历", "工作岗位", "手机号码"}
    assert max(status) == R["footer"]


def test_import_is_all_or_nothing(village: Database, tmp_path: Path) -> None:
    existing = _add_existing(village)
    path = messy_roster.build(tmp_path / "messy.xlsx")
    plan = importer.plan_import(village, path)
    members, audits = _member_count(village), _audit_count(village)
    with pytest.raises(UserError, match="没有导入任何数据"):
        importer.apply_plan(village, plan)
    assert (_member_count(village), _audit_count(village)) == (members, audits)
    assert organizations.find_unit(village, "第一党支部")
    with pytest.raises(UserError):
        organizations.find_unit(village, "新村党支部")

    from app.backup.auto import list_backups

    assert not [b for b in list_backups(village.data_dir) if b.manifest.get("reason") == "before-import"]
    result = importer.apply_plan(village, plan, skip_invalid=True)
    assert (result.created, result.updated) == (6, 1)
    # A safety backup of the data as it was before the import, restorable like any other.
    assert [b for b in list_backups(village.data_dir) if b.manifest.get("reason") == "before-import"]
    assert result.branches_created == ["新村党支部"]
    assert _member_count(village) == members + 6
    new = organizations.find_unit(village, "新村党支部")
    assert new.parent_id == organizations.root(village).id  # type: ignore[union-attr]
    with village.session() as s:
        creates = s.scalar(
            select(func.count()).where(AuditEntry.action == "create", AuditEntry.entity == "member")
        )
        updates = list(
            s.scalars(
                select(AuditEntry.field).where(
                    AuditEntry.entity_id == existing, AuditEntry.action == "update"
                )
            )
        )
    assert creates == 7  # the existing member + 6 imported
    assert sorted(updates) == ["education", "job", "phone"]
    detail = roster.get_member(village, existing)
    assert detail.draft.phone == "13500006666"
    # Importing the same file again changes nothing and never creates a second member.
    again = importer.plan_import(village, path)
    assert again.count(importer.NEW) == 0 and again.count(importer.UPDATE) == 0
    importer.apply_plan(village, again, skip_invalid=True)
    assert _member_count(village) == members + 6


def test_plan_that_went_stale_writes_nothing(village: Database, tmp_path: Path) -> None:
    path = messy_roster.build(tmp_path / "messy.xlsx")
    plan = importer.plan_import(village, path)
    # Someone adds one of the sheet's people by hand between the preview and the import.
    draft = roster.MemberDraft(name="陈志文", id_number=messy_roster.ID_NEW_BRANCH)
    draft.branch_id = organizations.find_unit(village, "第一党支部").id
    roster.add_member(village, draft)
    members = _member_count(village)
    with pytest.raises(ValidationError, match="第 12 行"):
        importer.apply_plan(village, plan, skip_invalid=True)
    assert _member_count(village) == members
    with pytest.raises(UserError):
        organizations.find_unit(village, "新村党支部")


def test_round_trip_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    # One member whose 入党 day is unknown: exported as text "1998年7月", read back as day-unknown.
    some = roster.list_members(demo_db)[0]
    draft = roster.get_member(demo_db, some.id).draft
    draft.joined_on, draft.joined_day_unknown = dt.date(draft.joined_on.year, draft.joined_on.month, 1), True  # type: ignore[union-attr]
    roster.update_member(demo_db, some.id, draft)
    for kind in ("national", "full"):
        path = tmp_path / f"{kind}.xlsx"
        n = exporter.export_roster(demo_db, path, kind=kind)
        assert n == len(roster.list_members(demo_db))
        plan = importer.plan_import(demo_db, path)
        assert plan.unknown_columns == []
        assert [r for r in plan.rows if not r.unchanged] == [], [
            r.reason_text for r in plan.rows if not r.unchanged
        ][:3]
        assert len(plan.rows) == n


def test_export_cells_are_text_ids_and_chinese_dates(demo_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    exporter.export_roster(demo_db, path, kind="full", today=dt.date(2026, 5, 1))
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    assert "丁新村党总支" in str(ws["A1"].value) and "2026年5月1日" in str(ws["A1"].value)
    header = [c.value for c in ws[2]]
    assert header[:6] == ["序号", "姓名", "性别", "民族", "公民身份号码", "出生日期"]
    assert ws.freeze_panes == "C3"
    id_cell, birth = ws.cell(3, 5), ws.cell(3, 6)
    assert id_cell.data_type == "s" and id_cell.number_format == "@" and len(id_cell.value) == 18
    assert isinstance(birth.value, dt.datetime) and birth.number_format == exporter.DATE_FORMAT
    phone_col = header.index("手机号码") + 1
    assert ws.cell(3, phone_col).number_format == "@"
    assert ws.column_dimensions["E"].width >= 18
    assert not list(tmp_path.glob(".~*"))  # the temporary file was renamed, not left behind


def test_export_one_branch(demo_db: Database, tmp_path: Path) -> None:
    branch = organizations.find_unit(demo_db, "第一党支部")
    n = exporter.export_roster(demo_db, tmp_path / "b.xlsx", branch_id=branch.id)
    assert n == len(roster.list_members(demo_db, branch_id=branch.id)) > 0
    with pytest.raises(ValidationError, match=".xlsx"):
        exporter.export_roster(demo_db, tmp_path / "b.csv")


@pytest.mark.parametrize(
    ("value", "key", "expected"),
    [
        (dt.datetime(1998, 7, 1), "joined_on", (dt.date(1998, 7, 1), False)),
        (36000, "joined_on", (dt.date(1998, 7, 24), False)),
        (1998.07, "joined_on", (dt.date(1998, 7, 1), True)),
        (1998.12, "confirmed_on", (dt.date(1998, 12, 1), True)),
        (19850312, "birth_date", (dt.date(1985, 3, 12), False)),
        ("1985/3/12", "birth_date", (dt.date(1985, 3, 12), False)),
        ("1985.03.12", "birth_date", (dt.date(1985, 3, 12), False)),
        ("1985年3月12日", "birth_date", (dt.date(1985, 3, 12), False)),
        ("1998年7月", "joined_on", (dt.date(1998, 7, 1), True)),
        ("1998.07", "joined_on", (dt.date(1998, 7, 1), True)),
    ],
)
def test_convert_date(value: object, key: str, expected: tuple[dt.date, bool]) -> None:
    assert importer.convert_date(value, key) == expected


@pytest.mark.parametrize(
    ("value", "match"), [(1998.1, "1月还是10月"), (1998, "只有年份"), ("明年", "看不懂")]
)
def test_convert_date_rejects(value: object, match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        importer.convert_date(value, "joined_on")


def test_file_messages(village: Database, tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    cases = {
        "old.xls": (ole, "另存为"),
        "locked.xlsx": (ole + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100, "密码"),
        "empty.xlsx": (b"", "空的"),
        "notes.xlsx": ("这不是表格".encode(), "其实是文本格式"),  # a text file under a spreadsheet name
        "list.csv": ("姓名,身份证号\n".encode(), "文本文件"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(UserError, match=message):
            importer.plan_import(village, path)
    other_zip = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("word/document.xml", "<x/>")
    with pytest.raises(UserError, match="不是 Excel 表格"):
        importer.plan_import(village, other_zip)
    with pytest.raises(UserError, match="找不到文件"):
        importer.plan_import(village, tmp_path / "missing.xlsx")
    # The system refuses the name itself (longer than a file name may be): a message, not a crash.
    with pytest.raises(UserError, match="文件名或路径太长"):
        importer.plan_import(village, tmp_path / ("长" * 300 + ".xlsx"))
    blank = _sheet(tmp_path / "blank.xlsx", [])
    with pytest.raises(UserError, match="是空的"):
        importer.plan_import(village, blank)
    no_header = _sheet(tmp_path / "nohead.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(UserError, match="没有找到表头"):
        importer.plan_import(village, no_header)
    no_id = _sheet(tmp_path / "noid.xlsx", [["姓名", "性别", "民族"], ["王五", "男", "汉"]])
    with pytest.raises(UserError, match="公民身份号码"):
        importer.plan_import(village, no_id)
    with pytest.raises(UserError, match="没有名为“不存在”的工作表"):
        importer.plan_import(village, messy_roster.build(tmp_path / "m.xlsx"), sheet="不存在")


def test_too_many_rows_stops_with_a_message(
    village: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_DATA_ROWS", 20)
    rows: list[list[object]] = [["姓名", "公民身份号码"]]
    rows += [[f"人{i}", make_id_number("330522", dt.date(1980, 1, 1), i)] for i in range(1, 40)]
    path = _sheet(tmp_path / "big.xlsx", rows)
    with pytest.raises(UserError, match="一次最多导入 20 行"):
        importer.plan_import(village, path)


def test_two_row_header_and_mapping_override(village: Database, tmp_path: Path) -> None:
    pid = make_id_number("330522", dt.date(1980, 1, 1), 11)
    path = _sheet(
        tmp_path / "two.xlsx",
        [
            ["姓名", "公民身份号码", "联系电话", None, "所属支部", "电话2"],
            [None, None, "手机号码", "固定电话", None, None],
            ["王五", pid, "13800001111", "0572-6012345", "第一党支部", "13900002222"],
        ],
    )
    plan = importer.plan_import(village, path)
    assert plan.header_row == 2
    row = plan.rows[0]
    assert row.row == 3 and row.status == importer.NEW
    assert row.draft is not None and (row.draft.phone, row.draft.landline) == ("13800001111", "0572-6012345")
    assert plan.unknown_columns == ["电话2"]
    mapping = plan.mapping()
    mapping[2], mapping[5] = None, "phone"  # the clerk says: the phone is in 电话2
    plan2 = importer.plan_import(village, path, mapping=mapping)
    assert plan2.rows[0].draft is not None and plan2.rows[0].draft.phone == "13900002222"
    mapping[2] = "phone"
    with pytest.raises(UserError, match="请只选一列"):
        importer.plan_import(village, path, mapping=mapping)


def test_save_error_rows(village: Database, tmp_path: Path) -> None:
    plan = importer.plan_import(village, messy_roster.build(tmp_path / "m.xlsx"))
    out = tmp_path / "errors.xlsx"
    assert importer.save_error_rows(plan, out) == 2
    ws = load_workbook(out).active
    assert ws is not None
    header = [c.value for c in ws[1]]
    assert header[-1] == "错误原因" and header[: len(plan.headers)] == plan.headers
    assert ws.max_row == 3
    assert "格式设为“文本”" in str(ws.cell(2, len(header)).value)
    assert ws.cell(3, len(header) - 1).value == messy_roster.ROWS["duplicate"]


def test_blank_cells_keep_what_the_roster_has(village: Database, tmp_path: Path) -> None:
    member_id = _add_existing(village)
    pid = messy_roster.ID_UPDATE
    path = _sheet(
        tmp_path / "s.xlsx", [["姓名", "身份证号", "手机号码", "工作岗位"], ["吴国华", pid, None, "退休"]]
    )
    plan = importer.plan_import(village, path)
    assert [c.field for c in plan.rows[0].changes] == ["job"]
    importer.apply_plan(village, plan)
    d = roster.get_member(village, member_id).draft
    assert (d.phone, d.job) == ("13500000000", "退休")
    assert dataclasses.asdict(d)["branch_id"] == organizations.find_unit(village, "第一党支部").id


def test_failure_mid_import_leaves_the_database_as_before(
    village: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As if the process died half-way: the one transaction is rolled back, branches included."""
    plan = importer.plan_import(village, messy_roster.build(tmp_path / "m.xlsx"))
    members, audits = _member_count(village), _audit_count(village)
    real_apply = roster.apply_draft
    calls = {"n": 0}

    def failing_apply(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("power cut")
        return real_apply(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(roster, "apply_draft", failing_apply)
    with pytest.raises(RuntimeError):
        importer.apply_plan(village, plan, skip_invalid=True)
    assert (_member_count(village), _audit_count(village)) == (members, audits)
    with pytest.raises(UserError):
        organizations.find_unit(village, "新村党支部")


def test_birth_year_month_number_checked_against_the_id(village: Database, tmp_path: Path) -> None:
    october = make_id_number("330522", dt.date(1975, 10, 3), 11)
    path = _sheet(
        tmp_path / "b.xlsx",
        [
            ["姓名", "公民身份号码", "出生年月", "所在党支部"],
            ["王五", october, 1975.1, "第一党支部"],  # "1975.10" typed into a number cell
            ["赵六", make_id_number("330522", dt.date(1975, 3, 3), 13), 1975.04, "第一党支部"],
        ],
    )
    plan = importer.plan_import(village, path)
    assert plan.rows[0].status == importer.NEW
    assert plan.rows[0].draft is not None and plan.rows[0].draft.birth_date == dt.date(1975, 10, 3)
    assert plan.rows[1].status == importer.ERROR and "两者应一致" in plan.rows[1].reasons[0].message


def test_first_sheet_with_a_header_is_chosen(village: Database, tmp_path: Path) -> None:
    wb = Workbook()
    cover = wb.active
    assert cover is not None
    cover.title = "封面"
    cover.append(["丁新村党员花名册"])
    cover.append(["2026年5月"])
    data = wb.create_sheet("党员")
    data.append(["姓名", "身份证号", "支部"])
    data.append(["王五", make_id_number("330522", dt.date(1980, 1, 1), 11), "第一党支部"])
    wb.save(tmp_path / "two.xlsx")
    plan = importer.plan_import(village, tmp_path / "two.xlsx")
    assert plan.sheet == "党员" and plan.count(importer.NEW) == 1
    with pytest.raises(UserError, match="没有找到表头"):
        importer.plan_import(village, tmp_path / "two.xlsx", sheet="封面")
