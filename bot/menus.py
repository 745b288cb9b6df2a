"""The per-role command menu (setMyCommands with a chat scope)."""
from __future__ import annotations

DESCRIPTIONS = {
    "perintah": "Perintah / disposisi pengumpulan data",
    "tugas": "Tugas saya dan batas waktunya",
    "selesai": "Tandai tugas saya selesai",
    "format": "Minta format data unit saya",
    "rapat": "Jadwalkan rapat pembahasan format",
    "setujui": "Setujui data unit (validasi)",
    "kembalikan": "Kembalikan data unit dengan catatan",
    "kirim": "Kirim data tervalidasi ke Perencanaan",
    "status": "Kemajuan pengumpulan data",
    "rekap": "Rekap data kinerja (xlsx)",
    "kepatuhan": "Kepatuhan terhadap waktu SOP",
    "tutup": "Tutup pengumpulan yang melewati batas",
    "riwayat": "Periode yang lalu",
    "undang": "Buat kode undangan anggota",
    "anggota": "Daftar anggota",
    "plt": "Tunjuk pelaksana tugas (Plt.)",
    "libur": "Tambah/hapus hari cuti bersama",
    "indikator": "Unduh / ganti master indikator",
    "bantuan": "Petunjuk penggunaan",
}
COMMON_TAIL = ("status", "rekap", "riwayat", "bantuan")
BY_ROLE = {
    "kaban": ("perintah", "tugas", "kepatuhan"),
    "sekretaris": ("perintah", "tugas", "selesai", "setujui", "kembalikan", "kirim", "kepatuhan"),
    "perencanaan": ("tugas", "selesai", "rapat", "tutup", "kepatuhan", "undang", "anggota"),
    "umum": ("tugas",),
    "kabid": ("tugas", "format", "setujui", "kembalikan", "kirim"),
    "pelaksana": ("tugas", "format", "selesai"),
    "admin": ("undang", "anggota", "plt", "libur", "indikator"),
}
GUEST = (("start", "Mulai / daftar dengan kode undangan"), ("daftar", "Daftar dengan kode undangan"),
         ("bantuan", "Petunjuk penggunaan"))


def commands_for(role: str | None) -> list[tuple[str, str]]:
    if role is None:
        return list(GUEST)
    names = BY_ROLE.get(role, ()) + COMMON_TAIL
    return [(name, DESCRIPTIONS[name]) for name in names]
