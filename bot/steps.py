"""What each kind of step needs before it may be completed, and what completing it sends."""
from __future__ import annotations

from html import escape

from bot import texts
from bot.core import Action
from bot.errors import Refusal
from bot.roles import members_with_role
from bot.sop import Step
from bot.timefmt import format_instant
from storage import queries
from storage.models import Member, Period, Task


def check_can_complete(action: Action, step: Step, task: Task) -> None:
    if step.kind == "isi":
        raise Refusal("Langkah ini selesai sendiri ketika berkas format yang sudah diisi diterima. "
                      "Kirim berkasnya ke obrolan ini (minta format dengan /format).")
    if step.kind == "validasi":
        raise Refusal("Validasi diselesaikan dengan /setujui, atau <code>/kembalikan catatan</code>.")
    if step.kind == "perintah":
        raise Refusal("Perintah pengumpulan dimulai dengan <code>/perintah &lt;periode&gt;</code>.")
    if step.kind == "rapat":
        _check_meeting_started(action, task)


def _check_meeting_started(action: Action, task: Task) -> None:
    period = action.session.get(Period, task.period_id)
    if period.meeting_at is None:
        raise Refusal("Rapat belum dijadwalkan. Jadwalkan dulu, contoh: "
                      + texts.meeting_example(action.core, action.now))
    if period.meeting_at > action.now:
        raise Refusal(f"Rapat baru dimulai {format_instant(period.meeting_at, action.core.tz)}. "
                      "Tandai selesai setelah rapat dimulai.")


def before_complete(action: Action, step: Step, task: Task) -> None:
    from bot import paperwork, recaps  # spreadsheets: formats, unit recap, agency recap
    period = action.session.get(Period, task.period_id)
    if step.kind == "format":
        paperwork.send_formats(action, period)
    elif step.kind == "rekap_unit":
        recaps.send_unit_recap(action, period, task)


def after_complete(action: Action, step: Step, task: Task) -> None:
    """/kirim tells perencanaan that a unit's validated data has arrived (SPEC §8). The agency
    recap is compiled here, once step 9 is marked done, so its Kepatuhan sheet shows step 9
    done and by whom, as /kepatuhan does."""
    if step.kind == "rekap_badan":
        from bot import recaps  # spreadsheets and documents
        recaps.send_agency_recap(action, action.session.get(Period, task.period_id))
        return
    if step.kind != "kirim":
        return
    from bot.texts import unit_name
    period = action.session.get(Period, task.period_id)
    from bot.engine import units_done
    done, units = units_done(action, period, step), len(action.core.org.data_units)
    text = (f"📥 Data kinerja <b>{escape(unit_name(action.core, task.unit_code))}</b> ({escape(period.label)}) "
            f"sudah divalidasi dan dikirim kepada Perencanaan. Masuk: {done} dari {units} unit.")
    for member in members_with_role(action.session, role="perencanaan", unit_code=None,
                                    on=action.now.astimezone(action.core.tz).date()):
        action.tell(member, text)


def on_opened(action: Action, period: Period, step: Step, task: Task) -> None:
    """Hook for step-specific work when a task opens (none needed yet beyond the announcement)."""


def meeting_invitees(action: Action, step: Step) -> list[Member]:
    on = action.now.astimezone(action.core.tz).date()
    found: dict[int, Member] = {}
    for role in step.attendees:  # every holder of the role, whatever their unit
        for member in members_with_role(action.session, role=role, unit_code=None, on=on):
            found[member.id] = member
    for member in queries.active_members(action.session, role="perencanaan"):
        found.setdefault(member.id, member)
    return list(found.values())
