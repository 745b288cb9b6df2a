"""Through the stand-in: a suspicious figure is accepted with its warnings, the unit's head sees
them at step 7, and the recap shows the previous period and the year so far beside each indicator."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
from sqlmodel import select

from bot.sheets.intake import check_upload
from bot.sheets.unit_recap import HEADER_AT
from storage.models import Member, Period, Submission
from tests.fixtures.capaian_fixtures import fill_by_header
from tests.fixtures.common import indicators
from tests.scenario import enrol_everyone, head, last_document_of_kind, through_meeting

CODES = ("ANG-01", "ANG-02", "ANG-03", "ANG-04", "ANG-05")


def _store_september(run, values: dict) -> None:
    """A closed September with the unit's accepted file, as an earlier run of the bot left it."""
    from bot.sheets.template import build_template

    template = build_template(
        unit_code="anggaran",
        unit_name="Bidang Anggaran",
        periode_code="2026-09",
        periode_label="September 2026",
        indicators=indicators("anggaran"),
    )
    data = fill_by_header(template, CODES, {c: {"Realisasi": v} for c, v in values.items()})
    result = check_upload(
        data, file_name="sept.xlsx", unit_code="anggaran", periode_code="2026-09", indicators=indicators("anggaran")
    )
    assert result.accepted
    at = datetime(2026, 10, 1, 2, 0, tzinfo=UTC)
    with run.core.unit_of_work() as uow:
        staff = uow.session.exec(select(Member).where(Member.role == "pelaksana", Member.unit_code == "anggaran")).one()
        period = Period(
            code="2026-09",
            label="September 2026",
            sop_name=run.core.sop.name,
            status="closed",
            opened_at=at,
            closed_at=at,
        )
        uow.session.add(period)
        uow.session.flush()
        uow.session.add(
            Submission(
                period_id=period.id,
                unit_code="anggaran",
                member_id=staff.id,
                file_name="sept.xlsx",
                sha256="ab" * 32,
                size=len(data),
                stored_path="-",
                received_at=at,
                accepted=True,
                rows=result.to_json(),
            )
        )
        uow.commit()


async def test_warnings_reach_the_sender_the_head_and_the_recap_with_the_trend(run):
    people = await enrol_everyone(run)
    _store_september(run, {"ANG-01": 0, "ANG-02": 90, "ANG-03": 100, "ANG-04": 100, "ANG-05": 4})
    await through_meeting(run, people)  # Oktober 2026
    staff = people["pelaksana:anggaran"]
    template = last_document_of_kind(staff, "Format_Data")["document_bytes"]
    data = fill_by_header(
        template,
        CODES,
        {
            "ANG-01": {"Realisasi": 0},
            "ANG-02": {"Realisasi": 900},
            "ANG-03": {"Realisasi": 100},
            "ANG-04": {"Realisasi": 100},
            "ANG-05": {"Realisasi": 3},
        },
    )
    reply = (await run.upload(staff, data, "oktober.xlsx"))[0]
    assert "Berkas diterima" in reply and "Peringatan (3)" in reply
    assert "Baris 8, kolom Realisasi: 900% melebihi 100% padahal targetnya 100%" in reply
    assert "sepuluh kali lipat atau lebih dari realisasi periode sebelumnya (90, September 2026)" in reply

    await run.say(staff, "/selesai")
    kabid = head(people, "anggaran")
    told = [t for t in kabid.texts() if "Rekap unit untuk divalidasi" in t][-1]
    assert "Peringatan (3)" in told and "900% melebihi 100%" in told
    sheet = openpyxl.load_workbook(
        io.BytesIO(last_document_of_kind(kabid, "Rekap_Unit_anggaran")["document_bytes"])
    ).worksheets[0]
    header = [c.value for c in sheet[HEADER_AT]]
    row = {h: c for h, c in zip(header, sheet[HEADER_AT + 2])}  # ANG-02
    assert "melebihi 100%" in row["Realisasi"].comment.text and "di atas 200%" in row["Capaian (%)"].comment.text
    assert "melebihi 100%" in row["Peringatan"].value
    assert (row["Periode sebelumnya"].value, row["Realisasi periode sebelumnya"].value) == ("September 2026", 90)
    assert row["Target tahunan"].value == 100 and row["Realisasi s.d. periode ini"].value == 900

    await run.say(kabid, "/setujui")
    await run.say(kabid, "/kirim")
    await run.say(people["kaban"], "/rekap")
    book = openpyxl.load_workbook(
        io.BytesIO(last_document_of_kind(people["kaban"], "Rekap_Data_Kinerja")["document_bytes"])
    )
    rows = list(book["Rekap"].iter_rows())
    header = [c.value for c in rows[0]]
    assert header[:10] == [
        "Unit",
        "Sasaran",
        "Indikator",
        "Satuan",
        "Polaritas",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Kategori",
        "Keterangan",
    ]
    line = next(
        {h: c for h, c in zip(header, r)}
        for r in rows
        if r[0].value == "Bidang Anggaran" and r[2].value == "Persentase DPA SKPD disahkan tepat waktu"
    )
    assert line["Realisasi"].value == 900 and "melebihi 100%" in line["Realisasi"].comment.text
    assert line["Capaian periode sebelumnya (%)"].value == 90
    assert line["Capaian thd target tahunan (%)"].value == 900
