"""What happened at each step of one period, as the progress picture colours it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.kinds import TaskStatus
from bot.sop import SopDefinition


class StepState(StrEnum):
    """What happened at a step (or to one unit at a per-unit step), as the picture colours it."""

    ON_TIME = "on_time"
    LATE_DONE = "late_done"
    OPEN = "open"
    LATE = "late"
    WAITING = "waiting"
    RETURNED = "returned"
    MISSING = "missing"


# state -> (legend label, fill colour, hatch for black-and-white print)
STATES = {
    StepState.ON_TIME: ("Selesai tepat waktu", "#81c784", ""),
    StepState.LATE_DONE: ("Selesai terlambat", "#ffb74d", "//"),
    StepState.OPEN: ("Berjalan", "#64b5f6", ""),
    StepState.LATE: ("Terlambat (belum selesai)", "#e57373", "xx"),
    StepState.WAITING: ("Belum dibuka", "#eeeeee", ""),
    StepState.RETURNED: ("Dikembalikan", "#ce93d8", ".."),
    StepState.MISSING: ("Tidak masuk", "#9e9e9e", "\\\\"),
}
ALWAYS_IN_LEGEND = (StepState.ON_TIME, StepState.LATE_DONE, StepState.OPEN, StepState.LATE, StepState.WAITING)
COUNT_WORDS = {
    StepState.ON_TIME: "tepat waktu",
    StepState.LATE_DONE: "terlambat selesai",
    StepState.OPEN: "berjalan",
    StepState.LATE: "terlambat",
    StepState.WAITING: "belum",
    StepState.RETURNED: "dikembalikan",
    StepState.MISSING: "tidak masuk",
}


@dataclass(frozen=True)
class StepProgress:
    states: tuple[StepState, ...]  # one per data unit for a per-unit step, else one
    note: str  # the Keterangan cell: how many units are where

    @property
    def done(self) -> int:
        return sum(1 for s in self.states if s in (StepState.ON_TIME, StepState.LATE_DONE))


def task_state(task, now: datetime) -> StepState:
    """A task's state: done on time or late (past the deadline instant, as the nudges count it)."""
    if task.status == TaskStatus.OPEN:
        return StepState.LATE if task.due_at <= now else StepState.OPEN
    if task.status in (TaskStatus.RETURNED, TaskStatus.MISSING):
        return StepState(task.status)
    return StepState.LATE_DONE if task.done_at and task.done_at > task.due_at else StepState.ON_TIME


def period_progress(
    sop: SopDefinition, tasks: Iterable, unit_codes: tuple[str, ...], now: datetime
) -> dict[int, StepProgress]:
    """Each step's state; per unit, each unit's newest round at that step."""
    latest: dict[tuple[int, str | None], object] = {}
    for task in sorted(tasks, key=lambda t: (t.step_no, t.unit_code or "", t.round, t.id or 0)):
        latest[(task.step_no, task.unit_code)] = task
    progress = {}
    for step in sop.steps:
        if step.per_unit:
            states = tuple(
                task_state(latest[(step.no, u)], now) if (step.no, u) in latest else StepState.WAITING
                for u in unit_codes
            )
            progress[step.no] = StepProgress(states, _count_note(states))
        else:
            task = latest.get((step.no, None))
            state = task_state(task, now) if task is not None else StepState.WAITING
            progress[step.no] = StepProgress((state,), "")
    return progress


def _count_note(states: tuple[str, ...]) -> str:
    counts = Counter(states)
    parts = [f"{counts[s]} {COUNT_WORDS[s]}" for s in STATES if counts[s]]
    return f"{len(states)} unit: " + ", ".join(parts)


def legend_states(progress: dict[int, StepProgress]) -> tuple[StepState, ...]:
    seen = {s for p in progress.values() for s in p.states}
    return ALWAYS_IN_LEGEND + tuple(s for s in (StepState.RETURNED, StepState.MISSING) if s in seen)
