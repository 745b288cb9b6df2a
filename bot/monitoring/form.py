"""The SOP monitoring form of PermenPANRB 35/2012, filled from what happened in finished periods.

For each step: whether it ran well (on time in every period, no unit missing), and the notes
that back the judgement: in which periods it was late and by how much (per unit where the step
is per unit), the returns with their notes, and the units that never finished.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.kinds import TaskStatus
from bot.sop import SopDefinition, Step
from bot.timefmt import format_working_minutes

GOOD, NOT_GOOD = "Berjalan dengan baik", "Tidak berjalan dengan baik"
HEADERS = ("No", "Prosedur", "Penilaian", "Catatan Penilaian", "Tindakan yang harus diambil")


@dataclass(frozen=True)
class PeriodRecord:
    code: str
    label: str
    tasks: tuple  # the period's Task rows (every round)


@dataclass(frozen=True)
class FormLine:
    no: int
    prosedur: str
    good: bool
    notes: tuple[str, ...]
    late_periods: int = 0
    returns: int = 0
    missing_units: int = 0

    @property
    def penilaian(self) -> str:
        return GOOD if self.good else NOT_GOOD

    @property
    def catatan(self) -> str:
        return "\n".join(self.notes)


@dataclass(frozen=True)
class MonitoringForm:
    sop_title: str
    reference: str
    agency: str
    range_label: str
    period_labels: tuple[str, ...]
    lines: tuple[FormLine, ...]
    remarks: tuple[str, ...]  # periods left out and why

    @property
    def period_text(self) -> str:
        return f"{self.range_label} ({len(self.period_labels)} periode: {', '.join(self.period_labels)})"


@dataclass(frozen=True)
class _Late:
    period: str
    unit: str
    round: int
    minutes: float


def build_form(
    sop: SopDefinition,
    records: Sequence[PeriodRecord],
    *,
    agency: str,
    range_label: str,
    unit_names: dict[str, str],
    late_minutes: Callable[[datetime, datetime], float],
    remarks: Sequence[str] = (),
) -> MonitoringForm:
    """`late_minutes(due, done)` is the working time between the deadline and the completion."""
    lines = tuple(_line(step, records, unit_names, late_minutes) for step in sop.steps)
    return MonitoringForm(
        sop.title, sop.reference, agency, range_label, tuple(r.label for r in records), lines, tuple(remarks)
    )


def _line(step: Step, records: Sequence[PeriodRecord], unit_names: dict[str, str], late_minutes) -> FormLine:
    late: list[_Late] = []
    returns: list[str] = []
    missing: dict[str, list[str]] = defaultdict(list)
    not_run: list[str] = []
    for record in records:
        tasks = [t for t in record.tasks if t.step_no == step.no]
        if not tasks:
            not_run.append(record.label)
        for task in tasks:
            unit = unit_names.get(task.unit_code, task.unit_code or "")
            if task.status == TaskStatus.MISSING:
                missing[record.label].append(unit)
            elif task.done_at is not None and task.done_at > task.due_at:
                late.append(_Late(record.label, unit, task.round, late_minutes(task.due_at, task.done_at)))
            if task.status == TaskStatus.RETURNED:
                note = f": “{task.note}”" if task.note else ""
                returns.append(f"{record.label} — {unit} (putaran {task.round}){note}")
    notes = _timing_notes(step, records, late, not_run)
    if returns:
        notes.append(f"Dikembalikan {len(returns)} kali: " + "; ".join(returns) + ".")
    if missing:
        notes.append(
            "Ditutup dengan unit tidak masuk: "
            + "; ".join(f"{label} — {', '.join(units)}" for label, units in missing.items())
            + "."
        )
    late_periods = len({line.period for line in late})
    return FormLine(
        step.no,
        step.title,
        not late and not missing and not not_run,
        tuple(notes),
        late_periods,
        len(returns),
        sum(len(u) for u in missing.values()),
    )


def _timing_notes(step: Step, records, late: list[_Late], not_run: list[str]) -> list[str]:
    notes = []
    ran = len(records) - len(not_run)
    if not late and ran:
        scope = " untuk setiap unit" if step.per_unit else ""
        notes.append(
            f"Tepat waktu{scope} di semua periode ({ran} periode; waktu baku {format_working_minutes(step.minutes)})."
        )
    if late:
        by_period: dict[str, list[_Late]] = defaultdict(list)
        for entry in late:
            by_period[entry.period].append(entry)
        parts = [
            f"{period} — " + ", ".join(_late_text(step, e) for e in entries) for period, entries in by_period.items()
        ]
        notes.append(
            f"Terlambat di {len(by_period)} dari {len(records)} periode (waktu baku "
            f"{format_working_minutes(step.minutes)}): " + "; ".join(parts) + "."
        )
    if not_run:
        notes.append("Tidak dijalankan pada: " + ", ".join(not_run) + ".")
    return notes


def _late_text(step: Step, entry: _Late) -> str:
    amount = (
        f"terlambat {format_working_minutes(entry.minutes)}"
        if entry.minutes >= 1
        else "lewat batas waktu (di luar jam kerja)"
    )
    if not step.per_unit:
        return amount
    again = f" (putaran {entry.round})" if entry.round > 1 else ""
    return f"{entry.unit}{again} {amount}"
