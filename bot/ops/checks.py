"""What can keep the bot from starting, each said in one Indonesian line with how to fix it.
`python -m bot check` reports every finding; a start stops at the first problem."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.master_record import is_checked, master_in_force
from bot.org import OrgError, load_org
from bot.sheets.types import MasterError
from bot.sop import SopError, load_sop
from storage.inspect import inspect_database


@dataclass(frozen=True)
class Finding:
    text: str
    problem: bool = True  # False: a warning, the bot still runs

    def __str__(self) -> str:
        return self.text if self.problem else f"PERINGATAN: {self.text}"


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.problem]


# --- files: organisation, SOP, indicator master ---------------------------------------


def check_files(settings: Settings, *, data_dir: Path | None = None, trust_record: bool = False) -> list[Finding]:
    """`trust_record` (a start): a master recorded as good since it last changed is not read again."""
    try:
        org = load_org(settings.org_file)
    except OrgError as exc:
        return [Finding(f"ORG_FILE: {exc}")]
    found = []
    try:
        load_sop(settings.sop_file, unit_codes=org.codes)
    except SopError as exc:
        found.append(Finding(f"SOP_FILE: {exc}"))
    found += _check_master(settings, org, data_dir or settings.data_dir, trust_record=trust_record)
    return found


def _check_master(settings: Settings, org, data_dir: Path, *, trust_record: bool) -> list[Finding]:
    path = master_in_force(settings.indicators_file, data_dir)
    if path.is_dir():
        return [Finding(f"INDICATORS_FILE: {path} adalah folder; tulis path berkas master .xlsx/.csv")]
    units = tuple(u.code for u in org.data_units)
    if trust_record and is_checked(data_dir, path, units):
        return []
    # imported here: reading a master loads openpyxl, which the idle bot does without
    from bot.sheets.indicators import load_master

    try:
        load_master(path, known_units=units)
    except MasterError as exc:
        return [Finding(f"Master indikator: {exc}")]
    return []


# --- folders -----------------------------------------------------------------------


def _writable(folder: Path) -> str | None:
    """None when a file can really be created in `folder` (os.access is wrong on some mounts)."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kinerja-tulis-"):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_folder(folder: Path, name: str, *, create: bool) -> list[Finding]:
    """A folder the bot writes into: it exists (or is made, or could be made) and takes a new file."""
    fix = f"buat foldernya dan beri izin tulis kepada pengguna yang menjalankan bot, atau ubah {name}"
    if folder.exists() and not folder.is_dir():
        return [Finding(f"{name}: {folder} adalah berkas, bukan folder; {fix}")]
    if not folder.exists():
        if not create:
            parent = _nearest_existing(folder)
            reason = _writable(parent) if parent.is_dir() else "bukan folder"
            return (
                []
                if reason is None
                else [
                    Finding(f"{name}: folder {folder} belum ada dan tidak dapat dibuat di {parent} ({reason}); {fix}")
                ]
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return [Finding(f"{name}: folder {folder} tidak dapat dibuat ({exc.strerror}); {fix}")]
    reason = _writable(folder)
    return [] if reason is None else [Finding(f"{name}: folder {folder} tidak dapat ditulis ({reason}); {fix}")]


# --- the database --------------------------------------------------------------------


def check_sqlite_path(path: Path, *, create: bool) -> list[Finding]:
    if path.is_dir():
        return [Finding(f"DATABASE_URL: {path} adalah folder; tulis path berkas, mis. sqlite:///{path}/kinerja.db")]
    # SQLite writes its -wal and -shm files beside the database: the folder must take new files.
    found = check_folder(path.parent, "DATABASE_URL", create=create)
    if found:
        return found
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return [
            Finding(
                f"DATABASE_URL: berkas basis data {path} tidak dapat ditulis; beri izin baca-tulis "
                "kepada pengguna yang menjalankan bot"
            )
        ]
    return []


def database_problem(exc: Exception, url: str) -> str:
    """A driver's error said as what is wrong and what to do; the password is never repeated."""

    detail = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    first = detail[0] if detail else exc.__class__.__name__
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if "not a database" in first:
            return f"DATABASE_URL: {parsed.database} bukan berkas basis data SQLite; periksa path-nya"
        return f"DATABASE_URL: basis data SQLite {parsed.database} tidak dapat dibuka ({first})"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    text = " ".join(detail)
    if "does not exist" in text and "database" in text:
        return (
            f"DATABASE_URL: basis data '{parsed.database}' belum ada di PostgreSQL {where}; buat dulu "
            f"(createdb -h {parsed.host or 'localhost'} -U {parsed.username or 'postgres'} {parsed.database})"
        )
    if "password" in text or "authentication" in text or ("role" in text and "does not exist" in text):
        return (
            f"DATABASE_URL: PostgreSQL {where} menolak pengguna '{parsed.username}'; periksa nama pengguna "
            "dan sandi di DATABASE_URL"
        )
    if any(
        word in text
        for word in (
            "refused",
            "could not connect",
            "timeout",
            "timed out",
            "resolve",
            "translate host",
            "No route",
            "unreachable",
        )
    ):
        return (
            f"DATABASE_URL: PostgreSQL di {where} tidak menjawab; jalankan servernya "
            "(systemctl start postgresql) atau periksa host dan port di DATABASE_URL"
        )
    return f"DATABASE_URL: basis data PostgreSQL {where} tidak dapat dipakai ({first})"


def check_database(settings: Settings, *, create: bool):
    """(findings, state); state is None when the database could not be read, or does not exist yet."""

    path = settings.sqlite_path()
    if path is not None:
        found = check_sqlite_path(path, create=create)
        if found:
            return found, None
        if not path.exists():
            return [
                Finding(
                    f"basis data {path} belum ada: dibuat baru dan kosong saat bot dijalankan. Bila Anda "
                    "sudah punya data, periksa DATABASE_URL dan folder tempat bot dijalankan",
                    False,
                )
            ], None
    try:
        state = inspect_database(settings.database_url)
    except (SQLAlchemyError, OSError) as exc:
        return [Finding(database_problem(exc, settings.database_url))], None
    return _state_findings(state, describe_database(settings)), state


def _state_findings(state, where: str) -> list[Finding]:
    if state.revision is None:
        return [
            Finding(
                f"basis data {where} masih kosong (belum ada tabel): skemanya dibuat saat bot dijalankan. "
                "Bila Anda sudah punya data, periksa DATABASE_URL",
                False,
            )
        ]
    if not state.known:
        return [
            Finding(
                f"basis data {where} berasal dari versi program yang lebih baru (revisi {state.revision}); "
                "pasang versi program itu, atau pulihkan cadangan yang cocok"
            )
        ]
    found = []
    if state.behind:
        found.append(
            Finding(
                f"skema basis data revisi {state.revision}, program ini {state.head}: "
                "dimutakhirkan otomatis saat bot dijalankan (buat cadangan dulu)",
                False,
            )
        )
    if not state.members:
        found.append(
            Finding(
                f"basis data {where} belum berisi anggota. Bila Anda sudah punya data, periksa "
                "DATABASE_URL dan folder tempat bot dijalankan",
                False,
            )
        )
    return found


def describe_database(settings: Settings) -> str:
    """The database named for the log: the absolute file, or the server without the password."""
    path = settings.sqlite_path()
    if path is not None:
        return str(path)

    return make_url(settings.database_url).render_as_string(hide_password=True)


# --- everything ------------------------------------------------------------------------


def check_admins(settings: Settings) -> list[Finding]:
    if settings.admin_ids:
        return []
    return [
        Finding(
            "ADMIN_IDS kosong: tidak ada operator, jadi tidak ada yang dapat mengundang anggota. "
            "Kirim /start ke bot untuk melihat id Telegram Anda, isi ADMIN_IDS, lalu jalankan ulang",
            False,
        )
    ]


def check_all(settings: Settings) -> list[Finding]:
    """For `python -m bot check`: every finding, creating nothing."""
    found: list[Finding] = []
    problem = settings.token_problem()
    if problem:
        found.append(Finding(problem))
    if settings.webhook_url and not settings.webhook_secret:
        found.append(Finding("WEBHOOK_SECRET wajib diisi bila WEBHOOK_URL dipakai"))
    found += check_admins(settings)
    found += check_files(settings)
    found += check_folder(settings.data_dir, "DATA_DIR", create=False)
    if settings.log_file is not None:
        found += check_folder(settings.log_file.parent, "LOG_FILE", create=False)
    found += check_database(settings, create=False)[0]
    return found
