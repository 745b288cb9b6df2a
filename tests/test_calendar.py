"""The working-time calendar (bot/calendar.py); decisions in docs/CALENDAR.md."""

from __future__ import annotations

import time as host_time
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.calendar import WorkHoursError, WorkingCalendar, parse_work_hours

JKT = ZoneInfo("Asia/Jakarta")
CAL = WorkingCalendar()
PROPS = settings(deadline=None, database=None, max_examples=150)


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=JKT)


# --- concrete cases, default calendar (Mon-Fri 08:00-16:00 WIB) ---------------


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (wib(2026, 9, 7, 9, 0), 60, wib(2026, 9, 7, 10, 0)),  # plain Monday
        (wib(2026, 9, 7, 15, 50), 30, wib(2026, 9, 8, 8, 20)),  # end of day -> next morning
        (wib(2026, 9, 7, 8, 0), 480, wib(2026, 9, 7, 16, 0)),  # lands on 16:00: stays there
        (wib(2026, 9, 7, 6, 0), 30, wib(2026, 9, 7, 8, 30)),  # before 08:00
        (wib(2026, 9, 7, 17, 0), 30, wib(2026, 9, 8, 8, 30)),  # after 16:00
        (wib(2026, 9, 11, 15, 0), 120, wib(2026, 9, 14, 9, 0)),  # across a weekend
        (wib(2026, 9, 12, 10, 0), 15, wib(2026, 9, 14, 8, 15)),  # starting on Saturday
        (wib(2026, 8, 14, 15, 0), 120, wib(2026, 8, 18, 9, 0)),  # Mon 17 Aug: Independence Day
        (wib(2026, 9, 7, 8, 0), 4800, wib(2026, 9, 18, 16, 0)),  # ten working days
        (wib(2026, 9, 7, 8, 0), -1, wib(2026, 9, 4, 15, 59)),  # backwards over a weekend
        (wib(2026, 9, 8, 16, 0), -480, wib(2026, 9, 8, 8, 0)),  # backwards lands on 08:00
    ],
)
def test_add_minutes(start: datetime, minutes: int, expected: datetime) -> None:
    assert CAL.add_minutes(start, minutes) == expected


def test_adding_zero_keeps_the_instant_even_outside_working_hours() -> None:
    saturday = wib(2026, 9, 12, 10, 0)
    assert CAL.add_minutes(saturday, 0) == saturday
    assert CAL.next_working_instant(saturday) == wib(2026, 9, 14, 8, 0)


def test_public_holiday_from_the_holidays_package() -> None:
    assert CAL.is_holiday(date(2026, 8, 17))
    assert CAL.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert CAL.holiday_name(date(2026, 8, 18)) is None
    assert not CAL.is_working_time(wib(2026, 8, 17, 10, 0))
    with pytest.raises(TypeError):
        CAL.is_holiday(wib(2026, 8, 17, 10, 0))


def test_cuti_bersama_is_not_in_the_package_but_can_be_configured() -> None:
    leave = date(2026, 12, 24)  # Thursday before Christmas (Friday 25 Dec)
    assert not CAL.is_holiday(leave)
    cal = WorkingCalendar(extra_holidays=[leave])
    assert cal.holiday_name(leave) == "Cuti bersama"
    assert cal.add_minutes(wib(2026, 12, 23, 15, 0), 120) == wib(2026, 12, 28, 9, 0)


def test_holidays_added_and_removed_at_run_time() -> None:
    cal = WorkingCalendar()
    monday = date(2026, 9, 7)
    cal.add_holiday(monday)
    assert cal.next_working_instant(wib(2026, 9, 7, 9, 0)) == wib(2026, 9, 8, 8, 0)
    cal.remove_holiday(monday)
    assert cal.is_working_time(wib(2026, 9, 7, 9, 0))
    cal.remove_holiday(date(2026, 8, 17))  # a decree moved a public holiday
    assert not cal.is_holiday(date(2026, 8, 17))
    assert cal.is_working_time(wib(2026, 8, 17, 9, 0))
    cal.add_holiday(date(2026, 8, 17))
    assert cal.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"


def test_public_holidays_can_be_switched_off_and_load_for_any_year() -> None:
    assert not WorkingCalendar(public_holidays=False).is_holiday(date(2026, 8, 17))
    assert CAL.is_holiday(date(2031, 8, 17)) and CAL.is_holiday(date(2019, 1, 1))


def test_working_time_boundaries() -> None:
    assert CAL.is_working_time(wib(2026, 9, 7, 8, 0))
    assert CAL.is_working_time(wib(2026, 9, 7, 15, 59, 59))
    assert not CAL.is_working_time(wib(2026, 9, 7, 16, 0))
    assert not CAL.is_working_time(wib(2026, 9, 7, 7, 59))
    assert CAL.next_working_instant(wib(2026, 9, 7, 16, 0)) == wib(2026, 9, 8, 8, 0)


