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
"""

from __future__ import annotations

import configparser
import datetime as dt
import hashlib
import json
import math
import os
import re
import tempfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from . import projects as P
from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, reason_of
from .groups import basis_of_rows, serves_label

# ------------------------------------------------------------------------------------------------------------
# the workbook's shape

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

# colours (ARGB without alpha)
C_HEADER = "D9E1F2"
C_OFFICE_HEADER = "FFD966"
C_OFFICE = "FFF2CC"
C_SUBTOTAL = "EDEDED"
C_TOTAL = "D0D0D0"
C_MET = "C6EFCE"
C_MET_TEXT = "006100"
C_NOT_MET = "FFC7CE"
C_NOT_MET_TEXT = "9C0006"
C_BETTER = "C6EFCE"

_INJECTION_START = ("=", "+", "-", "@")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)
_EXCEL_EPOCH_DATE = _EXCEL_EPOCH.date()


class LedgerError(LifeCircleError):
    """A workbook that cannot be read as a ledger at all (not an xlsx, a missing sheet or column, too large)."""

    def __init__(self, message: str, sheet: Optional[str] = None, row: Optional[int] = None,
                 column: Optional[str] = None):
        self.sheet, self.row, self.column = sheet, row, column
        super().__init__(message)


# ------------------------------------------------------------------------------------------------------------
# values: canonical text, fingerprints


_FIELD_TYPES = {f.name: f.type for f in P.FIELDS}


def typed_value(name: str, value: object) -> object:
    """``projects.coerce_value`` with fast paths for values that already have the schema's type (the common case:
    values read from the layer); the raw value when it cannot be coerced (bad data in the layer is shown, not
    hidden)."""
    if value is None:
        return None
    kind = _FIELD_TYPES.get(name)
    cls = type(value)
    if kind == P.TEXT and cls is str:
        return value.strip() or None
    if kind == P.INTEGER and cls is int:
        return value
    if kind == P.REAL and cls is float:
        return value if math.isfinite(value) else None
    if kind == P.DATE and cls is dt.date:
        return value
    if kind == P.DATETIME and cls is dt.datetime:
        return value
    if kind is None:
        return value
    try:
        return P.coerce_value(name, value)
    except ValueError:
        return value


def _canon_typed(v: object) -> str:
    if v is None:
        return ""
    cls = type(v)
    if cls is str:
        return v.replace("\r\n", "\n").replace("\r", "\n").strip()
    if cls is int:
        return str(v)
    if cls is float:
        return "%.10g" % v if math.isfinite(v) else ""
    if cls is dt.date:
        return v.isoformat()
    if cls is dt.datetime:
        return v.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dt.datetime):
        return v.replace(microsecond=0, tzinfo=None).isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return "%.10g" % v if math.isfinite(v) else ""
    if isinstance(v, int):
        return str(v)
    return str(v).replace("\r\n", "\n").replace("\r", "\n").strip()


def canonical(name: str, value: object) -> str:
    """A field value as stable text (what fingerprints and comparisons use): '' for empty, ISO dates,
    ``%.10g`` numbers, stripped text with ``\\n`` line ends."""
    return _canon_typed(typed_value(name, value))


def fingerprint(project: Mapping[str, object], fields: Sequence[str] = P.FIELD_NAMES) -> str:
    """16 hex digits: a hash of the project's values of ``fields`` (all schema fields by default; a field the
    layer lacks counts as empty). Any edit of the project in QGIS changes it."""
    return _hash_canon({name: canonical(name, project.get(name)) for name in fields}, fields)


def _hash_canon(canon: Mapping[str, str], fields: Sequence[str]) -> str:
    """The fingerprint of canonical values (a field missing from ``canon`` counts as empty)."""
    text = "\x1e".join(f"{name}\x1f{canon.get(name, '')}" for name in fields)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


class _GcPaused:
    """Pauses the cyclic garbage collector while a workbook is built or read: hundreds of thousands of small
    objects (cells) otherwise trigger collections that find nothing to free (~25 % of an import's time)."""

    def __enter__(self):
        import gc

        self._was = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc):
        import gc

        if self._was:
            gc.enable()
        return False


def plugin_version() -> str:
    """The plugin version from metadata.txt (the single source of version)."""
    meta = Path(__file__).resolve().parents[2] / "metadata.txt"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read(meta, encoding="utf-8")
        return parser.get("general", "version", fallback="?")
    except (OSError, configparser.Error):
        return "?"


# ------------------------------------------------------------------------------------------------------------
# choosing and ordering projects


def parse_years(text: object) -> tuple[int, ...]:
    """``"2026"``, ``"2025, 2026"``, ``"2024-2026"``; empty or ``0`` = all years (an empty tuple)."""
    if text is None:
        return ()
    if isinstance(text, int):
        return () if text == 0 else (int(text),)
    years: set[int] = set()
    for part in re.split(r"[,，;；\s]+", str(text).strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})\s*[-–~至]\s*(\d{4})", part)
        try:
            if m:
                a, b = int(m.group(1)), int(m.group(2))
                years.update(range(min(a, b), max(a, b) + 1))
            elif int(part) != 0:
                years.add(int(part))
        except ValueError:
            raise LifeCircleError(Msg("Years: '{}' is not a year (write 2026, or 2025,2026, or "
                                      "2024-2026).", part)) from None
    bad = [y for y in years if not P.MIN_YEAR <= y <= P.MAX_YEAR]
    if bad:
        raise LifeCircleError(Msg("Years: {} is outside {}–{}.", bad[0], P.MIN_YEAR, P.MAX_YEAR))
    return tuple(sorted(years))


def parse_names(text: object) -> tuple[str, ...]:
    """A comma/semicolon separated list of names (街镇)."""
    if text is None:
        return ()
    return tuple(p.strip() for p in re.split(r"[,，;；、]+", str(text)) if p.strip())


def select_projects(projects: Sequence[Mapping[str, object]], years: Sequence[int] = (),
                    subdistricts: Sequence[str] = ()) -> list[Mapping[str, object]]:
    """Projects of ``years`` (all when empty) in ``subdistricts`` (all when empty; ``东湖`` matches ``东湖街道``)."""
    wanted_years = {int(y) for y in years}
    wanted_sd = {P.subdistrict_short_name(s) for s in subdistricts}
    out = []
    for p in projects:
        if wanted_years:
            try:
                year = P.to_number(p.get("year"), integer=True)
            except ValueError:
                year = None
            if year not in wanted_years:
                continue
        if wanted_sd and P.subdistrict_short_name(str(p.get("subdistrict") or "")) not in wanted_sd:
            continue
        out.append(p)
    return out


def _id_key(pid: object) -> tuple:
    parsed = P.parse_project_id(pid)
    if parsed:
        return (0, parsed[0], parsed[1], parsed[2], "")
    return (1, 0, "", 0, str(pid or ""))


def group_by_subdistrict(projects: Sequence[Mapping[str, object]]) -> list[tuple[str, list[Mapping[str, object]]]]:
    """(街镇, its projects by id) in 街镇 order; projects without a 街镇 last, under :data:`NO_SUBDISTRICT`."""
    groups: dict[str, list] = defaultdict(list)
    for p in projects:
        sd = str(p.get("subdistrict") or "").strip() or NO_SUBDISTRICT
        groups[sd].append(p)
    names = sorted((g for g in groups if g != NO_SUBDISTRICT)) + ([NO_SUBDISTRICT] if NO_SUBDISTRICT in groups else [])
    return [(g, sorted(groups[g], key=lambda p: _id_key(p.get("project_id")))) for g in names]


def _investment(p: Mapping[str, object]) -> float:
    v = p.get("investment")
    if type(v) is float:
        return v if math.isfinite(v) else 0.0
    try:
        return float(P.to_number(v) or 0.0)
    except ValueError:
        return 0.0


# ------------------------------------------------------------------------------------------------------------
# export: inputs and result


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


def _text_width(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, float):
        s = f"{value:,.2f}"
    elif isinstance(value, dt.datetime):
        return 16.0
    elif isinstance(value, dt.date):
        return 10.0
    else:
        s = str(value)
    if "\n" in s:
        s = max(s.split("\n"), key=len)
    n = len(s)
    return (len(s.encode("utf-8")) + n) / 2.0  # CJK characters (3 bytes in UTF-8) count twice


# ------------------------------------------------------------------------------------------------------------
# export


def export_ledger(
    path: str | os.PathLike,
    projects: Sequence[Mapping[str, object]],
    info: Optional[ExportInfo] = None,
    extras: Optional[ExportExtras] = None,
    *,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> ExportSummary:
    """Writes the ledger workbook of ``projects`` (already selected: see :func:`select_projects`) to ``path``.

    The file appears only when complete (written beside it, then renamed): a failure or a cancel leaves no
    half-written workbook. Raises LifeCircleError when there is nothing to export, when project ids are
    duplicated (the round trip matches rows by id) or when the file cannot be written.
    """
    with _GcPaused():
        return _export_ledger(path, projects, info, extras, progress=progress, is_cancelled=is_cancelled)


def _export_ledger(
    path: str | os.PathLike,
    projects: Sequence[Mapping[str, object]],
    info: Optional[ExportInfo] = None,
    extras: Optional[ExportExtras] = None,
    *,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> ExportSummary:
    import openpyxl

    info = info or ExportInfo()
    extras = extras or ExportExtras()
    steps = Steps(progress, is_cancelled, [1, 2, 2, 3])
    steps.next()
    if not projects:
        raise LifeCircleError("No project to export: the list is empty for the chosen year(s) and 街镇.")
    missing_ids = sum(1 for p in projects if P.is_empty(p.get("project_id")))
    if missing_ids:
        raise LifeCircleError(Msg("{} project(s) have no 项目编号 (project_id): a ledger row is matched back by its id. "
                                  "Fill in the ids "
                                  "first (the project dock generates them).", missing_ids))
    dups = P.duplicate_ids(p.get("project_id") for p in projects)
    if dups:
        listed = ", ".join(f"{pid} (×{n})" for pid, n in list(dups.items())[:10])
        raise LifeCircleError(Msg("Duplicate project ids: {}. A ledger row is matched back by its id: give each "
                                  "project its own id "
                                  "first.", listed))
    exported_at = (info.exported_at or dt.datetime.now()).replace(microsecond=0)
    version = info.plugin_version or plugin_version()
    groups = group_by_subdistrict(projects)

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = LEDGER_SHEET
    include_prev = any(not P.is_empty(p.get("previous_id")) for p in projects)
    columns = ledger_columns(include_prev)
    steps.next()
    fast = _write_ledger_sheet(ws, groups, columns, info, exported_at, steps)
    summary = ExportSummary(str(path), len(projects), sum(_investment(p) for p in projects),
                            [g for g, _ in groups], [LEDGER_SHEET], project_rows=fast.project_rows,
                            subtotal_rows=fast.subtotal_rows, total_row=fast.total_row,
                            columns={c.key: _letter(i + 1) for i, c in enumerate(columns)})
    steps.next()
    summary_ws = wb.create_sheet(SUMMARY_SHEET)
    _write_summary_sheet(summary_ws, groups, info.profile)
    if extras.targets is not None:
        from .ledger_targets import write_targets_section

        write_targets_section(summary_ws, max(summary_ws.max_row + 3, 36), projects, extras.targets, info.profile)
    summary.sheets.append(SUMMARY_SHEET)
    if extras.units:
        summary.notes += _write_units_sheet(wb.create_sheet(UNITS_SHEET), extras.units, info)
        summary.sheets.append(UNITS_SHEET)
    if extras.units or extras.sites:
        summary.notes += _write_gaps_sheet(wb.create_sheet(GAPS_SHEET), extras.units, extras.sites,
                                           extras.site_fields, extras.sites_category, projects, info)
        summary.sheets.append(GAPS_SHEET)
    if extras.potential:
        summary.notes += _write_potential_sheet(wb.create_sheet(POTENTIAL_SHEET), extras.potential)
        summary.sheets.append(POTENTIAL_SHEET)
    if extras.impact_units or extras.impact_projects:
        summary.notes += _write_impact_sheet(wb.create_sheet(IMPACT_SHEET), extras.impact_units,
                                             extras.impact_projects, info)
        summary.sheets.append(IMPACT_SHEET)
    if extras.needs:
        summary.notes += _write_needs_sheet(wb.create_sheet(NEEDS_SHEET), extras.needs, extras.need_answers, projects)
        summary.sheets.append(NEEDS_SHEET)
    _write_readme_sheet(wb.create_sheet(README_SHEET), summary, columns, info, exported_at, version)
    summary.sheets.append(README_SHEET)
    _write_meta_sheet(wb.create_sheet(META_SHEET), summary, info, exported_at, version,
                      [_as_text(p.get("project_id")) for _, group in groups for p in group])
    steps.next()
    _save_atomically(wb, ws, fast, path, steps)
    steps.done()
    return summary


def _file_mode(target: Path) -> int:
    """The permissions a new file gets in this session (the umask's), or the ones the replaced file had."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _save_atomically(wb, ledger_ws, fast: "_FastRows", path, steps: Steps) -> None:
    """openpyxl writes the workbook; the project rows are spliced into the ledger sheet; the result replaces
    ``path`` in one rename."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise LifeCircleError(Msg("The ledger is an Excel workbook: the file name must end in .xlsx, not "
                                  "'{}'.", target.name))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_a = tempfile.mkstemp(suffix=".xlsx", prefix=".lifecircle-", dir=str(target.parent))
        os.close(fd)
        fd, tmp_b = tempfile.mkstemp(suffix=".xlsx", prefix=".lifecircle-", dir=str(target.parent))
        os.close(fd)
    except OSError as exc:
        raise LifeCircleError(Msg("Cannot write into the folder of '{}': {}.", target, exc.strerror or exc)) from None
    try:
        wb.save(tmp_a)
        steps.sub(0.3)
        part = ledger_ws.path.lstrip("/")
        with zipfile.ZipFile(tmp_a) as zin, zipfile.ZipFile(tmp_b, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == part:
                    data = fast.splice(data)
                zout.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=3)
        steps.sub(0.9)
        os.chmod(tmp_b, _file_mode(target))  # (a temporary file is its owner's only: the ledger is shared)
        os.replace(tmp_b, target)
    except PermissionError:
        raise LifeCircleError(
            Msg(
                "Cannot write '{}': the file is open in another program (Excel/WPS?) or the folder is read-only. "
                "Close it and export again.",
                target,
            )
        ) from None
    except OSError as exc:
        raise LifeCircleError(Msg("Cannot write '{}': {}.", target, exc.strerror or exc)) from None
    finally:
        for tmp in (tmp_a, tmp_b):
            try:
                os.unlink(tmp)
            except OSError:
                pass


