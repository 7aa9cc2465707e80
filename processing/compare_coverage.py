"""lifecircle:comparecoverage — year-over-year monitoring: two coverage results side by side."""

from __future__ import annotations

import math

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingUtils,
    QgsWkbTypes,
)

from .base import LifeCircleAlgorithm, _param, tr
from .base import listed as _listed
from ..lifecircle_plugin.qgis_bridge import plain_value
from .base import number_or_null as _num
from .styles import load_with_style
from ..lifecircle_plugin.qgis_compat import DOUBLE, INT, STRING, make_field


class CompareCoverageAlgorithm(LifeCircleAlgorithm):
    NAME = "comparecoverage"
    DISPLAY = "Compare coverage (year over year)"
    GROUP = "projects"
    REQUIRES = ("numpy",)

    BEFORE = "BEFORE"
    AFTER = "AFTER"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    OUTPUT = "OUTPUT"
    TABLE = "TABLE"

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.BEFORE, tr("Coverage before (units output)"), [QgsProcessing.SourceType.TypeVectorPolygon]),
            "The units output of an earlier 'Facility coverage' run."))
        self.addParameter(_param(QgsProcessingParameterFeatureSource(
            self.AFTER, tr("Coverage after (units output)"), [QgsProcessing.SourceType.TypeVectorPolygon]),
            "The units output of the later run (its geometry is used)."))
        self.addParameter(_param(QgsProcessingParameterField(
            self.UNIT_ID_FIELD, tr("Unit id field"), defaultValue="unit_id", parentLayerParameterName=self.AFTER,
            optional=True),
            "Field that identifies a unit in both layers."))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, tr("Change by unit"), QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.TABLE, tr("Change by unit and category (table)"), QgsProcessing.SourceType.TypeVector, optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber("UNITS_GAINED", tr("Units with more 十全 categories met")))
        self.addOutput(QgsProcessingOutputNumber("UNITS_LOST", tr("Units with fewer 十全 categories met")))

    def process(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.core.impact import compare_coverage

        before_src, before_name = self.source_or_fail(parameters, self.BEFORE, context, tr("before"))
        after_src, after_name = self.source_or_fail(parameters, self.AFTER, context, tr("after"))
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context) or "unit_id"
        before, codes = self._read_units(before_src, before_name, id_field, None, 0.0, feedback)
        after, codes = self._read_units(after_src, after_name, id_field, codes, 40.0, feedback)
        _same_residents(before, after, codes, before_name, after_name, feedback)
        comp = compare_coverage(before, after, codes)
        if feedback.isCanceled():
            raise CancelledError()
        feedback.setProgress(80)
        if comp.only_before:
            feedback.reportError(tr("Units only in '{}': {}").format(before_name, _listed(comp.only_before)), False)
        if comp.only_after:
            feedback.reportError(tr("Units only in '{}': {}").format(after_name, _listed(comp.only_after)), False)
        dest = self._write_units(parameters, context, after_src, id_field, comp)
        gained, lost = comp.units_gained(), comp.units_lost()
        results = {self.OUTPUT: dest, "UNITS_GAINED": gained, "UNITS_LOST": lost}
        if parameters.get(self.TABLE) not in (None, ""):
            results[self.TABLE] = self._write_table(parameters, context, comp)
        feedback.pushInfo(tr("{} unit(s) gained 十全 categories met, {} lost some.").format(gained, lost))
        return results

    def _read_units(self, src, name: str, id_field: str, codes, start: float, feedback):
        """({unit id: {c_…, call_…, q_met, m_met, group_basis}}, the codes both layers read so far carry) of one
        units output; progress from ``start`` to ``start`` + 40 %. A layer that is not a units output of 'Facility
        coverage', a unit without id or an id found twice is refused."""
        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.core.impact import coverage_codes

        names = src.fields().names()
        if id_field not in names:
            raise QgsProcessingException(tr("Layer '{}' has no field '{}' (unit id).").format(name, id_field))
        layer_codes = coverage_codes(names)
        if not layer_codes or "q_met" not in names:
            raise QgsProcessingException(tr(
                "Layer '{}' is not a units output of 'Facility coverage': it has no c_Q01… share fields or no "
                "q_met field.").format(name))
        codes = layer_codes if codes is None else [c for c in codes if c in layer_codes]
        kept = [n for n in names if n.startswith(("c_", "call_")) or n in ("q_met", "m_met", "group_basis")]
        rows = {}
        count = max(1, src.featureCount())
        for k, f in enumerate(src.getFeatures()):
            if k % 100 == 0:
                if feedback.isCanceled():
                    raise CancelledError()
                feedback.setProgress(start + 40.0 * k / count)
            uid = plain_value(f[id_field])
            if uid is None:
                raise QgsProcessingException(tr("Layer '{}': feature {} has no unit id.").format(name, f.id()))
            uid = str(uid)
            if uid in rows:
                raise QgsProcessingException(tr("Layer '{}': unit id '{}' appears twice.").format(name, uid))
            rows[uid] = {n: plain_value(f[n]) for n in kept}
        return rows, codes

    def _write_units(self, parameters, context, after_src, id_field: str, comp) -> str:
        """OUTPUT: the units of the later layer with the change of each share and of the categories met."""
        from ..lifecircle_plugin.core.impact import change_label

        share_change, met_change = comp.share_change, comp.met_change  # properties: computed once, not per row
        extra = QgsFields()
        for c in comp.codes:
            extra.append(make_field(f"dc_{c}", DOUBLE))
        for name, kind in (("q_met_b", INT), ("q_met_a", INT), ("dq_met", INT),
                           ("m_met_b", INT), ("m_met_a", INT), ("dm_met", INT),
                           ("change", STRING)):
            extra.append(make_field(name, kind))
        fields = QgsProcessingUtils.combineFields(after_src.fields(), extra)
        index = {u: i for i, u in enumerate(comp.unit_ids)}
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, after_src.wkbType(),
                                          after_src.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for f in after_src.getFeatures():
            i = index[str(plain_value(f[id_field]))]
            dq = met_change[i]
            out = QgsFeature(fields)
            out.setGeometry(f.geometry())
            out.setAttributes(list(f.attributes()) + [_num(v, 1) for v in share_change[i]] + [
                _int(comp.met_before[i]), _int(comp.met_after[i]), _int(dq), _int(comp.optional_before[i]),
                _int(comp.optional_after[i]), _int(comp.optional_after[i] - comp.optional_before[i]),
                change_label(dq)])
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        load_with_style(context, dest, "compare_units")
        return dest

    def _write_table(self, parameters, context, comp) -> str:
        """TABLE: one row per unit and category (before, after, change)."""
        share_change = comp.share_change
        tfields = QgsFields()
        for name, kind in (("unit_id", STRING), ("code", STRING),
                           ("before", DOUBLE), ("after", DOUBLE), ("change", DOUBLE)):
            tfields.append(make_field(name, kind))
        tsink, tdest = self.parameterAsSink(parameters, self.TABLE, context, tfields, QgsWkbTypes.Type.NoGeometry)
        for i, u in enumerate(comp.unit_ids):
            for j, c in enumerate(comp.codes):
                row = QgsFeature(tfields)
                row.setAttributes([u, c, _num(comp.share_before[i, j], 1), _num(comp.share_after[i, j], 1),
                                   _num(share_change[i, j], 1)])
                tsink.addFeature(row, QgsFeatureSink.Flag.FastInsert)
        return tdest


def _same_residents(before: dict, after: dict, codes, before_name, after_name, feedback) -> None:
    """Compares over all residents the categories measured over different residents in the two results (see
    core/impact.compare_over_same_residents), with a warning naming them."""
    from ..lifecircle_plugin.core.impact import compare_over_same_residents

    differ = compare_over_same_residents(before, after, codes)
    if differ:
        feedback.pushWarning(tr("{} measured over different residents in '{}' and '{}' (age groups in one run "
                                "only): compared over all residents.").format(
            ", ".join(f"{c} ({','.join(b) or tr('everyone')} / {','.join(a) or tr('everyone')})"
                      for c, b, a in differ), before_name, after_name))


def _int(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else int(round(v))
