"""Typed configuration from the environment and `.env` (SPEC §7)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import PrivateAttr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.calendar import DEFAULT_RAMADAN_HOURS, parse_date_ranges, parse_work_hours
from bot.sheets.scales import Scale, load_scale

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SOP_FILE = PACKAGE_DIR / "sops" / "pengumpulan_data_kinerja.toml"
DEFAULT_ORG_FILE = PACKAGE_DIR / "data" / "organisasi.toml"
DEFAULT_INDICATORS_FILE = PACKAGE_DIR / "data" / "indikator.xlsx"


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# BotFather's tokens are the bot's numeric id, a colon, and a URL-safe secret (35 characters today;
# only the shape is checked, so a test server's shorter tokens pass too).
TOKEN_FORM = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{8,}$")
SUPPORTED_DATABASES = ("sqlite:///", "postgresql+psycopg://", "postgresql://", "postgres://")
# pydantic's own messages are English; an operator reads these instead.
PYDANTIC_MESSAGES = {
    "int_parsing": "harus berupa bilangan bulat",
    "int_type": "harus berupa bilangan bulat",
    "bool_parsing": "harus true atau false",
    "path_type": "harus berupa path berkas",
    "string_type": "harus berupa teks",
}


class ConfigError(Exception):
    """A configuration problem, said in one line that names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: str = ""
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    database_url: str = "sqlite:///data/kinerja.db"
    data_dir: Path = Path("data")
    org_file: Path = DEFAULT_ORG_FILE
    sop_file: Path = DEFAULT_SOP_FILE
    indicators_file: Path = DEFAULT_INDICATORS_FILE
    timezone: str = "Asia/Jakarta"
    work_hours: str = "mon-fri 08:00-16:00"
    # Perpres 21/2023: other hours in Ramadan; its dates change every year (docs/CALENDAR.md).
    ramadan: Annotated[tuple[tuple[date, date], ...], NoDecode] = ()
    work_hours_ramadan: str = DEFAULT_RAMADAN_HOURS
    extra_holidays: Annotated[tuple[date, ...], NoDecode] = ()
    capaian_scale: str = "permendagri-86-2017"
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @field_validator("webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _none_when_empty(cls, value: object) -> object:
        return None if value == "" else value

    webhook_port: int = 8443
    log_level: str = "INFO"
    log_file: Path | None = None
    _env_file_used: Path | None = PrivateAttr(default=None)

    @field_validator("log_file", mode="before")
    @classmethod
    def _no_log_file_when_empty(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: object) -> object:
        level = str(value or "INFO").strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"'{value}' bukan tingkat log; pilih salah satu: {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        value = value.strip()
        if value.startswith(SUPPORTED_DATABASES):
            return value
        if "://" not in value:
            raise ValueError(
                f"'{value}' bukan URL basis data; tulis misalnya sqlite:///data/kinerja.db "
                "atau postgresql+psycopg://pengguna:sandi@host:5432/kinerja"
            )
        raise ValueError(
            f"jenis basis data '{value.split(':', 1)[0]}' tidak didukung; hanya SQLite "
            "(sqlite:///data/kinerja.db) dan PostgreSQL (postgresql+psycopg://...)"
        )

    @field_validator("org_file", "sop_file", "indicators_file", mode="before")
    @classmethod
    def _default_when_empty(cls, value: object, info) -> object:
        defaults = {
            "org_file": DEFAULT_ORG_FILE,
            "sop_file": DEFAULT_SOP_FILE,
            "indicators_file": DEFAULT_INDICATORS_FILE,
        }
        return defaults[info.field_name] if value in ("", None) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
            for part in parts:
                if not part.isdigit():
                    raise ValueError(
                        f"'{part}' bukan id pengguna Telegram: isi angka (mis. 123456789), "
                        "bukan @username; id terlihat dengan mengirim /start ke bot atau ke @userinfobot"
                    )
            return tuple(int(part) for part in parts)
        return value

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if isinstance(value, str):
            days = []
            for part in (p.strip() for p in value.split(",") if p.strip()):
                try:
                    days.append(date.fromisoformat(part))
                except ValueError:
                    raise ValueError(f"tanggal '{part}' harus ditulis TAHUN-BULAN-TANGGAL, mis. 2026-12-24") from None
            return tuple(days)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona waktu '{value}' tidak dikenal (contoh: Asia/Jakarta)") from exc
        return value

    @field_validator("work_hours", "work_hours_ramadan")
    @classmethod
    def _known_hours(cls, value: str, info) -> str:
        value = value.strip() or (DEFAULT_RAMADAN_HOURS if info.field_name == "work_hours_ramadan" else value)
        parse_work_hours(value, name=info.field_name.upper())  # its error says what is wrong, with examples
        return value

    @field_validator("ramadan", mode="before")
    @classmethod
    def _ramadan_ranges(cls, value: object) -> object:
        return parse_date_ranges(value) if isinstance(value, str) else value

    @field_validator("capaian_scale")
    @classmethod
    def _known_scale(cls, value: str) -> str:
        load_scale(value)  # ScaleError names the file and the line
        return value.strip() or "permendagri-86-2017"

    @field_validator("webhook_secret")
    @classmethod
    def _secret_charset(cls, value: str | None) -> str | None:
        # Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and - in secret_token.
        if value and not all(c.isascii() and (c.isalnum() or c in "_-") for c in value):
            raise ValueError("hanya boleh huruf, angka, _ dan - (1-256 karakter)")
        return value

    @property
    def env_file_used(self) -> Path | None:
        return self._env_file_used

    @property
    def scale(self) -> Scale:
        return load_scale(self.capaian_scale)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> None:
        if not self.telegram_bot_token.strip():
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN belum diisi: minta token ke @BotFather lalu isi di .env "
                "(atau jalankan `python -m bot demo` untuk demo tanpa token)"
            )
        if self.webhook_url and not self.webhook_secret:
            raise ConfigError("WEBHOOK_SECRET wajib diisi bila WEBHOOK_URL dipakai")
        problem = self.token_problem()
        if problem:
            raise ConfigError(problem)

    def token_problem(self) -> str | None:
        """The token's form only (Telegram itself says whether it is valid); never repeats the token."""
        token = self.telegram_bot_token
        if not token.strip():
            return "TELEGRAM_BOT_TOKEN belum diisi: minta token ke @BotFather lalu isi di .env"
        if not TOKEN_FORM.match(token):
            return (
                "TELEGRAM_BOT_TOKEN tidak berbentuk token BotFather (angka, titik dua, lalu huruf/angka, "
                "mis. 123456789:AAH...): salin ulang dari @BotFather tanpa spasi, tanda kutip atau kata 'bot'"
            )
        return None

    def resolve_paths(self, base: Path) -> None:
        """Relative paths count from `base` (the .env's folder): the bot started from another folder
        still finds its database and files instead of silently making new, empty ones."""

        def absolute(path: Path) -> Path:
            return path if path.is_absolute() else (base / path).resolve()

        self.data_dir = absolute(self.data_dir)
        self.org_file, self.sop_file = absolute(self.org_file), absolute(self.sop_file)
        self.indicators_file = absolute(self.indicators_file)
        if self.log_file is not None:
            self.log_file = absolute(self.log_file)
        if self.database_url.startswith("sqlite:///"):
            path = self.database_url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not Path(path).is_absolute():
                self.database_url = f"sqlite:///{absolute(Path(path))}"

    def sqlite_path(self) -> Path | None:
        if not self.database_url.startswith("sqlite:///"):
            return None
        path = self.database_url.removeprefix("sqlite:///")
        return None if path in ("", ":memory:") else Path(path)


