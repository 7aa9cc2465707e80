"""lifecircle:importledger — the district offices' updates from a returned ledger, previewed, then applied."""

from __future__ import annotations

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
from ..lifecircle_plugin.ledger_io import apply_ledger_changes, layer_projects, why_not_applicable

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
# the preview in the log (the list's I/O is lifecircle_plugin/ledger_io.py)


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
