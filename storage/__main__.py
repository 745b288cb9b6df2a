"""`python -m storage revision "what changed"`: write the next Alembic migration after a
change to storage/models.py (compared against a scratch database at the newest revision)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from storage.db import alembic_config, make_engine, migrate


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "revision":
        print('pemakaian: python -m storage revision "apa yang berubah"', file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        engine = make_engine(f"sqlite:///{Path(scratch) / 'scratch.db'}")
        migrate(engine)
        command.revision(alembic_config(engine), message=argv[1], autogenerate=True)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
