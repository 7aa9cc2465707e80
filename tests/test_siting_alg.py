"""lifecircle:siting through processing.run on the sample district, checked against an independent computation
(networkx walking distances on a vertex-level graph, and an exhaustive search over every site set)."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsProcessingException, QgsVectorLayer

import bad_inputs_support as S
import netref
from served_ref import served

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
IDLE = "\"status\" IN ('idle','vacant')"


def uri(layer: str, subset: str = "") -> str:
    return f"{SAMPLE}|layername={layer}" + (f"|subset={subset}" if subset else "")


def base(**over):
    params = {
        "CANDIDATES": uri("parcels", IDLE), "CANDIDATE_ID_FIELD": "parcel_id",
        "DEMAND": uri("residents"), "POPULATION_FIELD": "population", "DEMAND_ID_FIELD": "resident_id",
        "EXISTING": uri("facilities"), "EXISTING_CATEGORY_FIELD": "category", "CATEGORY": "Q05",
        "NETWORK": uri("streets"), "MODEL": 0, "P": 3, "SITES": "memory:", "ALLOCATION": "memory:",
    }
    params.update(over)
    return {k: v for k, v in params.items() if v is not None}


def sites_of(result) -> list:
    return sorted(result["SITES"].getFeatures(), key=lambda f: f["lc_rank"])


def candidate_points():
    """The candidates' point on surface (as QGIS computes it, like every LifeCircle algorithm)."""
    lyr = QgsVectorLayer(uri("parcels", IDLE), "parcels", "ogr")
    out = [(f["parcel_id"], f.geometry().pointOnSurface().asPoint()) for f in lyr.getFeatures()]
    del lyr
    return [pid for pid, _ in out], [(p.x(), p.y()) for _, p in out]


@pytest.fixture(scope="module")
def reference():
    """Walking distances by networkx (an independent reference): every candidate's reach within 500 m, and the
    Q05 facilities' coverage."""
    import geopandas as gpd

    streets = gpd.read_file(SAMPLE, layer="streets")
    res = gpd.read_file(SAMPLE, layer="residents")
    fac = gpd.read_file(SAMPLE, layer="facilities")
    q05 = fac[fac.category == "Q05"]
    lines = [np.asarray(g.coords) for g, h in zip(streets.geometry, streets.highway) if h != "trunk"]
    ids, cand_xy = candidate_points()
    g = netref.vertex_graph(lines)
    nodes = netref.add_point_sets(g, {"r": [(p.x, p.y) for p in res.geometry], "c": cand_xy,
                                      "e": [(p.x, p.y) for p in q05.geometry]}, 150)
    existing = netref.nearest_source_distances(g, nodes["e"], nodes["r"], limit=500)
    reach = np.array([netref.nearest_source_distances(g, [c], nodes["r"], limit=500) for c in nodes["c"]]).T
    # demand for elderly care: the residents aged 60+ (the sample's residents carry the group)
    return {"ids": ids, "pop": served(res, "Q05"), "res_ids": list(res.resident_id),
            "already": existing <= 500, "cover": reach <= 500, "dist": reach, "cand_xy": cand_xy}


@pytest.fixture(scope="module")
def mclp(lc_provider_module):
    return processing.run("lifecircle:siting", base())


def test_sample_mclp_marginal_coverage_matches_networkx(mclp, reference):
    pop, already, cover, ids = reference["pop"], reference["already"], reference["cover"], reference["ids"]
    sites = sites_of(mclp)
    assert [f["lc_rank"] for f in sites] == [1, 2, 3]
    covered = already.copy()
    total = pop.sum()
    assert mclp["COVERAGE_BEFORE"] == pytest.approx(100 * pop[already].sum() / total, abs=1e-3)
    for f in sites:
        j = ids.index(f["parcel_id"])
        assert f["lc_site_id"] == f["parcel_id"] and f["status"] in ("idle", "vacant")  # attributes kept
        new = pop[cover[:, j] & ~covered].sum()
        covered |= cover[:, j]
        assert f["new_pop"] == pytest.approx(new)
        assert f["cum_pop"] == pytest.approx(pop[covered].sum())
        assert f["reach_pop"] == pytest.approx(pop[cover[:, j]].sum())
        assert f["lc_code"] == "Q05"
        reason = "第{}推荐：500 m 步行范围内新增覆盖 {:,.0f} 名缺少为老服务的居民，累计覆盖率 {:.1f}%"
        assert f["lc_reason"] == reason.format(f["lc_rank"], new, 100 * pop[covered].sum() / total)
    # ranked by what each adds given the ones before
    assert sites[0]["new_pop"] >= sites[1]["new_pop"] >= sites[2]["new_pop"]
    assert mclp["COVERAGE_AFTER"] == pytest.approx(100 * pop[covered].sum() / total, abs=1e-3)
    assert mclp["OBJECTIVE"] == pytest.approx(pop[covered].sum())


