"""The import: a returned ledger compared with the project list, row by row; nothing is written.

:func:`read_ledger` opens and checks the workbook and reads the rows of its ledger sheet (import_sheet); each
project row is then matched with its project (:meth:`_Diff.project_of`), its office values read
(:meth:`_Diff.office_values`) and compared with QGIS (:meth:`_Diff.compare`): a change, a conflict, an error or
nothing to do.
"""

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
    _blank_rows, _check_columns, _exported_fields, _merged_cell_issues, _open_ledger, _own_total_row,
    _read_ledger_rows, _row_text, _row_without_project, _Row,
)
from .model import (
    EXPORTED_HEADER, EXPORTED_IDS_KEY, EXPORTED_KEY, FINGERPRINT_HEADER, FINGERPRINT_KEY, LOCKED_FIELDS,
)
from .runtime import _gc_paused
from .styles import _letter
from .values import _as_text, _from_canonical, _hash_canon, canonical, fingerprint
from .xlsx_stream import _Workbook


@_gc_paused
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
    steps = Steps(progress, is_cancelled, [1, 6, 3])
    steps.next()
    wb = _Workbook(path)
    try:
        result = LedgerImport(str(path))
        ledger = _open_ledger(wb, result)
        fp_fields, office_fields = _exported_fields(result.exported)
        steps.next()
        rows, header_row, columns, merges = _read_ledger_rows(wb, ledger, steps)
    finally:
        wb.close()
    steps.next()
    _check_columns(columns, header_row, result.sheet, office_fields)
    result.errors += _merged_cell_issues(merges, header_row, result.sheet)
    diff = _Diff(result, columns, current, fp_fields, office_fields)
    n = len(rows)
    for k, row in enumerate(rows):
        if k % 1000 == 0:
            steps.sub(k / max(n, 1))
        diff.row(row)
    _finish(result, rows, header_row, diff.seen)
    steps.done()
    return result


def _finish(result: LedgerImport, rows: Sequence[_Row], header_row: int, seen: Mapping[str, int]) -> None:
    """An empty ledger is an error; the blank rows are listed with the skipped ones; the exported projects
    whose row is gone are listed (nothing is deleted)."""
    if result.rows == 0 and not result.errors:
        result.errors.append(LedgerIssue(result.sheet, header_row + 1, None, None,
                                         "no project row under the header: the ledger is empty"))
    result.skipped = sorted(result.skipped + _blank_rows(rows, header_row), key=lambda r: r.row)
    exported_ids = result.exported.get(EXPORTED_IDS_KEY)
    if exported_ids is None:
        result.notes.append("This workbook was exported by an earlier LifeCircle: rows the office deleted cannot be "
                            "listed (export the ledger again to have them checked).")
    else:
        result.missing = [pid for pid in exported_ids if pid not in seen]


