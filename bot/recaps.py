"""The unit recap (step 6, to the unit's head) and the agency recap (step 9, /rekap)."""

from __future__ import annotations

from html import escape

from bot.action import Action
from bot.compliance import STATUS_LABEL, compliance_lines
from bot.errors import Refusal
from bot.kinds import PeriodStatus, Role
from bot.lookups import pick_period, unit_name
from bot.members import require_member
from bot.periods import Periode
from bot.roles import heads_of, members_with_role
from bot.sheets.chart import chart_png
from bot.sheets.recap import compile_recap
from bot.sheets.result import IntakeResult
from bot.sheets.summary import RecapUnit, summarize
from bot.sheets.types import ComplianceRow, SourceFile
from bot.sheets.unit_recap import unit_recap
from storage import queries
from storage.models import Member, Period, Task

RECIPIENTS = (Role.PERENCANAAN, Role.SEKRETARIS, Role.KABAN)


def accepted_result(action: Action, period: Period, unit_code: str) -> IntakeResult | None:
    submission = queries.accepted_submission(action.session, period_id=period.id, unit_code=unit_code)
    return IntakeResult.from_json(submission.rows) if submission else None


def unit_recap_file(action: Action, period: Period, unit_code: str) -> tuple[str, str, list[str]]:
    result = accepted_result(action, period, unit_code)
    if result is None:
        raise Refusal(
            f"Belum ada berkas diterima dari {escape(unit_name(action.core, unit_code))} untuk {escape(period.label)}."
        )
    data, lines = unit_recap(
        unit_code=unit_code, unit_name=unit_name(action.core, unit_code), periode_label=period.label, result=result
    )
    name = f"Rekap_Unit_{unit_code}_{period.code}.xlsx"
    path = action.core.files.write_generated(f"{period.code}/unit/{name}", data)
    return str(path), name, lines


def send_unit_recap(action: Action, period: Period, task: Task) -> None:
    """Step 6 done: the unit's head receives the recap to validate at step 7."""
    path, name, lines = unit_recap_file(action, period, task.unit_code)
    text = "📊 <b>Rekap unit untuk divalidasi</b>\n" + "\n".join(escape(line) for line in lines)
    for head in heads_of(action.session, action.core.org, task.unit_code, on=action.today):
        action.tell(head, text, document_path=path, document_name=name)


def recap_units(action: Action, period: Period) -> list[RecapUnit]:
    master = action.core.master()
    return [
        RecapUnit(u.code, u.name, accepted_result(action, period, u.code), master.for_unit(u.code))
        for u in action.core.org.data_units
    ]


def agency_recap_file(
    action: Action, period: Period, units: list[RecapUnit] | None = None
) -> tuple[str, str, list[str]]:
    units = units if units is not None else recap_units(action, period)
    data = compile_recap(
        periode_code=period.code,
        periode_label=period.label,
        units=units,
        sources=_sources(action, period),
        compliance=_compliance_rows(action, period),
        tz=action.core.tz,
    )
    name = f"Rekap_Data_Kinerja_BPKAD_{period.code}.xlsx"
    path = action.core.files.write_generated(f"{period.code}/{name}", data)
    missing = [u.unit_name for u in units if u.missing]
    lines = [f"{len(units) - len(missing)} dari {len(units)} unit masuk."]
    if missing:
        lines.append("Tidak masuk: " + ", ".join(missing) + ".")
    return str(path), name, lines


def _sources(action: Action, period: Period) -> list[SourceFile]:
    files = queries.accepted_submissions(action.session, period_id=period.id)
    people = queries.members_by_id(action.session, member_ids=(s.member_id for s in files))
    return [
        SourceFile(
            s.unit_code,
            unit_name(action.core, s.unit_code),
            s.file_name,
            people[s.member_id].full_name if s.member_id in people else str(s.member_id),
            s.received_at,
            s.sha256,
            not s.superseded,
        )
        for s in files
    ]


def _compliance_rows(action: Action, period: Period) -> list[ComplianceRow]:
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


def chart_file(action: Action, period: Period, units: list[RecapUnit]) -> str:
    """A bar chart of capaian per unit, for the chat (the workbook has its own native chart)."""
    data = chart_png([summarize(u) for u in units], title=f"CAPAIAN (%) PER UNIT - {period.code}")
    return str(action.core.files.write_generated(f"{period.code}/capaian_{period.code}.png", data))


def send_agency_recap(action: Action, period: Period) -> None:
    """Step 9 done: perencanaan, the sekretaris and the kaban receive the recap and its chart."""
    units = recap_units(action, period)  # parsed once for the workbook and the chart
    path, name, lines = agency_recap_file(action, period, units)
    chart = chart_file(action, period, units)
    text = (
        f"📚 <b>Rekap data kinerja BPKAD — {escape(period.label)}</b>\n"
        + "\n".join(escape(line) for line in lines)
        + "\nBerkas ini bahan penyusunan Laporan Kinerja."
    )
    recipients: dict[int, Member] = {}
    for role in RECIPIENTS:
        for member in members_with_role(action.session, role=role, unit_code=None, on=action.today):
            recipients[member.id] = member
    for member in recipients.values():
        action.tell(member, text, document_path=path, document_name=name)
        action.tell(member, f"📈 Rata-rata capaian per unit, {escape(period.label)}", photo_path=chart)
    action.event("rekap_badan_dikirim", period_id=period.id, file=name)


def send_recap(action: Action, *, periode: Periode | None, unit: str | None) -> None:
    """/rekap [periode] [unit]: a unit's recap or the agency's, for any period."""
    require_member(action)
    period = pick_period(action, periode)
    if unit:
        path, name, lines = unit_recap_file(action, period, unit)
    else:
        path, name, lines = agency_recap_file(action, period)
    state = "" if period.status == PeriodStatus.CLOSED else "\n<i>Sementara: pengumpulan masih berjalan.</i>"
    action.reply("\n".join(escape(line) for line in lines) + state, document_path=path, document_name=name)
