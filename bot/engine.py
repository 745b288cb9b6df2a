"""The SOP engine: periods, tasks, the per-unit flow of steps, returns, the final recap step.

Every transition runs inside the caller's Action (one transaction) and records one event.
Step-specific side effects (sending formats, compiling the recap) are hooks in
`bot.steps` so that this module stays about the flow itself.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

from bot import texts
from bot.core import Action
from bot.errors import Refusal
from bot.periods import Periode
from bot.roles import actors_of, roles_of, task_role
from bot.sop import Step
from storage import queries
from storage.models import Member, Period, Task

PER_UNIT_KINDS_DONE = ("done", "missing")


def today(action: Action):
    return action.now.astimezone(action.core.tz).date()


# --- opening -----------------------------------------------------------------

def start_collection(action: Action, member: Member, periode: Periode, note: str | None) -> Period:
    """Step 1: the kaban orders the collection; the period opens and step 2 begins."""
    session = action.session
    running = queries.open_period(session)
    if running is not None:
        raise Refusal(f"Pengumpulan data <b>{escape(running.label)}</b> masih berjalan. "
                      "Selesaikan dahulu, atau lihat /status.")
    previous = queries.period_by_code(session, code=periode.code)
    if previous is not None:
        raise Refusal(f"Data kinerja <b>{periode.label}</b> sudah pernah dikumpulkan. Lihat /riwayat "
                      f"atau <code>/rekap {periode.code}</code>.")
    sop = action.core.sop
    period = Period(code=periode.code, label=periode.label, sop_name=sop.name, opened_at=action.now,
                    opened_by=member.id, note=note)
    session.add(period)
    session.flush()
    first = _new_task(action, period, sop.first_step, None)
    _finish(action, first, member, note)
    action.event("periode_dibuka", period_id=period.id, periode=period.code, note=note)
    action.reply(texts.collection_started(period, note))
    _advance(action, period, first)
    return period


def _new_task(action: Action, period: Period, step: Step, unit_code: str | None, round_no: int = 1) -> Task:
    role, actor_unit = task_role(action.core.org, step.actor, unit_code or step.unit)
    task = Task(period_id=period.id, step_no=step.no, unit_code=unit_code, round=round_no, role=role,
                actor_unit=actor_unit, opened_at=action.now,
                due_at=action.core.calendar.add_minutes(action.now, step.minutes))
    action.session.add(task)
    action.session.flush()
    return task


def open_step(action: Action, period: Period, step: Step, unit_code: str | None = None,
              round_no: int = 1, note: str | None = None) -> list[Task]:
    units = [unit_code] if unit_code else [u.code for u in action.core.org.data_units]
    created = [_new_task(action, period, step, u, round_no) for u in units] if step.per_unit \
        else [_new_task(action, period, step, None)]
    for task in created:
        action.event("tugas_dibuka", period_id=period.id, task_id=task.id, step=step.no, unit=task.unit_code,
                     due=task.due_at.isoformat())
        announce(action, period, step, task, note)
    action.core.on_tasks_changed()
    return created


def announce(action: Action, period: Period, step: Step, task: Task, note: str | None = None) -> None:
    from bot import reminders, steps  # late: both build on this module
    reminders.plan_task(action, task, step)
    message = texts.task_opened(action.core, period, step, task, note)
    buttons = texts.task_buttons(step, task)
    for member in actors_of(action.session, task, on=today(action)):
        action.tell(member, message, buttons=buttons)
    steps.on_opened(action, period, step, task)


# --- completing ----------------------------------------------------------------

def _finish(action: Action, task: Task, member: Member | None, note: str | None, status: str = "done") -> None:
    from bot import reminders
    task.status, task.done_at, task.note = status, action.now, note
    task.done_by = member.id if member else None
    reminders.cancel_task(action, task)


def complete_task(action: Action, task: Task, member: Member, note: str | None = None) -> None:
    """Mark the task done, record it, and open whatever comes next."""
    if task.status != "open":
        raise Refusal("Tugas ini sudah tidak terbuka. Lihat /tugas.")
    period = locked_period(action, task.period_id)
    step = action.core.sop.step(task.step_no)
    _finish(action, task, member, note)
    action.event("tugas_selesai", period_id=period.id, task_id=task.id, step=step.no, unit=task.unit_code,
                 note=note)
    from bot import steps
    steps.after_complete(action, step, task)
    _advance(action, period, task)


def locked_period(action: Action, period_id: int) -> Period:
    """The period, locked for this transaction on PostgreSQL, so that two completions in
    parallel cannot both miss that together they finished the last unit."""
    return queries.period_for_update(action.session, period_id=period_id)


def _advance(action: Action, period: Period, done: Task) -> None:
    sop = action.core.sop
    step = sop.step(done.step_no)
    following = sop.next_step(step.no)
    if following is None:
        close_period(action, period)
    elif step.per_unit and following.per_unit:
        open_step(action, period, following, done.unit_code, done.round)
    elif step.per_unit:
        if all_units_finished(action, period, step):
            open_step(action, period, following)
    else:  # the order is passed down: the note of a disposition travels with it
        open_step(action, period, following, note=done.note)


def _latest_by_unit(tasks: list[Task], step_no: int) -> dict[str, Task]:
    """Each unit's newest task at a step (tasks come ordered by step, unit and round)."""
    return {t.unit_code: t for t in tasks if t.step_no == step_no and t.unit_code}


