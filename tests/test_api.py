"""lifecircle.api (GeoDataFrames in and out, no QGIS) against the Processing algorithms on the sample district:
each api function and its algorithm get the same data (read with geopandas / opened by QGIS) and must give the
same numbers, field by field and feature by feature; the CRS rule (a frame in EPSG:4326 measures the same as
in the local metric CRS; a frame without a CRS is refused) is checked on its own."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from qgis import processing

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "sample_district.gpkg"
IDLE = "\"status\" IN ('idle','vacant')"


def uri(layer: str, subset: str = "") -> str:
    return f"{SAMPLE}|layername={layer}" + (f"|subset={subset}" if subset else "")


@pytest.fixture(scope="module")
def api():
    import lifecircle.api as api

    return api


@pytest.fixture(scope="module")
def sample():
    import geopandas as gpd

    names = ("streets", "residents", "facilities", "blocks", "subdistricts", "barriers", "parcels", "buildings")
    return {n: gpd.read_file(SAMPLE, layer=n) for n in names}


def rows_of(layer) -> list:
    """Every feature of a QGIS layer as {field: plain value}, in feature order."""
    from qgis.PyQt.QtCore import QVariant

    names = layer.fields().names()
    out = []
    for f in sorted(layer.getFeatures(), key=lambda f: f.id()):
        row = {}
        for n in names:
            v = f[n]
            row[n] = None if v is None or (isinstance(v, QVariant) and v.isNull()) else v
        out.append(row)
    return out


def plain(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return v.item() if isinstance(v, np.generic) else v


def same(a, b) -> bool:
    a, b = plain(a), plain(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-6
    return a == b


def assert_same_table(qgis_rows: list, frame, fields: list) -> None:
    """The frame's ``fields`` hold the algorithm's values, row by row."""
    assert len(frame) == len(qgis_rows), (len(frame), len(qgis_rows))
    records = frame.drop(columns=frame.geometry.name).to_dict("records")
    bad = [(i, f, q[f], records[i][f]) for i, q in enumerate(qgis_rows) for f in fields
           if not same(q[f], records[i][f])]
    assert not bad, bad[:10]


def new_fields(layer, input_fields) -> list:
    """The fields an algorithm adds to its input's."""
    return [n for n in layer.fields().names() if n not in set(input_fields) | {"fid"}]


# ------------------------------------------------------------------------------------------------------------


def test_walking_network_matches_prepare_network(lc_provider_module, api, sample):
    out = processing.run("lifecircle:preparenetwork", {"INPUT": uri("streets"), "OUTPUT": "memory:",
                                                       "NODES": "memory:"})
    net = api.walking_network(sample["streets"])
    edges = api.network_edges(net)
    q = rows_of(out["OUTPUT"])
    assert len(q) == len(edges) == out["EDGE_COUNT"] == 702 and net.n_nodes == out["NODE_COUNT"]
    assert_same_table(q, edges, ["edge_id", "from_node", "to_node", "component", "road_class"])
    assert np.allclose([r["length_m"] for r in q], edges.length_m.astype(float), atol=0.005)  # (written 2 decimals)
    # the source street of each edge: QGIS's feature id is the frame's row + 1 in the GeoPackage
    assert [r["source_fid"] for r in q] == [s + 1 for s in edges.source]
    # and the edge geometry is the street's: the edges' total length is the network's, in metres
    assert edges.geometry.length.sum() == pytest.approx(out["TOTAL_LENGTH"], rel=1e-9)
    assert edges.crs.to_epsg() == 4549 and "trunk" not in set(edges.road_class)
    # a frame indexed by its own ids: each edge names its street by that id
    by_id = api.network_edges(api.walking_network(sample["streets"].set_index("street_id")))
    assert by_id.source.tolist() == [sample["streets"].street_id.iloc[r["source_fid"] - 1] for r in q]


