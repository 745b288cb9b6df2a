"""Render every file the bot hands out to PNG pages through LibreOffice, to look at them as an
official would see them printed.

    python tools/render.py                      # 5-unit sample recap -> render/
    python tools/render.py --units 50 --indicators 200 --out render-big
    python tools/render.py --files a.xlsx b.docx  # render given files only

Writes, per file, `<file name>.pdf` and `<file name>-<page>.png` (60 dpi; `--dpi` to change) next to the
file itself. Needs `soffice` (LibreOffice) and `pdftoppm` (poppler) on PATH; without them it
still writes the files and says what it could not render.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.samples import sample_files  # noqa: E402


def render(path: Path, dpi: int) -> list[Path]:
    """PDF then PNG pages of one file; [] when the tools are missing."""
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        return []
    if path.suffix != ".png":
        profile = Path(tempfile.mkdtemp(prefix="lo_render_"))  # a private profile: no lock clash
        try:
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(path.parent),
                    str(path),
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        # A workbook and its report document share a stem: name the renders by the whole file name.
        pdf = path.with_name(path.name + ".pdf")
        path.with_suffix(".pdf").replace(pdf)
        for old in path.parent.glob(f"{path.name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(path.parent / path.name)], check=True)
        return sorted(path.parent.glob(f"{path.name}-*.png"))
    return [path]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=0, help="per unit; 0 = the shipped master")
    parser.add_argument("--out", default="render")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--files", nargs="*", help="render these files instead of generating a sample")
    args = parser.parse_args()
    if args.files:
        paths = [Path(f) for f in args.files]
    else:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, data in sample_files(units=args.units, indicators=args.indicators).items():
            (out / name).write_bytes(data)
            paths.append(out / name)
    for path in paths:
        pages = render(path, args.dpi)
        shown = f"{len(pages)} halaman" if pages else "tidak dirender (soffice/pdftoppm tidak ada)"
        print(f"{path}: {os.path.getsize(path)} B, {shown}")


if __name__ == "__main__":
    main()
