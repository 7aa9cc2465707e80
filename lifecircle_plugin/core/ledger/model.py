"""The workbook's shape: its sheets, columns, rows and limits, and what an export takes and returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Optional

from .. import projects as P
from ..errors import LifeCircleError


LEDGER_SHEET = "项目台账"
SUMMARY_SHEET = "汇总"
UNITS_SHEET = "单元体检"
GAPS_SHEET = "缺项与选址"
POTENTIAL_SHEET = "潜力空间"
IMPACT_SHEET = "成效评估"
NEEDS_SHEET = "需求"
README_SHEET = "说明"
META_SHEET = "_lifecircle"
EXPORT_SHEETS = (LEDGER_SHEET, SUMMARY_SHEET, UNITS_SHEET, GAPS_SHEET, POTENTIAL_SHEET, IMPACT_SHEET, README_SHEET,
                 META_SHEET)

FORMAT_NAME = "lifecircle-ledger"
FORMAT_VERSION = 1

#: the fields district offices own: the only ones an import takes — progress, the planned and actual dates and
#: the 一图三会 outcomes (a workbook exported before some of them existed is read with its own list)
OFFICE_FIELDS: tuple[str, ...] = ("status", "progress", "start_date", "end_date", "actual_start", "actual_end",
                                  "hearing_date", "hearing_attendance", "coordination_date", "notice_start",
                                  "notice_end", "voters", "votes_for", "votes_against", "votes_abstain",
                                  "evaluation_date", "satisfaction", "feedback", "remarks")
#: the project fields in the ledger, in the order of its columns (office fields after the planner's)
LEDGER_FIELDS: tuple[str, ...] = (
    "project_id", "subdistrict", "name", "year", "district", "unit_id", "category", "kind", "content", "path",
    "implementer", "project_source", "budget_year", "funding", "investment", "fund_fiscal", "fund_social",
    "fund_other", "design_team", "community_planner", "previous_id",
) + OFFICE_FIELDS + ("updated_at",)
FINGERPRINT_KEY = "_fingerprint"
EXPORTED_IDS_KEY = "exported_id"  # a row of the hidden sheet for each project exported
EXPORTED_KEY = "_exported"
FINGERPRINT_HEADER = "校验码（请勿改动）"
EXPORTED_HEADER = "导出值（请勿改动）"

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1
#: a returned ledger with more data rows than this is refused (a district's list has hundreds)
MAX_LEDGER_ROWS = 50_000
#: parts of a returned workbook larger than this (uncompressed) are refused before they are read
MAX_PART_BYTES = 400 * 1024 * 1024
HEADER_SEARCH_ROWS = 30

DATE_MIN, DATE_MAX = dt.date(P.MIN_YEAR, 1, 1), dt.date(P.MAX_YEAR, 12, 31)
REMARKS_MAX_CHARS = 2000
NO_SUBDISTRICT = "（未填街镇）"


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)
_EXCEL_EPOCH_DATE = _EXCEL_EPOCH.date()


class LedgerError(LifeCircleError):
    """A workbook that cannot be read as a ledger at all (not an xlsx, a missing sheet or column, too large)."""

    def __init__(self, message: str, sheet: Optional[str] = None, row: Optional[int] = None,
                 column: Optional[str] = None):
        self.sheet, self.row, self.column = sheet, row, column
        super().__init__(message)


@dataclass
class ExportInfo:
    """What the 说明 sheet says about the export (and the hidden sheet tells the import)."""

    layer_name: str = ""
    layer_source: str = ""  # path or connection without password
    years: tuple[int, ...] = ()  # () = all years
    subdistricts: tuple[str, ...] = ()  # () = all
    exported_at: Optional[dt.datetime] = None
    plugin_version: str = ""
    target_share: float = 0.85  # for the 单元体检 colours (share of residents a category needs to count as met)
    profile: str = "shanghai"


@dataclass
class ExportExtras:
    """Optional results that add sheets; each is a list of attribute dicts (a layer's features)."""

    units: Optional[Sequence[Mapping[str, object]]] = None  # lifecircle:facilitycoverage UNITS_OUTPUT
    sites: Optional[Sequence[Mapping[str, object]]] = None  # lifecircle:siting SITES output
    site_fields: Optional[Mapping[str, Optional[str]]] = None  # role -> field (default: guessed, see SITE_ROLES)
    sites_category: Optional[str] = None  # the checklist code the siting run was for (its output has no field)
    potential: Optional[Sequence[Mapping[str, object]]] = None  # lifecircle:potentialspace OUTPUT
    impact_units: Optional[Sequence[Mapping[str, object]]] = None  # projectimpact UNITS_OUTPUT / comparecoverage
    impact_projects: Optional[Sequence[Mapping[str, object]]] = None  # projectimpact PROJECTS_OUTPUT
    needs: Optional[Sequence[Mapping[str, object]]] = None  # lifecircle:residentneeds OUTPUT
    need_answers: Optional[Sequence[Sequence[str]]] = None  # per need: ids of the projects answering it
    targets: Optional[Sequence[object]] = None  # core.programme.Target rows: the 汇总 sheet's target vs actual


@dataclass
class ExportSummary:
    path: str
    projects: int
    investment: float
    subdistricts: list[str]
    sheets: list[str]
    #: where things are in 项目台账 (1-based rows): project id -> row, 街镇 -> subtotal row, the total row
    project_rows: dict[str, int] = field(default_factory=dict)
    subtotal_rows: dict[str, int] = field(default_factory=dict)
    total_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # ledger key -> column letter
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LedgerColumn:
    key: str  # a schema field, FINGERPRINT_KEY or EXPORTED_KEY
    header: str
    kind: str  # text, integer, real, date, datetime, category
    office: bool = False
    wrap: bool = False
    min_width: float = 6.0
    max_width: float = 24.0
    hidden: bool = False


def ledger_columns(include_previous_id: bool = True) -> list[LedgerColumn]:
    """The columns of 项目台账, in order."""
    cols = []
    for name in LEDGER_FIELDS:
        if name == "previous_id" and not include_previous_id:
            continue
        spec = P.FIELDS_BY_NAME.get(name)
        if spec is None:  # pragma: no cover - the schema dropped a field
            continue
        kind = "category" if name == "category" else spec.type
        wrap = name in ("name", "content", "remarks", "implementer", "funding", "design_team", "feedback")
        max_w = {"name": 28.0, "content": 36.0, "remarks": 32.0, "implementer": 18.0, "funding": 18.0,
                 "feedback": 32.0}.get(name, 16.0)
        min_w = {"status": 9.0, "progress": 8.0, "remarks": 16.0, "project_id": 14.0}.get(name, 6.0)
        if kind == DATE_KIND:
            min_w = 11.0
        if kind == P.DATETIME:
            min_w = 16.0
        cols.append(LedgerColumn(name, spec.alias_zh, kind, office=name in OFFICE_FIELDS, wrap=wrap,
                                 min_width=min_w, max_width=max_w))
    cols.append(LedgerColumn(FINGERPRINT_KEY, FINGERPRINT_HEADER, P.TEXT, hidden=True, min_width=18))
    cols.append(LedgerColumn(EXPORTED_KEY, EXPORTED_HEADER, P.TEXT, hidden=True, min_width=18))
    return cols


DATE_KIND = P.DATE


#: the planner's columns: never taken from a returned ledger, but an office's edit to one is listed
LOCKED_FIELDS: tuple[str, ...] = tuple(f for f in LEDGER_FIELDS if f not in OFFICE_FIELDS
                                       and f not in ("project_id", "updated_at"))
