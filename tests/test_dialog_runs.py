"""Every algorithm and the chain model run the way the algorithm dialog runs them — outputs left at their default
(temporary layers, or a temporary file), then QGIS's own post-processing (handleAlgorithmResults) loads the
results — and end clean: no "The following layers were not correctly generated", every result in the project."""

from __future__ import annotations


import pytest
from qgis import processing
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingDestinationParameter,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

import bad_inputs_support as S
from planner_runs import INPUTS, made_inputs



@pytest.fixture(scope="module")
def made(lc_provider_module, tmp_path_factory):
    return made_inputs(tmp_path_factory.mktemp("inputs"))


def dialog_parameters(alg, given: dict) -> dict:
    """What the dialog passes: the planner's inputs, and each output the dialog creates by default as a temporary
    output to be loaded into the project."""
    params = {k: v for k, v in given.items() if v is not None}
    for definition in alg.destinationParameterDefinitions():
        if not isinstance(definition, QgsProcessingDestinationParameter) or not definition.createByDefault():
            continue
        params[definition.name()] = QgsProcessingOutputLayerDefinition("TEMPORARY_OUTPUT", QgsProject.instance())
    return params


@pytest.mark.parametrize("alg_id", list(INPUTS))
def test_a_dialog_run_ends_clean_and_loads_every_result(made, qgis_iface, alg_id):
    from processing.gui.Postprocessing import handleAlgorithmResults

    QgsProject.instance().removeAllMapLayers()
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    assert alg is not None, alg_id
    params = dialog_parameters(alg, {**INPUTS[alg_id], **made.get(alg_id, {})})
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = S.recording_feedback()
    done = {}

    def on_finish(algorithm, ctx, fb):
        done["ok"] = handleAlgorithmResults(algorithm, ctx, fb)

    results = processing.run(alg_id, params, context=context, feedback=feedback, onFinish=on_finish)
    assert done["ok"] is True, feedback.errors
    assert not [e for e in feedback.errors if "not correctly generated" in e]
    # QGIS 3.40 warns twice per aliased field of a temporary output: none of that noise, the aliases still there
    assert not [w for w in feedback.warnings if "scratch layers" in w], feedback.warnings[:4]
    layer_outputs = [d.name() for d in alg.destinationParameterDefinitions()
                     if d.name() in params and d.type() in ("sink", "vectorDestination", "rasterDestination")]
    loaded = QgsProject.instance().mapLayers().values()
    assert len(list(loaded)) >= len(layer_outputs), (alg_id, layer_outputs, results)
    assert all(lyr.isValid() for lyr in loaded)
    aliased = {"lifecircle:delineateunits": ("population", "人口"), "lifecircle:importledger": ("message", "说明")}
    if alg_id in aliased:
        name, alias = aliased[alg_id]
        assert alias in [lyr.attributeAlias(lyr.fields().indexOf(name)) for lyr in loaded
                         if isinstance(lyr, QgsVectorLayer) and lyr.fields().indexOf(name) >= 0]
    # the results in a readable order: points above lines above polygons (no unit fill over its residents)
    rank = {QgsWkbTypes.GeometryType.PointGeometry: 0, QgsWkbTypes.GeometryType.LineGeometry: 1,
            QgsWkbTypes.GeometryType.PolygonGeometry: 2}
    order = [rank.get(lyr.geometryType(), 3) for lyr in QgsProject.instance().layerTreeRoot().layerOrder()
             if isinstance(lyr, QgsVectorLayer)]
    assert order == sorted(order), [lyr.name() for lyr in QgsProject.instance().layerTreeRoot().layerOrder()]
    QgsProject.instance().removeAllMapLayers()
