"""Builds the Processing model shipped with the plugin: resources/models/lifecircle_chain.model3.

The planner's year in one model: walking network → life-circle units → facility coverage → potential space →
siting for one category. Run with `.venv/bin/python scripts/make_model.py` after changing an algorithm's
parameters; the .model3 is committed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
OUT = ROOT / "resources" / "models" / "lifecircle_chain.model3"


def build():
    from qgis.core import (
        QgsApplication,
        QgsProcessing,
        QgsProcessingParameterEnum,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Src,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterField,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm("lifecircle_chain", "LifeCircle")
    model.setName("lifecircle_chain")
    model.setGroup("LifeCircle")
    model.setHelpContent({
        "ALG_DESC": "The life-circle year in one run 一次运行完成生活圈年度工作: walking network → life-circle units "
                    "(划示基本单元) → facility coverage (体检) → potential space (找空间) → siting (选址) for one "
                    "checklist category. Start from this model and change it to your data and rules.",
        "ALG_CREATOR": "LifeCircle",
    })
    y = [60.0]

    def param(p, x=120.0):
        comp = QgsProcessingModelParameter(p.name())
        comp.setPosition(QPointF(x, y[0]))
        model.addModelParameter(p, comp)  # takes ownership of p
        y[0] += 60

    line, poly, point = QgsProcessing.TypeVectorLine, QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorPoint
    param(QgsProcessingParameterFeatureSource("streets", "Streets 街道 (lines)", [line]))
    param(QgsProcessingParameterFeatureSource("blocks", "Blocks 居委/居住街坊 (polygons)", [poly]))
    param(QgsProcessingParameterField("block_population", "Block population field", "population", "blocks"))
    param(QgsProcessingParameterField("block_name", "Block name field", "name", "blocks"))
    param(QgsProcessingParameterFeatureSource("subdistricts", "街镇 (polygons)", [poly]))
    param(QgsProcessingParameterField("subdistrict_name", "街镇 name field", "name", "subdistricts"))
    param(QgsProcessingParameterFeatureSource("barriers", "Barriers: rivers, expressways (lines)", [line]))
    param(QgsProcessingParameterFeatureSource("facilities", "Facilities", [point, poly]))
    param(QgsProcessingParameterField("facility_category", "Facility category field", "category", "facilities"))
    param(QgsProcessingParameterFeatureSource("residents", "Residents", [point, poly]))
    param(QgsProcessingParameterField("resident_population", "Resident population field", "population", "residents"))
    param(QgsProcessingParameterFeatureSource("parcels", "Parcels 地块", [poly]))
    param(QgsProcessingParameterField("land_use", "Parcel land use field", "land_use", "parcels"))
    param(QgsProcessingParameterField("parcel_status", "Parcel status field", "status", "parcels"))
    param(QgsProcessingParameterString("category", "Category to site 选址类别 (e.g. Q06)", "Q06"))
    param(QgsProcessingParameterNumber("sites", "Number of new sites", QgsProcessingParameterNumber.Integer, 3, False, 1))
    # the units' rules as 'Delineate life-circle units' has them, defaults included (one source: its parameters)
    units = QgsApplication.processingRegistry().algorithmById("lifecircle:delineateunits")
    preset = units.parameterDefinition("PRESET")
    param(QgsProcessingParameterEnum("preset", "Population band of the units", preset.options(), False,
                                     preset.defaultValue()))
    param(QgsProcessingParameterNumber("pop_min", "Unit population at least (empty: the band's)",
                                       QgsProcessingParameterNumber.Double, None, True, 1.0))
    param(QgsProcessingParameterNumber("pop_max", "Unit population at most (empty: the band's)",
                                       QgsProcessingParameterNumber.Double, None, True, 1.0))
    param(QgsProcessingParameterNumber("max_walk", "Unit walking radius (m; empty: the band's)",
                                       QgsProcessingParameterNumber.Double,
                                       units.parameterDefinition("MAX_WALK").defaultValue(), True, 1.0))

    def child(cid, alg, params, outputs, x, yy):
        c = QgsProcessingModelChildAlgorithm(alg)
        c.setChildId(cid)
        c.setDescription(cid)
        c.setPosition(QPointF(x, yy))
        for k, v in params.items():
            c.addParameterSources(k, [v])
        # every other input at the algorithm's own default (a model must say each mandatory one)
        from qgis.core import QgsApplication

        definition = QgsApplication.processingRegistry().algorithmById(alg)
        for d in definition.parameterDefinitions():
            if d.name() in params or d.isDestination() or d.defaultValue() is None:
                continue
            c.addParameterSources(d.name(), [V(d.defaultValue())])
        outs = {}
        for name, label in outputs.items():
            o = QgsProcessingModelOutput(label)
            o.setChildId(cid)
            o.setChildOutputName(name)
            outs[label] = o
        c.setModelOutputs(outs)
        model.addChildAlgorithm(c)
        return c

    P, O, V = Src.fromModelParameter, Src.fromChildOutput, Src.fromStaticValue
    child("network", "lifecircle:preparenetwork", {"INPUT": P("streets")},
          {"OUTPUT": "Walking network 步行网络"}, 520, 60)
    child("units", "lifecircle:delineateunits", {
        "BLOCKS": P("blocks"), "POPULATION_FIELD": P("block_population"), "BLOCK_ID_FIELD": P("block_name"),
        "ADMIN": P("subdistricts"), "ADMIN_NAME_FIELD": P("subdistrict_name"), "BARRIERS": P("barriers"),
        "NETWORK": P("streets"), "PRESET": P("preset"), "POP_MIN": P("pop_min"), "POP_MAX": P("pop_max"),
        "MAX_WALK": P("max_walk")},
        {"UNITS": "Life-circle units 生活圈基本单元"}, 520, 200)
    child("coverage", "lifecircle:facilitycoverage", {
        "FACILITIES": P("facilities"), "CATEGORY_FIELD": P("facility_category"), "RESIDENTS": P("residents"),
        "POPULATION_FIELD": P("resident_population"), "UNITS": O("units", "UNITS"), "UNIT_ID_FIELD": V("unit_id"),
        "NETWORK": P("streets")},
        {"UNITS_OUTPUT": "Coverage by unit 单元体检", "RESIDENTS_OUTPUT": "Residents' walking distances 居民步行距离"},
        520, 340)
    child("potential", "lifecircle:potentialspace", {
        "PARCELS": P("parcels"), "LAND_USE_FIELD": P("land_use"), "STATUS_FIELD": P("parcel_status"),
        "ZONES": O("units", "UNITS"), "NETWORK": P("streets"), "BARRIERS": P("barriers"),
        "COVERAGE": O("coverage", "RESIDENTS_OUTPUT"), "COVERAGE_POPULATION_FIELD": P("resident_population")},
        {"OUTPUT": "Potential space 潜力空间"}, 520, 480)
    child("siting", "lifecircle:siting", {
        "CANDIDATES": O("potential", "OUTPUT"), "DEMAND": P("residents"),
        "POPULATION_FIELD": P("resident_population"), "EXISTING": P("facilities"),
        "EXISTING_CATEGORY_FIELD": P("facility_category"), "NETWORK": P("streets"), "MODEL": V(0),
        "P": P("sites"), "CATEGORY": P("category")},
        {"SITES": "Recommended sites 推荐选址"}, 520, 620)
    return model


def main() -> int:
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from qgis.analysis import QgsNativeAlgorithms

    from lifecircle.processing.provider import LifeCircleProvider

    registry = QgsApplication.processingRegistry()
    registry.addProvider(QgsNativeAlgorithms())
    provider = LifeCircleProvider(load_models=False)
    registry.addProvider(provider)
    model = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    ok = model.toFile(str(OUT))
    result = model.validate()  # (ok, issues) in QGIS 3.22
    print(f"{OUT} written={ok} valid={result}")
    registry.removeProvider(provider)
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
