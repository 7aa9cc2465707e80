"""lifecircle:facilitycoverage through processing.run on the sample district, checked against an independent
computation (networkx on a vertex-level graph, shapely point-in-polygon, plain sums)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsGeometry, QgsProcessingException, QgsVectorLayer

import netref
from feedback_log import RecordingFeedback
from served_ref import SERVES, served

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
THRESHOLDS = {"Q01": 1000, "Q02": 500, "Q03": 500, "Q04": 1000, "Q05": 500, "Q06": 500, "Q07": 1000, "Q08": 500,
              "Q09": 1000, "Q10": 300, "M01": 1000, "M02": 1000, "M03": 500, "M04": 1000, "M05": 500,
              "M06": 1000, "M07": 1000, "M08": 1000, "M09": 1000, "M10": 500}
CODES = list(THRESHOLDS)
def uri(layer: str) -> str:
    return f"{SAMPLE}|layername={layer}"


def features(layer) -> list:
    return sorted(layer.getFeatures(), key=lambda f: f.id())


def value(feature, name):
    """The attribute, with QGIS's NULL (a null QVariant in PyQGIS 3.22) as None."""
    from qgis.PyQt.QtCore import QVariant

    v = feature[name]
    return None if v is None or (isinstance(v, QVariant) and v.isNull()) else v


@pytest.fixture(scope="module")
def reference():
    """Distances from every resident to the nearest facility of each category, by networkx."""
    import fiona
    import geopandas as gpd

    streets = gpd.read_file(SAMPLE, layer="streets")
    fac = gpd.read_file(SAMPLE, layer="facilities")
    res = gpd.read_file(SAMPLE, layer="residents")
    lines = [np.asarray(g.coords) for g, h in zip(streets.geometry, streets.highway) if h != "trunk"]
    res_xy = [(p.x, p.y) for p in res.geometry]
    dist = {}
    for code in CODES:
        sel = fac[fac.category == code]
        g = netref.vertex_graph(lines)
        nodes = netref.add_point_sets(g, {"f": [(p.x, p.y) for p in sel.geometry], "r": res_xy}, 150)
        d = netref.nearest_source_distances(g, nodes["f"], nodes["r"], limit=3000)
        dist[code] = d
    return {"res": res, "fac": fac, "dist": dist, "lines": lines, "fiona": fiona.__version__}


@pytest.fixture(scope="module")
def run(lc_provider_module):
    return processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population",
        "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id", "NETWORK": uri("streets"),
        "ONE_STOP_FIELD": "is_one_stop", "AREA_FIELD": "area_m2",
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:", "FACILITIES_OUTPUT": "memory:",
        "SERVICE_AREAS": "memory:",
    })


def test_resident_distances_match_networkx(run, reference):
    out = features(run["RESIDENTS_OUTPUT"])
    assert len(out) == len(reference["res"])
    for code in CODES:
        ours = np.array([value(f, f"d_{code}") if value(f, f"d_{code}") is not None else np.inf for f in out],
                        dtype=float)
        ref = reference["dist"][code]
        assert np.array_equal(np.isinf(ours), np.isinf(ref)), code
        fin = np.isfinite(ref)
        np.testing.assert_allclose(ours[fin], ref[fin], atol=0.051, err_msg=code)  # written to 0.1 m
    # 十全 met per resident = categories within threshold
    for f, i in zip(out, range(len(out))):
        expect = sum(reference["dist"][c][i] <= THRESHOLDS[c] for c in CODES if c.startswith("Q"))
        assert f["n_q_met"] == expect


