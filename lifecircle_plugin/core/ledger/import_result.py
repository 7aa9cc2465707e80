"""What a returned ledger would change: changes, conflicts, errors, locked edits, skipped rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .. import projects as P
from ..errors import Msg
from .model import LEDGER_SHEET
from .values import show


class _FieldLabel:
    """The Chinese name of the record's ``field`` (its column header)."""

    @property
    def label(self) -> str:
        return P.FIELDS_BY_NAME[self.field].alias_zh


@dataclass(frozen=True)
class LedgerIssue:
    """An error in a returned ledger, located by sheet, row and column."""

    sheet: Optional[str]
    row: Optional[int]
    column: Optional[str]  # column letter
    header: Optional[str]
    message: str
    project_id: Optional[str] = None

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(Msg("sheet '{}'", self.sheet))
        if self.row:
            parts.append(Msg("row {}", self.row))
        if self.column and self.header:
            parts.append(Msg("column {} ({})", self.column, self.header))
        elif self.column or self.header:
            parts.append(Msg("column {}", self.column or self.header))
        return Msg.join(", ", parts)

    def __str__(self) -> str:
        where = self.where()
        return Msg("{}: {}", where, self.message) if where else self.message


@dataclass(frozen=True)
class LedgerChange(_FieldLabel):
    """One value the office changed: applied unless the import has errors."""

    project_id: str
    field: str
    old: object  # the value in QGIS now
    new: object
    row: int
    column: str
    from_formula: bool = False

    def __str__(self) -> str:
        return Msg("{} {}: {} → {}", self.project_id, self.label, show(self.old), show(self.new))


@dataclass(frozen=True)
class ConflictField(_FieldLabel):
    field: str
    exported: object  # at export (None when unknown)
    office: object  # in the returned ledger
    current: object  # in QGIS now


@dataclass
class LedgerConflict:
    """A project changed in QGIS since the export whose row the office changed too: not applied."""

    project_id: str
    row: int
    fields: list[ConflictField]
    changed_in_qgis: list[str]  # fields whose QGIS value differs from the ledger's exported value

    def __str__(self) -> str:
        side = Msg.join("; ", [Msg("{}: at export {} | office {} | QGIS now {}", f.label, show(f.exported),
                                   show(f.office), show(f.current)) for f in self.fields])
        qgis = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in self.changed_in_qgis if n in P.FIELDS_BY_NAME)
        if qgis:
            return Msg("{} (row {}) changed in QGIS since the export ({}): {}", self.project_id, self.row, qgis, side)
        return Msg("{} (row {}) changed in QGIS since the export: {}", self.project_id, self.row, side)


@dataclass(frozen=True)
class LockedEdit(_FieldLabel):
    """A planner's column (投资估算, 项目名称 …) the office changed: never applied, always listed."""

    project_id: str
    field: str
    exported: object  # the value the ledger was exported with (or QGIS's now, when that is unknown)
    office: object  # what the returned ledger holds
    row: int
    column: str

    def __str__(self) -> str:
        return Msg("{} {} (row {}, column {}): {} → {} — changed by the office, not applied", self.project_id,
                   self.label, self.row, self.column, show(self.exported), show(self.office))


@dataclass(frozen=True)
class SkippedRow:
    """A row the office added that holds no project: a blank separator, a subtotal/合计 row or a note."""

    row: int
    kind: str  # blank / total / note
    text: str = ""

    def __str__(self) -> str:
        what = {"blank": Msg("a blank row"), "total": Msg("a subtotal/total row"), "note": Msg("a note")}[self.kind]
        if self.text:
            return Msg("row {}: {} ('{}'), skipped", self.row, what, self.text)
        return Msg("row {}: {}, skipped", self.row, what)


@dataclass
class LedgerImport:
    """What a returned ledger would change. Nothing has been written."""

    path: str
    sheet: str = LEDGER_SHEET
    exported: dict = field(default_factory=dict)  # the hidden sheet's facts (exported_at, layer_name …)
    rows: int = 0  # project rows read
    changes: list[LedgerChange] = field(default_factory=list)
    conflicts: list[LedgerConflict] = field(default_factory=list)
    errors: list[LedgerIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unchanged: int = 0  # project rows without a change
    locked: list[LockedEdit] = field(default_factory=list)  # planner columns the office changed: not applied
    missing: list[str] = field(default_factory=list)  # exported projects whose row is not in the returned workbook
    skipped: list[SkippedRow] = field(default_factory=list)  # office rows that hold no project

    @property
    def ok(self) -> bool:
        return not self.errors

    def updates(self) -> dict[str, dict[str, object]]:
        """project id -> {field: new value} of the changes (conflicting projects are not in it)."""
        out: dict[str, dict[str, object]] = defaultdict(dict)
        for c in self.changes:
            out[c.project_id][c.field] = c.new
        return dict(out)

    def summary(self) -> str:
        projects = len({c.project_id for c in self.changes})
        parts = [Msg("{} project row(s) read: {} change(s) in {} project(s), {} conflict(s), {} error(s), {} "
                     "unchanged.", self.rows, len(self.changes), projects, len(self.conflicts), len(self.errors),
                     self.unchanged)]
        if self.locked:
            parts.append(Msg("{} edit(s) to planner columns not applied.", len(self.locked)))
        if self.missing:
            parts.append(Msg("{} exported project(s) not in the returned workbook (nothing deleted).",
                             len(self.missing)))
        if self.skipped:
            parts.append(Msg("{} row(s) without a project skipped.", len(self.skipped)))
        return Msg.join(" ", parts)

    def table(self) -> list[dict]:
        """The preview as rows (for an output table or a dialog): changes, conflicts and errors."""
        out = []
        for c in self.changes:
            out.append(dict(action="change", project_id=c.project_id, field=c.field, label=c.label,
                            old=show(c.old), new=show(c.new), exported=None, current=show(c.old), sheet=self.sheet,
                            row=c.row, column=c.column, message=Msg("from a formula's cached value") if c.from_formula
                            else ""))
        for k in self.conflicts:
            qgis = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in k.changed_in_qgis if n in P.FIELDS_BY_NAME)
            for f in k.fields:
                out.append(dict(action="conflict", project_id=k.project_id, field=f.field, label=f.label,
                                old=show(f.current), new=show(f.office), exported=show(f.exported),
                                current=show(f.current), sheet=self.sheet, row=k.row, column=None,
                                message=Msg("changed in QGIS since the export ({}): not applied", qgis) if qgis
                                else Msg("changed in QGIS since the export: not applied")))
        for e in self.errors:
            out.append(dict(action="error", project_id=e.project_id, field=None, label=e.header, old=None, new=None,
                            exported=None, current=None, sheet=e.sheet, row=e.row, column=e.column,
                            message=e.message))
        for e in self.locked:
            out.append(dict(action="locked", project_id=e.project_id, field=e.field, label=e.label,
                            old=show(e.exported), new=show(e.office), exported=show(e.exported), current=None,
                            sheet=self.sheet, row=e.row, column=e.column,
                            message=Msg("a planner's column changed by the office: not applied")))
        for pid in self.missing:
            out.append(dict(action="missing", project_id=pid, field=None, label=None, old=None, new=None,
                            exported=None, current=None, sheet=self.sheet, row=None, column=None,
                            message=Msg("not in the returned workbook (row deleted by the office?): nothing is "
                                        "deleted from the project list")))
        for k in self.skipped:
            out.append(dict(action="skipped", project_id=None, field=None, label=None, old=None, new=k.text or None,
                            exported=None, current=None, sheet=self.sheet, row=k.row, column=None,
                            message=str(k)))
        return out
