"""Writing a ledger workbook: checks, the sheets in order, and a file that appears only when complete."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Optional

from .. import projects as P
from ..errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .fast_rows import _FastRows
from .model import (
    ExportExtras, ExportInfo, ExportSummary, GAPS_SHEET, IMPACT_SHEET, ledger_columns, LEDGER_SHEET, META_SHEET,
    NEEDS_SHEET, POTENTIAL_SHEET, README_SHEET, SUMMARY_SHEET, UNITS_SHEET,
)
from .runtime import _gc_paused, plugin_version
from .selection import _investment, group_by_subdistrict
from .sheets.gaps import _write_gaps_sheet
from .sheets.impact import _write_impact_sheet
from .sheets.ledger_sheet import _write_ledger_sheet
from .sheets.needs import _write_needs_sheet
from .sheets.potential import _write_potential_sheet
from .sheets.readme import _write_meta_sheet, _write_readme_sheet
from .sheets.summary import _write_summary_sheet
from .sheets.units import _write_units_sheet
from .styles import _letter
from .values import _as_text


@_gc_paused
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
    import openpyxl

    info = info or ExportInfo()
    extras = extras or ExportExtras()
    steps = Steps(progress, is_cancelled, [1, 2, 2, 3])
    steps.next()
    _check_projects(projects)
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
        from ..ledger_targets import write_targets_section

        write_targets_section(summary_ws, max(summary_ws.max_row + 3, 36), projects, extras.targets, info.profile)
    summary.sheets.append(SUMMARY_SHEET)
    _write_result_sheets(wb, summary, projects, info, extras)
    _write_readme_sheet(wb.create_sheet(README_SHEET), summary, columns, info, exported_at, version)
    summary.sheets.append(README_SHEET)
    _write_meta_sheet(wb.create_sheet(META_SHEET), summary, info, exported_at, version,
                      [_as_text(p.get("project_id")) for _, group in groups for p in group])
    steps.next()
    _save_atomically(wb, ws, fast, path, steps)
    steps.done()
    return summary


def _check_projects(projects: Sequence[Mapping[str, object]]) -> None:
    """Refuses an empty list, and projects without an id or sharing one (a row is matched back by its id)."""
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


def _write_result_sheets(wb, summary: ExportSummary, projects, info: ExportInfo, extras: ExportExtras) -> None:
    """The sheets of the results given (units, sites, potential space, impact, needs), in the workbook's order;
    their names and notes go into ``summary``."""
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


def _file_mode(target: Path) -> int:
    """The permissions a new file gets in this session (the umask's), or the ones the replaced file had."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
