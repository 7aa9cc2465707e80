"""Distances and areas are true on the ground whatever CRS the data comes in.

The whole sample district is reprojected into Web Mercator (EPSG:3857: lengths ×1.17 at Shanghai) and into a
Gauss–Krüger zone 16° away from the data (CGCS2000 3° zone CM 105°E, EPSG:4544: lengths ×1.03), and the planner's
chain — network, units, coverage with service areas, potential space, siting, project impact, comparison — is run
on each copy and on the sample itself (EPSG:4549, scale error 0.02 %). Every number must agree with the native
run, and lengths and areas written back in the input CRS must agree with what QgsDistanceArea measures on the
ellipsoid — a measurement independent of the CRS the plugin chose to work in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsProject, QgsVectorLayer

import bad_inputs_support as S

LAYERS = ("subdistricts", "blocks", "residents", "streets", "barriers", "facilities", "parcels", "projects")
OTHER_CRS = {"web_mercator": "EPSG:3857", "far_gk_zone": "EPSG:4544"}
CODES = S.CODES


def table(path: Path, name: str) -> str:
    return f"ogr:dbname='{path}' table=\"{name}\" (geom)"


def layer(path: Path, name: str) -> str:
    return f"{path}|layername={name}"


def chain(sample: Path, folder: Path) -> dict:
    """The planner's year on ``sample`` (a GeoPackage with the sample's layers); results in folder/results.gpkg."""
    out = folder / "results.gpkg"
    runs, logs = {}, {}

    def run(key, alg, params):
        fb = S.recording_feedback()
        runs[key] = S.run(alg, params, feedback=fb)
        logs[key] = fb.text()

    src = lambda name: layer(sample, name)  # noqa: E731
    res = lambda name: layer(out, name)  # noqa: E731
    run("network", "lifecircle:preparenetwork", {"INPUT": src("streets"), "OUTPUT": table(out, "edges"),
                                                 "NODES": table(out, "nodes")})
    run("units", "lifecircle:delineateunits", {
        "BLOCKS": src("blocks"), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "name",
        "BLOCK_TYPE_FIELD": "block_type", "ADMIN": src("subdistricts"), "ADMIN_NAME_FIELD": "name",
        "BARRIERS": src("barriers"), "NETWORK": src("streets"), "POP_MIN": 15000, "POP_MAX": 40000,
        "MAX_WALK": 1500, "UNITS": table(out, "units"), "BLOCKS_OUTPUT": table(out, "blocks_units")})
    run("coverage", "lifecircle:facilitycoverage", {
        "FACILITIES": src("facilities"), "CATEGORY_FIELD": "category", "ONE_STOP_FIELD": "is_one_stop",
        "AREA_FIELD": "area_m2", "RESIDENTS": src("residents"), "POPULATION_FIELD": "population",
        "UNITS": res("units"), "UNIT_ID_FIELD": "unit_id", "NETWORK": src("streets"),
        "RESIDENTS_OUTPUT": table(out, "residents"), "UNITS_OUTPUT": table(out, "coverage_units"),
        "FACILITIES_OUTPUT": table(out, "facilities"), "SERVICE_AREAS": table(out, "service_areas")})
    run("space", "lifecircle:potentialspace", {  # no AREA_FIELD: areas measured from the parcels' geometry
        "PARCELS": src("parcels"), "LAND_USE_FIELD": "land_use", "STATUS_FIELD": "status", "FAR_FIELD": "far",
        "BUILDING_YEAR_FIELD": "building_year", "OWNERSHIP_FIELD": "ownership", "REMARK_FIELD": "remark",
        "ZONES": src("blocks"), "ZONE_TYPE_FIELD": "block_type", "NETWORK": src("streets"),
        "BARRIERS": src("barriers"), "BARRIER_TYPE_FIELD": "type", "COVERAGE": res("residents"),
        "COVERAGE_POPULATION_FIELD": "population", "OUTPUT": table(out, "space")})
    run("siting", "lifecircle:siting", {
        "CANDIDATES": res("space"), "CANDIDATE_ID_FIELD": "parcel_id", "DEMAND": src("residents"),
        "POPULATION_FIELD": "population", "EXISTING": src("facilities"), "EXISTING_CATEGORY_FIELD": "category",
        "NETWORK": src("streets"), "MODEL": 0, "P": 3, "CATEGORY": "Q05", "SOLVER": 0,
        "SITES": table(out, "sites"), "ALLOCATION": table(out, "allocation")})
    run("impact", "lifecircle:projectimpact", {
        "FACILITIES": src("facilities"), "CATEGORY_FIELD": "category", "RESIDENTS": src("residents"),
        "POPULATION_FIELD": "population", "UNITS": res("units"), "UNIT_ID_FIELD": "unit_id",
        "NETWORK": src("streets"), "PROJECTS": src("projects"), "YEAR": 2026,
        "STATUSES": "谋划,前期,在建,完工,运营", "UNITS_OUTPUT": table(out, "impact_units"),
        "PROJECTS_OUTPUT": table(out, "impact_projects")})
    return {"results": runs, "logs": logs, "out": out, "sample": sample}


@pytest.fixture(scope="module")
def chains(lc_provider_module, tmp_path_factory):
    native_dir = tmp_path_factory.mktemp("native")
    done = {"native": chain(S.copy_sample(native_dir), native_dir)}
    for key, crs in OTHER_CRS.items():
        folder = tmp_path_factory.mktemp(key)
        sample = folder / "sample.gpkg"
        for name in LAYERS:
            S.reproject(S.sample_uri(name), crs, sample, name)
        done[key] = chain(sample, folder)
    return done


def rows(path: Path, name: str, key: str, fields) -> dict:
    return S.read_rows(layer(path, name), key, fields)


def ellipsoid(crs: QgsCoordinateReferenceSystem) -> QgsDistanceArea:
    da = QgsDistanceArea()
    da.setSourceCrs(crs, QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7019")  # GRS 80 (CGCS2000's; WGS 84's differs by 0.1 mm in its semi-minor axis)
    return da


def true_lengths(path: Path, name: str, key: str) -> dict:
    lyr = QgsVectorLayer(layer(path, name), name, "ogr")
    da = ellipsoid(lyr.crs())
    return {S.plain(f[key]): da.measureLength(f.geometry()) for f in lyr.getFeatures()}


def true_areas(path: Path, name: str, key: str) -> dict:
    lyr = QgsVectorLayer(layer(path, name), name, "ogr")
    da = ellipsoid(lyr.crs())
    return {S.plain(f[key]): da.measureArea(f.geometry()) for f in lyr.getFeatures()}


OTHERS = pytest.mark.parametrize("other", list(OTHER_CRS))


# -- the work happens in a true CRS, and the log says so --------------------------------------------------------


@OTHERS
def test_the_log_names_the_working_crs_and_why(chains, other):
    log = chains[other]["logs"]["network"]
    crs = OTHER_CRS[other]
    m = re.search(rf"is in {crs}, whose lengths at the data are off by up to ([\d.]+)%.*distances are measured in "
                  r"EPSG:4549", log)
    assert m, log
    assert float(m.group(1)) == pytest.approx({"EPSG:3857": 16.9, "EPSG:4544": 3.0}[crs], abs=0.6)
    assert "written back in " + crs in log
    assert "distances are measured in" not in chains["native"]["logs"]["network"]  # EPSG:4549 is true: used as is


# -- network ---------------------------------------------------------------------------------------------------


@OTHERS
def test_network_length_and_shape(chains, other):
    native, run = chains["native"]["results"]["network"], chains[other]["results"]["network"]
    for key in ("EDGE_COUNT", "NODE_COUNT", "COMPONENTS", "DANGLES", "EXCLUDED_FEATURES"):
        if key in native:
            assert run[key] == native[key], key
    assert run["TOTAL_LENGTH"] == pytest.approx(native["TOTAL_LENGTH"], rel=1e-3)


@pytest.mark.parametrize("which", ["native", *OTHER_CRS])
def test_edge_lengths_are_true_on_the_ellipsoid(chains, which):
    """length_m of every edge, written back in the input CRS, against its length on the ellipsoid."""
    out = chains[which]["out"]
    written = rows(out, "edges", "edge_id", ["length_m"])
    true = true_lengths(out, "edges", "edge_id")
    assert len(written) == len(true) > 500
    worst = max(abs(written[k]["length_m"] - true[k]) / true[k] for k in true if true[k] > 20)
    assert worst < 1e-3, worst
    total = sum(true.values())
    assert chains[which]["results"]["network"]["TOTAL_LENGTH"] == pytest.approx(total, rel=1e-3)


# -- units -----------------------------------------------------------------------------------------------------


@OTHERS
def test_units_are_the_same_blocks_with_true_areas(chains, other):
    native, run = chains["native"], chains[other]
    assert run["results"]["units"]["UNIT_COUNT"] == native["results"]["units"]["UNIT_COUNT"]
    assign = lambda c: rows(c["out"], "blocks_units", "name", ["unit_id", "walk_m"])  # noqa: E731
    a, b = assign(native), assign(run)
    assert {k: v["unit_id"] for k, v in a.items()} == {k: v["unit_id"] for k, v in b.items()}
    for k in a:
        if a[k]["walk_m"] is not None:
            assert b[k]["walk_m"] == pytest.approx(a[k]["walk_m"], abs=0.5), k
    units = lambda c: rows(c["out"], "units", "unit_id", ["area_km2", "max_walk_m", "population"])  # noqa: E731
    ua, ub = units(native), units(run)
    for k in ua:
        assert ub[k]["area_km2"] == pytest.approx(ua[k]["area_km2"], rel=1e-3), k
        assert ub[k]["max_walk_m"] == pytest.approx(ua[k]["max_walk_m"], abs=0.5), k
        assert ub[k]["population"] == ua[k]["population"]
    true = true_areas(run["out"], "units", "unit_id")
    for k in ub:
        assert ub[k]["area_km2"] * 1e6 == pytest.approx(true[k], rel=1e-3), k


# -- coverage --------------------------------------------------------------------------------------------------


@OTHERS
def test_every_resident_distance_and_every_share(chains, other):
    native, run = chains["native"], chains[other]
    fields = [f"d_{c}" for c in CODES]
    a = rows(native["out"], "residents", "resident_id", fields)
    b = rows(run["out"], "residents", "resident_id", fields)
    assert a.keys() == b.keys() and len(a) == 454
    for rid in a:
        for f in fields:
            if a[rid][f] is None:
                assert b[rid][f] is None, (rid, f)
            else:
                assert b[rid][f] == pytest.approx(a[rid][f], abs=0.5), (rid, f)
    shares = lambda c: json.loads(c["results"]["coverage"]["COVERAGE_BY_CATEGORY"])  # noqa: E731
    assert shares(run) == pytest.approx(shares(native), abs=1e-9)
    unit_fields = [f"c_{c}" for c in CODES] + ["q_met", "m_met", "score"]
    ua = rows(native["out"], "coverage_units", "unit_id", unit_fields)
    ub = rows(run["out"], "coverage_units", "unit_id", unit_fields)
    assert ua.keys() == ub.keys()
    for k in ua:
        assert ub[k] == pytest.approx(ua[k], abs=1e-9), k
    for key in ("UNITS_MEETING_TARGET", "UNIT_COUNT"):
        assert run["results"]["coverage"][key] == native["results"]["coverage"][key]


@OTHERS
def test_service_areas_have_the_same_true_area(chains, other):
    native, run = chains["native"], chains[other]
    fields = ["area_km2", "street_km"]
    a = rows(native["out"], "service_areas", "lc_code", fields)
    b = rows(run["out"], "service_areas", "lc_code", fields)
    assert a.keys() == b.keys() and len(a) >= 15
    true = true_areas(run["out"], "service_areas", "lc_code")
    for code in a:
        assert b[code]["area_km2"] == pytest.approx(a[code]["area_km2"], rel=1e-3), code
        assert b[code]["street_km"] == pytest.approx(a[code]["street_km"], rel=1e-3), code
        assert b[code]["area_km2"] * 1e6 == pytest.approx(true[code], rel=2e-3), code


# -- potential space, siting, impact, comparison ---------------------------------------------------------------


@OTHERS
def test_potential_space_ranks_and_areas(chains, other):
    native, run = chains["native"], chains[other]
    fields = ["rank", "score", "area_used", "main_kind"]
    a = rows(native["out"], "space", "parcel_id", fields)
    b = rows(run["out"], "space", "parcel_id", fields)
    assert a.keys() == b.keys() and len(a) > 20
    for k in a:
        assert (b[k]["rank"], b[k]["main_kind"]) == (a[k]["rank"], a[k]["main_kind"]), k
        assert b[k]["score"] == pytest.approx(a[k]["score"], abs=1e-6), k
        assert b[k]["area_used"] == pytest.approx(a[k]["area_used"], rel=1e-3), k
    assert run["results"]["space"]["BY_KIND"] == native["results"]["space"]["BY_KIND"]


@OTHERS
def test_siting_chooses_the_same_sites(chains, other):
    native, run = chains["native"]["results"]["siting"], chains[other]["results"]["siting"]
    for key in ("SITE_COUNT", "COVERAGE_BEFORE", "COVERAGE_AFTER"):
        assert run[key] == pytest.approx(native[key], abs=1e-9), key
    sites = lambda c: rows(c["out"], "sites", "parcel_id", ["lc_rank", "new_pop"])  # noqa: E731
    assert sites(chains[other]) == sites(chains["native"])


@OTHERS
def test_project_impact_is_the_same(chains, other):
    native, run = chains["native"], chains[other]
    for key in ("PROJECTS_COUNTED", "NEWLY_COVERED", "UNITS_MEETING_TARGET_BEFORE", "UNITS_MEETING_TARGET_AFTER"):
        assert run["results"]["impact"][key] == pytest.approx(native["results"]["impact"][key], abs=1e-6), key
    per_project = lambda c: rows(c["out"], "impact_projects", "project_id", ["new_alone", "new_ordered"])  # noqa: E731
    assert per_project(run) == per_project(native)


@OTHERS
def test_comparing_with_the_native_run_shows_no_change(chains, other):
    res = S.run("lifecircle:comparecoverage", {
        "BEFORE": layer(chains["native"]["out"], "coverage_units"),
        "AFTER": layer(chains[other]["out"], "coverage_units"), "UNIT_ID_FIELD": "unit_id", "OUTPUT": "memory:"})
    assert res["UNITS_GAINED"] == 0 and res["UNITS_LOST"] == 0
    for f in res["OUTPUT"].getFeatures():
        for code in CODES:
            value = S.plain(f[f"dc_{code}"])
            assert value is None or abs(value) < 1e-6, (code, value)