# -- styles ---------------------------------------------------------------------------------------------------


class _Styles:
    """Shared openpyxl style objects (small sheets) — created once per export."""

    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.note = Font(italic=True, color="595959")
        self.header_fill = PatternFill("solid", fgColor=C_HEADER)
        self.office_header_fill = PatternFill("solid", fgColor=C_OFFICE_HEADER)
        self.office_fill = PatternFill("solid", fgColor=C_OFFICE)
        self.subtotal_fill = PatternFill("solid", fgColor=C_SUBTOTAL)
        self.total_fill = PatternFill("solid", fgColor=C_TOTAL)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="top", wrap_text=True)
        self.top = Alignment(vertical="top")


def _put(ws, row: int, col: int, value: object, *, font=None, fill=None, border=None, align=None,
         number_format: Optional[str] = None):
    """One cell of a small sheet; text beginning with = + - @ stays text (formula injection)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = _clean_text(value)
    elif isinstance(value, float) and not math.isfinite(value):
        value = None
    cell.value = value
    if isinstance(value, str) and value.startswith(_INJECTION_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    if align is not None:
        cell.alignment = align
    elif border is not None:  # table cells: on top, like the wrapped text beside them
        cell.alignment = _top_alignment()
    if number_format:
        cell.number_format = number_format
    return cell


_TOP = None


def _top_alignment():
    global _TOP
    if _TOP is None:
        from openpyxl.styles import Alignment

        _TOP = Alignment(vertical="top")
    return _TOP


_ILLEGAL = {i: None for i in list(range(0, 9)) + [11, 12] + list(range(14, 32))}
_MAX_CELL_CHARS = 32767


_NEEDS_CLEANING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r]")


def _clean_text(text: str) -> str:
    """Text a cell can hold: no control characters, \\n line ends, at most Excel's 32,767 characters."""
    if _NEEDS_CLEANING.search(text) is None and len(text) <= _MAX_CELL_CHARS:
        return text
    s = text.replace("\r\n", "\n").replace("\r", "\n").translate(_ILLEGAL)
    if len(s) > _MAX_CELL_CHARS:
        s = s[: _MAX_CELL_CHARS - 1] + "…"
    return s


def _header_row(ws, row: int, headers: Sequence[str], st: _Styles, widths: Optional[Sequence[float]] = None,
                fill=None) -> None:
    for j, h in enumerate(headers, start=1):
        _put(ws, row, j, h, font=st.bold, fill=fill or st.header_fill, border=st.border, align=st.center)
    if widths:
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[_letter(j)].width = w


# -- 项目台账 -----------------------------------------------------------------------------------------------------


class _FastRows:
    """The project rows of 项目台账 as sheet XML, spliced into the sheet openpyxl wrote (see module doc).

    Cells are written as inline strings (never formulas), numbers, dates as serial numbers with a date style;
    style ids come from openpyxl's own stylesheet (registered through scratch cells before saving).
    """

    def __init__(self, ws):
        self.ws = ws
        self.parts: list[str] = []
        self.last_row = HEADER_ROW
        self.last_col = 1
        self.project_rows: dict[str, int] = {}
        self.subtotal_rows: dict[str, int] = {}
        self.total_row = 0
        self._sid_cache: dict[tuple, int] = {}

    def style_id(self, **attrs) -> int:
        """The stylesheet index of a cell style (font, fill, border, alignment, protection, number_format,
        quotePrefix)."""
        from openpyxl.cell.cell import Cell

        key = tuple(sorted((k, repr(v)) for k, v in attrs.items()))
        sid = self._sid_cache.get(key)
        if sid is None:
            cell = Cell(self.ws)
            for k, v in attrs.items():
                setattr(cell, k, v)
            sid = cell.style_id  # registers the style in the workbook's stylesheet
            self._sid_cache[key] = sid
        return sid

    def add_row(self, row: int, cells: Sequence[tuple[str, int, object]], height: Optional[float] = None) -> None:
        """``cells``: (column letter, style id, value) in column order; ``height`` in points (None: default).

        The common value types are written inline here (this runs once per cell of the ledger)."""
        out = [f'<row r="{row}" ht="{height:g}" customHeight="1">' if height else f'<row r="{row}">']
        append = out.append
        for letter, sid, value in cells:
            cls = type(value)
            if value is None:
                append(f'<c r="{letter}{row}" s="{sid}"/>')
            elif cls is str:
                text = _clean_text(value)
                if "&" in text or "<" in text or ">" in text:
                    text = _xml_escape(text)
                if text[:1].isspace() or text[-1:].isspace():
                    append(f'<c r="{letter}{row}" s="{sid}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
                else:
                    append(f'<c r="{letter}{row}" s="{sid}" t="inlineStr"><is><t>{text}</t></is></c>')
            elif cls is int:
                append(f'<c r="{letter}{row}" s="{sid}"><v>{value}</v></c>')
            elif cls is dt.date:
                append(f'<c r="{letter}{row}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>')
            else:
                append(_cell_xml(f"{letter}{row}", sid, value))
        append("</row>")
        self.parts.append("".join(out))
        self.last_row = max(self.last_row, row)

    def splice(self, sheet_xml: bytes) -> bytes:
        text = sheet_xml.decode("utf-8")
        rows = "".join(self.parts)
        if "</sheetData>" in text:
            text = text.replace("</sheetData>", rows + "</sheetData>", 1)
        elif "<sheetData/>" in text:
            text = text.replace("<sheetData/>", f"<sheetData>{rows}</sheetData>", 1)
        else:  # pragma: no cover - openpyxl always writes sheetData
            raise LifeCircleError("Internal error: the ledger sheet has no sheetData element.")
        text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="A1:{_letter(self.last_col)}{self.last_row}"/>',
                      text, count=1)
        return text.encode("utf-8")


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(ref: str, sid: int, value: object) -> str:
    if value is None:
        return f'<c r="{ref}" s="{sid}"/>'
    cls = type(value)
    if cls is str:
        s = _clean_text(value)
        if "&" in s or "<" in s or ">" in s:
            s = _xml_escape(s)
        space = ' xml:space="preserve"' if s[:1].isspace() or s[-1:].isspace() else ""
        return f'<c r="{ref}" s="{sid}" t="inlineStr"><is><t{space}>{s}</t></is></c>'
    if cls is int:
        return f'<c r="{ref}" s="{sid}"><v>{value}</v></c>'
    if cls is float:
        if not math.isfinite(value):
            return f'<c r="{ref}" s="{sid}"/>'
        return f'<c r="{ref}" s="{sid}"><v>{value!r}</v></c>'
    if cls is dt.date:
        return f'<c r="{ref}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{sid}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        # full precision: a serial rounded to 8 decimals shows 09:28 as 09:27 (LibreOffice truncates minutes)
        delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
        serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400.0
        return f'<c r="{ref}" s="{sid}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{sid}"><v>{(value - _EXCEL_EPOCH_DATE).days}</v></c>'
    if isinstance(value, (int, float)):
        return _cell_xml(ref, sid, float(value) if isinstance(value, float) else int(value))
    return _cell_xml(ref, sid, str(value))


def _number_format(kind: str, key: str) -> str:
    if kind == P.DATE:
        return "yyyy-mm-dd"
    if kind == P.DATETIME:
        return "yyyy-mm-dd hh:mm"
    if key == "investment":
        return "#,##0.00"
    if kind == P.INTEGER:
        return "0"
    if kind == P.REAL:
        return "#,##0.00"
    return "General"