def test_minutes_between() -> None:
    assert CAL.minutes_between(wib(2026, 9, 7, 8, 0), wib(2026, 9, 7, 16, 0)) == 480
    assert CAL.minutes_between(wib(2026, 9, 11, 15, 0), wib(2026, 9, 14, 9, 0)) == 120
    assert CAL.minutes_between(wib(2026, 9, 14, 9, 0), wib(2026, 9, 11, 15, 0)) == -120
    assert CAL.minutes_between(wib(2026, 9, 12, 0, 0), wib(2026, 9, 13, 23, 0)) == 0
    assert CAL.minutes_between(wib(2026, 8, 14, 8, 0), wib(2026, 8, 19, 8, 0)) == 960


def test_any_input_zone_and_results_in_the_calendar_zone() -> None:
    monday_8_wib = datetime(2026, 9, 7, 1, 0, tzinfo=UTC)
    result = CAL.add_minutes(monday_8_wib.astimezone(ZoneInfo("America/New_York")), 30)
    assert result == wib(2026, 9, 7, 8, 30)
    assert result.tzinfo == JKT and result.hour == 8


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.add_minutes(datetime(2026, 9, 7, 9, 0), 10)
    with pytest.raises(ValueError, match="naive"):
        CAL.minutes_between(wib(2026, 9, 7, 9, 0), datetime(2026, 9, 8, 9, 0))


def test_bad_timezone_is_refused() -> None:
    with pytest.raises(ValueError, match="TIMEZONE: 'Mars/Base'"):
        WorkingCalendar(timezone="Mars/Base")


def test_ten_working_days_is_fast() -> None:
    started = host_time.perf_counter()
    for _ in range(200):
        CAL.add_minutes(wib(2026, 9, 7, 9, 0), 4800)
    assert host_time.perf_counter() - started < 1.0


