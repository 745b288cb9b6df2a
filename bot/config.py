"""Typed configuration from the environment and `.env` (SPEC §7)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.sheets.scales import Scale, load_scale

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_SOP_FILE = PACKAGE_DIR / "sops" / "pengumpulan_data_kinerja.toml"
DEFAULT_ORG_FILE = PACKAGE_DIR / "data" / "organisasi.toml"
DEFAULT_INDICATORS_FILE = PACKAGE_DIR / "data" / "indikator.xlsx"


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
    extra_holidays: Annotated[tuple[date, ...], NoDecode] = ()
    capaian_scale: str = "permendagri-86-2017"
    webhook_url: str | None = None
    webhook_secret: str | None = None

    @field_validator("webhook_url", "webhook_secret", mode="before")
    @classmethod
    def _none_when_empty(cls, value: object) -> object:
        return None if value == "" else value
    webhook_port: int = 8443

    @field_validator("org_file", "sop_file", "indicators_file", mode="before")
    @classmethod
    def _default_when_empty(cls, value: object, info) -> object:
        defaults = {"org_file": DEFAULT_ORG_FILE, "sop_file": DEFAULT_SOP_FILE,
                    "indicators_file": DEFAULT_INDICATORS_FILE}
        return defaults[info.field_name] if value in ("", None) else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.replace(";", ",").split(",") if part.strip())
        return value

    @field_validator("extra_holidays", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(date.fromisoformat(p.strip()) for p in value.split(",") if p.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"zona waktu '{value}' tidak dikenal (contoh: Asia/Jakarta)") from exc
        return value

    @field_validator("work_hours")
    @classmethod
    def _known_hours(cls, value: str) -> str:
        from bot.calendar import parse_work_hours
        parse_work_hours(value)  # its error already says what is wrong and gives examples
        return value

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


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; any invalid value becomes one ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        variable = str(error["loc"][0]).upper() if error["loc"] else "konfigurasi"
        reason = str(error["msg"]).removeprefix("Value error, ").removeprefix(f"{variable}: ")
        raise ConfigError(f"{variable}: {reason} (nilai: {error.get('input')!r})") from None
