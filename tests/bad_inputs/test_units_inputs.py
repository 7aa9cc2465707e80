"""Bad inputs to lifecircle:delineateunits: CRS (geographic, mismatched), self-intersecting, overlapping, null
and non-polygon blocks under the Processing settings, text/negative population, missing or empty 街镇, duplicate
block ids, multipart and curved blocks, Z/M, seeds outside every block, very long non-ASCII names.
"""

from __future__ import annotations

import math
import re

import pytest
from qgis.core import QgsFeatureRequest, QgsVectorLayer

import bad_inputs_support as S

ALG = "lifecircle:delineateunits"


def params(**kw):
    p = {"BLOCKS": S.sample_uri("blocks"), "POPULATION_FIELD": "population", "BLOCK_ID_FIELD": "block_id",
         "ADMIN_FIELD": "subdistrict", "BARRIERS": S.sample_uri("barriers"), "NETWORK": S.sample_uri("streets"),
         "PRESET": 3, "POP_MIN": 15000, "POP_MAX": 35000, "MAX_WALK": 1500, "UNITS": "memory:",
         "BLOCKS_OUTPUT": "memory:"}
    p.update(kw)
    return {k: v for k, v in p.items() if v is not None}


def fails(tmp_path, p, pattern, ctx=None):
    out = {"UNITS": str(tmp_path / "units.gpkg"), "BLOCKS_OUTPUT": str(tmp_path / "blocks.gpkg")}
    return S.run_fails(ALG, {**p, **out}, pattern, out.values(), ctx=ctx)


def partition(result) -> dict:
    """{frozenset of block ids: (population, 街镇)} of a run."""
    members = {}
    for f in result["BLOCKS_OUTPUT"].getFeatures():
        members.setdefault(f["unit_id"], set()).add(str(f["block_id"]))
    out = {}
    for f in result["UNITS"].getFeatures():
        out[frozenset(members[f["unit_id"]])] = (round(f["population"]), f["subdistrict"])
    return out


def blocks_rows(fields=("block_id", "population", "subdistrict")):
    src = QgsVectorLayer(S.sample_uri("blocks"), "b", "ogr")
    rows = [[f.geometry()] + [S.plain(f[n]) for n in fields] for f in src.getFeatures()]
    del src
    return rows


def blocks_layer(rows, name="居委", types=(("block_id", "string"), ("population", "int"),
                                          ("subdistrict", "string")), geometry="Polygon", crs="EPSG:4549"):
    return S.memory_layer(geometry, list(types), rows, name=name, crs=crs)


# blocks hand-drawn near (0, 0) are in World Mercator, true there (on the equator); in a Gauss–Krüger zone such as
# EPSG:4549, (0, 0) lies 500 km off the zone's meridian where areas are 0.6 % large (and would be measured elsewhere)
TOY_CRS = "EPSG:3395"


@pytest.fixture(scope="module")
def reference(lc_provider_module):
    return partition(S.run(ALG, params()))


@pytest.fixture(scope="module")
def reference_straight(lc_provider_module):
    """Without a network: straight-line distances, barriers never crossed."""
    return partition(S.run(ALG, params(NETWORK=None)))


# -- CRS -----------------------------------------------------------------------------------------------------


def test_blocks_in_wgs84_with_a_projected_network(reference, tmp_path):
    uri = S.reproject(S.sample_uri("blocks"), "EPSG:4326", tmp_path / "in.gpkg", "blocks_wgs84")
    res = S.run(ALG, params(BLOCKS=uri))
    assert partition(res) == reference
    assert res["UNITS"].crs().authid() == "EPSG:4326" and res["BLOCKS_OUTPUT"].crs().authid() == "EPSG:4326"


def test_geographic_blocks_without_network(reference_straight, tmp_path):
    uri = S.reproject(S.sample_uri("blocks"), "EPSG:4490", tmp_path / "in.gpkg", "blocks_4490")
    bar = S.reproject(S.sample_uri("barriers"), "EPSG:4326", tmp_path / "in.gpkg", "barriers_wgs84")
    fb = S.recording_feedback()
    res = S.run(ALG, params(BLOCKS=uri, BARRIERS=bar, NETWORK=None), feedback=fb)
    assert partition(res) == reference_straight
    assert "EPSG:4549" in fb.text()


def test_blocks_in_metres_labelled_lon_lat_are_named(lc_provider, tmp_path):
    """The sample's metres in a layer that says EPSG:4326 (a wrongly assigned CRS): the message names it."""
    wrong = S.write_gpkg(S.memory_layer("Polygon", [("block_id", "string"), ("population", "int"),
                                                    ("subdistrict", "string")], blocks_rows(), crs="EPSG:4326"),
                         tmp_path / "wrong.gpkg", "blocks")
    fails(tmp_path, params(BLOCKS=wrong, NETWORK=None, BARRIERS=None),
          r"Layer 'wrong › blocks'.*(CRS|coordinate reference system)")


# -- geometry ----------------------------------------------------------------------------------------------------


