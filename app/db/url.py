"""Which database: SQLite in the data folder (the default), or a township's PostgreSQL server.

Order: ``--database-url`` > $PIONEER_BOARD_DATABASE_URL > a ``database_url = …`` line in the data folder's
``pioneer-board.ini`` > SQLite. psycopg is imported only when a PostgreSQL URL is actually given.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.domain.errors import UserError

ENV_URL = "PIONEER_BOARD_DATABASE_URL"
SETTINGS_FILE = "pioneer-board.ini"  # in the data folder; "key = value" lines, "#" comments
URL_KEY = "database_url"
INSTALL_HINT = '需要先安装 PostgreSQL 支持：pip install "pioneer-board[postgresql]"（即 psycopg 3）。'


class DatabaseUrlError(UserError):
    """The URL given is not one the program can use (not PostgreSQL, malformed, driver missing)."""


def settings_line(root: Path) -> str | None:
    """The ``database_url`` line of the data folder's settings file, if any."""
    path = root / SETTINGS_FILE
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and key.strip() == URL_KEY and not key.lstrip().startswith("#"):
            return value.strip() or None
    return None


def resolve_database_url(explicit: str | None, root: Path) -> str | None:
    """The server URL to use, normalised to the psycopg 3 driver; None for SQLite in the data folder."""
    for candidate in (explicit, os.environ.get(ENV_URL), settings_line(root)):
        if candidate and candidate.strip():
            return normalise(candidate.strip())
    return None


def normalise(url: str) -> str:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUrlError(
            f"数据库地址写法有误：{redacted(url)}。例如 postgresql://用户@服务器/数据库名"
        ) from exc
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseUrlError(
            f"数据库地址 {redacted(url)} 不是 PostgreSQL。村里的电脑不用填写（默认用数据目录里的数据库）；"
            "乡镇服务器请写 postgresql://用户@服务器/数据库名"
        )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def redacted(url: str) -> str:
    """The URL for messages and logs: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "（无法识别的地址）"


def make_server_engine(url: str) -> Engine:
    """A PostgreSQL engine; the driver is imported here and only here."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise DatabaseUrlError(INSTALL_HINT) from exc
    return create_engine(url, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=5)
