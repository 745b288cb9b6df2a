"""The Dockerfile's install steps, tried where no container engine runs: the package built and
installed into a clean virtual environment works from any folder, writing only under its data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_package_checks_and_writes_only_its_data_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies come from this test's own environment; the project itself only from the wheel.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(wheels.glob("kinerja_bot-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    home = tmp_path / "var-lib-kinerja"
    (home / "data").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "KINERJA_", "PYTHON"))}
    env.update(
        TELEGRAM_BOT_TOKEN="123456:TEST-TOKEN",
        ADMIN_IDS="1",
        DATA_DIR=str(home / "data"),
        DATABASE_URL=f"sqlite:///{home}/data/kinerja.db",
    )
    result = subprocess.run(
        [python, "-m", "bot", "check"], cwd=home, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (
        str(ROOT)
        not in subprocess.run(
            [python, "-c", "import bot; print(bot.__file__)"], cwd=home, env=env, capture_output=True, text=True
        ).stdout
    )
    assert sorted(p.name for p in home.rglob("*")) == ["data"], "check creates nothing"
