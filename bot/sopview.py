"""The SOP made visible: /sop (the flowchart), the progress picture of /status, /monitoring.

Drawing and building files happen here, inside the core action, so they run in the worker
thread like every other core call and never on the event loop (docs/SOP_VISUAL.md).
"""

from __future__ import annotations

import threading
from functools import lru_cache
from html import escape
from pathlib import Path

from bot.action import Action
from bot.agency import agency_name, signing_place
from bot.errors import Refusal
from bot.flowchart.draw import Drawing, draw
from bot.flowchart.layout import FlowchartError, compute_layout
from bot.flowchart.progress import StepProgress, period_progress
from bot.kinds import PeriodStatus, Role
from bot.members import require_member, require_role
from bot.monitoring.files import monitoring_docx, monitoring_xlsx
from bot.monitoring.form import MonitoringForm, PeriodRecord, build_form
from bot.monitoring.span import Span
from bot.sop import SopDefinition
from bot.texts import fits_caption
from bot.timefmt import format_date, format_instant
from storage import queries
from storage.models import Period, Task

MONITORING_ROLES = (Role.KABAN, Role.SEKRETARIS, Role.PERENCANAAN)
# sendPhoto refuses a picture whose width and height add up to more than 10000 px or whose
# sides differ more than 20 times; such a flowchart (a very long SOP) goes as a PNG file instead.
PHOTO_MAX_SUM, PHOTO_MAX_RATIO = 10_000, 20


def _layout(action: Action, sop: SopDefinition, *, progress: bool = False):
    core = action.core
    try:
        return compute_layout(
            sop,
            agency=agency_name(core.org),
            unit_names={u.code: u.name for u in core.org.units},
            unit_count=len(core.org.data_units),
            progress=progress,
        )
    except FlowchartError as exc:
        raise Refusal(
            f"SOP <b>{escape(sop.title)}</b> tidak dapat digambar: {escape(str(exc))} "
            f"Perbaiki berkas {escape(str(sop.source or sop.name))}."
        ) from None


@lru_cache(maxsize=4)
def _cached_drawing(sop: SopDefinition, agency: str, units: tuple[tuple[str, str], ...], unit_count: int) -> Drawing:
    """The plain flowchart only changes with the SOP file or the organisation: drawn once per process."""
    return draw(compute_layout(sop, agency=agency, unit_names=dict(units), unit_count=unit_count))


def sop_drawing(action: Action) -> Drawing:
    core = action.core
    _layout(action, core.sop)  # refuses a definition that cannot be drawn, with its reason
    return _cached_drawing(
        core.sop, agency_name(core.org), tuple((u.code, u.name) for u in core.org.units), len(core.org.data_units)
    )


def fits_photo(size: tuple[int, int]) -> bool:
    width, height = size
    return width + height <= PHOTO_MAX_SUM and max(width, height) <= PHOTO_MAX_RATIO * min(width, height)


def _send_picture(action: Action, caption: str, path: str, name: str, size: tuple[int, int]) -> None:
    if fits_photo(size):
        action.reply(caption, photo_path=path)
    else:
        action.reply(
            caption + "\n<i>Gambarnya terlalu panjang untuk foto Telegram: dikirim sebagai berkas PNG.</i>",
            document_path=path,
            document_name=name,
        )


def sop(action: Action) -> None:
    """/sop: the SOP in force as a flowchart, and the same as a PDF to print."""
    require_member(action)
    definition = action.core.sop
    drawing = sop_drawing(action)
    files = action.core.files
    png = str(files.write_generated(f"sop/SOP_{definition.name}.png", drawing.png))
    pdf = str(files.write_generated(f"sop/SOP_{definition.name}.pdf", drawing.pdf))
    reference = f" ({escape(definition.reference)})" if definition.reference else ""
    caption = (
        f"🗺️ <b>SOP yang berlaku: {escape(definition.title)}</b>{reference}\n"
        f"{len(definition.steps)} langkah. Kemajuan periode berjalan: /status"
    )
    _send_picture(action, caption, png, f"SOP_{definition.name}.png", drawing.size)
    action.reply("🖨️ Versi cetak (PDF) bagan alir SOP.", document_path=pdf, document_name=f"SOP_{definition.name}.pdf")


def send_progress_picture(action: Action, period: Period, tasks: list[Task], text: str) -> None:
    """/status: the flowchart with every step coloured by what happened in `period`, and `text`
    under it: as its caption when it fits (one message), else as the next message.

    Drawing takes most of a second of CPU, so one picture serves every /status until the
    state it shows changes: it is drawn once per (period, each step's states, day) and its file
    is shared. It says the day; the time is on the message itself.
    """
    core = action.core
    progress = period_progress(core.sop, tasks, tuple(u.code for u in core.org.data_units), action.now)
    when = (
        format_instant(period.closed_at, core.tz) if period.status == PeriodStatus.CLOSED else format_date(action.today)
    )
    state = "selesai" if period.status == PeriodStatus.CLOSED else "per"
    subtitle = f"Kemajuan {period.label} — {state} {when}"
    key = (core.sop, agency_name(core.org), tuple((u.code, u.name) for u in core.org.units), len(core.org.data_units))
    shown = tuple(sorted((no, p.states, p.note) for no, p in progress.items()))
    path, size = _progress_file(action, period.code, key, shown, subtitle)
    if fits_photo(size) and fits_caption(text):
        action.reply(text, photo_path=path)
        return
    caption = (
        f"🗺️ Bagan alir SOP dengan kemajuan <b>{escape(period.label)}</b> (warna: lihat keterangan di bawah gambar)."
    )
    _send_picture(action, caption, path, f"Status_{period.code}.png", size)
    action.reply(text)