def test_sample_mclp_is_the_optimum_of_every_three_site_set(mclp, reference):
    pop, already, cover = reference["pop"], reference["already"], reference["cover"]
    gain = cover & ~already[:, None]
    best = 0.0
    for comb in itertools.combinations(range(cover.shape[1]), 3):
        best = max(best, pop[gain[:, list(comb)].any(axis=1)].sum())
    assert mclp["OBJECTIVE"] == pytest.approx(pop[already].sum() + best)
    assert mclp["OPTIMALITY_GAP"] == 0 and mclp["SOLVER_USED"] == "exact (HiGHS)"
    summary = json.loads(mclp["SUMMARY"])
    assert summary["proven_optimal"] and summary["category"] == "Q05" and summary["threshold_m"] == 500


def test_sample_allocation_lines(mclp, reference):
    ids, cover, already, pop = reference["ids"], reference["cover"], reference["already"], reference["pop"]
    chosen = [ids.index(f["parcel_id"]) for f in sites_of(mclp)]
    lines = list(mclp["ALLOCATION"].getFeatures())
    within = cover[:, chosen].any(axis=1)
    assert len(lines) == int(within.sum())
    res_ids = reference["res_ids"]
    for line in lines:
        i = res_ids.index(line["demand_id"])
        j = ids.index(line["site_id"])
        # to the nearest chosen site covering it
        d = reference["dist"][i, chosen]
        assert j == chosen[int(np.argmin(d))]
        assert line["distance_m"] == pytest.approx(d.min(), abs=0.06)
        assert line["newly_cov"] == (not already[i]) and line["site_kind"] == "new"
        assert line["population"] == pop[i]
        assert line.geometry().length() > 0


def test_existing_facilities_change_the_answer(lc_provider, mclp):
    without = processing.run("lifecircle:siting", base(EXISTING=None, EXISTING_CATEGORY_FIELD=None))
    a = [f["parcel_id"] for f in sites_of(mclp)]
    b = [f["parcel_id"] for f in sites_of(without)]
    assert a != b
    assert without["COVERAGE_BEFORE"] == 0
    # without existing facilities, the first site's marginal is everything it reaches
    first = sites_of(without)[0]
    assert first["new_pop"] == first["reach_pop"] > sites_of(mclp)[0]["new_pop"]


