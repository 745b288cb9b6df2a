"""Ramadan working hours (Perpres 21/2023): RAMADAN and WORK_HOURS_RAMADAN move deadlines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.calendar import DEFAULT_RAMADAN_HOURS, WorkingCalendar, parse_date_ranges
from bot.config import ConfigError, load_settings
from bot.kinds import TaskStatus
from handlers import alarms as nudges
from storage import queries
from tests.conftest import make_settings
from tests.scenario import enrol_everyone, through_meeting

WIB = ZoneInfo("Asia/Jakarta")
RAMADAN_1448 = (date(2027, 2, 8), date(2027, 3, 9))  # as the operator would set it (an estimate)
CAL = WorkingCalendar(ramadan=[RAMADAN_1448])


def wib(*args: int) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (wib(2027, 2, 1, 8, 0), 480, wib(2027, 2, 1, 16, 0)),  # the Monday before: ordinary hours
        (wib(2027, 2, 8, 8, 0), 480, wib(2027, 2, 9, 9, 0)),  # Ramadan Monday: 420 minutes, then 60
        (wib(2027, 2, 12, 8, 0), 450, wib(2027, 2, 12, 15, 30)),  # Ramadan Friday ends 15:30
        (wib(2027, 2, 8, 15, 0), 1, wib(2027, 2, 9, 8, 1)),  # 15:00 is after hours in Ramadan
        (wib(2027, 2, 5, 15, 30), 60, wib(2027, 2, 8, 8, 30)),  # from an ordinary Friday into Ramadan
    ],
)
def test_ramadan_hours_move_the_deadline(start, minutes, expected):
    assert CAL.add_minutes(start, minutes) == expected
    assert CAL.minutes_between(start, expected) == minutes


def test_the_day_after_the_range_has_ordinary_hours_again():
    cal = WorkingCalendar(ramadan=[(date(2027, 2, 8), date(2027, 2, 9))])
    assert cal.add_minutes(wib(2027, 2, 9, 14, 0), 120) == wib(2027, 2, 10, 9, 0)
    assert cal.add_minutes(wib(2027, 2, 10, 15, 0), 60) == wib(2027, 2, 10, 16, 0)


def test_a_ramadan_week_has_32_and_a_half_hours_of_office_time_less_the_breaks():
    week = CAL.minutes_between(wib(2027, 2, 15, 0, 0), wib(2027, 2, 22, 0, 0))
    breaks = 4 * 30 + 60  # Perpres 21/2023: 30 minutes, 60 on Friday
    assert week - breaks == 32.5 * 60
    assert WorkingCalendar().minutes_between(wib(2026, 11, 30), wib(2026, 12, 7)) == 5 * 480


def test_holidays_still_count_in_ramadan():
    cal = WorkingCalendar(ramadan=[RAMADAN_1448], extra_holidays=[date(2027, 2, 9)])
    assert cal.add_minutes(wib(2027, 2, 8, 8, 0), 480) == wib(2027, 2, 10, 9, 0)


def test_range_parsing_and_refusals():
    assert parse_date_ranges(" 2027-02-08..2027-03-09 , 2026-02-19..2026-03-19") == (
        (date(2026, 2, 19), date(2026, 3, 19)),
        RAMADAN_1448,
    )
    assert parse_date_ranges("") == ()
    for bad, reason in [
        ("2027-02-08-2027-03-09", "tanda '..' tidak ada"),
        ("2027-02-30..2027-03-09", "TAHUN-BULAN-TANGGAL"),
        ("2027-03-09..2027-02-08", "berakhir sebelum mulai"),
        ("2027-02-08..2027-12-09", "305 hari, lebih dari 31 hari"),
        ("2027-02-08..2027-03-09,2027-03-01..2027-03-05", "tumpang tindih"),
    ]:
        with pytest.raises(ValueError, match=reason) as caught:
            parse_date_ranges(bad)
        assert str(caught.value).startswith("RAMADAN: ") and "\n" not in str(caught.value)


def test_settings_read_and_refuse_in_one_line(tmp_path):
    settings = load_settings(env_file=None, ramadan="2027-02-08..2027-03-09")
    assert settings.ramadan == (RAMADAN_1448,) and settings.work_hours_ramadan == DEFAULT_RAMADAN_HOURS
    with pytest.raises(ConfigError, match=r"^WORK_HOURS_RAMADAN: 'sen-kam 8-15' tidak dikenali"):
        load_settings(env_file=None, work_hours_ramadan="sen-kam 8-15")
    with pytest.raises(ConfigError, match=r"^RAMADAN: rentang '2027-02-08' tidak dikenali"):
        load_settings(env_file=None, ramadan="2027-02-08")


@pytest.fixture
def settings(tmp_path, sqlite_url):
    # The test clock's days (Monday 30 November 2026 on) declared Ramadan: a made-up range, to
    # see the hours change a real period's deadlines.
    return make_settings(tmp_path, sqlite_url, ramadan="2026-11-23..2026-12-18")


async def test_in_ramadan_the_fill_in_step_is_due_later_and_the_pelaksana_is_told_so(run):
    people = await enrol_everyone(run)
    await through_meeting(run, people)  # step 5 opens Monday 30 November 10:05
    message = next(t for t in people["pelaksana:anggaran"].texts() if "Selasa, 1 Desember 2026" in t)
    # 480 working minutes: 295 until 15:00 on Monday, 185 from 08:00 on Tuesday (not 10.05)
    assert "pukul 11.05 WIB" in message, message
    with run.core.unit_of_work() as uow:
        task = next(
            t for t in queries.open_tasks(uow.session, period_id=1, unit_code="anggaran") if t.status == TaskStatus.OPEN
        )
        assert task.due_at.astimezone(WIB) == wib(2026, 12, 1, 11, 5)
        first = min(n.due_at for n in queries.nudges_of_task(uow.session, task_id=task.id))
    assert first.astimezone(WIB) == wib(2026, 11, 30, 14, 5)  # half of 480 minutes: 10:05 + 240
    staff = people["pelaksana:anggaran"]
    before = len(staff.texts())
    run.clock.advance(timedelta(hours=4, minutes=1))  # 14:06: the first nudge is due
    await fire(run)
    assert len(staff.texts()) == before + 1 and "1 Desember 2026 pukul 11.05" in staff.texts()[-1]


async def fire(run) -> None:
    """Ring the safety job by hand (the clock is simulated), as tests/test_nudges_e2e.py does."""
    job = run.app.job_queue.get_jobs_by_name(nudges.SAFETY_ID)[0]
    await job.run(run.app)
    await run.settle()