@pytest.fixture(scope="module")
def coverage(lc_provider_module, api, sample):
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population",
        "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id", "NETWORK": uri("streets"),
        "ONE_STOP_FIELD": "is_one_stop", "AREA_FIELD": "area_m2",
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:", "FACILITIES_OUTPUT": "memory:",
        "SERVICE_AREAS": "memory:"})
    a = api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"], units=sample["blocks"],
                              unit_id_field="block_id", one_stop_field="is_one_stop", area_field="area_m2",
                              service_areas=True)
    return q, a


def test_facility_coverage_matches_the_algorithm(coverage, sample):
    q, a = coverage
    for key, name in (("RESIDENTS_OUTPUT", "residents"), ("UNITS_OUTPUT", "blocks"),
                      ("FACILITIES_OUTPUT", "facilities")):
        fields = new_fields(q[key], sample[name].columns)
        assert len(fields) >= 10
        assert_same_table(rows_of(q[key]), a[{"blocks": "units"}.get(name, name)], fields)
    assert "population_2" in a["units"].columns  # (the unit's population beside the blocks' own, as QGIS names it)
    import json

    assert a["coverage_by_category"] == json.loads(q["COVERAGE_BY_CATEGORY"])
    assert a["units_meeting_target"] == q["UNITS_MEETING_TARGET"]
    areas = q["SERVICE_AREAS"]
    assert_same_table(rows_of(areas), a["service_areas"], areas.fields().names())
    qgis_area = [f.geometry().area() for f in sorted(areas.getFeatures(), key=lambda f: f.id())]
    assert np.allclose(a["service_areas"].geometry.area, qgis_area, rtol=1e-9) and len(qgis_area) >= 15
    # the polygon's own area is the area_km2 written (the sample's CRS is its working CRS)
    assert np.allclose(a["service_areas"].geometry.area / 1e6, a["service_areas"].area_km2, atol=5e-5)
    # a hand check on one number: a resident's d_Q01 is a walk, at least the straight line to the nearest Q01
    res, fac = a["residents"], sample["facilities"]
    q01 = fac[fac.category == "Q01"].geometry
    d = res["d_Q01"].astype(float).to_numpy()
    straight = np.array([q01.distance(p).min() for p in res.geometry])
    ok = np.isfinite(d)
    assert ok.sum() > 400 and (d[ok] + 0.05 >= straight[ok]).all()


def test_whole_area_without_units(lc_provider_module, api, sample):
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("residents"),
        "POPULATION_FIELD": "population", "NETWORK": uri("streets"), "THRESHOLDS": "Q05=300",
        "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"})
    a = api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"], thresholds={"Q05": 300})
    fields = q["UNITS_OUTPUT"].fields().names()
    assert_same_table(rows_of(q["UNITS_OUTPUT"]), a["units"], fields)
    assert a["units"].unit_id.tolist() == ["whole area"]
    assert a["units"].geometry.iloc[0].area == pytest.approx(sample["residents"].unary_union.convex_hull.area)


def test_one_stop_flags_read_as_the_algorithm_reads_them(lc_provider_module, api, sample, tmp_path):
    """The one-stop flag written as planners write it (是, TRUE, 一站式 / 否, 0, empty): the same centres."""
    fac = sample["facilities"].copy()
    yes, no = ["是", "TRUE", "一站式"], ["否", "0", ""]
    fac["is_one_stop"] = [yes[i % 3] if v == 1 else no[i % 3] for i, v in enumerate(sample["facilities"].is_one_stop)]
    fac.to_file(tmp_path / "fac.gpkg", layer="facilities", driver="GPKG")
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": f"{tmp_path / 'fac.gpkg'}|layername=facilities", "CATEGORY_FIELD": "category",
        "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population", "NETWORK": uri("streets"),
        "UNITS": uri("blocks"), "UNIT_ID_FIELD": "block_id", "ONE_STOP_FIELD": "is_one_stop",
        "AREA_FIELD": "area_m2", "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"})
    a = api.facility_coverage(sample["residents"], fac, sample["streets"], units=sample["blocks"],
                              unit_id_field="block_id", one_stop_field="is_one_stop", area_field="area_m2")
    assert_same_table(rows_of(q["UNITS_OUTPUT"]), a["units"], new_fields(q["UNITS_OUTPUT"], sample["blocks"].columns))
    # the same as the sample's own 1/0 flags
    ones = api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"], units=sample["blocks"],
                                 unit_id_field="block_id", one_stop_field="is_one_stop", area_field="area_m2")
    assert a["units"].centre_note.tolist() == ones["units"].centre_note.tolist()
    assert a["units"].centre_note.ne("无标记的一站式中心").sum() == 3  # (three flagged centres, three units)


