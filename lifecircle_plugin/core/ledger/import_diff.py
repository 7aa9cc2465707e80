"""The import: a returned ledger compared with the project list, row by row; nothing is written."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Optional

from .. import projects as P
from ..errors import CancelCallback, Msg, ProgressCallback, reason_of, Steps
from .import_cells import _cell_problem, _cell_value, _exported_values
from .import_result import (
    ConflictField, LedgerChange, LedgerConflict, LedgerImport, LedgerIssue, LockedEdit, SkippedRow,
)
from .import_sheet import (
    _blank_rows, _check_columns, _own_total_row, _read_ledger_rows, _read_meta, _row_text, _row_without_project,
)
from .model import (
    EXPORT_SHEETS, EXPORTED_HEADER, EXPORTED_IDS_KEY, EXPORTED_KEY, FINGERPRINT_HEADER, FINGERPRINT_KEY, LEDGER_SHEET,
    LedgerError, LOCKED_FIELDS, META_SHEET, OFFICE_FIELDS,
)
from .runtime import _GcPaused
from .styles import _letter
from .values import _as_text, _from_canonical, _hash_canon, canonical, fingerprint
from .xlsx_cells import _range_bounds
from .xlsx_stream import _Workbook


def read_ledger(
    path: str | os.PathLike,
    current: Sequence[Mapping[str, object]],
    *,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> LedgerImport:
    """What a returned ledger changes in the project list ``current`` (the layer's projects now).

    Raises :class:`LedgerError` when the workbook cannot be read as a ledger at all (not an xlsx, damaged, the
    sheet 项目台账 or one of its columns missing, more than :data:`MAX_LEDGER_ROWS` rows). Everything else wrong is
    collected in ``errors`` with sheet, row and column; an import with errors must not be applied. Nothing is
    evaluated: a formula counts with its saved (cached) result, or is refused when it has none.
    """
    with _GcPaused():
        return _read_ledger(path, current, progress=progress, is_cancelled=is_cancelled)


def _read_ledger(
    path: str | os.PathLike,
    current: Sequence[Mapping[str, object]],
    *,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> LedgerImport:
    steps = Steps(progress, is_cancelled, [1, 6, 3])
    steps.next()
    wb = _Workbook(path)
    try:
        result = LedgerImport(str(path))
        sheet_names = [s[0] for s in wb.sheets]
        ledger = next((s for s in wb.sheets if s[0] == LEDGER_SHEET), None)
        if ledger is None:
            near = next((s for s in wb.sheets if s[0].strip() == LEDGER_SHEET), None)
            if near is not None:
                ledger = near
            else:
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
        fp_fields = [f for f in str(result.exported.get("fingerprint_fields") or "").split(",") if f] or list(
            P.FIELD_NAMES)
        office_fields = [f for f in str(result.exported.get("office_fields") or "").split(",")
                         if f in P.FIELDS_BY_NAME] or list(OFFICE_FIELDS)
        steps.next()
        rows, header_row, columns, merges = _read_ledger_rows(wb, ledger, steps)
    finally:
        wb.close()
    sheet = result.sheet
    steps.next()
    _check_columns(columns, header_row, sheet, office_fields)
    letter = {key: _letter(col) for key, col in columns.items()}
    headers = {key: P.FIELDS_BY_NAME[key].alias_zh if key in P.FIELDS_BY_NAME else key for key in columns}
    headers[FINGERPRINT_KEY], headers[EXPORTED_KEY] = FINGERPRINT_HEADER, EXPORTED_HEADER

    def issue(row, key, message, pid=None):
        result.errors.append(LedgerIssue(sheet, row, letter.get(key) if key else None, headers.get(key) if key else None,
                                         message, pid))

    # merged cells in the header or data rows
    for ref in merges:
        bounds = _range_bounds(ref)
        if bounds and bounds[3] >= header_row:
            result.errors.append(LedgerIssue(sheet, max(bounds[1], header_row), _letter(bounds[0]), None,
                                             Msg("merged cells {}: rows and columns of the ledger must not be merged; "
                                                 "unmerge them (the values stay "
                                                 "in the first cell) and send it again.", ref)))

    by_id: dict[str, list[tuple[int, Mapping[str, object]]]] = defaultdict(list)
    for i, p in enumerate(current):
        pid = str(p.get("project_id") or "").strip()
        if pid:
            by_id[pid].append((i, p))
    seen: dict[str, int] = {}
    locked_fields = [f for f in LOCKED_FIELDS if f in columns]
    value_columns = {columns[f] for f in (*office_fields, *locked_fields)}
    n = len(rows)
    for k, row in enumerate(rows):
        if k % 1000 == 0:
            steps.sub(k / max(n, 1))
        cells = row.cells
        pid_cell = cells.get(columns["project_id"])
        office_cells = {f: cells.get(columns[f]) for f in office_fields}
        if pid_cell is not None and (pid_cell.error or not pid_cell.cached):
            _cell_problem(issue, row.number, "project_id", pid_cell)
            continue
        pid = "" if pid_cell is None or P.is_empty(pid_cell.value) else _as_text(pid_cell.value)
        kind = _row_without_project(cells, columns, pid, value_columns, by_id)
        if kind == "new":
            filled = [f for f in (*office_fields, *locked_fields)
                      if cells.get(columns[f]) is not None and not P.is_empty(cells[columns[f]].value)]
            issue(row.number, filled[0], "a value without a 项目编号 (project id): new projects cannot be added "
                                        "through the ledger; add them in QGIS and export again")
            continue
        if kind is not None:
            if not _own_total_row(cells, columns, pid):
                result.skipped.append(SkippedRow(row.number, kind, _row_text(cells)))
            continue
        result.rows += 1
        if pid in seen:
            issue(row.number, "project_id", Msg("project {} appears twice (rows {} and {}); each project has one "
                                                "row", pid, seen[pid], row.number), pid)
            continue
        seen[pid] = row.number
        matches = by_id.get(pid)
        if not matches:
            issue(row.number, "project_id", Msg("project {} is not in the project list (unknown id; was the id "
                                                "changed, or the project deleted in "
                                                "QGIS?)", pid), pid)
            continue
        if len(matches) > 1:
            issue(row.number, "project_id", Msg("project {} is in the project list {} times: fix the duplicate ids in "
                                                "QGIS first", pid, len(matches)), pid)
            continue
        _index, now = matches[0]
        fp_cell = cells.get(columns[FINGERPRINT_KEY])
        if fp_cell is None or P.is_empty(fp_cell.value) or fp_cell.error or not fp_cell.cached:
            issue(row.number, FINGERPRINT_KEY, Msg("project {} has no 校验码 (the hidden column was cleared): the row "
                                                   "cannot be checked against QGIS; "
                                                   "export the ledger again", pid), pid)
            continue
        exported_cell = cells.get(columns[EXPORTED_KEY]) if EXPORTED_KEY in columns else None
        exported = _exported_values(exported_cell)
        if exported is not None and _hash_canon(exported, fp_fields) != str(fp_cell.value).strip():
            exported = None
        if exported is None and exported_cell is not None and not P.is_empty(exported_cell.value):
            issue(row.number, EXPORTED_KEY, Msg("project {}: the hidden 导出值 cell was altered (it no longer matches "
                                                "the 校验码); export the ledger again", pid), pid)
            continue
        result.locked += _locked_edits(pid, row.number, cells, columns, letter, locked_fields, exported, now)
        # the office's values
        office: dict[str, object] = {}
        bad = False
        from_formula: set[str] = set()
        for f in office_fields:
            c = office_cells[f]
            if c is not None and (c.error or not c.cached):
                _cell_problem(issue, row.number, f, c, pid)
                bad = True
                continue
            try:
                office[f] = _cell_value(f, c)
            except ValueError as exc:
                issue(row.number, f, Msg("{}: {}", P.FIELDS_BY_NAME[f].alias_zh, reason_of(exc)), pid)
                bad = True
                continue
            if c is not None and c.formula:
                from_formula.add(f)
        if bad:
            continue
        office_canon = {f: canonical(f, office[f]) for f in office_fields}
        now_canon = {f: canonical(f, now.get(f)) for f in office_fields}
        differs = [f for f in office_fields if office_canon[f] != now_canon[f]]
        if not differs:  # the row says what QGIS says: nothing to do (no need to look further)
            result.unchanged += 1
            continue
        base = exported if exported is not None else now_canon
        # what the office changed (against the exported value) and QGIS does not already have
        needed = [f for f in differs if office_canon[f] != base.get(f, "")]
        if not needed:
            result.unchanged += 1
            continue
        if fingerprint(now, fp_fields) != str(fp_cell.value).strip():
            result.conflicts.append(LedgerConflict(
                pid, row.number,
                [ConflictField(f, _from_canonical(f, exported.get(f)) if exported is not None else None, office[f],
                               now.get(f)) for f in needed], _changed_in_qgis(now, exported, fp_fields)))
            continue
        # checks of the project as it would be
        merged = dict(now)
        merged.update({f: office[f] for f in needed})
        problems = P.validate_project(merged, other_ids=[])
        reported = False
        for prob in problems:
            changed = [f for f in prob.fields if f in needed]  # (a problem the office's change causes)
            if changed:
                issue(row.number, prob.field if prob.field in letter else changed[0], prob.message, pid)
                reported = True
        if reported:
            continue
        for f in needed:
            result.changes.append(LedgerChange(pid, f, now.get(f), office[f], row.number, letter[f],
                                               f in from_formula))
        for warning in P.project_warnings(merged):
            if any(f in needed for f in warning.fields):
                result.notes.append(Msg("{} (row {}): {}.", pid, row.number, warning.message))
    if result.rows == 0 and not result.errors:
        result.errors.append(LedgerIssue(sheet, header_row + 1, None, None,
                                         "no project row under the header: the ledger is empty"))
    result.skipped = sorted(result.skipped + _blank_rows(rows, header_row), key=lambda r: r.row)
    exported_ids = result.exported.get(EXPORTED_IDS_KEY)
    if exported_ids is None:
        result.notes.append("This workbook was exported by an earlier LifeCircle: rows the office deleted cannot be "
                            "listed (export the ledger again to have them checked).")
    else:
        result.missing = [pid for pid in exported_ids if pid not in seen]
    steps.done()
    return result


def _locked_edits(pid: str, row: int, cells: dict, columns: dict, letter: dict, fields: Sequence[str],
                  exported: Optional[Mapping[str, str]], now: Mapping[str, object]) -> list[LockedEdit]:
    """The planner's columns of a project row that differ from what was exported (or, when the exported values
    are unknown, from the project list now): the office changed them; they are listed, never applied."""
    out = []
    for f in fields:
        cell = cells.get(columns[f])
        if cell is not None and (cell.error or not cell.cached):
            office: object = f"={cell.formula}" if cell.formula else str(cell.value)
        else:
            try:
                office = _cell_value(f, cell)
            except ValueError:
                office = _as_text(cell.value) if cell is not None else None
        before = exported[f] if exported is not None and f in exported else canonical(f, now.get(f))
        # (the export shows a category with its name, 'Q06 保育托幼': compared by its code)
        compared = P.parse_category(office) or office if f == "category" else office
        try:
            differs = canonical(f, compared) != before
        except ValueError:
            differs = True
        if differs:
            out.append(LockedEdit(pid, f, _from_canonical(f, before), office, row, letter[f]))
    return out


def _changed_in_qgis(now: Mapping[str, object], exported: Optional[Mapping[str, str]],
                     fields: Sequence[str]) -> list[str]:
    """Fields whose QGIS value differs from the value the ledger was exported with (from the hidden exported
    values; empty when they are unknown)."""
    if exported is None:
        return []
    out = [f for f in fields if f in P.FIELDS_BY_NAME and f != "updated_at" and f in exported
           and exported[f] != canonical(f, now.get(f))]
    if not out and "updated_at" in exported and exported["updated_at"] != canonical("updated_at",
                                                                                    now.get("updated_at")):
        out.append("updated_at")
    return out
