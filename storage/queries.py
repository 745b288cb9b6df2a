"""Every query the core needs: short functions, keyword-only arguments."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime

from sqlalchemy import Connection, bindparam, delete, func, update
from sqlalchemy import select as select_columns
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.db import count_write
from storage.models import (
    Acting,
    Event,
    FailedCode,
    Holiday,
    Invite,
    Member,
    Nudge,
    Outbox,
    OutboxKind,
    Period,
    PeriodStatus,
    ProcessedUpdate,
    Prompt,
    Submission,
    Task,
    TaskStatus,
)
from storage.records import ActingRecord, MemberRecord, PeriodRecord, TaskRecord

# The queries every update runs are built once, with bound parameters: building a statement
# (coercing each operand, computing its cache key) cost more than running it on SQLite.


def _core(session: Session):
    """The transaction's connection, for statements on tables rather than entities: the ORM's
    execute path (events, entity lookup, result adaptation) cost as much as SQLite itself."""
    return session.connection()


class DriverStatement:
    """A fixed Core statement, compiled once per dialect and run on the driver's own cursor.

    For the statement every update runs: SQLAlchemy's execution path (execution context,
    events, result object) cost four times the driver's own call when the code is cold, as
    it is in a bot that waits between updates. Values still go through each column type's
    bind processing, and a statement that writes is still counted as a change
    (storage.db.count_write), so nothing downstream can tell the difference.
    """

    def __init__(self, statement) -> None:
        self._statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict]] = {}

    def _for(self, dialect) -> tuple[str, tuple[str, ...] | None, dict]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self._statement.compile(dialect=dialect)
            order = tuple(compiled.positiontup) if compiled.positional else None
            processors = {
                name: processor
                for name, bind in compiled.binds.items()
                if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
            }
            found = self._compiled[dialect.name] = (str(compiled), order, processors)
        return found

    def rows(self, connection: Connection, params: dict) -> list[tuple]:
        """Execute in the connection's transaction; every row it returns. The cursor is closed here,
        not left to the garbage collector: an unfinished statement stays active on the connection."""
        sql, order, processors = self._for(connection.dialect)
        values = {name: processors[name](value) if name in processors else value for name, value in params.items()}
        if not self._statement.is_select:
            count_write(connection)
        cursor = connection.connection.driver_connection.cursor()
        try:
            cursor.execute(sql, tuple(values[name] for name in order) if order is not None else values)
            return cursor.fetchall() if cursor.description is not None else []
        finally:
            cursor.close()


class RecordQuery:
    """A fixed SELECT of one table's rows, run on the driver (DriverStatement): frozen records
    (storage.records), each value through its column type's result processing as the ORM does."""

    def __init__(self, record: type, where=None, order_by=()) -> None:
        table = record.entity.__table__
        self._record = record
        self._columns = tuple(table.columns)
        statement = select_columns(*table.columns)
        if where is not None:
            statement = statement.where(where)
        self._statement = DriverStatement(statement.order_by(*order_by))
        self._processors: dict[str, tuple] = {}

    def all(self, connection: Connection, **params) -> list:
        dialect = connection.dialect
        processors = self._processors.get(dialect.name)
        if processors is None:
            # None for the driver's type code: no column of a record table needs it to convert
            processors = self._processors[dialect.name] = tuple(
                column.type.dialect_impl(dialect).result_processor(dialect, None) for column in self._columns
            )
        record = self._record
        return [
            record(*[value if convert is None else convert(value) for convert, value in zip(processors, row)])
            for row in self._statement.rows(connection, params)
        ]

    def first(self, connection: Connection, **params):
        found = self.all(connection, **params)
        return found[0] if found else None


def entity(session: Session, row):
    """The ORM entity of a record (or the entity itself), to change it in this transaction."""
    model = getattr(type(row), "entity", None)
    return row if model is None else session.get(model, row.id)


# --- updates ---------------------------------------------------------------


def save(session: Session, row):
    """Add a new row and flush it, so that its id is known; returns the row."""
    session.add(row)
    session.flush()
    return row


