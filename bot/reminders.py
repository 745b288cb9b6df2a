"""Deadline nudges: planned as database rows when a task opens, cancelled when it closes.

The scheduler that fires them (bot/nudges.py) is rebuilt from these rows at every start.
"""
from __future__ import annotations

from bot.core import Action
from bot.sop import Step
from storage import queries
from storage.models import Nudge, Task


def plan_task(action: Action, task: Task, step: Step) -> list[Nudge]:
    """The actor's nudges (fractions of the allowed time, the deadline) and the escalation."""
    policy = action.core.sop.reminders
    calendar = action.core.calendar
    planned = [Nudge(task_id=task.id, kind="before", due_at=calendar.add_minutes(task.opened_at, step.minutes * f))
               for f in policy.before]
    if policy.at_deadline:
        planned.append(Nudge(task_id=task.id, kind="deadline", due_at=task.due_at))
    if policy.escalate:
        planned.append(Nudge(task_id=task.id, kind="escalate", due_at=task.due_at))
    unique = {(n.kind, n.due_at): n for n in planned}
    for nudge in unique.values():
        action.session.add(nudge)
    return list(unique.values())


def cancel_task(action: Action, task: Task) -> None:
    queries.cancel_nudges(action.session, task_id=task.id)