def test_units_judged_by_their_types_profile(lc_provider_module, api, sample):
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("residents"),
        "POPULATION_FIELD": "population", "NETWORK": uri("streets"), "UNITS": uri("blocks"),
        "UNIT_ID_FIELD": "block_id", "UNIT_TYPE_FIELD": "block_type", "UNIT_TYPE_PROFILES": "产业=national",
        "THRESHOLDS": "Q05=400", "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:"})
    a = api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"], units=sample["blocks"],
                              unit_id_field="block_id", unit_type_field="block_type",
                              unit_type_profiles={"产业": "national"}, thresholds="Q05=400")
    assert_same_table(rows_of(q["UNITS_OUTPUT"]), a["units"], new_fields(q["UNITS_OUTPUT"], sample["blocks"].columns))
    units = a["units"]
    industrial = units.block_type == "产业"
    assert industrial.any() and (~industrial).any()
    assert set(units[industrial].profile) == {"national"} and set(units[~industrial].profile) == {"shanghai"}
    with pytest.raises(api.LifeCircleError, match="need the units and their unit type field"):
        api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"],
                              unit_type_profiles="产业=national")


def test_polygons_stand_for_their_point_on_surface(lc_provider_module, api, sample):
    """Residents given as polygons (the blocks, with their population) are measured from the same point as QGIS's
    point on surface: the same distances to the 0.1 m."""
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": uri("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": uri("blocks"),
        "POPULATION_FIELD": "population", "NETWORK": uri("streets"), "RESIDENTS_OUTPUT": "memory:",
        "UNITS_OUTPUT": "memory:"})
    a = api.facility_coverage(sample["blocks"], sample["facilities"], sample["streets"])
    fields = new_fields(q["RESIDENTS_OUTPUT"], sample["blocks"].columns)
    assert "d_Q05" in fields and len(a["residents"]) == 20
    assert_same_table(rows_of(q["RESIDENTS_OUTPUT"]), a["residents"], fields)
    assert a["residents"].geom_type.eq("Polygon").all()  # (the residents' own geometry comes back)


def test_gcj02_facilities_are_converted_as_in_the_algorithm(lc_provider_module, api, sample, tmp_path):
    """AMap-style facilities (GCJ-02 lon/lat): the same conversion, distances and moved points as the algorithm."""
    from lifecircle.lifecircle_plugin.core.coords import convert_coordinates

    wgs = sample["facilities"].to_crs("EPSG:4326")
    # the sample's facilities as AMap would give them: shifted into GCJ-02 (the core's forward formula)
    gcj = convert_coordinates(wgs.geometry.x.to_numpy(), wgs.geometry.y.to_numpy(), "WGS84", "GCJ02")
    amap = wgs.set_geometry(api.gpd.points_from_xy(gcj.lon, gcj.lat), crs="EPSG:4326")
    assert amap.to_crs(4549).distance(sample["facilities"].geometry).min() > 100  # (hundreds of metres off)
    amap.to_file(tmp_path / "amap.gpkg", layer="facilities", driver="GPKG")
    q = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": f"{tmp_path / 'amap.gpkg'}|layername=facilities", "CATEGORY_FIELD": "category",
        "SOURCE_COORDINATES": 1, "RESIDENTS": uri("residents"), "POPULATION_FIELD": "population",
        "NETWORK": uri("streets"), "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:",
        "FACILITIES_OUTPUT": "memory:"})
    a = api.facility_coverage(sample["residents"], amap, sample["streets"], source_coordinates="GCJ02")
    fields = new_fields(q["RESIDENTS_OUTPUT"], sample["residents"].columns)
    assert_same_table(rows_of(q["RESIDENTS_OUTPUT"]), a["residents"], fields)
    moved = [f.geometry().asPoint() for f in sorted(q["FACILITIES_OUTPUT"].getFeatures(), key=lambda f: f.id())]
    got = a["facilities"].geometry
    assert np.abs(np.array([(p.x(), p.y()) for p in moved]) - np.c_[got.x, got.y]).max() < 1e-9
    # back where the sample has them: within a metre of the true WGS 84 points (the inverse is iterative)
    assert got.to_crs(4549).distance(sample["facilities"].geometry).max() < 1.0
    with pytest.raises(api.LifeCircleError, match="a projected CRS"):
        api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"], source_coordinates="GCJ02")


