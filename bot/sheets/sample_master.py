"""Writes the shipped sample indicator master `bot/data/indikator.xlsx`.

Run `python -m bot.sheets.sample_master` after editing SAMPLE. The figures are
illustrative targets for BPKAD Kabupaten Way Kanan, not copied from a public
document (docs/SPREADSHEETS.md, "Sample master", says where each kind of
indicator comes from); the operator replaces this file with the agency's own Renstra/PK.
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HEADER = (
    "unit",
    "kode",
    "sasaran",
    "indikator",
    "satuan",
    "polaritas",
    "target_tahunan",
    "tw1",
    "tw2",
    "tw3",
    "tw4",
    "skala",
    "rumus",
    "boleh_negatif",
    "kumulatif",
)
S_ADM = "Meningkatnya kualitas pelayanan administrasi dan akuntabilitas kinerja BPKAD"
S_ANG = "Meningkatnya kualitas perencanaan dan penganggaran daerah"
S_BEN = "Meningkatnya kualitas penatausahaan dan pengelolaan kas daerah"
S_AKT = "Meningkatnya kualitas laporan keuangan pemerintah daerah"
S_AST = "Meningkatnya tertib administrasi pengelolaan barang milik daerah"
Q = (None, None, None, None)
SAMPLE: tuple[tuple, ...] = (
    (
        "sekretariat",
        "SEK-01",
        S_ADM,
        "Persentase dokumen perencanaan dan pelaporan kinerja (Renja, PK, LKjIP) disampaikan tepat waktu",
        "%",
        "tinggi",
        100,
        *Q,
    ),
    (
        "sekretariat",
        "SEK-02",
        S_ADM,
        "Persentase pegawai yang mengikuti pengembangan kompetensi",
        "%",
        "tinggi",
        80,
        20,
        40,
        60,
        80,
    ),
    ("sekretariat", "SEK-03", S_ADM, "Rata-rata waktu penyelesaian disposisi surat masuk", "hari", "rendah", 2, *Q),
    ("sekretariat", "SEK-04", S_ADM, "Nilai evaluasi SAKIP BPKAD oleh Inspektorat", "nilai", "tinggi", 70, *Q),
    (
        "anggaran",
        "ANG-01",
        S_ANG,
        "Jumlah hari keterlambatan penetapan Perda APBD dari batas waktu 31 Desember",
        "hari",
        "rendah",
        0,
        *Q,
    ),
    ("anggaran", "ANG-02", S_ANG, "Persentase DPA SKPD disahkan tepat waktu", "%", "tinggi", 100, *Q),
    ("anggaran", "ANG-03", S_ANG, "Persentase RKA SKPD yang diverifikasi TAPD sesuai jadwal", "%", "tinggi", 100, *Q),
    ("anggaran", "ANG-04", S_ANG, "Persentase dokumen Perubahan APBD ditetapkan tepat waktu", "%", "tinggi", 100, *Q),
    (
        "anggaran",
        "ANG-05",
        S_ANG,
        "Jumlah SKPD yang mengajukan pergeseran anggaran di luar jadwal",
        "SKPD",
        "rendah",
        5,
        *Q,
    ),
    (
        "perbendaharaan",
        "BEN-01",
        S_BEN,
        "Persentase SP2D terbit paling lama 2 hari kerja sejak SPM diterima lengkap",
        "%",
        "tinggi",
        100,
        *Q,
    ),
    ("perbendaharaan", "BEN-02", S_BEN, "Rata-rata waktu penerbitan SP2D", "hari", "rendah", 2, *Q),
    (
        "perbendaharaan",
        "BEN-03",
        S_BEN,
        "Persentase realisasi belanja daerah terhadap anggaran",
        "%",
        "tinggi",
        95,
        20,
        45,
        70,
        95,
    ),
    (
        "perbendaharaan",
        "BEN-04",
        S_BEN,
        "Persentase realisasi pendapatan daerah terhadap target APBD",
        "%",
        "tinggi",
        100,
        20,
        45,
        75,
        100,
    ),
    (
        "perbendaharaan",
        "BEN-05",
        S_BEN,
        "Penerimaan pendapatan daerah yang disetor ke Rekening Kas Umum Daerah",
        "Rp",
        "tinggi",
        1_750_000_000_000,
        350_000_000_000,
        800_000_000_000,
        1_300_000_000_000,
        1_750_000_000_000,
    ),
    (
        "akuntansi",
        "AKT-01",
        S_AKT,
        "Opini BPK atas Laporan Keuangan Pemerintah Daerah (LKPD)",
        "opini",
        "kualitatif",
        "WTP",
        *Q,
    ),
    (
        "akuntansi",
        "AKT-02",
        S_AKT,
        "Jumlah hari keterlambatan penyampaian LKPD unaudited kepada BPK (batas 31 Maret)",
        "hari",
        "rendah",
        0,
        *Q,
    ),
    (
        "akuntansi",
        "AKT-03",
        S_AKT,
        "Persentase SKPD yang menyampaikan laporan keuangan tepat waktu",
        "%",
        "tinggi",
        100,
        *Q,
    ),
    (
        "akuntansi",
        "AKT-04",
        S_AKT,
        "Persentase rekomendasi hasil pemeriksaan BPK yang telah ditindaklanjuti",
        "%",
        "tinggi",
        80,
        20,
        40,
        60,
        80,
    ),
    (
        "akuntansi",
        "AKT-05",
        S_AKT,
        "Jumlah temuan BPK berulang atas penatausahaan keuangan daerah",
        "temuan",
        "rendah",
        0,
        *Q,
    ),
    (
        "aset",
        "AST-01",
        S_AST,
        "Persentase bidang tanah milik Pemda yang telah bersertifikat",
        "%",
        "tinggi",
        60,
        45,
        50,
        55,
        60,
    ),
    (
        "aset",
        "AST-02",
        S_AST,
        "Jumlah bidang tanah milik Pemda yang disertifikatkan",
        "bidang",
        "tinggi",
        50,
        10,
        20,
        35,
        50,
    ),
    ("aset", "AST-03", S_AST, "Persentase SKPD yang melaksanakan rekonsiliasi BMD tepat waktu", "%", "tinggi", 100, *Q),
    ("aset", "AST-04", S_AST, "Selisih nilai aset tetap antara laporan BMD dan neraca", "Rp", "rendah", 0, *Q),
    (
        "aset",
        "AST-05",
        S_AST,
        "Persentase aset tetap yang tercatat lengkap dalam Kartu Inventaris Barang (KIB)",
        "%",
        "tinggi",
        90,
        *Q,
    ),
)
GUIDE = (
    "Satu baris = satu indikator. Kolom wajib: unit, kode, sasaran, indikator, satuan, polaritas, target_tahunan.",
    "unit: kode unit (sekretariat, anggaran, perbendaharaan, akuntansi, aset).",
    "polaritas: tinggi (semakin tinggi semakin baik), rendah (semakin rendah semakin baik), kualitatif.",
    "tw1..tw4 (target triwulan) dan jan..des (target bulanan) boleh kosong: target tahunan yang dipakai.",
    "skala (kualitatif saja, terbaik dulu), mis. WTP=100; WDP=75; TW=50; TMP=0 (kosong = skala opini BPK).",
    "Target boleh berupa rentang: 80-90, 80 - 90, 80 s.d. 90 (di dalam rentang capaian 100%).",
    "rumus (polaritas rendah saja): 2T-R (kosong = 2T-R) atau T/R.",
    "boleh_negatif: ya bila realisasi memang boleh di bawah nol (mis. pertumbuhan); kosong = tidak.",
    "kumulatif (menuju target tahunan): jumlah, rata-rata, atau terakhir (kosong = terakhir).",
)


def build_sample() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Indikator"
    sheet.append(HEADER)
    for row in SAMPLE:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJKLMNO", (14, 9, 40, 60, 8, 11, 18, 16, 16, 16, 16, 24, 8, 14, 12)):
        sheet.column_dimensions[column].width = width
    guide = book.create_sheet("Petunjuk")
    for line in GUIDE:
        guide.append((line,))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "data" / "indikator.xlsx"
    target.write_bytes(build_sample())
    print(f"ditulis: {target}")
