"""Working-day arithmetic the nudges need on top of the calendar."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot.calendar import WorkingCalendar

GRACE = timedelta(minutes=1)  # a 16:00 deadline is the last minute of the day, not the night after it


def next_working_day(calendar: WorkingCalendar, instant: datetime) -> datetime:
    """The first working minute of the next day that has one: when daily reminders and digests go."""
    local = instant.astimezone(calendar.tz)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=calendar.tz)
    return calendar.next_working_instant(midnight)


def in_working_hours(calendar: WorkingCalendar, now: datetime) -> bool:
    """Working time, or the minute right after a working interval ends (a deadline at 16:00)."""
    return calendar.is_working_time(now) or calendar.is_working_time(now - GRACE)


def working_days_late(calendar: WorkingCalendar, due: datetime, now: datetime) -> int:
    """Which working day after the deadline `now` is (1 = the first working day after it)."""
    count, morning = 0, next_working_day(calendar, due)
    while morning <= now:
        count, morning = count + 1, next_working_day(calendar, morning)
    return max(count, 1)
