"""Spreadsheets: indicator master, data format, intake, capaian, recap workbooks, chart.

Plain functions on bytes/paths and frozen dataclasses; no Telegram, no database, so the
engine can call them in a worker thread. The API is documented in docs/SPREADSHEETS.md.
"""

import sys
import warnings

# openpyxl imports numpy whenever it is installed (to treat numpy scalars as numbers; we never
# write any), and matplotlib brings numpy along: that alone would add ~20 MB to the idle bot.
# Hide numpy while openpyxl loads; charts import it for real when one is drawn.
if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]

# openpyxl warns about workbook features we do not read (extensions, styles). Set once for the
# process: warnings.catch_warnings() in worker threads would race with every other thread.
warnings.filterwarnings("ignore", module="openpyxl")

from bot.sheets.capaian import DEFAULT_BANDS, compute_capaian
from bot.sheets.charts import indicator_chart_png, unit_chart_png
from bot.sheets.indicators import load_master
from bot.sheets.intake import check_upload
from bot.sheets.recap import compile_recap
from bot.sheets.result import IntakeResult, diff
from bot.sheets.scales import Scale, ScaleError, load_scale
from bot.sheets.summary import RecapUnit, summarize
from bot.sheets.template import FormatId, build_template
from bot.sheets.types import (
    ComplianceRow,
    FilledRow,
    Indicator,
    IndicatorMaster,
    MasterError,
    Problem,
    RangeTarget,
    SourceFile,
    UnitSummary,
)
from bot.sheets.unit_recap import unit_recap

__all__ = [
    "ComplianceRow",
    "DEFAULT_BANDS",
    "FilledRow",
    "FormatId",
    "Indicator",
    "IndicatorMaster",
    "IntakeResult",
    "MasterError",
    "Problem",
    "RangeTarget",
    "RecapUnit",
    "Scale",
    "ScaleError",
    "SourceFile",
    "UnitSummary",
    "build_template",
    "check_upload",
    "compile_recap",
    "compute_capaian",
    "diff",
    "indicator_chart_png",
    "load_master",
    "load_scale",
    "summarize",
    "unit_chart_png",
    "unit_recap",
]
