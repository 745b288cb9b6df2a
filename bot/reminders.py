"""Deadline nudges, escalation and the daily digest (SPEC §6, §8 "Reminders"; docs/REMINDERS.md).

The core decides and records; the scheduler (handlers/alarms.py) only wakes it up. Every nudge is a
row (storage.models.Nudge) planned when its task opens. `fire_due` sends what is due in the same
transaction that marks it sent, so a restart (kill -9 included) neither loses nor repeats one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from bot.action import Action
from bot.core import Kinerja
from bot.keyboard import Button, Verb
from bot.kinds import PeriodStatus, ReminderKind, Role, StepKind, TaskStatus
from bot.reminder_texts import MESSAGES, digest_text
from bot.roles import actors_of, members_with_role, superiors_of
from bot.sop import Step
from bot.step_kinds import DONE_BUTTON, behaviour, meeting_invitees
from bot.workdays import in_working_hours, next_working_day
from storage import queries
from storage.models import Member, Nudge, Period, Task

log = logging.getLogger(__name__)

ACTOR_KINDS = {
    ReminderKind.BEFORE: 0,
    ReminderKind.DEADLINE: 1,
    ReminderKind.DAILY: 2,
}  # the actor's kinds, ranked for a tie at one instant
DIGEST_MIN_LATE = 2  # "several" late tasks: with one, its escalation and daily reminder say it all
BATCH = 50  # tasks per transaction when many fall due at once
_FIRING = threading.Lock()  # the interval job and a due job may overlap: one fire_due at a time
_PLANNED: WeakKeyDictionary = WeakKeyDictionary()  # core -> instants planned since the scheduler last looked
_PLANNED_LOCK = threading.Lock()


# --- planning ----------------------------------------------------------------


def plan_task(action: Action, task: Task, step: Step) -> list[Nudge]:
    """The actor's nudges (fractions of the allowed time, the deadline), the escalation, the first daily."""
    policy, calendar = action.core.sop.reminders, action.core.calendar
    planned = [(ReminderKind.BEFORE, calendar.add_minutes(task.opened_at, step.minutes * f)) for f in policy.before]
    if policy.at_deadline:
        planned.append((ReminderKind.DEADLINE, task.due_at))
    if policy.escalate:
        planned.append((ReminderKind.ESCALATE, task.due_at))
    if policy.daily_while_late:
        planned.append((ReminderKind.DAILY, next_working_day(calendar, task.due_at)))
    rows = [Nudge(task_id=task.id, kind=kind, due_at=due) for kind, due in dict.fromkeys(planned)]
    for row in rows:
        _add(action, row)
    return rows


def plan_meeting(action: Action, task: Task, step: Step, period: Period) -> None:
    """The meeting is scheduled: the rapat task is due once the meeting has run its standard time
    (or at the step's own deadline, when that is later), so no late alarm goes up the chain before
    the meeting has even started; every invitee is reminded shortly before it (docs/REMINDERS.md).
    Rescheduling plans again from scratch."""
    calendar, policy = action.core.calendar, action.core.sop.reminders
    cancel_task(action, task)
    own = calendar.add_minutes(task.opened_at, step.minutes)
    task.due_at = max(own, calendar.add_minutes(max(period.meeting_at, action.now), step.minutes))
    planned = [
        (ReminderKind.MEETING, max(action.now, period.meeting_at - timedelta(minutes=policy.meeting_minutes_before)))
    ]
    if policy.at_deadline:
        planned.append((ReminderKind.DEADLINE, task.due_at))
    if policy.escalate:
        planned.append((ReminderKind.ESCALATE, task.due_at))
    if policy.daily_while_late:
        planned.append((ReminderKind.DAILY, next_working_day(calendar, task.due_at)))
    for kind, due in dict.fromkeys(planned):
        if queries.plan_nudge_again(action.session, task_id=task.id, kind=kind, due_at=due):
            _remember(action.core, due)
        else:
            _add(action, Nudge(task_id=task.id, kind=kind, due_at=due))


def cancel_task(action: Action, task: Task) -> None:
    """Completing, returning or closing a task: its pending nudges will never go out."""
    queries.cancel_nudges(action.session, task_id=task.id)


def plan_next_daily(action: Action, task: Task) -> None:
    """While a task stays late: one daily reminder ahead, and the period's digest at the same minute."""
    if not action.core.sop.reminders.daily_while_late:
        return
    when = next_working_day(action.core.calendar, action.now)
    session = action.session
    if not queries.pending_nudge_exists(session, kind=ReminderKind.DAILY, after=action.now, task_id=task.id):
        _add(action, Nudge(task_id=task.id, kind=ReminderKind.DAILY, due_at=when))
    if not queries.nudge_exists(session, kind=ReminderKind.DIGEST, due_at=when, period_id=task.period_id):
        _add(action, Nudge(period_id=task.period_id, kind=ReminderKind.DIGEST, due_at=when))