def test_unit_shares_met_and_missing_match_hand_sums(run, reference):
    res = reference["res"]
    units = {f["block_id"]: f for f in run["UNITS_OUTPUT"].getFeatures()}
    assert len(units) == 20
    names = {"Q01": "党群服务", "Q02": "社区议事", "Q03": "便民商业", "Q04": "医疗卫生", "Q05": "为老服务",
             "Q06": "保育托幼", "Q07": "文化活动", "Q08": "体育健身", "Q09": "急救防灾", "Q10": "公共空间"}
    for block_id, unit in units.items():
        in_block = (res.block_id == block_id).to_numpy()
        pop = res.population.to_numpy()[in_block].astype(float)
        assert unit["population"] == pytest.approx(pop.sum())
        met_q, missing = 0, []
        for code in CODES:
            d = reference["dist"][code][in_block]
            w = served(res, code)[in_block]
            share = 100 * w[d <= THRESHOLDS[code]].sum() / w.sum() if w.sum() > 0 else None
            if share is None:  # none of the category's residents in the block: nobody to reach, met
                assert value(unit, f"c_{code}") is None, (block_id, code)
                share = 100.0
            else:
                assert unit[f"c_{code}"] == pytest.approx(share, abs=0.051), (block_id, code)
            if code in SERVES:  # beside the group's share: everyone's, and the group's residents
                everyone = 100 * pop[d <= THRESHOLDS[code]].sum() / pop.sum()
                assert unit[f"call_{code}"] == pytest.approx(everyone, abs=0.051), (block_id, code)
                assert unit[f"sv_{code}"] == pytest.approx(w.sum())
            if code.startswith("Q"):
                if share >= 85 - 1e-9:
                    met_q += 1
                else:
                    missing.append(names[code])
        assert unit["q_met"] == met_q
        assert unit["missing_q"] == "、".join(missing)
        assert unit["meets_target"] == (met_q == 10)
        assert unit["score"] == pytest.approx(7 * unit["q_met"] + 3 * unit["m_met"])


ONE_STOP = {"Q01", "Q02", "Q04", "Q05", "Q07"}  # the Shanghai profile's one_stop column
#: functions given to two of the sample's flagged centres (in place of the sample's own functions field)
FUNCTIONS = {"F0058": "Q02;q04、为老服务 Q07;Q06", "F0063": "Q02;Q04;Q07"}


@pytest.fixture(scope="module")
def run_with_functions(lc_provider_module):
    """The sample run with a functions field on the facilities: F0058 hosts every one-stop function and childcare
    (基本型), F0063 lacks 为老服务 (Q05)."""
    from qgis.core import QgsField, QgsFeature
    from qgis.PyQt.QtCore import QVariant

    src = QgsVectorLayer(uri("facilities"), "facilities", "ogr")
    lyr = QgsVectorLayer(f"Point?crs={src.crs().authid()}", "facilities", "memory")
    kept = [i for i, fld in enumerate(src.fields()) if fld.name() != "functions"]
    lyr.dataProvider().addAttributes([src.fields().at(i) for i in kept] + [QgsField("functions", QVariant.String)])
    lyr.updateFields()
    feats = []
    for f in src.getFeatures():
        g = QgsFeature(lyr.fields())
        g.setGeometry(f.geometry())
        g.setAttributes([f.attributes()[i] for i in kept] + [FUNCTIONS.get(f["facility_id"])])
        feats.append(g)
    lyr.dataProvider().addFeatures(feats)
    params = {
        "FACILITIES": lyr, "CATEGORY_FIELD": "category", "FUNCTIONS_FIELD": "functions",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population",
        "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id", "NETWORK": uri("streets"),
        "ONE_STOP_FIELD": "is_one_stop", "AREA_FIELD": "area_m2",
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:", "FACILITIES_OUTPUT": "memory:",
    }
    return {**processing.run("lifecircle:facilitycoverage", params), "_params": params}


def test_functions_field_makes_a_centre(run_with_functions):
    units = {f["block_id"]: f for f in run_with_functions["UNITS_OUTPUT"].getFeatures()}
    out = {f["facility_id"]: f for f in run_with_functions["FACILITIES_OUTPUT"].getFeatures()}
    assert out["F0058"]["role"] == "centre" and out["F0058"]["hosts"] == "Q01;Q02;Q04;Q05;Q06;Q07"
    assert out["F0063"]["role"] == "centre candidate"
    with_centre = [u for u in units.values() if u["one_stop"]]
    assert len(with_centre) == 1 and with_centre[0]["centre_type"] == "基本型"
    lacking = [u for u in units.values() if value(u, "missing_fn") == "Q05 为老服务"]
    assert len(lacking) == 1 and not lacking[0]["one_stop"]


