"""Read-only lookups that several core modules share: the open period, my tasks, a unit's name.

A leaf of the core: it changes nothing and builds on nothing but storage and the plain domain
modules, so the engine, the step kinds and the documents can all use it without a cycle.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.action import Action
from bot.errors import Refusal
from bot.kinds import StepKind, TaskStatus
from bot.periods import Periode
from bot.roles import roles_of
from bot.sop import Step
from storage import queries
from storage.models import Member, Period, Task

START_EXAMPLE = "Kepala Badan memulainya dengan <code>/perintah Oktober 2026</code> (contoh)."


def unit_name(core, code: str | None) -> str:
    unit = core.org.unit(code) if code else None
    return unit.name if unit else (code or "")


def period_of(action: Action, task: Task) -> Period:
    return queries.period_by_id(action.session, period_id=task.period_id)


def require_open_period(action: Action) -> Period:
    period = queries.open_period(action.connection)
    if period is None:
        raise Refusal("Tidak ada pengumpulan data yang sedang berjalan. " + START_EXAMPLE)
    return period


def pick_period(action: Action, periode: Periode | None) -> Period:
    """The period a command names; none named means the open one, else the latest."""
    if periode is not None:
        period = queries.period_by_code(action.session, code=periode.code)
        if period is None:
            raise Refusal(f"Belum ada pengumpulan data untuk {escape(periode.label)}. Lihat /riwayat.")
        return period
    period = queries.open_period(action.connection) or queries.latest_period(action.session)
    if period is None:
        raise Refusal("Belum ada pengumpulan data. " + START_EXAMPLE)
    return period


def my_open_tasks(action: Action, member: Member) -> list[Task]:
    period = queries.open_period(action.connection)
    if period is None:
        return []
    roles = roles_of(action.connection, member, on=action.today)
    return [t for t in queries.open_tasks(action.session, period_id=period.id) if (t.role, t.actor_unit) in roles]


def my_tasks_of_kind(action: Action, member: Member, *kinds: StepKind) -> list[Task]:
    sop = action.core.sop
    return [t for t in my_open_tasks(action, member) if sop.step(t.step_no).kind in kinds]


def latest_by_unit(tasks: list[Task], step_no: int) -> dict[str, Task]:
    """Each unit's newest task at a step (tasks come ordered by step, unit and round)."""
    return {t.unit_code: t for t in tasks if t.step_no == step_no and t.unit_code}


def all_units_finished(action: Action, period: Period, step: Step) -> bool:
    """Every data unit has finished `step`, or was marked missing on the way."""
    tasks = queries.tasks_of_period(action.connection, period_id=period.id)
    missing = {t.unit_code for t in tasks if t.status == TaskStatus.MISSING}
    latest = latest_by_unit(tasks, step.no)
    return all(
        u.code in missing or (u.code in latest and latest[u.code].status == TaskStatus.DONE)
        for u in action.core.org.data_units
    )


def units_done(action: Action, period: Period, step: Step) -> int:
    """How many units have finished `step` (their newest round)."""
    latest = latest_by_unit(queries.tasks_of_period(action.connection, period_id=period.id), step.no)
    return sum(1 for task in latest.values() if task.status == TaskStatus.DONE)


def overdue(task: Task, now: datetime) -> bool:
    return task.status == TaskStatus.OPEN and task.due_at <= now