def all_units_finished(action: Action, period: Period, step: Step) -> bool:
    """Every data unit has finished `step`, or was marked missing on the way."""
    tasks = queries.tasks_of_period(action.session, period_id=period.id)
    missing = {t.unit_code for t in tasks if t.status == "missing"}
    latest = _latest_by_unit(tasks, step.no)
    return all(u.code in missing or (u.code in latest and latest[u.code].status == "done")
               for u in action.core.org.data_units)


def units_done(action: Action, period: Period, step: Step) -> int:
    """How many units have finished `step` (their newest round)."""
    latest = _latest_by_unit(queries.tasks_of_period(action.session, period_id=period.id), step.no)
    return sum(1 for task in latest.values() if task.status == "done")


def mark_missing_units(action: Action, period: Period, member: Member) -> list[Task]:
    """Close the per-unit phase once every open unit task is past its deadline (SPEC §3)."""
    late = [t for t in queries.open_tasks(action.session, period_id=period.id) if t.unit_code]
    for task in late:
        _finish(action, task, member, "tidak masuk sampai batas waktu", status="missing")
        action.event("unit_tidak_masuk", period_id=period.id, task_id=task.id, unit=task.unit_code)
    last_per_unit = [s for s in action.core.sop.steps if s.per_unit][-1]
    following = action.core.sop.next_step(last_per_unit.no)
    if all_units_finished(action, period, last_per_unit):
        if following is None:
            close_period(action, period)
        else:
            open_step(action, period, following)
    return late


def return_unit(action: Action, task: Task, member: Member, note: str) -> None:
    """Step 7: the head returns the unit's data; the unit goes back to its fill-in step."""
    step = action.core.sop.step(task.step_no)
    if step.return_to is None:
        raise Refusal("Langkah ini tidak dapat dikembalikan.")
    period = locked_period(action, task.period_id)
    _finish(action, task, member, note, status="returned")
    action.event("data_dikembalikan", period_id=period.id, task_id=task.id, unit=task.unit_code, note=note)
    back = action.core.sop.step(step.return_to)
    open_step(action, period, back, task.unit_code, task.round + 1, note=note)


def close_period(action: Action, period: Period) -> None:
    period.status, period.closed_at = "closed", action.now
    action.event("periode_ditutup", period_id=period.id, periode=period.code)


# --- who may act -------------------------------------------------------------

def my_open_tasks(action: Action, member: Member) -> list[Task]:
    period = queries.open_period(action.session)
    if period is None:
        return []
    roles = roles_of(action.session, member, on=today(action))
    return [t for t in queries.open_tasks(action.session, period_id=period.id) if (t.role, t.actor_unit) in roles]


def my_tasks_of_kind(action: Action, member: Member, *kinds: str) -> list[Task]:
    sop = action.core.sop
    return [t for t in my_open_tasks(action, member) if sop.step(t.step_no).kind in kinds]


def require_open_period(action: Action) -> Period:
    period = queries.open_period(action.session)
    if period is None:
        raise Refusal("Tidak ada pengumpulan data yang sedang berjalan. Kepala Badan memulainya dengan "
                      "<code>/perintah Oktober 2026</code> (contoh).")
    return period


def overdue(task: Task, now: datetime) -> bool:
    return task.status == "open" and task.due_at <= now