def test_link_distance_overrides_the_profile(run_with_functions):
    """LINK_DISTANCE just short of the walk of the N point that the profile's 1,000 m links (the sample's centre
    unit has one): the same walk (link_m), now not linked."""
    default = {f["facility_id"]: (f["role"], value(f, "link_m"))
               for f in run_with_functions["FACILITIES_OUTPUT"].getFeatures()}
    points = sorted(walk for role, walk in default.values() if role == "N linked")
    assert len(points) == 1
    link = points[0] - 1.0
    short = processing.run("lifecircle:facilitycoverage", {**run_with_functions["_params"], "LINK_DISTANCE": link})
    walks = {f["facility_id"]: (f["role"], value(f, "link_m")) for f in short["FACILITIES_OUTPUT"].getFeatures()}
    for fid, (role, walk) in walks.items():
        assert walk == default[fid][1]
        if role in ("N linked", "N unlinked"):
            assert (role == "N linked") == (walk is not None and walk <= link)
    n_linked = sum(u["n_linked"] for u in short["UNITS_OUTPUT"].getFeatures())
    assert n_linked == 0 and sum(u["n_unlinked"] for u in short["UNITS_OUTPUT"].getFeatures()) == sum(
        u["n_unlinked"] + u["n_linked"] for u in run_with_functions["UNITS_OUTPUT"].getFeatures())


@pytest.mark.parametrize("which", ["run", "run_with_functions"])
def test_presence_and_one_plus_n(which, reference, request):
    """'1+N' worked independently: a flagged facility of ≥ 800 m² is the centre when it and the facilities within
    30 m host every one-stop function; the block's other facilities of 50–200 m² are N points, linked within a
    1,000 m walk of the centre (networkx)."""
    from shapely import wkb

    run = request.getfixturevalue(which)
    fac = reference["fac"]
    functions = FUNCTIONS if which == "run_with_functions" else {}
    out = {f["facility_id"]: f for f in run["FACILITIES_OUTPUT"].getFeatures()}
    blocks = {f["block_id"]: wkb.loads(bytes(f.geometry().asWkb())) for f in run["UNITS_OUTPUT"].getFeatures()}
    xy = np.array([(p.x, p.y) for p in fac.geometry])
    centres_found = 0
    for block_id, unit in ((f["block_id"], f) for f in run["UNITS_OUTPUT"].getFeatures()):
        poly = blocks[block_id]
        in_block = np.array([poly.intersects(p) for p in fac.geometry])
        inside = fac[in_block]
        for code in ("Q01", "Q05", "M03"):
            assert unit[f"n_{code}"] == int((inside.category == code).sum())
        flagged = np.flatnonzero(in_block & (fac.is_one_stop == 1).to_numpy())
        parts = {i: np.flatnonzero(np.hypot(*(xy - xy[i]).T) <= 30) for i in flagged}
        hosted = {i: set(fac.category.iloc[parts[i]]) | {c.upper() for c in re.split(r"[;、 ]", functions.get(
            fac.facility_id.iloc[i], "")) if c} | ({"Q05"} if "为老服务" in functions.get(fac.facility_id.iloc[i], "")
                                                  else set()) for i in flagged}
        centre = [i for i in flagged if fac.area_m2.iloc[i] >= 800 and ONE_STOP <= hosted[i]]
        assert unit["one_stop"] == bool(centre), block_id
        if flagged.size and not centre:
            assert value(unit, "centre_note") is not None and value(unit, "centre_type") is None
        small = [k for k in np.flatnonzero(in_block) if k not in set().union(*map(set, parts.values()))
                 and 50 <= fac.area_m2.iloc[k] <= 200]
        assert unit["small_points"] == len(small) == unit["n_linked"] + unit["n_unlinked"], block_id
        if not centre:
            assert unit["n_linked"] == 0
            continue
        centres_found += 1
        g = netref.vertex_graph(reference["lines"])
        nodes = netref.add_point_sets(g, {"c": [tuple(xy[centre[0]])], "n": [tuple(xy[k]) for k in small]}, 150)
        walk = netref.nearest_source_distances(g, nodes["c"], nodes["n"])
        assert unit["n_linked"] == int((walk <= 1000).sum()), block_id
        for k, d in zip(small, walk):
            role = out[fac.facility_id.iloc[k]]["role"]
            assert role == ("N linked" if d <= 1000 else "N unlinked")
            if d <= 3000:  # (the walk is kept up to the search limit)
                assert out[fac.facility_id.iloc[k]]["link_m"] == pytest.approx(d, abs=0.06)
        assert out[fac.facility_id.iloc[centre[0]]]["role"] == "centre"
    assert run["UNIT_COUNT"] == 20
    assert centres_found == (1 if functions else 0)


