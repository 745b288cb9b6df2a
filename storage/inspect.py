"""What a database holds, read without changing it: for `python -m bot check` and the start log."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, func, inspect, select, text

from storage.db import alembic_config, normalise_url, revisions
from storage.db import head_revision as simple_head
from storage.models import Member


@dataclass(frozen=True)
class DatabaseState:
    revision: str | None  # None: no schema yet (a new, empty database)
    head: str
    known: bool  # the revision is one this program has (older or newest)
    members: int | None  # None while there is no schema

    @property
    def empty(self) -> bool:
        return self.revision is None or not self.members

    @property
    def behind(self) -> bool:
        return self.revision is not None and self.known and self.revision != self.head


def head_revision() -> str:
    return simple_head() or _scripts().get_current_head()


def _known_revisions() -> set[str]:
    known = revisions()
    return set(known) if known is not None else {script.revision for script in _scripts().walk_revisions()}


def _scripts():
    """Alembic's own reading, for what storage.db.revisions cannot read (a merge revision)."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - imported here: start-up memory

    return ScriptDirectory.from_config(alembic_config(None))


def probe_engine(url: str) -> Engine:
    """An engine that neither creates a SQLite file's folder nor waits long for a server."""
    url = normalise_url(url)
    args = {} if url.startswith("sqlite") else {"connect_timeout": 5}
    return create_engine(url, connect_args=args)


def inspect_database(url: str) -> DatabaseState:
    """Connects (raising the driver's error when it cannot) and reads the schema revision and members."""
    engine = probe_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            members = None
            if "member" in tables:
                members = connection.execute(select(func.count()).select_from(Member)).scalar_one()
    finally:
        engine.dispose()
    head = head_revision()
    return DatabaseState(
        revision=revision, head=head, known=revision is None or revision in _known_revisions(), members=members
    )