def _write_ledger_sheet(ws, groups, columns: Sequence[LedgerColumn], info: ExportInfo, exported_at: dt.datetime,
                        steps: Steps) -> _FastRows:
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    st = _Styles()
    fast = _FastRows(ws)
    letters = [_letter(i + 1) for i in range(len(columns))]
    fast.last_col = len(columns)
    col_of = {c.key: letters[i] for i, c in enumerate(columns)}
    n_projects = sum(len(g) for _, g in groups)
    total_inv = sum(_investment(p) for _, g in groups for p in g)

    # title, note, header (openpyxl cells)
    district = next((str(p.get("district")).strip() for _, g in groups for p in g if not P.is_empty(p.get("district"))),
                    "")
    years = sorted({int(y) for _, g in groups for p in g if (y := _maybe_int(p.get("year"))) is not None})
    year_text = _years_text(years)
    sd_text = "、".join(info.subdistricts) if info.subdistricts else ""
    title = f"{district} {year_text}年度 15分钟社区生活圈项目实施台账" + (f"（{sd_text}）" if sd_text else "")
    _put(ws, TITLE_ROW, 1, title.strip(), font=st.title)
    office_names = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in OFFICE_FIELDS)
    note = (f"导出时间 {exported_at:%Y-%m-%d %H:%M}，共 {n_projects} 个项目，投资估算合计 {total_inv:,.2f} 万元。"
            f"黄色列（{office_names}）由街镇填写，其余列已锁定；开工、完工日期在开工、完工后改为实际日期。"
            f"填好后保存为 .xlsx 原文件发回，请勿增删行列、改动工作表名、列名和项目编号（详见“{README_SHEET}”）。")
    _put(ws, NOTE_ROW, 1, note, font=st.note)
    for j, c in enumerate(columns, start=1):
        _put(ws, HEADER_ROW, j, c.header, font=st.bold,
             fill=st.office_header_fill if c.office else st.header_fill, border=st.border, align=st.center)
    ws.row_dimensions[HEADER_ROW].height = 32

    # style ids for the streamed rows
    locked, unlocked = Protection(locked=True), Protection(locked=False)
    wrap, top = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")
    sids: list[tuple[int, int]] = []  # (normal, text beginning with = + - @)
    sub_sids: list[int] = []
    tot_sids: list[int] = []
    for c in columns:
        base = dict(border=st.border, number_format=_number_format(c.kind, c.key), alignment=wrap if c.wrap else top,
                    protection=unlocked if c.office else locked)
        if c.office:
            base["fill"] = st.office_fill
        sids.append((fast.style_id(**base), fast.style_id(quotePrefix=True, **base)))
        sub_sids.append(fast.style_id(border=st.border, font=Font(bold=True), fill=st.subtotal_fill,
                                      number_format=_number_format(c.kind, c.key), protection=locked))
        tot_sids.append(fast.style_id(border=st.border, font=Font(bold=True), fill=st.total_fill,
                                      number_format=_number_format(c.kind, c.key), protection=locked))

    widths = [max(c.min_width, _text_width(c.header) * 0.8 + 2) for c in columns]
    row = FIRST_DATA_ROW
    runs: list[tuple[int, int]] = []  # project-row runs (first, last) for validation ranges
    done = 0
    inv_col = next((i for i, c in enumerate(columns) if c.key == "investment"), None)
    name_col = next((i for i, c in enumerate(columns) if c.key == "name"), None)
    sd_col = next((i for i, c in enumerate(columns) if c.key == "subdistrict"), None)
    profile = info.profile
    labels: dict[str, str] = {}
    keys = [c.key for c in columns]
    wrapped = [i for i, c in enumerate(columns) if c.wrap]

    # pass 1: the cells' values, and the column widths from a sample of them (widths are capped anyway)
    values_by_group: list[list[tuple[str, list]]] = []
    for sd, group in groups:
        rows_of_group = []
        for p in group:
            typed = {n: typed_value(n, p.get(n)) for n in P.FIELD_NAMES}
            canon = {n: _canon_typed(v) for n, v in typed.items()}
            measure = done < 2000 or done % 25 == 0
            values = []
            for i, key in enumerate(keys):
                if key == FINGERPRINT_KEY:
                    value = _hash_canon(canon, P.FIELD_NAMES)
                elif key == EXPORTED_KEY:
                    value = json.dumps(canon, ensure_ascii=False, separators=(",", ":"))
                else:
                    value = typed.get(key)
                    if key == "category" and value is not None:
                        code = str(value)
                        label = labels.get(code)
                        if label is None:
                            choice = P.category_choice(code, profile)
                            label = labels[code] = choice.label("zh") if choice else code
                        value = label
                    if measure and value is not None and not columns[i].hidden:
                        w = _text_width(value) + 2
                        if w > widths[i]:
                            widths[i] = w
                values.append(value)
            rows_of_group.append((typed["project_id"] or str(p.get("project_id")).strip(), values))
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 * done / max(n_projects, 1))
        values_by_group.append(rows_of_group)
    final_widths = [round(min(max(widths[i], c.min_width), c.max_width), 1) for i, c in enumerate(columns)]

    # pass 2: the rows, tall enough for their wrapped text
    done = 0
    for (sd, group), rows_of_group in zip(groups, values_by_group):
        first = row
        for pid, values in rows_of_group:
            cells = []
            for i, value in enumerate(values):
                normal, quoted = sids[i]
                sid = quoted if type(value) is str and value.startswith(_INJECTION_START) else normal
                cells.append((letters[i], sid, value))
            lines = max((_lines(values[i], final_widths[i]) for i in wrapped if type(values[i]) is str), default=1)
            fast.add_row(row, cells, _row_height(lines))
            fast.project_rows[pid] = row
            row += 1
            done += 1
            if done % 1000 == 0:
                steps.sub(0.5 + 0.5 * done / max(n_projects, 1))
        runs.append((first, row - 1))
        sub = [None] * len(columns)
        if sd_col is not None:
            sub[sd_col] = sd
        if name_col is not None:
            sub[name_col] = f"小计：{len(group)} 个项目"
        if inv_col is not None:
            sub[inv_col] = round(sum(_investment(p) for p in group), 6)
        fast.add_row(row, [(letters[i], sub_sids[i], v) for i, v in enumerate(sub)])
        fast.subtotal_rows[sd] = row
        row += 1
    last_group_row = row - 1
    tot = [None] * len(columns)
    if name_col is not None:
        tot[name_col] = f"合计：{n_projects} 个项目"
    if sd_col is not None:
        tot[sd_col] = "全部街镇" if len(groups) > 1 else groups[0][0]
    if inv_col is not None:
        tot[inv_col] = round(total_inv, 6)
    fast.add_row(row, [(letters[i], tot_sids[i], v) for i, v in enumerate(tot)])
    fast.total_row = row

    for i, c in enumerate(columns):
        dim = ws.column_dimensions[letters[i]]
        dim.width = final_widths[i]
        if c.hidden:
            dim.hidden = True

    # frozen header (and the id / 街镇 / name columns), autofilter over the projects and subtotals
    ws.freeze_panes = f"D{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{letters[-1]}{last_group_row}"

    # data validation on the office's cells (project rows only)
    def ranges(key: str) -> str:
        col = col_of[key]
        return " ".join(f"{col}{a}:{col}{b}" for a, b in runs)

    statuses = ",".join(P.STATUSES)
    dvs = [
        (DataValidation(type="list", formula1=f'"{statuses}"', allow_blank=True, showErrorMessage=True,
                        errorTitle="项目状态", error=f"请从下拉列表选择：{'、'.join(P.STATUSES)}",
                        promptTitle="项目状态", prompt="从下拉列表选择", showInputMessage=True), ["status"]),
        (DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True,
                        showErrorMessage=True, errorTitle="进度", error="进度填写 0–100 的整数（百分比）",
                        promptTitle="进度（%）", prompt="0–100 的整数", showInputMessage=True), ["progress"]),
        (DataValidation(type="date", operator="between", formula1=str(_serial(DATE_MIN)),
                        formula2=str(_serial(DATE_MAX)), allow_blank=True, showErrorMessage=True, errorTitle="日期",
                        error="请填写日期，例如 2026-03-01", promptTitle="日期", prompt="例如 2026-03-01",
                        showInputMessage=True),
         [n for n in OFFICE_FIELDS if P.FIELDS_BY_NAME[n].type == P.DATE]),
        (DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="人数、票数", error="填写 0 或正整数",
                        promptTitle="人数、票数", prompt="0 或正整数；赞成+反对+弃权 = 投票人数", showInputMessage=True),
         ["hearing_attendance", "voters", *P.VOTE_FIELDS]),
        (DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                        showErrorMessage=True, errorTitle="满意度", error="满意度填写 0–100（百分比）",
                        promptTitle="满意度（%）", prompt="0–100", showInputMessage=True), ["satisfaction"]),
        (DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(REMARKS_MAX_CHARS),
                        allow_blank=True, showErrorMessage=True, errorTitle="备注",
                        error=f"备注最多 {REMARKS_MAX_CHARS} 字", promptTitle="备注", prompt="进展、问题、需要协调的事项",
                        showInputMessage=True), ["remarks"]),
    ]
    for dv, keys in dvs:
        dv.sqref = _multi_range(" ".join(ranges(k) for k in keys if k in col_of))
        ws.add_data_validation(dv)

    # protection without a password: the office's cells are unlocked; filtering, sorting, widths allowed
    prot = ws.protection
    prot.sheet = True
    prot.autoFilter = False
    prot.sort = False
    prot.formatColumns = False
    prot.formatRows = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False

    # print: A3 landscape, fit to width, header row on every page
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.left.text = _clean_text(title.strip()).replace("&", "&&")[:200]  # from page 2 on
    ws.HeaderFooter.differentFirst = True
    ws.firstFooter.center.text = "第 &P 页，共 &N 页"
    return fast


def _multi_range(text: str):
    from openpyxl.worksheet.cell_range import MultiCellRange

    return MultiCellRange(text)


def _serial(d: dt.date) -> int:
    return (d - _EXCEL_EPOCH.date()).days


def _maybe_int(v: object) -> Optional[int]:
    try:
        n = P.to_number(v)
    except ValueError:
        return None
    return int(round(n)) if n is not None else None


def _maybe_float(v: object) -> Optional[float]:
    try:
        return P.to_number(v)
    except ValueError:
        return None


