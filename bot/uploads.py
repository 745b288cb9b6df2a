"""Spreadsheets coming in: a pelaksana's filled format (step 5, superseding until step 6) and an
operator's indicator master (a file sent with the caption `/indikator`).

Parsing runs in the worker thread the whole action runs in, never on the event loop.
"""

from __future__ import annotations

import json
from html import escape

from bot import engine
from bot.action import Action
from bot.errors import Refusal
from bot.filestore import sha256_hex
from bot.formats import member_unit
from bot.kinds import MANAGERS, Completion
from bot.lookups import my_tasks_of_kind, unit_name
from bot.members import is_admin, require_member, require_role
from bot.roles import role_name
from bot.sheets.result import IntakeResult, diff
from bot.sheets.trend import needed_codes
from bot.sheets.types import MasterError
from bot.step_kinds import UPLOAD_KINDS, behaviour
from storage import queries
from storage.models import Member, Period, Submission, Task

# --- uploads -------------------------------------------------------------------


def receive_document(action: Action, *, data: bytes | None, file_name: str, size: int, caption: str) -> None:
    if caption.lower().startswith("/indikator"):
        replace_master(action, data=data, file_name=file_name)
        return
    member = require_member(action)
    period, task, unit_code = _upload_target(action, member, file_name)
    if data is None:
        raise Refusal(
            f"{_refused(file_name)}\nBerkasnya terlalu besar ({size // (1024 * 1024)} MB). Telegram hanya "
            "mengizinkan bot mengunduh sampai 20 MB; format data biasanya di bawah 1 MB."
        )
    _take_upload(action, member, period, task, unit_code, data, file_name)


def _refused(file_name: str) -> str:
    """Every refused upload says so first (SPEC §8: `ditolak`), then why."""
    return f"❌ Berkas <b>{escape(file_name)}</b> ditolak."


def _upload_target(action: Action, member: Member, file_name: str) -> tuple[Period, Task, str]:
    period = queries.open_period(action.connection)
    if period is None:
        raise Refusal(f"{_refused(file_name)}\nTidak ada pengumpulan data yang sedang berjalan. Lihat /riwayat.")
    tasks = my_tasks_of_kind(action, member, *UPLOAD_KINDS)
    if not tasks:
        raise Refusal(f"{_refused(file_name)}\n{_why_not_now(action, member, period)}")
    task = min(tasks, key=lambda t: t.step_no)
    return period, task, task.unit_code


def _why_not_now(action: Action, member: Member, period: Period) -> str:
    unit_code = member_unit(action, member)
    if unit_code is None:
        return (
            f"Berkas data kinerja dikirim oleh Jabatan Pelaksana unit. Peran Anda "
            f"({role_name(member.role)}) tidak mengunggah data."
        )
    waiting = queries.open_tasks(action.session, period_id=period.id, unit_code=unit_code)
    if not waiting:
        return "Unit Anda belum waktunya (atau sudah selesai) mengirim data. Lihat /status."
    step = action.core.sop.step(waiting[0].step_no)
    if behaviour(step).takes_uploads:
        return (
            f"Berkas data {escape(unit_name(action.core, unit_code))} diisi dan dikirim oleh "
            f"{role_name(waiting[0].role)} unit. Teruskan berkas ini kepada mereka untuk dikirim ke bot."
        )
    return (
        f"Data unit Anda sekarang pada langkah {step.no} ({escape(step.title)}), jadi berkas baru tidak "
        "diterima. Bila ada perbaikan, minta Kepala Bidang mengembalikan data dengan /kembalikan."
    )


