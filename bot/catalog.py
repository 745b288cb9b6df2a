"""The one table of commands, and what is made from it: handler registration (handlers/),
the per-role command menus and `/bantuan`.

A command is one row: its name, who sees it, how it is typed, what it is for, the core function
it runs and how its arguments are read into plain values (`bot.arguments`). Adding a command is
adding a row (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from html import escape
from typing import Any

from bot import (
    acting,
    admin,
    arguments,
    commands,
    compliance,
    formats,
    master_file,
    members,
    prompts,
    recaps,
    sopview,
    views,
)
from bot.action import Action
from bot.kinds import MANAGERS, SOP_ACTORS, Role
from bot.members import INVITABLE, is_admin
from bot.roles import role_name

GUEST = "guest"  # someone not (yet) registered
MEMBERS = frozenset(Role)  # every registered person, the operator included
ACTORS = frozenset(SOP_ACTORS)
Reader = Callable[[Action, str], dict[str, Any]]


@dataclass(frozen=True)
class Command:
    name: str
    run: Callable[..., None]
    description: str  # the menu's line
    roles: frozenset[str]  # who sees it in their menu and /bantuan (any member may still type it)
    usage: str = ""  # as typed, for /bantuan; "/name" when empty
    read: Reader = arguments.nothing
    help: str = ""  # the /bantuan line; the description when empty
    per_role: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # role -> (usage, help)
    aliases: tuple[str, ...] = ()

    def __call__(self, action: Action, *, text: str) -> None:
        self.run(action, **self.read(action, text))

    def help_line(self, role: str) -> str:
        usage, text = self.per_role.get(role, (self.usage or f"/{self.name}", self.help or self.description))
        shown = f"<code>{escape(usage)}</code>" if " " in usage else usage
        return f"• {shown} — {text}"


def start(action: Action, *, code: str | None) -> None:
    """`/start [kode]`: the invite link's code registers; without one, a greeting."""
    if code:
        members.register(action, code=code)
    elif action.member is None:
        bantuan(action)
    else:
        action.reply(members.welcome_text(action, action.member))


def bantuan(action: Action) -> None:
    member = action.member
    if member is None and not is_admin(action):
        action.reply(
            "👋 Ini Kinerja Bot BPKAD: pengumpulan data kinerja sesuai SOP.\n"
            "Untuk mendaftar, minta kode undangan kepada operator atau Perencanaan, lalu ketik "
            "<code>/daftar KODE</code> (atau buka tautan undangannya).\n"
            f"ID Telegram Anda: <code>{action.sender.telegram_user_id}</code> (operator bot "
            "memerlukannya untuk ADMIN_IDS)."
        )
        return
    role = member.role if member else Role.ADMIN
    lines = [c.help_line(role) for c in COMMANDS if role in c.roles and c.name != "bantuan"]
    lines += EXTRA_HELP.get(role, [])
    action.reply(f"<b>Petunjuk untuk {role_name(role)}</b>\n" + "\n".join(lines) + "\n" + PERIODE_HINT)


def unknown_input(action: Action, *, text: str) -> None:
    """Anything typed that is no command: the answer to a pending question, else a hint instead of silence."""
    if not text.startswith("/") and prompts.answer(action, text):
        return
    if text.startswith("/"):
        action.reply(f"Perintah {escape(text.split()[0])} tidak dikenal. Ketik /bantuan untuk daftar perintah Anda.")
    elif action.member is None and not is_admin(action):
        bantuan(action)
    else:
        action.reply(
            "Maaf, pesan teks tidak diproses. Gunakan perintah seperti /tugas atau /status, "
            "atau kirim berkas format data (xlsx). Petunjuk: /bantuan"
        )


PERIODE_HINT = "Periode boleh ditulis <code>2026-10</code>, <code>Oktober 2026</code>, <code>TW III 2026</code>."
EXTRA_HELP = {Role.PELAKSANA: ["• Kirim berkas xlsx yang sudah diisi ke obrolan ini (langkah 5)"]}
UNIT_HEADS = frozenset({Role.KABID, Role.SEKRETARIS})

