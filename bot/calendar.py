"""The working-time calendar: which minutes count toward an SOP deadline.

SPEC §3: standard times are working time (480 minutes = one working day). The
default calendar is Asia/Jakarta, Monday to Friday 08:00-16:00, without
Indonesian public holidays and the configured collective leave (cuti bersama).
The grammar of WORK_HOURS and the decisions taken here are in docs/CALENDAR.md.

All arithmetic is done on UTC instants, so the host's time zone never matters
and a working minute is a real elapsed minute even across a DST change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

__all__ = [
    "DEFAULT_RAMADAN_HOURS",
    "DEFAULT_WORK_HOURS",
    "WorkHoursError",
    "WorkingCalendar",
    "parse_date_ranges",
    "parse_work_hours",
]

DEFAULT_WORK_HOURS = "mon-fri 08:00-16:00"
# Perpres 21/2023 in Ramadan: 32,5 hours a week from 08.00, a 30-minute break (60 on Friday).
# Like the default, a span is office hours with its break inside: 6,5 + 0,5 hours Monday to
# Thursday, 6,5 + 1 on Friday (4 x 6,5 + 6,5 = 32,5). docs/CALENDAR.md.
DEFAULT_RAMADAN_HOURS = "mon-thu 08:00-15:00; fri 08:00-15:30"
MAX_RAMADAN_DAYS = 31  # a lunar month is 29 or 30 days; a longer range is a typo in a date
_EXAMPLES = "contoh: 'mon-fri 08:00-16:00' atau '24x7'"
_ALWAYS = ("24x7", "24/7")
_END_OF_DAY = 24 * 60
# Ten years without a single working minute is a broken configuration (every
# day declared a holiday), not a long wait: fail loudly instead of looping.
_MAX_IDLE_DAYS = 3660

# One row per weekday (0 = Monday): English and Indonesian, short and full.
_DAY_ALIASES = (
    ("mon", "monday", "sen", "senin"),
    ("tue", "tuesday", "sel", "selasa"),
    ("wed", "wednesday", "rab", "rabu"),
    ("thu", "thursday", "kam", "kamis"),
    ("fri", "friday", "jum", "jumat"),
    ("sat", "saturday", "sab", "sabtu"),
    ("sun", "sunday", "min", "minggu"),
)
_DAYS = {name: index for index, names in enumerate(_DAY_ALIASES) for name in names}
_SPAN = re.compile(r"(\d{1,2})[:.](\d{2})-(\d{1,2})[:.](\d{2})")

Week = dict[int, list[tuple[int, int]]]  # weekday -> [(start, end)] in minutes of the day


class WorkHoursError(ValueError):
    """A WORK_HOURS value that cannot be read; the message names the bad part."""

    def __init__(self, spec: str, part: str, reason: str, name: str = "WORK_HOURS") -> None:
        self.spec, self.part, self.reason = spec, part, reason
        super().__init__(f"{name}: '{spec}' tidak dikenali: {reason} (bagian '{part}'); {_EXAMPLES}")


# --- parsing WORK_HOURS -------------------------------------------------------


def parse_work_hours(spec: str, *, name: str = "WORK_HOURS") -> dict[int, list[tuple[time, time]]]:
    """Weekday (0 = Monday) -> working intervals; an end of `time.max` means 24:00."""
    try:
        return _as_clock(_parse_week(spec))
    except WorkHoursError as exc:
        raise WorkHoursError(exc.spec, exc.part, exc.reason, name) from None


DateRange = tuple[date, date]


def parse_date_ranges(spec: str, *, name: str = "RAMADAN", max_days: int = MAX_RAMADAN_DAYS) -> tuple[DateRange, ...]:
    """`2026-02-19..2026-03-19, 2027-02-08..2027-03-09` -> ranges, both ends included, sorted.

    Raises ValueError with one line naming the variable, the bad part and an example."""
    example = f"contoh: {name}=2027-02-08..2027-03-09 (beberapa tahun dipisah koma)"
    ranges: list[DateRange] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        first, sep, last = (x.strip() for x in part.partition(".."))
        try:
            start, end = date.fromisoformat(first), date.fromisoformat(last)
        except ValueError:
            reason = "tulis TAHUN-BULAN-TANGGAL..TAHUN-BULAN-TANGGAL" if sep else "tanda '..' tidak ada"
            raise ValueError(f"{name}: rentang '{part}' tidak dikenali: {reason}; {example}") from None
        if end < start:
            raise ValueError(f"{name}: rentang '{part}' berakhir sebelum mulai; {example}")
        if (end - start).days + 1 > max_days:
            raise ValueError(
                f"{name}: rentang '{part}' {(end - start).days + 1} hari, lebih dari {max_days} hari; "
                f"periksa tanggalnya; {example}"
            )
        ranges.append((start, end))
    ranges.sort()
    for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
        if start <= end:
            raise ValueError(f"{name}: rentang tumpang tindih pada {start.isoformat()}; {example}")
    return tuple(ranges)


def _as_clock(week: Week) -> dict[int, list[tuple[time, time]]]:
    return {day: [(_clock(a), _clock(b)) for a, b in spans] for day, spans in week.items()}


def _clock(minute: int) -> time:
    # datetime.time cannot say 24:00; time.max keeps `start < end` true for it.
    return time.max if minute == _END_OF_DAY else time(minute // 60, minute % 60)


def _normalise(spec: str) -> str:
    text = " ".join(spec.lower().split())
    return re.sub(r"\s*([-,;])\s*", r"\1", text)  # "mon - fri" == "mon-fri"


def _is_always(spec: str) -> bool:
    return _normalise(spec) in _ALWAYS


def _parse_week(spec: str) -> Week:
    text = _normalise(spec)
    if not text:
        raise WorkHoursError(spec, spec, "nilai kosong")
    if text in _ALWAYS:
        return {day: [(0, _END_OF_DAY)] for day in range(7)}
    week: Week = {day: [] for day in range(7)}
    for group in filter(None, (g.strip() for g in text.split(";"))):
        days, spans = _parse_group(spec, group)
        for day in days:
            week[day].extend(spans)
    for day, spans in week.items():
        week[day] = _sorted_without_overlap(spec, day, spans)
    if not any(week.values()):
        raise WorkHoursError(spec, spec, "tidak ada jam kerja sama sekali")
    return week


def _parse_group(spec: str, group: str) -> tuple[list[int], list[tuple[int, int]]]:
    days_part, _, hours_part = group.partition(" ")
    if not hours_part:
        raise WorkHoursError(spec, group, "hari dan jam harus dipisah spasi, mis. 'mon-fri 08:00-16:00'")
    spans = [_parse_span(spec, part) for part in hours_part.replace(" ", "").split(",")]
    return _parse_days(spec, days_part), spans


def _parse_days(spec: str, part: str) -> list[int]:
    days: list[int] = []
    for item in part.split(","):
        first, _, last = item.partition("-")
        start, end = _day(spec, first), _day(spec, last or first)
        days.extend((start + step) % 7 for step in range((end - start) % 7 + 1))  # "sat-mon" wraps
    return days


def _day(spec: str, name: str) -> int:
    if name not in _DAYS:
        raise WorkHoursError(spec, name, "nama hari tidak dikenal (mon..sun atau sen..min)")
    return _DAYS[name]


def _parse_span(spec: str, part: str) -> tuple[int, int]:
    match = _SPAN.fullmatch(part)
    if not match:
        raise WorkHoursError(spec, part, "jam harus berbentuk HH:MM-HH:MM")
    h1, m1, h2, m2 = map(int, match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
        raise WorkHoursError(spec, part, "jam di luar 00:00-24:00")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start >= end:
        raise WorkHoursError(spec, part, "jam mulai harus sebelum jam selesai")
    return start, end


def _sorted_without_overlap(spec: str, day: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = sorted(spans)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start < end:
            name = _DAY_ALIASES[day][3].capitalize()
            clash = f"{start // 60:02d}:{start % 60:02d}"
            raise WorkHoursError(spec, clash, f"jam kerja hari {name} tumpang tindih")
    return spans


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"TIMEZONE: '{name}' tidak dikenali; contoh: 'Asia/Jakarta'") from exc


# --- the calendar -------------------------------------------------------------


class WorkingCalendar:
    """Working minutes in `timezone` under `work_hours`, minus holidays.

    "24x7" counts every minute, holidays included (SPEC §7: "counts every minute").
    `overrides`: other hours for date ranges, both ends included (Ramadan: `ramadan` with
    `ramadan_hours`); on those days they replace `work_hours`, and holidays still count.
    """

    def __init__(
        self,
        *,
        timezone: str = "Asia/Jakarta",
        work_hours: str = DEFAULT_WORK_HOURS,
        extra_holidays: Iterable[date] = (),
        public_holidays: bool = True,
        ramadan: Iterable[DateRange] = (),
        ramadan_hours: str = DEFAULT_RAMADAN_HOURS,
    ) -> None:
        self.tz = _zone(timezone)
        self._week = _parse_week(work_hours)
        self.work_hours = _as_clock(self._week)
        self.always = _is_always(work_hours)
        ramadan_week = _parse_week(ramadan_hours)
        self._overrides = tuple((start, end, ramadan_week, _is_always(ramadan_hours)) for start, end in ramadan)
        self._public = public_holidays
        self._extra: set[date] = set(extra_holidays)
        self._cancelled: set[date] = set()  # public holidays the operator removed (a decree moved them)
        self._by_year: dict[int, dict[date, str]] = {}

    # holidays

    def holiday_name(self, day: date) -> str | None:
        """The Indonesian name of the holiday on `day`, or None on an ordinary day."""
        if isinstance(day, datetime):  # would silently never match the date keys
            raise TypeError("Hari libur dicek per tanggal (date), bukan datetime")
        if day in self._cancelled:
            return None
        name = self._public_holidays(day.year).get(day)
        if name is None and day in self._extra:
            return "Cuti bersama"
        return name

    def is_holiday(self, day: date) -> bool:
        return self.holiday_name(day) is not None

    def add_holiday(self, day: date) -> None:
        self._cancelled.discard(day)
        self._extra.add(day)

    def remove_holiday(self, day: date) -> None:
        """Makes `day` a normal day again, a configured leave day or a public holiday alike."""
        self._extra.discard(day)
        self._cancelled.add(day)

    @property
    def extra_holidays(self) -> frozenset[date]:
        return frozenset(self._extra)

    def _public_holidays(self, year: int) -> dict[date, str]:
        # Loaded lazily per year: a deadline may cross into a year never asked before.
        if not self._public:
            return {}
        if year not in self._by_year:
            found = holidays.country_holidays("ID", years=year, language="id")
            self._by_year[year] = dict(found)
        return self._by_year[year]

    # instants

    def is_working_time(self, instant: datetime) -> bool:
        moment = self._utc(instant)
        return next(self._forward(moment))[0] == moment

    def next_working_instant(self, instant: datetime) -> datetime:
        """`instant` itself when it is working time, else the start of the next interval."""
        return self._local(next(self._forward(self._utc(instant)))[0])

    def add_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant `minutes` working minutes after `start` (before it when negative).

        Adding 0 returns `start` unchanged, even outside working hours. A result
        that lands exactly on the end of an interval stays there (16:00, not
        08:00 the next morning); going backwards, on its start.
        """
        origin = self._utc(start)
        left = timedelta(minutes=abs(minutes))
        if not left:
            return self._local(origin)
        forward = minutes > 0
        for begin, end in self._forward(origin) if forward else self._backward(origin):
            if left <= end - begin:
                return self._local(begin + left if forward else end - left)
            left -= end - begin
        raise AssertionError("unreachable: the interval walks end by raising")

    def minutes_between(self, start: datetime, end: datetime) -> float:
        """Working minutes in [start, end); negative when end is before start."""
        first, last = self._utc(start), self._utc(end)
        if last < first:
            return -self.minutes_between(end, start)
        total = timedelta(0)
        for begin, stop in self._forward(first):
            if begin >= last:
                break
            total += min(stop, last) - begin
        return total / timedelta(minutes=1)

    # the walk, interval by interval (never minute by minute)

    def _forward(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) from `start` on, the first one clipped to it."""
        for spans in self._daily_spans(start, step=1):
            for begin, end in spans:
                if end > start:
                    yield max(begin, start), end

    def _backward(self, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals (UTC) before `end`, latest first, the first one clipped to it."""
        for spans in self._daily_spans(end, step=-1):
            for begin, stop in reversed(spans):
                if begin < end:
                    yield begin, min(stop, end)

    def _daily_spans(self, instant: datetime, step: int) -> Iterator[list[tuple[datetime, datetime]]]:
        """Each local day's intervals, from the day of `instant` forward (step 1) or back (-1)."""
        day, idle = instant.astimezone(self.tz).date(), 0
        while idle <= _MAX_IDLE_DAYS:
            spans = self._spans(day)
            idle = 0 if spans else idle + 1
            yield spans
            day += timedelta(days=step)
        raise RuntimeError(f"Kalender kerja: tidak ada jam kerja dalam {_MAX_IDLE_DAYS} hari berturut-turut")

    def hours_on(self, day: date) -> tuple[Week, bool]:
        """The week that applies on `day` (an override's, else WORK_HOURS) and whether it is 24x7."""
        for start, end, week, always in self._overrides:
            if start <= day <= end:
                return week, always
        return self._week, self.always

    def _spans(self, day: date) -> list[tuple[datetime, datetime]]:
        week, always = self.hours_on(day)
        if not always and self.is_holiday(day):
            return []
        return [(self._at(day, a), self._at(day, b)) for a, b in week[day.weekday()]]

    def _at(self, day: date, minute: int) -> datetime:
        # Wall-clock arithmetic on purpose: minute 1440 is the next local midnight.
        local = datetime.combine(day, time(0), tzinfo=self.tz) + timedelta(minutes=minute)
        return local.astimezone(UTC)

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    @staticmethod
    def _utc(instant: datetime) -> datetime:
        if not isinstance(instant, datetime):
            raise TypeError(f"Butuh datetime, bukan {type(instant).__name__}")
        if instant.utcoffset() is None:
            raise ValueError(f"Waktu {instant.isoformat()} tidak punya zona waktu (naive)")
        return instant.astimezone(UTC)
