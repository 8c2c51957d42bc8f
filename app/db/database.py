"""Opening the database: engine with safe pragmas, migrations (with a hook before upgrading), sessions."""

from __future__ import annotations

import ast
import getpass
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.engine
import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction, SessionTransactionOrigin, sessionmaker

from app.db import folder_lock
from app.domain.disk_errors import disk_full_message, is_disk_full, is_read_only, read_only_message
from app.domain.errors import UserError
from app.paths import DataDir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNewError(UserError):
    """The database was written by a newer program; it is refused and left untouched."""


class DatabaseDamagedError(UserError):
    """The database file cannot be read as ours (damaged, or not a database): restore a backup over it."""


class DiskFullError(UserError):
    """The disk holding the data folder is full (ENOSPC, SQLITE_FULL): not damage; make room and retry."""


class DataFolderReadOnlyError(UserError):
    """The data folder (or the database file) cannot be written."""


def _opening_refusal(exc: BaseException, data_dir: DataDir) -> UserError:
    """Tell a full disk and a read-only folder apart from a damaged file: their advice differs."""
    if is_disk_full(exc):
        try:
            free: int | None = shutil.disk_usage(data_dir.root).free
        except OSError:
            free = None
        return DiskFullError(disk_full_message(str(data_dir.root), free))
    if is_read_only(exc):
        return DataFolderReadOnlyError(read_only_message(str(data_dir.root)))
    return DatabaseDamagedError(
        f"无法打开数据库 {data_dir.db_path}：文件已损坏或不是先锋榜的数据库。"
        "可以从备份恢复（命令行：backup restore 备份文件 --yes；或在程序的第一个画面选择“从备份恢复”），"
        "损坏的文件会留在 backups 文件夹里。"
    )


class DatabaseServerError(UserError):
    """The township's PostgreSQL server cannot be reached or refuses the login."""


class DatabaseLockedError(UserError):
    """The database stayed busy past the timeout: another copy of the program (or a backup) is writing."""


BUSY_TIMEOUT_SECONDS = 5.0
BUSY_MESSAGE = (
    "数据库正忙：{holder}正在写入数据，等了 {seconds:g} 秒仍未结束。没有做任何改动；请等它完成后再试。"
)
GUI_LOCK = "pioneer-board.lock"  # ui/single_instance.py: the GUI's QLockFile, its PID on the first line


def busy_holder(root: Path) -> str:
    """Who most likely keeps the database busy, for the message: the open window, a backup, another command."""
    if any(root.glob(".backup-work-*")):
        return "正在进行的备份（或另一个先锋榜程序）"
    try:
        pid = int((root / GUI_LOCK).read_text(encoding="utf-8", errors="replace").split()[0])
    except (OSError, ValueError, IndexError):
        pid = 0
    if pid > 0 and pid != os.getpid():
        try:
            os.kill(pid, 0)
            return "开着的先锋榜窗口（或另一个先锋榜程序）"
        except PermissionError:
            return "开着的先锋榜窗口（或另一个先锋榜程序）"
        except (OSError, ValueError):
            pass
    return "另一个先锋榜程序（窗口或命令行，例如正在进行的导入）或正在进行的备份"


def _is_busy(exc: BaseException | None) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and (
        "database is locked" in str(exc) or "database is busy" in str(exc)
    )


def _busy_to_refusal(context: sqlalchemy.engine.ExceptionContext) -> None:
    if _is_busy(context.original_exception):
        database = context.engine.url.database if context.engine is not None else None
        holder = busy_holder(Path(database).parent) if database else busy_holder(Path("."))
        raise DatabaseLockedError(BUSY_MESSAGE.format(holder=holder, seconds=BUSY_TIMEOUT_SECONDS)) from (
            context.original_exception
        )


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()


def _read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def make_read_only_engine(db_path: Path) -> Engine:
    """A data folder that cannot be written (read-only stick or share): read, never write.

    ``immutable`` because SQLite cannot otherwise open a WAL database without creating its -shm file.
    """
    uri = f"file:{db_path.as_posix()}?mode=ro&immutable=1"
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        hide_parameters=True,
    )
    event.listen(engine, "connect", _read_only_pragmas)

    def refuse_writes(context: sqlalchemy.engine.ExceptionContext) -> None:
        if is_read_only(context.original_exception or Exception()):
            raise DataFolderReadOnlyError(
                read_only_message(str(db_path.parent)) + "现在只能查看数据，不能修改；没有做任何改动。"
            ) from context.original_exception

    event.listen(engine, "handle_error", refuse_writes)
    return engine


def make_engine(db_path: Path) -> Engine:
    # hide_parameters: a failed statement's values (ID numbers, phones, addresses) stay out of logged errors.
    engine = create_engine(
        f"sqlite:///{db_path}", connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, hide_parameters=True
    )
    event.listen(engine, "connect", _set_pragmas)
    # "database is locked" after the timeout is a refusal (exit 2, the GUI's message box), not a crash.
    event.listen(engine, "handle_error", _busy_to_refusal)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


