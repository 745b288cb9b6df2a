"""The unit of work: one transaction per user action."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from storage import queries
from storage.db import writes_in_transaction


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` ... `uow.commit()`; leaving without commit rolls back."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.session: Session
        self.committed_outbox: list[queries.OutboxMessage] = []  # what the sender may deliver now
        self._writes_before = 0  # writes that are not the action's own (the update's claim)

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(self, *exc_info) -> None:
        # close() rolls back what was not committed and detaches objects without expiring them,
        # so values read inside stay readable after the unit of work ends.
        self.session.close()

    def claim(self, *, update_id: int, at: datetime) -> bool:
        """Claim the update this transaction handles (False: handled before); the claim itself
        does not count as a change of the action's."""
        claimed = queries.claim_update(self.session, update_id=update_id, at=at)
        self._writes_before = writes_in_transaction(self.session.connection())
        return claimed

    def changed_anything(self) -> bool:
        """Whether this transaction has written anything (pending ORM changes are flushed first)."""
        if self.session.get_transaction() is None:
            return False
        self.session.flush()
        return writes_in_transaction(self.session.connection()) > self._writes_before

    def commit(self) -> None:
        """Commit, with the messages the transaction gathered. A transaction that changed
        something stores them with the change: they go out even after a crash. One that changed
        nothing (a question answered: /status, /tugas, a refusal) sends them without a row: there
        is no change whose news could be lost, and an answer then costs no outbox row."""
        messages = queries.take_written_outbox(self.session)
        if self.changed_anything():
            queries.store_outbox(self.session, messages)
        self.session.commit()
        self.committed_outbox += messages

    def rollback(self) -> None:
        self.session.rollback()
        queries.take_written_outbox(self.session)

    def flush(self) -> None:
        self.session.flush()
