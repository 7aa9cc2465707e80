"""lifecircle:importledger — the district offices' updates from a returned ledger, previewed, then applied."""

from __future__ import annotations

import datetime as dt

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)

from .base import LifeCircleAlgorithm, _param, tr
from ..lifecircle_plugin.qgis_compat import INT, STRING, make_field
from ..lifecircle_plugin.messages import plain_values, tr_msg

#: the preview table's fields: (name, type, Chinese alias)
PREVIEW_FIELDS = (
    ("action", STRING, "类型"), ("project_id", STRING, "项目编号"), ("field", STRING, "字段"),
    ("field_zh", STRING, "字段名"), ("old_value", STRING, "原值（QGIS）"),
    ("new_value", STRING, "新值（台账）"), ("exported", STRING, "导出时"),
    ("sheet", STRING, "工作表"), ("row", INT, "行"), ("column", STRING, "列"),
    ("message", STRING, "说明"),
)
ACTION_ZH = {"change": "改动", "conflict": "冲突", "error": "错误", "locked": "锁定列被改动（未采用）",
             "missing": "台账中缺少（未删除）", "skipped": "跳过的行"}


class ImportLedgerAlgorithm(LifeCircleAlgorithm):
    NAME = "importledger"
    DISPLAY = "Import ledger updates (台账)"
    GROUP = "projects"
    REQUIRES = ("openpyxl",)
    HELP = (
        "Reads a ledger workbook returned by a district office (exported by 'Export Excel ledger' and saved by Excel, "
        "WPS or LibreOffice) and takes the office's updates back into the project list: rows are matched by 项目编号, "
        "and only the fields offices own are taken (项目状态, 进度, 开工/完工日期, 听证会/协调会/评议会, "
        "备注).\n\nWith APPLY off (the default) nothing is written: every change (project, field, old → new) is "
        "listed in the log and in the preview table. A project changed in QGIS since the export (its hidden "
        "fingerprint differs) is a conflict, shown side by side (exported / office / QGIS now) and never overwritten. "
        "Unknown or duplicate ids, values outside the dropdown lists, progress outside 0–100, an end before the "
        "start, formulas without a saved result, merged cells, a missing sheet or column are errors with sheet, row "
        "and column.\n\nWith APPLY on, the changes are written through the layer's edit buffer and saved all together "
        "— or not at all: an import with errors changes nothing, and any failure while saving rolls everything back. "
        "Each project is checked again as it is saved: one changed in the list since the workbook was read (a "
        "colleague's save, another office's import landing first) is not overwritten — it becomes a conflict, and "
        "the other projects are saved (on a shared GeoPackage or PostGIS list in one transaction, with the "
        "database's version check). The layer must not have unsaved edits of its own. Formulas are never evaluated: "
        "their saved results are used."
    )

    INPUT = "INPUT"
    WORKBOOK = "WORKBOOK"
    APPLY = "APPLY"
    OUTPUT = "OUTPUT"

    # Runs in the background: the project list is read in the main thread (prepare), the workbook read and compared
    # with it in the task's thread with progress and Cancel (process), and the changes applied to the layer in the
    # main thread again (post-process). (A fresh instance runs each time: what prepare read is kept on it.)

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(_param(QgsProcessingParameterVectorLayer(
            self.INPUT, tr("Project list (年度项目实施清单)"), [QgsProcessing.SourceType.TypeVector]),
            "The annual project list the ledger was exported from."))
        self.addParameter(_param(QgsProcessingParameterFile(
            self.WORKBOOK, tr("Returned ledger workbook (.xlsx)"), extension="xlsx"),
            "The workbook the district office sent back."))
        self.addParameter(_param(QgsProcessingParameterBoolean(
            self.APPLY, tr("Apply the changes (off = preview only)"), defaultValue=False),
            "Off: list the changes only. On: write them to the project list (all or nothing)."))
        self.addParameter(_param(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Preview of changes"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True),
            "A table: one row per change, conflict and error."))
        for name, label in (("CHANGES", "Changes found"), ("CONFLICTS", "Conflicts (not applied)"),
                            ("ERRORS", "Errors"), ("APPLIED", "Projects updated"),
                            ("LOCKED_EDITS", "Edits to planner columns (not applied)"),
                            ("MISSING_ROWS", "Exported projects missing from the workbook"),
                            ("SKIPPED_ROWS", "Rows without a project (skipped)")):
            self.addOutput(QgsProcessingOutputNumber(name, tr(label)))

    def prepare(self, parameters, context, feedback) -> None:
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        apply = self.parameterAsBool(parameters, self.APPLY, context)
        if apply:
            reason = why_not_applicable(layer)
            if reason:  # said before the workbook is read, not after
                raise QgsProcessingException(reason)
        projects, fids = layer_projects(layer)
        self._prepared = {"layer": layer, "apply": apply, "projects": projects, "fids": fids}

    def process(self, parameters, context, feedback) -> dict:
        from ..lifecircle_plugin.core import ledger as L
        from ..lifecircle_plugin.core.errors import LifeCircleError

        prepared = self._prepared
        path = self.parameterAsFile(parameters, self.WORKBOOK, context)
        if not path:
            raise QgsProcessingException(tr("Choose the returned workbook (WORKBOOK)."))
        apply = prepared["apply"]
        progress, is_cancelled = self.progress_callbacks(feedback, 0, 90 if apply else 100)
        result = L.read_ledger(path, prepared["projects"], progress=progress, is_cancelled=is_cancelled)
        log_preview(result, feedback)
        out = {"CHANGES": len(result.changes), "CONFLICTS": len(result.conflicts), "ERRORS": len(result.errors),
               "APPLIED": 0, "LOCKED_EDITS": len(result.locked), "MISSING_ROWS": len(result.missing),
               "SKIPPED_ROWS": len(result.skipped)}
        if apply and not result.ok:
            raise LifeCircleError(tr("{} error(s) in '{}': nothing was changed. Fix them in the workbook (or ask "
                                     "the office to) and import again. First: {}").format(
                len(result.errors), result.path, result.errors[0]))
        if parameters.get(self.OUTPUT) not in (None, ""):
            out[self.OUTPUT] = self._write_preview(parameters, context, result)
        if not apply and result.changes:
            feedback.pushInfo(tr("Preview only: nothing was written. Run again with APPLY on to write the {} change(s)"
                                 ".").format(len(result.changes)))
        self._to_apply = (result, out) if apply else None
        return out

    def post_process(self, context, feedback) -> dict:
        """The changes written to the layer, in the main thread (the layer belongs to the project)."""
        if getattr(self, "_to_apply", None) is None:
            return {}
        result, out = self._to_apply
        layer = self._prepared["layer"]
        conflicts_before = len(result.conflicts)
        out["APPLIED"] = apply_ledger_changes(layer, result, self._prepared["fids"])
        for k in result.conflicts[conflicts_before:]:  # changed in the list since the preview read it
            feedback.pushWarning(tr("  conflict {} (changed in the list while this import ran: not applied)").format(
                tr_msg(str(k))))
        out["CONFLICTS"] = len(result.conflicts)
        out["CHANGES"] = len(result.changes)
        feedback.pushInfo(tr("Applied: {} change(s) to {} project(s) of '{}' saved.").format(
            len(result.changes), out["APPLIED"], layer.name()))
        feedback.setProgress(100)
        return out

    def _write_preview(self, parameters, context, result) -> str:
        fields = QgsFields()
        for name, kind, alias in PREVIEW_FIELDS:
            f = make_field(name, kind)
            f.setAlias(alias)
            fields.append(f)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Type.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for row in result.table():
            feat = QgsFeature(fields)
            feat.setAttributes(plain_values([
                ACTION_ZH.get(row["action"], row["action"]), row["project_id"], row["field"], row["label"], row["old"],
                row["new"], row["exported"], row["sheet"], row["row"], row["column"], row["message"] or None]))
            sink.addFeature(feat, QgsFeatureSink.Flag.FastInsert)
        return dest


