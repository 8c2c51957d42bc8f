"""Which database: --database-url > $PIONEER_BOARD_DATABASE_URL > pioneer-board.ini > SQLite in the folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.db.url import ENV_URL, SETTINGS_FILE, DatabaseUrlError, redacted, resolve_database_url


def test_sqlite_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_URL, raising=False)
    assert resolve_database_url(None, tmp_path) is None


def test_option_then_environment_then_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_URL, raising=False)
    (tmp_path / SETTINGS_FILE).write_text(
        "# 乡镇服务器\ndatabase_url = postgresql://clerk@file-host/town\n", encoding="utf-8"
    )
    assert resolve_database_url(None, tmp_path) == "postgresql+psycopg://clerk@file-host/town"
    monkeypatch.setenv(ENV_URL, "postgresql://clerk@env-host/town")
    assert resolve_database_url(None, tmp_path) == "postgresql+psycopg://clerk@env-host/town"
    assert (
        resolve_database_url("postgresql+psycopg://a:pw@opt/t", tmp_path) == "postgresql+psycopg://a:pw@opt/t"
    )


def test_other_databases_refused_and_passwords_hidden(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUrlError, match="不是 PostgreSQL"):
        resolve_database_url("mysql://u:secret@h/d", tmp_path)
    assert "secret" not in redacted("postgresql://u:secret@h/d")


def test_cli_refuses_a_bad_url_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(tmp_path / "d"), "--database-url", "mysql://u:pw@h/d", "roster", "list"])
    assert code == 2
    err = capsys.readouterr().err
    assert "不是 PostgreSQL" in err and "pw@" not in err


def test_unreachable_server_is_a_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://clerk:pw@127.0.0.1:1/town"
    assert main(["--data-dir", str(tmp_path / "d"), "--database-url", url, "roster", "list"]) == 2
    err = capsys.readouterr().err
    assert "无法连接数据库服务器" in err and ":pw@" not in err


def test_psycopg_not_imported_for_sqlite(tmp_path: Path) -> None:
    code = (
        "import sys; from app.cli import main; "
        f"rc = main(['--data-dir', {str(tmp_path / 'd')!r}, 'roster', 'list', '--json']); "
        "print(rc, 'psycopg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["0", "False"]
