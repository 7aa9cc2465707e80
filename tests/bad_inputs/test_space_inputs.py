"""Bad inputs to lifecircle:potentialspace and lifecircle:siting: wrongly typed and implausible parcel fields,
null/invalid parcels under the Processing settings, coverage layers without (or with bad) distance fields,
mismatched CRS, duplicate ids and bad cost tables, disconnected networks, points far from the network, multipart
and curved candidates — and a hand-worked siting case to check the numbers.
"""

from __future__ import annotations

import json
import re

import pytest
from qgis.core import QgsFeatureRequest, QgsVectorLayer

import bad_inputs_support as S

PS = "lifecircle:potentialspace"
ST = "lifecircle:siting"
PARCEL_FIELDS = ["parcel_id", "block_id", "land_use", "status", "far", "building_year", "ownership", "area_m2",
                 "remark"]


def ps_params(**over):
    p = {"PARCELS": S.sample_uri("parcels"), "ZONES": S.sample_uri("blocks"), "ZONE_TYPE_FIELD": "block_type",
         "NETWORK": S.sample_uri("streets"), "BARRIERS": S.sample_uri("barriers"), "OUTPUT": "memory:"}
    p.update(over)
    return {k: v for k, v in p.items() if v is not None}


def ps_fails(tmp_path, p, pattern, ctx=None):
    out = str(tmp_path / "potential.gpkg")
    return S.run_fails(PS, {**p, "OUTPUT": out}, pattern, [out], ctx=ctx)


def parcel_rows():
    src = QgsVectorLayer(S.sample_uri("parcels"), "p", "ogr")
    rows = [[f.geometry()] + [S.plain(f[n]) for n in PARCEL_FIELDS] for f in src.getFeatures()]
    del src
    return rows


def parcels_layer(rows, name="地块", far_type="double", year_type="int"):
    types = [("parcel_id", "string"), ("block_id", "string"), ("land_use", "string"), ("status", "string"),
             ("far", far_type), ("building_year", year_type), ("ownership", "string"), ("area_m2", "double"),
             ("remark", "string")]
    return S.memory_layer("Polygon", types, rows, name=name)


def scored(result) -> dict:
    return S.read_rows(result["OUTPUT"], "parcel_id", ["kinds", "score", "rank", "access_m", "area_used"])


@pytest.fixture(scope="module")
def ps_reference(lc_provider_module):
    return scored(S.run(PS, ps_params()))


# -- potential space ----------------------------------------------------------------------------------------


def test_potential_parcels_in_wgs84_give_the_same_scores(ps_reference, tmp_path):
    uri = S.reproject(S.sample_uri("parcels"), "EPSG:4326", tmp_path / "in.gpkg", "parcels_wgs84")
    res = S.run(PS, ps_params(PARCELS=uri))
    got = scored(res)
    assert got.keys() == ps_reference.keys()
    for pid, row in ps_reference.items():
        assert got[pid]["kinds"] == row["kinds"] and got[pid]["rank"] == row["rank"], pid
        for k in ("score", "access_m", "area_used"):
            assert got[pid][k] == pytest.approx(row[k], abs=0.15), (pid, k)
    assert res["OUTPUT"].crs().authid() == "EPSG:4326"


@pytest.mark.parametrize("column, value, pattern", [
    (4, "高", r"field 'far' \(FAR\) is not a number in feature ids 3\b"),
    (4, "-1.5", r"field 'far' \(FAR\) is negative in feature ids 3\b"),
    (5, "20", r"field 'building_year' \(building year\) is not a year in feature ids 3\b"),
    (5, "九十年代", r"field 'building_year' \(building year\) is not a number in feature ids 3\b"),
])
def test_wrongly_typed_parcel_fields_are_named(lc_provider, tmp_path, column, value, pattern):
    rows = parcel_rows()
    rows[2][column + 1] = value
    uri = S.write_gpkg(parcels_layer(rows, far_type="string", year_type="string"), tmp_path / "p.gpkg", "地块")
    ps_fails(tmp_path, ps_params(PARCELS=uri), r"Layer 'p › 地块': .*" + pattern)