def test_delineate_units_matches_the_algorithm(lc_provider_module, api, sample):
    q = processing.run("lifecircle:delineateunits", {
        "BLOCKS": uri("blocks"), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
        "BLOCK_TYPE_FIELD": "block_type", "ADMIN": uri("subdistricts"), "ADMIN_NAME_FIELD": "name",
        "BARRIERS": uri("barriers"), "NETWORK": uri("streets"), "PRESET": 3, "POP_MIN": 15000, "POP_MAX": 35000,
        "MAX_WALK": 1500, "UNITS": "memory:", "BLOCKS_OUTPUT": "memory:", "CENTRES": "memory:"})
    a = api.delineate_units(sample["blocks"], sample["streets"], block_id_field="block_id",
                            block_type_field="block_type", subdistricts=sample["subdistricts"],
                            subdistrict_name_field="name", barriers=sample["barriers"], preset="own", pop_min=15000,
                            pop_max=35000, max_walk=1500)
    units = rows_of(q["UNITS"])
    assert_same_table(units, a["units"], q["UNITS"].fields().names())
    assert_same_table(rows_of(q["BLOCKS_OUTPUT"]), a["blocks"], new_fields(q["BLOCKS_OUTPUT"],
                                                                           sample["blocks"].columns))
    assert_same_table(rows_of(q["CENTRES"]), a["centres"], q["CENTRES"].fields().names())
    # independent: each unit's population is the sum of its blocks', and the areas are the blocks' areas
    blocks = a["blocks"]
    for _, u in a["units"].iterrows():
        members = blocks[blocks.unit_id == u.unit_id]
        assert u.population == members.population.sum() and u.n_blocks == len(members)
        assert u.geometry.area == pytest.approx(members.geometry.area.sum(), rel=1e-6)
    assert len(units) >= 4


def test_potential_space_matches_the_algorithm(coverage, api, sample):
    q_cov, a_cov = coverage
    q = processing.run("lifecircle:potentialspace", {
        "PARCELS": uri("parcels"), "ZONES": uri("blocks"), "ZONE_TYPE_FIELD": "block_type",
        "NETWORK": uri("streets"), "BARRIERS": uri("barriers"), "COVERAGE": q_cov["RESIDENTS_OUTPUT"],
        "OUTPUT": "memory:"})
    a = api.potential_space(sample["parcels"], sample["streets"], zones=sample["blocks"],
                            zone_type_field="block_type", barriers=sample["barriers"], coverage=a_cov["residents"])
    # (written best first: compared in that order)
    assert_same_table(rows_of(q["OUTPUT"]), a, ["parcel_id"] + new_fields(q["OUTPUT"], sample["parcels"].columns))
    assert q["POTENTIAL_COUNT"] == int(a["rank"].notna().sum()) > 10
    assert a["rank"].tolist()[:5] == [1, 2, 3, 4, 5]
    # the areas of the parcels written whole are their own (clipped ones shrink)
    whole = a[a.clipped_m2.fillna(0).astype(float) == 0]
    assert np.allclose(whole.geometry.area, whole.area_used.astype(float), rtol=1e-3)