@pytest.fixture()
def bowtie_blocks(tmp_path):
    rows = blocks_rows()
    rows[6][0] = "POLYGON((633000 3453000, 633400 3453400, 633400 3453000, 633000 3453400, 633000 3453000))"
    return S.write_gpkg(blocks_layer(rows), tmp_path / "bow.gpkg", "居委")


@pytest.mark.parametrize("check", [None, QgsFeatureRequest.GeometryAbortOnInvalid], ids=["default", "abort"])
def test_self_intersecting_block_stops_the_run(lc_provider, tmp_path, bowtie_blocks, check):
    fails(tmp_path, params(BLOCKS=bowtie_blocks),
          r"Layer 'bow › 居委': 1 feature\(s\) with invalid geometry \(feature ids 7\)",
          ctx=S.context(check) if check is not None else None)


def test_self_intersecting_block_skipped(lc_provider, bowtie_blocks):
    fb = S.recording_feedback()
    res = S.run(ALG, params(BLOCKS=bowtie_blocks), ctx=S.context(QgsFeatureRequest.GeometrySkipInvalid),
                feedback=fb)
    assert "Layer 'bow › 居委': 1 feature(s) with invalid geometry were skipped" in fb.text()
    parts = partition(res)
    rows = blocks_rows()
    skipped = rows[6][1]
    assert skipped not in set().union(*parts)
    assert sum(p for p, _ in parts.values()) == sum(r[2] for r in rows) - rows[6][2]
    assert res["BLOCKS_OUTPUT"].featureCount() == len(rows) - 1


def test_overlapping_blocks_are_named(lc_provider, tmp_path):
    rows = blocks_rows()
    rows[1][0] = rows[0][0].buffer(40, 4)
    uri = S.write_gpkg(blocks_layer(rows), tmp_path / "ov.gpkg", "居委")
    fails(tmp_path, params(BLOCKS=uri), rf"Layer 'ov › 居委'.*{rows[0][1]}.*{rows[1][1]}")


@pytest.mark.parametrize("check, pattern", [
    (None, r"2 feature\(s\) with invalid geometry \(feature ids 3, 21\)"),
    (QgsFeatureRequest.GeometryNoCheck, r"2 feature\(s\) without a polygon geometry \(feature ids 3, 21\)"),
], ids=["default", "ignore-invalid"])
def test_null_and_empty_geometries_are_named(lc_provider, tmp_path, check, pattern):
    rows = blocks_rows()
    rows[2][0] = None
    rows.append(["POLYGON EMPTY", "EMPTY", 100, rows[0][3]])
    uri = S.write_gpkg(blocks_layer(rows), tmp_path / "null.gpkg", "居委")
    fails(tmp_path, params(BLOCKS=uri), r"Layer 'null › 居委': " + pattern,
          ctx=S.context(check) if check is not None else None)


def test_line_layer_as_blocks(lc_provider, tmp_path):
    fails(tmp_path, params(BLOCKS=S.sample_uri("streets"), POPULATION_FIELD="street_id", BLOCK_ID_FIELD=None,
                           ADMIN_FIELD="name"),
          r"Layer 'sample_district › streets': \d+ feature\(s\) without a polygon geometry")


def test_empty_blocks(lc_provider, tmp_path):
    uri = S.write_gpkg(blocks_layer([]), tmp_path / "e.gpkg", "空居委")
    fails(tmp_path, params(BLOCKS=uri), r"Layer 'e › 空居委' \(blocks\) is empty\.")


def test_multipart_curved_and_zm_blocks(lc_provider):
    """A multipart block (two squares), a curved one (a circle) and a ZM one, in one 街镇 with a low floor:
    areas as drawn (the circle segmentised), populations summed, Z/M ignored."""
    types = (("block_id", "string"), ("population", "int"), ("subdistrict", "string"))
    multi = blocks_layer([["MULTIPOLYGON(((0 0, 200 0, 200 200, 0 200, 0 0)),((200 200, 400 200, 400 400, "
                           "200 400, 200 200)))", "双块", 1000, "一街"]], types=types, geometry="MultiPolygon",
                         crs=TOY_CRS)
    res = S.run(ALG, params(BLOCKS=multi, NETWORK=None, BARRIERS=None, POP_MIN=500, POP_MAX=None, PRESET=3))
    unit = next(res["UNITS"].getFeatures())
    assert unit["area_km2"] == pytest.approx(0.08) and unit["population"] == 1000
    circle = "CURVEPOLYGON(CIRCULARSTRING(1000 0, 1100 100, 1000 200, 900 100, 1000 0))"
    curved = blocks_layer([[circle, "圆", 700, "一街"],
                           ["POLYGON((1100 0, 1300 0, 1300 200, 1100 200, 1100 0))", "方", 800, "一街"]],
                          types=types, geometry="CurvePolygon", crs=TOY_CRS)
    res = S.run(ALG, params(BLOCKS=curved, NETWORK=None, BARRIERS=None, POP_MIN=1000, PRESET=3, POP_MAX=None,
                           ADJACENCY_GAP=10))
    units = list(res["UNITS"].getFeatures())
    assert len(units) == 1 and units[0]["population"] == 1500 and units[0]["n_blocks"] == 2
    assert units[0]["area_km2"] == pytest.approx((math.pi * 100 ** 2 + 200 * 200) / 1e6, rel=2e-3)
    zm = blocks_layer([["POLYGON ZM((0 0 5 1, 300 0 5 1, 300 300 9 2, 0 300 9 2, 0 0 5 1))", "ZM", 900, "一街"]],
                      types=types, geometry="PolygonZM", crs=TOY_CRS)
    res = S.run(ALG, params(BLOCKS=zm, NETWORK=None, BARRIERS=None, POP_MIN=500, PRESET=3, POP_MAX=None))
    assert next(res["UNITS"].getFeatures())["area_km2"] == pytest.approx(0.09)