def test_facility_population_served(run, reference):

    res = reference["res"]
    out = {f["facility_id"]: f for f in run["FACILITIES_OUTPUT"].getFeatures()}
    fac = reference["fac"]
    for _, row in fac[fac.category.isin(["Q05", "Q10", "M03"])].head(8).iterrows():
        pop = served(res, row.category)  # an elderly-care facility serves older residents
        g = netref.vertex_graph(reference["lines"])
        nodes = netref.add_point_sets(g, {"f": [(row.geometry.x, row.geometry.y)],
                                          "r": [(p.x, p.y) for p in res.geometry]}, 150)
        d = netref.nearest_source_distances(g, nodes["f"], nodes["r"], limit=THRESHOLDS[row.category])
        assert out[row.facility_id]["pop_within"] == pytest.approx(pop[d <= THRESHOLDS[row.category]].sum())
        assert out[row.facility_id]["lc_code"] == row.category


def test_the_reach_of_each_facility_is_searched_only_for_the_facilities_output(run, reference, monkeypatch):
    """Without FACILITIES_OUTPUT (and SERVICE_AREAS) no facility's own reach is searched, and the residents and
    units written are the same, value for value; with it, every Q10 facility's pop_within is networkx's (300 m)."""
    from lifecircle.lifecircle_plugin.core.network import Router

    searched = []
    distance_matrix = Router.distance_matrix

    def recorded(self, source_set, target_set, *args, **kwargs):
        searched.append((source_set, target_set))
        return distance_matrix(self, source_set, target_set, *args, **kwargs)

    monkeypatch.setattr(Router, "distance_matrix", recorded)
    lean = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population",
        "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id", "NETWORK": uri("streets"),
        "ONE_STOP_FIELD": "is_one_stop", "AREA_FIELD": "area_m2",
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"})
    assert ("fac", "res") not in searched  # (the '1+N' link walks, fac -> fac, are the units' own)
    assert "FACILITIES_OUTPUT" not in lean or lean["FACILITIES_OUTPUT"] is None

    def table(layer):
        return [(f.geometry().asWkt(1), [value(f, n) for n in layer.fields().names()]) for f in features(layer)]

    for name in ("RESIDENTS_OUTPUT", "UNITS_OUTPUT"):
        assert table(lean[name]) == table(run[name])
    assert lean["COVERAGE_BY_CATEGORY"] == run["COVERAGE_BY_CATEGORY"]
    # requested: each facility's residents within its threshold along the network (networkx, every Q10 facility)
    res, fac = reference["res"], reference["fac"]
    out = {f["facility_id"]: f for f in run["FACILITIES_OUTPUT"].getFeatures()}
    g = netref.vertex_graph(reference["lines"])
    q10 = fac[fac.category == "Q10"]
    nodes = netref.add_point_sets(g, {**{f"f{i}": [(p.x, p.y)] for i, p in enumerate(q10.geometry)},
                                      "r": [(p.x, p.y) for p in res.geometry]}, 150)
    pop = served(res, "Q10")
    for i, fid in enumerate(q10.facility_id):
        d = netref.nearest_source_distances(g, nodes[f"f{i}"], nodes["r"], limit=THRESHOLDS["Q10"])
        assert out[fid]["pop_within"] == pytest.approx(pop[d <= THRESHOLDS["Q10"]].sum())