# `revision = "…"`, `down_revision: … = ("…", "…")`, `depends_on = None`: one line each in every migration file.
_REVISION_LINE = re.compile(r"^(revision|down_revision|depends_on)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


@cache  # the program's own migration files: read once per process
def _revision_graph() -> tuple[frozenset[str], frozenset[str]]:
    """(revisions, revisions something builds on), read from the migration files without importing Alembic.

    Alembic costs most of a second to import on an old PC; start-up only needs it when there is work to do.
    The three assignments are read line by line (parsing every file's syntax tree cost 0.03 s of each command);
    a value spread over several lines falls back to the file's syntax tree.
    tests/unit/test_migrations.py checks this agrees with Alembic's own reading.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        try:
            found = [(name, ast.literal_eval(value)) for name, value in _REVISION_LINE.findall(source)]
        except (ValueError, SyntaxError):
            found = _revision_assignments(source)
        for name, value in found:
            if name == "revision":
                revisions.add(value)
            elif value:
                parents.update([value] if isinstance(value, str) else value)
    return frozenset(revisions), frozenset(parents)


def _revision_assignments(source: str) -> list[tuple[str, object]]:
    """The revision assignments of a migration file, from its syntax tree (values over several lines)."""
    found: list[tuple[str, object]] = []
    for node in ast.parse(source).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value_node = node.target, node.value
        elif isinstance(node, ast.Assign):
            target, value_node = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision", "depends_on"):
            found.append((target.id, ast.literal_eval(value_node)))
    return found


def known_revisions() -> frozenset[str]:
    """Every schema revision this program knows (read once from its migration files)."""
    return _revision_graph()[0]


def head_revision() -> str:
    """The program's schema revision(s); areas add independent migration branches, joined by "+"."""
    revisions, parents = _revision_graph()
    return "+".join(sorted(revisions - parents))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision_on(conn)


def current_revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    heads = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return "+".join(sorted(heads)) if heads else None


MIGRATION_LOCK_KEY = 0x50424D47  # "PBMG": the PostgreSQL advisory lock held while the schema is upgraded


def sqlite_backup(engine: Engine, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Copy a live database with SQLite's online backup API (consistent even while in use).

    A PostgreSQL server is copied into the same kind of SQLite file (app/db/portable.py).
    """
    if engine.dialect.name != "sqlite":
        from app.db.portable import server_to_sqlite

        server_to_sqlite(engine, dest, progress)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = sqlite3.connect(tmp)
        try:

            def _progress(_status: int, remaining: int, total: int) -> None:
                if progress:
                    progress(total - remaining, total)

            source.backup(target, pages=256, progress=_progress)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        raw.close()
    tmp.replace(dest)


# Called once, just before an existing database is upgraded, with the engine and its current revision;
# returns where it put a safety copy (the start-up service passes the automatic backup).
BeforeUpgrade = Callable[[Engine, str | None], str | None]


@dataclass(frozen=True)
class MigrationOutcome:
    upgraded: bool  # an existing database was brought to a newer schema
    safety_backup: str | None  # what ``before_upgrade`` returned


def migrate(
    engine: Engine, before_upgrade: BeforeUpgrade | None = None, root: Path | None = None
) -> MigrationOutcome:
    """Bring the schema to head; ``before_upgrade`` runs first when there is existing data to upgrade.

    With ``root`` (the data folder) the upgrade holds the folder's lock exclusively: no other process writes
    while the schema changes under it.
    """
    current = current_revision(engine)
    known, _ = _revision_graph()
    for revision in (current or "").split("+"):
        if revision and revision not in known:
            raise SchemaTooNewError(
                f"这个数据库由更新版本的先锋榜写入（数据库版本 {current}），本程序无法打开。"
                "请安装最新版本的先锋榜后再打开；数据库未做任何改动。"
            )
    if current == head_revision():
        return MigrationOutcome(False, None)
    if root is not None and not folder_lock.holds_exclusive(root):
        with folder_lock.exclusive(root, "升级数据库"):
            return migrate(engine, before_upgrade, root)
    from alembic import command

    existing = current is not None or bool(inspect(engine).get_table_names())
    safety = before_upgrade(engine, current) if before_upgrade is not None and existing else None
    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several clerks' programs may start at once on a new release: one upgrades, the others wait.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            if current_revision_on(conn) == head_revision():
                return MigrationOutcome(False, None)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return MigrationOutcome(existing, safety)


def _write_lock_first(session: Session, transaction: SessionTransaction, connection: Connection) -> None:
    """An explicit ``Session.begin()`` (every use case that writes) starts with BEGIN IMMEDIATE.

    SQLite's default deferred transaction reads without the write lock, so two processes could both check a
    rule ("at most N points a year", "one claimant") and then both write, together breaking it. Taking the
    write lock first makes every check-then-write use case run one at a time; readers are not blocked (WAL).
    Autobegun sessions (plain reads) stay deferred.
    """
    if (
        transaction.origin is SessionTransactionOrigin.BEGIN
        and transaction.parent is None
        and connection.dialect.name == "sqlite"
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One open data folder: engine, sessions, and who is making changes (for the audit trail)."""

    def __init__(self, data_dir: DataDir, engine: Engine, actor: str) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.actor = actor
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "after_begin", _write_lock_first)
        self.migration_backup: str | None = None  # the safety copy made before upgrading the schema
        self.schema_upgraded = False
        self.recovery_message: str | None = None  # what happened to an interrupted restore, if any
        self._locked = False  # holds the data folder's shared lock (app.db.folder_lock) until closed
        self.read_only = False  # the data folder cannot be written: opened for reading only
        self.server_url: str | None = None  # a township's PostgreSQL (password hidden); None: SQLite file

    @property
    def on_server(self) -> bool:
        return self.engine.dialect.name != "sqlite"

    @classmethod
    def open(
        cls,
        root: Path | str,
        *,
        actor: str | None = None,
        before_upgrade: BeforeUpgrade | None = None,
        url: str | None = None,
    ) -> Database:
        """Engine, pragmas and migrations only. The program's entry points open through
        ``app.services.store.open_database``, which also recovers an interrupted restore and backs up first.

        ``url``: a PostgreSQL server (app/db/url.py) instead of the data folder's SQLite file; the data folder
        still holds logs, photos and backups.
        """
        data_dir = DataDir(Path(root))
        data_dir.ensure()
        if url is not None:
            return cls._open_server(data_dir, url, actor, before_upgrade)
        if data_dir.root.is_dir() and not data_dir.writable():
            return cls._open_read_only(data_dir, actor)
        folder_lock.acquire_shared(data_dir.root)
        _owner_only_files(data_dir.db_path)
        engine = make_engine(data_dir.db_path)
        try:
            from app.db import whole_schema  # a start killed half-way leaves no half-built schema

            if whole_schema.is_fresh(data_dir.db_path):
                whole_schema.create_whole(data_dir)
            db = cls(data_dir, engine, actor or default_actor())
            db._locked = True
            outcome = whole_schema.upgrade_whole(data_dir, engine, before_upgrade) or migrate(
                engine, before_upgrade, data_dir.root
            )
            db.migration_backup = outcome.safety_backup
            db.schema_upgraded = outcome.upgraded
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError, OSError) as exc:
            engine.dispose()
            folder_lock.release(data_dir.root)
            raise _opening_refusal(exc, data_dir) from exc
        except BaseException:
            engine.dispose()
            folder_lock.release(data_dir.root)
            raise
        return db

    @classmethod
    def _open_server(
        cls, data_dir: DataDir, url: str, actor: str | None, before_upgrade: BeforeUpgrade | None
    ) -> Database:
        from app.db.url import make_server_engine, redacted

        engine = make_server_engine(url)
        try:
            db = cls(data_dir, engine, actor or default_actor())
            db.server_url = redacted(url)
            outcome = migrate(engine, before_upgrade)
            db.migration_backup = outcome.safety_backup
            db.schema_upgraded = outcome.upgraded
        except sqlalchemy.exc.OperationalError as exc:
            engine.dispose()
            raise DatabaseServerError(
                f"无法连接数据库服务器 {redacted(url)}：请确认服务器已开机、地址和用户名密码正确。"
                f"（{str(exc.orig or exc).strip().splitlines()[0][:200]}）"
            ) from exc
        except BaseException:
            engine.dispose()
            raise
        return db

    @classmethod
    def _open_read_only(cls, data_dir: DataDir, actor: str | None) -> Database:
        """Reading commands and backups work; a change is refused (SQLite: "readonly database" → exit 2)."""
        if not data_dir.db_path.exists():
            raise DataFolderReadOnlyError(read_only_message(str(data_dir.root)) + "（这里还没有数据库）")
        engine = make_read_only_engine(data_dir.db_path)
        try:
            current = current_revision(engine)
            if current != head_revision():
                raise DataFolderReadOnlyError(
                    read_only_message(str(data_dir.root))
                    + f"（数据库版本 {current} 需要升级到 {head_revision()}，只读时无法升级）"
                )
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as exc:
            engine.dispose()
            raise _opening_refusal(exc, data_dir) from exc
        except BaseException:
            engine.dispose()
            raise
        db = cls(data_dir, engine, actor or default_actor())
        db.read_only = True
        return db

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()
        if self._locked:
            self._locked = False
            folder_lock.release(self.data_dir.root)


def _owner_only_files(db_path: Path) -> None:
    """The database (and its -wal/-shm, which SQLite gives the database's mode) readable by the owner only."""
    if os.name == "nt":
        return
    if not db_path.exists():
        try:
            os.close(os.open(db_path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError:
            return
    for path in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
        except OSError:
            continue


def default_actor() -> str:
    """Who makes changes, for the audit trail: the logged-in user's name."""
    try:
        return getpass.getuser()
    except Exception:  # some Windows set-ups have no user name in the environment
        return "文书"
