"""/indikator without a file: the indicator master in force, as an xlsx to edit and send back."""

from __future__ import annotations

import csv
import io
from html import escape
from pathlib import Path

from bot.action import Action
from bot.kinds import MANAGERS
from bot.members import is_admin, require_role

SEND_BACK = (
    "Ubah di Excel atau LibreOffice (judul kolom jangan diubah), simpan sebagai .xlsx, lalu kirim "
    "kembali ke obrolan ini sebagai <b>berkas</b> dengan keterangan (caption) <code>/indikator</code>."
)


def send_master(action: Action) -> None:
    if not is_admin(action):
        require_role(action, *MANAGERS)
    core = action.core
    source = core.master_path()
    master = core.master()
    data = _as_xlsx(source)
    path = core.files.write_generated("master/Master_Indikator.xlsx", data)
    action.reply(
        f"📋 Master indikator yang berlaku: <b>{len(master.indicators)}</b> indikator untuk "
        f"{len(master.units)} unit (sumber: {escape(source.name)}).\n{SEND_BACK}",
        document_path=str(path),
        document_name="Master_Indikator.xlsx",
    )


def _as_xlsx(source: Path) -> bytes:
    """The operator's own workbook as it is; a .csv master becomes a workbook with the same cells."""
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        return source.read_bytes()
    # imported here: loads openpyxl, which the idle bot does without
    from openpyxl import Workbook
    from openpyxl.styles import Font

    text = source.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    book = Workbook()
    sheet = book.active
    sheet.title = "Indikator"
    for row in csv.reader(io.StringIO(text), dialect):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