# ------------------------------------------------------------------------------------------------------------
# shared with the project dock (gui/ledger_dialogs.py)


class ListSnapshot(dict):
    """{project id: feature id} of the list as the preview read it, with each project's stored version and
    values then (the apply step checks them again)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions: dict[int, int] = {}
        self.values: dict[int, dict] = {}


def layer_projects(layer, is_cancelled=None) -> tuple[list, dict]:
    """(the projects of ``layer`` as dicts, {project id: feature id}), read from the layer in the main thread."""
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.list_save import read_versions
    from ..lifecircle_plugin.project_layer import check_layer
    from .export_ledger import read_projects

    check = check_layer(layer)
    if not check.ok:
        raise LifeCircleError(check.message())
    pairs = read_projects(layer, is_cancelled)
    fids = ListSnapshot()
    for fid, p in pairs:
        pid = str(p.get("project_id") or "").strip()
        if pid:
            fids.setdefault(pid, fid)
            fids.values[fid] = p
    fids.versions = read_versions(layer)
    return [p for _, p in pairs], fids


def read_layer_ledger(layer, path: str, progress=None, is_cancelled=None):
    """(LedgerImport, {project id: feature id}) of a returned workbook against ``layer`` as it is now."""
    from ..lifecircle_plugin.core import ledger as L

    projects, fids = layer_projects(layer, is_cancelled)
    return L.read_ledger(path, projects, progress=progress, is_cancelled=is_cancelled), fids


def why_not_applicable(layer) -> str | None:
    """Why a ledger's changes cannot be written to ``layer`` now (not editable, or unsaved edits of its own)."""
    from ..lifecircle_plugin.project_layer import why_not_editable

    reason = why_not_editable(layer)
    if reason:
        return reason
    if layer.isEditable() and layer.isModified():
        return tr("'{}' has unsaved edits: save or roll them back first, then import the ledger (its changes are "
                  "saved all together, without mixing in other edits).").format(layer.name())
    return None


