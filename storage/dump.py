"""A logical copy of the database through the driver (JSON lines), for backups where pg_dump is
absent, and moving stored file paths when DATA_DIR moves. Works on the tables as they are in the
database (reflected), so a backup from an older schema revision loads into that revision first."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Engine, MetaData, String, func, literal, select, text, update

from storage.db import alembic_config
from storage.models import Outbox, Submission

FORMAT = "kinerja-logical-1"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$n": str(value)}
    if isinstance(value, (bytes, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, raw),) = value.items()
        decoders = {"$dt": datetime.fromisoformat, "$d": date.fromisoformat, "$n": Decimal, "$b": base64.b64decode}
        if tag in decoders:
            return decoders[tag](raw)
    return value


def _tables(connection) -> list:
    metadata = MetaData()
    metadata.reflect(connection)
    return [t for t in metadata.sorted_tables if t.name != "alembic_version"]


def dump(engine: Engine, out: IO[str]) -> int:
    """Every row of every table, from one snapshot (REPEATABLE READ on PostgreSQL); returns the row count."""
    rows = 0
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection, connection.begin():
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        out.write(json.dumps({"format": FORMAT, "revision": revision}) + "\n")
        for table in _tables(connection):
            for row in connection.execute(select(table)).mappings():
                out.write(
                    json.dumps({"t": table.name, "r": {k: _encode(v) for k, v in row.items()}}, ensure_ascii=False)
                    + "\n"
                )
                rows += 1
    return rows


def load(engine: Engine, lines: Iterable[str]) -> int:
    """Into an empty database: the schema at the dump's revision, the rows, then the newest schema."""
    stream = iter(lines)
    header = json.loads(next(stream))
    if header.get("format") != FORMAT:
        raise ValueError(f"bukan salinan logis Kinerja Bot (format {header.get('format')!r})")
    from alembic import command  # noqa: PLC0415 - imported here: start-up memory (the bot imports this module)

    command.upgrade(alembic_config(engine), header["revision"])
    count = 0
    with engine.begin() as connection:
        tables = {t.name: t for t in _tables(connection)}
        for line in stream:
            item = json.loads(line)
            connection.execute(tables[item["t"]].insert(), {k: _decode(v) for k, v in item["r"].items()})
            count += 1
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection, tables.values())
    command.upgrade(alembic_config(engine), "head")
    return count


def _reset_sequences(connection, tables) -> None:
    # Rows were inserted with their ids; the next id a sequence gives must come after them.
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
        if sequence:
            highest = connection.execute(select(func.max(table.c.id))).scalar()
            connection.execute(
                text("SELECT setval(:s, :v, :called)"),
                {"s": sequence, "v": highest or 1, "called": highest is not None},
            )


def relocate_paths(engine: Engine, old_prefixes: Iterable[str], new_prefix: str) -> int:
    """Stored uploads and queued documents point into DATA_DIR; after a restore elsewhere they
    point into the new one."""
    changed = 0
    new_prefix = new_prefix.rstrip("/") + "/"
    with engine.begin() as connection:
        for old in {p.rstrip("/") + "/" for p in old_prefixes if p} - {new_prefix}:
            for table, column in (
                (Submission.__table__, "stored_path"),
                (Outbox.__table__, "document_path"),
                (Outbox.__table__, "photo_path"),
            ):
                col = table.c[column]
                moved = literal(new_prefix, String()).concat(func.substr(col, len(old) + 1, type_=String()))
                result = connection.execute(
                    update(table).where(func.substr(col, 1, len(old)) == old).values({column: moved})
                )
                changed += result.rowcount
    return changed


def drop_all(engine: Engine) -> None:
    """Every table (ours and Alembic's), before a logical restore over an existing database."""
    with engine.begin() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        metadata.drop_all(connection)
