"""The Alembic migrations build exactly the schema the models describe, on each database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.db import alembic_config, head_revision, make_engine, migrate, revisions


def test_migrations_match_the_models_and_run_twice(database_url):
    engine = make_engine(database_url)
    try:
        migrate(engine)
        migrate(engine)  # every start runs it: the second time changes nothing
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == [], (
                "models changed without a migration: add one with alembic revision --autogenerate"
            )
        assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_head_read_without_alembic_is_alembics_head():
    """storage.db reads the revision files itself so that a start at the newest schema does not
    load Alembic; it must name the same head and the same revisions as Alembic does."""
    scripts = ScriptDirectory.from_config(alembic_config(None))
    known = revisions()
    assert known is not None, "a revision file storage.db cannot read: migrate() falls back to Alembic"
    assert head_revision() == scripts.get_current_head()
    assert known == {s.revision: s.down_revision for s in scripts.walk_revisions()}
