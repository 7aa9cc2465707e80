"""Reading the returned 项目台账: the header found, its columns checked, rows without a project told apart."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Optional

from .. import projects as P
from ..errors import Msg, Steps
from .import_result import SkippedRow
from .model import (
    EXPORTED_HEADER, EXPORTED_IDS_KEY, EXPORTED_KEY, FINGERPRINT_HEADER, FINGERPRINT_KEY, HEADER_SEARCH_ROWS,
    LEDGER_FIELDS, LedgerError, MAX_LEDGER_ROWS, META_SHEET,
)
from .styles import _letter
from .values import _as_text
from .xlsx_cells import _StopReading
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
    count = 0

    def on_row(number: int, cells: dict) -> None:
        nonlocal header_row, count
        if not header_row:
            if number > HEADER_SEARCH_ROWS:
                raise _StopReading()
            found = {}
            for col, c in cells.items():
                if isinstance(c.value, str):
                    key = names.get(_normal_header(c.value))
                    if key:
                        if key in found and found[key] != col:
                            duplicates.append((key, found[key], col))
                        found.setdefault(key, col)
            if "project_id" in found:
                header_row = number
                columns.update(found)
            return None  # (every column: an office's notes may stand beside the table)
        if not any(not P.is_empty(c.value) or c.formula for c in cells.values()):
            return None
        count += 1
        if count > MAX_LEDGER_ROWS:
            raise _StopReading()
        if count % 2000 == 0:
            steps.sub(min(0.95, count / 20000))
        rows.append(_Row(number, cells))
        return None

    try:
        merges = wb.read_rows(part, sheet, on_row)
    except _StopReading:
        if not header_row:
            raise LedgerError(Msg("Sheet '{}': no header row with the column 项目编号 in rows 1–{}. Was the header row "
                                  "changed? Export the "
                                  "ledger again.", sheet, HEADER_SEARCH_ROWS), sheet=sheet) from None
        raise LedgerError(
            Msg(
                "Sheet '{}' has more than {:,} filled rows (refused at row {}): a ledger holds a district's projects, "
                "not this many. Is this the right file?",
                sheet,
                MAX_LEDGER_ROWS,
                rows[-1].number if rows else "?",
            ),
            sheet=sheet,
            row=rows[-1].number if rows else None,
        ) from None
    if not header_row:
        raise LedgerError(Msg("Sheet '{}': no header row with the column 项目编号 (project id). Was the header row "
                              "changed or deleted? "
                              "Export the ledger again.", sheet), sheet=sheet)
    if duplicates:
        key, a, b = duplicates[0]
        raise LedgerError(Msg("Sheet '{}', row {}: the column '{}' appears twice (columns {} and {}); remove the "
                              "copy.", sheet, header_row, key, _letter(a), _letter(b)), sheet=sheet, row=header_row,
                          column=_letter(b))
    return rows, header_row, columns, merges


def _check_columns(columns: dict, header_row: int, sheet: str, office_fields: Sequence[str]) -> None:
    missing = [k for k in ("project_id", FINGERPRINT_KEY, *office_fields) if k not in columns]
    if missing:
        labels = ", ".join(FINGERPRINT_HEADER if k == FINGERPRINT_KEY else
                           f"{P.FIELDS_BY_NAME[k].alias_zh} ({k})" for k in missing)
        raise LedgerError(Msg("Sheet '{}', header row {}: column(s) missing: {}. Were columns deleted or renamed? "
                              "Restore them (or export the ledger again and copy the updates "
                              "over).", sheet, header_row, labels), sheet=sheet, row=header_row)
