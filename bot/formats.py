"""The data formats out: every unit's at step 3, and `/format` again on request.

Building runs in the worker thread the whole action runs in, never on the event loop.
"""

from __future__ import annotations

from html import escape

from bot.action import Action
from bot.errors import Refusal
from bot.kinds import UNIT_ROLES, Role
from bot.lookups import require_open_period, unit_name
from bot.members import require_member
from bot.roles import heads_of, members_with_role, role_name
from storage.models import Member, Period

FILL_IN = "Isi kolom <b>Realisasi</b> dan <b>Keterangan</b>, lalu kirim berkasnya ke obrolan ini."
# The heads check (step 7); the pelaksana fill in and upload (steps 5 and 6).
FOR_HEADS = (
    "Untuk Anda ketahui: Jabatan Pelaksana unit Anda mengisi dan mengirim format ini; Anda memeriksa "
    "dan memvalidasi rekapnya nanti (/setujui atau /kembalikan)."
)


def format_file(action: Action, period: Period, unit_code: str) -> tuple[str, str]:
    """Build (and keep) the unit's data format; returns (stored path, file name)."""
    unit = action.core.org.unit(unit_code)
    # imported here: loads openpyxl, which the idle bot does without
    from bot.sheets.template import build_template

    data = build_template(
        unit_code=unit_code,
        unit_name=unit.name,
        periode_code=period.code,
        periode_label=period.label,
        indicators=action.core.master().for_unit(unit_code),
        agency=action.core.org.short_name,
    )
    name = f"Format_Data_Kinerja_{unit_code}_{period.code}.xlsx"
    path = action.core.files.write_generated(f"{period.code}/format/{name}", data)
    return str(path), name


def send_formats(action: Action, period: Period) -> None:
    """Step 3 done: every data unit's head and pelaksana receive their format."""
    on = action.today
    for unit in action.core.org.data_units:
        path, name = format_file(action, period, unit.code)
        heads = heads_of(action.session, action.core.org, unit.code, on=on)
        staff = members_with_role(action.session, role=Role.PELAKSANA, unit_code=unit.code, on=on)
        title = f"📄 Format data kinerja <b>{escape(unit.name)}</b>, periode <b>{escape(period.label)}</b>.\n"
        for member in {m.id: m for m in staff}.values():
            action.tell(member, title + FILL_IN, document_path=path, document_name=name)
        for member in {m.id: m for m in heads if m.id not in {s.id for s in staff}}.values():
            action.tell(member, title + FOR_HEADS, document_path=path, document_name=name)


def member_unit(action: Action, member: Member) -> str | None:
    if member.unit_code and action.core.org.unit(member.unit_code) and member.role in UNIT_ROLES:
        return member.unit_code
    led = action.core.org.unit_led_by(member.role)
    return led.code if led and led.reports_data else None


def send_my_format(action: Action) -> None:
    member = require_member(action)
    unit_code = member_unit(action, member)
    if unit_code is None:
        raise Refusal(
            "Format data dikirim kepada Kepala Bidang dan Jabatan Pelaksana unit. "
            f"Peran Anda ({role_name(member.role)}) tidak mengisi format."
        )
    period = require_open_period(action)
    path, name = format_file(action, period, unit_code)
    action.reply(
        f"📄 Format data <b>{escape(unit_name(action.core, unit_code))}</b>, periode <b>{escape(period.label)}</b>.",
        document_path=path,
        document_name=name,
    )
