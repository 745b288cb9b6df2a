"""The SOP engine: periods, tasks, the per-unit flow of steps, returns, the final recap step.

Every transition runs inside the caller's Action (one transaction) and records one event.
What a kind of step does on its way (sending formats, compiling the recap) belongs to its
object in `bot.step_kinds`; `complete_task` is the one completion path that runs it.
"""

from __future__ import annotations

from html import escape

from bot import reminders, texts
from bot.action import Action
from bot.errors import Refusal
from bot.kinds import Completion, PeriodStatus, TaskStatus
from bot.lookups import all_units_finished, unit_name
from bot.periods import Periode
from bot.roles import acting_as, actors_of, task_role
from bot.sop import Step
from bot.step_kinds import behaviour
from storage import queries
from storage.models import Member, Period, Task

# --- opening -----------------------------------------------------------------


def start_collection(action: Action, member: Member, periode: Periode, note: str | None) -> Period:
    """Step 1: the kaban orders the collection; the period opens and step 2 begins."""
    session = action.session
    running = queries.open_period(action.connection)
    if running is not None:
        raise Refusal(
            f"Pengumpulan data <b>{escape(running.label)}</b> masih berjalan. Selesaikan dahulu, atau lihat /status."
        )
    if queries.period_by_code(session, code=periode.code) is not None:
        raise Refusal(
            f"Data kinerja <b>{periode.label}</b> sudah pernah dikumpulkan. Lihat /riwayat "
            f"atau <code>/rekap {periode.code}</code>."
        )
    sop = action.core.sop
    period = action.save(
        Period(
            code=periode.code,
            label=periode.label,
            sop_name=sop.name,
            opened_at=action.now,
            opened_by=member.id,
            note=note,
        )
    )
    first = _new_task(action, period, sop.first_step, None)
    _finish(action, first, member, note)
    action.event("periode_dibuka", period_id=period.id, periode=period.code, note=note)
    action.reply(texts.collection_started(period, note))
    _advance(action, period, first)
    return period


def _new_task(action: Action, period: Period, step: Step, unit_code: str | None, round_no: int = 1) -> Task:
    role, actor_unit = task_role(action.core.org, step.actor, unit_code or step.unit)
    return action.save(
        Task(
            period_id=period.id,
            step_no=step.no,
            unit_code=unit_code,
            round=round_no,
            role=role,
            actor_unit=actor_unit,
            opened_at=action.now,
            due_at=action.core.calendar.add_minutes(action.now, step.minutes),
        )
    )


def open_step(
    action: Action, period: Period, step: Step, unit_code: str | None = None, round_no: int = 1, note: str | None = None
) -> list[Task]:
    units = [unit_code] if unit_code else [u.code for u in action.core.org.data_units]
    created = (
        [_new_task(action, period, step, u, round_no) for u in units]
        if step.per_unit
        else [_new_task(action, period, step, None)]
    )
    for task in created:
        action.event(
            "tugas_dibuka",
            period_id=period.id,
            task_id=task.id,
            step=step.no,
            unit=task.unit_code,
            due=task.due_at.isoformat(),
        )
        _announce(action, period, step, task, note)
    action.core.on_tasks_changed()
    return created


def _announce(action: Action, period: Period, step: Step, task: Task, note: str | None) -> None:
    reminders.plan_task(action, task, step)
    kind = behaviour(step)
    message = texts.task_opened(action.core, period, step, task, note, kind.how_to)
    for member in actors_of(action.session, task, on=action.today):
        action.tell(member, message, buttons=kind.buttons(task))


# --- completing ----------------------------------------------------------------


def _finish(
    action: Action, task: Task, member: Member | None, note: str | None, status: TaskStatus = TaskStatus.DONE
) -> None:
    task.status, task.done_at, task.note = status, action.now, note
    task.done_by = member.id if member else None
    reminders.cancel_task(action, task)