def test_potential_space_with_a_clipping_constraint_matches_the_algorithm(lc_provider_module, api, sample,
                                                                          tmp_path):
    """A protected area cut out of the parcels, zones from a parcel field, own weights, every parcel kept."""
    import geopandas as gpd

    centre = sample["parcels"].geometry.unary_union.centroid
    river = gpd.GeoDataFrame({"name": ["历史风貌保护区"]}, geometry=[centre.buffer(400)], crs=sample["parcels"].crs)
    river.to_file(tmp_path / "protected.gpkg", layer="protected", driver="GPKG")
    q = processing.run("lifecircle:potentialspace", {
        "PARCELS": uri("parcels"), "ZONE_FIELD": "block_id", "NETWORK": uri("streets"),
        "CONSTRAINTS": f"{tmp_path / 'protected.gpkg'}|layername=protected", "CONSTRAINT_MODE": 1,
        "CONSTRAINT_NAME_FIELD": "name", "WEIGHTS": "need=50, area=10", "KEEP_ALL": True, "OUTPUT": "memory:"})
    a = api.potential_space(sample["parcels"], sample["streets"], zone_field="block_id", constraints=river,
                            constraint_mode="clip", constraint_name_field="name", weights="need=50, area=10",
                            keep_all=True)
    assert len(a) == len(sample["parcels"])
    assert_same_table(rows_of(q["OUTPUT"]), a, ["parcel_id"] + new_fields(q["OUTPUT"], sample["parcels"].columns))
    clipped = a[(a.clipped_m2.fillna(0).astype(float) > 0) & (a.area_used.astype(float) > 0)]
    assert len(clipped) >= 3
    # by hand: a clipped parcel's geometry is the parcel minus the protected area, and its area is area_used
    parcels = dict(zip(sample["parcels"].parcel_id, sample["parcels"].geometry))
    for pid, geom, used in zip(clipped.parcel_id, clipped.geometry, clipped.area_used):
        own = parcels[pid].difference(river.geometry.iloc[0])
        assert geom.area == pytest.approx(own.area, rel=1e-6)
        assert used == pytest.approx(own.area, abs=0.1)  # (written to 0.1 m², of the core's own cut)
    qgis_areas = [f.geometry().area() for f in sorted(q["OUTPUT"].getFeatures(), key=lambda f: f.id())]
    assert np.allclose(a.geometry.area, qgis_areas, rtol=1e-9)


def test_site_facilities_matches_the_algorithm(lc_provider_module, api, sample):
    q = processing.run("lifecircle:siting", {
        "CANDIDATES": uri("parcels", IDLE), "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": uri("residents"),
        "POPULATION_FIELD": "population", "DEMAND_ID_FIELD": "resident_id", "EXISTING": uri("facilities"),
        "EXISTING_CATEGORY_FIELD": "category", "CATEGORY": "Q05", "NETWORK": uri("streets"), "MODEL": 0, "P": 3,
        "SITES": "memory:", "ALLOCATION": "memory:"})
    parcels = sample["parcels"]
    idle = parcels[parcels.status.isin(["idle", "vacant"])]
    a = api.site_facilities(idle, sample["residents"], sample["streets"], model="mclp", p=3, category="Q05",
                            candidate_id_field="parcel_id", demand_id_field="resident_id",
                            existing=sample["facilities"], existing_category_field="category")
    sites = sorted(rows_of(q["SITES"]), key=lambda r: r["lc_rank"])
    assert_same_table(sites, a["sites"], ["parcel_id"] + new_fields(q["SITES"], parcels.columns))
    assert_same_table(rows_of(q["ALLOCATION"]), a["allocation"], q["ALLOCATION"].fields().names())
    s = a["summary"]
    assert s["objective"] == q["OBJECTIVE"] and s["coverage_before"] == q["COVERAGE_BEFORE"]
    assert s["coverage_after"] == q["COVERAGE_AFTER"] and s["sites_chosen"] == [r["parcel_id"] for r in sites]
    # by hand: the demand is the residents aged 60+ (Q05 serves them), and the last site's cumulative share is
    # the covered ones (existing facilities and the new sites) over all of them
    total = sample["residents"].pop_60p.sum()
    assert s["total_population"] == total
    assert a["sites"].cum_share.iloc[-1] == pytest.approx(100.0 * s["covered_after"] / total, abs=1e-3)
    assert a["allocation"].population.sum() <= total