def claim_update(connection: Connection, *, update_id: int, at: datetime) -> bool:
    """False when this update was handled before (Telegram delivers at least once).

    An upsert that does nothing on a conflict: a repeat delivered in parallel loses quietly,
    and the caller's transaction is left as it was (no rollback behind its back). On the
    connection, not the session: it is the first statement of an update's transaction.
    """
    statement = _CLAIM["postgresql" if connection.dialect.name == "postgresql" else "sqlite"]
    return bool(statement.rows(connection, {"update_id": update_id, "at": at}))


_CLAIM = {
    name: DriverStatement(
        insert(ProcessedUpdate.__table__)  # the table, not the entity: no ORM bulk-insert machinery
        .values(update_id=bindparam("update_id"), at=bindparam("at"))
        .on_conflict_do_nothing()
        .returning(ProcessedUpdate.update_id)  # rowcount is not reliable across drivers
    )
    for name, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}


def update_handled(session: Session, *, update_id: int) -> bool:
    return session.get(ProcessedUpdate, update_id) is not None


# --- members ---------------------------------------------------------------


def member_by_user(connection: Connection, *, telegram_user_id: int) -> MemberRecord | None:
    """Who wrote: a record (every update asks; queries.entity gives what a change needs)."""
    return _MEMBER_BY_USER.first(connection, user_id=telegram_user_id)


_MEMBER_BY_USER = RecordQuery(MemberRecord, Member.__table__.c.telegram_user_id == bindparam("user_id"))


def members_by_id(session: Session, *, member_ids: Iterable[int]) -> dict[int, Member]:
    """Members by id, inactive ones too (they did the work back then)."""
    ids = set(member_ids)
    if not ids:
        return {}
    return {m.id: m for m in session.exec(select(Member).where(col(Member.id).in_(ids)))}


def active_members(session: Session, *, role: str | None = None, unit_code: str | None = None) -> list[Member]:
    query = select(Member).where(Member.active == True)
    if role is not None:
        query = query.where(Member.role == role)
    if unit_code is not None:
        query = query.where(Member.unit_code == unit_code)
    return list(session.exec(query.order_by(Member.role, Member.unit_code, Member.full_name)))


def acting_officials(session: Session, *, role: str, unit_code: str | None, on: date) -> list[tuple[Acting, Member]]:
    """Who acts for this role (and unit) on that day, Plh. and Plt. alike, in the order named."""
    query = select(Acting, Member).join(Member, Acting.member_id == Member.id)
    query = query.where(Acting.role == role, Acting.start <= on, Acting.end >= on, Member.active == True)
    if unit_code is not None:
        query = query.where(Acting.unit_code == unit_code)
    return [(acting, member) for acting, member in session.exec(query.order_by(Acting.id))]


def overlapping_actings(session: Session, *, role: str, unit_code: str | None, start: date, end: date) -> list[Acting]:
    query = select(Acting).where(Acting.role == role, Acting.unit_code == unit_code)
    return list(session.exec(query.where(Acting.start <= end, Acting.end >= start).order_by(Acting.start)))


def actings_on(session: Session, *, on: date) -> list[tuple[Acting, Member]]:
    """Every acting official in office that day (for the member list), in the order named."""
    query = select(Acting, Member).join(Member, Acting.member_id == Member.id)
    query = query.where(Acting.start <= on, Acting.end >= on, Member.active == True)
    return [(acting, member) for acting, member in session.exec(query.order_by(Acting.id))]


def acting_roles(connection: Connection, *, member_id: int, on: date) -> list[ActingRecord]:
    """The posts a member acts in that day (every role check asks): records."""
    return _ACTING_ROLES.all(connection, member_id=member_id, on=on)


_ACTING = Acting.__table__.c
_ACTING_ROLES = RecordQuery(
    ActingRecord,
    (_ACTING.member_id == bindparam("member_id"))
    & (_ACTING.start <= bindparam("on"))
    & (_ACTING.end >= bindparam("on")),
    order_by=(_ACTING.id,),
)


