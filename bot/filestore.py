"""Files under DATA_DIR: every received upload (never overwritten) and the workbooks the bot makes."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    cleaned = SAFE.sub("_", name).strip("._") or "berkas"
    return cleaned[-120:]


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def keep_upload(
        self, data: bytes, *, periode_code: str, unit_code: str, file_name: str, received_at: datetime
    ) -> Path:
        """Store a received file under a name no later upload can take."""
        stamp = received_at.strftime("%Y%m%dT%H%M%S%fZ")
        folder = self.root / "uploads" / periode_code / unit_code
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{stamp}_{sha256_hex(data)[:12]}_{safe_name(file_name)}"
        _write_new(path, data)
        return path

    def write_generated(self, relative: str, data: bytes) -> Path:
        """A workbook the bot made; a new version gets a new name, older ones stay."""
        path = self.root / "generated" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        versioned = path.with_name(f"{path.stem}_{sha256_hex(data)[:10]}{path.suffix}")
        if not versioned.exists():
            _write_new(versioned, data)
        return versioned


def _write_new(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".part")
    temporary.write_bytes(data)
    temporary.replace(path)