COMMANDS: tuple[Command, ...] = (
    Command(
        "perintah",
        commands.perintah,
        "Perintah / disposisi pengumpulan data",
        frozenset({Role.KABAN, Role.SEKRETARIS}),
        read=arguments.order,
        per_role={
            Role.KABAN: ("/perintah Oktober 2026 [catatan]", "perintahkan pengumpulan data (langkah 1)"),
            Role.SEKRETARIS: ("/perintah [catatan]", "teruskan perintah kepada Perencanaan (langkah 2)"),
        },
    ),
    Command("tugas", views.tugas, "Tugas saya dan batas waktunya", ACTORS, help="tugas Anda dan batas waktunya"),
    Command(
        "selesai",
        commands.selesai,
        "Tandai tugas saya selesai",
        frozenset({Role.SEKRETARIS, Role.PERENCANAAN, Role.PELAKSANA}),
        usage="/selesai [catatan]",
        read=arguments.note,
        help="tandai tugas Anda selesai (format data, rekap unit, rekap Badan)",
    ),
    Command(
        "format",
        formats.send_my_format,
        "Minta format data unit saya",
        frozenset({Role.KABID, Role.PELAKSANA}),
        help="format data unit Anda",
    ),
    Command(
        "rapat",
        commands.rapat,
        "Jadwalkan rapat pembahasan format",
        frozenset({Role.PERENCANAAN}),
        usage="/rapat TTTT-BB-HH JJ:MM tempat",
        read=arguments.meeting,
        help="jadwalkan rapat (langkah 4)",
    ),
    Command(
        "setujui",
        commands.setujui,
        "Setujui data unit (validasi)",
        UNIT_HEADS,
        usage="/setujui [unit]",
        read=arguments.unit,
        help="setujui data unit (langkah 7)",
    ),
    Command(
        "kembalikan",
        commands.kembalikan,
        "Kembalikan data unit dengan catatan",
        UNIT_HEADS,
        usage="/kembalikan [unit] catatan",
        read=arguments.unit_and_note,
        help="kembalikan data kepada Jabatan Pelaksana untuk diperbaiki",
    ),
    Command(
        "kirim",
        commands.kirim,
        "Kirim data tervalidasi ke Perencanaan",
        UNIT_HEADS,
        usage="/kirim [unit]",
        read=arguments.unit,
        help="kirim data kepada Perencanaan (langkah 8)",
    ),
    Command(
        "tutup",
        commands.tutup,
        "Tutup pengumpulan yang melewati batas",
        frozenset({Role.PERENCANAAN}),
        help="tandai unit yang melewati batas sebagai tidak masuk",
    ),
    Command(
        "kepatuhan",
        compliance.kepatuhan,
        "Kepatuhan terhadap waktu SOP",
        frozenset({Role.KABAN, Role.SEKRETARIS, Role.PERENCANAAN}),
        usage="/kepatuhan [periode]",
        read=arguments.periode,
        help="kepatuhan waktu terhadap SOP",
    ),
    Command(
        "undang",
        members.create_invite,
        "Buat kode undangan anggota",
        frozenset(MANAGERS),
        usage="/undang peran [unit]",
        read=partial(arguments.role_and_unit, roles=INVITABLE),
        help="kode undangan (peran: " + ", ".join(r for r in INVITABLE if r != Role.ADMIN) + ")",
    ),
    Command("anggota", members.list_members, "Daftar anggota", frozenset(MANAGERS), help="daftar anggota"),
    Command(
        "plt",
        acting.name_acting,
        "Tunjuk Plh. atau Plt.",
        frozenset({Role.ADMIN}),
        usage="/plt plh|plt @username peran [unit] 2026-12-01 2026-12-10 SP 800/123/2026",
        read=arguments.acting,
        help="tunjuk Plh. (pejabat berhalangan) atau Plt. (jabatan kosong), dengan nomor Surat Perintah",
    ),
    Command(
        "libur",
        admin.libur,
        "Tambah/hapus hari cuti bersama",
        frozenset({Role.ADMIN}),
        usage="/libur tambah|hapus 2026-12-24",
        read=arguments.holiday_change,
        help="cuti bersama",
    ),
    Command(
        "indikator",
        master_file.send_master,
        "Unduh / ganti master indikator",
        frozenset(MANAGERS),
        help="unduh master indikator; kirim kembali dengan keterangan /indikator untuk menggantinya",
    ),
    Command(
        "status",
        views.status,
        "Kemajuan pengumpulan data",
        MEMBERS,
        usage="/status [periode]",
        read=arguments.periode,
        help="kemajuan",
    ),
    Command(
        "rekap",
        recaps.send_recap,
        "Rekap data kinerja (xlsx)",
        MEMBERS,
        usage="/rekap [periode] [unit]",
        read=arguments.periode_and_unit,
        help="rekap data (xlsx)",
    ),
    Command(
        "monitoring",
        sopview.monitoring,
        "Formulir monitoring SOP",
        frozenset(sopview.MONITORING_ROLES),
        usage="/monitoring [dari] [sampai]",
        read=arguments.span,
        help="formulir monitoring SOP (bawaan: 6 bulan terakhir)",
    ),
    Command(
        "batal",
        prompts.batal,
        "Batalkan pertanyaan yang menunggu jawaban",
        ACTORS,
        help="batalkan catatan yang sedang diminta bot (mis. setelah tombol ↩️ Kembalikan)",
    ),
    Command("riwayat", views.riwayat, "Periode yang lalu", MEMBERS, help="periode yang lalu"),
    Command("sop", sopview.sop, "Bagan alir SOP yang berlaku", MEMBERS, help="bagan alir SOP yang berlaku"),
    Command(
        "start",
        start,
        "Mulai / daftar dengan kode undangan",
        frozenset({GUEST}),
        usage="/start [kode]",
        read=arguments.invite_code,
    ),
    Command(
        "daftar",
        members.register,
        "Daftar dengan kode undangan",
        frozenset({GUEST}),
        usage="/daftar KODE",
        read=arguments.required_code,
    ),
    Command("bantuan", bantuan, "Petunjuk penggunaan", MEMBERS | {GUEST}, aliases=("help",)),
)
BY_NAME = {name: c for c in COMMANDS for name in (c.name, *c.aliases)}


def menu_for(role: str | None) -> list[tuple[str, str]]:
    """The command menu of a role (setMyCommands); None: someone not registered."""
    who = role or GUEST
    return [(c.name, c.description) for c in COMMANDS if who in c.roles]