def test_missing_parcel_field_is_named(lc_provider, tmp_path):
    ps_fails(tmp_path, ps_params(FAR_FIELD="容积率"), r"Layer 'sample_district › parcels' has no field '容积率' "
                                                     r"\(FAR\)\. Fields: .*far")


@pytest.mark.parametrize("check, pattern", [
    (None, r"1 feature\(s\) with invalid geometry \(feature ids 8\)"),
    (QgsFeatureRequest.GeometryNoCheck, r"1 feature\(s\) without a polygon geometry \(feature ids 8\)\. Parcels must "
                                        r"be polygons"),
], ids=["default", "ignore-invalid"])
def test_parcel_without_geometry_is_named(lc_provider, tmp_path, check, pattern):
    rows = parcel_rows()
    rows[7][0] = None
    uri = S.write_gpkg(parcels_layer(rows), tmp_path / "p.gpkg", "地块")
    ps_fails(tmp_path, ps_params(PARCELS=uri), r"Layer 'p › 地块': " + pattern,
             ctx=S.context(check) if check is not None else None)


@pytest.fixture()
def bowtie_parcels(tmp_path):
    rows = parcel_rows()
    g = rows[0][0].boundingBox()
    x0, y0, x1, y1 = g.xMinimum(), g.yMinimum(), g.xMaximum(), g.yMaximum()
    rows[0][0] = f"POLYGON(({x0} {y0}, {x1} {y1}, {x1} {y0}, {x0} {y1}, {x0} {y0}))"
    return S.write_gpkg(parcels_layer(rows), tmp_path / "bow.gpkg", "地块"), rows[0][1]


@pytest.mark.parametrize("check", [None, QgsFeatureRequest.GeometryAbortOnInvalid], ids=["default", "abort"])
def test_self_intersecting_parcel_stops_the_run(lc_provider, tmp_path, bowtie_parcels, check):
    ps_fails(tmp_path, ps_params(PARCELS=bowtie_parcels[0]),
             r"Layer 'bow › 地块': 1 feature\(s\) with invalid geometry \(feature ids 1\)",
             ctx=S.context(check) if check is not None else None)


def test_self_intersecting_parcel_skipped_or_repaired(ps_reference, bowtie_parcels):
    uri, pid = bowtie_parcels
    fb = S.recording_feedback()
    res = S.run(PS, ps_params(PARCELS=uri, KEEP_ALL=True), ctx=S.context(QgsFeatureRequest.GeometrySkipInvalid),
                feedback=fb)
    assert pid not in scored(res) and "Layer 'bow › 地块': 1 feature(s) with invalid geometry were skipped" in fb.text()
    fb = S.recording_feedback()
    res = S.run(PS, ps_params(PARCELS=uri, KEEP_ALL=True), ctx=S.context(QgsFeatureRequest.GeometryNoCheck),
                feedback=fb)
    assert pid in scored(res)
    assert "Layer 'bow › 地块': invalid polygons were repaired before use (feature ids 1)" in fb.text()


def test_coverage_layer_without_distance_fields(lc_provider, tmp_path):
    ps_fails(tmp_path, ps_params(COVERAGE=S.sample_uri("residents")),
             r"Layer 'sample_district › residents' has no distance fields d_Q01…d_M10 \(fields: .*\)\. Use the "
             r"'Residents with walking distances' output")


def test_coverage_distance_that_is_not_a_number(lc_provider, tmp_path):
    src = QgsVectorLayer(S.sample_uri("residents"), "r", "ogr")
    rows = [[f.geometry(), S.plain(f["population"]), 120.0] for f in src.getFeatures()]
    del src
    rows[10][2] = "很远"
    rows[11][2] = "-5"
    cov = S.write_gpkg(S.memory_layer("Point", [("population", "int"), ("d_Q05", "string")], rows, name="覆盖"),
                       tmp_path / "cov.gpkg", "覆盖")
    ps_fails(tmp_path, ps_params(COVERAGE=cov), r"Layer 'cov › 覆盖', field 'd_Q05': a value that is not a "
                                               r"distance in metres in feature ids 11, 12\b")