def test_the_one_stop_flag_reads_the_common_yes_words(run_with_functions):
    """The one-stop flag as text ticks (√ / ✓ for yes, 否 / empty for no) marks the same centres as the sample's 1/0
    flags: the units' one_stop, centre_type and note, and the facilities' roles are the same."""
    from qgis.core import QgsFeature, QgsField
    from qgis.PyQt.QtCore import QVariant

    src = run_with_functions["_params"]["FACILITIES"]
    lyr = QgsVectorLayer(f"Point?crs={src.crs().authid()}", "facilities", "memory")
    lyr.dataProvider().addAttributes(list(src.fields()) + [QgsField("centre", QVariant.String)])
    lyr.updateFields()
    ticks, feats = ["√", "✓"], []
    for f in features(src):
        g = QgsFeature(lyr.fields())
        g.setGeometry(f.geometry())
        flagged = bool(value(f, "is_one_stop"))
        g.setAttributes(f.attributes() + [ticks[f.id() % 2] if flagged else ("否" if f.id() % 2 else None)])
        feats.append(g)
    lyr.dataProvider().addFeatures(feats)
    ticked = processing.run("lifecircle:facilitycoverage", {**run_with_functions["_params"], "FACILITIES": lyr,
                                                            "ONE_STOP_FIELD": "centre"})

    def units(r):
        return {f["block_id"]: (f["one_stop"], value(f, "centre_type"), value(f, "centre_note"))
                for f in r["UNITS_OUTPUT"].getFeatures()}

    def roles(r):
        return {f["facility_id"]: value(f, "role") for f in r["FACILITIES_OUTPUT"].getFeatures()}

    assert units(ticked) == units(run_with_functions) and roles(ticked) == roles(run_with_functions)
    assert sum(flag for flag, _, _ in units(run_with_functions).values()) == 1  # F0058's unit


def test_summary_outputs_and_service_areas(run, reference):
    shares = json.loads(run["COVERAGE_BY_CATEGORY"])
    for code in CODES:
        pop = served(reference["res"], code)
        expect = pop[reference["dist"][code] <= THRESHOLDS[code]].sum() / pop.sum()
        assert shares[code] == pytest.approx(expect, abs=1e-4)
    assert shares["M08"] == 0 and shares["M09"] == 0  # absent from the sample on purpose
    areas = {f["lc_code"]: f for f in run["SERVICE_AREAS"].getFeatures()}
    assert set(areas) == set(CODES) - {"M08", "M09"}
    # every resident within Q05's threshold lies within its service area (buffered reachable streets), and the
    # area is far smaller than the district for the short-threshold categories
    from shapely import wkb

    q05 = wkb.loads(bytes(areas["Q05"].geometry().asWkb()))
    res = reference["res"]
    near = reference["dist"]["Q05"] <= 500
    inside = np.array([q05.buffer(1).intersects(p) for p in res.geometry])
    # residents are within the snap tolerance of a reachable street, the area extends 50 m from it
    assert inside[near].mean() > 0.7
    assert run["UNIT_COUNT"] == 20


def _base(**over):
    params = {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population", "NETWORK": uri("streets"),
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:",
    }
    params.update(over)
    return params


def test_threshold_override_and_target(lc_provider):
    a = processing.run("lifecircle:facilitycoverage", _base(THRESHOLDS="Q05=1500", TARGET=50))
    b = processing.run("lifecircle:facilitycoverage", _base())
    sa, sb = json.loads(a["COVERAGE_BY_CATEGORY"]), json.loads(b["COVERAGE_BY_CATEGORY"])
    assert sa["Q05"] > sb["Q05"]
    assert sa["Q01"] == sb["Q01"]
    whole_a = next(iter(a["UNITS_OUTPUT"].getFeatures()))
    whole_b = next(iter(b["UNITS_OUTPUT"].getFeatures()))
    # without units the whole area is one unit; with a 50 % target more categories count as met
    assert whole_a["q_met"] >= whole_b["q_met"]
    assert whole_b["c_Q05"] == pytest.approx(100 * sb["Q05"], abs=0.051)


def memory_points(crs, rows, fields="population:string", name="residents"):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    lyr = QgsVectorLayer(f"Point?crs={crs}&field={fields}", name, "memory")
    feats = []
    for (x, y), value in rows:
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([value])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


