"""lifecircle:distributepopulation through processing.run: the hand-worked case of tests/core/test_population.py
with the census in lon/lat and the buildings in Web Mercator (areas measured true on the ground), floors from a
height, the use filter, bad input named by layer/field/feature with nothing written, and the sample district
rebuilt from its 居委 blocks and buildings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject, QgsVectorLayer

from bad_inputs_support import memory_layer, plain, recording_feedback, run, run_fails, sample_uri

ALG = "lifecircle:distributepopulation"
ORIGIN = (633000.0, 3453000.0)  # EPSG:4549 metres near the sample district


def in_crs(wkt_local: str, crs: str) -> QgsGeometry:
    """A polygon given in local metres (origin ORIGIN in EPSG:4549) in ``crs``."""
    g = QgsGeometry.fromWkt(wkt_local)
    g.translate(*ORIGIN)
    g.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4549"),
                                       QgsCoordinateReferenceSystem(crs), QgsProject.instance()))
    return g


def box(x0, y0, x1, y1) -> str:
    return f"Polygon(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def census_layer(crs="EPSG:4326", old=(30, 3, 0)):
    rows = [(in_crs(box(0, 0, 100, 100), crs), "A", 100, old[0]), (in_crs(box(100, 0, 200, 100), crs), "B", 10, old[1]),
            (in_crs(box(200, 0, 300, 100), crs), "C", 5, old[2])]
    return memory_layer("Polygon", [("code", "string"), ("pop", "int"), ("old", "int")], rows, crs=crs, name="居委")


def buildings_layer(crs="EPSG:3857"):
    # b0 2 floors (from 6.2 m), b1 3 floors, b2 across A/B 1 floor, b3 4 floors, b4 outside, b5 a shop in A
    rows = [(in_crs(box(10, 10, 20, 20), crs), "b0", None, 6.2, "住宅"),
            (in_crs(box(50, 50, 70, 60), crs), "b1", 3, None, "住宅"),
            (in_crs(box(90, 10, 110, 20), crs), "b2", 1, None, " 住宅 "),
            (in_crs(box(150, 50, 160, 60), crs), "b3", 4, None, "Residential"),
            (in_crs(box(400, 400, 410, 410), crs), "b4", 5, None, "住宅"),
            (in_crs(box(30, 70, 40, 80), crs), "b5", 9, None, "商业")]
    return memory_layer("Polygon", [("bid", "string"), ("floors", "int"), ("height", "double"), ("use", "string")],
                        rows, crs=crs, name="buildings")


def params(**kw):
    p = {"CENSUS": census_layer(), "CENSUS_ID_FIELD": "code", "POPULATION_FIELD": "pop", "AGE_60_FIELD": "old",
         "BUILDINGS": buildings_layer(), "FLOORS_FIELD": "floors", "HEIGHT_FIELD": "height", "USE_FIELD": "use",
         "OUTPUT": "TEMPORARY_OUTPUT"}
    p.update(kw)
    return p


def rows_of(layer) -> dict:
    return {(f["bid"] if f["bid"] else f["census_id"]): f for f in layer.getFeatures()}


def test_hand_worked_case_in_two_crs(lc_provider):
    fb = recording_feedback()
    out = run(ALG, params(), feedback=fb)
    layer = out["OUTPUT"]
    got = rows_of(layer)
    # (the numbers of tests/core/test_population.py: floor areas measured on the ground, not in degrees or in
    # Web Mercator's stretched metres)
    assert {k: (f["population"], f["pop_60p"]) for k, f in got.items()} == {
        "b0": (22, 7), "b1": (67, 20), "b2": (13, 4), "b3": (8, 2), "C": (5, 0)}
    assert got["b2"]["split"] and not got["b0"]["split"]
    assert got["b1"]["census_id"] == "A" and got["b3"]["census_id"] == "B"
    assert got["b1"]["basis"] == pytest.approx(600.0, rel=2e-3)
    assert "no residential building" in got["C"]["note"] and plain(got["b1"]["note"]) is None
    assert out["POPULATION"] == 115 and out["RESIDENT_POINTS"] == 5
    assert layer.crs().authid() == "EPSG:3857"  # the buildings' CRS
    # b1's point is its centre
    centre = in_crs(box(50, 50, 70, 60), "EPSG:3857").centroid().asPoint()
    p = got["b1"].geometry().asPoint()
    assert abs(p.x() - centre.x()) < 0.01 and abs(p.y() - centre.y()) < 0.01
    text = fb.text()
    assert "b4" not in text or "no census polygon" in text
    assert "no census polygon" in text and "C (5)" in text and "商业" in text


def test_methods_without_floors(lc_provider):
    got = rows_of(run(ALG, params(METHOD=1, FLOORS_FIELD=None, HEIGHT_FIELD=None))["OUTPUT"])
    assert [got[b]["population"] for b in ("b0", "b1", "b2", "b3")] == [25, 50, 30, 5]
    got = rows_of(run(ALG, params(METHOD=2))["OUTPUT"])
    assert [got[b]["population"] for b in ("b0", "b1", "b2", "b3")] == [40, 40, 23, 7]


def test_floor_area_needs_floors(lc_provider):
    run_fails(ALG, params(FLOORS_FIELD=None, HEIGHT_FIELD=None), r"floors or height.*'buildings'")


def test_bad_census_values_are_named(lc_provider):
    bad = census_layer(old=(30, 11, 0))
    run_fails(ALG, params(CENSUS=bad), r"'居委'.*60\+.*B \(11 > 10\)")
    nulls = memory_layer("Polygon", [("code", "string"), ("pop", "string"), ("old", "int")],
                         [(in_crs(box(0, 0, 100, 100), "EPSG:4326"), "A", "many", 1)], crs="EPSG:4326", name="居委")
    run_fails(ALG, params(CENSUS=nulls), r"'居委'.*'pop'.*not a number.*feature ids 1")


def test_no_residential_use_is_refused(lc_provider, tmp_path: Path):
    target = tmp_path / "points.gpkg"
    run_fails(ALG, params(RESIDENTIAL_VALUES="住房", OUTPUT=str(target)), r"no building has a residential use.*'use'",
              outputs=[target])


def sample_layer(name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(sample_uri(name), name, "ogr")
    assert layer.isValid(), name
    return layer


def test_sample_district_rebuilt_from_its_blocks(lc_provider):
    """The sample's resident points are its 居委 census shared over its 住宅 buildings by floor area: the algorithm
    gives them back — every point's population and age groups, at the point."""
    out = run(ALG, {"CENSUS": sample_uri("blocks"), "CENSUS_ID_FIELD": "block_id", "POPULATION_FIELD": "population",
                    "AGE_0_3_FIELD": "pop_0_3", "AGE_3_6_FIELD": "pop_3_6", "AGE_6_12_FIELD": "pop_6_12",
                    "AGE_60_FIELD": "pop_60p", "AGE_80_FIELD": "pop_80p", "BUILDINGS": sample_uri("buildings"),
                    "FLOORS_FIELD": "floors", "USE_FIELD": "use", "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    residents = sample_layer("residents")
    fields = ["population", "pop_0_3", "pop_3_6", "pop_6_12", "pop_60p", "pop_80p"]
    want = [(f.geometry().asPoint(), [f[n] for n in fields] + [f["block_id"]]) for f in residents.getFeatures()]
    got = [(f.geometry().asPoint(), [f[n] for n in fields] + [f["census_id"]]) for f in out.getFeatures()]
    assert len(got) == len(want) == residents.featureCount()
    got_xy = np.array([(p.x(), p.y()) for p, _ in got])
    for p, values in want:  # the point nearest each resident point is its building's, within 2 cm, same values
        d = np.hypot(got_xy[:, 0] - p.x(), got_xy[:, 1] - p.y())
        k = int(np.argmin(d))
        assert d[k] < 0.02 and got[k][1] == values, (p, values, got[k])
    blocks = {f["block_id"]: f["population"] for f in sample_layer("blocks").getFeatures()}
    assert sum(v[0] for _, v in got) == sum(blocks.values())


def test_the_residential_use_words_are_the_one_list(lc_provider):
    """The default residential use values are the 居住 rows of resources/rules/unit_types.csv (read here as plain
    CSV), so a word a planner adds there counts for buildings too."""
    import csv

    from lifecircle.lifecircle_plugin.core.residential import UNIT_TYPES_FILE

    with open(UNIT_TYPES_FILE, encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(line for line in f if not line.startswith("#"))]
    listed = {r["word"].strip() for r in rows if r["type"].strip() == "居住"}
    default = lc_provider.algorithm("distributepopulation").parameterDefinition("RESIDENTIAL_VALUES").defaultValue()
    assert {w.strip() for w in default.split(",")} == listed | {"居住"} and "居住用地" in listed
