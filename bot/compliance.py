"""SOP compliance: the actual working time of each step against its standard time (Mutu Baku)."""
from __future__ import annotations

from dataclasses import dataclass
from html import escape

from bot.core import Action
from bot.members import require_role
from bot.texts import unit_name
from bot.timefmt import format_working_minutes
from bot.views import pick_period
from storage import queries
from storage.models import Member, Period, Task

STATUS_LABEL = {"on_time": "tepat waktu", "late": "terlambat", "open": "berjalan", "open_late": "berjalan, terlambat",
                "returned": "dikembalikan", "missing": "tidak masuk"}


@dataclass(frozen=True)
class ComplianceLine:
    step_no: int
    step_title: str
    unit: str
    round: int
    standard_minutes: int
    actual_minutes: float
    status: str  # a key of STATUS_LABEL
    by_whom: str

    @property
    def late(self) -> bool:
        return self.status in ("late", "open_late")


def compliance_lines(action: Action, period: Period) -> list[ComplianceLine]:
    tasks = queries.tasks_of_period(action.session, period_id=period.id)
    people = queries.members_by_id(action.session, member_ids=(t.done_by for t in tasks if t.done_by))
    return [_line(action, task, people) for task in tasks]


def _line(action: Action, task: Task, people: dict[int, Member]) -> ComplianceLine:
    step = action.core.sop.step(task.step_no)
    end = task.done_at or action.now
    actual = action.core.calendar.minutes_between(task.opened_at, end)
    # Late = past the deadline instant, as the nudges count it: a task due at 16:00 and done at 16:30
    # has used no extra working minute, yet its superior was already told it is late.
    if task.status == "open":
        status = "open_late" if task.due_at <= action.now else "open"
    elif task.status in ("returned", "missing"):
        status = task.status
    else:
        status = "late" if end > task.due_at else "on_time"
    who = people.get(task.done_by)
    return ComplianceLine(step.no, step.title, unit_name(action.core, task.unit_code), task.round, step.minutes,
                          round(actual, 1), status, who.full_name if who else "")


def kepatuhan(action: Action, *, args: str = "") -> None:
    require_role(action, "kaban", "sekretaris", "perencanaan", "admin")
    period = pick_period(action, args)
    lines = compliance_lines(action, period)
    text = [f"📏 <b>Kepatuhan SOP — {escape(period.label)}</b>", _totals(lines)]
    for line in lines:
        unit = f" · {escape(line.unit)}" if line.unit else ""
        mark = "⚠️" if line.late else ("✅" if line.status == "on_time" else "•")
        who = f" — {escape(line.by_whom)}" if line.by_whom else ""
        text.append(f"{mark} <b>{line.step_no}</b>{unit}: {format_working_minutes(line.actual_minutes)} / "
                    f"baku {format_working_minutes(line.standard_minutes)} ({STATUS_LABEL[line.status]}){who}")
    action.reply("\n".join(text))


def _totals(lines: list[ComplianceLine]) -> str:
    finished = [l for l in lines if l.status in ("on_time", "late")]
    on_time = sum(1 for l in finished if l.status == "on_time")
    running = [l for l in lines if l.status in ("open", "open_late")]
    running_late = sum(1 for l in running if l.late)
    return (f"Tepat waktu: <b>{on_time} dari {len(finished)}</b> tugas selesai · terlambat selesai: "
            f"<b>{len(finished) - on_time}</b> · berjalan: <b>{len(running)}</b> ({running_late} terlambat)")