def _years_text(years: Sequence[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(map(str, years))


# -- 汇总 -------------------------------------------------------------------------------------------------------


def _write_summary_sheet(ws, groups, profile: str) -> None:
    from openpyxl.chart import BarChart, Reference

    st = _Styles()
    statuses = list(P.STATUSES)
    extra_statuses = sorted({str(p.get("status") or "").strip() or "（未填）" for _, g in groups for p in g} - set(statuses))
    statuses += extra_statuses
    count = {sd: Counter() for sd, _ in groups}
    money = {sd: defaultdict(float) for sd, _ in groups}
    for sd, g in groups:
        for p in g:
            s = str(p.get("status") or "").strip() or "（未填）"
            count[sd][s] += 1
            money[sd][s] += _investment(p)

    _put(ws, 1, 1, "项目数量（个，按街镇 × 项目状态）", font=st.title)
    headers = ["街镇"] + statuses + ["合计"]
    _header_row(ws, 2, headers, st, [14] + [9] * len(statuses) + [10])
    r = 3
    for sd, _ in groups:
        _put(ws, r, 1, sd, border=st.border)
        for j, s in enumerate(statuses, start=2):
            _put(ws, r, j, count[sd][s], border=st.border, number_format="0")
        _put(ws, r, len(statuses) + 2, sum(count[sd].values()), border=st.border, font=st.bold, number_format="0")
        r += 1
    count_last = r - 1
    _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
    for j, s in enumerate(statuses, start=2):
        _put(ws, r, j, sum(count[sd][s] for sd, _ in groups), font=st.bold, fill=st.total_fill, border=st.border,
             number_format="0")
    _put(ws, r, len(statuses) + 2, sum(sum(c.values()) for c in count.values()), font=st.bold, fill=st.total_fill,
         border=st.border, number_format="0")

    r += 2
    _put(ws, r, 1, "投资估算（万元，按街镇 × 项目状态）", font=st.title)
    _header_row(ws, r + 1, headers, st)
    r += 2
    for sd, _ in groups:
        _put(ws, r, 1, sd, border=st.border)
        for j, s in enumerate(statuses, start=2):
            _put(ws, r, j, round(money[sd][s], 6), border=st.border, number_format="#,##0.00")
        _put(ws, r, len(statuses) + 2, round(sum(money[sd].values()), 6), border=st.border, font=st.bold,
             number_format="#,##0.00")
        r += 1
    _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
    for j, s in enumerate(statuses, start=2):
        _put(ws, r, j, round(sum(money[sd][s] for sd, _ in groups), 6), font=st.bold, fill=st.total_fill,
             border=st.border, number_format="#,##0.00")
    _put(ws, r, len(statuses) + 2, round(sum(sum(m.values()) for m in money.values()), 6), font=st.bold,
         fill=st.total_fill, border=st.border, number_format="#,##0.00")

    # by category
    r += 2
    _put(ws, r, 1, "按十全 / 十美类别", font=st.title)
    cat_headers = ["类别编码", "类别", "十全/十美", "项目数", "投资估算（万元）", "已完工（完工+运营）"]
    _header_row(ws, r + 1, cat_headers, st)
    r += 2
    cat_first = r
    by_cat: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for _, g in groups:
        for p in g:
            code = P.parse_category(p.get("category"), profile) or (str(p.get("category") or "").strip() or "（未填）")
            e = by_cat[code]
            e[0] += 1
            e[1] += _investment(p)
            e[2] += int(str(p.get("status") or "").strip() in P.FINISHED_STATUSES)
    codes = list(P.category_codes(profile))
    codes += sorted(c for c in by_cat if c not in codes)
    tier_totals: dict[str, list] = defaultdict(lambda: [0, 0.0, 0])
    for code in codes:
        choice = P.category_choice(code, profile)
        tier = ("十全" if choice.kind == P.KINDS[0] else "十美") if choice else "—"
        e = by_cat.get(code, [0, 0.0, 0])
        for k in range(3):
            tier_totals[tier][k] += e[k]
        vals = [code, choice.name_zh if choice else "（不在清单中）", tier, e[0], round(e[1], 6), e[2]]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, v, border=st.border, number_format="#,##0.00" if j == 5 else None)
        r += 1
    cat_last = r - 1
    for tier in ("十全", "十美"):
        e = tier_totals.get(tier, [0, 0.0, 0])
        for j, v in enumerate([f"{tier}小计", "", tier, e[0], round(e[1], 6), e[2]], start=1):
            _put(ws, r, j, v, font=st.bold, fill=st.subtotal_fill, border=st.border,
                 number_format="#,##0.00" if j == 5 else None)
        r += 1
    e = [sum(v[k] for v in by_cat.values()) for k in range(3)]
    for j, v in enumerate(["合计", "", "", e[0], round(e[1], 6), e[2]], start=1):
        _put(ws, r, j, v, font=st.bold, fill=st.total_fill, border=st.border,
             number_format="#,##0.00" if j == 5 else None)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 14
    ws.column_dimensions["E"].width = 16
    ws.column_dimensions["F"].width = 18

    # charts: projects by 街镇 stacked by status; investment by category
    anchor_col = _letter(len(statuses) + 4)
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各街镇项目数（按状态）"
    chart.y_axis.title = "项目数"
    data = Reference(ws, min_col=2, max_col=len(statuses) + 1, min_row=2, max_row=count_last)
    cats = Reference(ws, min_col=1, min_row=3, max_row=count_last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.height, chart.width = 7.5, 16
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = chart.y_axis.majorGridlines  # keep the default gridlines
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, f"{anchor_col}2")
    chart2 = BarChart()
    chart2.type = "bar"
    chart2.title = "各类别投资估算（万元）"
    data2 = Reference(ws, min_col=5, min_row=cat_first - 1, max_row=cat_last)
    cats2 = Reference(ws, min_col=2, min_row=cat_first, max_row=cat_last)
    chart2.add_data(data2, titles_from_data=True)
    chart2.set_categories(cats2)
    chart2.legend = None
    chart2.height, chart2.width = 12, 16
    chart2.x_axis.scaling.min = 0
    chart2.y_axis.scaling.min = 0
    chart2.x_axis.delete = False
    chart2.y_axis.delete = False
    ws.add_chart(chart2, f"{anchor_col}19")  # below the first chart (7.5 cm ≈ 15 rows)
    _print_setup(ws, landscape=True)


def _print_setup(ws, landscape: bool = True, title_rows: Optional[str] = None, a3: bool = False) -> None:
    """Fit to the page width (A3 for the wide sheets), rows of wrapped text tall enough to show it."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if a3 else ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    _fit_row_heights(ws)


LINE_HEIGHT_PT = 15.0


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (a CJK character is ~1.8 widths of
    a digit in the fonts Excel, WPS and LibreOffice use for Chinese)."""
    usable = max(width - 0.8, 1.0)
    out = 0
    for part in text.split("\n"):
        n = len(part)
        wide = (len(part.encode("utf-8")) - n) / 2.0  # characters of 3 bytes in UTF-8: CJK
        out += max(1, math.ceil((n - wide + 1.8 * wide) / usable))
    return out


def _row_height(lines: int) -> Optional[float]:
    return min(409.0, LINE_HEIGHT_PT * lines + 2.0) if lines > 1 else None


def _fit_row_heights(ws) -> None:
    """Spreadsheet programs do not re-measure rows when they open a file (LibreOffice does not, Excel not
    always): rows with wrapped text get a height for the lines they need."""
    widths = {}
    for letter, dim in ws.column_dimensions.items():
        widths[letter] = dim.width or 8.43
    merged = {}
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = sum(widths.get(_letter(c), 8.43)
                                                 for c in range(rng.min_col, rng.max_col + 1))
    for row in ws.iter_rows():
        need = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            width = merged.get((cell.row, cell.column), widths.get(cell.column_letter, 8.43))
            need = max(need, _lines(cell.value, width))
        height = _row_height(need)
        if height and (ws.row_dimensions[row[0].row].height or 0) < height:
            ws.row_dimensions[row[0].row].height = height


# -- 单元体检 ---------------------------------------------------------------------------------------------------

_ID_CANDIDATES = ("unit_id", "unit", "id", "name", "单元", "单元编号")
_SD_CANDIDATES = ("subdistrict", "街镇", "jiezhen", "street")


def _first_field(names: Sequence[str], candidates: Sequence[str]) -> Optional[str]:
    lower = {n.lower(): n for n in names}
    for c in candidates:
        if c.lower() in lower:
            return lower[c.lower()]
    return None


def _field_names(rows: Sequence[Mapping[str, object]]) -> list[str]:
    names: dict[str, None] = {}
    for r in rows[:50]:
        for k in r:
            names.setdefault(k, None)
    return list(names)


def unit_share_codes(field_names: Sequence[str], prefix: str = "c_", profile: str = "shanghai") -> list[str]:
    """Checklist codes with a ``<prefix><code>`` field, in checklist order."""
    have = set(field_names)
    return [c for c in P.category_codes(profile) if f"{prefix}{c}" in have]


def _tier(code: str, profile: str) -> str:
    choice = P.category_choice(code, profile)
    return "十全" if choice and choice.kind == P.KINDS[0] else "十美"


def _write_units_sheet(ws, units: Sequence[Mapping[str, object]], info: ExportInfo) -> list[str]:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    st = _Styles()
    notes: list[str] = []
    names = _field_names(units)
    codes = unit_share_codes(names, "c_", info.profile)
    if not codes:
        raise LifeCircleError("The units layer is not a result of 'Facility coverage' (体检): it has no c_Q01… "
                              "covered-share fields.")
    id_f = _first_field(names, _ID_CANDIDATES)
    sd_f = _first_field(names, _SD_CANDIDATES)
    target = 100.0 * float(info.target_share)
    rows = _filter_by_subdistrict(units, sd_f, info.subdistricts)
    if not rows:
        notes.append(Msg("{}: no unit in the chosen 街镇.", UNITS_SHEET))
    rows = sorted(rows, key=lambda u: (str(u.get(sd_f) or "") if sd_f else "", _natural(u.get(id_f) if id_f else "")))

    _put(ws, 1, 1, "生活圈基本单元体检：十全 / 十美 步行覆盖", font=st.title)
    groups = basis_of_rows(rows)
    by_group = ("按服务人群计：" + "；".join(f"{_cat_name(c, info.profile)}为{serves_label(g)}" for c, g in groups.items())
                + "中步行范围内的占比（全体居民占比见图层 call_ 字段）。") if groups else ""
    _put(ws, 2, 1, f"单元格为步行范围内居民占比（%）；绿色 = 达标（≥ {target:g}%），红色 = 未达标。"
                   f"“缺项”列出未达标的类别。{by_group}", font=st.note)
    fixed = ["基本单元"] + (["街镇"] if sd_f else []) + ["常住人口", "十全达标数", "十美达标数", "十全全部达标"]
    n_fixed = len(fixed)
    q_codes = [c for c in codes if _tier(c, info.profile) == "十全"]
    m_codes = [c for c in codes if _tier(c, info.profile) == "十美"]
    ordered = q_codes + m_codes
    headers = fixed + [f"{c}\n{_cat_name(c, info.profile)}" + (f"\n（{serves_label(groups[c])}）" if c in groups else "")
                       for c in ordered] + ["十全缺项", "十美缺项"]
    # band over the category columns
    if q_codes:
        a, b = n_fixed + 1, n_fixed + len(q_codes)
        _put(ws, 3, a, "十全（基础保障，必配）", font=st.bold, fill=st.header_fill, align=st.center, border=st.border)
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    if m_codes:
        a, b = n_fixed + len(q_codes) + 1, n_fixed + len(ordered)
        _put(ws, 3, a, "十美（品质提升，选配）", font=st.bold, fill=st.office_header_fill, align=st.center,
             border=st.border)
        if b > a:
            ws.merge_cells(start_row=3, start_column=a, end_row=3, end_column=b)
    _header_row(ws, 4, headers, st, [14] + ([12] if sd_f else []) + [10, 10, 10, 10] + [8.5] * len(ordered) + [30, 30])
    ws.row_dimensions[4].height = 30
    r = 5
    disagree = 0
    pop_total = 0.0
    covered = defaultdict(float)
    served_total = defaultdict(float)  # residents each category serves (its group's, or everyone)
    for u in rows:
        pop = _maybe_float(u.get("population")) or 0.0
        shares = {c: _maybe_float(u.get(f"c_{c}")) for c in ordered}
        met = {c: shares[c] is not None and shares[c] >= target - 1e-9 for c in ordered}
        miss_q = u.get("missing_q") if "missing_q" in u else None
        miss_m = u.get("missing_m") if "missing_m" in u else None
        computed_q = "、".join(_cat_name(c, info.profile) for c in q_codes if not met[c])
        computed_m = "、".join(_cat_name(c, info.profile) for c in m_codes if not met[c])
        if miss_q is not None and _name_set(miss_q) != _name_set(computed_q):
            disagree += 1
        q_met = u.get("q_met") if u.get("q_met") is not None else sum(met[c] for c in q_codes)
        m_met = u.get("m_met") if u.get("m_met") is not None else sum(met[c] for c in m_codes)
        all_q = u.get("meets_target")
        all_q = bool(all_q) if all_q is not None else all(met[c] for c in q_codes)
        vals = [str(u.get(id_f)) if id_f and u.get(id_f) is not None else f"#{r - 4}"]
        if sd_f:
            vals.append(u.get(sd_f))
        vals += [round(pop), _maybe_int(q_met), _maybe_int(m_met), "是" if all_q else "否"]
        for j, v in enumerate(vals, start=1):
            _put(ws, r, j, v, border=st.border, number_format="#,##0" if j == n_fixed - 3 else None)
        for k, c in enumerate(ordered):
            _put(ws, r, n_fixed + 1 + k, shares[c], border=st.border, number_format="0.0")
            served = (_maybe_float(u.get(f"sv_{c}")) or 0.0) if c in groups else pop
            served_total[c] += served
            if shares[c] is not None:
                covered[c] += served * shares[c] / 100.0
        _put(ws, r, n_fixed + len(ordered) + 1, (miss_q if miss_q is not None else computed_q) or "—",
             border=st.border, align=st.wrap)
        _put(ws, r, n_fixed + len(ordered) + 2, (miss_m if miss_m is not None else computed_m) or "—",
             border=st.border, align=st.wrap)
        pop_total += pop
        r += 1
    last = r - 1
    # the whole area: population-weighted covered shares
    _put(ws, r, 1, "全部单元", font=st.bold, fill=st.total_fill, border=st.border)
    for j in range(2, n_fixed + 1):
        _put(ws, r, j, None, fill=st.total_fill, border=st.border)
    _put(ws, r, n_fixed - 3, round(pop_total), font=st.bold, fill=st.total_fill, border=st.border, number_format="#,##0")
    for k, c in enumerate(ordered):
        share = 100.0 * covered[c] / served_total[c] if served_total[c] > 0 else None
        _put(ws, r, n_fixed + 1 + k, round(share, 1) if share is not None else None, font=st.bold, border=st.border,
             number_format="0.0")
    if rows:
        first_col, last_col = _letter(n_fixed + 1), _letter(n_fixed + len(ordered))
        rng = f"{first_col}5:{last_col}{r}"
        tl = f"{first_col}5"
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER({tl}),{tl}>={target:g})"],
                                                       fill=PatternFill("solid", fgColor=C_MET, bgColor=C_MET),
                                                       font=Font(color=C_MET_TEXT)))
        ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER({tl}),{tl}<{target:g})"],
                                                       fill=PatternFill("solid", fgColor=C_NOT_MET,
                                                                        bgColor=C_NOT_MET),
                                                       font=Font(color=C_NOT_MET_TEXT)))
    ws.freeze_panes = ws.cell(row=5, column=2 if not sd_f else 3)
    ws.auto_filter.ref = f"A4:{_letter(len(headers))}{max(last, 4)}"
    _print_setup(ws, title_rows="3:4", a3=True)
    if disagree:
        notes.append(
            Msg(
                "{}: for {} unit(s) the layer's missing categories differ from the shares at the target {:g} %: the "
                "coverage was computed with another target. The colours follow {:g} %; the 缺项 columns are the "
                "layer's.",
                UNITS_SHEET,
                disagree,
                target,
                target,
            )
        )
    return notes


def _cat_name(code: str, profile: str) -> str:
    choice = P.category_choice(code, profile)
    return choice.name_zh if choice else code


def _name_set(text: object) -> set:
    return {t.strip() for t in re.split(r"[、,，;；\s]+", str(text or "")) if t.strip() and t.strip() != "—"}


def _natural(v: object) -> tuple:
    s = str(v or "")
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.findall(r"\d+|\D+", s))