@pytest.fixture(params=["UTC", "America/New_York", "Pacific/Kiritimati"])
def host_tz(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", request.param)
    host_time.tzset()
    yield request.param
    monkeypatch.undo()
    host_time.tzset()


def test_host_time_zone_does_not_matter(host_tz: str) -> None:
    assert WorkingCalendar().add_minutes(wib(2026, 9, 7, 15, 50), 30) == wib(2026, 9, 8, 8, 20)


# --- other calendars ------------------------------------------------------------


def test_24x7_counts_every_minute_and_ignores_holidays() -> None:
    cal = WorkingCalendar(work_hours="24x7")
    assert cal.add_minutes(wib(2026, 9, 12, 23, 30), 60) == wib(2026, 9, 13, 0, 30)
    assert cal.is_working_time(wib(2026, 8, 17, 3, 0))  # Independence Day counts too
    assert cal.minutes_between(wib(2026, 8, 17), wib(2026, 8, 18)) == 1440
    assert cal.is_holiday(date(2026, 8, 17))  # still reported, just not skipped


def test_working_minutes_are_real_minutes_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # clocks go 02:00 -> 03:00 on 29 March 2026
    cal = WorkingCalendar(timezone="Europe/Berlin", work_hours="24x7")
    start = datetime(2026, 3, 28, 12, 0, tzinfo=berlin)
    assert cal.add_minutes(start, 1440) == datetime(2026, 3, 29, 13, 0, tzinfo=berlin)


def test_split_intervals_with_a_lunch_break() -> None:
    cal = WorkingCalendar(work_hours="mon-fri 08:00-12:00,13:00-16:00")
    assert cal.add_minutes(wib(2026, 9, 7, 11, 30), 60) == wib(2026, 9, 7, 13, 30)
    assert cal.add_minutes(wib(2026, 9, 7, 8, 0), 240) == wib(2026, 9, 7, 12, 0)
    assert not cal.is_working_time(wib(2026, 9, 7, 12, 30))
    assert cal.minutes_between(wib(2026, 9, 7), wib(2026, 9, 8)) == 420


def test_friday_specific_hours() -> None:
    cal = WorkingCalendar(work_hours="mon-thu 07:30-16:00; fri 07:30-16:30")
    assert cal.is_working_time(wib(2026, 9, 11, 16, 15))
    assert not cal.is_working_time(wib(2026, 9, 10, 16, 15))
    assert cal.add_minutes(wib(2026, 9, 11, 16, 0), 60) == wib(2026, 9, 14, 8, 0)


# --- WORK_HOURS grammar -----------------------------------------------------------


def test_parse_default_and_indonesian_day_names() -> None:
    default = parse_work_hours("mon-fri 08:00-16:00")
    assert default[0] == [(time(8), time(16))] and default[5] == default[6] == []
    assert parse_work_hours("  Sen - Jum  08.00 - 16.00 ") == default
    assert parse_work_hours("senin-jumat 08:00-16:00") == default


def test_parse_lists_wraps_and_24x7() -> None:
    assert sorted(d for d, s in parse_work_hours("mon,wed,sab 09:00-10:00").items() if s) == [0, 2, 5]
    assert sorted(d for d, s in parse_work_hours("sat-mon 09:00-10:00").items() if s) == [0, 5, 6]
    assert parse_work_hours("24x7")[3] == [(time(0), time.max)]
    assert parse_work_hours("sun 20:00-24:00")[6] == [(time(20), time.max)]


@pytest.mark.parametrize(
    ("spec", "part"),
    [
        ("mon-fri 8-16", "'8-16'"),
        ("xyz 08:00-16:00", "'xyz'"),
        ("mon-fri", "'mon-fri'"),
        ("mon-fri 16:00-08:00", "'16:00-08:00'"),
        ("mon-fri 08:00-25:00", "'08:00-25:00'"),
        ("mon-fri 08:00-12:00,11:00-16:00", "'11:00'"),
        ("", "''"),
    ],
)
def test_parse_errors_name_the_bad_part(spec: str, part: str) -> None:
    with pytest.raises(WorkHoursError) as caught:
        parse_work_hours(spec)
    message = str(caught.value)
    assert message.startswith(f"WORK_HOURS: '{spec}' tidak dikenali")
    assert f"(bagian {part})" in message and "contoh: 'mon-fri 08:00-16:00' atau '24x7'" in message


def test_overlap_error_names_the_day() -> None:
    with pytest.raises(WorkHoursError, match="hari Jumat tumpang tindih"):
        parse_work_hours("mon-fri 08:00-16:00; fri 15:00-17:00")


# --- properties -----------------------------------------------------------------

CALENDARS = [
    CAL,
    WorkingCalendar(work_hours="mon-fri 08:00-12:00,13:00-16:00", extra_holidays=[date(2026, 12, 24)]),
    WorkingCalendar(work_hours="mon-thu 07:30-16:00; fri 07:30-16:30"),
    WorkingCalendar(work_hours="24x7"),
    WorkingCalendar(ramadan=[(date(2026, 2, 19), date(2026, 3, 19)), (date(2027, 2, 8), date(2027, 3, 9))]),
    WorkingCalendar(timezone="Europe/Berlin", work_hours="mon-sun 01:00-03:30"),  # crosses DST gaps
]
zones = st.sampled_from([UTC, JKT, ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")])
instants = st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 31), timezones=zones)
calendars = st.sampled_from(CALENDARS)
minutes = st.integers(0, 6000)


@PROPS
@given(calendars, instants, minutes)
def test_round_trip(cal: WorkingCalendar, instant: datetime, m: int) -> None:
    start = cal.next_working_instant(instant)
    assert cal.minutes_between(start, cal.add_minutes(start, m)) == m
    assert cal.minutes_between(cal.add_minutes(start, -m), start) == m


@PROPS
@given(calendars, instants, minutes, minutes)
def test_additivity(cal: WorkingCalendar, instant: datetime, a: int, b: int) -> None:
    assert cal.add_minutes(cal.add_minutes(instant, a), b) == cal.add_minutes(instant, a + b)
    assert cal.add_minutes(cal.add_minutes(instant, -a), -b) == cal.add_minutes(instant, -a - b)


@PROPS
@given(calendars, instants, instants, minutes, minutes)
def test_monotonic(cal: WorkingCalendar, t1: datetime, t2: datetime, a: int, b: int) -> None:
    # Compared as UTC instants: aware datetimes of one ZoneInfo compare (and sort) by wall clock,
    # ignoring `fold`, so 02:30 CET (after the clocks go back) would pass for 02:30 CEST.
    t1, t2 = sorted([t1, t2], key=utc)
    a, b = sorted([a, b])
    assert utc(cal.add_minutes(t1, a)) <= utc(cal.add_minutes(t2, a))
    assert utc(cal.add_minutes(t1, a)) <= utc(cal.add_minutes(t1, b))
    assert utc(cal.add_minutes(t1, a)) >= utc(t1)


def test_monotonic_across_the_hour_that_repeats():
    """The case that made test_monotonic flaky: two instants in Berlin's repeated hour."""
    berlin = ZoneInfo("Europe/Berlin")
    first = datetime(2026, 10, 25, 2, 40, tzinfo=berlin)  # CEST, fold=0
    later = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin)  # CET, 30 real minutes later
    assert sorted([later, first]) == [later, first]  # wall-clock order: the trap
    cal = CALENDARS[-1]
    t1, t2 = sorted([later, first], key=utc)
    assert (t1, t2) == (first, later)
    assert utc(cal.add_minutes(t1, 5)) <= utc(cal.add_minutes(t2, 5))


@PROPS
@given(calendars, instants, st.floats(0, 5000, allow_nan=False))
def test_fractional_minutes(cal: WorkingCalendar, instant: datetime, m: float) -> None:
    result = cal.add_minutes(instant, m)
    assert result.tzinfo == cal.tz
    assert cal.minutes_between(instant, result) == pytest.approx(m, abs=1e-6)


@PROPS
@given(calendars, instants, instants)
def test_minutes_between_is_antisymmetric_and_bounded(cal: WorkingCalendar, a: datetime, b: datetime) -> None:
    forward = cal.minutes_between(a, b)
    assert forward == -cal.minutes_between(b, a)
    elapsed = b.astimezone(UTC) - a.astimezone(UTC)  # real time: same-zone subtraction ignores DST
    assert abs(forward) <= abs(elapsed) / timedelta(minutes=1)