def test_site_facilities_from_a_cost_matrix_matches_the_algorithm(lc_provider_module, api, sample, tmp_path):
    """Distances from a table instead of a network: straight lines within 600 m, written by hand here."""
    import pandas as pd

    parcels, res, fac = sample["parcels"], sample["residents"], sample["facilities"]
    idle = parcels[parcels.status.isin(["idle", "vacant"])]
    q05 = fac[fac.category == "Q05"]
    rows = [(r, s, round(p.distance(g), 1)) for r, p in zip(res.resident_id, res.geometry)
            for s, g in list(zip(idle.parcel_id, idle.geometry.representative_point()))
            + list(zip(q05.facility_id, q05.geometry)) if p.distance(g) <= 600]
    table = pd.DataFrame(rows, columns=["origin_id", "destination_id", "cost"])
    table.to_csv(tmp_path / "od.csv", index=False)
    q = processing.run("lifecircle:siting", {
        "CANDIDATES": uri("parcels", IDLE), "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": uri("residents"),
        "POPULATION_FIELD": "population", "DEMAND_ID_FIELD": "resident_id", "EXISTING": uri("facilities"),
        "EXISTING_CATEGORY_FIELD": "category", "EXISTING_ID_FIELD": "facility_id", "CATEGORY": "Q05",
        "COST_MATRIX": str(tmp_path / "od.csv"), "MODEL": 0, "P": 3, "SITES": "memory:", "ALLOCATION": "memory:"})
    a = api.site_facilities(idle, res, cost_matrix=table, p=3, category="Q05", candidate_id_field="parcel_id",
                            demand_id_field="resident_id", existing=fac, existing_category_field="category",
                            existing_id_field="facility_id")
    sites = sorted(rows_of(q["SITES"]), key=lambda r: r["lc_rank"])
    assert_same_table(sites, a["sites"], ["parcel_id"] + new_fields(q["SITES"], parcels.columns))
    assert_same_table(rows_of(q["ALLOCATION"]), a["allocation"], q["ALLOCATION"].fields().names())
    assert a["summary"]["objective"] == q["OBJECTIVE"]
    # by hand: the first site's new residents are the 60+ within Q05's 500 m of it and of no Q05 facility
    first, within = a["sites"].parcel_id.iloc[0], table[table.cost <= 500]
    near = set(within[within.destination_id == first].origin_id)
    served = set(within[within.destination_id.isin(q05.facility_id)].origin_id)
    assert a["sites"].new_pop.iloc[0] == res[res.resident_id.isin(near - served)].pop_60p.sum()
    with pytest.raises(api.LifeCircleError, match="either streets"):
        api.site_facilities(idle, res, sample["streets"], cost_matrix=table, category="Q05")


def test_distribute_population_matches_the_algorithm(lc_provider_module, api, sample):
    q = processing.run("lifecircle:distributepopulation", {
        "CENSUS": uri("blocks"), "CENSUS_ID_FIELD": "block_id", "POPULATION_FIELD": "population",
        "AGE_0_3_FIELD": "pop_0_3", "AGE_3_6_FIELD": "pop_3_6", "AGE_6_12_FIELD": "pop_6_12",
        "AGE_60_FIELD": "pop_60p", "AGE_80_FIELD": "pop_80p", "BUILDINGS": uri("buildings"),
        "FLOORS_FIELD": "floors", "USE_FIELD": "use", "OUTPUT": "memory:"})
    a = api.distribute_population(sample["buildings"], sample["blocks"], census_id_field="block_id",
                                  floors_field="floors", use_field="use", age_0_3_field="pop_0_3",
                                  age_3_6_field="pop_3_6", age_6_12_field="pop_6_12", age_60_field="pop_60p",
                                  age_80_field="pop_80p")
    rows = rows_of(q["OUTPUT"])
    assert_same_table(rows, a, [n for n in q["OUTPUT"].fields().names() if n != "fid"])  # (GeoPackage fid)
    got = np.array([(p.x, p.y) for p in a.geometry])
    want = np.array([(f.geometry().asPoint().x(), f.geometry().asPoint().y()) for f in
                     sorted(q["OUTPUT"].getFeatures(), key=lambda f: f.id())])
    assert np.abs(got - want).max() < 1e-6
    # the sample's residents are this distribution (scripts/make_sample_district.py): same total, per block too
    res = sample["residents"]
    assert a.population.sum() == res.population.sum() == sample["blocks"].population.sum()
    assert a.groupby("census_id").population.sum().to_dict() == res.groupby("block_id").population.sum().to_dict()


