"""服务群众 boards: 联户公示牌 (household names hidden by a setting), 网格公示牌 (the three levels), 为民办事公示
(anonymised: no household, no person), people with a post on the 五亮 board; all as PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.boards.layouts.service import GridLine, PairingCard, ServiceItem
from app.db.database import Database
from app.domain.errors import UserError
from app.services import boards
from app.services.residents import common, households, people, requests

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

TODAY = dt.date.today()


def test_pairing_board_per_grid_with_names_hidden_by_the_setting(demo_copy: Database, tmp_path: Path) -> None:
    req = boards.BoardRequest(kind="pairing", extra={"unit": "第1网格"})
    cards = boards.build(demo_copy, req).entries
    assert cards and all(isinstance(c, PairingCard) for c in cards)
    assert any("（" in line for c in cards for line in c.households)  # 地址（户主）
    common.save_settings(
        demo_copy, dataclasses.replace(common.get_settings(demo_copy), hide_household_names=True)
    )
    hidden = boards.build(demo_copy, req).entries
    heads = {h.head_name for h in households.list_households(demo_copy, grid="第1网格") if h.head_name}
    assert not any(head in line for c in hidden for line in c.households for head in heads)
    assert boards.render(demo_copy, req, tmp_path / "联户.pdf") >= 1
    with pytest.raises(UserError):
        boards.build(demo_copy, boards.BoardRequest(kind="pairing", extra={"unit": "没有这个网格"}))


def test_grid_board_has_three_levels_with_staff(demo_copy: Database, tmp_path: Path) -> None:
    lines = boards.build(demo_copy, boards.BoardRequest(kind="grid")).entries
    assert {line.level for line in lines} == {"网格", "责任区", "单元格"}
    assert all(isinstance(line, GridLine) and line.staff for line in lines)
    zone = next(line for line in lines if line.level == "责任区")
    assert zone.households > 0  # counts the households of its 单元格
    assert boards.render(demo_copy, boards.BoardRequest(kind="grid", paper="A3"), tmp_path / "网格.pdf") == 1


def test_service_board_is_anonymised(demo_copy: Database, tmp_path: Path) -> None:
    hid = households.add_household(
        demo_copy, households.HouseholdDraft(address="保密路 1 号", head_name="隐私人")
    )
    rid = requests.add_request(
        demo_copy, text="隐私内容", channel="电话", category="生活困难", household_id=hid
    )
    requests.resolve_request(demo_copy, rid, "已帮助解决")
    period = f"{TODAY.year}Q{(TODAY.month - 1) // 3 + 1}"
    req = boards.BoardRequest(kind="service", period=period)
    items = boards.build(demo_copy, req).entries
    assert items and all(isinstance(i, ServiceItem) for i in items)
    printed = " ".join(str(dataclasses.astuple(i)) for i in items)
    assert "已帮助解决" in printed
    assert "保密路" not in printed and "隐私人" not in printed and "隐私内容" not in printed
    assert boards.render(demo_copy, req, tmp_path / "为民办事.pdf") >= 1


def test_people_with_a_post_are_on_the_wuliang_board(demo_copy: Database) -> None:
    people.add_person(
        demo_copy,
        people.PersonDraft(name="社工小周", phone="13900002222", roles=["社区工作者"], post="社区工作者"),
    )
    sheets = boards.build(demo_copy, boards.BoardRequest(kind="wuliang")).entries
    assert any(s.name == "社工小周" and s.post.startswith("社区工作者") for s in sheets)


def test_residents_travel_in_an_encrypted_backup(demo_copy: Database, tmp_path: Path) -> None:
    """Residents' personal data is as sensitive as members': it is in the backup, encrypted when chosen."""
    from app.services import backup
    from app.services.store import open_database

    people.add_person(demo_copy, people.PersonDraft(name="备份里的人", phone="13900003333"))
    before = len(households.list_households(demo_copy))
    made = backup.create(demo_copy, tmp_path, passphrase="secret", kdf_n=2**10)
    assert "备份里的人".encode() not in made.path.read_bytes()
    fresh = open_database(tmp_path / "other-pc")
    outcome = backup.restore(fresh, made.path, "secret")
    try:
        assert any(p.name == "备份里的人" for p in people.list_people(outcome.db))
        assert len(households.list_households(outcome.db)) == before
    finally:
        outcome.db.close()