def _filter_by_subdistrict(rows, sd_field: Optional[str], subdistricts: Sequence[str]):
    if not sd_field or not subdistricts:
        return list(rows)
    wanted = {P.subdistrict_short_name(s) for s in subdistricts}
    return [r for r in rows if P.subdistrict_short_name(str(r.get(sd_field) or "")) in wanted]


# -- 缺项与选址 -------------------------------------------------------------------------------------------------


def _write_gaps_sheet(ws, units, sites, site_fields, sites_category, projects, info: ExportInfo) -> list[str]:
    st = _Styles()
    notes: list[str] = []
    r = 1
    if units:
        names = _field_names(units)
        codes = unit_share_codes(names, "c_", info.profile)
        id_f = _first_field(names, _ID_CANDIDATES)
        sd_f = _first_field(names, _SD_CANDIDATES)
        target = 100.0 * info.target_share
        planned: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in projects:
            code = P.parse_category(p.get("category"), info.profile)
            if code and not P.is_empty(p.get("unit_id")):
                planned[(str(p.get("unit_id")).strip(), code)].append(str(p.get("project_id")))
        gaps = []
        for u in _filter_by_subdistrict(units, sd_f, info.subdistricts):
            pop = _maybe_float(u.get("population")) or 0.0
            uid = str(u.get(id_f)) if id_f and u.get(id_f) is not None else ""
            for c in codes:
                share = _maybe_float(u.get(f"c_{c}"))
                if share is not None and share >= target - 1e-9:
                    continue
                tier = _tier(c, info.profile)
                uncovered = pop * (1.0 - (share or 0.0) / 100.0)
                gaps.append((0 if tier == "十全" else 1, -uncovered, uid, c, share, tier,
                             u.get(sd_f) if sd_f else None, "、".join(planned.get((uid, c), []))))
        gaps.sort(key=lambda g: (g[0], g[1], _natural(g[2]), g[3]))
        _put(ws, r, 1, f"缺项：未达标（步行覆盖 < {target:g}%）的十全 / 十美类别", font=st.title)
        r += 1
        headers = ["基本单元", "街镇", "类别编码", "类别", "十全/十美", "覆盖率（%）", "未覆盖人口", "本清单中的项目"]
        _header_row(ws, r, headers, st, [14, 12, 10, 14, 10, 11, 12, 30])
        r += 1
        for g in gaps:
            vals = [g[2], g[6], g[3], _cat_name(g[3], info.profile), g[5], g[4], round(-g[1]), g[7] or "—"]
            for j, v in enumerate(vals, start=1):
                _put(ws, r, j, v, border=st.border,
                     number_format="0.0" if j == 6 else "#,##0" if j == 7 else None)
            r += 1
        if not gaps:
            _put(ws, r, 1, "（全部单元、全部类别均达标）", font=st.note)
            r += 1
        r += 1
    if sites:
        names = _field_names(sites)
        cols = site_columns(names, site_fields)
        roles = {role: f for role, _, f in cols}
        code_given = P.parse_category(sites_category, info.profile) if sites_category else None
        if "category" not in roles and not code_given:
            notes.append(Msg("{}: the sites have no category field and none was given: the 类别 column is left "
                             "out.", GAPS_SHEET))
        if "category" not in roles and code_given:
            cols.insert(1, ("category", "类别", ""))
        title = "推荐选址"
        if code_given:
            title += f"：{P.category_choice(code_given, info.profile).label('zh')}"
        _put(ws, r, 1, title, font=st.title)
        r += 1
        _header_row(ws, r, [h for _, h, _ in cols], st)
        r += 1

        def category_of(s):
            if "category" in roles:
                return P.parse_category(s.get(roles["category"]), info.profile)
            return code_given

        def key(s):
            rank = _maybe_float(s.get(roles["rank"])) if "rank" in roles else None
            return (category_of(s) or "~", rank if rank is not None else math.inf)

        for s in sorted(sites, key=key):
            for j, (role, _, f) in enumerate(cols, start=1):
                v = s.get(f) if f else None
                fmt = None
                if role == "category":
                    code = category_of(s)
                    v = P.category_choice(code, info.profile).label("zh") if code else v
                elif role in ("newly_covered", "cumulative", "area"):
                    v = _maybe_float(v)
                    v = round(v) if v is not None else None
                    fmt = "#,##0"
                elif role == "share":
                    v, fmt = _maybe_float(v), "0.0"
                elif role == "rank":
                    v = _maybe_int(v)
                _put(ws, r, j, _plain_cell(v), border=st.border, align=st.wrap if role == "reason" else None,
                     number_format=fmt)
            r += 1
        for j, (role, _, _) in enumerate(cols, start=1):
            ws.column_dimensions[_letter(j)].width = max(ws.column_dimensions[_letter(j)].width or 0,
                                                          40 if role == "reason" else 12)
    _print_setup(ws)
    return notes


def _plain_cell(v: object) -> object:
    """A layer attribute as something a cell holds."""
    if v is None or isinstance(v, (str, int, float, bool, dt.date)):
        return v
    return str(v)


# -- 潜力空间 ---------------------------------------------------------------------------------------------------

#: (role, header, candidate field names) for a potential-space layer, in column order
POTENTIAL_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("rank", "排名", ("rank", "pot_rank", "lc_rank", "排名")),
    ("id", "地块编号", ("parcel_id", "id", "land_id", "地块编号")),
    ("subdistrict", "街镇", ("subdistrict", "街镇")),
    ("block", "街坊 / 单元", ("unit_id", "block_id", "unit", "单元")),
    ("kind", "潜力类型", ("main_kind", "kinds", "kind", "潜力类型")),
    ("land_use", "用地性质", ("land_use", "landuse", "用地性质")),
    ("status", "现状", ("status", "现状")),
    ("ownership", "权属", ("ownership", "owner", "权属")),
    ("area", "可用面积（m²）", ("area_used", "area_m2", "area", "面积")),
    ("gaps", "可补缺项", ("gaps_zh", "gaps", "缺项")),
    ("fits", "可承载类别", ("fits", "categories")),
    ("need", "需求（未覆盖人口加权）", ("need",)),
    ("score", "得分", ("score", "得分")),
    ("reason", "理由", ("reason", "reasons", "lc_reason", "理由")),
)


def _guess_columns(field_names: Sequence[str], roles, given: Optional[Mapping[str, Optional[str]]] = None):
    out, used = [], set()
    for role, header, cands in roles:
        f = given.get(role) if given and role in given else _first_field([n for n in field_names if n not in used],
                                                                          cands)
        if f and f in field_names:
            out.append((role, header, f))
            used.add(f)
    return out


def potential_columns(field_names: Sequence[str]) -> list[tuple[str, str, str]]:
    """(role, header, field) of the 潜力空间 sheet for a layer with ``field_names`` (guessed by name)."""
    return _guess_columns(field_names, POTENTIAL_ROLES)


#: (role, header, candidate field names) of the recommended sites (lifecircle:siting's SITES output first: its
#: own lc_ fields win over a candidate layer's rank/reason)
SITE_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("rank", "排名", ("lc_rank", "site_rank", "rank", "排名")),
    ("category", "类别", ("lc_code", "category", "code", "类别")),
    ("site_id", "候选编号", ("lc_site_id", "site_id", "parcel_id", "candidate_id", "id")),
    ("name", "名称", ("name", "site_name", "名称")),
    ("subdistrict", "街镇", ("subdistrict", "街镇")),
    ("unit_id", "基本单元 / 街坊", ("unit_id", "block_id", "unit")),
    ("newly_covered", "新增覆盖人口", ("new_pop", "newly_covered", "marginal_population", "marginal", "新增覆盖")),
    ("cumulative", "累计覆盖人口", ("cum_pop",)),
    ("share", "累计覆盖率（%）", ("cum_share",)),
    ("area", "面积（m²）", ("area_used", "area_m2", "area")),
    ("reason", "理由", ("lc_reason", "reason", "reasons", "理由")),
)


def site_columns(field_names: Sequence[str], given: Optional[Mapping[str, Optional[str]]] = None):
    """(role, header, field) of the recommended-sites table (``given``: role -> field overrides)."""
    return _guess_columns(field_names, SITE_ROLES, given)


def _write_potential_sheet(ws, parcels: Sequence[Mapping[str, object]]) -> list[str]:
    st = _Styles()
    names = _field_names(parcels)
    cols = potential_columns(names)
    roles = {role: f for role, _, f in cols}
    notes = []
    if "rank" not in roles and "score" not in roles:
        raise LifeCircleError("The potential-space layer has neither a rank nor a score field: it is not a result of "
                              "'Potential space'.")

    def key(p):
        rank = _maybe_float(p.get(roles["rank"])) if "rank" in roles else None
        score = _maybe_float(p.get(roles["score"])) if "score" in roles else None
        return (rank is None or rank <= 0, rank if rank else 0, -(score or 0))

    def is_potential(p):
        if "rank" in roles:
            rank = _maybe_float(p.get(roles["rank"]))
            return rank is not None and rank > 0
        score = _maybe_float(p.get(roles["score"]))
        return score is not None and not math.isnan(score)

    rows = sorted((p for p in parcels if is_potential(p)), key=key)
    left = len(parcels) - len(rows)
    _put(ws, 1, 1, "潜力空间：按得分排序的地块及理由", font=st.title)
    _put(ws, 2, 1, f"共 {len(rows)} 个潜力地块" + (f"（另有 {left} 个地块无潜力或被约束排除，未列出）" if left else ""),
         font=st.note)
    widths = {"reason": 60, "gaps": 24, "fits": 22, "kind": 12, "id": 12}
    _header_row(ws, 3, [h for _, h, _ in cols], st, [widths.get(role, 11) for role, _, _ in cols])
    r = 4
    for p in rows:
        for j, (role, _, f) in enumerate(cols, start=1):
            v = _plain_cell(p.get(f))
            fmt = {"area": "#,##0", "need": "#,##0", "score": "0.0", "rank": "0"}.get(role)
            _put(ws, r, j, v, border=st.border, align=st.wrap if role in ("reason", "gaps", "fits") else st.top,
                 number_format=fmt)
        r += 1
    ws.freeze_panes = "C4"
    if rows:
        ws.auto_filter.ref = f"A3:{_letter(len(cols))}{r - 1}"
    _print_setup(ws, title_rows="3:3", a3=True)
    return notes


# -- 需求 --------------------------------------------------------------------------------------------------------

#: columns of the 需求 sheet: (header, width)
_NEEDS_COLUMNS = (("编号", 10), ("所在单元", 12), ("需求类别", 16), ("诉求原文", 44), ("来源", 14), ("日期", 12),
                  ("权重", 7), ("回应项目", 44))
_NEED_ID_CANDIDATES = ("need_id", "id", "编号", "case_id", "工单号")
_NEED_SOURCE_CANDIDATES = ("source", "来源", "channel", "渠道")
_NEED_DATE_CANDIDATES = ("date", "日期", "created", "time", "时间")