def complete_task(
    action: Action,
    task: Task,
    member: Member,
    note: str | None = None,
    *,
    completion: Completion,
    confirm: str | None = None,
) -> None:
    """The one way a task is completed, whatever started it (a command, a button, an upload).

    The step's kind decides whether this way of completing it counts and whether it may be
    completed now, does the work it stands for, and tells whoever must know; `confirm` is the
    answer to the person, sent before the next step's announcements.
    """
    if task.status != TaskStatus.OPEN:
        raise Refusal("Tugas ini sudah tidak terbuka. Lihat /tugas.")
    step = action.core.sop.step(task.step_no)
    kind = behaviour(step)
    kind.allow(completion)
    period = _locked_period(action, task.period_id)
    kind.check(action, step, task, period)
    kind.before_complete(action, step, task, period)
    if confirm:
        action.reply(confirm)
    _finish(action, task, member, note)
    acting = member and acting_as(action.session, action.core.org, member, task.role, task.actor_unit, on=action.today)
    detail = {"sebagai": acting} if acting else {}  # the record says "Plh. Kepala ..." for an acting official
    action.event(
        "tugas_selesai", period_id=period.id, task_id=task.id, step=step.no, unit=task.unit_code, note=note, **detail
    )
    kind.after_complete(action, step, task, period)
    _advance(action, period, task)


def _locked_period(action: Action, period_id: int) -> Period:
    """The period, locked for this transaction on PostgreSQL, so that two completions in
    parallel cannot both miss that together they finished the last unit."""
    return queries.period_for_update(action.session, period_id=period_id)


def _advance(action: Action, period: Period, done: Task) -> None:
    sop = action.core.sop
    step = sop.step(done.step_no)
    following = sop.next_step(step.no)
    if following is None:
        _close_period(action, period)
    elif step.per_unit and following.per_unit:
        open_step(action, period, following, done.unit_code, done.round)
    elif step.per_unit:
        if all_units_finished(action, period, step):
            open_step(action, period, following)
    else:  # the order is passed down: the note of a disposition travels with it
        open_step(action, period, following, note=done.note)


def mark_missing_units(action: Action, period: Period, member: Member) -> list[Task]:
    """Close the per-unit phase once every open unit task is past its deadline (SPEC §3)."""
    late = [t for t in queries.open_tasks(action.session, period_id=period.id) if t.unit_code]
    for task in late:
        _finish(action, task, member, "tidak masuk sampai batas waktu", status=TaskStatus.MISSING)
        action.event("unit_tidak_masuk", period_id=period.id, task_id=task.id, unit=task.unit_code)
    last_per_unit = [s for s in action.core.sop.steps if s.per_unit][-1]
    following = action.core.sop.next_step(last_per_unit.no)
    if all_units_finished(action, period, last_per_unit):
        if following is None:
            _close_period(action, period)
        else:
            open_step(action, period, following)
    return late


def return_unit(action: Action, task: Task, member: Member, note: str) -> None:
    """Step 7: the head returns the unit's data; the unit goes back to its fill-in step."""
    step = action.core.sop.step(task.step_no)
    if step.return_to is None:
        raise Refusal("Langkah ini tidak dapat dikembalikan.")
    period = _locked_period(action, task.period_id)
    action.reply(
        f"↩️ Data <b>{escape(unit_name(action.core, task.unit_code))}</b> dikembalikan kepada "
        "Jabatan Pelaksana dengan catatan Anda."
    )
    _finish(action, task, member, note, status=TaskStatus.RETURNED)
    action.event("data_dikembalikan", period_id=period.id, task_id=task.id, unit=task.unit_code, note=note)
    back = action.core.sop.step(step.return_to)
    open_step(action, period, back, task.unit_code, task.round + 1, note=note)


def _close_period(action: Action, period: Period) -> None:
    period.status, period.closed_at = PeriodStatus.CLOSED, action.now
    action.event("periode_ditutup", period_id=period.id, periode=period.code)
