"""Category scales as data: the presets in `bot/scales/*.toml`, or an agency's own file.

A scale is a list of half-open bands, highest first. Each band but the last has a lower
bound, `from` (capaian >= bound) or `above` (capaian > bound); the last takes everything
below. The category is decided on the capaian as it is shown (two decimals, half-up), so
the figure in the recap and its category never disagree (docs/CAPAIAN.md).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

PRESET_DIR = Path(__file__).resolve().parent.parent / "scales"
DEFAULT_SCALE_NAME = "permendagri-86-2017"
CENT = Decimal("0.01")


class ScaleError(ValueError):
    """A broken scale file; the message names the file and the line."""


def shown_capaian(capaian: Decimal) -> Decimal:
    """The capaian as the chat and the recap show it: two decimals, half-up (90,995 -> 91,00)."""
    return capaian.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    label: str
    bound: Decimal | None  # None: the lowest band, everything below the others
    strict: bool = False  # True: capaian > bound ("above"); False: capaian >= bound ("from")

    def holds(self, shown: Decimal) -> bool:
        if self.bound is None:
            return True
        return shown > self.bound if self.strict else shown >= self.bound


@dataclass(frozen=True)
class Scale:
    name: str
    bands: tuple[Band, ...]
    source: str = ""

    def category(self, capaian: Decimal | None) -> str | None:
        if capaian is None:
            return None
        shown = shown_capaian(capaian)
        return next(band.label for band in self.bands if band.holds(shown))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(band.label for band in self.bands)

    @property
    def lowest_two(self) -> tuple[str, ...]:
        """The bands whose shortfall the Laporan Kinerja must explain (Faktor Penghambat)."""
        return self.labels[-2:]


def presets() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in PRESET_DIR.glob("*.toml")))


def load_scale(choice: str | Path) -> Scale:
    """A preset's name (`permendagri-86-2017`) or a path to a TOML file; ScaleError otherwise."""
    text = str(choice).strip() or DEFAULT_SCALE_NAME
    is_file = isinstance(choice, Path) or "/" in text or "\\" in text or text.endswith(".toml")
    if not is_file:
        if text not in presets():
            raise ScaleError(
                f"skala '{text}' tidak dikenal; pilih salah satu: {', '.join(presets())}, "
                "atau tulis path berkas .toml skala sendiri"
            )
        return read_scale(PRESET_DIR / f"{text}.toml")
    return read_scale(Path(text))


def read_scale(path: Path) -> Scale:
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScaleError(f"{path}: berkas skala tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaleError(f"{path}: berkas skala tidak dapat dibaca ({exc})") from None
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:  # its text already says "(at line N, column M)"
        raise ScaleError(f"{path}: bukan TOML yang sah ({exc})") from None
    return _parse(raw, _Lines(path, source))


class _Lines:
    """Finds the line of the n-th [[band]] and of a key inside it, for error messages."""

    def __init__(self, path: Path, source: str) -> None:
        self.path = path
        self.lines = source.splitlines()
        self.headers = [i for i, line in enumerate(self.lines, 1) if line.strip().startswith("[[band]]")]

    def of(self, index: int, key: str | None = None) -> int:
        if index >= len(self.headers):
            return 1
        start = self.headers[index]
        end = self.headers[index + 1] if index + 1 < len(self.headers) else len(self.lines) + 1
        if key:
            for number in range(start + 1, end):
                if self.lines[number - 1].strip().split("=")[0].strip() == key:
                    return number
        return start

    def error(self, index: int, key: str | None, message: str) -> ScaleError:
        return ScaleError(f"{self.path}, baris {self.of(index, key)}: {message}")


def _parse(raw: dict, lines: _Lines) -> Scale:
    bands_raw = raw.get("band")
    if not isinstance(bands_raw, list) or len(bands_raw) < 2:
        raise ScaleError(
            f"{lines.path}, baris 1: skala perlu paling sedikit dua [[band]] "
            "(tertinggi dulu; yang terakhir tanpa batas)"
        )
    bands = [_band(i, b, lines, last=i == len(bands_raw) - 1) for i, b in enumerate(bands_raw)]
    for i in range(1, len(bands) - 1):
        if bands[i].bound >= bands[i - 1].bound:  # type: ignore[operator]
            key = "above" if bands[i].strict else "from"
            raise lines.error(
                i,
                key,
                f"batas {bands[i].bound} harus lebih kecil dari batas band di atasnya "
                f"({bands[i - 1].bound}): tulis band tertinggi dulu",
            )
    seen: set[str] = set()
    for i, band in enumerate(bands):
        if band.label.lower() in seen:
            raise lines.error(i, "label", f'label "{band.label}" dipakai dua kali')
        seen.add(band.label.lower())
    return Scale(str(raw.get("name") or lines.path.stem), tuple(bands), str(raw.get("source") or ""))


def _band(index: int, raw: object, lines: _Lines, *, last: bool) -> Band:
    if not isinstance(raw, dict):
        raise lines.error(index, None, "band harus berupa tabel [[band]]")
    label = " ".join(str(raw.get("label") or "").split())
    if not label:
        raise lines.error(index, None, 'label wajib diisi (mis. label = "Sangat Tinggi")')
    unknown = sorted(set(raw) - {"label", "from", "above"})
    if unknown:
        raise lines.error(index, unknown[0], f"kunci '{unknown[0]}' tidak dikenal (pakai label, from, above)")
    keys = [k for k in ("from", "above") if k in raw]
    if last:
        if keys:
            raise lines.error(
                index,
                keys[0],
                "band terakhir (terendah) tidak punya batas: hapus "
                f"'{keys[0]}', ia menampung semua capaian di bawahnya",
            )
        return Band(label, None)
    if len(keys) != 1:
        raise lines.error(
            index,
            keys[1] if keys else None,
            "isi tepat satu batas: from = 91 (capaian >= 91) atau above = 85 (capaian > 85)",
        )
    value = raw[keys[0]]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise lines.error(index, keys[0], f"batas {value!r} bukan angka")
    try:
        bound = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise lines.error(index, keys[0], f"batas {value!r} bukan angka") from None
    return Band(label, bound, strict=keys[0] == "above")


DEFAULT_SCALE = load_scale(DEFAULT_SCALE_NAME)