# --- invites ---------------------------------------------------------------


def invite_by_hash(session: Session, *, code_hash: str) -> Invite | None:
    return session.exec(select(Invite).where(Invite.code_hash == code_hash)).first()


def recent_failed_codes(session: Session, *, telegram_user_id: int, since: datetime) -> int:
    query = (
        select(func.count())
        .select_from(FailedCode)
        .where(FailedCode.telegram_user_id == telegram_user_id, FailedCode.at >= since)
    )
    return session.exec(query).one()


# --- periods and tasks -----------------------------------------------------


def open_period(connection: Connection) -> PeriodRecord | None:
    """The period now running: a record (a change takes period_for_update, which locks it)."""
    return _OPEN_PERIOD.first(connection, status=PeriodStatus.OPEN.value)


_PERIOD = Period.__table__.c
_OPEN_PERIOD = RecordQuery(PeriodRecord, _PERIOD.status == bindparam("status"), order_by=(_PERIOD.id.desc(),))


def period_for_update(session: Session, *, period_id: int) -> Period:
    return session.get(Period, period_id, with_for_update=True, populate_existing=True)


def period_by_code(session: Session, *, code: str) -> Period | None:
    return session.exec(select(Period).where(Period.code == code).order_by(col(Period.id).desc())).first()


def latest_period(session: Session) -> Period | None:
    return session.exec(select(Period).order_by(col(Period.id).desc())).first()


def periods(session: Session, *, limit: int = 24) -> list[Period]:
    return list(session.exec(select(Period).order_by(col(Period.id).desc()).limit(limit)))


def tasks_of_period(connection: Connection, *, period_id: int) -> list[TaskRecord]:
    """Every task of a period as records (/status, recaps, compliance, whether a step is finished)."""
    return _TASKS_OF_PERIOD.all(connection, period_id=period_id)


_TASK = Task.__table__.c
_TASKS_OF_PERIOD = RecordQuery(
    TaskRecord, _TASK.period_id == bindparam("period_id"), order_by=(_TASK.step_no, _TASK.unit_code, _TASK.round)
)


def periods_by_codes(session: Session, *, codes: Iterable[str]) -> list[Period]:
    """The periods of these periode codes, oldest first (for the monitoring of a date range)."""
    wanted = list(codes)
    if not wanted:
        return []
    return list(session.exec(select(Period).where(col(Period.code).in_(wanted)).order_by(Period.opened_at, Period.id)))


def tasks_of_periods(session: Session, *, period_ids: Iterable[int]) -> list[Task]:
    """Every task of these periods in one query, ordered as tasks_of_period orders them."""
    ids = list(period_ids)
    if not ids:
        return []
    query = select(Task).where(col(Task.period_id).in_(ids))
    return list(session.exec(query.order_by(Task.period_id, Task.step_no, Task.unit_code, Task.round)))


def open_tasks(
    session: Session, *, period_id: int | None = None, step_no: int | None = None, unit_code: str | None = None
) -> list[Task]:
    if period_id is not None and step_no is None and unit_code is None:  # /tugas, on every update that asks
        return list(session.exec(_OPEN_TASKS_OF_PERIOD, params={"period_id": period_id}))
    query = select(Task).where(Task.status == TaskStatus.OPEN)
    if period_id is not None:
        query = query.where(Task.period_id == period_id)
    if step_no is not None:
        query = query.where(Task.step_no == step_no)
    if unit_code is not None:
        query = query.where(Task.unit_code == unit_code)
    return list(session.exec(query.order_by(Task.due_at, Task.id)))


_OPEN_TASKS_OF_PERIOD = (
    select(Task)
    .where(Task.status == TaskStatus.OPEN, Task.period_id == bindparam("period_id"))
    .order_by(Task.due_at, Task.id)
)


def period_by_id(session: Session, *, period_id: int) -> Period:
    return session.get(Period, period_id)


def task_by_id(session: Session, *, task_id: int) -> Task | None:
    return session.get(Task, task_id)


