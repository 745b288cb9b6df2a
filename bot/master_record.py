"""Which indicator master is in force, and whether that very file has already passed its check.

Reading a master needs openpyxl (with lxml and Pillow, ~20 MB resident), which the idle bot does
without. So a start parses the master only when it is not the file recorded here after its last
successful check (docs/DECISIONS.md, "Files"). Light on purpose: no spreadsheet import.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from bot.filestore import sha256_hex

log = logging.getLogger(__name__)
RECORD = ".checked"  # in DATA_DIR/master/, beside the operator's masters (indikator_*)


def master_in_force(indicators_file: Path, data_dir: Path) -> Path:
    """An operator's replacement (sent with /indikator) wins over INDICATORS_FILE."""
    folder = data_dir / "master"
    installed = sorted(folder.glob("indikator_*")) if folder.is_dir() else []
    return installed[-1] if installed else Path(indicators_file)


def _identity(path: Path, data: bytes, known_units: Collection[str]) -> dict:
    # The units are part of it: the check refuses a master naming a unit the organisation lacks.
    return {
        "path": str(path.resolve()),
        "size": len(data),
        "sha256": sha256_hex(data),
        "units": sorted(known_units),
    }


def is_checked(data_dir: Path, path: Path, known_units: Collection[str]) -> bool:
    """True when `path`, as it is now on disk, is the master last recorded as good for these units."""
    try:
        recorded = json.loads((data_dir / "master" / RECORD).read_text(encoding="utf-8"))
        if recorded.get("size") != path.stat().st_size:  # most edits change the size: no hashing
            return False
        return recorded == _identity(path, path.read_bytes(), known_units)
    except (OSError, ValueError, AttributeError):  # no record, unreadable, or not a JSON object
        return False


def record_checked(data_dir: Path, path: Path, data: bytes, known_units: Collection[str]) -> None:
    """Record `data` (the bytes that passed the check, read from `path`) as the good master.

    Written to a temporary file and renamed, so a crash never leaves half a record. Best effort:
    without a record the next start checks the master again, which is only slower."""
    folder = data_dir / "master"
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f"{RECORD}-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_identity(path, data, known_units), out)
        os.replace(temporary, folder / RECORD)
    except OSError as exc:
        log.warning("catatan master indikator yang sudah diperiksa tidak dapat ditulis di %s: %s", folder, exc)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
