"""Indonesian display of instants, dates, working durations and numbers.

Day and month names come from babel (locale "id"), never from a hand-written
list, so they follow CLDR. Instants are always shown in the configured zone
(SPEC §8: the host's own time zone never matters).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime, get_timezone_name
from babel.numbers import format_decimal

__all__ = ["format_date", "format_instant", "format_number", "format_working_minutes", "join_words"]

LOCALE = "id"
MINUTES_PER_WORKING_DAY = 480  # SPEC §3: 480 minutes is one working day

# The names Indonesians use for their own zones; fixed here because these
# abbreviations are what people expect to read whatever CLDR version is installed.
_INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def format_instant(instant: datetime, tz: ZoneInfo | str) -> str:
    """ "Rabu, 25 November 2026 pukul 10.15 WIB" — `instant` shown in `tz`."""
    if instant.utcoffset() is None:
        raise ValueError(f"Waktu {instant.isoformat()} tidak punya zona waktu (naive)")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = instant.astimezone(zone)
    text = format_datetime(local, "EEEE, d MMMM y 'pukul' HH.mm", tzinfo=zone, locale=LOCALE)
    return f"{text} {zone_abbreviation(local)}"


def zone_abbreviation(local: datetime) -> str:
    """WIB/WITA/WIT, else babel's short name, else the offset as "UTC+5.30"."""
    key = getattr(local.tzinfo, "key", None)
    if key in _INDONESIAN_ZONES:
        return _INDONESIAN_ZONES[key]
    name = get_timezone_name(local, "short", locale=LOCALE)
    if any(ch.isalpha() for ch in name):
        return name
    return _offset_label(local)


def _offset_label(local: datetime) -> str:
    offset = local.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    hours, rest = divmod(abs(offset), timedelta(hours=1))
    minutes = rest // timedelta(minutes=1)
    return f"UTC{sign}{hours}" + (f".{minutes:02d}" if minutes else "")


def format_date(day: date) -> str:
    """ "25 November 2026"."""
    return _babel_date(day, "d MMMM y", locale=LOCALE)


def format_working_minutes(minutes: float) -> str:
    """Working time in 480-minute days: 90 -> "1 jam 30 menit", 1000 -> "2 hari kerja 40 menit".

    The sign is dropped (the caller says "lagi" or "terlambat"); fractions are
    rounded to the nearest minute.
    """
    total = math.floor(abs(minutes) + 0.5)
    days, rest = divmod(total, MINUTES_PER_WORKING_DAY)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari kerja"] if days else []
    parts += [f"{hours} jam"] if hours else []
    parts += [f"{mins} menit"] if mins or not parts else []
    return " ".join(parts)


def format_number(value: int | float | Decimal, decimals: int = 2) -> str:
    """Indonesian digits: 1250000 -> "1.250.000", 95.5 -> "95,5" (at most `decimals` places)."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    # str() first so 2.675 rounds as written, not as its binary approximation.
    number = Decimal(str(value)) if isinstance(value, float) else value
    return format_decimal(number, format=pattern, locale="id_ID")


def join_words(items: list[str] | tuple[str, ...], last: str = "atau") -> str:
    """["A", "B", "C"] -> "A, B atau C", as Indonesian lists read ("dan" for a list of things together)."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
