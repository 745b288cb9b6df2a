"""SOP compliance: the actual working time of each step against its standard time (Mutu Baku)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from html import escape

from bot.action import Action
from bot.kinds import Role, StepKind, TaskStatus
from bot.lookups import pick_period, unit_name
from bot.members import require_role
from bot.periods import Periode
from bot.sheets.types import ComplianceRow, Letterhead
from bot.timefmt import format_working_minutes
from storage import queries
from storage.models import Member, Period, Task


class Compliance(StrEnum):
    """How one task went against its standard time."""

    ON_TIME = "on_time"
    LATE = "late"
    OPEN = "open"
    OPEN_LATE = "open_late"
    RETURNED = "returned"
    MISSING = "missing"


STATUS_LABEL = {
    Compliance.ON_TIME: "tepat waktu",
    Compliance.LATE: "terlambat",
    Compliance.OPEN: "berjalan",
    Compliance.OPEN_LATE: "berjalan, terlambat",
    Compliance.RETURNED: "dikembalikan",
    Compliance.MISSING: "tidak masuk",
}
FINISHED = (Compliance.ON_TIME, Compliance.LATE)
RUNNING = (Compliance.OPEN, Compliance.OPEN_LATE)


@dataclass(frozen=True)
class ComplianceLine:
    step_no: int
    step_title: str
    unit: str
    round: int
    standard_minutes: int
    actual_minutes: float
    status: Compliance
    by_whom: str

    @property
    def late(self) -> bool:
        return self.status in (Compliance.LATE, Compliance.OPEN_LATE)


def compliance_lines(action: Action, period: Period) -> list[ComplianceLine]:
    tasks = queries.tasks_of_period(action.connection, period_id=period.id)
    people = queries.members_by_id(action.session, member_ids=(t.done_by for t in tasks if t.done_by))
    return [_line(action, task, people) for task in tasks]


def standard_deadline(action: Action, step, task: Task) -> datetime:
    """The deadline the SOP's standard time sets. A scheduled meeting moves the rapat task's own
    deadline past the meeting, so nobody is chased before it (bot/reminders.py `plan_meeting`);
    compliance still measures the step against its Mutu Baku, as an evaluator reads it."""
    if step.kind == StepKind.RAPAT:
        return min(task.due_at, action.core.calendar.add_minutes(task.opened_at, step.minutes))
    return task.due_at


def _line(action: Action, task: Task, people: dict[int, Member]) -> ComplianceLine:
    step = action.core.sop.step(task.step_no)
    end = task.done_at or action.now
    actual = action.core.calendar.minutes_between(task.opened_at, end)
    # Late = past the deadline instant, as the nudges count it: a task due at 16:00 and done at 16:30
    # has used no extra working minute, yet its superior was already told it is late.
    due = standard_deadline(action, step, task)
    if task.status == TaskStatus.OPEN:
        status = Compliance.OPEN_LATE if due <= action.now else Compliance.OPEN
    elif task.status in (TaskStatus.RETURNED, TaskStatus.MISSING):
        status = Compliance(task.status)
    else:
        status = Compliance.LATE if end > due else Compliance.ON_TIME
    who = people.get(task.done_by)
    return ComplianceLine(
        step.no,
        step.title,
        unit_name(action.core, task.unit_code),
        task.round,
        step.minutes,
        round(actual, 1),
        status,
        who.full_name if who else "",
    )


def kepatuhan(action: Action, *, periode: Periode | None = None) -> None:
    """A phone screen: the summary first, then one line per step by name; the full table as xlsx."""
    require_role(action, Role.KABAN, Role.SEKRETARIS, Role.PERENCANAAN)
    period = pick_period(action, periode)
    lines = compliance_lines(action, period)
    text = [f"📏 <b>Kepatuhan SOP — {escape(period.label)}</b>", _totals(lines), ""]
    for step in action.core.sop.steps:
        of_step = [line for line in lines if line.step_no == step.no]
        if of_step:
            text.append(_step_summary(step.no, step.title, of_step))
    text.append("\nTabel lengkap (setiap unit dan putaran, oleh siapa) ada di berkas terlampir.")
    org = action.core.org
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.recap import compliance_workbook

    data = compliance_workbook(compliance_rows(action, period), Letterhead(org.name, org.short_name, period.label))
    name = f"Kepatuhan_SOP_{period.code}.xlsx"
    path = action.core.files.write_generated(f"{period.code}/{name}", data)
    action.reply("\n".join(text))
    action.reply(f"📎 Kepatuhan SOP {escape(period.label)}", document_path=str(path), document_name=name)


def _step_summary(no: int, title: str, lines: list[ComplianceLine]) -> str:
    """`✅ 3. Perencanaan menyampaikan format …` then how it went against the standard time."""
    counts: dict[Compliance, int] = {}
    for line in lines:
        counts[line.status] = counts.get(line.status, 0) + 1
    mark = "⚠️" if any(line.late for line in lines) else ("✅" if set(counts) == {Compliance.ON_TIME} else "•")
    longest = max(lines, key=lambda line: line.actual_minutes)
    parts = ", ".join(f"{n} {STATUS_LABEL[status]}" for status, n in counts.items())
    took = "lama" if len(lines) == 1 else "paling lama"
    who = f" — {escape(lines[0].by_whom)}" if len(lines) == 1 and lines[0].by_whom else ""
    return (
        f"{mark} <b>{no}. {escape(short_title(title))}</b>\n   {parts}; {took} "
        f"{format_working_minutes(longest.actual_minutes)} (standar {format_working_minutes(longest.standard_minutes)})"
        f"{who}"
    )


def short_title(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def compliance_rows(action: Action, period: Period) -> list[ComplianceRow]:
    """The table as the workbooks write it (the recap's Kepatuhan sheet, /kepatuhan's file)."""
    return [
        ComplianceRow(
            line.step_no,
            line.step_title,
            line.unit,
            line.standard_minutes,
            round(line.actual_minutes),
            STATUS_LABEL[line.status],
            line.by_whom,
        )
        for line in compliance_lines(action, period)
    ]


def _totals(lines: list[ComplianceLine]) -> str:
    finished = [line for line in lines if line.status in FINISHED]
    on_time = sum(1 for line in finished if line.status == Compliance.ON_TIME)
    running = [line for line in lines if line.status in RUNNING]
    running_late = sum(1 for line in running if line.late)
    return (
        f"Tepat waktu: <b>{on_time} dari {len(finished)}</b> tugas selesai · terlambat selesai: "
        f"<b>{len(finished) - on_time}</b> · berjalan: <b>{len(running)}</b> ({running_late} terlambat)"
    )
