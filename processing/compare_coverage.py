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
    HELP = (
        "Monitoring across years (监测评估): compares two units outputs of 'Facility coverage' — last year's and "
        "this year's, or two scenarios — unit by unit, matched on the unit id field.\n\n"
        "Outputs: a layer with the change of each category's covered share (dc_Q01… in percentage points) and of "
        "the number of 十全/十美 categories met, styled gains/losses; and a table with one row per unit and "
        "category (before, after, change) for reports and the ledger's 成效评估 sheet. Units present in only one "
        "of the two are kept with empty values and listed in the log."
    )

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
        import numpy as np

        from ..lifecircle_plugin.core.errors import CancelledError
        from ..lifecircle_plugin.core.impact import compare_coverage

        before_src, before_name = self.source_or_fail(parameters, self.BEFORE, context, tr("before"))
        after_src, after_name = self.source_or_fail(parameters, self.AFTER, context, tr("after"))
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context) or "unit_id"
        tables = {}
        codes = None
        for src, name in ((before_src, before_name), (after_src, after_name)):
            names = src.fields().names()
            if id_field not in names:
                raise QgsProcessingException(tr("Layer '{}' has no field '{}' (unit id).").format(name, id_field))
            layer_codes = [n[2:] for n in names if n.startswith("c_") and len(n) == 5]
            if not layer_codes or "q_met" not in names:
                raise QgsProcessingException(tr(
                    "Layer '{}' is not a units output of 'Facility coverage': it has no c_Q01… share fields or no "
                    "q_met field.").format(name))
            codes = layer_codes if codes is None else [c for c in codes if c in layer_codes]
            rows, seen = {}, set()
            start = 0.0 if src is before_src else 40.0
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
                if uid in seen:
                    raise QgsProcessingException(tr("Layer '{}': unit id '{}' appears twice.").format(name, uid))
                seen.add(uid)
                rows[uid] = {n: plain_value(f[n]) for n in names if n.startswith(("c_", "call_"))
                             or n in ("q_met", "m_met", "group_basis")}
            tables[name if src is before_src else "__after__"] = rows
        _same_residents(tables[before_name], tables["__after__"], codes, before_name, after_name, feedback)
        comp = compare_coverage(tables[before_name], tables["__after__"], codes)
        share_change, met_change = comp.share_change, comp.met_change  # properties: computed once, not per row
        if feedback.isCanceled():
            raise CancelledError()
        feedback.setProgress(80)
        if comp.only_before:
            feedback.reportError(tr("Units only in '{}': {}").format(before_name, _listed(comp.only_before)), False)
        if comp.only_after:
            feedback.reportError(tr("Units only in '{}': {}").format(after_name, _listed(comp.only_after)), False)

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
        gained = lost = 0
        for f in after_src.getFeatures():
            i = index[str(plain_value(f[id_field]))]
            dq = met_change[i]
            gained += int(np.isfinite(dq) and dq > 0)
            lost += int(np.isfinite(dq) and dq < 0)
            change = ("新增达标 gained" if dq > 0 else "减少 lost" if dq < 0 else "持平 same") if np.isfinite(dq) \
                else "无对比 no comparison"
            out = QgsFeature(fields)
            out.setGeometry(f.geometry())
            out.setAttributes(list(f.attributes()) + [_num(v, 1) for v in share_change[i]] + [
                _int(comp.met_before[i]), _int(comp.met_after[i]), _int(dq), _int(comp.optional_before[i]),
                _int(comp.optional_after[i]), _int(comp.optional_after[i] - comp.optional_before[i]), change])
            sink.addFeature(out, QgsFeatureSink.Flag.FastInsert)
        load_with_style(context, dest, "compare_units")
        results = {self.OUTPUT: dest, "UNITS_GAINED": gained, "UNITS_LOST": lost}
        if parameters.get(self.TABLE) not in (None, ""):
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
            results[self.TABLE] = tdest
        feedback.pushInfo(tr("{} unit(s) gained 十全 categories met, {} lost some.").format(gained, lost))
        return results


def _same_residents(before: dict, after: dict, codes, before_name, after_name, feedback) -> None:
    """Where a category was measured over a group in one run and over other residents in the other (e.g. 60+ this
    year, everyone last year), both are compared over all residents (call_<code>, or c_<code> of a run without
    the group) — never a group's share against everyone's."""
    from ..lifecircle_plugin.core.groups import basis_of_rows

    basis_b, basis_a = basis_of_rows(before.values()), basis_of_rows(after.values())
    differ = [c for c in codes if basis_b.get(c) != basis_a.get(c)]
    for c in differ:
        for rows, basis in ((before, basis_b), (after, basis_a)):
            if c in basis:
                for row in rows.values():
                    row[f"c_{c}"] = row.get(f"call_{c}")
    if differ:
        feedback.pushWarning(tr("{} measured over different residents in '{}' and '{}' (age groups in one run "
                                "only): compared over all residents.").format(
            ", ".join(f"{c} ({','.join(basis_b.get(c, ())) or tr('everyone')} / "
                      f"{','.join(basis_a.get(c, ())) or tr('everyone')})" for c in differ), before_name, after_name))


def _int(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else int(round(v))
