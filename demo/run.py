"""`python -m bot demo`: one whole collection period, offline, with simulated officials.

It starts the local Bot API stand-in, runs the real bot against it over HTTP, lets the
officials of BPKAD walk every step of the SOP, prints who was told what, and writes the
recap workbook it produced. No token, no network.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import reminders
from bot.clock import ManualClock
from bot.config import load_settings
from demo.simulation import LocalRun, fill_format
from standin import BotApiStandin

ADMIN_ID = 700
UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset")
NAMES = {
    "kaban": "Drs. Hendra (Kaban)",
    "sekretaris": "Rina (Sekretaris)",
    "perencanaan": "Dewi (Perencanaan)",
    "kabid:anggaran": "Agus (Kabid Anggaran)",
    "kabid:perbendaharaan": "Sari (Kabid Perbendaharaan)",
    "kabid:akuntansi": "Yusuf (Kabid Akuntansi)",
    "kabid:aset": "Lina (Kabid Aset)",
}


class Transcript:
    """Prints each new bot message once, with who received it."""

    def __init__(self, run: LocalRun, width: int = 160) -> None:
        self.run, self.width, self.shown = run, width, {}

    def scene(self, title: str) -> None:
        print(f"\n=== {title} ===")

    def flush(self) -> None:
        """Every message since the last flush, in the order the bot sent them."""
        fresh = []
        for key, user in self.run.people.items():
            fresh += [(m["delivered_seq"], user.first_name, m) for m in user.inbox[self.shown.get(key, 0) :]]
            self.shown[key] = len(user.inbox)
        for _, name, message in sorted(fresh, key=lambda item: item[0]):
            self._show(name, message)

    def _show(self, name: str, message: dict) -> None:
        text = (message.get("text") or message.get("caption") or "").replace("\n", " ⏎ ")
        if len(text) > self.width:
            text = text[: self.width - 1] + "…"
        attached = f" [📎 {message['document']['file_name']}]" if message.get("document") else ""
        print(f"  → {name}: {text}{attached}")


class Demo:
    def __init__(self, run: LocalRun, out: Path) -> None:
        self.run, self.out, self.log = run, out, Transcript(run)
        self.people: dict = {}

    async def act(self, key: str, text: str) -> None:
        print(f"\n  {self.run.people[key].first_name} mengetik: {text}")
        await self.run.say(self.run.people[key], text)
        self.log.flush()

    async def later(self, minutes: int, why: str) -> None:
        """Working time passes; every nudge that falls due on the way goes out."""
        until = self.run.clock.now() + timedelta(minutes=minutes)
        print(f"\n  ... {why} ({minutes} menit berlalu)")
        await asyncio.to_thread(reminders.fire_until, self.run.core, until)
        await self.run.settle()
        self.log.flush()

    async def enrol(self) -> None:
        self.log.scene("Operator mengundang pejabat (kode undangan & tautan)")
        admin = self.run.people["admin"] = self.run.standin.user(ADMIN_ID, "Operator")
        for role in ("kaban", "sekretaris", "perencanaan"):
            await self.run.enrol(admin, role, NAMES[role], role)
        for unit in UNITS:
            if unit != "sekretariat":
                await self.run.enrol(admin, f"kabid:{unit}", NAMES[f"kabid:{unit}"], "kabid", unit)
            await self.run.enrol(admin, f"pelaksana:{unit}", f"Staf {unit.title()}", "pelaksana", unit)
        await self.run.enrol(admin, "pelaksana:perencanaan", "Staf Perencanaan", "pelaksana", "perencanaan")
        self.log.flush()

    async def collect(self) -> None:
        self.log.scene("Langkah 1-4: perintah, disposisi, format data, rapat")
        await self.act("kaban", "/perintah Oktober 2026 mohon data lengkap sebelum akhir pekan")
        await self.later(35, "Sekretaris sedang rapat di luar kantor: bot mengingatkan, lalu melapor ke Kaban")
        await self.act("sekretaris", "/perintah Perencanaan segera siapkan format")
        await self.later(10, "Perencanaan menyiapkan format")
        await self.act("perencanaan", "/selesai")
        await self.act("perencanaan", "/rapat 2026-11-30 09:30 Ruang Rapat BPKAD")
        await self.later(75, "menunggu rapat")
        await self.act("perencanaan", "/selesai")

    async def fill(self) -> None:
        self.log.scene("Langkah 5-6: Jabatan Pelaksana mengisi dan merekap format")
        for number, unit in enumerate(UNITS):
            user = self.run.people[f"pelaksana:{unit}"]
            template = next(m for m in reversed(user.inbox) if m.get("document"))["document_bytes"]
            print(f"\n  {user.first_name} mengirim berkas isian_{unit}.xlsx")
            await self.run.upload(user, fill_format(template, 0.8 + 0.05 * number), f"isian_{unit}.xlsx")
            self.log.flush()
            await self.act(f"pelaksana:{unit}", "/selesai")
            await self.later(60, "unit berikutnya masih mengisi")

    async def validate(self) -> None:
        self.log.scene("Langkah 7-8: Kabid memvalidasi (satu unit dikembalikan) dan mengirim")
        await self.act("kabid:anggaran", "/kembalikan Realisasi belum sesuai laporan SP2D, mohon dicek")
        user = self.run.people["pelaksana:anggaran"]
        template = next(
            m for m in reversed(user.inbox) if m.get("document") and m["document"]["file_name"].startswith("Format")
        )["document_bytes"]
        print(f"\n  {user.first_name} mengirim berkas perbaikan isian_anggaran_v2.xlsx")
        await self.run.upload(user, fill_format(template, 1.0), "isian_anggaran_v2.xlsx")
        self.log.flush()
        await self.act("pelaksana:anggaran", "/selesai")
        for unit in UNITS:
            head = "sekretaris" if unit == "sekretariat" else f"kabid:{unit}"
            await self.act(head, f"/setujui {unit}")
            await self.act(head, f"/kirim {unit}")

    async def recap(self) -> Path:
        self.log.scene("Langkah 9: rekap data kinerja Badan")
        await self.later(30, "Jabatan Pelaksana Perencanaan memeriksa data yang masuk")
        await self.act("pelaksana:perencanaan", "/selesai")
        await self.act("kaban", "/kepatuhan")
        inbox = self.run.people["kaban"].inbox
        for message in inbox:  # the workbook, the report document (.docx) and the chart
            if message.get("document"):
                (self.out / message["document"]["file_name"]).write_bytes(message["document_bytes"])
        chart = next((m for m in reversed(inbox) if m.get("photo")), None)
        if chart:
            (self.out / "grafik_capaian.png").write_bytes(chart["photo_bytes"])
        recap = next(
            m
            for m in reversed(inbox)
            if m.get("document") and m["document"]["file_name"].startswith("Rekap_Data_Kinerja")
        )
        return self.out / recap["document"]["file_name"]


async def run_demo(out: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix="kinerja-demo-"))
    settings = load_settings(
        telegram_bot_token="123456:DEMO",
        database_url=f"sqlite:///{work}/demo.db",
        data_dir=str(work / "data"),
        admin_ids=str(ADMIN_ID),
    )
    clock = ManualClock(datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo(settings.timezone)))
    standin = BotApiStandin(token=settings.telegram_bot_token, bot_username="kinerja_demo_bot")
    await standin.start()
    run = LocalRun(settings=settings, standin=standin, clock=clock)
    await run.start()
    try:
        demo = Demo(run, out)
        await demo.enrol()
        await demo.collect()
        await demo.fill()
        await demo.validate()
        return await demo.recap()
    finally:
        await run.stop()
        await standin.stop()
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="demo-output", help="folder for the recap workbook")
    args = parser.parse_args(argv)
    logging.getLogger().setLevel(logging.WARNING)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    recap = asyncio.run(run_demo(out))
    print(f"\nSelesai dalam {time.monotonic() - started:.1f} detik. Rekap: {recap.resolve()}")
    return 0
