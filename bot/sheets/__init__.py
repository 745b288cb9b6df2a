"""Spreadsheets: indicator master, data format, intake, capaian, recap workbooks, chart.

Plain functions on bytes/paths and frozen dataclasses; no Telegram, no database, so the
engine can call them in a worker thread. The API is documented in docs/SPREADSHEETS.md.

Import from the submodules: this package imports nothing, so the light ones (types, scales,
numbers) never load openpyxl, which the idle bot does without (docs/DECISIONS.md).
"""

import warnings

# openpyxl warns about workbook features we do not read (extensions, styles). Set once for the
# process: warnings.catch_warnings() in worker threads would race with every other thread. The
# filter matches by module name, so it holds before openpyxl is imported.
warnings.filterwarnings("ignore", module="openpyxl")