# --- submissions -----------------------------------------------------------


def accepted_submission(session: Session, *, period_id: int, unit_code: str) -> Submission | None:
    query = (
        select(Submission)
        .where(
            Submission.period_id == period_id,
            Submission.unit_code == unit_code,
            Submission.accepted == True,
            Submission.superseded == False,
        )
        .order_by(col(Submission.id).desc())
    )
    return session.exec(query).first()


def supersede_submissions(session: Session, *, period_id: int, unit_code: str) -> None:
    session.exec(
        update(Submission)
        .where(Submission.period_id == period_id, Submission.unit_code == unit_code, Submission.accepted == True)
        .values(superseded=True)
    )


def accepted_by_periode(session: Session, *, unit_code: str, codes: Iterable[str]) -> dict[str, Submission]:
    """The unit's accepted file in force for each of these periode codes (the trend's history);
    a code run twice takes its latest run."""
    wanted = set(codes)
    if not wanted:
        return {}
    query = (
        select(Period.code, Submission)
        .join(Submission, Submission.period_id == Period.id)
        .where(
            col(Period.code).in_(wanted),
            Submission.unit_code == unit_code,
            Submission.accepted == True,
            Submission.superseded == False,
        )
        .order_by(Period.id, Submission.id)
    )
    return {code: submission for code, submission in session.exec(query)}


def accepted_submissions(session: Session, *, period_id: int) -> list[Submission]:
    """Every accepted file of the period, superseded ones included, by unit and arrival."""
    query = select(Submission).where(Submission.period_id == period_id, Submission.accepted == True)
    return list(session.exec(query.order_by(Submission.unit_code, Submission.id)))


# --- events ----------------------------------------------------------------


def record_event(
    session: Session,
    *,
    at: datetime,
    kind: str,
    period_id: int | None = None,
    task_id: int | None = None,
    member_id: int | None = None,
    **detail: object,
) -> Event:
    event = Event(
        at=at,
        kind=kind,
        period_id=period_id,
        task_id=task_id,
        member_id=member_id,
        detail=json.dumps(detail, ensure_ascii=False, default=str),
    )
    session.add(event)
    return event


def event_by_id(session: Session, *, event_id: int) -> Event | None:
    return session.get(Event, event_id)


# --- outbox ----------------------------------------------------------------


@dataclass(slots=True)
class OutboxMessage:
    """An outbox row as the sender needs it: plain values, no ORM state (one is made per message)."""

    id: int | None  # None: not stored (an action that changed nothing; see UnitOfWork.commit)
    chat_id: int
    kind: str
    text: str
    next_attempt_at: datetime
    reply_markup: str | None = None
    document_path: str | None = None
    document_name: str | None = None
    photo_path: str | None = None
    attempts: int = 0
    parts_sent: int = 0
    error: str | None = None
    reply: bool = False
    member_id: int | None = None
    created_at: datetime | None = None


_OUTBOX = Outbox.__table__
_MESSAGE_COLUMNS = [_OUTBOX.c[f.name] for f in fields(OutboxMessage)]


def pending_outbox(session: Session, *, limit: int = 200) -> list[OutboxMessage]:
    """Undelivered rows in the order they were written (due or still backing off)."""
    return [OutboxMessage(*row) for row in _core(session).execute(_PENDING_OUTBOX, {"limit": limit})]


_PENDING_OUTBOX = (
    select_columns(*_MESSAGE_COLUMNS)
    .where(_OUTBOX.c.sent_at == None, _OUTBOX.c.dropped_at == None)  # noqa: E711
    .order_by(_OUTBOX.c.id)
    .limit(bindparam("limit"))
)


def mark_outbox(session: Session, *, row_id: int, attempt: bool = False, **values) -> None:
    """Record a delivery outcome in one UPDATE (no read first)."""
    if attempt:
        values["attempts"] = _OUTBOX.c.attempts + 1
    _core(session).execute(update(_OUTBOX).where(_OUTBOX.c.id == row_id).values(**values))


