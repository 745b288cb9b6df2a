"""Steps of a collection period that several end-to-end tests share."""

from __future__ import annotations

from datetime import timedelta

from demo.simulation import LocalRun, fill_format
from tests.conftest import ADMIN_ID

DATA_UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")


async def enrol_everyone(run: LocalRun) -> dict:
    run.people["admin"] = admin = run.standin.user(ADMIN_ID, "Operator")
    people = {"admin": admin}
    people["kaban"] = await run.enrol(admin, "kaban", "Pak Kaban", "kaban")
    people["sekretaris"] = await run.enrol(admin, "sekretaris", "Bu Sekretaris", "sekretaris")
    people["perencanaan"] = await run.enrol(admin, "perencanaan", "Bu Rencana", "perencanaan")
    for unit in DATA_UNITS:
        if unit != "sekretariat":
            people[f"kabid:{unit}"] = await run.enrol(admin, f"kabid:{unit}", f"Kabid {unit}", "kabid", unit)
        people[f"pelaksana:{unit}"] = await run.enrol(
            people["perencanaan"], f"pelaksana:{unit}", f"Staf {unit}", "pelaksana", unit
        )
    people["pelaksana:perencanaan"] = await run.enrol(
        admin, "pelaksana:perencanaan", "Staf Perencanaan", "pelaksana", "perencanaan"
    )
    return people


def head(people: dict, unit: str):
    return people["sekretaris"] if unit == "sekretariat" else people[f"kabid:{unit}"]


def last_document(user) -> dict:
    docs = [m for m in user.inbox if m.get("document")]
    assert docs, f"no document in inbox: {user.texts()[-3:]}"
    return docs[-1]


async def through_meeting(run: LocalRun, people: dict, period: str = "Oktober 2026") -> None:
    """Steps 1 to 4: the order, its forwarding, the formats, the meeting."""
    await run.say(people["kaban"], f"/perintah {period} mohon tepat waktu")
    await run.say(people["sekretaris"], "/perintah segera siapkan format")
    await run.say(people["perencanaan"], "/selesai")
    await run.say(people["perencanaan"], "/rapat 2026-11-30 10:00 Ruang Rapat BPKAD ya")  # past the 09:00 deadline
    run.clock.advance(timedelta(hours=2, minutes=5))
    await run.say(people["perencanaan"], "/selesai")


async def upload_filled(run: LocalRun, people: dict, unit: str, factor: float = 0.9) -> list[str]:
    """The unit's pelaksana fills the format they received and sends it; returns the bot's answers."""
    user = people[f"pelaksana:{unit}"]
    template = last_document_of_kind(user, "Format_Data")["document_bytes"]
    return await run.upload(user, fill_format(template, factor), f"isian_{unit}.xlsx")


def last_document_of_kind(user, prefix: str) -> dict:
    docs = [m for m in user.inbox if m.get("document") and m["document"]["file_name"].startswith(prefix)]
    assert docs, f"no {prefix} document for {user}: {user.texts()[-3:]}"
    return docs[-1]