# -- attributes --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("change, problem", [
    ({3: "两千"}, r"a value that is not a number in feature ids 4\b"),
    ({5: "-300"}, r"a negative value in feature ids 6\b"),
    ({0: None}, r"no value \(NULL\) in feature ids 1\b"),
])
def test_bad_block_population_is_named(lc_provider, tmp_path, change, problem):
    rows = blocks_rows()
    for i, v in change.items():
        rows[i][2] = v
    uri = S.write_gpkg(blocks_layer(rows, types=(("block_id", "string"), ("人口", "string"),
                                                 ("subdistrict", "string"))), tmp_path / "pop.gpkg", "居委")
    fails(tmp_path, params(BLOCKS=uri, POPULATION_FIELD="人口"),
          r"Layer 'pop › 居委', population field '人口': " + problem)


def test_huge_block_population_is_flagged(reference, lc_provider):
    rows = blocks_rows()
    rows[0][2] = 10 ** 9
    res = S.run(ALG, params(BLOCKS=blocks_layer(rows, types=(("block_id", "string"), ("population", "double"),
                                                             ("subdistrict", "string")))))
    units = {f["unit_id"]: f for f in res["UNITS"].getFeatures()}
    big = [f for f in units.values() if f["population"] >= 1e9]
    assert len(big) == 1 and big[0]["above_max"] and not big[0]["meets_rules"]
    assert big[0]["n_blocks"] == 1  # a block too large for the ceiling stays alone, flagged
    assert sum(f["population"] for f in units.values()) == pytest.approx(sum(r[2] for r in rows))


def test_missing_subdistrict(lc_provider, tmp_path):
    fails(tmp_path, params(ADMIN_FIELD=None), r"Give the 街镇: either 街镇 polygons \(ADMIN\) or a 街镇 field")


def test_missing_fields_are_named(lc_provider, tmp_path):
    fails(tmp_path, params(POPULATION_FIELD="人口数"),
          r"Layer 'sample_district › blocks' has no field '人口数'")


def test_empty_subdistrict_values_are_named(lc_provider, tmp_path):
    rows = blocks_rows()
    rows[4][3] = None
    rows[9][3] = "  "
    uri = S.write_gpkg(blocks_layer(rows), tmp_path / "sd.gpkg", "居委")
    fails(tmp_path, params(BLOCKS=uri), rf"Layer 'sd › 居委'.*subdistrict.*{rows[4][1]}.*{rows[9][1]}")


def test_duplicate_block_ids(reference, tmp_path):
    """Two blocks named alike: both stay in the result (by feature), messages name them by the shared id."""
    rows = blocks_rows()
    rows[1][1] = rows[0][1]
    res = S.run(ALG, params(BLOCKS=blocks_layer(rows)))
    assert res["BLOCKS_OUTPUT"].featureCount() == 20
    assert sum(f["population"] for f in res["UNITS"].getFeatures()) == pytest.approx(sum(r[2] for r in rows))


def test_long_non_ascii_subdistrict_names(reference):
    long_west = "西岸街道" + "（原西岸镇、西岸乡合并）" * 30
    rows = blocks_rows()
    for r in rows:
        if r[3] == "西岸街道":
            r[3] = long_west
    res = S.run(ALG, params(BLOCKS=blocks_layer(rows, name="居委" * 100)))
    got = partition(res)
    want = {k: (p, long_west if sd == "西岸街道" else sd) for k, (p, sd) in reference.items()}
    assert got == want
    assert any(f["unit_id"].startswith(long_west) for f in res["UNITS"].getFeatures())


def test_seeds_outside_every_block_are_ignored_with_a_message(reference):
    seeds = S.memory_layer("Point", [("名称", "string")], [["POINT(700000 3500000)", "远处的中心"]], name="中心")
    fb = S.recording_feedback()
    res = S.run(ALG, params(SEEDS=seeds, SEED_NAME_FIELD="名称"), feedback=fb)
    assert partition(res) == reference
    assert re.search(r"远处的中心", fb.text())
