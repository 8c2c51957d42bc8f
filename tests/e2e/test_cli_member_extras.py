"""CLI `roster reinstate`, `roster photo` and the `wuliang` group — what the member editor does beyond roster set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_parity_support import cli, cli_json, parity_template, rejected, run, village
from PIL import Image

__all__ = ["parity_template", "village"]  # fixtures used below

WULIANG_FIELDS = {
    "member_id",
    "name",
    "photo",
    "party_post",
    "post",
    "grid",
    "area",
    "duties",
    "commitments",
    "services",
    "phone",
    "contact_phone",
    "show_phone",
}


def _member(capsys: pytest.CaptureFixture[str], data: Path, status: str = "active") -> dict[str, object]:
    return dict(cli_json(capsys, data, "roster", "list", "--status", status)[0])


def test_wuliang_show_and_set_as_a_script_would(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member_id = str(_member(capsys, village)["id"])
    shown = run(village, "wuliang", "show", member_id[:8], "--json")
    assert shown.returncode == 0, shown.stderr
    before = json.loads(shown.stdout)
    assert set(before) == WULIANG_FIELDS and before["member_id"] == member_id

    saved = run(
        village,
        "wuliang",
        "set",
        member_id,
        "--post",
        "党员先锋岗",
        "--duties",
        "看护村东水塘",
        "--contact-phone",
        "0512-6666 8888",
        "--json",
    )
    assert saved.returncode == 0, saved.stderr
    after = json.loads(saved.stdout)
    assert (after["post"], after["duties"], after["phone"]) == ("党员先锋岗", "看护村东水塘", "0512-66668888")
    assert "改动了 3 项" in saved.stderr

    code, _, err = cli(capsys, village, "wuliang", "set", member_id, "--show-phone", "no")
    assert code == 0 and "改动了 1 项" in err
    shown_again = cli_json(capsys, village, "wuliang", "show", member_id)
    assert shown_again["phone"] == "" and shown_again["duties"] == "看护村东水塘"
    code, out, _ = cli(capsys, village, "wuliang", "show", member_id)
    assert code == 0 and "亮职责：看护村东水塘" in out and "公示电话：不公示" in out


def test_wuliang_rejections_change_nothing(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member_id = str(_member(capsys, village)["id"])
    assert "公示电话" in rejected(capsys, village, "wuliang", "set", member_id, "--contact-phone", "123")
    assert "太长" in rejected(capsys, village, "wuliang", "set", member_id, "--post", "岗" * 51)
    assert "找不到" in rejected(capsys, village, "wuliang", "set", "zzzzzzzz", "--post", "党员先锋岗")


def test_reinstate_a_member_who_left(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member_id = str(_member(capsys, village)["id"])
    assert "本来就在册" in rejected(capsys, village, "roster", "reinstate", member_id)
    assert (
        cli(
            capsys,
            village,
            "roster",
            "leave",
            member_id,
            "--reason",
            "转出",
            "--date",
            "2026-01-05",
            "--to",
            "镇机关",
        )[0]
        == 0
    )
    code, _, err = cli(
        capsys, village, "roster", "reinstate", member_id[:8], "--date", "2026-02-01", "--note", "转回"
    )
    assert code == 0 and "已恢复在册（2026-02-01）" in err
    shown = cli_json(capsys, village, "roster", "show", member_id)
    assert shown["status"] == "在册"
    assert [h["status"] for h in shown["history"]][-2:] == ["转出", "在册"]


def test_set_and_remove_a_photo(village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member_id = str(_member(capsys, village)["id"])
    photo = tmp_path / "photo.png"
    Image.new("RGB", (900, 1200), (200, 30, 30)).save(photo)
    code, _, err = cli(capsys, village, "roster", "photo", member_id, "--file", str(photo))
    assert code == 0 and "已保存照片" in err
    stored = cli_json(capsys, village, "wuliang", "show", member_id)["photo"]
    assert stored.endswith(".jpg") and list(village.rglob(stored)), (
        "stored, shrunk to JPEG, in the data folder"
    )
    assert cli(capsys, village, "roster", "photo", member_id, "--remove")[0] == 0
    assert cli_json(capsys, village, "wuliang", "show", member_id)["photo"] == ""
    assert "读不了" in rejected(
        capsys, village, "roster", "photo", member_id, "--file", str(tmp_path / "missing.jpg")
    )
    not_a_picture = tmp_path / "notes.jpg"
    not_a_picture.write_text("not a picture", "utf-8")
    rejected(capsys, village, "roster", "photo", member_id, "--file", str(not_a_picture))
