"""The bot's own cost per update, beside a bare python-telegram-bot echo bot (docs/PERFORMANCE.md).

The Bot API stand-in runs in this process; the bot under test is a separate process polling it:
first the product (`python -m bot`, its database seeded with N members and one open period),
then `bench/echo_bot.py`. Each gets the same updates from the same users: /status, /tugas and
/bantuan in turn, once as a burst (every user at once) and once at a steady rate. Printed:

- CPU per update: the bot process's user + system time (/proc/PID/stat) over the phase / updates;
- latency: from the moment the stand-in queued an update to the last message of its answer;
- RSS (VmRSS) idle and after the load; CPU while idle (ms per s, /proc/PID/task/*/schedstat);
- steady: the part of the CPU on the event loop's thread (the rest is worker threads) and the
  context switches of all threads, per update (/proc/PID/task/*/schedstat and status).

    python bench/bench_updates.py [--members 214 10000] [--burst 214] [--rate 10] [--seconds 20]
                                  [--idle 20] [--rounds 3] [--only product|echo] [--profile DIR]

Each bot runs `--rounds` times, product and echo bot alternating; the tables give the median of
each figure, and the product's ratio to the echo bot of the same round.

`--profile DIR` runs py-spy (when installed) on the product during the load and writes a
flame graph per member count into DIR. Everything is on 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert

from bot.action import Sender
from bot.catalog import BY_NAME
from bot.config import load_settings
from bot.core import Kinerja
from standin import BotApiStandin
from storage.models import Member

TOKEN = "123456789:AAbenchmarkbenchmarkbenchmarkbench"
ADMIN_ID = 999_000_001
FIRST_USER = 500_000
MIX = ("/status", "/tugas", "/bantuan")
HEADS = ("kaban", "sekretaris", "perencanaan")
KABID_UNITS = ("anggaran", "perbendaharaan", "akuntansi", "aset")
PELAKSANA_UNITS = ("sekretariat", "anggaran", "perbendaharaan", "akuntansi", "aset", "perencanaan")
TICK = os.sysconf("SC_CLK_TCK")


# --- the bot process, seen from /proc --------------------------------------------------------


def cpu_split(pid: int) -> tuple[float, float]:
    """user and system time of the whole process (every thread, living or ended)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) / TICK, int(fields[12]) / TICK


def run_ns(pid: int) -> int:
    """Nanoseconds on a CPU, summed over the living threads: finer than clock ticks, for idle."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def threads(pid: int) -> dict[int, tuple[int, int]]:
    """Per living thread: nanoseconds on a CPU and context switches (voluntary + forced)."""
    out = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            ran = int((task / "schedstat").read_text().split()[0])
            status = (task / "status").read_text().splitlines()
        except (FileNotFoundError, ProcessLookupError):
            continue
        switches = sum(int(line.split()[1]) for line in status if "ctxt_switches:" in line)
        out[int(task.name)] = (ran, switches)
    return out


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the product's database -------------------------------------------------------------------


def member_rows(count: int, now) -> list[dict]:
    """The agency's heads, a kabid per bidang, and pelaksana spread over the units."""
    rows = []
    for i in range(count):
        if i < len(HEADS):
            role, unit = HEADS[i], None
        elif i < len(HEADS) + len(KABID_UNITS):
            role, unit = "kabid", KABID_UNITS[i - len(HEADS)]
        else:
            role, unit = "pelaksana", PELAKSANA_UNITS[i % len(PELAKSANA_UNITS)]
        uid = FIRST_USER + i
        rows.append(
            {
                "telegram_user_id": uid,
                "chat_id": uid,
                "full_name": f"Pegawai {i}",
                "role": role,
                "unit_code": unit,
                "active": True,
                "blocked": False,
                "registered_at": now,
            }
        )
    return rows


def product_env(folder: Path, standin: BotApiStandin) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": standin.base_url,
        "TELEGRAM_API_FILE_URL": standin.file_url,
        "ADMIN_IDS": str(ADMIN_ID),
        "DATABASE_URL": f"sqlite:///{folder}/kinerja.db",
        "DATA_DIR": str(folder / "data"),
        "LOG_LEVEL": "INFO",
    }


def seed(folder: Path, env: dict[str, str], members: int) -> None:
    """Migrate, add the members in one insert, and let the kaban open a period (step 1)."""
    settings = load_settings(
        telegram_bot_token=TOKEN, database_url=env["DATABASE_URL"], data_dir=env["DATA_DIR"], admin_ids=(ADMIN_ID,)
    )
    core = Kinerja(settings)
    core.prepare()
    with core.unit_of_work() as uow:
        uow.session.execute(insert(Member), member_rows(members, core.now()))
        uow.commit()
    kaban = Sender(telegram_user_id=FIRST_USER, chat_id=FIRST_USER, full_name="Pegawai 0")
    core.act(kaban, BY_NAME["perintah"], text="Oktober 2026 mohon tepat waktu")
    core.dispose()


