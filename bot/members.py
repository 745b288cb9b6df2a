"""Members: invite codes, registration, roles, the member list (acting officials: bot/acting.py)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from html import escape

from bot.action import Action
from bot.errors import Refusal
from bot.kinds import MANAGERS, UNIT_ROLES, ActingKind, OutboxKind, Role
from bot.roles import acting_title, has_role, role_name
from bot.timefmt import format_date, format_instant, join_words
from storage import queries
from storage.models import Invite, Member

INVITE_DAYS = 7
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_LIMIT = 5
INVITABLE = tuple(Role)


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def is_admin(action: Action) -> bool:
    sender = action.sender
    return sender is not None and sender.telegram_user_id in action.core.settings.admin_ids


def require_member(action: Action) -> Member:
    member = action.member
    if member is None or not member.active:
        raise Refusal(
            "Anda belum terdaftar. Minta kode undangan kepada operator atau Perencanaan, "
            "lalu ketik <code>/daftar KODE</code>."
        )
    return member


def require_role(action: Action, *roles: str) -> Member:
    member = require_member(action)
    if not has_role(action.connection, member, *roles, on=action.today):
        allowed = join_words([role_name(r) for r in roles])
        raise Refusal(f"Perintah ini hanya untuk {allowed}. Peran Anda: {role_name(member.role)}.")
    return member


def ensure_admin_member(action: Action) -> None:
    """Operators named in ADMIN_IDS become members (role admin) on first contact."""
    if action.member is None and is_admin(action):
        _create_member(action, role=Role.ADMIN, unit_code=None)


def create_invite(action: Action, *, role: str, unit_code: str | None) -> None:
    if not is_admin(action):
        require_role(action, *MANAGERS)
    role, unit_code = check_post(action, role, unit_code)
    code = secrets.token_urlsafe(9)
    invite = Invite(
        code_hash=hash_code(code),
        role=role,
        unit_code=unit_code,
        created_by=action.member.id if action.member else None,
        created_at=action.now,
        expires_at=action.now + timedelta(days=INVITE_DAYS),
    )
    action.save(invite)
    action.event("undangan_dibuat", role=role, unit=unit_code)
    link = f"https://t.me/{action.core.bot_username}?start={code}"
    who = role_name(role) + (f" — {escape(action.core.org.unit(unit_code).name)}" if unit_code else "")
    action.reply(
        f"Kode undangan untuk <b>{who}</b>:\n<code>{code}</code>\n\n"
        f"Tautan: {link}\n\nBerlaku sekali pakai sampai "
        f"{format_instant(invite.expires_at, action.core.tz)}. Teruskan tautan ini kepada yang bersangkutan."
    )


def check_post(action: Action, role: str, unit_code: str | None) -> tuple[str, str | None]:
    org = action.core.org
    role = role.lower()
    if role not in INVITABLE:
        raise Refusal(
            f"Peran '{escape(role)}' tidak dikenal. Pilih salah satu: {', '.join(INVITABLE)}.\n"
            "Contoh: <code>/undang kabid anggaran</code>"
        )
    if role == Role.ADMIN and not is_admin(action):
        raise Refusal("Hanya operator (ADMIN_IDS) yang dapat mengundang operator lain.")
    if role not in UNIT_ROLES:
        if unit_code:
            raise Refusal(f"Peran {role_name(role)} tidak memakai unit. Contoh: <code>/undang {role}</code>")
        return role, None
    codes = ", ".join(u.code for u in org.units)
    if not unit_code:
        raise Refusal(f"Sebutkan unitnya. Contoh: <code>/undang {role} anggaran</code>\nUnit: {codes}")
    unit = org.unit(unit_code.lower())
    if unit is None:
        raise Refusal(f"Unit '{escape(unit_code)}' tidak dikenal. Unit: {codes}")
    return role, unit.code


def register(action: Action, *, code: str) -> None:
    sender = action.sender
    since = action.now - THROTTLE_WINDOW
    if (
        queries.recent_failed_codes(action.session, telegram_user_id=sender.telegram_user_id, since=since)
        >= THROTTLE_LIMIT
    ):
        raise Refusal("Terlalu banyak kode yang salah. Tunggu 15 menit, lalu coba lagi dengan kode yang benar.")
    invite = queries.invite_by_hash(action.session, code_hash=hash_code(code))
    problem = _invite_problem(action, invite)
    if problem:
        queries.add_failed_code(action.session, telegram_user_id=sender.telegram_user_id, at=action.now)
        action.reply(problem)
        return
    member = _assign(action, invite.role, invite.unit_code)
    invite.used_by, invite.used_at = member.id, action.now
    action.reply(welcome_text(action, member))


def _invite_problem(action: Action, invite: Invite | None) -> str | None:
    if invite is None:
        return "Kode undangan tidak dikenal. Periksa kembali kodenya (huruf besar/kecil berpengaruh)."
    if invite.used_at is not None:
        return "Kode undangan ini sudah dipakai. Minta kode baru kepada operator atau Perencanaan."
    if invite.expires_at <= action.now:
        return "Kode undangan ini sudah kedaluwarsa. Minta kode baru kepada operator atau Perencanaan."
    return None


def _assign(action: Action, role: str, unit_code: str | None) -> Member:
    if action.member is None:
        return _create_member(action, role=role, unit_code=unit_code)
    member = _changing_sender(action)
    old = (member.role, member.unit_code)
    member.role, member.unit_code, member.active, member.blocked = role, unit_code, True, False
    member.chat_id = action.sender.chat_id
    action.event("peran_diubah", old_role=old[0], old_unit=old[1], role=role, unit=unit_code)
    set_menu(action, member)
    return member


def _create_member(action: Action, *, role: str, unit_code: str | None) -> Member:
    sender = action.sender
    member = Member(
        telegram_user_id=sender.telegram_user_id,
        chat_id=sender.chat_id,
        full_name=sender.full_name,
        username=sender.username,
        role=role,
        unit_code=unit_code,
        registered_at=action.now,
    )
    action.save(member)
    action.adopt_member(member)
    action.event("anggota_terdaftar", role=role, unit=unit_code)
    set_menu(action, member)
    return member


def set_menu(action: Action, member: Member) -> None:
    """The person's command menu becomes their role's; the Telegram side renders it from the command table."""
    queries.add_outbox(
        action.session,
        chat_id=member.chat_id,
        member_id=member.id,
        at=action.now,
        text=member.role,
        kind=OutboxKind.COMMANDS,
    )


def welcome_text(action: Action, member: Member) -> str:
    unit = action.core.org.unit(member.unit_code) if member.unit_code else None
    where = f" pada <b>{escape(unit.name)}</b>" if unit and member.role in UNIT_ROLES else ""
    return (
        f"Selamat datang, {escape(member.full_name)}! Anda terdaftar sebagai "
        f"<b>{role_name(member.role)}</b>{where}.\n\n"
        "Ketik /tugas untuk melihat tugas Anda, atau /bantuan untuk petunjuk."
    )


def list_members(action: Action) -> None:
    if not is_admin(action):
        require_role(action, *MANAGERS)
    members = queries.active_members(action.session)
    if not members:
        action.reply("Belum ada anggota terdaftar. Buat undangan dengan <code>/undang peran [unit]</code>.")
        return
    posts, covered = acting_notes(action)
    lines = [f"<b>Anggota ({len(members)})</b>"]
    for member in members:
        unit = action.core.org.unit(member.unit_code) if member.unit_code else None
        extra = f" — {escape(unit.name)}" if unit else ""
        away = covered.get((member.role, member.unit_code if member.role in UNIT_ROLES else None))
        extra += "".join(f"; {escape(note)}" for note in [*posts.get(member.id, []), *([away] if away else [])])
        flag = " ⚠️ memblokir bot" if member.blocked else ""
        lines.append(f"• {escape(member.full_name)}: {role_name(member.role)}{extra}{flag}")
    action.reply("\n".join(lines))


def acting_notes(action: Action) -> tuple[dict[int, list[str]], dict[tuple[str, str | None], str]]:
    """For /anggota: each member's acting posts today, and each covered post's "digantikan Plh. ..." note."""
    org = action.core.org
    posts: dict[int, list[str]] = {}
    covered: dict[tuple[str, str | None], str] = {}
    for acting, member in queries.actings_on(action.session, on=action.today):
        until = f"s.d. {format_date(acting.end)}"
        sp = f", SP {acting.sp_number}" if acting.sp_number else ""
        posts.setdefault(member.id, []).append(f"{acting_title(org, acting)} ({until}{sp})")
        if acting.kind == ActingKind.PLH:
            covered[(acting.role, acting.unit_code)] = f"digantikan Plh. {member.full_name} {until}"
    return posts, covered


def find_member(action: Action, username_or_id: str) -> Member:
    needle = username_or_id.lstrip("@").lower()
    for member in queries.active_members(action.session):
        if str(member.telegram_user_id) == needle or (member.username or "").lower() == needle:
            return member
    raise Refusal(
        f"Anggota '{escape(username_or_id)}' tidak ditemukan. Pakai @username atau id Telegram dari /anggota."
    )


def chat_status_changed(action: Action, *, blocked: bool) -> None:
    """Telegram's my_chat_member update: the person blocked (or unblocked) the bot."""
    member = action.member
    if member is None:
        return
    if blocked:
        mark_blocked(action, chat_id=member.chat_id)
    elif member.blocked:
        _changing_sender(action).blocked = False
        action.event("bot_dibuka_lagi", member=member.id)


def mark_blocked(action: Action, *, chat_id: int) -> None:
    """Telegram says this chat blocked the bot: record it and tell the operators."""
    for member in queries.active_members(action.session):
        if member.chat_id == chat_id and not member.blocked:
            member.blocked = True
            action.event("bot_diblokir", member=member.id)
            for admin in queries.admins(action.session):
                if admin.id != member.id:
                    action.tell(
                        admin,
                        f"⚠️ {escape(member.full_name)} ({role_name(member.role)}) memblokir bot; "
                        "pesan untuknya tidak dapat dikirim. Mohon hubungi yang bersangkutan.",
                    )


def touch(action: Action) -> None:
    """On every message: operators become members, and someone who writes has unblocked the bot."""
    ensure_admin_member(action)
    member = action.member
    if member is not None and member.blocked:
        _changing_sender(action).blocked = False
        action.event("bot_dibuka_lagi", member=member.id)


def _changing_sender(action: Action) -> Member:
    """The sender's entity, to change: from now on the action reads the sender from it."""
    member = action.entity(action.member)
    action.adopt_member(member)
    return member
