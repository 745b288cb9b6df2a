"""The organisation: the agency (for letterheads and the signature block) and the units that
report data, from `ORG_FILE` (TOML)."""

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
    place: str = ""  # where the recap is signed ("Blambangan Umpu")
    head_title: str = ""  # "Kepala Badan ..."; empty = "Kepala " + name
    head_name: str = ""  # optional: the signature block leaves a line to write on
    head_nip: str = ""

    @property
    def signer_title(self) -> str:
        return self.head_title or f"Kepala {self.name}"

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
    name = _text(path, raw, "name")
    nip = _text(path, raw, "head_nip").replace(" ", "")
    if nip and not (nip.isdigit() and len(nip) == 18):
        raise OrgError(f"{path}: kolom 'head_nip': NIP terdiri dari 18 angka (mis. 197501012000031001)")
    return Organisation(
        name,
        _text(path, raw, "short_name") or name,
        units,
        place=_text(path, raw, "place"),
        head_title=_text(path, raw, "head_title"),
        head_name=_text(path, raw, "head_name"),
        head_nip=nip,
    )


def _text(path: Path, raw: dict, key: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise OrgError(f"{path}: kolom '{key}': harus teks")
    return str(value).strip()


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
