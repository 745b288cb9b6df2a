"""SOP definitions built in code for the flowchart tests: a big one and some unusual ones."""

from __future__ import annotations

from bot.sop import SopDefinition, Step

# Eight lanes: six roles, and two steps done by one named unit's people.
BIG_ACTORS = (
    ("kaban", None),
    ("sekretaris", None),
    ("perencanaan", None),
    ("umum", None),
    ("kabid", "aset"),
    ("pelaksana", "perencanaan"),
)


def big_sop(steps: int = 30) -> SopDefinition:
    """`steps` steps over 8 actors, a per-unit block with a validation that returns."""
    out = [Step(1, "Perintah pengumpulan data kinerja", "kaban", False, 15, "Lembar Disposisi", kind="perintah")]
    for no in range(2, steps + 1):
        if no in (10, 11, 12):
            actor, per_unit, kind, ret = (
                ("pelaksana", True, "isi", None)
                if no == 10
                else ("kabid", True, "validasi", 10)
                if no == 11
                else ("kabid", True, "kirim", None)
            )
            out.append(
                Step(
                    no,
                    f"Langkah per unit {no}: isi, validasi, kirim data kinerja unit",
                    actor,
                    per_unit,
                    480,
                    f"Keluaran {no}",
                    kind=kind,
                    return_to=ret,
                    kelengkapan="Dokumen",
                )
            )
            continue
        actor, unit = BIG_ACTORS[no % len(BIG_ACTORS)]
        out.append(
            Step(
                no,
                f"Langkah {no}: uraian kegiatan yang cukup panjang agar teksnya harus dibungkus menjadi beberapa baris",
                actor,
                False,
                30 * (no % 5 + 1),
                f"Dokumen hasil {no}",
                unit=unit,
                kelengkapan="Dokumen",
            )
        )
    return SopDefinition("besar", "SOP Uji Tiga Puluh Langkah", "SOP 000/UJI/2026", tuple(out))