# --- one run -----------------------------------------------------------------------------------


@dataclass
class Phase:
    updates: int = 0
    cpu: float = 0.0
    system: float = 0.0
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    missing: int = 0
    loop_ns: int = 0  # of the CPU time, the event loop's thread (the rest: worker threads)
    switches: int = 0  # context switches, every thread

    def row(self) -> dict[str, float]:
        lat = sorted(self.latencies)
        p = (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000) if lat else (lambda q: float("nan"))
        return {
            "updates": self.updates,
            "cpu_ms_per_update": self.cpu / self.updates * 1000 if self.updates else float("nan"),
            "system_ms_per_update": self.system / self.updates * 1000 if self.updates else float("nan"),
            "p50_ms": p(0.5),
            "p95_ms": p(0.95),
            "max_ms": lat[-1] * 1000 if lat else float("nan"),
            "missing": self.missing,
            "loop_ms_per_update": self.loop_ns / self.updates / 1e6 if self.updates else float("nan"),
            "switches_per_update": self.switches / self.updates if self.updates else float("nan"),
        }


class Watcher:
    """Records when each chat received each message (the stand-in's delivery, in this process)."""

    def __init__(self, standin: BotApiStandin, user_ids: list[int]) -> None:
        self.arrivals: dict[int, list[float]] = {uid: [] for uid in user_ids}
        self.last = time.perf_counter()
        self.users = {}
        for uid in user_ids:
            user = standin.user(uid, f"Pegawai {uid - FIRST_USER}")
            original = user.deliver

            def deliver(message, _uid=uid, _original=original):
                now = time.perf_counter()
                self.arrivals[_uid].append(now)
                self.last = now
                _original(message)

            user.deliver = deliver
            self.users[uid] = user

    async def settle(self, pushed: list[tuple[int, float]], timeout: float, quiet: float = 1.0) -> None:
        """Until every pushed update has an answer and nothing arrived for `quiet` s (bounded)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            answered = all(any(t >= at for t in self.arrivals[uid]) for uid, at in pushed)
            if answered and time.perf_counter() - self.last >= quiet:
                return
            await asyncio.sleep(0.05)

    def latencies(self, pushed: list[tuple[int, float]]) -> tuple[list[float], int]:
        """Per update: its chat's last arrival before the chat's next update (or the end)."""
        following: dict[tuple[int, float], float] = {}
        by_chat: dict[int, list[float]] = {}
        for uid, at in pushed:
            by_chat.setdefault(uid, []).append(at)
        for uid, times in by_chat.items():
            for at, nxt in zip(times, [*times[1:], float("inf")], strict=True):
                following[(uid, at)] = nxt
        out, missing = [], 0
        for uid, at in pushed:
            answers = [t for t in self.arrivals[uid] if at <= t < following[(uid, at)]]
            if answers:
                out.append(answers[-1] - at)
            else:
                missing += 1
        return out, missing


@dataclass
class Snapshot:
    """The bot process at a phase's start."""

    user: float
    system: float
    threads: dict[int, tuple[int, int]]
    at: float

    @classmethod
    def take(cls, pid: int) -> Snapshot:
        user, system = cpu_split(pid)
        return cls(user, system, threads(pid), time.perf_counter())


async def finish(watcher: Watcher, pid: int, pushed: list[tuple[int, float]], timeout: float, start: Snapshot) -> Phase:
    """Once every pushed update is answered: the phase's CPU (user + system) and latencies."""
    await watcher.settle(pushed, timeout)
    (user, system), now = cpu_split(pid), threads(pid)
    phase = Phase(
        updates=len(pushed),
        cpu=user + system - start.user - start.system,
        system=system - start.system,
        wall=time.perf_counter() - start.at,
        loop_ns=now[pid][0] - start.threads[pid][0],
        switches=sum(s for _, s in now.values()) - sum(s for _, s in start.threads.values()),
    )
    phase.latencies, phase.missing = watcher.latencies(pushed)
    return phase


async def burst(watcher: Watcher, pid: int, users: list[int], timeout: float) -> Phase:
    start = Snapshot.take(pid)
    pushed = []
    for i, uid in enumerate(users):
        pushed.append((uid, time.perf_counter()))
        await watcher.users[uid].send(MIX[i % len(MIX)])
    return await finish(watcher, pid, pushed, timeout, start)


