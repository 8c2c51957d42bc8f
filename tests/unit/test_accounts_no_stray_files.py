"""Issue 21 follow-up: an action refused by the account's scope leaves no files behind — not the roster import's
safety backup, not the photos of a project's progress or completion (nor any other step that takes photos).
The scope is checked before a file is written, or the step's photos are removed when the change is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from accounts_helpers import READER_PW, SEC_PW, set_up_accounts
from PIL import Image
from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Commitment
from app.db.models_projects import Project
from app.domain.id_number import make_id_number
from app.services import accounts, commitments, evaluations, meetings, photos, roster
from app.services.projects import claims
from app.services.roster_excel_apply import apply_plan
from app.services.roster_excel_plan import NEW, UPDATE, ImportPlan, PlannedRow

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


def files(db: Database) -> dict[str, list[tuple[str, int]]]:
    """The backups and photos folders: every file with its size."""
    out: dict[str, list[tuple[str, int]]] = {}
    for folder in (db.data_dir.backups, db.data_dir.photos):
        found = sorted(folder.rglob("*")) if folder.exists() else []
        out[folder.name] = [
            (p.relative_to(folder).as_posix(), p.stat().st_size) for p in found if p.is_file()
        ]
    return out


def _photo(folder: Path) -> Path:
    path = folder / "photo.png"
    Image.new("RGB", (40, 50), "red").save(path)
    return path


def _plan(db: Database, branch: str) -> ImportPlan:
    """A sheet with a new member of ``branch`` and a change to one of its members."""
    draft = roster.MemberDraft(
        name="赵新员", id_number=make_id_number("330522", dt.date(1980, 3, 4), 901), branch_id=branch,
        birth_date=dt.date(1980, 3, 4), gender="男", joined_on=dt.date(2005, 7, 1), confirmed_on=dt.date(2006, 7, 1), phone="13800000001",
    )  # fmt: skip
    theirs = roster.list_members(db, branch_id=branch)[0].id
    changed = roster.get_member(db, theirs).draft
    changed.phone = "13800000002"
    rows = [
        PlannedRow(row=2, status=NEW, values=[], name=draft.name, id_number=draft.id_number, draft=draft),
        PlannedRow(row=3, status=UPDATE, values=[], name=changed.name, id_number=changed.id_number,
                   draft=changed, member_id=theirs),
    ]  # fmt: skip
    return ImportPlan(Path("名册.xlsx"), "Sheet1", ["Sheet1"], 1, "", [], [], [], rows, [], [])


def _one(db: Database, statement: object) -> str:
    with db.session() as s:
        found = s.scalars(statement).first()  # type: ignore[call-overload]
        assert found is not None
        return str(found)


@pytest.mark.parametrize("who", ["zhang", "li"])
def test_a_refused_action_leaves_the_backups_and_photos_folders_as_they_were(
    demo_copy: Database, tmp_path: Path, who: str
) -> None:
    """zhang (书记/党务 of the first branch) on the second branch and shared rows; li (只读) on their own branch."""
    first, second = set_up_accounts(demo_copy)
    target = first if who == "li" else second
    photo = _photo(tmp_path)
    project = _one(demo_copy, select(Project.id).where(Project.status == "已认领"))
    member = roster.list_members(demo_copy, branch_id=target)[0].id
    commitment = _one(
        demo_copy,
        select(Commitment.id)
        .join(Member, Member.id == Commitment.member_id)
        .where(Member.branch_id == target, Commitment.status == "承诺中"),
    )
    meeting = meetings.list_meetings(demo_copy, unit_id=target)[0].id
    period = evaluations.list_periods(demo_copy)[0].id
    plan = _plan(demo_copy, target)
    calls: dict[str, Callable[[], object]] = {
        "apply_plan": lambda: apply_plan(demo_copy, plan),
        "complete": lambda: claims.complete(
            demo_copy, project, "越权", TODAY, photos=[photo, photo], before_photo=photo
        ),
        "add_progress": lambda: claims.add_progress(demo_copy, project, "越权", photos=[photo]),
        "set_member_photo": lambda: photos.set_member_photo(demo_copy, member, photo),
        "add_photos": lambda: meetings.add_photos(demo_copy, meeting, [photo, photo]),
        "keep": lambda: commitments.keep(demo_copy, commitment, TODAY, "越权兑现", photo=photo),
        "add_deed": lambda: evaluations.add_deed(
            demo_copy, member, period, "越权记一条", category="服务群众", photo_file=photo
        ),
    }
    accounts.login(demo_copy, who, READER_PW if who == "li" else SEC_PW)
    for name, call in calls.items():
        before = files(demo_copy)
        with pytest.raises(accounts.ScopeError, match="无权"):
            call()
        assert files(demo_copy) == before, name


def test_an_allowed_action_still_keeps_its_backup_and_photos(demo_copy: Database, tmp_path: Path) -> None:
    """The other side: the 管理员's import makes its safety backup, a completion keeps its photos."""
    _first, second = set_up_accounts(demo_copy)
    photo = _photo(tmp_path)
    project = _one(demo_copy, select(Project.id).where(Project.status == "已认领"))
    accounts.login(demo_copy, "boss", "admin-secret-1")
    before = files(demo_copy)
    apply_plan(demo_copy, _plan(demo_copy, second))
    claims.complete(demo_copy, project, "做完了", TODAY, photos=[photo], before_photo=photo)
    after = files(demo_copy)
    assert len(after["backups"]) > len(before["backups"])
    assert len(after["photos"]) == len(before["photos"]) + 2


def test_a_bad_second_photo_leaves_the_first_unwritten(demo_copy: Database, tmp_path: Path) -> None:
    """Photos of one step are all read and shrunk before any is written."""
    project = _one(demo_copy, select(Project.id).where(Project.status == "已认领"))
    bad = tmp_path / "not-a-photo.png"
    bad.write_text("no", encoding="utf-8")
    before = files(demo_copy)
    with pytest.raises(Exception, match="不是能识别的照片"):
        claims.complete(demo_copy, project, "做完了", TODAY, photos=[_photo(tmp_path), bad])
    assert files(demo_copy) == before
