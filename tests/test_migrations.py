"""The Alembic migrations build exactly the schema the models describe, on each database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.db import make_engine, migrate


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