def log_preview(result, feedback, limit: int = 500) -> None:
    """The preview in the Processing log: summary, changes, conflicts side by side, errors, notes."""
    exported = result.exported
    if exported.get("exported_at"):
        feedback.pushInfo(tr("Ledger exported {} from '{}' (LifeCircle {}).").format(
            exported.get("exported_at", "?").replace("T", " "), exported.get("layer_name", "?"),
            exported.get("plugin_version", "?")))
    feedback.pushInfo(tr_msg(result.summary()))
    for c in result.changes[:limit]:
        feedback.pushInfo(tr("  change  {} (row {}, {}): {}").format(c.project_id, c.row, c.column, tr_msg(str(c))))
    if len(result.changes) > limit:
        feedback.pushInfo(tr("  … and {} more changes (see the preview table)").format(len(result.changes) - limit))
    for k in result.conflicts[:limit]:
        feedback.pushWarning(tr("  conflict {}").format(tr_msg(str(k))))
    for e in result.errors[:limit]:
        feedback.reportError(tr("  error   {}").format(tr_msg(str(e))), False)
    if len(result.errors) > limit:
        feedback.reportError(tr("  … and {} more errors (see the preview table)").format(len(result.errors) - limit),
                             False)
    for e in result.locked[:limit]:
        feedback.pushWarning(tr("  not applied {}").format(tr_msg(str(e))))
    for pid in result.missing[:limit]:
        feedback.pushWarning(tr("  missing {}: not in the returned workbook (row deleted by the office?); nothing is "
                                "deleted from the list").format(pid))
    for k in result.skipped[:limit]:
        feedback.pushInfo(tr("  skipped {}").format(tr_msg(str(k))))
    for n in result.notes[:limit]:
        feedback.pushInfo(tr("  note    {}").format(tr_msg(n)))


def apply_ledger_changes(layer, result, fids: dict) -> int:
    """Writes the changes of ``result`` to ``layer`` and saves them: all or nothing.

    On a shared list (GeoPackage, PostGIS) the projects are checked again as they are saved: one changed since the
    preview read it (a colleague's save, another import landing first) is not written — its changes become
    conflicts of ``result`` — and the others are saved together. Returns the number of projects updated. Raises
    LifeCircleError (and leaves the layer as it was) when the import has errors, when the layer has unsaved edits
    of its own, cannot be edited, or refuses the changes. A layer that was in edit mode stays in edit mode.
    """
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.project_layer import ProjectEditor, to_qgis

    if not result.ok:
        raise LifeCircleError(tr("The import has {} error(s): nothing was changed.").format(len(result.errors)))
    updates = result.updates()
    if not updates:
        return 0
    reason = why_not_applicable(layer)
    if reason:
        raise LifeCircleError(reason)
    was_editing = layer.isEditable()
    missing = [pid for pid in updates if pid not in fids]
    if missing:
        raise LifeCircleError(tr("Project(s) {} are no longer in '{}': nothing was changed.").format(
            ", ".join(missing[:10]), layer.name()))
    editor = ProjectEditor(layer, upgrade=False)
    late = _changed_since_preview(layer, updates, fids)
    updates = {pid: v for pid, v in updates.items() if pid not in {k.project_id for k in late}}
    if not updates:
        _late_conflicts(result, late, fids)
        return 0
    if not was_editing and not layer.startEditing():
        raise LifeCircleError(tr("Editing '{}' could not start: nothing was changed.").format(layer.name()))
    if editor.shared:
        _start_from_preview(editor.guard, updates, fids)
    fields = layer.fields()
    now = dt.datetime.now().replace(microsecond=0)
    stamp = fields.lookupField("updated_at")
    failure = None
    layer.beginEditCommand(tr("Import ledger ({} projects)").format(len(updates)))
    try:
        for pid, values in updates.items():
            fid = fids[pid]
            for name, value in values.items():
                idx = fields.lookupField(name)
                if idx < 0:
                    failure = tr("'{}' has no field {}").format(layer.name(), name)
                    break
                if not layer.changeAttributeValue(fid, idx, to_qgis(value, fields.at(idx))):
                    failure = tr("project {}: {} could not be changed").format(pid, name)
                    break
            if failure:
                break
            if stamp >= 0 and not layer.changeAttributeValue(fid, stamp, to_qgis(now, fields.at(stamp))):
                failure = tr("project {}: updated_at could not be set").format(pid)
                break
    except Exception as exc:  # anything at all: nothing may stay half-applied
        failure = str(exc) or type(exc).__name__
    if failure:
        layer.destroyEditCommand()
        layer.rollBack(not was_editing)
        raise LifeCircleError(tr("Applying the ledger to '{}' failed ({}): everything was rolled back, nothing was "
                                 "changed.").format(layer.name(), failure))
    layer.endEditCommand()
    late += _save_ledger(editor, layer, was_editing) if editor.shared else _commit_ledger(layer, was_editing)
    if late:
        _late_conflicts(result, late, fids)
    return len(updates) - len([k for k in late if k.project_id in updates])


