"""Read-only answers: /tugas, /status, /riwayat, /bantuan."""
from __future__ import annotations

from html import escape

from bot import engine
from bot.core import Action
from bot.errors import Refusal
from bot.members import is_admin, require_member
from bot.periods import PeriodeError, parse_period
from bot.roles import role_name
from bot.texts import HOW_TO, unit_name
from bot.timefmt import format_instant, format_working_minutes
from storage import queries
from storage.models import Period, Task

STATUS_ICON = {"done": "✅", "returned": "↩️", "missing": "❌"}


def time_left(action: Action, task: Task) -> str:
    """Working time left, or how late: late means the deadline has come (as engine.overdue says)."""
    calendar = action.core.calendar
    if task.due_at > action.now:
        return f"sisa {format_working_minutes(calendar.minutes_between(action.now, task.due_at))}"
    late = calendar.minutes_between(task.due_at, action.now)
    # After 16:00 a task due at 16:00 is late by 0 working minutes: say it is late, not "0 menit".
    return f"⚠️ <b>terlambat {format_working_minutes(late)}</b>" if late >= 1 else "⚠️ <b>batas waktu sudah lewat</b>"


def tugas(action: Action) -> None:
    member = require_member(action)
    tasks = engine.my_open_tasks(action, member)
    if not tasks:
        action.reply("Tidak ada tugas terbuka untuk Anda saat ini. 👍\nKemajuan pengumpulan: /status")
        return
    lines = [f"<b>Tugas Anda ({len(tasks)})</b>"]
    for task in tasks:
        step = action.core.sop.step(task.step_no)
        unit = f" · {escape(unit_name(action.core, task.unit_code))}" if task.unit_code else ""
        lines += [f"\n<b>Langkah {step.no}</b>{unit}: {escape(step.title)}",
                  f"⏰ {format_instant(task.due_at, action.core.tz)} — {time_left(action, task)}",
                  HOW_TO[step.kind]]
    action.reply("\n".join(lines))


def pick_period(action: Action, text: str) -> Period:
    """The period a command names; none named means the open one, else the latest."""
    if text.strip():
        try:
            periode = parse_period(text)
        except PeriodeError as exc:
            raise Refusal(escape(str(exc))) from None
        period = queries.period_by_code(action.session, code=periode.code)
        if period is None:
            raise Refusal(f"Belum ada pengumpulan data untuk {periode.label}. Lihat /riwayat.")
        return period
    period = queries.open_period(action.session) or queries.latest_period(action.session)
    if period is None:
        raise Refusal("Belum ada pengumpulan data. Kepala Badan memulainya dengan "
                      "<code>/perintah Oktober 2026</code> (contoh).")
    return period


def status(action: Action, *, args: str = "") -> None:
    require_member(action)
    period = pick_period(action, args)
    tasks = queries.tasks_of_period(action.session, period_id=period.id)
    state = "berjalan" if period.status == "open" else f"selesai {format_instant(period.closed_at, action.core.tz)}"
    lines = [f"📊 <b>Status {escape(period.label)}</b> ({state})"]
    for step in action.core.sop.steps:
        step_tasks = [t for t in tasks if t.step_no == step.no]
        if step.per_unit:
            lines.append(f"\n<b>{step.no}.</b> {escape(step.title)}" + ("" if step_tasks else " — belum dimulai"))
            lines += [_unit_line(action, t) for t in _latest_per_unit(step_tasks)]
        else:
            lines.append(_step_line(action, step, step_tasks[-1] if step_tasks else None))
    action.reply("\n".join(lines))


def _latest_per_unit(tasks: list[Task]) -> list[Task]:
    latest: dict[str, Task] = {}
    for task in tasks:
        latest[task.unit_code] = task
    return list(latest.values())


def _step_line(action: Action, step, task: Task | None) -> str:
    head = f"<b>{step.no}.</b> {escape(step.title)}"
    if task is None:
        return f"{head} — belum dimulai"
    return f"{head} — {_task_state(action, task)}"


def _unit_line(action: Action, task: Task) -> str:
    return f"   • {escape(unit_name(action.core, task.unit_code))}: {_task_state(action, task)}"


def _task_state(action: Action, task: Task) -> str:
    if task.status == "open":
        return time_left(action, task) if engine.overdue(task, action.now) else f"⏳ {time_left(action, task)}"
    icon = STATUS_ICON.get(task.status, "")
    when = format_instant(task.done_at, action.core.tz) if task.done_at else ""
    return f"{icon} {when}"