@pytest.mark.parametrize("make, message", [
    (lambda: _base(CATEGORY_FIELD="kind"), "facilities.*no field 'kind'"),
    (lambda: _base(RESIDENTS=memory_points("EPSG:4549", [((633400, 3454000), "12"), ((633500, 3454000), None),
                                                         ((633600, 3454000), "many"), ((633700, 3454000), "-3")])),
     r"'residents', population field 'population': no value \(NULL\) in feature ids 2; a value that is not a "
     r"number in feature ids 3; a negative value in feature ids 4"),
    (lambda: _base(RESIDENTS=memory_points("EPSG:4549", [((700000, 3500000), "12")])),
     "No resident point lies within SNAP_TOLERANCE"),
    (lambda: _base(FACILITIES=memory_points("EPSG:4549", [((633400, 3454000), "restaurant")], "type:string", "pois"),
                   CATEGORY_FIELD="type"), "No facility belongs to a checklist category"),
    (lambda: _base(SOURCE_COORDINATES=1), "projected CRS.*GCJ02"),
    (lambda: _base(THRESHOLDS="Q05=abc"), "Q05"),
])
def test_bad_input_is_named_and_nothing_is_written(lc_provider, tmp_path, make, message):
    params = make()
    params["RESIDENTS_OUTPUT"] = str(tmp_path / "res.gpkg")
    params["UNITS_OUTPUT"] = str(tmp_path / "units.gpkg")
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:facilitycoverage", params)
    assert not list(tmp_path.iterdir())


