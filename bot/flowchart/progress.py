"""What happened at each step of one period, as the progress picture colours it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.kinds import TaskStatus
from bot.sop import SopDefinition

# state -> (legend label, fill colour, hatch for black-and-white print)
STATES = {
    "on_time": ("Selesai tepat waktu", "#81c784", ""),
    "late_done": ("Selesai terlambat", "#ffb74d", "//"),
    "open": ("Berjalan", "#64b5f6", ""),
    "late": ("Terlambat (belum selesai)", "#e57373", "xx"),
    "waiting": ("Belum dibuka", "#eeeeee", ""),
    "returned": ("Dikembalikan", "#ce93d8", ".."),
    "missing": ("Tidak masuk", "#9e9e9e", "\\\\"),
}
ALWAYS_IN_LEGEND = ("on_time", "late_done", "open", "late", "waiting")
COUNT_WORDS = {
    "on_time": "tepat waktu",
    "late_done": "terlambat selesai",
    "open": "berjalan",
    "late": "terlambat",
    "waiting": "belum",
    "returned": "dikembalikan",
    "missing": "tidak masuk",
}


@dataclass(frozen=True)
class StepProgress:
    states: tuple[str, ...]  # one per data unit for a per-unit step, else one
    note: str  # the Keterangan cell: how many units are where

    @property
    def done(self) -> int:
        return sum(1 for s in self.states if s in ("on_time", "late_done"))


def task_state(task, now: datetime) -> str:
    """A task's state: done on time or late (past the deadline instant, as the nudges count it)."""
    if task.status == TaskStatus.OPEN:
        return "late" if task.due_at <= now else "open"
    if task.status in (TaskStatus.RETURNED, TaskStatus.MISSING):
        return task.status
    return "late_done" if task.done_at and task.done_at > task.due_at else "on_time"


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
                task_state(latest[(step.no, u)], now) if (step.no, u) in latest else "waiting" for u in unit_codes
            )
            progress[step.no] = StepProgress(states, _count_note(states))
        else:
            task = latest.get((step.no, None))
            state = task_state(task, now) if task is not None else "waiting"
            progress[step.no] = StepProgress((state,), "")
    return progress


def _count_note(states: tuple[str, ...]) -> str:
    counts = Counter(states)
    parts = [f"{counts[s]} {COUNT_WORDS[s]}" for s in STATES if counts[s]]
    return f"{len(states)} unit: " + ", ".join(parts)


def legend_states(progress: dict[int, StepProgress]) -> tuple[str, ...]:
    seen = {s for p in progress.values() for s in p.states}
    return ALWAYS_IN_LEGEND + tuple(s for s in ("returned", "missing") if s in seen)