# ------------------------------------------------------------------------------------------------------------
# the CRS rule


def test_lon_lat_frames_measure_the_same_as_metric_ones(api, sample):
    """The same data in EPSG:4326 is measured in the local CGCS2000 Gauss–Krüger zone (the sample is near
    121.3°E: zone CM 120°E, EPSG:4549, the sample's own CRS) and gives the same distances."""
    geo = {k: sample[k].to_crs("EPSG:4326") for k in ("streets", "residents", "facilities")}
    lon = geo["residents"].geometry.x.mean()
    assert 120 - 1.5 < lon < 120 + 1.5  # so the zone of central meridian 120°E …
    assert api.working_crs(geo["streets"]).to_epsg() == 4534 + (120 - 75) // 3 == 4549  # … is EPSG:4549
    assert api.working_crs(sample["streets"]).to_epsg() == 4549  # (its own: true within 0.1 % there)
    metric = api.facility_coverage(sample["residents"], sample["facilities"], sample["streets"])["residents"]
    lonlat = api.facility_coverage(geo["residents"], geo["facilities"], geo["streets"])["residents"]
    assert lonlat.crs.to_epsg() == 4326  # results come back in the frame's CRS
    names = ["access_m"] + [c for c in metric.columns if c.startswith("d_")]
    a, b = metric[names].astype(float).to_numpy(), lonlat[names].astype(float).to_numpy()
    assert np.array_equal(np.isnan(a), np.isnan(b)) and (~np.isnan(a)).sum() > 5000
    ok = ~np.isnan(a)
    # the same to the 0.1 m written (a value a hair from a rounding edge could flip one step: none does here)
    assert (np.abs(a - b)[ok] <= 0.1 + 1e-9).all() and (a[ok] == b[ok]).mean() > 0.999
    # Web Mercator is in metres but 15 % long at 31°N: it is not used as it is
    merc = sample["streets"].to_crs("EPSG:3857")
    assert api.working_crs(merc).to_epsg() == 4549


def test_a_frame_without_crs_is_refused(api, sample):
    import geopandas as gpd

    streets = sample["streets"]
    bare = gpd.GeoDataFrame(streets.drop(columns="geometry"), geometry=list(streets.geometry))
    assert bare.crs is None
    with pytest.raises(api.LifeCircleError, match="has no coordinate reference system"):
        api.walking_network(bare)


def test_the_api_runs_where_qgis_cannot_be_imported(tmp_path):
    """A notebook without QGIS: qgis and PyQt blocked, the api still imports and builds the sample's network."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "for name in ('qgis', 'qgis.core', 'PyQt5', 'PyQt6', 'osgeo'):\n"
        "    sys.modules[name] = None  # (importing them raises ImportError)\n"
        f"sys.path.insert(0, {str(ROOT / 'build')!r})\n"
        "import geopandas as gpd\n"
        "from lifecircle import api\n"
        f"net = api.walking_network(gpd.read_file({str(SAMPLE)!r}, layer='streets'))\n"
        "print(net.n_edges, sorted(m for m in sys.modules if m.startswith('lifecircle.processing')))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == "702" and "[]" in out.stdout