def mark_sent(session: Session, *, row_ids: Sequence[int], at: datetime) -> None:
    """Every row Telegram has taken since the last call, in one UPDATE."""
    if len(row_ids) == 1:  # the usual case; an expanding IN is rendered anew on every call
        _core(session).execute(_MARK_ONE_SENT, {"row_id": row_ids[0], "at": at})
    else:
        _core(session).execute(_MARK_SENT, {"row_ids": list(row_ids), "at": at})


_MARK_SENT = (
    update(_OUTBOX).where(_OUTBOX.c.id.in_(bindparam("row_ids", expanding=True))).values(sent_at=bindparam("at"))
)
_MARK_ONE_SENT = update(_OUTBOX).where(_OUTBOX.c.id == bindparam("row_id")).values(sent_at=bindparam("at"))


def take_written_outbox(session: Session) -> list[OutboxMessage]:
    """The messages add_outbox gathered in this session's transaction, and the list starts again."""
    return session.info.pop(_WRITTEN, [])


_WRITTEN = "outbox_written"


# --- nudges and holidays ---------------------------------------------------


def _pending_nudge():
    """A nudge still waiting to go out: not sent, not cancelled, not skipped."""
    return (Nudge.sent_at == None) & (Nudge.cancelled == False) & (Nudge.skipped == None)  # noqa: E711,E712


def nudges_of_task(session: Session, *, task_id: int) -> list[Nudge]:
    return list(session.exec(select(Nudge).where(Nudge.task_id == task_id).order_by(Nudge.due_at, Nudge.id)))


def add_nudge(session: Session, nudge: Nudge) -> None:
    session.add(nudge)


def nudges_of_period(session: Session, *, period_id: int, kind: str | None = None) -> list[Nudge]:
    """The period's own rows (digests), not its tasks' rows."""
    query = select(Nudge).where(Nudge.period_id == period_id)
    if kind is not None:
        query = query.where(Nudge.kind == kind)
    return list(session.exec(query.order_by(Nudge.due_at, Nudge.id)))


def due_nudges(
    session: Session, *, now: datetime, task_id: int | None = None, period_id: int | None = None
) -> list[Nudge]:
    """Pending nudges due at `now` or before, oldest first; optionally of one task or one period."""
    query = select(Nudge).where(_pending_nudge(), Nudge.due_at <= now)
    if task_id is not None:
        query = query.where(Nudge.task_id == task_id)
    if period_id is not None:
        query = query.where(Nudge.period_id == period_id)
    return list(session.exec(query.order_by(Nudge.due_at, Nudge.id)))


def any_due_nudge(session: Session, *, now: datetime) -> bool:
    query = select(Nudge.id).where(_pending_nudge(), Nudge.due_at <= now).limit(1)
    return session.exec(query).first() is not None


def pending_nudge_instants(session: Session, *, after: datetime, limit: int) -> list[datetime]:
    """The next distinct instants at which pending nudges fall due (what the scheduler wakes for)."""
    query = select(Nudge.due_at).where(_pending_nudge(), Nudge.due_at > after).distinct()
    return list(session.exec(query.order_by(Nudge.due_at).limit(limit)))


def pending_nudge_exists(
    session: Session, *, kind: str, after: datetime, task_id: int | None = None, period_id: int | None = None
) -> bool:
    query = select(Nudge.id).where(
        _pending_nudge(),
        Nudge.kind == kind,
        Nudge.due_at > after,
        Nudge.task_id == task_id,
        Nudge.period_id == period_id,
    )
    return session.exec(query.limit(1)).first() is not None


def nudge_exists(
    session: Session, *, kind: str, due_at: datetime, task_id: int | None = None, period_id: int | None = None
) -> bool:
    query = select(Nudge.id).where(
        Nudge.kind == kind, Nudge.due_at == due_at, Nudge.task_id == task_id, Nudge.period_id == period_id
    )
    return session.exec(query.limit(1)).first() is not None


