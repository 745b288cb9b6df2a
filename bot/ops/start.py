"""Before the bot starts: every check that can fail becomes one line (StartFailure); then the
start log names the database and DATA_DIR by absolute path and says when the database is new."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from bot.config import ConfigError, Settings
from bot.ops import logs
from bot.ops.checks import (
    check_admins,
    check_database,
    check_files,
    check_folder,
    database_problem,
    describe_database,
    problems,
)
from bot.org import OrgError
from bot.sheets.types import MasterError
from bot.sop import SopError

log = logging.getLogger("bot.start")


class StartFailure(Exception):
    """Why the bot cannot start, and how to fix it, in one line."""


def prepare(settings: Settings) -> None:
    if settings.log_file is not None:
        _stop_at_first(check_folder(settings.log_file.parent, "LOG_FILE", create=True))
    logs.setup(settings.log_level, token=settings.telegram_bot_token, log_file=settings.log_file)
    try:
        settings.require_token()
    except ConfigError as exc:
        raise StartFailure(str(exc)) from None
    _stop_at_first(check_files(settings, trust_record=True))
    _stop_at_first(check_folder(settings.data_dir, "DATA_DIR", create=True))
    found, state = check_database(settings, create=True)
    _stop_at_first(found)
    _announce(settings, state)
    for warning in check_admins(settings):
        log.warning("%s", warning.text)


def _stop_at_first(found) -> None:
    first = problems(found)
    if first:
        raise StartFailure(first[0].text)


def _announce(settings: Settings, state) -> None:
    where = describe_database(settings)
    log.info("Basis data: %s", where)
    log.info("DATA_DIR: %s", settings.data_dir)
    if settings.env_file_used is not None:
        log.info("Konfigurasi dari %s", settings.env_file_used)
    if state is None or state.revision is None:
        log.warning(
            "Basis data BARU dan kosong dibuat di %s. Bila Anda sudah punya data, hentikan bot dan "
            "periksa DATABASE_URL (path relatif dihitung dari folder .env, atau folder kerja bila tanpa .env)",
            where,
        )
    elif not state.members:
        log.warning("Basis data %s belum berisi anggota", where)
    elif state.behind:
        log.info("Skema basis data dimutakhirkan dari revisi %s ke %s", state.revision, state.head)


def explain(exc: Exception, settings: Settings) -> str | None:
    """A failure after the checks (the database going away, a port in use) as one line; None for a bug."""

    if isinstance(exc, (ConfigError, SopError, OrgError, MasterError)):
        return f"Konfigurasi salah: {exc}"
    if isinstance(exc, OperationalError):
        return database_problem(exc, settings.database_url)
    if isinstance(exc, OSError) and settings.webhook_url and exc.errno in (98, 13):
        return (
            f"WEBHOOK_PORT {settings.webhook_port} tidak dapat dipakai ({exc.strerror}): hentikan program "
            "lain di port itu atau pilih port lain (di atas 1024 bila bot tidak berjalan sebagai root)"
        )
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror}; periksa izin folder dan berkas bot"
    return None