def test_point_candidates_give_the_same_answer_as_their_polygons(lc_provider, mclp):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    ids, xy = candidate_points()
    points = QgsVectorLayer("Point?crs=EPSG:4549&field=parcel_id:string", "candidate points", "memory")
    feats = []
    for pid, (x, y) in zip(ids, xy):
        f = QgsFeature(points.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([pid])
        feats.append(f)
    points.dataProvider().addFeatures(feats)
    res = processing.run("lifecircle:siting", base(CANDIDATES=points))
    assert [(f["parcel_id"], f["new_pop"]) for f in sites_of(res)] == \
        [(f["parcel_id"], f["new_pop"]) for f in sites_of(mclp)]
    assert res["SITES"].geometryType() == 0  # points in, points out


def test_greedy_and_lscp_and_pmedian_on_the_sample(lc_provider, mclp, reference):
    greedy = processing.run("lifecircle:siting", base(SOLVER=2))
    assert greedy["OBJECTIVE"] <= mclp["OBJECTIVE"]
    assert greedy["SOLVER_USED"].startswith("greedy") and greedy["OPTIMALITY_GAP"] >= 0
    lscp = processing.run("lifecircle:siting", base(MODEL=1, TARGET=80))
    pop = reference["pop"]
    assert lscp["COVERAGE_AFTER"] >= 80 - 1e-9
    # fewest: no smaller set reaches 80 % (the LSCP's count k; check k-1 by the best k-1 coverage)
    k = int(lscp["SITE_COUNT"])
    gain = reference["cover"] & ~reference["already"][:, None]
    assert k >= 2
    need = 0.8 * pop.sum() - pop[reference["already"]].sum()
    # greedy upper bound on what k-1 sites could add: a valid bound, so if it falls short, k-1 is impossible
    best_single = np.sort(np.array([pop[gain[:, j]].sum() for j in range(gain.shape[1])]))[::-1]
    if best_single[:k - 1].sum() >= need and k - 1 <= 3:
        best = max(pop[gain[:, list(c)].any(axis=1)].sum() for c in itertools.combinations(range(gain.shape[1]),
                                                                                           k - 1))
        assert best < need
    pmed = processing.run("lifecircle:siting", base(MODEL=2, MAX_DISTANCE=1500))
    assert pmed["SITE_COUNT"] == 3 and pmed["OPTIMALITY_GAP"] == 0
    lines = list(pmed["ALLOCATION"].getFeatures())
    assert {f["site_kind"] for f in lines} == {"new", "existing"}  # existing facilities stay open
    for site in sites_of(pmed):
        mine = [f for f in lines if f["site_id"] == site["parcel_id"]]
        w = np.array([f["population"] for f in mine])
        d = np.array([f["distance_m"] for f in mine])
        assert site["assign_pop"] == pytest.approx(w.sum())
        assert site["mean_dist"] == pytest.approx((w * d).sum() / w.sum(), abs=0.06)
        reason = "第{}推荐：为老服务就近服务 {:,.0f} 人".format(site["lc_rank"], w.sum())
        assert site["lc_reason"].startswith(reason)


def write_engine_matrix(path: Path, limit: float):
    """The cost matrix made by the network engine directly (not through the algorithm), as CSV."""
    import geopandas as gpd
    from shapely.geometry import LineString

    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

    streets = gpd.read_file(SAMPLE, layer="streets")
    res = gpd.read_file(SAMPLE, layer="residents")
    fac = gpd.read_file(SAMPLE, layer="facilities")
    q05 = fac[fac.category == "Q05"]
    net = build_network([LineString(g.coords) for g in streets.geometry],
                        NetworkOptions(excluded_classes=["motorway", "motorway_link", "trunk", "trunk_link"]),
                        classes=list(streets.highway))
    ids, cand_xy = candidate_points()
    router = net.router({"r": net.snap(np.array([(p.x, p.y) for p in res.geometry]), 150),
                         "c": net.snap(np.array(cand_xy), 150),
                         "e": net.snap(np.array([(p.x, p.y) for p in q05.geometry]), 150)})
    rows = []
    for src, names in (("c", ids), ("e", list(q05.facility_id))):
        m = router.distance_matrix(src, "r", limit=limit).tocoo()
        rows += [(res.resident_id.iloc[r], names[c], f"{v:.6f}") for c, r, v in zip(m.row, m.col, m.data)]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["origin_id", "destination_id", "cost"])
        w.writerows(rows)
    return len(rows)


@pytest.mark.parametrize("model, limit, extra", [(0, 500, {}), (2, 1500, {"MAX_DISTANCE": 1500})],
                         ids=["mclp", "pmedian"])
def test_cost_matrix_run_agrees_with_network_run(lc_provider, tmp_path, model, limit, extra):
    csv_path = tmp_path / "od.csv"
    assert write_engine_matrix(csv_path, limit) > 100
    net = processing.run("lifecircle:siting", base(MODEL=model, EXISTING_ID_FIELD="facility_id", **extra))
    table = processing.run("lifecircle:siting", base(
        MODEL=model, NETWORK=None, COST_MATRIX=str(csv_path), EXISTING_ID_FIELD="facility_id", **extra))
    a, b = sites_of(net), sites_of(table)
    assert [f["parcel_id"] for f in a] == [f["parcel_id"] for f in b]
    for fa, fb in zip(a, b):
        assert fa["new_pop"] == pytest.approx(fb["new_pop"])
        assert fa["assign_pop"] == pytest.approx(fb["assign_pop"])
    assert table["OBJECTIVE"] == pytest.approx(net["OBJECTIVE"], rel=1e-9)
    assert table["COVERAGE_BEFORE"] == pytest.approx(net["COVERAGE_BEFORE"])
    la = sorted((f["demand_id"], f["site_id"], round(f["distance_m"], 1)) for f in net["ALLOCATION"].getFeatures())
    lb = sorted((f["demand_id"], f["site_id"], round(f["distance_m"], 1)) for f in table["ALLOCATION"].getFeatures())
    assert la == lb


def write_csv(path: Path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["origin_id", "destination_id", "cost"])
        w.writerows(rows)
    return str(path)


