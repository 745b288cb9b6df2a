"""Indonesian display (bot/timefmt.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.timefmt import format_date, format_instant, format_number, format_working_minutes

NOV_25_0315_UTC = datetime(2026, 11, 25, 3, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "Rabu, 25 November 2026 pukul 10.15 WIB"),
        ("Asia/Pontianak", "Rabu, 25 November 2026 pukul 10.15 WIB"),
        ("Asia/Makassar", "Rabu, 25 November 2026 pukul 11.15 WITA"),
        ("Asia/Jayapura", "Rabu, 25 November 2026 pukul 12.15 WIT"),
        ("UTC", "Rabu, 25 November 2026 pukul 03.15 UTC"),
        ("Europe/Berlin", "Rabu, 25 November 2026 pukul 04.15 UTC+1"),
        ("America/New_York", "Selasa, 24 November 2026 pukul 22.15 UTC-5"),
        ("Asia/Kolkata", "Rabu, 25 November 2026 pukul 08.45 UTC+5.30"),
    ],
)
def test_format_instant(zone: str, expected: str) -> None:
    assert format_instant(NOV_25_0315_UTC, zone) == expected
    assert format_instant(NOV_25_0315_UTC, ZoneInfo(zone)) == expected


def test_format_instant_uses_babel_day_and_month_names() -> None:
    friday = datetime(2026, 8, 14, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    sunday = datetime(2026, 3, 1, 0, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert format_instant(friday, "Asia/Jakarta") == "Jumat, 14 Agustus 2026 pukul 09.05 WIB"
    assert format_instant(sunday, "Asia/Jakarta") == "Minggu, 1 Maret 2026 pukul 00.00 WIB"


def test_format_instant_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_instant(datetime(2026, 11, 25, 10, 15), "Asia/Jakarta")


@pytest.mark.parametrize("tz", ["UTC", "America/New_York"])
def test_host_time_zone_does_not_matter(tz: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", tz)
    time.tzset()
    try:
        assert format_instant(NOV_25_0315_UTC, "Asia/Jakarta").endswith("pukul 10.15 WIB")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_format_date() -> None:
    assert format_date(date(2026, 11, 25)) == "25 November 2026"
    assert format_date(date(2026, 2, 1)) == "1 Februari 2026"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, "0 menit"),
        (15, "15 menit"),
        (60, "1 jam"),
        (90, "1 jam 30 menit"),
        (479, "7 jam 59 menit"),
        (480, "1 hari kerja"),
        (540, "1 hari kerja 1 jam"),
        (1000, "2 hari kerja 40 menit"),
        (2400, "5 hari kerja"),
        (-90, "1 jam 30 menit"),  # the caller says "terlambat"
        (0.4, "0 menit"),
        (89.6, "1 jam 30 menit"),
    ],
)
def test_format_working_minutes(minutes: float, expected: str) -> None:
    assert format_working_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1250000, 2, "1.250.000"),
        (95.5, 2, "95,5"),
        (85.123, 2, "85,12"),
        (2.675, 2, "2,68"),
        (Decimal("1000000.5"), 2, "1.000.000,5"),
        (-3.14159, 3, "-3,142"),
        (95.5, 0, "96"),
        (0, 2, "0"),
    ],
)
def test_format_number(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected
