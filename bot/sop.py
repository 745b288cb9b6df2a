"""SOP definitions: TOML files in `bot/sops/`, validated when the bot starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.kinds import SOP_ACTORS, Role, StepKind
from bot.tomlfile import read_toml

REQUIRED = ("no", "title", "actor", "per_unit", "minutes", "output")


class SopError(Exception):
    """A broken SOP file; the message names the file, the step and the field."""


@dataclass(frozen=True)
class ReminderPolicy:
    before: tuple[float, ...] = (0.5, 0.8)
    at_deadline: bool = True
    escalate: bool = True
    daily_while_late: bool = True
    meeting_minutes_before: int = 30  # every invitee is reminded this many (clock) minutes before a meeting


@dataclass(frozen=True)
class Step:
    no: int
    title: str
    actor: Role
    per_unit: bool
    minutes: int
    output: str
    kind: StepKind = StepKind.TUGAS
    unit: str | None = None
    return_to: int | None = None
    attendees: tuple[Role, ...] = ()
    kelengkapan: str = ""  # Mutu Baku "Kelengkapan": what the step needs in hand (a disposition, a document)


@dataclass(frozen=True)
class SopDefinition:
    name: str
    title: str
    reference: str
    steps: tuple[Step, ...]
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)
    source: Path | None = None

    def step(self, no: int) -> Step:
        return next(s for s in self.steps if s.no == no)

    def next_step(self, no: int) -> Step | None:
        later = [s for s in self.steps if s.no > no]
        return later[0] if later else None

    @property
    def first_step(self) -> Step:
        return self.steps[0]


def load_sop(path: Path | str, *, unit_codes: tuple[str, ...] = ()) -> SopDefinition:
    path = Path(path)
    raw = read_toml(path, SopError, "SOP")
    steps = tuple(_parse_step(path, i, s, unit_codes) for i, s in enumerate(raw.get("steps", []), 1))
    _check_sequence(path, steps)
    return SopDefinition(
        name=str(raw.get("name") or path.stem),
        title=str(raw.get("title") or path.stem),
        reference=str(raw.get("reference", "")),
        steps=steps,
        reminders=_parse_reminders(path, raw.get("reminders", {})),
        source=path,
    )


def _fail(path: Path, where: str, field_name: str, reason: str) -> SopError:
    return SopError(f"{path}: {where}, kolom '{field_name}': {reason}")


def _parse_step(path: Path, index: int, raw: dict, unit_codes: tuple[str, ...]) -> Step:
    where = f"langkah ke-{index}" + (f" (no {raw['no']})" if "no" in raw else "")
    for name in REQUIRED:
        if name not in raw:
            raise _fail(path, where, name, "wajib diisi")
    _expect(path, where, raw, "no", int, "harus bilangan bulat")
    _expect(path, where, raw, "minutes", int, "harus bilangan bulat menit kerja")
    _expect(path, where, raw, "per_unit", bool, "harus true atau false")
    if raw["minutes"] <= 0:
        raise _fail(path, where, "minutes", f"harus lebih dari 0, bukan {raw['minutes']}")
    if raw["actor"] not in SOP_ACTORS:
        raise _fail(path, where, "actor", f"peran '{raw['actor']}' tidak dikenal ({', '.join(SOP_ACTORS)})")
    kind = raw.get("kind", StepKind.TUGAS)
    if kind not in StepKind.__members__.values():
        raise _fail(path, where, "kind", f"'{kind}' tidak dikenal ({', '.join(StepKind)})")
    unit = raw.get("unit")
    if unit is not None and unit_codes and unit not in unit_codes:
        raise _fail(path, where, "unit", f"unit '{unit}' tidak ada di organisasi")
    attendees = tuple(raw.get("attendees", ()))
    for role in attendees:
        if role not in Role.__members__.values():
            raise _fail(path, where, "attendees", f"peran '{role}' tidak dikenal")
    return Step(
        no=raw["no"],
        title=str(raw["title"]),
        actor=Role(raw["actor"]),
        per_unit=raw["per_unit"],
        minutes=raw["minutes"],
        output=str(raw["output"]),
        kind=StepKind(kind),
        unit=unit,
        return_to=raw.get("return_to"),
        attendees=tuple(Role(r) for r in attendees),
        kelengkapan=str(raw.get("kelengkapan", "")),
    )


def _expect(path: Path, where: str, raw: dict, name: str, kind: type, reason: str) -> None:
    value = raw[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise _fail(path, where, name, f"{reason}, bukan {value!r}")


def _check_sequence(path: Path, steps: tuple[Step, ...]) -> None:
    if not steps:
        raise SopError(f"{path}: tidak ada langkah ([[steps]])")
    numbers = [s.no for s in steps]
    if numbers != sorted(set(numbers)):
        raise SopError(f"{path}: nomor langkah harus naik dan tidak berulang ({numbers})")
    if steps[0].kind != StepKind.PERINTAH:
        raise _fail(path, f"langkah no {steps[0].no}", "kind", "langkah pertama harus 'perintah'")
    for step in steps:
        if step.kind.per_unit_only and not step.per_unit:
            raise _fail(path, f"langkah no {step.no}", "per_unit", f"langkah '{step.kind}' harus per unit")
        if step.return_to is not None and step.return_to not in numbers:
            raise _fail(path, f"langkah no {step.no}", "return_to", f"langkah {step.return_to} tidak ada")
        if step.return_to is not None and not (step.per_unit and step.return_to < step.no):
            raise _fail(path, f"langkah no {step.no}", "return_to", "harus langkah per unit sebelumnya")


def _parse_reminders(path: Path, raw: dict) -> ReminderPolicy:
    before = tuple(float(x) for x in raw.get("before", (0.5, 0.8)))
    if any(not 0 < x < 1 for x in before):
        raise SopError(f"{path}: [reminders], kolom 'before': pecahan harus di antara 0 dan 1 ({before})")
    return ReminderPolicy(
        before=tuple(sorted(before)),
        at_deadline=bool(raw.get("at_deadline", True)),
        escalate=bool(raw.get("escalate", True)),
        daily_while_late=bool(raw.get("daily_while_late", True)),
        meeting_minutes_before=_meeting_lead(path, raw.get("meeting_minutes_before", 30)),
    )


def _meeting_lead(path: Path, raw: object) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 0 <= raw <= 24 * 60:
        raise SopError(f"{path}: [reminders], kolom 'meeting_minutes_before': menit 0 sampai 1440 ({raw!r})")
    return raw
