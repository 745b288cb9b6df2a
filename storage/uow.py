"""The unit of work: one transaction per user action."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from storage import queries


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` ... `uow.commit()`; leaving without commit rolls back."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.session: Session
        self.committed_outbox: list[queries.OutboxMessage] = []  # what the sender may deliver now

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self._engine, expire_on_commit=False)
        return self

    def __exit__(self, *exc_info) -> None:
        # close() rolls back what was not committed and detaches objects without expiring them,
        # so values read inside stay readable after the unit of work ends.
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self.committed_outbox += queries.take_written_outbox(self.session)

    def rollback(self) -> None:
        self.session.rollback()
        queries.take_written_outbox(self.session)

    def flush(self) -> None:
        self.session.flush()
