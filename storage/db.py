"""The database: engine creation from DATABASE_URL and schema migrations (Alembic)."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, event, inspect, text
from sqlmodel import create_engine

if TYPE_CHECKING:  # typing only: alembic is imported when a migration has to run
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and use psycopg 3 for all."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin_immediate)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)
    event.listen(engine, "begin", _count_from_zero)
    event.listen(engine, "before_cursor_execute", _count_writes)
    return engine


READING = ("SELECT", "PRAGMA")
WRITES = "kinerja_writes"  # key in Connection.info: statements in this transaction that were not reads


def _count_from_zero(connection) -> None:
    connection.info[WRITES] = 0


def _count_writes(connection, _cursor, statement: str, *_args) -> None:
    """Every statement that is not a plain read counts as a change (an unknown kind, too): an action
    that made none sends its messages without storing them (storage.uow.UnitOfWork.commit)."""
    if not statement.lstrip()[:6].upper().startswith(READING):
        count_write(connection)


def count_write(connection) -> None:
    connection.info[WRITES] = connection.info.get(WRITES, 0) + 1


def writes_in_transaction(connection) -> int:
    return connection.info.get(WRITES, 0)


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # SQLAlchemy issues BEGIN itself (below); pysqlite's own implicit transactions would defeat it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit survives the bot
    # being killed (kill -9, a crash) as before; only a power cut or OS crash can take back
    # the last commits (whole transactions, never half of one). Every commit then costs no fsync.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection) -> None:
    """Take SQLite's write lock when a transaction starts. A deferred transaction that read an
    older snapshot fails at once (SQLITE_BUSY) when it later writes after another thread's
    commit; an immediate one waits for the lock (busy_timeout) and then sees fresh data."""
    # Straight to the driver: through SQLAlchemy's execution path it cost as much as the UPDATE
    # the sender's transaction then runs.
    connection.connection.driver_connection.execute("BEGIN IMMEDIATE")


def alembic_config(engine: Engine | None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - imported here: start-up memory (~10 MB with mako)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(.+)$", re.M)


def revisions() -> dict[str, str | None] | None:
    """Each revision of storage/migrations and the one it revises, read from the files' own
    assignments without loading Alembic; None when a file is not that simple (a merge)."""
    found: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values = dict(REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        try:
            revision, down = ast.literal_eval(values["revision"]), ast.literal_eval(values["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
            return None
        found[revision] = down
    return found


def head_revision() -> str | None:
    """The newest revision when there is exactly one; None when Alembic must decide."""
    known = revisions()
    if not known:
        return None
    heads = set(known) - set(known.values())
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; run at every start. A database already there
    is left without loading Alembic, which would stay in the idle bot's memory."""
    head = head_revision()
    if head is None or current_revision(engine) != head:
        from alembic import command  # noqa: PLC0415 - imported here: start-up memory, only to migrate

        command.upgrade(alembic_config(engine), "head")
    log.info("skema basis data mutakhir")