async def steady(watcher: Watcher, pid: int, users: list[int], rate: float, seconds: float, timeout: float) -> Phase:
    start = Snapshot.take(pid)
    pushed = []
    count = int(rate * seconds)
    for i in range(count):
        await asyncio.sleep(max(0.0, start.at + i / rate - time.perf_counter()))
        uid = users[i % len(users)]
        pushed.append((uid, time.perf_counter()))
        await watcher.users[uid].send(MIX[(i + 1) % len(MIX)])
    return await finish(watcher, pid, pushed, timeout, start)


async def idle_cost(pid: int, seconds: float) -> float:
    """ms of CPU per s while nothing happens."""
    before, start = run_ns(pid), time.perf_counter()
    await asyncio.sleep(seconds)
    return (run_ns(pid) - before) / 1e6 / (time.perf_counter() - start)


async def wait_polling(standin: BotApiStandin, proc: subprocess.Popen, timeout: float) -> None:
    """Until the bot has asked for updates and delivered what start-up wrote (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the bot ended at start (exit {proc.returncode})")
        if any(method == "getUpdates" for method, _ in standin.requests):
            break
        await asyncio.sleep(0.1)
    else:
        raise RuntimeError("the bot never polled")
    await asyncio.sleep(2.0)  # the outbox rows of the seeded period go out first


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


async def one_run(kind: str, members: int, args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"bench_updates_{kind}_"))
    standin = BotApiStandin(token=TOKEN, bot_username="kinerja_bot", spec_path=None)
    await standin.start()
    proc = None
    try:
        env = {**os.environ, "PTB_TIMEDELTA": "true"}
        if kind == "product":
            env |= product_env(folder, standin)
            seed(folder, env, members)
            cmd = [sys.executable, "-m", "bot", "run"]
        else:
            env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": standin.base_url}
            cmd = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
        env["PYTHONPATH"] = str(ROOT)
        for i in range(members if kind == "product" else 0):
            standin.user(FIRST_USER + i, f"Pegawai {i}")
        log = (folder / "bot.log").open("w")
        pin = (lambda: os.sched_setaffinity(0, {args.bot_cpu})) if args.bot_cpu is not None else None
        proc = subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=pin)
        await wait_polling(standin, proc, timeout=60)
        step = max(1, members // args.burst)
        users = [FIRST_USER + i for i in range(0, members, step)][: args.burst]
        watcher = Watcher(standin, users)
        rss_idle = rss_mb(proc.pid)
        idle = await idle_cost(proc.pid, args.idle)
        warm = await burst(watcher, proc.pid, users[: len(MIX)], timeout=60)
        spy = None
        spy_path = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
        if args.profile and kind == "product" and spy_path:
            out = Path(args.profile) / f"product_{members}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            spy = subprocess.Popen(
                [
                    spy_path,
                    "record",
                    "--pid",
                    str(proc.pid),
                    "--output",
                    str(out),
                    "--rate",
                    "1000",
                    "--nonblocking",
                    "--format",
                    "raw",
                    "--threads",
                ],
                stdout=subprocess.DEVNULL,
                stderr=(folder / "py-spy.log").open("w"),
            )
            await asyncio.sleep(1.0)
        burst_phase = await burst(watcher, proc.pid, users, timeout=120)
        steady_phase = await steady(watcher, proc.pid, users, args.rate, args.seconds, timeout=120)
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            try:
                spy.wait(timeout=30)
            except subprocess.TimeoutExpired:
                spy.kill()
        rss_after = rss_mb(proc.pid)
        idle_after = await idle_cost(proc.pid, args.idle)
        return {
            "kind": kind,
            "members": members,
            "warm": warm.row(),
            "burst": burst_phase.row(),
            "burst_capacity": burst_phase.updates / burst_phase.cpu if burst_phase.cpu else float("nan"),
            "steady": steady_phase.row(),
            "rss_idle": rss_idle,
            "rss_after": rss_after,
            "idle_ms_per_s": idle,
            "idle_after_ms_per_s": idle_after,
        }
    finally:
        if proc is not None:
            stop(proc)
        await standin.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"  kept {folder}", file=sys.stderr)


def show(results: list[dict]) -> None:
    def line(label, fmt, get):
        cells = [fmt.format(get(r)) for r in results]
        print(f"| {label} | " + " | ".join(cells) + " |")

    print("| figure | " + " | ".join(f"{r['kind']} ({r['members']} members)" for r in results) + " |")
    print("|---|" + "---:|" * len(results))
    line("first update of each command (warm-up)", "{}", lambda r: "{max_ms:.0f} ms max".format(**r["warm"]))
    line(
        "CPU per update, burst (of it system)",
        "{}",
        lambda r: "{cpu_ms_per_update:.2f} ms ({system_ms_per_update:.2f})".format(**r["burst"]),
    )
    line("capacity, updates/s per core", "{:.0f}", lambda r: r["burst_capacity"])
    line(
        "burst latency p50 / p95 / max",
        "{}",
        lambda r: "{p50_ms:.0f} / {p95_ms:.0f} / {max_ms:.0f} ms".format(**r["burst"]),
    )
    line(
        "CPU per update, steady (of it system)",
        "{}",
        lambda r: "{cpu_ms_per_update:.2f} ms ({system_ms_per_update:.2f})".format(**r["steady"]),
    )
    line(
        "of it on the event loop's thread; context switches",
        "{}",
        lambda r: "{loop_ms_per_update:.2f} ms; {switches_per_update:.1f}".format(**r["steady"]),
    )
    line(
        "steady latency p50 / p95 / max",
        "{}",
        lambda r: "{p50_ms:.1f} / {p95_ms:.1f} / {max_ms:.1f} ms".format(**r["steady"]),
    )
    line("RSS idle / after", "{}", lambda r: f"{r['rss_idle']:.0f} / {r['rss_after']:.0f} MB")
    line(
        "CPU idle (before / after load)",
        "{}",
        lambda r: f"{r['idle_ms_per_s']:.2f} / {r['idle_after_ms_per_s']:.2f} ms/s",
    )
    line("unanswered updates", "{}", lambda r: f"{r['burst']['missing'] + r['steady']['missing']}")


async def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[214, 10_000])
    parser.add_argument("--burst", type=int, default=214, help="users in the burst (and cycled in the steady phase)")
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--only", choices=("product", "echo"))
    parser.add_argument("--profile", metavar="DIR")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (logs, database)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each bot, alternating; every figure is the median over them"
    )
    parser.add_argument(
        "--bot-cpu",
        type=lambda value: None if value == "none" else int(value),
        default=1 if len(os.sched_getaffinity(0)) > 1 else None,
        help="the CPU the bot under test runs on (the benchmark and its stand-in take the others): "
        "as the bot and Telegram never share a CPU in production; 'none' leaves it to the scheduler, "
        "which moves the figures by ±30%% run to run",
    )
    args = parser.parse_args(argv)
    if args.bot_cpu is not None:
        os.sched_setaffinity(0, os.sched_getaffinity(0) - {args.bot_cpu})
    configs = [
        (kind, members)
        for members in args.members
        for kind in ("product", "echo")
        if args.only in (None, kind) and not (kind == "echo" and members != args.members[0])
    ]
    runs: dict[tuple[str, int], list[dict]] = {config: [] for config in configs}
    for round_no in range(1, args.rounds + 1):
        for kind, members in configs:  # alternating, so a noisy minute on the machine hits both
            print(f"round {round_no}: {kind} with {members} members ...", file=sys.stderr, flush=True)
            runs[(kind, members)].append(await one_run(kind, members, args))
    show([median_of(found) for found in runs.values()])
    if ("echo", args.members[0]) in runs:
        show_ratios(runs, args.members)


def median_of(results: list[dict]) -> dict:
    """Each number the median over the runs (nested figures too)."""
    first = results[0]
    merged = {}
    for key, value in first.items():
        if isinstance(value, dict):
            merged[key] = median_of([r[key] for r in results])
        elif isinstance(value, int | float) and not isinstance(value, bool):
            merged[key] = statistics.median(r[key] for r in results)
        else:
            merged[key] = value
    return merged


def show_ratios(runs: dict[tuple[str, int], list[dict]], members: list[int]) -> None:
    """Product ÷ echo bot within each round (the echo run beside it), then the median."""
    echo = runs[("echo", members[0])]
    print(
        "\n| product ÷ echo bot (median of the rounds; each round's) | "
        + " | ".join(f"{m} members" for m in members)
        + " |"
    )
    print("|---|" + "---:|" * len(members))
    figures = (
        ("CPU per update, burst", lambda r: r["burst"]["cpu_ms_per_update"]),
        ("CPU per update, steady", lambda r: r["steady"]["cpu_ms_per_update"]),
        ("steady latency p95", lambda r: r["steady"]["p95_ms"]),
    )
    for label, get in figures:
        cells = []
        for m in members:
            ratios = [get(p) / get(e) for p, e in zip(runs[("product", m)], echo, strict=False)]
            each = ", ".join(f"{x:.2f}" for x in ratios)
            cells.append(f"**{statistics.median(ratios):.2f}** ({each})")
        print(f"| {label} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
