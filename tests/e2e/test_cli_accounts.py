"""The CLI with accounts (issue 21): without accounts nothing changes; once one exists every command needs
--user and a password (prompt on a terminal, else --password-file, else exit 2); accounts add|list|passwd|set|
retire with --json; an out-of-scope change is exit 2 with the database unchanged; passwords never logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_parity_support import cli, fingerprint

from app.db.database import Database

pytestmark = pytest.mark.both_backends


@pytest.fixture
def village(demo_copy: Database) -> tuple[Path, list[str]]:
    """The data folder, and the options that point the CLI at the test's database (a server on PostgreSQL)."""
    root = demo_copy.data_dir.root
    url = demo_copy.engine.url.render_as_string(hide_password=False) if demo_copy.on_server else None
    demo_copy.close()
    return root, ["--database-url", url] if url else []


def _fingerprint(root: Path, options: list[str]) -> object:
    if not options:
        return fingerprint(root)
    from accounts_helpers import rows_of_every_table
    from sqlalchemy import create_engine

    engine = create_engine(options[1])
    try:
        return rows_of_every_table(engine)
    finally:
        engine.dispose()


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def test_accounts_from_first_admin_to_scope(
    village: tuple[Path, list[str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    root, options = village
    boss = _file(tmp_path, "boss.txt", "boss-secret-1")
    zhang = _file(tmp_path, "zhang.txt", "zhang secret 2")  # spaces inside a password are kept
    wrong = _file(tmp_path, "wrong.txt", "not-the-password")
    as_boss = ("--user", "boss", "--password-file", boss)
    as_zhang = ("--user", "zhang", "--password-file", zhang)

    assert cli(capsys, root, *options, "roster", "list", "--json")[0] == 0  # no accounts: as today
    code, out, err = cli(
        capsys,
        root,
        *options,
        "accounts",
        "add",
        "boss",
        "--role",
        "管理员",
        "--new-password-file",
        boss,
        "--json",
    )
    assert code == 0, err
    assert json.loads(out)["role_label"] == "管理员" and json.loads(out)["id"]

    code, _, err = cli(capsys, root, *options, "roster", "list", "--json")
    assert code == 2 and "--user" in err
    code, _, err = cli(capsys, root, *options, "--user", "boss", "roster", "list", "--json")
    assert code == 2 and "--password-file" in err
    code, _, err = cli(capsys, root, *options, "--user", "boss", "--password-file", wrong, "roster", "list")
    assert code == 2 and "还可以再试 4 次" in err
    code, out, err = cli(capsys, root, *options, *as_boss, "roster", "list", "--json")
    assert code == 0, err
    everyone = len(json.loads(out))

    code, out, err = cli(
        capsys, root, *options, *as_boss, "accounts", "add", "zhang", "--role", "书记/党务", "--unit", "第一党支部",
        "--new-password-file", zhang, "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["unit_name"] == "第一党支部"
    code, out, _ = cli(capsys, root, *options, *as_boss, "accounts", "list", "--json")
    assert [a["name"] for a in json.loads(out)] == ["boss", "zhang"]

    code, out, err = cli(capsys, root, *options, *as_zhang, "roster", "list", "--json")
    assert code == 0, err
    mine = json.loads(out)
    assert 0 < len(mine) < everyone

    before = _fingerprint(root, options)
    for command in (
        ("org", "add", "--name", "越权党小组", "--parent", "第二党支部", "--kind", "党小组"),
        ("accounts", "add", "wang", "--role", "只读", "--unit", "第一党支部", "--new-password-file", zhang),
        ("accounts", "retire", "boss"),
    ):
        code, _, err = cli(capsys, root, *options, *as_zhang, *command)
        assert code == 2 and "无权" in err, (command, err)
    assert _fingerprint(root, options) == before

    code, out, err = cli(capsys, root, *options, *as_boss, "audit", "list", "--json")
    assert code == 0, err
    assert json.loads(out)[0]["actor"] == "boss"  # the last change (zhang's account) was made by boss
    for path in root.rglob("*.log"):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "boss-secret-1" not in text and "zhang secret 2" not in text

    code, _, err = cli(capsys, root, *options, *as_boss, "accounts", "set", "zhang", "--role", "只读")
    assert code == 0, err
    add_group = ("org", "add", "--name", "新党小组", "--parent", "第一党支部", "--kind", "党小组")
    code, _, err = cli(capsys, root, *options, *as_zhang, *add_group)
    assert code == 2 and "只读" in err
    new_pw = _file(tmp_path, "new.txt", "zhang-new-pass")
    code, _, err = cli(
        capsys, root, *options, *as_zhang, "accounts", "passwd", "zhang", "--new-password-file", new_pw
    )
    assert code == 0, err  # anyone may change their own password
    code, _, err = cli(
        capsys, root, *options, "--user", "zhang", "--password-file", new_pw, "accounts", "list"
    )
    assert code == 0, err
    code, _, err = cli(capsys, root, *options, *as_boss, "accounts", "retire", "zhang")
    assert code == 0, err
    code, _, err = cli(capsys, root, *options, "--user", "zhang", "--password-file", new_pw, "roster", "list")
    assert code == 2 and "已停用" in err
