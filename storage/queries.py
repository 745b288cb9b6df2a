"""Every query the core needs: short functions, keyword-only arguments."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Iterable, Sequence

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    Acting, Event, FailedCode, Holiday, Invite, Member, Nudge, Outbox, Period, ProcessedUpdate,
    Submission, Task,
)

# --- updates ---------------------------------------------------------------

def claim_update(session: Session, *, update_id: int, at: datetime) -> bool:
    """False when this update was handled before (Telegram delivers at least once)."""
    if session.get(ProcessedUpdate, update_id) is not None:
        return False
    session.add(ProcessedUpdate(update_id=update_id, at=at))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def update_handled(session: Session, *, update_id: int) -> bool:
    return session.get(ProcessedUpdate, update_id) is not None


# --- members ---------------------------------------------------------------

def member_by_user(session: Session, *, telegram_user_id: int) -> Member | None:
    return session.exec(select(Member).where(Member.telegram_user_id == telegram_user_id)).first()


def members_by_id(session: Session, *, member_ids: Iterable[int]) -> dict[int, Member]:
    """Members by id, inactive ones too (they did the work back then)."""
    ids = set(member_ids)
    if not ids:
        return {}
    return {m.id: m for m in session.exec(select(Member).where(col(Member.id).in_(ids)))}


def active_members(session: Session, *, role: str | None = None, unit_code: str | None = None) -> list[Member]:
    query = select(Member).where(Member.active == True)  # noqa: E712
    if role is not None:
        query = query.where(Member.role == role)
    if unit_code is not None:
        query = query.where(Member.unit_code == unit_code)
    return list(session.exec(query.order_by(Member.role, Member.unit_code, Member.full_name)))


def acting_members(session: Session, *, role: str, unit_code: str | None, on: date) -> list[Member]:
    query = (
        select(Member).join(Acting, Acting.member_id == Member.id)
        .where(Acting.role == role, Acting.start <= on, Acting.end >= on, Member.active == True)  # noqa: E712
    )
    if unit_code is not None:
        query = query.where(Acting.unit_code == unit_code)
    return list(session.exec(query))


def add_acting(session: Session, *, member_id: int, role: str, unit_code: str | None, start: date, end: date) -> Acting:
    acting = Acting(member_id=member_id, role=role, unit_code=unit_code, start=start, end=end)
    session.add(acting)
    return acting


def acting_roles(session: Session, *, member_id: int, on: date) -> list[Acting]:
    query = select(Acting).where(Acting.member_id == member_id, Acting.start <= on, Acting.end >= on)
    return list(session.exec(query))


# --- invites ---------------------------------------------------------------

def invite_by_hash(session: Session, *, code_hash: str) -> Invite | None:
    return session.exec(select(Invite).where(Invite.code_hash == code_hash)).first()


def recent_failed_codes(session: Session, *, telegram_user_id: int, since: datetime) -> int:
    query = select(func.count()).select_from(FailedCode).where(
        FailedCode.telegram_user_id == telegram_user_id, FailedCode.at >= since)
    return session.exec(query).one()


# --- periods and tasks -----------------------------------------------------

def open_period(session: Session) -> Period | None:
    return session.exec(select(Period).where(Period.status == "open").order_by(col(Period.id).desc())).first()


def period_for_update(session: Session, *, period_id: int) -> Period:
    return session.get(Period, period_id, with_for_update=True, populate_existing=True)


def period_by_code(session: Session, *, code: str) -> Period | None:
    return session.exec(select(Period).where(Period.code == code).order_by(col(Period.id).desc())).first()


def latest_period(session: Session) -> Period | None:
    return session.exec(select(Period).order_by(col(Period.id).desc())).first()


def periods(session: Session, *, limit: int = 24) -> list[Period]:
    return list(session.exec(select(Period).order_by(col(Period.id).desc()).limit(limit)))


def tasks_of_period(session: Session, *, period_id: int) -> list[Task]:
    query = select(Task).where(Task.period_id == period_id).order_by(Task.step_no, Task.unit_code, Task.round)
    return list(session.exec(query))


def open_tasks(session: Session, *, period_id: int | None = None, step_no: int | None = None,
               unit_code: str | None = None) -> list[Task]:
    query = select(Task).where(Task.status == "open")
    if period_id is not None:
        query = query.where(Task.period_id == period_id)
    if step_no is not None:
        query = query.where(Task.step_no == step_no)
    if unit_code is not None:
        query = query.where(Task.unit_code == unit_code)
    return list(session.exec(query.order_by(Task.due_at, Task.id)))


def open_tasks_for_roles(session: Session, *, roles: Iterable[tuple[str, str | None]]) -> list[Task]:
    """Open tasks whose (role, actor unit) is one of `roles`; a None unit matches any."""
    tasks = open_tasks(session)
    wanted = set(roles)
    return [t for t in tasks if (t.role, t.actor_unit) in wanted or (t.role, None) in wanted]


def task_by_id(session: Session, *, task_id: int) -> Task | None:
    return session.get(Task, task_id)


# --- submissions -----------------------------------------------------------

def accepted_submission(session: Session, *, period_id: int, unit_code: str) -> Submission | None:
    query = select(Submission).where(
        Submission.period_id == period_id, Submission.unit_code == unit_code,
        Submission.accepted == True, Submission.superseded == False,  # noqa: E712
    ).order_by(col(Submission.id).desc())
    return session.exec(query).first()


def supersede_submissions(session: Session, *, period_id: int, unit_code: str) -> None:
    session.exec(update(Submission).where(
        Submission.period_id == period_id, Submission.unit_code == unit_code,
        Submission.accepted == True).values(superseded=True))  # noqa: E712


def submission_by_sha(session: Session, *, period_id: int, unit_code: str, sha256: str) -> Submission | None:
    query = select(Submission).where(Submission.period_id == period_id, Submission.unit_code == unit_code,
                                     Submission.sha256 == sha256).order_by(col(Submission.id).desc())
    return session.exec(query).first()


def accepted_by_periode(session: Session, *, unit_code: str, codes: Iterable[str]) -> dict[str, Submission]:
    """The unit's accepted file in force for each of these periode codes (the trend's history);
    a code run twice takes its latest run."""
    wanted = set(codes)
    if not wanted:
        return {}
    query = (select(Period.code, Submission).join(Submission, Submission.period_id == Period.id)
             .where(col(Period.code).in_(wanted), Submission.unit_code == unit_code,
                    Submission.accepted == True, Submission.superseded == False)  # noqa: E712
             .order_by(Period.id, Submission.id))
    return {code: submission for code, submission in session.exec(query)}


def accepted_submissions(session: Session, *, period_id: int) -> list[Submission]:
    """Every accepted file of the period, superseded ones included, by unit and arrival."""
    query = select(Submission).where(Submission.period_id == period_id, Submission.accepted == True)  # noqa: E712
    return list(session.exec(query.order_by(Submission.unit_code, Submission.id)))


# --- events ----------------------------------------------------------------

def record_event(session: Session, *, at: datetime, kind: str, period_id: int | None = None,
                 task_id: int | None = None, member_id: int | None = None, **detail: object) -> Event:
    event = Event(at=at, kind=kind, period_id=period_id, task_id=task_id, member_id=member_id,
                  detail=json.dumps(detail, ensure_ascii=False, default=str))
    session.add(event)
    return event


def events_of_period(session: Session, *, period_id: int) -> list[Event]:
    return list(session.exec(select(Event).where(Event.period_id == period_id).order_by(Event.id)))


# --- outbox ----------------------------------------------------------------

def pending_outbox(session: Session, *, limit: int = 200) -> list[Outbox]:
    """Undelivered rows in the order they were written (due or still backing off)."""
    query = select(Outbox).where(Outbox.sent_at == None, Outbox.dropped_at == None)  # noqa: E711
    return list(session.exec(query.order_by(Outbox.id).limit(limit)))


def next_outbox_attempt(session: Session) -> datetime | None:
    query = select(func.min(Outbox.next_attempt_at)).where(
        Outbox.sent_at == None, Outbox.dropped_at == None)  # noqa: E711
    return session.exec(query).one()


def outbox_row(session: Session, *, row_id: int) -> Outbox | None:
    return session.get(Outbox, row_id)


# --- nudges and holidays ---------------------------------------------------

def _pending_nudge():
    """A nudge still waiting to go out: not sent, not cancelled, not skipped."""
    return (Nudge.sent_at == None) & (Nudge.cancelled == False) & (Nudge.skipped == None)  # noqa: E711,E712


def pending_nudges(session: Session) -> list[Nudge]:
    query = select(Nudge).where(_pending_nudge())
    return list(session.exec(query.order_by(Nudge.due_at, Nudge.id)))


def nudges_of_task(session: Session, *, task_id: int) -> list[Nudge]:
    return list(session.exec(select(Nudge).where(Nudge.task_id == task_id).order_by(Nudge.due_at, Nudge.id)))


def nudges_of_period(session: Session, *, period_id: int, kind: str | None = None) -> list[Nudge]:
    """The period's own rows (digests), not its tasks' rows."""
    query = select(Nudge).where(Nudge.period_id == period_id)
    if kind is not None:
        query = query.where(Nudge.kind == kind)
    return list(session.exec(query.order_by(Nudge.due_at, Nudge.id)))


def due_nudges(session: Session, *, now: datetime, task_id: int | None = None,
               period_id: int | None = None) -> list[Nudge]:
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


def pending_nudge_exists(session: Session, *, kind: str, after: datetime, task_id: int | None = None,
                         period_id: int | None = None) -> bool:
    query = select(Nudge.id).where(_pending_nudge(), Nudge.kind == kind, Nudge.due_at > after,
                                   Nudge.task_id == task_id, Nudge.period_id == period_id)
    return session.exec(query.limit(1)).first() is not None


def nudge_exists(session: Session, *, kind: str, due_at: datetime, task_id: int | None = None,
                 period_id: int | None = None) -> bool:
    query = select(Nudge.id).where(Nudge.kind == kind, Nudge.due_at == due_at,
                                   Nudge.task_id == task_id, Nudge.period_id == period_id)
    return session.exec(query.limit(1)).first() is not None


def claim_nudge(session: Session, *, nudge_id: int, at: datetime) -> bool:
    """Mark a pending nudge sent; False when another worker took it first (exactly once)."""
    result = session.exec(update(Nudge).where(Nudge.id == nudge_id, _pending_nudge()).values(sent_at=at))
    return result.rowcount == 1


def skip_nudge(session: Session, *, nudge_id: int, reason: str) -> bool:
    result = session.exec(update(Nudge).where(Nudge.id == nudge_id, _pending_nudge()).values(skipped=reason))
    return result.rowcount == 1


def cancel_nudges(session: Session, *, task_id: int) -> None:
    session.exec(update(Nudge).where(Nudge.task_id == task_id, _pending_nudge()).values(cancelled=True))


def holidays(session: Session) -> Sequence[Holiday]:
    return list(session.exec(select(Holiday)))


def add_outbox(session: Session, *, chat_id: int, text: str, at: datetime, member_id: int | None = None,
               kind: str = "message", reply_markup: str | None = None, document_path: str | None = None,
               document_name: str | None = None, photo_path: str | None = None) -> Outbox:
    row = Outbox(chat_id=chat_id, member_id=member_id, kind=kind, text=text, reply_markup=reply_markup,
                 document_path=document_path, document_name=document_name, photo_path=photo_path,
                 created_at=at, next_attempt_at=datetime.now(timezone.utc))
    # Delivery runs on real time even when the domain clock is simulated (tests, the demo).
    session.add(row)
    return row


def add_failed_code(session: Session, *, telegram_user_id: int, at: datetime) -> None:
    session.add(FailedCode(telegram_user_id=telegram_user_id, at=at))


def admins(session: Session) -> list[Member]:
    return active_members(session, role="admin")