_PROGRESS_LOCK = threading.Lock()  # one drawing at a time: a burst of /status draws once, not once per thread
_PROGRESS_FILES: dict[tuple, tuple[str, tuple[int, int]]] = {}
_PROGRESS_KEPT = 32  # distinct pictures remembered per process (they change only with the state)


def _progress_file(action: Action, code: str, key: tuple, shown: tuple, subtitle: str) -> tuple[str, tuple[int, int]]:
    cache_key = (id(action.core), code, key, shown, subtitle)
    with _PROGRESS_LOCK:
        known = _PROGRESS_FILES.get(cache_key)
        if known is not None and Path(known[0]).exists():
            return known
        layout = _layout(action, action.core.sop, progress=True)
        progress = {no: StepProgress(states, note) for no, states, note in shown}
        drawing = draw(layout, progress=progress, subtitle=subtitle, pdf=False)
        # A new state gets a new file (named by its content), so a row still waiting in the
        # outbox never sees its picture replaced.
        path = str(action.core.files.write_generated(f"{code}/status/Status_{code}.png", drawing.png))
        if len(_PROGRESS_FILES) >= _PROGRESS_KEPT:
            _PROGRESS_FILES.pop(next(iter(_PROGRESS_FILES)))
        _PROGRESS_FILES[cache_key] = (path, drawing.size)
        return path, drawing.size


# --- /monitoring ---------------------------------------------------------------


def monitoring(action: Action, *, span: Span) -> None:
    """/monitoring [dari] [sampai]: the SOP monitoring form of the finished periods in that span."""
    require_role(action, *MONITORING_ROLES)
    core = action.core
    today = action.today
    form = monitoring_form(action, span)
    place = signing_place(core.org)
    stem = f"Monitoring_SOP_{span.first.code}_{span.last.code}"
    xlsx = str(core.files.write_generated(f"monitoring/{stem}.xlsx", monitoring_xlsx(form, place=place, day=today)))
    docx = str(core.files.write_generated(f"monitoring/{stem}.docx", monitoring_docx(form, place=place, day=today)))
    action.reply(_summary(form), document_path=xlsx, document_name=f"{stem}.xlsx")
    action.reply(
        "📄 Formulir yang sama sebagai dokumen Word, siap dicetak dan ditandatangani penilai.",
        document_path=docx,
        document_name=f"{stem}.docx",
    )


def monitoring_form(action: Action, span) -> MonitoringForm:
    core = action.core
    found = queries.periods_by_codes(action.session, codes=span.codes())
    finished = [p for p in found if p.status == PeriodStatus.CLOSED and p.sop_name == core.sop.name]
    remarks = [f"{p.label}: masih berjalan, belum dinilai." for p in found if p.status != PeriodStatus.CLOSED]
    remarks += [
        f"{p.label}: dijalankan dengan SOP lain ({p.sop_name}), tidak dinilai di formulir ini."
        for p in found
        if p.status == PeriodStatus.CLOSED and p.sop_name != core.sop.name
    ]
    if not finished:
        more = " " + " ".join(escape(r) for r in remarks) if remarks else ""
        raise Refusal(
            f"Belum ada pengumpulan data yang selesai untuk {escape(span.label)}.{more} "
            "Lihat /riwayat, lalu sebut rentangnya, misalnya <code>/monitoring 2026-07 2026-12</code>."
        )
    tasks = queries.tasks_of_periods(action.session, period_ids=[p.id for p in finished])
    records = [PeriodRecord(p.code, p.label, tuple(t for t in tasks if t.period_id == p.id)) for p in finished]
    return build_form(
        core.sop,
        records,
        agency=agency_name(core.org),
        range_label=span.label,
        unit_names={u.code: u.name for u in core.org.units},
        late_minutes=core.calendar.minutes_between,
        remarks=remarks,
    )


def _summary(form: MonitoringForm) -> str:
    bad = [line for line in form.lines if not line.good]
    lines = [
        f"📋 <b>Monitoring SOP — {escape(form.range_label)}</b>",
        f"{escape(form.sop_title)}: {len(form.period_labels)} periode ({escape(', '.join(form.period_labels))}).",
        f"Berjalan dengan baik: <b>{len(form.lines) - len(bad)} dari {len(form.lines)}</b> langkah.",
    ]
    if bad:
        lines.append("Tidak berjalan dengan baik: " + ", ".join(f"langkah {line.no}" for line in bad) + ".")
    lines.append("Kolom <i>Tindakan yang harus diambil</i> diisi oleh penilai.")
    return "\n".join(lines)