def test_overlapping_units_are_named(lc_provider, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry

    units = QgsVectorLayer("Polygon?crs=EPSG:4549&field=name:string", "units", "memory")
    feats = []
    for name, wkt in (("甲", "POLYGON((632000 3452000, 634000 3452000, 634000 3456000, 632000 3456000, 632000 3452000))"),
                      ("乙", "POLYGON((633500 3452000, 636000 3452000, 636000 3456000, 633500 3456000, 633500 3452000))")):
        f = QgsFeature(units.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes([name])
        feats.append(f)
    units.dataProvider().addFeatures(feats)
    params = _base(UNITS=units, UNIT_ID_FIELD="name", RESIDENTS_OUTPUT=str(tmp_path / "r.gpkg"),
                   UNITS_OUTPUT=str(tmp_path / "u.gpkg"))
    with pytest.raises(QgsProcessingException, match=r"units overlap.*甲 and 乙 \(2,000,000 m²\)"):
        processing.run("lifecircle:facilitycoverage", params)
    assert not list(tmp_path.iterdir())


def test_gcj02_facilities_are_converted_on_the_way_in(lc_provider):
    """Facilities given in GCJ-02 lon/lat give the same distances as the same facilities in WGS 84."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    from lifecircle.lifecircle_plugin.core.coords import wgs84_to_gcj02

    src = QgsVectorLayer(uri("facilities"), "facilities", "ogr")
    to_wgs = QgsCoordinateTransform(src.crs(), QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    rows_wgs, rows_gcj = [], []
    for f in src.getFeatures():
        p = to_wgs.transform(f.geometry().asPoint())
        rows_wgs.append(((p.x(), p.y()), f["category"]))
        glon, glat = wgs84_to_gcj02(p.x(), p.y())
        rows_gcj.append(((float(glon), float(glat)), f["category"]))
    del src
    # the GCJ-02 offset in Shanghai is several hundred metres: without conversion the answer would differ
    wgs = processing.run("lifecircle:facilitycoverage", _base(
        FACILITIES=memory_points("EPSG:4326", rows_wgs, "category:string", "pois"), CATEGORY_FIELD="category"))
    gcj = processing.run("lifecircle:facilitycoverage", _base(
        FACILITIES=memory_points("EPSG:4326", rows_gcj, "category:string", "pois"), CATEGORY_FIELD="category",
        SOURCE_COORDINATES=1))
    raw = processing.run("lifecircle:facilitycoverage", _base(
        FACILITIES=memory_points("EPSG:4326", rows_gcj, "category:string", "pois"), CATEGORY_FIELD="category"))
    a = [value(f, "d_Q05") for f in features(wgs["RESIDENTS_OUTPUT"])]
    b = [value(f, "d_Q05") for f in features(gcj["RESIDENTS_OUTPUT"])]
    c = [value(f, "d_Q05") for f in features(raw["RESIDENTS_OUTPUT"])]
    assert all((x is None and y is None) or abs(x - y) <= 0.11 for x, y in zip(a, b))
    assert sum(1 for x, y in zip(a, c) if x != y) > len(a) / 2


def test_mapping_tables_and_unmapped_values_are_reported(lc_provider):
    rows = [((633400, 3454000), "amenity=kindergarten"), ((633500, 3454000), "090100"),
            ((633600, 3454000), "医疗保健服务;综合医院;三级甲等医院"), ((633700, 3454000), "restaurant"),
            ((633800, 3454000), "restaurant"), ((633900, 3454000), "q05")]
    pois = memory_points("EPSG:4549", rows, "type:string", "pois")
    feedback = RecordingFeedback()
    res = processing.run("lifecircle:facilitycoverage", _base(FACILITIES=pois, CATEGORY_FIELD="type",
                                                              FACILITIES_OUTPUT="memory:"), feedback=feedback)
    from lifecircle.lifecircle_plugin.core.checklist import load_mapping

    mapper = load_mapping("auto")
    out = {f["type"]: value(f, "lc_code") for f in res["FACILITIES_OUTPUT"].getFeatures()}
    for text, code in out.items():
        assert code == mapper.code_for(text)  # as the tables say
    assert out["amenity=kindergarten"] == "Q06" and out["q05"] == "Q05" and out["restaurant"] is None
    assert any("2 facilities have a 'type' value that maps to no checklist category" in e and "restaurant (2)" in e
               for e in feedback.errors)


def test_result_layers_load_with_the_bundled_styles(lc_provider):
    from qgis.core import QgsGraduatedSymbolRenderer, QgsProject

    project = QgsProject.instance()
    before = set(project.mapLayers())
    res = processing.runAndLoadResults("lifecircle:facilitycoverage", _base(
        UNITS=uri("blocks"), UNIT_ID_FIELD="name", RESIDENTS_OUTPUT="TEMPORARY_OUTPUT",
        UNITS_OUTPUT="TEMPORARY_OUTPUT"))
    new = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    try:
        units = [lyr for lyr in new if lyr.id() == res["UNITS_OUTPUT"]][0]
        renderer = units.renderer()
        assert isinstance(renderer, QgsGraduatedSymbolRenderer) and renderer.classAttribute() == "q_met"
        assert units.labelsEnabled()
        residents = [lyr for lyr in new if lyr.id() == res["RESIDENTS_OUTPUT"]][0]
        assert residents.renderer().classAttribute() == "n_q_met"
    finally:
        project.removeMapLayers([lyr.id() for lyr in new])


def test_invalid_geometries_under_stop_setting_are_named_and_the_session_survives(lc_provider, tmp_path):
    from qgis.core import QgsFeature, QgsFeatureRequest, QgsProcessingContext, QgsProject

    homes = QgsVectorLayer("Polygon?crs=EPSG:4549&field=population:integer", "homes", "memory")
    bowtie = QgsFeature(homes.fields())
    bowtie.setGeometry(QgsGeometry.fromWkt(
        "POLYGON((633400 3454000, 633500 3454100, 633500 3454000, 633400 3454100, 633400 3454000))"))
    bowtie.setAttributes([40])
    ok = QgsFeature(homes.fields())
    ok.setGeometry(QgsGeometry.fromWkt(
        "POLYGON((633600 3454000, 633700 3454000, 633700 3454100, 633600 3454100, 633600 3454000))"))
    ok.setAttributes([60])
    homes.dataProvider().addFeatures([bowtie, ok])
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryAbortOnInvalid)
    out = tmp_path / "r.gpkg"
    with pytest.raises(QgsProcessingException, match=r"'homes': 1 feature\(s\) with invalid geometry \(feature ids 1\)"):
        processing.run("lifecircle:facilitycoverage", _base(RESIDENTS=homes, RESIDENTS_OUTPUT=str(out)),
                       context=context)
    assert not out.exists()
    # the next run in the same session works (QGIS's own in-iterator abort would have left it corrupted)
    again = processing.run("lifecircle:facilitycoverage", _base())
    assert again["UNIT_COUNT"] == 1


def test_cancelled_before_the_start_writes_nothing(lc_provider, tmp_path):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    out = tmp_path / "r.gpkg"
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        processing.run("lifecircle:facilitycoverage", _base(RESIDENTS_OUTPUT=str(out)), feedback=feedback)
    assert not out.exists()


def test_units_of_a_type_are_judged_by_their_profile(lc_provider, reference):
    """Blocks of type 产业 judged by the national profile (为老服务 within 300 m instead of 500 m), the others by
    Shanghai's; c_Q05 worked from the networkx distances with each block's threshold."""
    feedback = RecordingFeedback()
    out = processing.run("lifecircle:facilitycoverage", _base(
        UNITS=uri("blocks"), UNIT_ID_FIELD="block_id", UNIT_TYPE_FIELD="block_type",
        UNIT_TYPE_PROFILES="产业=national; 乡村=national"), feedback=feedback)
    res = reference["res"]
    blocks = {f["block_id"]: f for f in out["UNITS_OUTPUT"].getFeatures()}
    kinds = {b: f["block_type"] for b, f in blocks.items()}
    assert sorted(f["profile"] for f in blocks.values()).count("national") == 2
    for block_id, unit in blocks.items():
        threshold = 300 if kinds[block_id] == "产业" else 500
        assert unit["profile"] == ("national" if kinds[block_id] == "产业" else "shanghai")
        in_block = (res.block_id == block_id).to_numpy()
        w = served(res, "Q05")[in_block]
        d = reference["dist"]["Q05"][in_block]
        if w.sum() > 0:
            assert unit["c_Q05"] == pytest.approx(100 * w[d <= threshold].sum() / w.sum(), abs=0.051), block_id
    assert any("no unit has type 乡村" in e for e in feedback.errors)
    assert any("产业 2" in i and "16" not in i for i in feedback.infos if "judged by their type" in i)


def test_profiles_by_unit_type_need_the_type_field(lc_provider):
    with pytest.raises(QgsProcessingException, match="UNIT_TYPE_FIELD"):
        processing.run("lifecircle:facilitycoverage", _base(UNITS=uri("blocks"), UNIT_TYPE_PROFILES="乡村=national"))
    with pytest.raises(QgsProcessingException, match="乡村national"):
        processing.run("lifecircle:facilitycoverage", _base(UNIT_TYPE_PROFILES="乡村national"))


def test_the_target_comes_from_the_profile_unless_set(lc_provider, tmp_path):
    import shutil

    feedback = RecordingFeedback()
    default = processing.run("lifecircle:facilitycoverage", _base(), feedback=feedback)
    whole = next(iter(default["UNITS_OUTPUT"].getFeatures()))
    assert whole["target_pct"] == 85.0
    assert any("85%, the profile's target for 2025 (its target_year)" in i for i in feedback.infos)
    # a copy of the Shanghai profile scoring against its 2035 target (99 %)
    standards = ROOT / "resources" / "standards"
    shutil.copy(standards / "shanghai.csv", tmp_path / "sh2035.csv")
    settings = (standards / "shanghai.settings.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "sh2035.settings.csv").write_text(settings.replace("target_year,2025", "target_year,2035"),
                                                  encoding="utf-8")
    feedback = RecordingFeedback()
    later = processing.run("lifecircle:facilitycoverage", _base(PROFILE_FILE=str(tmp_path / "sh2035.csv")),
                           feedback=feedback)
    whole_later = next(iter(later["UNITS_OUTPUT"].getFeatures()))
    assert whole_later["target_pct"] == 99.0
    assert any("99%, the profile's target for 2035" in i for i in feedback.infos)
    shares = json.loads(later["COVERAGE_BY_CATEGORY"])
    assert whole_later["q_met"] == sum(shares[c] >= 0.99 - 1e-12 for c in CODES if c.startswith("Q"))
    # TARGET set: it wins, and the log says so
    feedback = RecordingFeedback()
    set_ = processing.run("lifecircle:facilitycoverage", _base(PROFILE_FILE=str(tmp_path / "sh2035.csv"),
                                                               TARGET=50), feedback=feedback)
    assert next(iter(set_["UNITS_OUTPUT"].getFeatures()))["target_pct"] == 50.0
    assert any("50%, set by TARGET" in i for i in feedback.infos)
