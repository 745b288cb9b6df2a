"""`python -m bot backup FILE` and `python -m bot restore FILE`: the database and DATA_DIR in one
.tar.gz, taken while the bot runs.

Consistency: the database is copied first, from one snapshot (SQLite's online backup API; for
PostgreSQL `pg_dump` when it is installed and not older than the server, otherwise a logical dump
through the driver in one REPEATABLE READ transaction). DATA_DIR is copied after it: files are
written before the rows that name them and never changed afterwards, so every file the copied
database refers to is in the archive (a file newer than the snapshot is harmless).
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.ops import logs
from bot.ops.checks import database_problem, describe_database
from storage.db import make_engine, normalise_url
from storage.dump import drop_all, dump, load, relocate_paths

log = logging.getLogger("bot.backup")
FORMAT = "kinerja-backup-1"
SKIP_SUFFIXES = (".part",)


class BackupError(Exception):
    """Why a backup or restore cannot go on, in one line."""


def main(settings: Settings, command: str, file: str, *, overwrite: bool = False) -> int:

    try:
        if command == "backup":
            summary = take_backup(settings, Path(file))
            print(f"Cadangan ditulis: {Path(file).resolve()} ({summary})")
        else:
            summary = restore_backup(settings, Path(file), overwrite=overwrite)
            print(
                f"Dipulihkan ke basis data {describe_database(settings)} dan DATA_DIR {settings.data_dir} "
                f"({summary}). Jalankan bot seperti biasa."
            )
    except BackupError as exc:
        logs.fail(f"{'Cadangan' if command == 'backup' else 'Pemulihan'} gagal: {exc}")
        return 1
    except SQLAlchemyError as exc:
        logs.fail(f"Gagal: {database_problem(exc, settings.database_url)}")
        return 1
    except OSError as exc:
        logs.fail(f"Gagal: {exc.filename or ''} {exc.strerror or exc}".strip())
        return 1
    return 0


# --- backup ------------------------------------------------------------------------------


def _database_files(settings: Settings) -> set[Path]:
    path = settings.sqlite_path()
    return set() if path is None else {Path(f"{path}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")}


def take_backup(settings: Settings, target: Path, *, use_pg_dump: bool | None = None) -> str:
    target = target.resolve()
    if target.is_dir():
        raise BackupError(f"{target} adalah folder; tulis nama berkas, mis. {target}/kinerja-cadangan.tar.gz")
    with tempfile.TemporaryDirectory(prefix="kinerja-cadangan-") as scratch:
        db_file, manifest = _snapshot_database(settings, Path(scratch), use_pg_dump)
        manifest.update(format=FORMAT, created=datetime.now(UTC).isoformat(), data_dir=str(settings.data_dir))
        partial = target.with_name(target.name + ".part")
        files = 0
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(db_file, arcname=manifest["database_file"])
            files = _add_data_dir(archive, settings.data_dir, skip=_database_files(settings) | {partial, target})
        partial.replace(target)
    return f"basis data {manifest['database']} lewat {manifest['method']}, {files} berkas dari DATA_DIR"


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _add_data_dir(archive: tarfile.TarFile, data_dir: Path, *, skip: set[Path]) -> int:
    count = 0
    if not data_dir.is_dir():
        return 0
    for path in sorted(data_dir.rglob("*")):
        if not path.is_file() or path.resolve() in skip or path.name.endswith(SKIP_SUFFIXES):
            continue
        archive.add(path, arcname=f"data/{path.relative_to(data_dir).as_posix()}", recursive=False)
        count += 1
    return count


def _snapshot_database(settings: Settings, scratch: Path, use_pg_dump: bool | None) -> tuple[Path, dict]:
    path = settings.sqlite_path()
    if path is not None:
        if not path.is_file():
            raise BackupError(f"basis data {path} tidak ada; periksa DATABASE_URL")
        copy = scratch / "database.sqlite"
        source = sqlite3.connect(path, timeout=30)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # the online backup API: a consistent copy while the bot writes
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            revision = target.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            target.close()
            source.close()
        return copy, dict(
            database="sqlite",
            method="SQLite online backup",
            database_file="database.sqlite",
            revision=revision[0] if revision else None,
        )
    if use_pg_dump is None:
        use_pg_dump = _pg_dump_usable(settings)
    if use_pg_dump:
        copy = scratch / "database.pgdump"
        _pg_tool(settings, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={copy}")
        return copy, dict(database="postgresql", method="pg_dump", database_file="database.pgdump")

    copy = scratch / "database.jsonl"
    engine = make_engine(settings.database_url)
    try:
        with copy.open("w", encoding="utf-8") as out:
            dump(engine, out)
    finally:
        engine.dispose()
    return copy, dict(database="postgresql", method="salinan logis lewat driver", database_file="database.jsonl")


def _libpq(settings: Settings) -> tuple[str, dict]:
    """The URL for pg_dump/pg_restore without the password (that goes in PGPASSWORD, not on `ps`)."""

    url = make_url(normalise_url(settings.database_url)).set(drivername="postgresql")
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(password=None).render_as_string(hide_password=False), env


def _pg_tool(settings: Settings, tool: str, *args: str) -> None:
    url, env = _libpq(settings)
    done = subprocess.run([tool, *args, f"--dbname={url}"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["tanpa keterangan"])[-1]
        raise BackupError(f"{tool} gagal: {detail}")


def _pg_dump_usable(settings: Settings) -> bool:
    """pg_dump refuses a server newer than itself; then the driver's logical dump is used."""
    if shutil.which("pg_dump") is None:
        return False

    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            server = int(connection.execute(text("SHOW server_version_num")).scalar()) // 10000
    finally:
        engine.dispose()
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.split()
    try:
        return int(version[-1].split(".")[0]) >= server
    except (IndexError, ValueError):
        return False


