"""Reading the returned 项目台账: the header found, its columns checked, rows without a project told apart."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from .. import projects as P
from ..errors import Msg, Steps
from .import_result import LedgerImport, LedgerIssue, SkippedRow
from .model import (
    EXPORT_SHEETS, EXPORTED_HEADER, EXPORTED_IDS_KEY, EXPORTED_KEY, FINGERPRINT_HEADER, FINGERPRINT_KEY,
    HEADER_SEARCH_ROWS, LEDGER_FIELDS, LEDGER_SHEET, LedgerError, MAX_LEDGER_ROWS, META_SHEET, OFFICE_FIELDS,
)
from .styles import _letter
from .values import _as_text
from .xlsx_cells import _range_bounds, _StopReading
from .xlsx_stream import _Workbook


def _normal_header(text: object) -> str:
    s = str(text or "")
    s = s.replace("（", "(").replace("）", ")").replace("％", "%")
    return re.sub(r"\s+", "", s).lower()


def _header_names() -> dict[str, str]:
    """Normalised header text -> ledger key (Chinese alias, English alias, field name)."""
    names: dict[str, str] = {}
    for key in LEDGER_FIELDS:
        spec = P.FIELDS_BY_NAME.get(key)
        if spec is None:
            continue
        for n in (spec.alias_zh, spec.alias_en, spec.name):
            names.setdefault(_normal_header(n), key)
    for key, header in ((FINGERPRINT_KEY, FINGERPRINT_HEADER), (EXPORTED_KEY, EXPORTED_HEADER)):
        names[_normal_header(header)] = key
        names[_normal_header(header.split("（")[0])] = key
    return names


#: words that start a subtotal or total row an office adds (小计 / 合计 / 总计 / 共计, Total)
_TOTAL_WORDS = ("小计", "合计", "总计", "共计", "subtotal", "total")
_OWN_TOTAL = re.compile(r"^(小计|合计)：\d+ 个项目$")  # the export's own subtotal and total rows


@dataclass
class _Row:
    number: int
    cells: dict  # column index -> CellValue


def _row_without_project(cells: dict, columns: dict, pid: str, value_columns: set, by_id) -> Optional[str]:
    """What a row that holds no project is — "total" (a subtotal/合计 row), "note" (text only, no values), "new"
    (values without a project id: refused) — or None for a project row (known id, or one shaped like an id)."""
    texts = [c.value.strip() for c in cells.values() if isinstance(c.value, str) and c.value.strip()]
    if any(t.casefold().startswith(_TOTAL_WORDS) for t in texts):
        return "total"
    if pid and (pid in by_id or P.parse_project_id(pid) is not None):
        return None
    values = [c for col, c in cells.items() if col in value_columns and not P.is_empty(c.value)]
    if values:
        return "new" if not pid else None  # (a value under an unknown id: the id is reported as unknown)
    return "note"


def _own_total_row(cells: dict, columns: dict, pid: str) -> bool:
    """The export's own 小计/合计 rows (not the office's): no id, the count of projects in the name column."""
    name = cells.get(columns.get("name", -1))
    return not pid and name is not None and isinstance(name.value, str) and bool(_OWN_TOTAL.match(name.value.strip()))


def _row_text(cells: dict, limit: int = 60) -> str:
    text = " ".join(str(c.value).strip() for _, c in sorted(cells.items()) if not P.is_empty(c.value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _blank_rows(rows: Sequence[_Row], header_row: int) -> list[SkippedRow]:
    """Blank rows between the header and the last filled row (a workbook stores no empty row: they are the gaps)."""
    filled = {r.number for r in rows}
    last = max(filled, default=header_row)
    return [SkippedRow(n, "blank") for n in range(header_row + 1, last) if n not in filled]


def _read_meta(wb: _Workbook, part: str) -> dict:
    facts: dict = {}

    def on_row(_n, cells):
        k, v = cells.get(1), cells.get(2)
        if k is not None and isinstance(k.value, str):
            value = "" if v is None or v.value is None else _as_text(v.value)
            if k.value == EXPORTED_IDS_KEY:
                facts.setdefault(EXPORTED_IDS_KEY, []).append(value)
            else:
                facts[k.value] = value

    try:
        wb.read_rows(part, META_SHEET, on_row)
    except LedgerError:
        return {}
    return facts


def _read_ledger_rows(wb: _Workbook, ledger: tuple[str, str, str], steps: Steps):
    """(data rows, header row number, {ledger key: column index}, merged ranges) of the ledger sheet."""
    sheet, _state, part = ledger
    names = _header_names()
    header_row = 0
    columns: dict[str, int] = {}
    duplicates: list[tuple[str, int, int]] = []
    rows: list[_Row] = []

    def on_row(number: int, cells: dict) -> None:
        nonlocal header_row
        if not header_row:
            if number > HEADER_SEARCH_ROWS:
                raise _StopReading()
            found = _header_columns(cells, names, duplicates)
            if "project_id" in found:
                header_row = number
                columns.update(found)
            return None  # (every column: an office's notes may stand beside the table)
        if not any(not P.is_empty(c.value) or c.formula for c in cells.values()):
            return None
        if len(rows) >= MAX_LEDGER_ROWS:
            raise _StopReading()
        rows.append(_Row(number, cells))
        if len(rows) % 2000 == 0:
            steps.sub(min(0.95, len(rows) / 20000))
        return None

    try:
        merges = wb.read_rows(part, sheet, on_row)
    except _StopReading:
        if not header_row:
            raise _no_header(sheet, Msg("Sheet '{}': no header row with the column 项目编号 in rows 1–{}. Was the "
                                        "header row changed? Export the "
                                        "ledger again.", sheet, HEADER_SEARCH_ROWS)) from None
        raise _too_many_rows(sheet, rows) from None
    if not header_row:
        raise _no_header(sheet, Msg("Sheet '{}': no header row with the column 项目编号 (project id). Was the header "
                                    "row changed or deleted? "
                                    "Export the ledger again.", sheet))
    if duplicates:
        key, a, b = duplicates[0]
        raise LedgerError(Msg("Sheet '{}', row {}: the column '{}' appears twice (columns {} and {}); remove the "
                              "copy.", sheet, header_row, key, _letter(a), _letter(b)), sheet=sheet, row=header_row,
                          column=_letter(b))
    return rows, header_row, columns, merges


def _header_columns(cells: dict, names: dict[str, str], duplicates: list) -> dict[str, int]:
    """{ledger key: column index} of the headers in a row (a header found twice is added to ``duplicates``)."""
    found: dict[str, int] = {}
    for col, c in cells.items():
        if isinstance(c.value, str):
            key = names.get(_normal_header(c.value))
            if key:
                if key in found and found[key] != col:
                    duplicates.append((key, found[key], col))
                found.setdefault(key, col)
    return found


def _no_header(sheet: str, message: str) -> LedgerError:
    return LedgerError(message, sheet=sheet)


def _too_many_rows(sheet: str, rows: Sequence[_Row]) -> LedgerError:
    return LedgerError(
        Msg(
            "Sheet '{}' has more than {:,} filled rows (refused at row {}): a ledger holds a district's projects, "
            "not this many. Is this the right file?",
            sheet,
            MAX_LEDGER_ROWS,
            rows[-1].number if rows else "?",
        ),
        sheet=sheet,
        row=rows[-1].number if rows else None,
    )


def _check_columns(columns: dict, header_row: int, sheet: str, office_fields: Sequence[str]) -> None:
    missing = [k for k in ("project_id", FINGERPRINT_KEY, *office_fields) if k not in columns]
    if missing:
        labels = ", ".join(FINGERPRINT_HEADER if k == FINGERPRINT_KEY else
                           f"{P.FIELDS_BY_NAME[k].alias_zh} ({k})" for k in missing)
        raise LedgerError(Msg("Sheet '{}', header row {}: column(s) missing: {}. Were columns deleted or renamed? "
                              "Restore them (or export the ledger again and copy the updates "
                              "over).", sheet, header_row, labels), sheet=sheet, row=header_row)


def _open_ledger(wb: _Workbook, result: LedgerImport) -> tuple[str, str, str]:
    """The ledger sheet (name, state, part) of a returned workbook; notes the sheets not from the export and
    reads the hidden sheet's facts into ``result``. LedgerError when there is no ledger worksheet."""
    sheet_names = [s[0] for s in wb.sheets]
    ledger = next((s for s in wb.sheets if s[0] == LEDGER_SHEET), None)
    if ledger is None:
        ledger = next((s for s in wb.sheets if s[0].strip() == LEDGER_SHEET), None)
    if ledger is None:
        raise LedgerError(
            Msg(
                "'{}' has no sheet '{}' (its sheets: {}). Was the sheet renamed or deleted? Rename it back to "
                "'{}', or export the ledger again.",
                wb.path.name,
                LEDGER_SHEET,
                ", ".join(sheet_names) or "none",
                LEDGER_SHEET,
            ),
            sheet=LEDGER_SHEET,
        )
    if not ledger[2]:
        raise LedgerError(Msg("'{}': '{}' is not a worksheet.", wb.path.name, LEDGER_SHEET), sheet=LEDGER_SHEET)
    result.sheet = ledger[0]
    extra = [s[0] for s in wb.sheets if s[0] not in EXPORT_SHEETS and s[0] != ledger[0]]
    if extra:
        result.notes.append(Msg("Sheet(s) not from the export ignored: {}.", ', '.join(extra)))
    meta = next((s for s in wb.sheets if s[0] == META_SHEET), None)
    if meta is not None and meta[2]:
        result.exported = _read_meta(wb, meta[2])
    else:
        result.notes.append(Msg("The hidden sheet '{}' is missing: the workbook is read with the current "
                                "schema.", META_SHEET))
    return ledger


def _exported_fields(exported: Mapping[str, object]) -> tuple[list[str], list[str]]:
    """(the fields the fingerprints were computed over, the office's fields) of the workbook as exported: an
    earlier export's own lists, or today's."""
    fp_fields = [f for f in str(exported.get("fingerprint_fields") or "").split(",") if f] or list(P.FIELD_NAMES)
    office_fields = [f for f in str(exported.get("office_fields") or "").split(",")
                     if f in P.FIELDS_BY_NAME] or list(OFFICE_FIELDS)
    return fp_fields, office_fields


def _merged_cell_issues(merges: Sequence[str], header_row: int, sheet: str) -> list[LedgerIssue]:
    """An error for each merged range in the header or the data rows."""
    out = []
    for ref in merges:
        bounds = _range_bounds(ref)
        if bounds and bounds[3] >= header_row:
            out.append(LedgerIssue(sheet, max(bounds[1], header_row), _letter(bounds[0]), None,
                                   Msg("merged cells {}: rows and columns of the ledger must not be merged; "
                                       "unmerge them (the values stay "
                                       "in the first cell) and send it again.", ref)))
    return out