def _add(action: Action, nudge: Nudge) -> None:
    queries.add_nudge(action.session, nudge)
    _remember(action.core, nudge.due_at)


# --- firing ------------------------------------------------------------------


def fire_due(core: Kinerja) -> int:
    """Send every nudge due by `core.now()` that is still relevant; returns how many went out.

    Idempotent and safe to call at any time from any thread: the scheduler jobs call it, and so
    may the demo or a test after advancing a ManualClock. Outside working hours it sends nothing;
    the due rows wait for the next working minute. Each row is marked sent in the transaction
    that writes its outbox rows (one transaction per batch of up to BATCH tasks).
    """
    with _FIRING:
        if not in_working_hours(core.calendar, core.now()):
            return 0
        keys = core.read(_due_keys)
        return sum(_fire_batch(core, keys[i : i + BATCH]) for i in range(0, len(keys), BATCH))


def _due_keys(action: Action) -> list[tuple[str, int]]:
    rows = queries.due_nudges(action.session, now=action.now)
    keys = [("task", n.task_id) if n.task_id is not None else ("period", n.period_id) for n in rows]
    return list(dict.fromkeys(keys))  # each task or period once, oldest due first


def _fire_batch(core: Kinerja, keys: list[tuple[str, int]]) -> int:
    """One transaction for the batch (a burst costs one commit, not one per task); if it fails,
    one per task, so that a single broken row cannot hold back everybody else's nudges."""
    try:
        return core.act(None, lambda action: sum(_fire_key(action, key) for key in keys))
    except Exception:
        if len(keys) == 1:
            log.exception("pengingat untuk %s gagal; dicoba lagi pada putaran berikutnya", keys[0])
            return 0
        return sum(_fire_batch(core, [key]) for key in keys)


def _fire_key(action: Action, key: tuple[str, int]) -> int:
    kind, ident = key
    return _fire_task(action, ident) if kind == "task" else _fire_digest(action, ident)


def _fire_task(action: Action, task_id: int) -> int:
    task = queries.task_by_id(action.session, task_id=task_id)
    if task is None or task.status != TaskStatus.OPEN:  # normally cancelled already when the task closed
        queries.cancel_nudges(action.session, task_id=task_id)
        return 0
    due = queries.due_nudges(action.session, now=action.now, task_id=task_id)
    sent = _fire_actor(action, task, [n for n in due if n.kind in ACTOR_KINDS])
    sent += sum(_send(action, task, n) for n in due if n.kind == ReminderKind.ESCALATE)
    sent += sum(_fire_meeting(action, task, n) for n in due if n.kind == ReminderKind.MEETING)
    if task.due_at <= action.now:
        plan_next_daily(action, task)
    return sent


def _fire_actor(action: Action, task: Task, due: list[Nudge]) -> int:
    """Only the latest due actor nudge goes out; older ones became stale while it was night or we were down."""
    if not due:
        return 0
    latest = max(due, key=lambda n: (n.due_at, ACTOR_KINDS[n.kind]))
    _skip(action, [n for n in due if n is not latest], "stale")
    if latest.kind == ReminderKind.BEFORE and task.due_at <= action.now:  # "time left" would be a lie now
        return _skip(action, [latest], "stale")
    return _send(action, task, latest)


def _fire_meeting(action: Action, task: Task, nudge: Nudge) -> int:
    period = queries.period_by_id(action.session, period_id=task.period_id)
    if period.meeting_at is None or period.meeting_at <= action.now:  # started while we were down or at night
        return _skip(action, [nudge], "stale")
    return _send(action, task, nudge)


def _send(action: Action, task: Task, nudge: Nudge) -> int:
    recipients = _recipients(action, task, nudge.kind)
    return _deliver(
        action,
        nudge,
        recipients,
        lambda: MESSAGES[nudge.kind](action, task, nudge),
        buttons=_buttons(action, task, nudge.kind),
        period_id=task.period_id,
        task_id=task.id,
    )


def _buttons(action: Action, task: Task, kind: str) -> list[list[Button]] | None:
    """A reminder asks someone to act: it carries the buttons of that action (SPEC §4 "One tap")."""
    if kind == ReminderKind.ESCALATE:
        return [[Button.to("📊 Lihat status", Verb.STATUS)]]
    if kind == ReminderKind.MEETING:
        return None
    step = action.core.sop.step(task.step_no)
    if step.kind == StepKind.RAPAT:
        period = queries.period_by_id(action.session, period_id=task.period_id)
        started = period.meeting_at is not None and period.meeting_at <= action.now
        return [[Button.to(DONE_BUTTON, Verb.SELESAI, task.id)]] if started else None
    return behaviour(step).buttons(task)


