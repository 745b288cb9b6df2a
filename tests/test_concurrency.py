"""Work that runs side by side (handlers, nudges, the outbox) on one database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import select

from bot import commands, views
from storage.models import ProcessedUpdate, Task
from tests.test_engine import UNITS, through_meeting, upload


@pytest.fixture
def office(office_each_db):
    return office_each_db


def test_many_actions_at_once_all_commit(office):
    senders = [office.people[f"pelaksana:{u}"] for u in UNITS] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(
            pool.map(
                lambda pair: office.core.act(pair[1], views.tugas, update_id=pair[0]), enumerate(senders, start=1000)
            )
        )
    with office.core.unit_of_work() as uow:
        assert len(uow.session.exec(select(ProcessedUpdate)).all()) == len(senders)
    assert all(len([t for t in office.inbox(f"pelaksana:{u}") if "Tidak ada tugas" in t]) == 6 for u in UNITS)


def test_the_last_two_units_delivering_together_open_step_9_once(office):
    through_meeting(office)
    heads = {u: "sekretaris" if u == "sekretariat" else f"kabid:{u}" for u in UNITS}
    for unit in UNITS:
        upload(office, unit)
        office.do(f"pelaksana:{unit}", commands.selesai, note=None)
        office.do(heads[unit], commands.setujui, unit=unit)
    for unit in UNITS[:-2]:
        office.do(heads[unit], commands.kirim, unit=unit)
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda unit: office.do(heads[unit], commands.kirim, unit=unit), UNITS[-2:]))
    with office.core.unit_of_work() as uow:
        step9 = uow.session.exec(select(Task).where(Task.step_no == 9)).all()
    assert len(step9) == 1


def test_a_claim_on_the_driver_stores_its_instant_and_refuses_a_repeat(office):
    """The claim skips SQLAlchemy's execution path; the row must be what the ORM would write."""
    clock = office.core.clock
    first = office.do("pelaksana:aset", views.tugas, update_id=77)
    clock.advance(timedelta(minutes=5))
    again = office.do("pelaksana:aset", views.tugas, update_id=77)
    assert first is None and again is None  # views answer by message; the repeat is ignored
    assert len([t for t in office.inbox("pelaksana:aset") if "Tidak ada tugas" in t]) == 1
    with office.core.unit_of_work() as uow:
        row = uow.session.get(ProcessedUpdate, 77)
        assert row.at == clock.now() - timedelta(minutes=5)  # the first claim's, timezone-aware
        assert row.at.utcoffset() == timedelta(0)