def _changed_since_preview(layer, updates: dict, fids: dict) -> list:
    """Projects whose stored values differ from what the preview read (any kind of layer)."""
    from ..lifecircle_plugin.core import conflicts as C
    from ..lifecircle_plugin.list_save import read_rows

    before = getattr(fids, "values", {})
    wanted = [fids[pid] for pid in updates if fids[pid] in before]
    now = read_rows(layer, wanted)
    out = []
    for pid in updates:
        fid = fids[pid]
        if fid not in before:
            continue
        row = now.get(fid)
        conflict = C.Conflict(fid, pid, C.CHANGED if row else C.DELETED_BY_OTHER, dict(before[fid]),
                              dict(row.values) if row else None, None)
        if row is None or conflict.their_changes():
            out.append(conflict)
    return out


def _start_from_preview(guard, updates: dict, fids: dict) -> None:
    """The versions the preview read are what the apply starts from (not the versions now)."""
    from ..lifecircle_plugin.list_save import Row

    versions = getattr(fids, "versions", {})
    values = getattr(fids, "values", {})
    for pid in updates:
        fid = fids[pid]
        if fid in versions:
            guard.bases[fid] = Row(dict(values.get(fid) or {}), versions[fid])


def _save_ledger(editor, layer, was_editing: bool) -> list:
    """One transaction; projects changed since the preview are left out (returned) and the rest saved."""
    from ..lifecircle_plugin.core import conflicts as C
    from ..lifecircle_plugin.core.errors import LifeCircleError
    from ..lifecircle_plugin.list_save import save_edits

    late: list = []
    for _round in range(3):
        saved = save_edits(layer)
        if saved.ok:
            if not was_editing:
                layer.commitChanges()  # (nothing left: stops editing)
            return late
        if not saved.conflicts:
            layer.rollBack(not was_editing)
            raise LifeCircleError(tr("Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, "
                                     "nothing was changed.").format(layer.name(), (saved.problem or "").rstrip(".")))
        for conflict in saved.conflicts:
            editor.resolve(conflict, C.Resolution(C.TAKE_THEIRS))
        late += saved.conflicts
    layer.rollBack(not was_editing)
    raise LifeCircleError(tr("'{}' kept changing while the ledger was saved: nothing was changed; import it "
                             "again.").format(layer.name()))


def _commit_ledger(layer, was_editing: bool) -> list:
    from ..lifecircle_plugin.core.errors import LifeCircleError

    if not layer.commitChanges(not was_editing):
        errors = [e for e in layer.commitErrors() if e and not e.startswith("SUCCESS")]
        layer.rollBack(not was_editing)
        raise LifeCircleError(tr("Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, nothing "
                                 "was changed.").format(layer.name(), "; ".join(errors[:5]) or tr("refused")))
    return []


def _late_conflicts(result, late: list, fids: dict) -> None:
    """Projects changed since the preview: their changes move from ``result.changes`` to its conflicts."""
    from ..lifecircle_plugin.core import ledger as L

    by_pid = {k.project_id: k for k in late}
    for pid, k in by_pid.items():
        changes = [c for c in result.changes if c.project_id == pid]
        theirs = k.theirs or {}
        fields = [L.ConflictField(c.field, c.old, c.new, theirs.get(c.field) if k.theirs is not None else None)
                  for c in changes]
        row = changes[0].row if changes else 0
        result.conflicts.append(L.LedgerConflict(pid, row, fields, k.their_changes()))
    result.changes = [c for c in result.changes if c.project_id not in by_pid]