def _write_needs_sheet(ws, needs: Sequence[Mapping[str, object]], answers: Optional[Sequence[Sequence[str]]],
                       projects) -> list[str]:
    """What residents asked where, and the projects answering each need (``answers``: project ids per need, found
    by the adapter: of the need's category, within its walking threshold; see core/needs.answering_projects)."""
    st = _Styles()
    names = _field_names(needs)
    if "lc_codes" not in names:
        raise LifeCircleError("The needs layer has no lc_codes field: give the needs output of 'Residents' needs'.")
    id_f, src_f, date_f = (_first_field(names, c) for c in (_NEED_ID_CANDIDATES, _NEED_SOURCE_CANDIDATES,
                                                              _NEED_DATE_CANDIDATES))
    by_id = {_as_text(p.get("project_id")): p for p in projects if not P.is_empty(p.get("project_id"))}
    mapped = [(n, list(answers[k]) if answers is not None else []) for k, n in enumerate(needs)
              if not P.is_empty(n.get("lc_codes"))]
    rows = sorted(mapped, key=lambda na: (_natural(na[0].get("unit_id")), str(na[0].get("lc_codes")),
                                          _natural(na[0].get(id_f)) if id_f else ()))
    answered = 0
    _put(ws, 1, 1, "居民需求（问需求计）：诉求、所在单元与回应项目", font=st.title)
    _put(ws, 2, 1, f"共 {len(rows)} 条可识别的需求（另有 {len(needs) - len(mapped)} 条未识别为设施需求，未列出）。"
                   "“回应项目”为清单中同一类别、位于需求点该类别步行阈值（直线距离）内的项目。", font=st.note)
    _header_row(ws, 3, [h for h, _ in _NEEDS_COLUMNS], st, [w for _, w in _NEEDS_COLUMNS])
    r = 4
    for k, (n, ids) in enumerate(rows, start=1):
        answering = [by_id[i] for i in ids if i in by_id]
        answered += bool(answering)
        values = [_plain_cell(n.get(id_f)) if id_f else k, _plain_cell(n.get("unit_id")) or "—",
                  _plain_cell(n.get("lc_names")) or _plain_cell(n.get("lc_codes")), _plain_cell(n.get("lc_text")),
                  _plain_cell(n.get(src_f)) if src_f else None, _plain_cell(n.get(date_f)) if date_f else None,
                  _maybe_float(n.get("lc_weight")),
                  "；".join(f"{p.get('project_id')} {p.get('name')}（{p.get('status') or '—'}）" for p in answering)
                  or "—"]
        for j, v in enumerate(values, start=1):
            _put(ws, r, j, v, border=st.border, align=st.wrap if j in (3, 4, 8) else st.top,
                 number_format="0" if j == 7 else None)
        r += 1
    ws.freeze_panes = "A4"
    if rows:
        ws.auto_filter.ref = f"A3:{_letter(len(_NEEDS_COLUMNS))}{r - 1}"
    _print_setup(ws, title_rows="3:3", a3=True)
    _put(ws, 2, 1, ws.cell(row=2, column=1).value + f"已有项目回应 {answered} 条，{len(rows) - answered} 条尚无项目回应。",
         font=st.note)
    return []


# -- 成效评估 ---------------------------------------------------------------------------------------------------


def _write_impact_sheet(ws, units, projects, info: ExportInfo) -> list[str]:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    st = _Styles()
    notes: list[str] = []
    r = 1
    if units:
        names = _field_names(units)
        impact = unit_share_codes(names, "cb_", info.profile)
        compare = unit_share_codes(names, "dc_", info.profile)
        id_f = _first_field(names, _ID_CANDIDATES)
        sd_f = _first_field(names, _SD_CANDIDATES)
        if impact:
            source, codes = "projectimpact", [c for c in impact if f"ca_{c}" in names]

            def before_after(u, c):
                return _maybe_float(u.get(f"cb_{c}")), _maybe_float(u.get(f"ca_{c}"))
        elif compare:
            source, codes = "comparecoverage", [c for c in compare if f"c_{c}" in names]

            def before_after(u, c):
                after, change = _maybe_float(u.get(f"c_{c}")), _maybe_float(u.get(f"dc_{c}"))
                if after is None or change is None:
                    return None, after
                return round(after - change, 1), after
        else:
            raise LifeCircleError("The impact units layer is neither a units output of 'Project impact' (cb_/ca_ "
                                  "fields) nor of 'Compare coverage' (dc_ fields).")
        rows = _filter_by_subdistrict(units, sd_f, info.subdistricts)
        rows = sorted(rows, key=lambda u: _natural(u.get(id_f) if id_f else ""))
        title = "成效评估：各单元项目实施前后的步行覆盖" if source == "projectimpact" else "成效评估：两期体检对比"
        _put(ws, r, 1, title, font=st.title)
        _put(ws, r + 1, 1, "达标数 = 覆盖率达到目标的十全 / 十美类别数；下表列出覆盖率有变化的单元和类别。", font=st.note)
        r += 2
        extra = ["新增覆盖人口", "改善类别"] if source == "projectimpact" else ["变化"]
        headers = ["基本单元", "常住人口", "十全达标（前）", "十全达标（后）", "十美达标（前）", "十美达标（后）"] + extra
        _header_row(ws, r, headers, st)
        r += 1
        for u in rows:
            vals = [str(u.get(id_f)) if id_f and u.get(id_f) is not None else "", _maybe_float(u.get("population")),
                    _maybe_int(u.get("q_met_b")), _maybe_int(u.get("q_met_a")), _maybe_int(u.get("m_met_b")),
                    _maybe_int(u.get("m_met_a"))]
            if source == "projectimpact":
                new_pop = _maybe_float(u.get("new_pop"))
                vals += [round(new_pop) if new_pop is not None else None, _plain_cell(u.get("improved"))]
            else:
                vals += [_plain_cell(u.get("change"))]
            for j, v in enumerate(vals, start=1):
                _put(ws, r, j, round(v) if j == 2 and isinstance(v, float) else v, border=st.border,
                     number_format="#,##0" if j in (2, 7) else None, align=st.wrap if j == len(vals) else None)
            r += 1
        # the covered shares that changed, one row per unit and category
        r += 1
        _put(ws, r, 1, "覆盖率变化（步行范围内居民占比，%）", font=st.title)
        r += 1
        _header_row(ws, r, ["基本单元", "类别", "十全/十美", "覆盖率（前）", "覆盖率（后）", "变化（百分点）"], st)
        head = r
        r += 1
        for u in rows:
            uid = str(u.get(id_f)) if id_f and u.get(id_f) is not None else ""
            for c in codes:
                before, after = before_after(u, c)
                if before is None or after is None or abs(after - before) < 1e-9:
                    continue
                choice = P.category_choice(c, info.profile)
                vals = [uid, choice.label("zh") if choice else c, _tier(c, info.profile), before, after,
                        round(after - before, 1)]
                for j, v in enumerate(vals, start=1):
                    _put(ws, r, j, v, border=st.border, number_format="0.0" if j >= 4 else None)
                r += 1
        if r == head + 1:
            _put(ws, r, 1, "（没有单元的覆盖率发生变化）", font=st.note)
            r += 1
        else:
            rng = f"F{head + 1}:F{r - 1}"
            ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER(F{head + 1}),F{head + 1}>0)"],
                                                           fill=PatternFill("solid", fgColor=C_BETTER,
                                                                            bgColor=C_BETTER)))
            ws.conditional_formatting.add(rng, FormulaRule(formula=[f"AND(ISNUMBER(F{head + 1}),F{head + 1}<0)"],
                                                           fill=PatternFill("solid", fgColor=C_NOT_MET,
                                                                            bgColor=C_NOT_MET)))
        r += 1
    if projects:
        names = _field_names(projects)
        if "new_alone" not in names and "new_ordered" not in names:
            raise LifeCircleError("The impact projects layer is not a projects output of 'Project impact' (it has no "
                                  "new_alone / new_ordered fields).")
        _put(ws, r, 1, "各项目新增覆盖居民", font=st.title)
        _put(ws, r + 1, 1, "单独计 = 只建这一个项目时新增覆盖的居民；按顺序计 = 按清单顺序逐个计入（合计等于总增量）。", font=st.note)
        r += 2
        cols = [("lc_order", "顺序"), ("project_id", "项目编号"), ("subdistrict", "街镇"), ("lc_code", "类别"),
                ("status", "项目状态"), ("counted", "计入"), ("new_alone", "单独计新增覆盖"),
                ("new_ordered", "按顺序计新增覆盖"), ("name", "项目名称"), ("lc_reason", "说明")]
        cols = [(f, h) for f, h in cols if f in names]
        _header_row(ws, r, [h for _, h in cols], st)
        r += 1
        order_f = "lc_order" if "lc_order" in names else None
        rows = sorted(projects, key=lambda p: (_maybe_float(p.get(order_f)) or 0) if order_f else _id_key(
            p.get("project_id")))
        total_alone = total_ordered = 0.0
        for p in rows:
            for j, (f, _) in enumerate(cols, start=1):
                v = p.get(f)
                if f == "counted":
                    v = "是" if v in (True, 1, "1", "true", "True") else "否"
                elif f == "lc_code":
                    code = P.parse_category(v, info.profile)
                    v = P.category_choice(code, info.profile).label("zh") if code else v
                elif f in ("new_alone", "new_ordered"):
                    v = _maybe_float(v)
                _put(ws, r, j, _plain_cell(v), border=st.border,
                     number_format="#,##0" if f in ("new_alone", "new_ordered") else None,
                     align=st.wrap if f in ("lc_reason", "name") else None)
            total_alone += _maybe_float(p.get("new_alone")) or 0.0
            total_ordered += _maybe_float(p.get("new_ordered")) or 0.0
            r += 1
        _put(ws, r, 1, "合计", font=st.bold, fill=st.total_fill, border=st.border)
        for j, (f, _) in enumerate(cols, start=1):
            if f == "new_ordered":
                _put(ws, r, j, round(total_ordered, 6), font=st.bold, fill=st.total_fill, border=st.border,
                     number_format="#,##0")
            elif j > 1:
                _put(ws, r, j, None, fill=st.total_fill, border=st.border)
    # one set of widths for the three tables (unit / category / project columns share positions)
    for j, w in enumerate((14, 16, 12, 16, 12, 14, 16, 26, 26, 30), start=1):
        ws.column_dimensions[_letter(j)].width = w
    _print_setup(ws)
    return notes


# -- 说明 and the hidden sheet ----------------------------------------------------------------------------------


def _write_readme_sheet(ws, summary: ExportSummary, columns: Sequence[LedgerColumn], info: ExportInfo,
                        exported_at: dt.datetime, version: str) -> None:
    st = _Styles()
    _put(ws, 1, 1, "说明", font=st.title)
    years = "、".join(map(str, info.years)) if info.years else "全部年度"
    sds = "、".join(info.subdistricts) if info.subdistricts else "全部街镇"
    facts = [
        ("内容", "15分钟社区生活圈 年度项目实施清单台账（一张蓝图）"),
        ("年度", years),
        ("街镇", sds),
        ("项目数", f"{summary.projects} 个（{len(summary.subdistricts)} 个街镇）"),
        ("投资估算合计", f"{summary.investment:,.2f} 万元"),
        ("来源图层", f"{info.layer_name}" + (f"（{info.layer_source}）" if info.layer_source else "")),
        ("导出时间", f"{exported_at:%Y-%m-%d %H:%M:%S}"),
        ("导出工具", f"LifeCircle 15分钟生活圈 QGIS 插件 {version}（lifecircle:exportledger）"),
        ("工作表", "；".join(_sheet_description(s) for s in summary.sheets)),
    ]
    r = 3
    for k, v in facts:
        _put(ws, r, 1, k, font=st.bold, border=st.border, align=st.top)
        _put(ws, r, 2, v, border=st.border, align=st.wrap)
        r += 1
    r += 1
    _put(ws, r, 1, "如何填写与发回", font=st.title)
    r += 1
    office = "、".join(P.FIELDS_BY_NAME[n].alias_zh for n in OFFICE_FIELDS)
    steps = [
        f"1. 只填写“{LEDGER_SHEET}”中的黄色单元格（{office}）；其余列已锁定（工作表保护，无密码），请勿取消保护后修改。",
        f"2. 项目状态从下拉列表选择（{'、'.join(P.STATUSES)}）；进度填 0–100 的整数（百分比）；日期写成 2026-03-01。",
        "3. 开工、完工日期：未开工 / 未完工时是计划日期，开工 / 完工后请改为实际日期；听证会、协调会、评议会填写召开日期。",
        "4. 不要增删行或列，不要改动工作表名、列名、项目编号，不要合并单元格，不要填写公式；隐藏的“校验码”“导出值”两列请勿改动。",
        "5. 新增项目不要加在表中：请另行报送，由区里在 QGIS 项目清单中新增后重新导出。",
        "6. 用 Excel、WPS 或 LibreOffice 保存为 .xlsx（不要另存为 .xls / .et / .csv），原文件发回。",
        "7. 区里在 QGIS 中用 LifeCircle“导入台账”（lifecircle:importledger）读回：先预览每一处改动，确认后才写入；导出后在 QGIS 中被改动过的项目列为冲突，不会被覆盖。",
    ]
    for s in steps:
        _put(ws, r, 1, s, align=st.wrap)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        ws.row_dimensions[r].height = 32
        r += 1
    r += 1
    _put(ws, r, 1, f"“{LEDGER_SHEET}”各列", font=st.title)
    r += 1
    _header_row(ws, r, ["列名", "字段", "由谁填写", "说明 / 取值"], st)
    r += 1
    for c in columns:
        if c.hidden:
            what = "隐藏列：导出时的数值校验，请勿改动"
            who = "—"
        else:
            spec = P.FIELDS_BY_NAME[c.key]
            who = "街镇填写" if c.office else "区里维护（锁定）"
            allowed = P.allowed_values(c.key)
            if c.key == "category":
                what = "十全 Q01–Q10 / 十美 M01–M10"
            elif allowed:
                what = " / ".join(allowed)
            elif spec.type == P.DATE:
                what = "日期，如 2026-03-01"
            elif c.key == "progress":
                what = "0–100 的整数"
            elif c.key == "investment":
                what = "万元"
            else:
                what = spec.alias_en
        for j, v in enumerate([c.header, c.key if not c.hidden else "", who, what], start=1):
            _put(ws, r, j, v, border=st.border, align=st.wrap,
                 fill=st.office_fill if c.office and j == 3 else None)
        r += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 40
    _print_setup(ws, landscape=False)