class _Diff:
    """The rows of a returned ledger compared with the project list now, one at a time, into ``result``."""

    def __init__(self, result: LedgerImport, columns: dict[str, int], current: Sequence[Mapping[str, object]],
                 fp_fields: Sequence[str], office_fields: Sequence[str]):
        self.result, self.columns = result, columns
        self.fp_fields, self.office_fields = fp_fields, office_fields
        self.letter = {key: _letter(col) for key, col in columns.items()}
        self.headers = {key: P.FIELDS_BY_NAME[key].alias_zh if key in P.FIELDS_BY_NAME else key for key in columns}
        self.headers[FINGERPRINT_KEY], self.headers[EXPORTED_KEY] = FINGERPRINT_HEADER, EXPORTED_HEADER
        self.by_id: dict[str, list[tuple[int, Mapping[str, object]]]] = defaultdict(list)
        for i, p in enumerate(current):
            pid = str(p.get("project_id") or "").strip()
            if pid:
                self.by_id[pid].append((i, p))
        self.seen: dict[str, int] = {}  # project id -> its row
        self.locked_fields = [f for f in LOCKED_FIELDS if f in columns]
        self.value_columns = {columns[f] for f in (*office_fields, *self.locked_fields)}

    def issue(self, row: int, key: Optional[str], message: str, pid: Optional[str] = None) -> None:
        self.result.errors.append(LedgerIssue(self.result.sheet, row, self.letter.get(key) if key else None,
                                              self.headers.get(key) if key else None, message, pid))

    def row(self, row: _Row) -> None:
        found = self.project_of(row)
        if found is None:
            return
        pid, now, fp_text, exported = found
        self.result.locked += _locked_edits(pid, row.number, row.cells, self.columns, self.letter,
                                            self.locked_fields, exported, now)
        values = self.office_values(row, pid)
        if values is not None:
            self.compare(row.number, pid, now, fp_text, exported, *values)

    def project_of(self, row: _Row) -> Optional[tuple[str, Mapping[str, object], str, Optional[dict]]]:
        """(project id, the project now, the row's fingerprint, its exported values or None) of a project row;
        None for a row that holds no project or cannot be matched (listed as skipped or as an error)."""
        cells, columns = row.cells, self.columns
        pid_cell = cells.get(columns["project_id"])
        if pid_cell is not None and (pid_cell.error or not pid_cell.cached):
            _cell_problem(self.issue, row.number, "project_id", pid_cell)
            return None
        pid = "" if pid_cell is None or P.is_empty(pid_cell.value) else _as_text(pid_cell.value)
        if not self.is_project_row(row, pid):
            return None
        self.result.rows += 1
        now = self.match(row.number, pid)
        if now is None:
            return None
        fp_cell = cells.get(columns[FINGERPRINT_KEY])
        if fp_cell is None or P.is_empty(fp_cell.value) or fp_cell.error or not fp_cell.cached:
            self.issue(row.number, FINGERPRINT_KEY, Msg("project {} has no 校验码 (the hidden column was cleared): "
                                                        "the row cannot be checked against QGIS; "
                                                        "export the ledger again", pid), pid)
            return None
        fp_text = str(fp_cell.value).strip()
        exported_cell = cells.get(columns[EXPORTED_KEY]) if EXPORTED_KEY in columns else None
        exported = _exported_values(exported_cell)
        if exported is not None and _hash_canon(exported, self.fp_fields) != fp_text:
            exported = None
        if exported is None and exported_cell is not None and not P.is_empty(exported_cell.value):
            self.issue(row.number, EXPORTED_KEY, Msg("project {}: the hidden 导出值 cell was altered (it no longer "
                                                     "matches the 校验码); export the ledger again", pid), pid)
            return None
        return pid, now, fp_text, exported

    def is_project_row(self, row: _Row, pid: str) -> bool:
        """False for a row without a project: a subtotal, a note or a blank (listed as skipped, the export's own
        totals aside) or values without an id (an error: projects are not added through the ledger)."""
        cells, columns = row.cells, self.columns
        kind = _row_without_project(cells, columns, pid, self.value_columns, self.by_id)
        if kind == "new":
            filled = [f for f in (*self.office_fields, *self.locked_fields)
                      if cells.get(columns[f]) is not None and not P.is_empty(cells[columns[f]].value)]
            self.issue(row.number, filled[0], "a value without a 项目编号 (project id): new projects cannot be added "
                                              "through the ledger; add them in QGIS and export again")
            return False
        if kind is not None:
            if not _own_total_row(cells, columns, pid):
                self.result.skipped.append(SkippedRow(row.number, kind, _row_text(cells)))
            return False
        return True

    def match(self, number: int, pid: str) -> Optional[Mapping[str, object]]:
        """The project of the id in row ``number``; None (an error) for an id seen before, unknown, or shared by
        projects of the list."""
        if pid in self.seen:
            self.issue(number, "project_id", Msg("project {} appears twice (rows {} and {}); each project has one "
                                                 "row", pid, self.seen[pid], number), pid)
            return None
        self.seen[pid] = number
        matches = self.by_id.get(pid)
        if not matches:
            self.issue(number, "project_id", Msg("project {} is not in the project list (unknown id; was the id "
                                                 "changed, or the project deleted in "
                                                 "QGIS?)", pid), pid)
            return None
        if len(matches) > 1:
            self.issue(number, "project_id", Msg("project {} is in the project list {} times: fix the duplicate ids "
                                                 "in QGIS first", pid, len(matches)), pid)
            return None
        return matches[0][1]

    def office_values(self, row: _Row, pid: str) -> Optional[tuple[dict, set]]:
        """({office field: value}, the fields taken from a formula's cached value); None when a cell is wrong
        (each wrong cell is an error)."""
        office: dict[str, object] = {}
        bad = False
        from_formula: set[str] = set()
        for f in self.office_fields:
            c = row.cells.get(self.columns[f])
            if c is not None and (c.error or not c.cached):
                _cell_problem(self.issue, row.number, f, c, pid)
                bad = True
                continue
            try:
                office[f] = _cell_value(f, c)
            except ValueError as exc:
                self.issue(row.number, f, Msg("{}: {}", P.FIELDS_BY_NAME[f].alias_zh, reason_of(exc)), pid)
                bad = True
                continue
            if c is not None and c.formula:
                from_formula.add(f)
        return None if bad else (office, from_formula)

    def compare(self, number: int, pid: str, now: Mapping[str, object], fp_text: str, exported: Optional[dict],
                office: dict, from_formula: set) -> None:
        """The office's values against QGIS: nothing to do, a conflict (the project changed in QGIS since the
        export), an error (the project as it would be is not valid) or the changes."""
        office_canon = {f: canonical(f, office[f]) for f in self.office_fields}
        now_canon = {f: canonical(f, now.get(f)) for f in self.office_fields}
        differs = [f for f in self.office_fields if office_canon[f] != now_canon[f]]
        base = exported if exported is not None else now_canon
        # what the office changed (against the exported value) and QGIS does not already have
        needed = [f for f in differs if office_canon[f] != base.get(f, "")]
        if not needed:  # the row says what QGIS says, or keeps what was exported
            self.result.unchanged += 1
            return
        if fingerprint(now, self.fp_fields) != fp_text:
            self.result.conflicts.append(LedgerConflict(
                pid, number,
                [ConflictField(f, _from_canonical(f, exported.get(f)) if exported is not None else None, office[f],
                               now.get(f)) for f in needed], _changed_in_qgis(now, exported, self.fp_fields)))
            return
        merged = dict(now)
        merged.update({f: office[f] for f in needed})
        if self.invalid(number, pid, merged, needed):
            return
        for f in needed:
            self.result.changes.append(LedgerChange(pid, f, now.get(f), office[f], number, self.letter[f],
                                                    f in from_formula))
        for warning in P.project_warnings(merged):
            if any(f in needed for f in warning.fields):
                self.result.notes.append(Msg("{} (row {}): {}.", pid, number, warning.message))

    def invalid(self, number: int, pid: str, merged: Mapping[str, object], needed: Sequence[str]) -> bool:
        """Checks of the project as it would be: True (and an error each) when the office's change makes it
        invalid."""
        reported = False
        for prob in P.validate_project(merged, other_ids=[]):
            changed = [f for f in prob.fields if f in needed]  # (a problem the office's change causes)
            if changed:
                self.issue(number, prob.field if prob.field in self.letter else changed[0], prob.message, pid)
                reported = True
        return reported


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
