"""Configuration and SOP files: bad input stops the start with one line that says what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.org import OrgError, load_org
from bot.sop import SopError, load_sop

ROOT = Path(__file__).resolve().parents[1]


def run_bot(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        timeout=60,
    )


def test_missing_token_stops_with_one_line_naming_the_variable(tmp_path):
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "BotFather" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_bad_value_names_the_variable(tmp_path):
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-TOKEN", WORK_HOURS="setiap hari")
    assert result.returncode == 2 and "WORK_HOURS" in result.stderr and "Traceback" not in result.stderr
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-TOKEN", ADMIN_IDS="budi")
    assert result.returncode == 2 and "ADMIN_IDS" in result.stderr


def test_settings_read_lists_and_dates():
    settings = load_settings(admin_ids="1, 2", extra_holidays="2026-12-24,2026-12-31", org_file="")
    assert settings.admin_ids == (1, 2)
    assert [d.isoformat() for d in settings.extra_holidays] == ["2026-12-24", "2026-12-31"]
    assert settings.org_file.name == "organisasi.toml"
    with pytest.raises(ConfigError, match="TIMEZONE"):
        load_settings(timezone="Mars/Base")
    with pytest.raises(ConfigError, match="EXTRA_HOLIDAYS"):
        load_settings(extra_holidays="24-12-2026")


def test_webhook_needs_a_secret():
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET"):
        load_settings(telegram_bot_token="1:x", webhook_url="https://x.example/tg").require_token()


SOP_STEP = """
[[steps]]
no = {no}
title = "Langkah"
actor = "{actor}"
per_unit = false
minutes = {minutes}
output = "Dokumen"
kind = "{kind}"
"""


def write_sop(tmp_path, *steps: dict) -> Path:
    path = tmp_path / "sop.toml"
    path.write_text('name = "uji"\n' + "".join(SOP_STEP.format(**s) for s in steps), encoding="utf-8")
    return path


def test_both_shipped_sops_load():
    for name, count in (("pengumpulan_data_kinerja.toml", 9), ("ringkasan.toml", 6)):
        sop = load_sop(ROOT / "bot" / "sops" / name)
        assert len(sop.steps) == count and sop.first_step.kind == "perintah"


@pytest.mark.parametrize(
    "step, field",
    [
        ({"no": 1, "actor": "kaban", "minutes": '"15"', "kind": "perintah"}, "minutes"),
        ({"no": 1, "actor": "bupati", "minutes": 15, "kind": "perintah"}, "actor"),
        ({"no": 1, "actor": "kaban", "minutes": 15, "kind": "lapor"}, "kind"),
        ({"no": 1, "actor": "kaban", "minutes": 0, "kind": "perintah"}, "minutes"),
    ],
)
def test_a_broken_sop_names_the_file_the_step_and_the_field(tmp_path, step, field):
    path = write_sop(tmp_path, step)
    with pytest.raises(SopError) as error:
        load_sop(path)
    assert str(path) in str(error.value) and "no 1" in str(error.value) and f"'{field}'" in str(error.value)


def test_a_missing_field_is_named(tmp_path):
    path = tmp_path / "sop.toml"
    path.write_text('[[steps]]\nno = 1\ntitle = "x"\nactor = "kaban"\nper_unit = false\noutput = "x"\n')
    with pytest.raises(SopError, match="'minutes': wajib diisi"):
        load_sop(path)


def test_a_broken_sop_stops_the_bot_with_one_line(tmp_path):
    path = write_sop(tmp_path, {"no": 1, "actor": "bupati", "minutes": 15, "kind": "perintah"})
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN="123456:TEST-TOKEN", SOP_FILE=str(path))
    assert result.returncode == 2 and "'actor'" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_organisation_is_refused(tmp_path):
    path = tmp_path / "org.toml"
    path.write_text('[[units]]\ncode = "Anggaran Bidang"\nname = "x"\n')
    with pytest.raises(OrgError, match="'code'"):
        load_org(path)
