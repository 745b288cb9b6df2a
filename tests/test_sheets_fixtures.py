"""The fixture script still runs, and the committed fixtures stay small."""

from tests.fixtures import make_fixtures
from tests.fixtures.common import FIXTURES


def test_openpyxl_fixtures_can_be_rebuilt_without_libreoffice(monkeypatch):
    monkeypatch.setattr(make_fixtures.shutil, "which", lambda name: None)
    built = make_fixtures.build_all()
    assert {"filled_messy.xlsx", "encrypted.xlsx", "bomb.xlsx"} <= set(built)
    assert not any(name.startswith("lo_") for name in built)
    for name in built:
        assert (FIXTURES / name).exists(), f"{name} is built but not committed"


def test_committed_fixtures_are_small():
    files = [p for p in FIXTURES.iterdir() if p.suffix in (".xlsx", ".xlsm", ".xls", ".ods")]
    assert len(files) >= 20
    assert all(p.stat().st_size < 50 * 1024 for p in files)
