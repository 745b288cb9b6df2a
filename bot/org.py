"""The organisation: the units that report data, from `ORG_FILE` (TOML)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.tomlfile import read_toml


class OrgError(Exception):
    """A broken organisation file; the message names the file and the unit."""


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    reports_data: bool = True
    head_role: str = "kabid"


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    units: tuple[Unit, ...]

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    @property
    def data_units(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.reports_data)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    def unit_led_by(self, role: str) -> Unit | None:
        """The unit a unit-less role heads (sekretaris -> sekretariat)."""
        return next((u for u in self.units if u.head_role == role), None)


def load_org(path: Path | str) -> Organisation:
    path = Path(path)
    raw = read_toml(path, OrgError, "organisasi")
    units = tuple(_parse_unit(path, i, u) for i, u in enumerate(raw.get("units", []), 1))
    if not any(u.reports_data for u in units):
        raise OrgError(f"{path}: tidak ada unit yang melapor data ([[units]])")
    codes = [u.code for u in units]
    if len(codes) != len(set(codes)):
        raise OrgError(f"{path}: kode unit berulang ({codes})")
    return Organisation(str(raw.get("name", "")), str(raw.get("short_name", raw.get("name", ""))), units)


def _parse_unit(path: Path, index: int, raw: dict) -> Unit:
    for name in ("code", "name"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise OrgError(f"{path}: unit ke-{index}, kolom '{name}': wajib diisi (teks)")
    code = raw["code"].strip()
    if not code.replace("_", "").isalnum() or code != code.lower():
        raise OrgError(f"{path}: unit '{code}', kolom 'code': huruf kecil, angka dan _ saja")
    head_role = raw.get("head_role", "kabid")
    if head_role not in ("kabid", "sekretaris", "perencanaan", "umum", "kaban"):
        raise OrgError(f"{path}: unit '{code}', kolom 'head_role': peran '{head_role}' tidak dikenal")
    return Unit(code, raw["name"].strip(), bool(raw.get("reports_data", True)), head_role)