def _take_upload(
    action: Action, member: Member, period: Period, task: Task, unit_code: str, data: bytes, file_name: str
) -> None:
    digest = sha256_hex(data)
    current = queries.accepted_submission(action.session, period_id=period.id, unit_code=unit_code)
    if current is not None and current.sha256 == digest and current.round == task.round:
        action.reply(
            f"Berkas ini sama persis dengan yang sudah diterima ({escape(current.file_name)}); tidak ada yang berubah."
        )
        return
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.intake import check_upload

    result = check_upload(
        data,
        file_name=file_name,
        unit_code=unit_code,
        periode_code=period.code,
        indicators=action.core.master().for_unit(unit_code),
        scale=action.core.scale,
        history=unit_history(action, period, unit_code),
    )
    path = action.core.files.keep_upload(
        data, periode_code=period.code, unit_code=unit_code, file_name=file_name, received_at=action.now
    )
    submission = Submission(
        period_id=period.id,
        unit_code=unit_code,
        member_id=member.id,
        file_name=file_name,
        sha256=digest,
        size=len(data),
        stored_path=str(path),
        received_at=action.now,
        accepted=result.accepted,
        round=task.round,
        problems=_problems_json(result),
        rows=result.to_json(),
    )
    if result.accepted:
        queries.supersede_submissions(action.session, period_id=period.id, unit_code=unit_code)
    action.save(submission)
    action.event(
        "berkas_diterima" if result.accepted else "berkas_ditolak",
        period_id=period.id,
        task_id=task.id,
        unit=unit_code,
        file=file_name,
        sha256=digest,
    )
    action.reply(_upload_reply(result, file_name, current))
    if result.accepted and Completion.UPLOAD in behaviour(action.core.sop.step(task.step_no)).completed_by:
        engine.complete_task(action, task, member, f"berkas {file_name}", completion=Completion.UPLOAD)


def unit_history(action: Action, period: Period, unit_code: str) -> dict[str, tuple]:
    """The unit's accepted rows of the periods its trend reads (the previous one, the year so far)."""
    found = queries.accepted_by_periode(action.session, unit_code=unit_code, codes=needed_codes(period.code))
    return {code: IntakeResult.from_json(s.rows).rows for code, s in found.items()}


def _problems_json(result: IntakeResult) -> str:
    return json.dumps([str(p) for p in result.problems], ensure_ascii=False)


def _upload_reply(result: IntakeResult, file_name: str, previous: Submission | None) -> str:
    first, *rest = [escape(line) for line in result.summary_lines]
    mark = "✅" if result.accepted else "❌"
    lines = [f"{mark} <b>{escape(file_name)}</b>\n{first}", *rest]
    if not result.accepted:
        lines.append("\nTidak ada data yang diubah. Perbaiki lalu kirim lagi berkasnya.")
    elif previous is not None:
        changes = diff(IntakeResult.from_json(previous.rows), result)
        lines += (
            ["", "<b>Perubahan dibanding versi sebelumnya:</b>", *(f"• {escape(c)}" for c in changes)]
            if changes
            else ["", "Isian sama dengan versi sebelumnya."]
        )
    return "\n".join(lines)


# --- the master ----------------------------------------------------------------


def replace_master(action: Action, *, data: bytes | None, file_name: str) -> None:
    if not is_admin(action):
        require_role(action, *MANAGERS)
    if data is None:
        raise Refusal(f"{_refused(file_name)}\nBerkasnya terlalu besar (lebih dari 20 MB). Master lama tetap dipakai.")
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.indicators import load_master

    try:
        master = load_master(data, file_name=file_name, known_units=tuple(u.code for u in action.core.org.data_units))
    except MasterError as exc:
        raise Refusal("❌ " + escape(str(exc)) + "\n\nMaster lama tetap dipakai.") from None
    action.core.install_master(data, file_name, master)
    action.event("master_indikator_diganti", file=file_name, sha256=sha256_hex(data), indicators=len(master.indicators))
    action.reply(
        f"✅ Master indikator diganti: {len(master.indicators)} indikator untuk "
        f"{len(master.units)} unit. Format yang dibuat sesudah ini memakainya."
    )


def not_a_document(action: Action) -> None:
    require_member(action)
    action.reply(
        "Foto, stiker, video atau suara tidak dapat diperiksa. Kirim format data sebagai "
        "<b>berkas</b> (📎 → File/Dokumen), dalam bentuk .xlsx."
    )
