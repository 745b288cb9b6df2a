"""/plt: naming an acting official, a Plh. (the holder is away) or a Plt. (the post is vacant).

Both act on a mandate given by a Surat Perintah (UU 30/2014 Pasal 14; SE BKN 2/SE/VII/2019 and
1/SE/I/2021): validating and sending data is routine work within it. While a Plh. acts, the
holder's tasks, nudges and escalations go to the Plh. instead (bot/roles.members_with_role), and
the holder is told so once, here. docs/DECISIONS.md "Members".
"""

from __future__ import annotations

from datetime import date
from html import escape

from bot.action import Action
from bot.errors import Refusal
from bot.kinds import MANAGERS, UNIT_ROLES, ActingKind, Role
from bot.members import check_post, find_member, is_admin, require_role
from bot.roles import acting_title, post_title, role_name
from bot.timefmt import format_date
from storage import queries
from storage.models import Acting, Member

MEANING = {
    ActingKind.PLH: "pejabatnya berhalangan sementara; pengingat untuknya dialihkan kepada Plh.",
    ActingKind.PLT: "jabatannya kosong",
}


def name_acting(
    action: Action,
    *,
    kind: str,
    username_or_id: str,
    role: str,
    unit_code: str | None,
    start: date,
    end: date,
    sp_number: str,
) -> None:
    """/plt plh|plt @username peran [unit] dari sampai nomor-SP."""
    if not is_admin(action):
        require_role(action, Role.KABAN, Role.SEKRETARIS, *MANAGERS)
    kind = ActingKind(kind)
    if role not in Role.__members__.values() or role == Role.ADMIN:
        raise Refusal(f"Peran '{escape(role)}' tidak dikenal. Pilih salah satu: {', '.join(_POSTS)}.")
    target = find_member(action, username_or_id)
    role, unit_code = check_post(action, role, unit_code)
    _check(action, kind, target, role, unit_code, start, end)
    acting = Acting(
        member_id=target.id, role=role, unit_code=unit_code, start=start, end=end, kind=kind, sp_number=sp_number
    )
    action.save(acting)
    title = acting_title(action.core.org, acting)
    span = f"{format_date(start)} s.d. {format_date(end)}"
    action.event(
        f"{kind}_ditunjuk",
        member=target.id,
        role=role,
        unit=unit_code,
        start=start,
        end=end,
        sp=sp_number,
        jabatan=title,
    )
    sp = f"Surat Perintah Nomor {escape(sp_number)}"
    action.reply(f"{escape(target.full_name)} ditunjuk sebagai <b>{escape(title)}</b> ({span}; {sp}).")
    action.tell(
        target,
        f"Anda ditunjuk sebagai <b>{escape(title)}</b> untuk {span} ({sp}). "
        "Tugas jabatan itu akan dikirim kepada Anda selama masa tersebut.",
    )
    if kind == ActingKind.PLH:
        _tell_holders(action, target, role, unit_code, title, span)


_POSTS = tuple(r.value for r in Role if r is not Role.ADMIN)


def _check(
    action: Action, kind: ActingKind, target: Member, role: str, unit_code: str | None, start: date, end: date
) -> None:
    if end < start:
        raise Refusal("Tanggal selesai harus sesudah tanggal mulai.")
    if target.role == role and (role not in UNIT_ROLES or target.unit_code == unit_code):
        raise Refusal(
            f"{escape(target.full_name)} sendiri pemegang jabatan {escape(post_title(action.core.org, role, unit_code))}; "
            f"{kind.title} adalah orang lain yang menggantikannya."
        )
    for other in queries.overlapping_actings(action.session, role=role, unit_code=unit_code, start=start, end=end):
        raise Refusal(
            f"Sudah ada {escape(acting_title(action.core.org, other))} pada {format_date(other.start)} s.d. "
            f"{format_date(other.end)}. Pilih tanggal yang tidak bertumpuk."
        )


def _tell_holders(action: Action, target: Member, role: str, unit_code: str | None, title: str, span: str) -> None:
    """The holder is away: told once, now, that the Plh. receives their post's tasks and nudges."""
    unit = unit_code if role in UNIT_ROLES else None
    for holder in queries.active_members(action.session, role=role, unit_code=unit):
        action.tell(
            holder,
            f"Selama {span} Anda digantikan oleh <b>{escape(target.full_name)}</b> sebagai {escape(title)}. "
            "Tugas, pengingat dan eskalasi untuk jabatan Anda dikirim kepadanya selama masa itu; "
            "Anda tetap dapat menyelesaikan tugas sendiri.",
        )


__all__ = ["name_acting", "role_name"]