# -- siting: a hand-worked case -----------------------------------------------------------------------------
#
# Network: square A (0,0)–(400,0)–(400,400)–(0,400), and square B 2 km east, not connected to A.
# Residents on A: (100,0) 10 people, (400,200) 20, (0,300) 30; one 5 km away (40 people).
# Candidates: c1 at (0,0) on A (a two-part polygon), c2 at (2000,0) on B (a curved polygon).
# From c1 within 350 m: (100,0) at 100 m, (0,300) at 300 m; (400,200) is 600 m away. c2 reaches nobody.

X0, Y0 = 633000.0, 3453000.0


def at(x, y):
    return f"{X0 + x} {Y0 + y}"


def square(x, y, side):
    return (f"(({at(x, y)}, {at(x + side, y)}, {at(x + side, y + side)}, {at(x, y + side)}, {at(x, y)}))")


@pytest.fixture()
def island_case():
    streets = []
    for ox in (0, 2000):
        corners = [(ox, 0), (ox + 400, 0), (ox + 400, 400), (ox, 400)]
        for a, b in zip(corners, corners[1:] + corners[:1]):
            streets.append([f"LINESTRING({at(*a)}, {at(*b)})", "residential"])
    network = S.memory_layer("LineString", [("highway", "string")], streets, name="两块路网")
    demand = S.memory_layer("Point", [("rid", "string"), ("population", "int")], [
        [f"POINT({at(100, 0)})", "r1", 10], [f"POINT({at(400, 200)})", "r2", 20], [f"POINT({at(0, 300)})", "r3", 30],
        [f"POINT({at(5000, 5000)})", "far", 40]], name="居民")
    c1 = "MULTIPOLYGON(" + square(-1, -1, 2) + ", " + square(-301, -301, 2) + ")"
    c2 = f"CURVEPOLYGON(CIRCULARSTRING({at(2001, 0)}, {at(2000, 1)}, {at(1999, 0)}, {at(2000, -1)}, {at(2001, 0)}))"
    cands = S.memory_layer("MultiPolygon", [("cid", "string")], [[c1, "c1"], [c2, "c2"]], name="候选")
    return {"NETWORK": network, "DEMAND": demand, "DEMAND_ID_FIELD": "rid", "POPULATION_FIELD": "population",
            "CANDIDATES": cands, "CANDIDATE_ID_FIELD": "cid", "THRESHOLD": 350, "SNAP_TOLERANCE": 50,
            "SITES": "memory:", "ALLOCATION": "memory:"}


def test_siting_disconnected_network_and_far_residents(lc_provider, island_case):
    fb = S.recording_feedback()
    res = S.run(ST, {**island_case, "MODEL": 0, "P": 1}, feedback=fb)
    sites = list(res["SITES"].getFeatures())
    assert [f["lc_site_id"] for f in sites] == ["c1"]
    assert sites[0]["new_pop"] == 40 and sites[0]["reach_pop"] == 40
    assert res["OBJECTIVE"] == 40 and res["COVERAGE_AFTER"] == pytest.approx(40.0)  # 40 of 100 residents
    assert re.search(r"Layer '居民': 1 resident point\(s\) are farther than the snap tolerance .*feature ids 4", fb.text())
    lines = sorted((f["demand_id"], f["site_id"], f["distance_m"]) for f in res["ALLOCATION"].getFeatures())
    assert lines == [("r1", "c1", pytest.approx(100.0, abs=0.1)), ("r3", "c1", pytest.approx(300.0, abs=0.1))]
    summary = json.loads(res["SUMMARY"])
    assert summary["unreachable_population"] == pytest.approx(60.0)  # r2 (beyond 350 m) and the far one