def plan_nudge_again(session: Session, *, task_id: int, kind: str, due_at: datetime) -> bool:
    """A task's nudge planned once more at an instant it had before (a meeting moved back): the old row
    is pending again unless it was sent. False when there is no such row (add a new one)."""
    query = select(Nudge).where(Nudge.task_id == task_id, Nudge.kind == kind, Nudge.due_at == due_at)
    row = session.exec(query).first()
    if row is None:
        return False
    if row.sent_at is None:
        row.cancelled, row.skipped = False, None
        session.add(row)
    return True


def claim_nudge(session: Session, *, nudge_id: int, at: datetime) -> bool:
    """Mark a pending nudge sent; False when another worker took it first (exactly once)."""
    result = session.exec(update(Nudge).where(Nudge.id == nudge_id, _pending_nudge()).values(sent_at=at))
    return result.rowcount == 1


def skip_nudge(session: Session, *, nudge_id: int, reason: str) -> bool:
    result = session.exec(update(Nudge).where(Nudge.id == nudge_id, _pending_nudge()).values(skipped=reason))
    return result.rowcount == 1


def cancel_nudges(session: Session, *, task_id: int) -> None:
    session.exec(update(Nudge).where(Nudge.task_id == task_id, _pending_nudge()).values(cancelled=True))


# --- prompts (a question waiting for a member's next text) ---------------------


def prompt_of(session: Session, *, member_id: int) -> Prompt | None:
    return session.get(Prompt, member_id)


def put_prompt(
    session: Session, *, member_id: int, verb: str, task_id: int | None, at: datetime, expires_at: datetime
) -> Prompt:
    """One pending question per member: a new one replaces the old."""
    row = session.get(Prompt, member_id) or Prompt(member_id=member_id, verb=verb, asked_at=at, expires_at=expires_at)
    row.verb, row.task_id, row.asked_at, row.expires_at = verb, task_id, at, expires_at
    session.add(row)
    return row


def drop_prompt(session: Session, *, member_id: int) -> bool:
    result = session.exec(delete(Prompt).where(Prompt.member_id == member_id))
    return result.rowcount == 1


def holidays(session: Session) -> Sequence[Holiday]:
    return list(session.exec(select(Holiday)))


def set_holiday(session: Session, *, day: date, removed: bool) -> Holiday:
    row = session.get(Holiday, day) or Holiday(day=day)
    row.removed = removed
    session.add(row)
    return row


def add_outbox(
    session: Session,
    *,
    chat_id: int,
    text: str,
    at: datetime,
    member_id: int | None = None,
    kind: str = OutboxKind.MESSAGE,
    reply_markup: str | None = None,
    document_path: str | None = None,
    document_name: str | None = None,
    photo_path: str | None = None,
    reply: bool = False,
) -> OutboxMessage:
    """A message to send once the transaction commits; UnitOfWork.commit stores it with the change."""
    message = OutboxMessage(
        id=None,
        chat_id=chat_id,
        kind=kind,
        text=text,
        # Delivery runs on real time even when the domain clock is simulated (tests, the demo).
        next_attempt_at=datetime.now(UTC),
        reply_markup=reply_markup,
        document_path=document_path,
        document_name=document_name,
        photo_path=photo_path,
        reply=reply,
        member_id=member_id,
        created_at=at,
    )
    session.info.setdefault(_WRITTEN, []).append(message)
    return message


def store_outbox(session: Session, messages: list[OutboxMessage]) -> None:
    """INSERT the messages, in order, without the ORM (the row every answer writes: an ORM object
    for it cost a third of a whole update); each gets its id."""
    insert_row = _core(session).execute
    for message in messages:
        values = {f.name: getattr(message, f.name) for f in fields(OutboxMessage) if f.name != "id"}
        message.id = insert_row(_OUTBOX.insert(), values).inserted_primary_key[0]


def add_failed_code(session: Session, *, telegram_user_id: int, at: datetime) -> None:
    session.add(FailedCode(telegram_user_id=telegram_user_id, at=at))


def admins(session: Session) -> list[Member]:
    return active_members(session, role="admin")