def _deliver(
    action: Action,
    nudge: Nudge,
    recipients: list[Member],
    text: Callable[[], str],
    buttons: list[list[Button]] | None = None,
    **where: int,
) -> int:
    """Mark the row sent and write its outbox rows in the caller's transaction: both, or neither."""
    if not recipients:
        return _skip(action, [nudge], "nobody")
    if not queries.claim_nudge(action.session, nudge_id=nudge.id, at=action.now):
        return 0  # another worker sent it first
    message = text()
    for member in recipients:
        action.tell(member, message, buttons=buttons)
    action.event(f"pengingat_{nudge.kind}", due=nudge.due_at.isoformat(), to=[m.id for m in recipients], **where)
    return 1


def _skip(action: Action, nudges: list[Nudge], reason: str) -> int:
    for nudge in nudges:
        queries.skip_nudge(action.session, nudge_id=nudge.id, reason=reason)
    return 0


def _recipients(action: Action, task: Task, kind: str) -> list[Member]:
    if kind == ReminderKind.ESCALATE:
        return superiors_of(action.session, action.core.org, task, on=action.today)
    if kind == ReminderKind.MEETING:
        return meeting_invitees(action, action.core.sop.step(task.step_no))
    return actors_of(action.session, task, on=action.today)


def _fire_digest(action: Action, period_id: int) -> int:
    """Several late tasks: one summary for the sekretaris each working morning, not a message per task."""
    due = queries.due_nudges(action.session, now=action.now, period_id=period_id)
    if not due:
        return 0
    _skip(action, due[:-1], "stale")
    period, latest = queries.period_by_id(action.session, period_id=period_id), due[-1]
    late = late_tasks(action, period)
    if len(late) < DIGEST_MIN_LATE:
        return _skip(action, [latest], "few_late")
    readers = members_with_role(action.session, role=Role.SEKRETARIS, unit_code=None, on=action.today)
    return _deliver(action, latest, readers, lambda: digest_text(action, period, late), period_id=period_id)


def late_tasks(action: Action, period: Period | None) -> list[Task]:
    if period is None or period.status != PeriodStatus.OPEN:
        return []
    return [t for t in queries.open_tasks(action.session, period_id=period.id) if t.due_at <= action.now]


# --- the scheduler's view ------------------------------------------------------


def upcoming(core: Kinerja, limit: int = 500) -> list[datetime]:
    """The instants to wake at: now (or the next working minute) when rows are already due, then future rows."""
    return core.read(_upcoming, limit)


def _upcoming(action: Action, limit: int) -> list[datetime]:
    instants = queries.pending_nudge_instants(action.session, after=action.now, limit=limit)
    if queries.any_due_nudge(action.session, now=action.now):
        calendar = action.core.calendar
        soonest = action.now if in_working_hours(calendar, action.now) else calendar.next_working_instant(action.now)
        instants = sorted({soonest, *instants})
    return instants[:limit]


def next_due(core: Kinerja) -> datetime | None:
    """When the next nudge can go out (the demo advances its clock to it); None when none is planned."""
    found = upcoming(core, limit=1)
    return found[0] if found else None


def fire_until(core: Kinerja, until: datetime) -> int:
    """Move a ManualClock to `until`, stopping at every nudge on the way (the demo); returns how many went out."""
    sent, last = 0, None
    while (when := next_due(core)) is not None and when <= until and when != last:
        core.clock.set(max(when, core.now()))
        sent, last = sent + fire_due(core), when  # `last`: rows that keep failing must not spin forever
    if until > core.now():
        core.clock.set(until)
    return sent


def watch(core: Kinerja) -> None:
    """Start remembering planned instants for the scheduler (handlers/alarms.py) to pick up."""
    with _PLANNED_LOCK:
        _PLANNED[core] = set()


def unwatch(core: Kinerja) -> None:
    with _PLANNED_LOCK:
        _PLANNED.pop(core, None)


def take_planned(core: Kinerja) -> list[datetime]:
    """Instants planned since the last call (rows may still be uncommitted: a job only wakes fire_due)."""
    with _PLANNED_LOCK:
        planned = _PLANNED.get(core, set())
        found = sorted(planned)
        planned.clear()
    return found


def _remember(core: Kinerja, instant: datetime) -> None:
    with _PLANNED_LOCK:
        planned = _PLANNED.get(core)
        if planned is not None:  # nobody watching (tests, benchmarks): nothing to collect
            planned.add(instant)
