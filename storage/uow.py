"""The unit of work: one transaction per user action."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from storage import queries
from storage.db import writes_in_transaction


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` ... `uow.commit()`; leaving without commit rolls back.

    The transaction belongs to the unit of work's connection, not to the ORM session: the session
    is made at its first use and joins it. An update's claim, the first statement of nearly every
    transaction, then runs on the connection alone; through the session's own transaction
    bookkeeping the claim and its commit cost twice as much as SQLite's work when the code is cold,
    as it is in a bot that waits between updates.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection
        self._session: Session | None = None
        self.committed_outbox: list[queries.OutboxMessage] = []  # what the sender may deliver now
        self._writes_before = 0  # writes that are not the action's own (the update's claim)

    def __enter__(self) -> UnitOfWork:
        self._connection = self._engine.connect()
        return self

    def __exit__(self, *exc_info) -> None:
        # close() detaches objects without expiring them, so values read inside stay readable
        # after the unit of work ends; closing the connection rolls back what was not committed.
        if self._session is not None:
            self._session.close()
        self._connection.close()

    @property
    def session(self) -> Session:
        if self._session is None:
            self._begin()
            # rollback_only: the session never commits the transaction (commit() below does),
            # and its rollback rolls the whole transaction back.
            self._session = Session(
                bind=self._connection, expire_on_commit=False, join_transaction_mode="rollback_only"
            )
        return self._session

    @property
    def connection(self) -> Connection:
        """The transaction's connection, for the queries that return records (storage.records).
        What the session holds back is flushed first, so a record shows this transaction's changes."""
        self._begin()
        self._flush_session()
        return self._connection

    def _flush_session(self) -> None:
        if self._session is not None:
            self._session.flush()

    def _begin(self) -> None:
        """BEGIN (IMMEDIATE on SQLite: storage.db) before the first statement."""
        if not self._connection.in_transaction():
            self._connection.begin()

    def claim(self, *, update_id: int, at: datetime) -> bool:
        """Claim the update this transaction handles (False: handled before); the claim itself
        does not count as a change of the action's."""
        self._begin()
        claimed = queries.claim_update(self._connection, update_id=update_id, at=at)
        self._writes_before = writes_in_transaction(self._connection)
        return claimed

    def changed_anything(self) -> bool:
        """Whether this transaction has written anything (pending ORM changes are flushed first)."""
        if not self._connection.in_transaction():
            return False
        self._flush_session()
        return writes_in_transaction(self._connection) > self._writes_before

    def commit(self) -> None:
        """Commit, with the messages the transaction gathered. A transaction that changed
        something stores them with the change: they go out even after a crash. One that changed
        nothing (a question answered: /status, /tugas, a refusal) sends them without a row: there
        is no change whose news could be lost, and an answer then costs no outbox row."""
        messages = queries.take_written_outbox(self._session) if self._session is not None else []
        if self.changed_anything():
            queries.store_outbox(self.session, messages)
        if self._connection.in_transaction():
            self._connection.commit()
        self.committed_outbox += messages

    def rollback(self) -> None:
        if self._session is not None:
            self._session.rollback()
            queries.take_written_outbox(self._session)
        if self._connection.in_transaction():
            self._connection.rollback()

    def flush(self) -> None:
        self.session.flush()