def test_siting_p_median_over_an_island(lc_provider, island_case):
    """p-median with both sites: everyone reachable goes to c1 (c2's island has nobody)."""
    res = S.run(ST, {**island_case, "MODEL": 2, "P": 2, "THRESHOLD": 0})
    assign = {f["lc_site_id"]: f["assign_pop"] for f in res["SITES"].getFeatures()}
    assert assign["c1"] == 60
    assert res["OBJECTIVE"] == pytest.approx(10 * 100 + 20 * 600 + 30 * 300, rel=1e-6)


def test_siting_candidate_without_geometry_is_named(lc_provider, island_case, tmp_path):
    cands = S.memory_layer("Point", [("cid", "string")], [[f"POINT({at(0, 0)})", "c1"], [None, "无位置"]],
                           name="候选点")
    uri = S.write_gpkg(cands, tmp_path / "c.gpkg", "候选点")
    out = {"SITES": str(tmp_path / "sites.gpkg"), "ALLOCATION": str(tmp_path / "alloc.gpkg")}
    S.run_fails(ST, {**island_case, "CANDIDATES": uri, "MODEL": 0, "P": 1, **out},
                r"Layer 'c › 候选点': 1 candidate site\(s\) lie farther than the snap tolerance \(50 m\) from any "
                r"walkable street, or have no geometry.*feature ids 2", out.values())


def test_siting_demand_in_wgs84(lc_provider, tmp_path):
    base = {"CANDIDATES": S.sample_uri("parcels", "\"status\" IN ('idle','vacant')"),
            "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": S.sample_uri("residents"), "POPULATION_FIELD": "population",
            "EXISTING": S.sample_uri("facilities"), "EXISTING_CATEGORY_FIELD": "category", "CATEGORY": "Q05",
            "NETWORK": S.sample_uri("streets"), "MODEL": 0, "P": 3, "SITES": "memory:", "ALLOCATION": "memory:"}
    want = S.run(ST, base)
    dem = S.reproject(S.sample_uri("residents"), "EPSG:4326", tmp_path / "in.gpkg", "residents_wgs84")
    got = S.run(ST, {**base, "DEMAND": dem})
    assert got["OBJECTIVE"] == pytest.approx(want["OBJECTIVE"])
    assert got["COVERAGE_BEFORE"] == pytest.approx(want["COVERAGE_BEFORE"])
    assert sorted(f["parcel_id"] for f in got["SITES"].getFeatures()) == \
        sorted(f["parcel_id"] for f in want["SITES"].getFeatures())


def write_csv(path, rows):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["origin_id", "destination_id", "cost"])
        w.writerows(rows)
    return str(path)


def test_siting_duplicate_candidate_ids_with_a_cost_matrix(lc_provider, island_case, tmp_path):
    cands = S.memory_layer("Point", [("cid", "string")], [[f"POINT({at(0, 0)})", "同一"],
                                                          [f"POINT({at(2000, 0)})", "同一"]], name="候选")
    out = {"SITES": str(tmp_path / "sites.gpkg"), "ALLOCATION": str(tmp_path / "alloc.gpkg")}
    S.run_fails(ST, {**island_case, "NETWORK": None, "COST_MATRIX": write_csv(tmp_path / "od.csv", [("r1", "同一", 5)]),
                     "CANDIDATES": cands, "MODEL": 0, "P": 1, **out},
                r"Layer '候选', id field 'cid': ids are not unique: '同一' \(feature ids 1, 2\)", out.values())


def test_siting_cost_that_is_not_a_number(lc_provider, island_case, tmp_path):
    out = {"SITES": str(tmp_path / "sites.gpkg"), "ALLOCATION": str(tmp_path / "alloc.gpkg")}
    od = write_csv(tmp_path / "od.csv", [("r1", "c1", 100), ("r3", "c1", "三百米"), ("r2", "c2", "")])
    S.run_fails(ST, {**island_case, "NETWORK": None, "COST_MATRIX": od, "MODEL": 0, "P": 1, **out},
                r"Cost matrix 'od' \(rows counted from 1, the header not included\): 2 row\(s\) whose cost is empty or "
                r"not a number: rows 2 \('三百米'\), 3 \(''\)", out.values())