def env_file_path(env_file: str | Path | None = None) -> Path:
    """`--env FILE`, else KINERJA_ENV_FILE, else `.env` in the current folder."""
    return Path(env_file or os.environ.get("KINERJA_ENV_FILE") or ".env").absolute()


def load_settings(*, env_file: str | Path | None = None, **overrides: object) -> Settings:
    """Settings from the environment and the .env file; any invalid value becomes one ConfigError line.
    Relative paths resolve against the .env file's folder (the current folder when there is none)."""
    path = env_file_path(env_file)
    if env_file is not None and not path.is_file():
        raise ConfigError(f"berkas konfigurasi {path} tidak ditemukan")
    found = path.is_file()
    try:
        settings = Settings(_env_file=path if found else None, **overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        variable = str(error["loc"][0]).upper() if error["loc"] else "konfigurasi"
        reason = PYDANTIC_MESSAGES.get(error["type"]) or str(error["msg"])
        reason = reason.removeprefix("Value error, ").removeprefix(f"{variable}: ")
        # The value is repeated only when the reason does not quote it already and it holds no secret
        # (a database URL carries its password).
        value = error.get("input")
        shown = variable in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET") or f"'{value}'" in reason
        raise ConfigError(f"{variable}: {reason}" + ("" if shown else f" (nilai: {value!r})")) from None
    settings.resolve_paths(path.parent if found else Path.cwd())
    settings._env_file_used = path if found else None
    return settings