def off_network_candidates():
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY

    lyr = QgsVectorLayer("Point?crs=EPSG:4549&field=parcel_id:string", "cands", "memory")
    feats = []
    for pid, (x, y) in (("near", (633400, 3454000)), ("far", (700000, 3500000))):
        f = QgsFeature(lyr.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        f.setAttributes([pid])
        feats.append(f)
    lyr.dataProvider().addFeatures(feats)
    return lyr


@pytest.mark.parametrize("make, message", [
    (lambda d: base(CANDIDATES=off_network_candidates(), P=1),
     r"1 candidate site\(s\) lie farther than the snap tolerance \(150 m\).*feature ids 2"),
    (lambda d: base(NETWORK=None, COST_MATRIX=write_csv(d / "bad_ids.csv", [
        ("R0001", "P0003", 120), ("R9999", "P0003", 80), ("R0002", "NOPE", 10)])),
     r"rows 2 \('R9999'\).* 3 \('NOPE'\)"),
    (lambda d: base(NETWORK=None, COST_MATRIX=write_csv(d / "neg.csv", [
        ("R0001", "P0003", 120), ("R0002", "P0003", -5), ("R0002", "P0003", 7)])),
     r"negative cost: rows 2 \(-5\)"),
    (lambda d: base(P=100), r"P = 100 new sites, but there are only 48 candidate sites"),
    (lambda d: base(THRESHOLD=1), "No resident with population is within 1 m of any candidate site"),
    (lambda d: base(MODEL=1, TARGET=100), r"target of 100.0% cannot be reached: even with every candidate site"),
    (lambda d: base(COST_MATRIX=write_csv(d / "x.csv", [("R0001", "P0003", 1)])), "either a walking NETWORK or"),
    (lambda d: base(CATEGORY=None, EXISTING_CATEGORY_FIELD=None), "Give a THRESHOLD in metres or a CATEGORY"),
    (lambda d: base(CATEGORY="Q99"), "Unknown checklist code 'Q99'"),
])
def test_bad_input_is_named_and_nothing_is_written(lc_provider, tmp_path, make, message):
    inputs = tmp_path / "in"
    inputs.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    params = make(inputs)
    params["SITES"] = str(out / "sites.gpkg")
    params["ALLOCATION"] = str(out / "allocation.gpkg")
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:siting", params)
    assert not list(out.iterdir())


def test_result_layers_load_with_the_bundled_styles(lc_provider):
    from qgis.core import QgsProject

    project = QgsProject.instance()
    before = set(project.mapLayers())
    res = processing.runAndLoadResults("lifecircle:siting", base(SITES="TEMPORARY_OUTPUT",
                                                                 ALLOCATION="TEMPORARY_OUTPUT"))
    new = [project.mapLayer(i) for i in set(project.mapLayers()) - before]
    try:
        sites = [lyr for lyr in new if lyr.id() == res["SITES"]][0]
        assert sites.renderer().classAttribute() == "new_pop" and sites.labelsEnabled()
        alloc = [lyr for lyr in new if lyr.id() == res["ALLOCATION"]][0]
        assert alloc.renderer().classAttribute() == "site_kind"
    finally:
        project.removeMapLayers([lyr.id() for lyr in new])


def test_sites_without_an_id_field_are_named_by_what_they_are(lc_provider):
    """No CANDIDATE_ID_FIELD: the parcels' own parcel_id names the sites (not '#1 48'); a layer with no such field
    names them by layer and feature id."""
    p = {k: v for k, v in base().items() if k != "CANDIDATE_ID_FIELD"}
    fb = S.recording_feedback()
    res = S.run("lifecircle:siting", {**p, "SITES": "memory:"}, feedback=fb)
    sites = list(res["SITES"].getFeatures())
    assert sites and all(f["lc_site_id"] == f["parcel_id"] for f in sites)
    assert all(f"#{f['lc_rank']} {f['parcel_id']}:" in fb.text() for f in sites)
    src = QgsVectorLayer(S.sample_uri("parcels"), "p", "ogr")
    bare = S.memory_layer("Polygon", [("用途", "string")],
                          [(f.geometry(), f["land_use"]) for f in src.getFeatures()], name="候选地块")
    del src
    res = S.run("lifecircle:siting", {**p, "CANDIDATES": bare, "SITES": "memory:"})
    names = [f["lc_site_id"] for f in res["SITES"].getFeatures()]
    assert names and all(n.startswith("候选地块 要素 ") for n in names)