def riwayat(action: Action) -> None:
    require_member(action)
    periods = queries.periods(action.session)
    if not periods:
        action.reply("Belum ada periode pengumpulan data.")
        return
    lines = ["<b>Riwayat pengumpulan data</b>"]
    for period in periods:
        state = "berjalan" if period.status == "open" else f"selesai {format_instant(period.closed_at, action.core.tz)}"
        lines.append(f"• <b>{escape(period.label)}</b> (<code>{period.code}</code>): dibuka "
                     f"{format_instant(period.opened_at, action.core.tz)}, {state}")
    lines.append("\nRekap: <code>/rekap 2026-10</code> · Kepatuhan: <code>/kepatuhan 2026-10</code>")
    action.reply("\n".join(lines))


HELP_BY_ROLE = {
    "kaban": "• <code>/perintah Oktober 2026 [catatan]</code> — perintahkan pengumpulan data (langkah 1)\n"
             "• /kepatuhan — kepatuhan waktu terhadap SOP",
    "sekretaris": "• <code>/perintah [catatan]</code> — teruskan perintah kepada Perencanaan (langkah 2)\n"
                  "• /setujui, <code>/kembalikan catatan</code>, /kirim — validasi data Sekretariat\n"
                  "• /kepatuhan — kepatuhan waktu terhadap SOP",
    "perencanaan": "• /selesai — kirim format data (langkah 3)\n"
                   "• <code>/rapat TTTT-BB-HH JJ:MM tempat</code> — jadwalkan rapat (langkah 4)\n"
                   "• /tutup — tandai unit yang melewati batas sebagai tidak masuk\n"
                   "• <code>/undang kabid anggaran</code>, /anggota — kelola anggota",
    "umum": "• /status — pantau kemajuan pengumpulan data",
    "kabid": "• /format — format data unit Anda\n"
             "• /setujui atau <code>/kembalikan catatan</code> — validasi data unit (langkah 7)\n"
             "• /kirim — kirim data kepada Perencanaan (langkah 8)",
    "pelaksana": "• /format — minta format data unit Anda\n"
                 "• Kirim berkas xlsx yang sudah diisi ke obrolan ini (langkah 5)\n"
                 "• /selesai — rekap unit selesai, kirim ke Kepala Bidang (langkah 6)",
    "admin": "• <code>/undang peran [unit]</code> — kode undangan (peran: kaban, sekretaris, perencanaan, "
             "umum, kabid, pelaksana)\n• /anggota — daftar anggota\n"
             "• <code>/plt @username peran [unit] 2026-12-01 2026-12-10</code> — tunjuk Plt.\n"
             "• <code>/libur tambah 2026-12-24</code>, <code>/libur hapus 2026-12-24</code> — cuti bersama\n"
             "• /indikator — unduh master indikator; kirim kembali dengan keterangan /indikator untuk menggantinya",
}
COMMON_HELP = ("• /tugas — tugas Anda dan batas waktunya\n• /status [periode] — kemajuan\n"
               "• /rekap [periode] [unit] — rekap data (xlsx)\n• /riwayat — periode yang lalu\n"
               "Periode boleh ditulis <code>2026-10</code>, <code>Oktober 2026</code>, <code>TW III 2026</code>.")


def bantuan(action: Action) -> None:
    member = action.member
    if member is None and not is_admin(action):
        action.reply("👋 Ini Kinerja Bot BPKAD: pengumpulan data kinerja sesuai SOP.\n"
                     "Untuk mendaftar, minta kode undangan kepada operator atau Perencanaan, lalu ketik "
                     "<code>/daftar KODE</code> (atau buka tautan undangannya).\n"
                     f"ID Telegram Anda: <code>{action.sender.telegram_user_id}</code> (operator bot "
                     "memerlukannya untuk ADMIN_IDS).")
        return
    role = member.role if member else "admin"
    action.reply(f"<b>Petunjuk untuk {role_name(role)}</b>\n{HELP_BY_ROLE.get(role, '')}\n{COMMON_HELP}")


def welcome(action: Action) -> None:
    """/start without a code."""
    member = action.member
    if member is None:
        bantuan(action)
        return
    from bot.members import welcome_text
    action.reply(welcome_text(action, member))


def unknown_input(action: Action, *, text: str) -> None:
    if text.startswith("/"):
        command = escape(text.split()[0])
        action.reply(f"Perintah {command} tidak dikenal. Ketik /bantuan untuk daftar perintah Anda.")
        return
    if action.member is None and not is_admin(action):
        bantuan(action)
        return
    action.reply("Maaf, pesan teks tidak diproses. Gunakan perintah seperti /tugas atau /status, "
                 "atau kirim berkas format data (xlsx). Petunjuk: /bantuan")


def group_hint(action: Action) -> None:
    """A command typed in a group: the bot works in private chats, where tasks are personal."""
    action.reply(f"Kinerja Bot melayani lewat chat pribadi, agar tugas dan berkas tiap pejabat tidak "
                 f"tercampur. Buka https://t.me/{action.core.bot_username} lalu ketik /start.")
