"""The unit recap (step 6, to the unit's head) and the agency recap (step 9, /rekap): each a
workbook, a report document (.docx) and a chart, built in the worker thread the action runs in."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bot.action import Action
from bot.compliance import compliance_rows
from bot.errors import Refusal
from bot.kinds import PeriodStatus, Role, TaskStatus
from bot.lookups import pick_period, unit_name
from bot.members import require_member
from bot.periods import Periode
from bot.roles import heads_of, members_with_role, signer, task_role
from bot.sheets.result import IntakeResult
from bot.sheets.totals import RecapUnit, agency_totals, summarize
from bot.sheets.types import ComplianceRow, Letterhead, SourceFile
from bot.timefmt import format_date, format_number, join_words
from storage import queries
from storage.models import Member, Period, Task

if TYPE_CHECKING:
    from bot.sheets.bundle import RecapFiles

RECIPIENTS = (Role.PERENCANAAN, Role.SEKRETARIS, Role.KABAN)
DOCX_CAPTION = "📝 Laporan capaian kinerja (Word), siap disalin ke Laporan Kinerja."


def letterhead(action: Action, period: Period, unit_code: str | None = None) -> Letterhead:
    """The agency and the signer: the kaban for the agency recap, the unit's head for a unit's."""
    org = action.core.org
    signed_on = format_date(action.today)
    if unit_code is None:
        title, person, acting = signer(action.session, org, Role.KABAN, None, on=action.today)
        return Letterhead(
            org.name,
            org.short_name,
            period.label,
            place=org.place,
            signed_on=signed_on,
            signer_title=title,
            signer_name=person.full_name if acting else org.head_name,  # a Plh./Plt. signs in their own name
            signer_nip="" if acting else org.head_nip,
        )
    role, unit = task_role(org, Role.KABID, unit_code)
    title, person, _ = signer(action.session, org, role, unit, on=action.today)
    return Letterhead(
        org.name,
        org.short_name,
        period.label,
        place=org.place,
        signed_on=signed_on,
        signer_title=title,
        signer_name=person.full_name if person else "",
    )


def accepted_result(action: Action, period: Period, unit_code: str) -> IntakeResult | None:
    submission = queries.accepted_submission(action.session, period_id=period.id, unit_code=unit_code)
    return IntakeResult.from_json(submission.rows) if submission else None


def unit_recap_file(action: Action, period: Period, unit_code: str) -> tuple[dict[str, str], str, list[str]]:
    """({kind: stored path} for xlsx, docx and png; the workbook's name; summary lines)."""
    result = accepted_result(action, period, unit_code)
    if result is None:
        raise Refusal(
            f"Belum ada berkas diterima dari {escape(unit_name(action.core, unit_code))} untuk {escape(period.label)}."
        )
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.bundle import unit_recap_files

    files = unit_recap_files(
        unit_code=unit_code,
        unit_name=unit_name(action.core, unit_code),
        head=letterhead(action, period, unit_code),
        result=result,
    )
    stem = f"Rekap_Unit_{unit_code}_{period.code}"
    return _store(action, f"{period.code}/unit/{stem}", files), f"{stem}.xlsx", list(files.lines)


def _store(action: Action, stem: str, files: RecapFiles) -> dict[str, str]:
    store = action.core.files
    return {
        "xlsx": str(store.write_generated(f"{stem}.xlsx", files.workbook)),
        "docx": str(store.write_generated(f"{stem}.docx", files.report)),
        "png": str(store.write_generated(f"{stem}.png", files.chart)),
    }


def send_unit_recap(action: Action, period: Period, task: Task) -> None:
    """Step 6 done: the unit's head receives the recap to validate at step 7, with its chart."""
    paths, name, lines = unit_recap_file(action, period, task.unit_code)
    text = "📊 <b>Rekap unit untuk divalidasi</b>\n" + "\n".join(escape(line) for line in lines)
    caption = f"📈 Capaian per indikator, {escape(unit_name(action.core, task.unit_code))}, {escape(period.label)}"
    for head in heads_of(action.session, action.core.org, task.unit_code, on=action.today):
        action.tell(head, text, document_path=paths["xlsx"], document_name=name)
        action.tell(head, caption, photo_path=paths["png"])


def recap_units(action: Action, period: Period) -> list[RecapUnit]:
    master = action.core.master()
    return [
        RecapUnit(u.code, u.name, accepted_result(action, period, u.code), master.for_unit(u.code))
        for u in action.core.org.data_units
    ]


def agency_recap_file(
    action: Action, period: Period, units: list[RecapUnit] | None = None
) -> tuple[dict[str, str], str, list[str]]:
    """({kind: stored path}; the workbook's name; summary lines). Units are parsed once for all files."""
    units = units if units is not None else recap_units(action, period)
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.bundle import agency_recap_files

    files = agency_recap_files(
        periode_code=period.code,
        head=letterhead(action, period),
        units=units,
        sources=_sources(action, period),
        compliance=_compliance_rows(action, period),
        tz=action.core.tz,
    )
    stem = f"Rekap_Data_Kinerja_{_file_word(action.core.org.short_name)}_{period.code}"
    return _store(action, f"{period.code}/{stem}", files), f"{stem}.xlsx", headline(action, period, units)


def headline(action: Action, period: Period, units: list[RecapUnit]) -> list[str]:
    """What the kaban reads first: how many units came in, the agency's average and category, the
    weakest unit, and who did not send (yet: a unit still within its time has "belum masuk")."""
    totals, out = agency_totals(units), [u for u in units if u.missing]
    lines = [f"{len(units) - len(out)} dari {len(units)} unit masuk."]
    if totals.average is not None:
        lines.append(f"Rata-rata capaian Badan: {format_number(totals.average)}% ({totals.category or '-'}).")
    scored = [s for s in map(summarize, units) if s.average is not None]
    if len(scored) > 1:
        weakest = min(scored, key=lambda s: s.average)
        lines.append(f"Capaian terendah: {weakest.unit_name} ({format_number(weakest.average)}%).")
    marked = _marked_missing(action, period)
    gone = [u.unit_name for u in out if u.unit_code in marked or period.status == PeriodStatus.CLOSED]
    waiting = [u.unit_name for u in out if u.unit_name not in gone]
    if gone:
        lines.append("Tidak masuk: " + join_words(gone, "dan") + ".")
    if waiting:
        lines.append("Belum masuk: " + join_words(waiting, "dan") + ".")
    return lines


def _marked_missing(action: Action, period: Period) -> set[str]:
    tasks = queries.tasks_of_period(action.connection, period_id=period.id)
    return {t.unit_code for t in tasks if t.unit_code and t.status == TaskStatus.MISSING}


def _file_word(name: str) -> str:
    """'BPKAD Kabupaten Way Kanan' -> 'BPKAD': the first word, safe in a file name."""
    word = (name.split() or ["BPKAD"])[0]
    return "".join(c for c in word if c.isalnum() or c in "-_") or "BPKAD"


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
    return compliance_rows(action, period)


def send_agency_recap(action: Action, period: Period) -> None:
    """Step 9 done: perencanaan, the sekretaris and the kaban receive the workbook, the report
    document and the chart."""
    paths, name, lines = agency_recap_file(action, period)
    org = action.core.org
    text = (
        f"📚 <b>Rekap data kinerja {escape(org.short_name)} — {escape(period.label)}</b>\n"
        + "\n".join(escape(line) for line in lines)
        + "\nBerkas ini bahan penyusunan Laporan Kinerja."
    )
    recipients: dict[int, Member] = {}
    for role in RECIPIENTS:
        for member in members_with_role(action.session, role=role, unit_code=None, on=action.today):
            recipients[member.id] = member
    for member in recipients.values():
        action.tell(member, text, document_path=paths["xlsx"], document_name=name)
        action.tell(member, DOCX_CAPTION, document_path=paths["docx"], document_name=_docx(name))
        action.tell(member, f"📈 Rata-rata capaian per unit, {escape(period.label)}", photo_path=paths["png"])
    action.event("rekap_badan_dikirim", period_id=period.id, file=name)


def _docx(workbook_name: str) -> str:
    return workbook_name.removesuffix(".xlsx").replace("Rekap_", "Laporan_", 1) + ".docx"


def send_recap(action: Action, *, periode: Periode | None, unit: str | None) -> None:
    """/rekap [periode] [unit]: a unit's recap or the agency's, for any period: workbook and report."""
    require_member(action)
    period = pick_period(action, periode)
    if unit:
        paths, name, lines = unit_recap_file(action, period, unit)
    else:
        paths, name, lines = agency_recap_file(action, period)
    state = "" if period.status == PeriodStatus.CLOSED else "\n<i>Sementara: pengumpulan masih berjalan.</i>"
    action.reply("\n".join(escape(line) for line in lines) + state, document_path=paths["xlsx"], document_name=name)
    action.reply(DOCX_CAPTION, document_path=paths["docx"], document_name=_docx(name))
