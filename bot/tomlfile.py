"""Reading the operator's TOML files with errors that name the file."""

from __future__ import annotations

import tomllib
from pathlib import Path


def read_toml(path: Path, error: type[Exception], what: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: berkas {what} tidak ditemukan") from None
    except IsADirectoryError:
        raise error(f"{path}: ini folder, bukan berkas {what}; tulis path berkas .toml-nya") from None
    except OSError as exc:
        raise error(f"{path}: berkas {what} tidak dapat dibaca ({exc.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise error(f"{path}: bukan TOML yang sah ({exc})") from None