def _sheet_description(name: str) -> str:
    return {
        LEDGER_SHEET: f"{LEDGER_SHEET}（按街镇分组的项目，街镇填写黄色列）",
        SUMMARY_SHEET: f"{SUMMARY_SHEET}（按街镇 × 状态、按十全/十美类别统计）",
        UNITS_SHEET: f"{UNITS_SHEET}（各单元十全/十美覆盖）",
        GAPS_SHEET: f"{GAPS_SHEET}（缺项与推荐选址）",
        POTENTIAL_SHEET: f"{POTENTIAL_SHEET}（潜力地块排名及理由）",
        IMPACT_SHEET: f"{IMPACT_SHEET}（项目实施前后覆盖对比）",
        README_SHEET: f"{README_SHEET}（本页）",
    }.get(name, name)


def _write_meta_sheet(ws, summary: ExportSummary, info: ExportInfo, exported_at: dt.datetime, version: str,
                      exported_ids: Sequence[str] = ()) -> None:
    facts = [
        ("format", FORMAT_NAME), ("format_version", FORMAT_VERSION), ("exported_at", exported_at.isoformat()),
        ("layer_name", info.layer_name), ("layer_source", info.layer_source), ("plugin_version", version),
        ("years", ",".join(map(str, info.years))), ("subdistricts", ",".join(info.subdistricts)),
        ("projects", summary.projects), ("header_row", HEADER_ROW), ("fingerprint_fields", ",".join(P.FIELD_NAMES)),
        ("office_fields", ",".join(OFFICE_FIELDS)), ("profile", info.profile),
    ]
    # the projects exported, one a row: an import lists those whose row the office deleted
    facts += [(EXPORTED_IDS_KEY, pid) for pid in exported_ids]
    for i, (k, v) in enumerate(facts, start=1):
        _put(ws, i, 1, k)
        _put(ws, i, 2, str(v) if v is not None else "")
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


# ------------------------------------------------------------------------------------------------------------
# reading a returned workbook (streaming, bounded memory)

_REF_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
#: built-in number formats that are dates: 14–17, 22 and the East Asian ones (27–36, 50–58) Excel and WPS write
#: without defining them
_BUILTIN_DATE_IDS = set(range(14, 18)) | {22} | set(range(27, 37)) | set(range(50, 59))
_BUILTIN_PERCENT_IDS = {9, 10}


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


class CellValue:
    """A cell of a returned workbook: its value (cached for formulas), and what kind of cell it was.

    (A slotted class, not a dataclass: an import creates one per cell.)"""

    __slots__ = ("value", "formula", "cached", "error", "percent")

    def __init__(self, value: object, formula: Optional[str] = None, cached: bool = True, error: bool = False,
                 percent: bool = False):
        self.value = value
        self.formula = formula  # the formula text, when the cell has one
        self.cached = cached  # False: a formula without a cached value
        self.error = error  # an error value (#REF!, #DIV/0! …)
        self.percent = percent  # shown as a percentage (0.45 = 45 %)

    def __repr__(self) -> str:
        extra = "".join(f", {k}={getattr(self, k)!r}" for k in ("formula", "cached", "error", "percent")
                        if getattr(self, k) != CellValue.__init__.__defaults__[("formula", "cached", "error",
                                                                                  "percent").index(k)])
        return f"CellValue({self.value!r}{extra})"


class _Workbook:
    """The parts of an xlsx an import needs: sheets (name, state, part), shared strings, date styles."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise LedgerError(Msg("Cannot open '{}': {}.", self.path, exc.strerror or exc)) from None
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise LedgerError(Msg("'{}' is an old-format workbook (.xls / .et) or is protected by a password: open it "
                                  "in Excel, WPS or LibreOffice, remove any password to open, and save it as .xlsx "
                                  "(Excel 2007–365 "
                                  "workbook).", self.path.name))
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError):
            raise LedgerError(Msg("'{}' is not an .xlsx workbook (or it is damaged): save it as .xlsx from Excel, WPS "
                                  "or LibreOffice.", self.path.name)) from None
        self.names = {i.filename: i for i in self.zip.infolist()}
        workbook = self._office_document()
        self.sheets: list[tuple[str, str, str]] = []  # (name, state, part)
        self.date1904 = False
        self._read_workbook(workbook)
        self.shared: list[str] = []
        self.date_styles: set[int] = set()
        self.percent_styles: set[int] = set()
        self._read_shared_strings(workbook)
        self._read_styles(workbook)

    def close(self) -> None:
        self.zip.close()

    # -- parts
    def _part(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise LedgerError(Msg("'{}' is damaged: the part {} is missing.", self.path.name, name))
        if info.file_size > MAX_PART_BYTES:
            raise LedgerError(Msg("'{}': the part {} is {:,.0f} MB uncompressed; a ledger is far smaller. Refused (is "
                                  "this the right "
                                  "file?).", self.path.name, name, info.file_size / 1e6))
        try:
            return self.zip.read(name)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:  # RuntimeError: encrypted member
            raise LedgerError(Msg("'{}' is damaged: {} cannot be read ({}).", self.path.name, name, exc)) from None

    def _open_part(self, name: str):
        info = self.names.get(name)
        if info is None:
            raise LedgerError(Msg("'{}' is damaged: the part {} is missing.", self.path.name, name))
        if info.file_size > MAX_PART_BYTES:
            raise LedgerError(Msg("'{}': the part {} is {:,.0f} MB uncompressed; a ledger is far smaller. Refused (is "
                                  "this the right "
                                  "file?).", self.path.name, name, info.file_size / 1e6))
        return self.zip.open(name)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part) of ``part``."""
        folder, base = part.rsplit("/", 1) if "/" in part else ("", part)
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_name not in self.names:
            return {}
        out = {}
        for attrs in _elements(self._part(rels_name), "Relationship", self.path.name, rels_name):
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") == "External":
                continue
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                parts = (folder.split("/") if folder else []) + target.split("/")
                stack: list[str] = []
                for p in parts:
                    if p == "..":
                        if stack:
                            stack.pop()
                    elif p and p != ".":
                        stack.append(p)
                resolved = "/".join(stack)
            out[attrs.get("Id", "")] = (attrs.get("Type", ""), resolved)
        return out

    def _office_document(self) -> str:
        for _id, (kind, target) in self._rels("").items() if "_rels/.rels" in self.names else []:
            if kind.endswith("/officeDocument"):
                return target
        if "xl/workbook.xml" in self.names:
            return "xl/workbook.xml"
        raise LedgerError(Msg("'{}' is not an Excel workbook (no workbook part): save it as .xlsx.", self.path.name))

    def _read_workbook(self, workbook: str) -> None:
        rels = self._rels(workbook)
        for local, attrs in _elements_any(self._part(workbook), ("sheet", "workbookPr"), self.path.name, workbook):
            if local == "workbookPr":
                self.date1904 = str(attrs.get("date1904", "0")).lower() in ("1", "true")
                continue
            rid = next((v for k, v in attrs.items() if k.rsplit(" ", 1)[-1] == "id" and k != "sheetId"), None)
            kind, target = rels.get(rid or "", ("", ""))
            if kind and not kind.endswith("/worksheet"):
                target = ""  # a chart sheet or dialog sheet: no cells
            self.sheets.append((attrs.get("name", ""), attrs.get("state", "visible"), target))

    def _read_shared_strings(self, workbook: str) -> None:
        target = next((t for k, t in self._rels(workbook).values() if k.endswith("/sharedStrings")), None)
        if not target or target not in self.names:
            return
        reader = _SharedStrings()
        _parse_stream(self._open_part(target), reader, self.path.name, target)
        self.shared = reader.strings

    def _read_styles(self, workbook: str) -> None:
        from openpyxl.styles.numbers import is_date_format

        target = next((t for k, t in self._rels(workbook).values() if k.endswith("/styles")), None)
        if not target or target not in self.names:
            return
        custom: dict[int, str] = {}
        xfs: list[int] = []
        in_cellxfs = False

        class H:
            def start(self, name, attrs):
                nonlocal in_cellxfs
                local = name.rsplit(" ", 1)[-1]
                if local == "numFmt":
                    try:
                        custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
                    except ValueError:
                        pass
                elif local == "cellXfs":
                    in_cellxfs = True
                elif local == "xf" and in_cellxfs:
                    try:
                        xfs.append(int(attrs.get("numFmtId", "0")))
                    except ValueError:
                        xfs.append(0)

            def end(self, name):
                nonlocal in_cellxfs
                if name.rsplit(" ", 1)[-1] == "cellXfs":
                    in_cellxfs = False

            def chars(self, data):
                pass

        _parse_stream(self._open_part(target), H(), self.path.name, target)
        for i, fmt_id in enumerate(xfs):
            code = custom.get(fmt_id)
            if code is not None:
                if is_date_format(code):
                    self.date_styles.add(i)
                elif "%" in code:
                    self.percent_styles.add(i)
            elif fmt_id in _BUILTIN_DATE_IDS:
                self.date_styles.add(i)
            elif fmt_id in _BUILTIN_PERCENT_IDS:
                self.percent_styles.add(i)

    # -- cells
    def read_rows(self, part: str, sheet: str, on_row: Callable[[int, dict], None]) -> list[str]:
        """Streams the rows of a sheet to ``on_row(row number, {column index: CellValue})``; returns the merged
        ranges."""
        reader = _SheetReader(self, on_row)
        _parse_stream(self._open_part(part), reader, self.path.name, part, sheet=sheet)
        return reader.merges


def _parse_stream(stream, handler, file_name: str, part: str, sheet: Optional[str] = None) -> None:
    import xml.parsers.expat as expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.buffer_text = True
    try:
        with stream:
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        where = f"sheet '{sheet}'" if sheet else part
        raise LedgerError(Msg("'{}' is damaged: {} is not valid XML (line {}: "
                              "{}).", file_name, where, exc.lineno, expat.ErrorString(exc.code)), sheet=sheet) from None
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise LedgerError(Msg("'{}' is damaged: {} cannot be read ({}).", file_name, part, exc), sheet=sheet) from None


def _elements(data: bytes, local_name: str, file_name: str, part: str) -> list[dict]:
    return [attrs for _, attrs in _elements_any(data, (local_name,), file_name, part)]


def _elements_any(data: bytes, local_names: Sequence[str], file_name: str, part: str) -> list[tuple[str, dict]]:
    import io

    out: list[tuple[str, dict]] = []

    class H:
        def start(self, name, attrs):
            local = name.rsplit(" ", 1)[-1]
            if local in local_names:
                out.append((local, {k.rsplit(" ", 1)[-1] if k.rsplit(" ", 1)[-1] != "id" else k: v
                                    for k, v in attrs.items()}))

        def end(self, name):
            pass

        def chars(self, data):
            pass

    _parse_stream(io.BytesIO(data), H(), file_name, part)
    return out


class _SharedStrings:
    """sharedStrings.xml: the text of each <si> (runs joined; phonetic guides <rPh> left out)."""

    def __init__(self):
        self.strings: list[str] = []
        self._buf: list[str] = []
        self._in_t = False
        self._skip = 0

    def start(self, name, attrs):
        local = name.rsplit(" ", 1)[-1]
        if local == "si":
            self._buf = []
        elif local == "t" and not self._skip:
            self._in_t = True
        elif local == "rPh":
            self._skip += 1

    def end(self, name):
        local = name.rsplit(" ", 1)[-1]
        if local == "t":
            self._in_t = False
        elif local == "rPh":
            self._skip -= 1
        elif local == "si":
            self.strings.append("".join(self._buf))

    def chars(self, data):
        if self._in_t:
            self._buf.append(data)


