"""Excel ledgers (台账): the annual project list out to district offices, and their updates back in.

Pure Python (openpyxl, no QGIS). The Processing algorithms ``lifecircle:exportledger`` /
``lifecircle:importledger`` and the project dock read the layer and call :func:`export_ledger` /
:func:`read_ledger`.

**Export** (:func:`export_ledger`) writes a workbook in Chinese, the way an office uses it:

* ``项目台账`` — the projects grouped by 街镇, each group followed by an investment subtotal and the sheet by a
  total; frozen header, autofilter, widths, date and number formats. The columns the office fills
  (:data:`OFFICE_FIELDS`: status, progress, the start/end dates, the 一图三会 dates and remarks) are unlocked,
  yellow and carry data validation (a dropdown for the status, 0–100 for the progress, dates between 2000 and
  2100, a length limit for remarks); everything else is locked by sheet protection *without* a password (it
  guards against slips, not people). A3 landscape, fit to width, the header row repeated on every page.
  Two hidden columns carry the round trip: ``校验码`` — the :func:`fingerprint` of the project's values at export
  — and ``导出值`` — those values themselves (JSON, canonical text), so the import knows what the office changed
  and, for a conflict, what changed in QGIS.
* ``汇总`` — counts and investment by 街镇 × status and by 十全/十美 category, with charts;
* ``单元体检`` (coverage units given) — the 十全/十美 covered share per unit, met / not met by conditional
  colours, missing categories; ``缺项与选址`` (units or siting results given) — gaps and recommended sites;
  ``潜力空间`` (potential-space parcels given) — ranked parcels with reasons; ``成效评估`` (project-impact or
  compare-coverage results given) — per unit before/after and per project residents newly covered;
* ``说明`` — what was exported, from which layer, when, by which plugin version, and how to return it; and a
  very hidden ``_lifecircle`` sheet with the same facts for the import.

Text that begins with ``= + - @`` is written as text (never a formula: formula injection). The project rows of
``项目台账`` are streamed into the sheet XML by a small writer of our own (:class:`_FastRows`) after openpyxl has
written everything else: openpyxl's per-cell objects cost ~17 µs a cell, and 10,000 projects × 27 columns must
export in well under 3 s.

**Import** (:func:`read_ledger`) reads a returned workbook with a streaming reader of its own (expat over the
zip; bounded memory): cached values of formulas are taken, a formula without a cached value is refused (it is
never evaluated) — openpyxl's ``data_only`` mode cannot tell such a cell from an empty one. Rows are matched by
project id; only the office's fields are taken; every change is listed (project, field, old → new) before
anything is written; a project changed in QGIS since the export (its fingerprint differs) is a conflict shown
side by side and not applied; every error names sheet, row and column. Files saved by Excel, WPS and
LibreOffice are read the same way (shared or inline strings, 1900/1904 dates, built-in East Asian date
formats, percent cells).

**The package**, one idea a module: ``model`` (the workbook's shape: sheets, columns, rows, limits; the export's
inputs and result), ``values`` (canonical text, fingerprints), ``selection`` (which projects, in what order),
``styles`` and ``page`` (cells, styles, row heights, print setup), ``fast_rows`` (the streamed project rows),
``sheets/`` (one writer per sheet), ``export`` (the workbook written and saved atomically); ``xlsx_stream`` and
``xlsx_cells`` (the streaming reader of a returned workbook), ``import_sheet`` (its header and rows),
``import_cells`` (a cell as a field's value), ``import_diff`` (the rows compared with the project list) and
``import_result`` (what the import would change). This module re-exports the names callers use.
"""

from __future__ import annotations

from ..errors import LifeCircleError
from .model import (
    LEDGER_SHEET, SUMMARY_SHEET, UNITS_SHEET, GAPS_SHEET, POTENTIAL_SHEET, IMPACT_SHEET, NEEDS_SHEET, README_SHEET,
    META_SHEET, EXPORT_SHEETS, FORMAT_NAME, FORMAT_VERSION, OFFICE_FIELDS, LEDGER_FIELDS, FINGERPRINT_KEY,
    EXPORTED_IDS_KEY, EXPORTED_KEY, FINGERPRINT_HEADER, EXPORTED_HEADER, TITLE_ROW, NOTE_ROW, HEADER_ROW,
    FIRST_DATA_ROW, MAX_LEDGER_ROWS, MAX_PART_BYTES, HEADER_SEARCH_ROWS, DATE_MIN, DATE_MAX, REMARKS_MAX_CHARS,
    NO_SUBDISTRICT, LedgerError, ExportInfo, ExportExtras, ExportSummary, LedgerColumn, ledger_columns, DATE_KIND,
    LOCKED_FIELDS,
)
from .values import typed_value, canonical, fingerprint, show
from .runtime import plugin_version
from .selection import parse_years, parse_names, select_projects, group_by_subdistrict
from .styles import (
    C_HEADER, C_OFFICE_HEADER, C_OFFICE, C_SUBTOTAL, C_TOTAL, C_MET, C_MET_TEXT, C_NOT_MET, C_NOT_MET_TEXT, C_BETTER,
    _header_row, _put, _Styles, _letter,
)
from .page import LINE_HEIGHT_PT
from .export import export_ledger
from .sheets.layer_fields import unit_share_codes, POTENTIAL_ROLES, potential_columns, SITE_ROLES, site_columns
from .xlsx_cells import column_index, CellValue
from .import_result import (
    LedgerIssue, LedgerChange, ConflictField, LedgerConflict, LockedEdit, SkippedRow, LedgerImport,
)
from .import_diff import read_ledger

__all__ = [
    "LEDGER_SHEET", "SUMMARY_SHEET", "UNITS_SHEET", "GAPS_SHEET", "POTENTIAL_SHEET", "IMPACT_SHEET", "NEEDS_SHEET",
    "README_SHEET", "META_SHEET", "EXPORT_SHEETS", "FORMAT_NAME", "FORMAT_VERSION", "OFFICE_FIELDS", "LEDGER_FIELDS",
    "FINGERPRINT_KEY", "EXPORTED_IDS_KEY", "EXPORTED_KEY", "FINGERPRINT_HEADER", "EXPORTED_HEADER", "TITLE_ROW",
    "NOTE_ROW", "HEADER_ROW", "FIRST_DATA_ROW", "MAX_LEDGER_ROWS", "MAX_PART_BYTES", "HEADER_SEARCH_ROWS", "DATE_MIN",
    "DATE_MAX", "REMARKS_MAX_CHARS", "NO_SUBDISTRICT", "LedgerError", "ExportInfo", "ExportExtras", "ExportSummary",
    "LedgerColumn", "ledger_columns", "DATE_KIND", "LOCKED_FIELDS", "typed_value", "canonical", "fingerprint", "show",
    "plugin_version", "parse_years", "parse_names", "select_projects", "group_by_subdistrict", "C_HEADER",
    "C_OFFICE_HEADER", "C_OFFICE", "C_SUBTOTAL", "C_TOTAL", "C_MET", "C_MET_TEXT", "C_NOT_MET", "C_NOT_MET_TEXT",
    "C_BETTER", "_header_row", "_put", "_Styles", "_letter", "LINE_HEIGHT_PT", "export_ledger", "unit_share_codes",
    "POTENTIAL_ROLES", "potential_columns", "SITE_ROLES", "site_columns", "column_index", "CellValue", "LedgerIssue",
    "LedgerChange", "ConflictField", "LedgerConflict", "LockedEdit", "SkippedRow", "LedgerImport", "read_ledger",
    "LifeCircleError",
]