# --- restore ------------------------------------------------------------------------------


def restore_backup(settings: Settings, source: Path, *, overwrite: bool = False) -> str:
    if not source.is_file():
        raise BackupError(f"arsip {source} tidak ditemukan")
    try:
        archive = tarfile.open(source, "r:gz")
    except (tarfile.TarError, OSError):
        raise BackupError(f"{source} bukan arsip cadangan Kinerja Bot (.tar.gz)") from None
    with archive, tempfile.TemporaryDirectory(prefix="kinerja-pulih-") as scratch:
        manifest = _manifest(archive)
        _refuse_non_empty(settings, overwrite)
        db_copy = Path(scratch) / manifest["database_file"]
        archive.extract(manifest["database_file"], scratch, filter="data")
        _restore_database(settings, manifest, db_copy, overwrite)
        files = _restore_data_dir(archive, settings.data_dir)
    _relocate(settings, manifest["data_dir"])
    return f"{files} berkas, cadangan {manifest['created'][:19].replace('T', ' ')} UTC"


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile("manifest.json").read())
    except (KeyError, AttributeError, ValueError):
        raise BackupError("arsip ini bukan cadangan Kinerja Bot (manifest.json tidak ada)") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"format arsip {manifest.get('format')!r} tidak dikenal oleh versi program ini")
    return manifest


def _refuse_non_empty(settings: Settings, overwrite: bool) -> None:
    if overwrite:
        return
    mine = _database_files(settings)
    if settings.data_dir.is_dir() and any(p.resolve() not in mine for p in settings.data_dir.iterdir()):
        raise BackupError(
            f"DATA_DIR {settings.data_dir} sudah berisi berkas; pulihkan ke folder kosong, "
            "atau tambahkan --timpa bila memang ingin menimpanya (hentikan bot dulu)"
        )
    if _database_has_data(settings):
        raise BackupError(
            f"basis data {describe_database(settings)} sudah berisi data; pulihkan ke basis data "
            "kosong, atau tambahkan --timpa bila memang ingin menimpanya (hentikan bot dulu)"
        )


def _database_has_data(settings: Settings) -> bool:
    path = settings.sqlite_path()
    if path is not None:
        return path.is_file() and path.stat().st_size > 0

    engine = make_engine(settings.database_url)
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _restore_database(settings: Settings, manifest: dict, copy: Path, overwrite: bool) -> None:
    path = settings.sqlite_path()
    if (path is not None) != (manifest["database"] == "sqlite"):
        raise BackupError(
            f"arsip ini berisi basis data {manifest['database']}, sedangkan DATABASE_URL menunjuk "
            "ke jenis lain; pulihkan ke jenis basis data yang sama"
        )
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in ("-wal", "-shm", "-journal"):  # an old WAL beside the new file would corrupt it
            Path(f"{path}{stale}").unlink(missing_ok=True)
        shutil.copyfile(copy, path.with_name(path.name + ".part"))
        path.with_name(path.name + ".part").replace(path)
        return
    if manifest["database_file"].endswith(".pgdump"):
        _pg_tool(
            settings,
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            str(copy),
        )
        return

    engine = make_engine(settings.database_url)
    try:
        if overwrite:
            drop_all(engine)
        with copy.open(encoding="utf-8") as lines:
            load(engine, lines)
    finally:
        engine.dispose()


def _restore_data_dir(archive: tarfile.TarFile, data_dir: Path) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    members = []
    for member in archive.getmembers():
        if member.name.startswith("data/") and member.isfile():
            member.name = member.name.removeprefix("data/")
            members.append(member)
    archive.extractall(data_dir, members=members, filter="data")  # "data": no path escapes the folder
    return len(members)


def _relocate(settings: Settings, old_data_dir: str) -> None:
    if Path(old_data_dir) == settings.data_dir:
        return

    engine = make_engine(settings.database_url)
    try:
        moved = relocate_paths(engine, [old_data_dir], str(settings.data_dir))
    finally:
        engine.dispose()
    log.info("%d path berkas dipindah dari %s ke %s", moved, old_data_dir, settings.data_dir)
