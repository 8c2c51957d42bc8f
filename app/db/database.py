"""Opening the database: engine with safe pragmas, migrations (with a hook before upgrading), sessions."""

from __future__ import annotations

import ast
import getpass
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import UserError
from app.paths import DataDir

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class SchemaTooNewError(UserError):
    """The database was written by a newer program; it is refused and left untouched."""


class DatabaseLockedError(UserError):
    """Another copy of the program has the database open."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"timeout": 5})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache  # the program's own migration files: read once per process
def _revision_graph() -> tuple[frozenset[str], frozenset[str]]:
    """(revisions, revisions something builds on), read from the migration files without importing Alembic.

    Alembic costs most of a second to import on an old PC; start-up only needs it when there is work to do.
    tests/unit/test_migrations.py checks this agrees with Alembic's own reading.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value_node = node.target, node.value
            elif isinstance(node, ast.Assign):
                target, value_node = node.targets[0], node.value
            else:
                continue
            if not isinstance(target, ast.Name):
                continue
            if target.id == "revision":
                revisions.add(ast.literal_eval(value_node))
            elif target.id in ("down_revision", "depends_on"):
                value = ast.literal_eval(value_node)
                if value:
                    parents.update([value] if isinstance(value, str) else value)
    return frozenset(revisions), frozenset(parents)


def head_revision() -> str:
    """The program's schema revision(s); areas add independent migration branches, joined by "+"."""
    revisions, parents = _revision_graph()
    return "+".join(sorted(revisions - parents))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        heads = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return "+".join(sorted(heads)) if heads else None


def sqlite_backup(engine: Engine, dest: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Copy a live database with SQLite's online backup API (consistent even while in use)."""
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


def migrate(engine: Engine, before_upgrade: BeforeUpgrade | None = None) -> MigrationOutcome:
    """Bring the schema to head; ``before_upgrade`` runs first when there is existing data to upgrade."""
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
    from alembic import command

    existing = current is not None or bool(inspect(engine).get_table_names())
    safety = before_upgrade(engine, current) if before_upgrade is not None and existing else None
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")
    return MigrationOutcome(existing, safety)


class Database:
    """One open data folder: engine, sessions, and who is making changes (for the audit trail)."""

    def __init__(self, data_dir: DataDir, engine: Engine, actor: str) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.actor = actor
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.migration_backup: str | None = None  # the safety copy made before upgrading the schema
        self.schema_upgraded = False
        self.recovery_message: str | None = None  # what happened to an interrupted restore, if any

    @classmethod
    def open(
        cls, root: Path | str, *, actor: str | None = None, before_upgrade: BeforeUpgrade | None = None
    ) -> Database:
        """Engine, pragmas and migrations only. The program's entry points open through
        ``app.services.store.open_database``, which also recovers an interrupted restore and backs up first.
        """
        data_dir = DataDir(Path(root))
        data_dir.ensure()
        engine = make_engine(data_dir.db_path)
        try:
            db = cls(data_dir, engine, actor or _default_actor())
            outcome = migrate(engine, before_upgrade)
            db.migration_backup = outcome.safety_backup
            db.schema_upgraded = outcome.upgraded
        except (sqlite3.DatabaseError, sqlalchemy.exc.DatabaseError) as exc:
            engine.dispose()
            raise UserError(
                f"无法打开数据库 {data_dir.db_path}：文件已损坏或不是先锋榜的数据库。可以从备份恢复。"
            ) from exc
        except Exception:
            engine.dispose()
            raise
        return db

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # some Windows set-ups have no user name in the environment
        return "文书"
