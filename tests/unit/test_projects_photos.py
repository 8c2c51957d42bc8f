"""服务项目 photos (每月一次…实时审查和公开): progress notes and completion with photos through the photo service
(shrunk to ≤ 480 px JPEG, a non-photo refused with nothing recorded), the before/after pair on the 项目完成公示."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image

from app.db.database import Database
from app.domain import project_rules as rules
from app.domain.errors import UserError
from app.domain.periods import quarter_of
from app.services import boards, photos, roster
from app.services.projects import claims, needs, pool

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


def photo(tmp_path: Path, name: str, colour: str, size: tuple[int, int] = (1600, 1200)) -> Path:
    path = tmp_path / name
    Image.new("RGB", size, colour).save(path)
    return path


def _claimed(db: Database) -> str:
    need = needs.add_need(db, needs.NeedDraft(category="环境整治", size=rules.SMALL, text="清理门前水沟"))
    pid = pool.add_project(db, pool.ProjectDraft([need], "一周清完", TODAY + dt.timedelta(days=10)))
    pool.publish_project(db, pid, TODAY)
    claims.claim(db, pid, rules.MEMBER, roster.list_members(db)[0].id, TODAY)
    return pid


def test_progress_with_several_photos_and_completion_before_after(
    demo_copy: Database, tmp_path: Path
) -> None:
    pid = _claimed(demo_copy)
    first, second = photo(tmp_path, "a.png", "red"), photo(tmp_path, "b.jpg", "blue")
    claims.add_progress(demo_copy, pid, "清了一半", TODAY, [first, second])
    row = pool.get_project(demo_copy, pid)
    assert row.before_photo  # the first progress photo is the 前 until one is chosen
    stored = photos.photo_path(demo_copy, row.before_photo)
    assert stored is not None and max(Image.open(stored).size) <= photos.MAX_SIDE
    steps = [(e.action, bool(e.photo)) for e in pool.history(demo_copy, pid)]
    assert steps[-2:] == [("进度", True), (claims.PHOTO_EVENT, True)]
    before = photo(tmp_path, "before.png", "gray")
    after = [photo(tmp_path, "c.png", "green"), photo(tmp_path, "d.png", "yellow")]
    claims.complete(
        demo_copy, pid, "清完了", TODAY, photos=after, before_photo=before, deed=False, indicator=None
    )
    done = pool.get_project(demo_copy, pid)
    assert done.after_photo and done.before_photo and done.before_photo != row.before_photo
    events = pool.history(demo_copy, pid)
    assert sum(1 for e in events if e.photo) == 2 + 1 + 2  # progress 2, before 1, after 2
    # the 项目完成公示 carries the pair as files
    req = boards.BoardRequest("projects", period=quarter_of(TODAY).id, extra={"sheet": "done"})
    card = next(c for c in boards.build(demo_copy, req).entries if c.title == done.title)
    assert card.before_photo and card.after_photo
    assert Path(card.before_photo).name == done.before_photo
    assert Path(card.after_photo).name == done.after_photo


def test_a_file_that_is_not_a_photo_refuses_the_step(demo_copy: Database, tmp_path: Path) -> None:
    pid = _claimed(demo_copy)
    bad = tmp_path / "note.txt"
    bad.write_text("不是照片", encoding="utf-8")
    before = len(pool.history(demo_copy, pid))
    with pytest.raises(UserError, match="不是能识别的照片"):
        claims.add_progress(demo_copy, pid, "进展", TODAY, [photo(tmp_path, "ok.png", "red"), bad])
    with pytest.raises(UserError):
        claims.complete(demo_copy, pid, "完", TODAY, photos=[bad], deed=False, indicator=None)
    assert len(pool.history(demo_copy, pid)) == before
    row = pool.get_project(demo_copy, pid)
    assert row.status == rules.CLAIMED and not row.before_photo


def test_the_monthly_progress_sheet_prints_the_months_photos(demo_copy: Database, tmp_path: Path) -> None:
    pid = _claimed(demo_copy)
    title = pool.get_project(demo_copy, pid).title
    shots = [photo(tmp_path, "p1.png", "red"), photo(tmp_path, "p2.png", "blue")]
    claims.add_progress(demo_copy, pid, "清了一半", TODAY, shots)
    req = boards.BoardRequest("projects", extra={"sheet": "progress"})
    line = next(p for p in boards.build(demo_copy, req).entries if p.title == title)
    assert len(line.photos) == 2 and all(Path(f).is_file() for f in line.photos)
    out = tmp_path / "progress.pdf"
    assert boards.render(demo_copy, req, out) >= 1
    assert out.read_bytes().count(b"/Subtype /Image") >= 2
