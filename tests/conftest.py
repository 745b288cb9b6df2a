"""Shared fixtures: a settings object on a throw-away database, the Bot API stand-in, the running bot."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.config import load_settings
from demo.simulation import LocalRun
from standin import BotApiStandin

WIB = ZoneInfo("Asia/Jakarta")
ADMIN_ID = 9001
PG_SERVER = os.environ.get("KINERJA_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_database() -> tuple[str, callable]:
    """A fresh PostgreSQL database for one test, and how to drop it."""
    import psycopg

    plain = PG_SERVER.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(plain, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(
            f"PostgreSQL tidak tersedia di {PG_SERVER} ({exc.__class__.__name__}); "
            "set KINERJA_TEST_PG untuk menguji jalur PostgreSQL"
        )
    name = f"kinerja_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = PG_SERVER.rsplit("/", 1)[0] + f"/{name}"

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/kinerja.db"
        return
    url, drop = _pg_database()
    yield url
    drop()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path}/kinerja.db"


@pytest.fixture
def clock():
    """Monday 30 November 2026, 08:00 WIB: a working day."""
    return ManualClock(datetime(2026, 11, 30, 8, 0, tzinfo=WIB))


def make_settings(tmp_path, database_url, **extra):
    return load_settings(
        telegram_bot_token="123456:TEST-TOKEN",
        database_url=database_url,
        data_dir=str(tmp_path / "data"),
        admin_ids=str(ADMIN_ID),
        **extra,
    )


@pytest.fixture
def settings(tmp_path, sqlite_url):
    return make_settings(tmp_path, sqlite_url)


@pytest.fixture
async def standin():
    server = BotApiStandin()
    await server.start()
    yield server
    await server.stop()


async def _running(settings, standin, clock, caplog):
    local = LocalRun(settings=settings, standin=standin, clock=clock)
    await local.start()
    yield local
    await local.stop()
    assert standin.violations == [], "the bot made requests Telegram would refuse"
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], "the bot logged errors"


@pytest.fixture
async def run(settings, standin, clock, caplog):
    """The real Application on SQLite, polling the stand-in over HTTP."""
    async for local in _running(settings, standin, clock, caplog):
        yield local


@pytest.fixture
async def run_each_db(tmp_path, database_url, standin, clock, caplog):
    """The same, once on SQLite and once on PostgreSQL."""
    async for local in _running(make_settings(tmp_path, database_url), standin, clock, caplog):
        yield local


@pytest.fixture
def office_each_db(tmp_path, database_url, clock):
    """The core without Telegram, every unit staffed, once on SQLite and once on PostgreSQL."""
    from bot.core import Kinerja
    from tests.office import Office

    core = Kinerja(make_settings(tmp_path, database_url), clock=clock)
    core.prepare()
    place = Office(core)
    place.enrol_everyone(("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset"))
    yield place
    core.dispose()
