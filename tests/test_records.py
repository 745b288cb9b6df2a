"""Records (storage.records): the lookups every update makes, read on the driver, must read exactly
as the ORM's entities do, see the transaction's own changes, and refuse to be changed."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlmodel import select

from bot.action import Sender
from bot.catalog import BY_NAME
from storage import queries
from storage.models import Acting, Member, Period, Task


@pytest.fixture
def office(office_each_db):
    return office_each_db


def _same_as_entity(record, entity) -> None:
    values = dataclasses.asdict(record)
    assert values == {name: getattr(entity, name) for name in values}
    for name, value in values.items():
        assert type(value) is type(getattr(entity, name)), name  # an aware datetime stays aware, a date a date


def test_the_senders_record_reads_as_the_entity(office):
    sender = office.people["kabid:aset"]
    with office.core.unit_of_work() as uow:
        record = queries.member_by_user(uow.connection, telegram_user_id=sender.telegram_user_id)
        entity = uow.session.exec(select(Member).where(Member.telegram_user_id == sender.telegram_user_id)).one()
        _same_as_entity(record, entity)
        assert record.registered_at.utcoffset() is not None
        assert queries.member_by_user(uow.connection, telegram_user_id=1) is None


def test_the_open_period_its_tasks_and_acting_posts_read_as_their_entities(office):
    office.do("kaban", BY_NAME["perintah"], text="Oktober 2026")
    budi = office.people["kabid:aset"].telegram_user_id
    office.do(office.admin, BY_NAME["plt"], text=f"plh {budi} kabid anggaran 2026-11-30 2026-12-10 SP 800/1/2026")
    with office.core.unit_of_work() as uow:
        period = queries.open_period(uow.connection)
        _same_as_entity(period, uow.session.exec(select(Period)).one())
        tasks = queries.tasks_of_period(uow.connection, period_id=period.id)
        entities = uow.session.exec(select(Task).order_by(Task.step_no, Task.unit_code, Task.round)).all()
        assert [t.step_no for t in tasks] == [1, 2] and len(tasks) == len(entities)
        for record, entity in zip(tasks, entities, strict=True):
            _same_as_entity(record, entity)
        member_id = uow.session.exec(select(Member.id).where(Member.telegram_user_id == budi)).one()
        [acting] = queries.acting_roles(uow.connection, member_id=member_id, on=date(2026, 12, 1))
        _same_as_entity(acting, uow.session.exec(select(Acting)).one())
        assert queries.acting_roles(uow.connection, member_id=member_id, on=date(2026, 12, 11)) == []


def test_a_record_shows_the_transactions_own_change_and_cannot_be_changed(office):
    sender = office.people["pelaksana:aset"]
    with office.core.unit_of_work() as uow:
        record = queries.member_by_user(uow.connection, telegram_user_id=sender.telegram_user_id)
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.blocked = True  # a change to a record would be lost: it must fail instead
        queries.entity(uow.session, record).blocked = True  # not flushed yet
        again = queries.member_by_user(uow.connection, telegram_user_id=sender.telegram_user_id)
        assert again.blocked
        # nothing committed: leaving the unit of work rolls back


def test_someone_who_blocked_the_bot_and_writes_again_is_stored_unblocked(office):
    sender = office.people["pelaksana:aset"]
    with office.core.unit_of_work() as uow:
        uow.session.exec(select(Member).where(Member.telegram_user_id == sender.telegram_user_id)).one().blocked = True
        uow.commit()
    office.do(sender, BY_NAME["tugas"], text="")
    with office.core.unit_of_work() as uow:
        member = uow.session.exec(select(Member).where(Member.telegram_user_id == sender.telegram_user_id)).one()
        assert not member.blocked
    assert office.inbox("pelaksana:aset")  # and was answered


def test_a_stranger_is_told_how_to_register(office):
    stranger = Sender(telegram_user_id=424242, chat_id=424242, full_name="Orang Baru")
    office.do(stranger, BY_NAME["tugas"], text="")
    assert "Anda belum terdaftar" in office.inbox(424242)[-1]
