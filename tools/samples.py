"""Sample recaps for tools/render.py and bench/: the shipped organisation and master (5 units), or
a synthetic agency (50 units x 200 indicators), filled the way people fill the format and read
back through the real intake."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from bot.org import load_org
from bot.sheets.bundle import agency_recap_files, unit_recap_files
from bot.sheets.indicators import load_master
from bot.sheets.intake import check_upload
from bot.sheets.template import FIRST_DATA_ROW, KETERANGAN_COLUMN, REALISASI_COLUMN, build_template
from bot.sheets.totals import RecapUnit
from bot.sheets.types import ComplianceRow, Indicator, Letterhead, SourceFile

ROOT = Path(__file__).resolve().parents[1]
PERIODE, PERIODE_LABEL = "2026-TW3", "Triwulan III 2026"
FACTORS = (Decimal("0.97"), Decimal("0.88"), Decimal("1.04"), Decimal("0.72"), Decimal("0.55"), Decimal("0.93"))
SATUAN = ("%", "Rp", "dokumen", "hari", "%", "SKPD", "nilai")
SASARAN = (
    "Meningkatnya kualitas perencanaan, penganggaran dan pengendalian keuangan daerah yang akuntabel dan tepat waktu",
    "Meningkatnya tertib administrasi pengelolaan barang milik daerah",
    "Meningkatnya kualitas laporan keuangan pemerintah daerah",
)
ANALYSIS = (
    "Keterlambatan penyampaian dokumen dari beberapa SKPD dan keterbatasan jumlah pegawai "
    "yang menguasai aplikasi SIPD.",
    "Dukungan pimpinan dan bimbingan teknis dari BPKP.",
    "Menyurati SKPD yang terlambat dan menambah jadwal pendampingan pada triwulan berikutnya.",
)


def letterhead() -> Letterhead:
    org = load_org(ROOT / "bot" / "data" / "organisasi.toml")
    return Letterhead(
        org.name,
        org.short_name,
        PERIODE_LABEL,
        place=org.place,
        signed_on="2 Oktober 2026",
        signer_title=org.signer_title,
        signer_name=org.head_name,
        signer_nip=org.head_nip,
    )


def synthetic_indicators(unit: str, count: int) -> tuple[Indicator, ...]:
    out = []
    for i in range(count):
        satuan = SATUAN[i % len(SATUAN)]
        polarity = "lower" if satuan == "hari" else "higher"
        target = {
            "%": Decimal(80 + i % 20),
            "Rp": Decimal(1_250_000_000) * (1 + i % 7),
            "dokumen": Decimal(12),
            "hari": Decimal(3),
            "SKPD": Decimal(42),
            "nilai": Decimal(70),
        }[satuan]
        name = (
            f"Persentase dokumen pelaksanaan anggaran yang diverifikasi tepat waktu, kelompok {i + 1}"
            if satuan == "%"
            else f"Jumlah {satuan} yang diselesaikan sesuai standar pelayanan, kelompok {i + 1}"
        )
        out.append(
            Indicator(
                unit, f"{unit.upper()}-{i + 1:03d}", SASARAN[(i // 12) % len(SASARAN)], name, satuan, polarity, target
            )
        )
    return tuple(out)


def fill(template: bytes, indicators: tuple[Indicator, ...], seed: int) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    for offset, ind in enumerate(indicators):
        row = FIRST_DATA_ROW + offset
        factor = FACTORS[(seed + offset) % len(FACTORS)]
        target = ind.target_for(PERIODE)
        if ind.polarity == "qualitative":
            value: object = "WTP"
        elif ind.polarity == "lower":
            value = float(target * (2 - factor)) if target else 0
        else:
            value = float((target * factor).quantize(Decimal("0.01")))
        sheet.cell(row=row, column=REALISASI_COLUMN, value=value)
        sheet.cell(row=row, column=KETERANGAN_COLUMN, value="Sesuai laporan bulanan")
        if factor < 1:
            for column, text in enumerate(ANALYSIS, KETERANGAN_COLUMN + 1):
                sheet.cell(row=row, column=column, value=text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sample_units(units: int = 5, indicators: int = 0) -> tuple[list[RecapUnit], dict[str, bytes]]:
    """(recap units, the format of the first unit) read through intake; indicators=0 uses the
    shipped master and organisation (its last data unit's data did not come in)."""
    if indicators:
        plan = [
            (f"bidang{n:02d}", f"Bidang Uji Nomor {n:02d}", synthetic_indicators(f"b{n:02d}", indicators))
            for n in range(1, units + 1)
        ]
    else:
        org = load_org(ROOT / "bot" / "data" / "organisasi.toml")
        master = load_master(ROOT / "bot" / "data" / "indikator.xlsx")
        plan = [(u.code, u.name, master.for_unit(u.code)) for u in org.data_units][:units]
    formats: dict[str, bytes] = {}
    out: list[RecapUnit] = []
    for number, (code, name, inds) in enumerate(plan):
        template = build_template(
            unit_code=code,
            unit_name=name,
            periode_code=PERIODE,
            periode_label=PERIODE_LABEL,
            indicators=inds,
            agency=letterhead().short_name,
        )
        formats.setdefault(code, template)
        if not indicators and number == len(plan) - 1:
            out.append(RecapUnit(code, name, None, inds))  # one unit missing, as happens
            continue
        result = check_upload(
            fill(template, inds, number),
            file_name=f"{code}.xlsx",
            unit_code=code,
            periode_code=PERIODE,
            indicators=inds,
        )
        assert result.accepted, result.summary_lines[:5]
        out.append(RecapUnit(code, name, result, inds))
    return out, formats


def sample_sources(units: list[RecapUnit]) -> list[SourceFile]:
    start = datetime(2026, 9, 28, 2, 0, tzinfo=UTC)
    return [
        SourceFile(
            u.unit_code,
            u.unit_name,
            f"Format_Data_Kinerja_{u.unit_code}_{PERIODE}.xlsx",
            "Pelaksana " + u.unit_name,
            start + timedelta(hours=n),
            f"{n:02x}" * 32,
        )
        for n, u in enumerate(units)
        if not u.missing
    ]


def sample_compliance(units: list[RecapUnit]) -> list[ComplianceRow]:
    rows = [
        ComplianceRow(
            1, "Kepala Badan memberikan perintah pengumpulan data kinerja", "", 15, 9, "tepat waktu", "Kepala Badan"
        )
    ]
    rows += [
        ComplianceRow(
            5,
            "Jabatan Pelaksana menyusun (mengisi) format data kinerja",
            u.unit_name,
            480,
            300 + 40 * n,
            "tepat waktu" if n % 3 else "terlambat",
            "Pelaksana " + u.unit_name,
        )
        for n, u in enumerate(units)
    ]
    return rows


def sample_files(units: int = 5, indicators: int = 0) -> dict[str, bytes]:
    recap_units, formats = sample_units(units, indicators)
    head = letterhead()
    files = {f"Format_Data_Kinerja_{code}_{PERIODE}.xlsx": data for code, data in list(formats.items())[:1]}
    first = next(u for u in recap_units if not u.missing)
    unit = unit_recap_files(unit_code=first.unit_code, unit_name=first.unit_name, head=head, result=first.result)
    files[f"Rekap_Unit_{first.unit_code}_{PERIODE}.xlsx"] = unit.workbook
    files[f"Rekap_Unit_{first.unit_code}_{PERIODE}.docx"] = unit.report
    files[f"capaian_{first.unit_code}_{PERIODE}.png"] = unit.chart
    agency = agency_recap_files(
        periode_code=PERIODE,
        head=head,
        units=recap_units,
        sources=sample_sources(recap_units),
        compliance=sample_compliance(recap_units),
        tz="Asia/Jakarta",
    )
    files[f"Rekap_Data_Kinerja_{PERIODE}.xlsx"] = agency.workbook
    files[f"Laporan_Capaian_Kinerja_{PERIODE}.docx"] = agency.report
    files[f"capaian_{PERIODE}.png"] = agency.chart
    return files