class _StopReading(Exception):
    pass


_NAMESPACES = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",  # transitional (Excel, WPS, LibreOffice)
               "http://purl.oclc.org/ooxml/spreadsheetml/main",  # strict
               "")  # no namespace


def _qualified(local: str) -> list[str]:
    return [f"{ns} {local}" if ns else local for ns in _NAMESPACES]


_C_NAME, _V_NAME, _T_NAME = (f"{_NAMESPACES[0]} {x}" for x in ("c", "v", "t"))


class _SheetReader:
    """Cells of one worksheet, row by row, as :class:`CellValue`; merged ranges at the end.

    Element names are dispatched through dicts keyed by the expanded name (namespace + local name): most of the
    time of an import is spent in these callbacks.
    """

    def __init__(self, wb: _Workbook, on_row: Callable[[int, dict], None]):
        self.wb = wb
        self.on_row = on_row
        self.merges: list[str] = []
        self.row = 0
        self.cells: dict[int, CellValue] = {}
        self.col = 0
        self._cell: Optional[list] = None  # [col, type, style, value text, formula text, has f, inline parts]
        self._capture: Optional[str] = None
        self._buf: list[str] = []
        self._in_is = False
        self._skip = 0
        self._epoch = _EXCEL_EPOCH_1904 if wb.date1904 else _EXCEL_EPOCH
        self._letters: dict[str, int] = {}
        #: columns to read (None: all); ``on_row`` may return a set to narrow it (the ledger, once the header is
        #: known, reads only the columns the import uses)
        self.wanted: Optional[set] = None
        self._starts: dict[str, Callable] = {}
        self._ends: dict[str, Callable] = {}
        for local, on_start, on_end in (("c", self._start_c, self._end_c), ("row", self._start_row, self._end_row),
                                        ("v",
                                         self._start_v, self._end_capture), ("f", self._start_f, self._end_capture),
                                        ("is", self._start_is, self._end_is), ("t", self._start_t, self._end_capture),
                                        ("rPh", self._start_rph, self._end_rph),
                                        ("mergeCell", self._start_merge, None)):
            for name in _qualified(local):
                self._starts[name] = on_start
                if on_end is not None:
                    self._ends[name] = on_end

    # expat callbacks (the cell and value elements first: they are nearly all of them)
    def start(self, name, attrs):
        if name == _C_NAME:
            self._start_c(attrs)
        elif name == _V_NAME:
            if self._cell is not None:
                self._capture, self._buf = "v", []
        else:
            handler = self._starts.get(name)
            if handler is not None:
                handler(attrs)

    def end(self, name):
        if name == _V_NAME or name == _T_NAME:
            if self._capture is not None:
                self._end_capture()
        elif name == _C_NAME:
            self._end_c()
        else:
            handler = self._ends.get(name)
            if handler is not None:
                handler()

    def chars(self, data):
        if self._capture is not None:
            self._buf.append(data)

    # elements
    def _start_row(self, attrs):
        r = attrs.get("r")
        try:
            self.row = int(r) if r else self.row + 1
        except ValueError:
            self.row += 1
        self.cells = {}
        self.col = 0

    def _end_row(self):
        if self.cells:
            wanted = self.on_row(self.row, self.cells)
            if wanted is not None:
                self.wanted = wanted
        self.cells = {}

    def _start_c(self, attrs):
        ref = attrs.get("r")
        col = None
        if ref:
            letters = ref.rstrip("0123456789$")
            col = self._letters.get(letters)
            if col is None:
                m = _REF_RE.match(ref)
                if m:
                    col = self._letters[letters] = column_index(m.group(1))
        if col is None:
            col = self.col + 1
        self.col = col
        if self.wanted is not None and col not in self.wanted:
            self._cell = None
            return
        s = attrs.get("s")
        try:
            style = int(s) if s else 0
        except ValueError:
            style = 0
        self._cell = [col, attrs.get("t", "n"), style, None, None, False, None]

    def _end_c(self):
        cell = self._cell
        if cell is not None:
            value = self._value(cell)
            if value is not None:
                self.cells[cell[0]] = value
        self._cell = None

    def _start_v(self, attrs):
        if self._cell is not None:
            self._capture, self._buf = "v", []

    def _start_f(self, attrs):
        if self._cell is not None:
            self._cell[5] = True
            self._capture, self._buf = "f", []

    def _start_is(self, attrs):
        if self._cell is not None:
            self._in_is = True
            self._cell[6] = []

    def _start_t(self, attrs):
        if self._cell is not None and self._in_is and not self._skip:
            self._capture, self._buf = "t", []

    def _end_capture(self):
        what = self._capture
        if what is None or self._cell is None:
            return
        text = "".join(self._buf)
        if what == "v":
            self._cell[3] = text
        elif what == "f":
            self._cell[4] = text
        else:
            self._cell[6].append(text)
        self._capture = None

    def _end_is(self):
        self._in_is = False

    def _start_rph(self, attrs):
        self._skip += 1

    def _end_rph(self):
        self._skip -= 1

    def _start_merge(self, attrs):
        ref = attrs.get("ref")
        if ref:
            self.merges.append(ref)

    def _value(self, cell: list) -> Optional[CellValue]:
        _col, t, style, v, ftext, has_f, inline = cell
        formula = ("=" + ftext) if has_f and ftext else ("=(shared formula)" if has_f else None)
        if t == "n" and v:
            try:
                number = float(v)
            except ValueError:
                return CellValue(v, formula)
            if style and style in self.wb.date_styles and math.isfinite(number):
                try:
                    return CellValue(self._epoch + dt.timedelta(days=number), formula)
                except OverflowError:
                    return CellValue(number, formula)
            if number.is_integer() and abs(number) < 2**53:
                number = int(number)
            return CellValue(number, formula, percent=bool(style) and style in self.wb.percent_styles)
        if t == "inlineStr":
            text = "".join(inline or [])
            return CellValue(text, formula) if (text or formula) else None
        if v is None or (v == "" and t != "str"):
            if has_f:
                return CellValue(None, formula, cached=False)
            return None
        if t == "s":
            try:
                return CellValue(self.wb.shared[int(v)], formula)
            except (ValueError, IndexError):
                return CellValue(f"#SHARED-STRING-{v}?", formula, error=True)
        if t == "str":
            return CellValue(v, formula)
        if t == "b":
            return CellValue(v.strip() in ("1", "true"), formula)
        if t == "e":
            return CellValue(v, formula, error=True)
        if t == "d":
            try:
                return CellValue(dt.datetime.fromisoformat(v.replace("Z", "")), formula)
            except ValueError:
                return CellValue(v, formula)
        return CellValue(v, formula)


# ------------------------------------------------------------------------------------------------------------
# import: results


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
class LedgerChange:
    """One value the office changed: applied unless the import has errors."""

    project_id: str
    field: str
    old: object  # the value in QGIS now
    new: object
    row: int
    column: str
    from_formula: bool = False

    @property
    def label(self) -> str:
        return P.FIELDS_BY_NAME[self.field].alias_zh

    def __str__(self) -> str:
        return Msg("{} {}: {} → {}", self.project_id, self.label, show(self.old), show(self.new))


@dataclass(frozen=True)
class ConflictField:
    field: str
    exported: object  # at export (None when unknown)
    office: object  # in the returned ledger
    current: object  # in QGIS now

    @property
    def label(self) -> str:
        return P.FIELDS_BY_NAME[self.field].alias_zh


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
class LockedEdit:
    """A planner's column (投资估算, 项目名称 …) the office changed: never applied, always listed."""

    project_id: str
    field: str
    exported: object  # the value the ledger was exported with (or QGIS's now, when that is unknown)
    office: object  # what the returned ledger holds
    row: int
    column: str

    @property
    def label(self) -> str:
        return P.FIELDS_BY_NAME[self.field].alias_zh

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


def show(value: object) -> str:
    """A value as a person reads it in the preview: 空 for empty, ISO dates."""
    if P.is_empty(value):
        return "（空）"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# ------------------------------------------------------------------------------------------------------------
# import


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


#: the planner's columns: never taken from a returned ledger, but an office's edit to one is listed
LOCKED_FIELDS: tuple[str, ...] = tuple(f for f in LEDGER_FIELDS if f not in OFFICE_FIELDS
                                       and f not in ("project_id", "updated_at"))
#: words that start a subtotal or total row an office adds (小计 / 合计 / 总计 / 共计, Total)
_TOTAL_WORDS = ("小计", "合计", "总计", "共计", "subtotal", "total")
_OWN_TOTAL = re.compile(r"^(小计|合计)：\d+ 个项目$")  # the export's own subtotal and total rows


@dataclass
class _Row:
    number: int
    cells: dict  # column index -> CellValue


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


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _cell_problem(issue, row: int, key: str, cell: CellValue, pid: Optional[str] = None) -> None:
    if cell.error:
        issue(row, key, Msg("the cell holds the error value {} (formula {})", cell.value, cell.formula)
              if cell.formula else Msg("the cell holds the error value {}", cell.value), pid)
    else:
        issue(
            row,
            key,
            Msg(
                "the cell holds a formula ({}) without a saved result; formulas are never evaluated on import: type "
                "the value instead, or open and save the file in Excel / WPS / LibreOffice so the result is saved",
                cell.formula,
            ),
            pid,
        )


def _cell_value(name: str, cell: Optional[CellValue]) -> object:
    """The value of a ledger field from its cell, typed as the schema's; ValueError with a reason."""
    if cell is None or P.is_empty(cell.value):
        return None
    value = cell.value
    spec = P.FIELDS_BY_NAME[name]
    if isinstance(value, bool):
        raise ValueError(Msg("{} is not a {}", "TRUE" if value else "FALSE", _type_word(spec.type)))
    if spec.type == P.DATE:
        if isinstance(value, (dt.datetime, dt.date)):
            d = value.date() if isinstance(value, dt.datetime) else value
        elif isinstance(value, (int, float)):
            d = P.to_date(value)
        else:
            d = P.to_date(str(value))
        if d is not None and not DATE_MIN <= d <= DATE_MAX:
            raise ValueError(Msg("{} is not a plausible date ({}–{})", d.isoformat(), DATE_MIN.year, DATE_MAX.year))
        return d
    if name == "year":
        return P.to_year(value)
    if spec.type == P.INTEGER:
        if isinstance(value, (dt.date, dt.datetime)):
            raise ValueError(Msg("{} is a date, not a number", show(value)))
        if cell.percent and isinstance(value, (int, float)):
            value = value * 100.0
            value = round(value, 6)
        number = P.to_number(value)
        if number is None:
            return None
        if abs(number - round(number)) > 1e-9:
            raise ValueError(Msg("{:g} is not a whole number", number))
        return int(round(number))
    if spec.type == P.REAL:
        return P.to_number(value)
    # text
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if name == "status":
        allowed = P.allowed_values(name)
        text = P.status_of(text) or text  # (' 完工', '完工 ' are 完工)
        if allowed and text not in allowed:
            raise ValueError(Msg("'{}' is not in the dropdown list ({})", text, " / ".join(allowed)))
    if name == "remarks" and len(text) > REMARKS_MAX_CHARS:
        raise ValueError(Msg("{} characters; at most {}", len(text), REMARKS_MAX_CHARS))
    return text or None


def _type_word(kind: str) -> str:
    return {P.DATE: Msg("date"), P.INTEGER: Msg("whole number"), P.REAL: Msg("number")}.get(kind, Msg("text"))


def _exported_values(cell: Optional[CellValue]) -> Optional[dict]:
    if cell is None or not isinstance(cell.value, str):
        return None
    try:
        data = json.loads(cell.value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {str(k): str(v) for k, v in data.items()}


def _from_canonical(name: str, text: Optional[str]) -> object:
    if text is None or text == "":
        return None
    try:
        return P.coerce_value(name, text)
    except ValueError:
        return text


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


def _range_bounds(ref: str) -> Optional[tuple[int, int, int, int]]:
    """(min col, min row, max col, max row) of ``A1:C3``."""
    parts = ref.split(":")
    coords = []
    for p in parts:
        m = _REF_RE.match(p.strip())
        if not m:
            return None
        coords.append((column_index(m.group(1)), int(m.group(2))))
    if len(coords) == 1:
        coords.append(coords[0])
    (c1, r1), (c2, r2) = coords
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


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
