"""Every algorithm and the chain model run the way the algorithm dialog runs them — outputs left at their default
(temporary layers, or a temporary file), then QGIS's own post-processing (handleAlgorithmResults) loads the
results — and end clean: no "The following layers were not correctly generated", every result in the project."""

from __future__ import annotations

from pathlib import Path

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

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"


def layer(name: str) -> str:
    return f"{SAMPLE}|layername={name}"


NET = {"NETWORK": layer("streets")}
COVERAGE = {"FACILITIES": layer("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": layer("residents"),
            "POPULATION_FIELD": "population", **NET}

INPUTS = {  # the inputs a planner fills in; every output is left at the dialog's default
    "lifecircle:preparenetwork": {"INPUT": layer("streets")},
    "lifecircle:delineateunits": {"BLOCKS": layer("blocks"), "POPULATION_FIELD": "population",
                                  "BLOCK_ID_FIELD": "name", "ADMIN": layer("subdistricts"),
                                  "ADMIN_NAME_FIELD": "name", **NET},
    "lifecircle:facilitycoverage": COVERAGE,
    "lifecircle:potentialspace": {"PARCELS": layer("parcels"), "LAND_USE_FIELD": "land_use",
                                  "STATUS_FIELD": "status", **NET},
    "lifecircle:siting": {"CANDIDATES": layer("parcels"), "DEMAND": layer("residents"),
                          "POPULATION_FIELD": "population", "CATEGORY": "Q05", "P": 2, **NET},
    "lifecircle:projectimpact": {**COVERAGE, "PROJECTS": layer("projects"), "YEAR": 2026},
    "lifecircle:comparecoverage": {"BEFORE": None, "AFTER": None, "UNIT_ID_FIELD": "unit_id"},
    "lifecircle:convertcoords": {"INPUT": None},
    "lifecircle:exportledger": {"INPUT": layer("projects")},
    "lifecircle:importledger": {"INPUT": None, "WORKBOOK": None},
    "lifecircle:lifecircle_chain": {
        "streets": layer("streets"), "blocks": layer("blocks"), "block_population": "population",
        "block_name": "name", "subdistricts": layer("subdistricts"), "subdistrict_name": "name",
        "barriers": layer("barriers"), "facilities": layer("facilities"), "facility_category": "category",
        "residents": layer("residents"), "resident_population": "population", "parcels": layer("parcels"),
        "land_use": "land_use", "parcel_status": "status", "category": "Q05", "sites": 2,
        "preset": 3, "pop_min": 15000, "pop_max": 40000, "max_walk": 1500},  # (the small sample's own band)
}


@pytest.fixture(scope="module")
def made(lc_provider_module, tmp_path_factory):
    """Inputs that other runs make: two coverage results, a GCJ-02 point layer, a project list and its ledger."""
    folder = tmp_path_factory.mktemp("inputs")
    units = {}
    for key, snap in (("before", 150), ("after", 40)):
        out = folder / f"{key}.gpkg"
        S.run("lifecircle:facilitycoverage", {**COVERAGE, "SNAP_TOLERANCE": snap, "UNITS_OUTPUT": str(out),
                                              "RESIDENTS_OUTPUT": "memory:"})
        units[key] = str(out)
    gcj = S.memory_layer("Point", [("name", "string")], [("Point (121.45 31.22)", "店")], crs="EPSG:4326")
    gcj_path = S.write_gpkg(gcj, folder / "pois.gpkg", "pois")
    gpkg = S.copy_sample(folder)
    workbook = folder / "ledger.xlsx"
    S.run("lifecircle:exportledger", {"INPUT": S.sample_uri("projects", path=gpkg), "OUTPUT": str(workbook)})
    return {"lifecircle:comparecoverage": {"BEFORE": units["before"], "AFTER": units["after"]},
            "lifecircle:convertcoords": {"INPUT": gcj_path},
            "lifecircle:importledger": {"INPUT": S.sample_uri("projects", path=gpkg), "WORKBOOK": str(workbook)}}


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
    layer_outputs = [d.name() for d in alg.destinationParameterDefinitions()
                     if d.name() in params and d.type() in ("sink", "vectorDestination", "rasterDestination")]
    loaded = QgsProject.instance().mapLayers().values()
    assert len(list(loaded)) >= len(layer_outputs), (alg_id, layer_outputs, results)
    assert all(lyr.isValid() for lyr in loaded)
    # the results in a readable order: points above lines above polygons (no unit fill over its residents)
    rank = {QgsWkbTypes.GeometryType.PointGeometry: 0, QgsWkbTypes.GeometryType.LineGeometry: 1,
            QgsWkbTypes.GeometryType.PolygonGeometry: 2}
    order = [rank.get(lyr.geometryType(), 3) for lyr in QgsProject.instance().layerTreeRoot().layerOrder()
             if isinstance(lyr, QgsVectorLayer)]
    assert order == sorted(order), [lyr.name() for lyr in QgsProject.instance().layerTreeRoot().layerOrder()]
    QgsProject.instance().removeAllMapLayers()
