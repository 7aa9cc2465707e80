"""Bad walking networks through lifecircle:preparenetwork (the same reader builds the network of every other
algorithm): CRS problems, empty and wrongly typed layers, null/empty/invalid/zero-length/self-loop/duplicate
lines, Z/M, curves, multipart, disconnected parts, huge coordinates, odd class values, long non-ASCII names.

Each case either fails with a message naming the layer (and field/feature) and leaves no output file, or works
and its numbers are checked against a hand-worked value or the same network in another CRS.
"""

from __future__ import annotations

import math
import re
import shutil

import pytest
from qgis.core import QgsFeatureRequest, QgsVectorFileWriter, QgsVectorLayer

import bad_inputs_support as S

ALG = "lifecircle:preparenetwork"
NUMBERS = ("EDGE_COUNT", "NODE_COUNT", "COMPONENTS", "DANGLES", "DUPLICATE_EDGES", "EXCLUDED_FEATURES")
SQUARE = [("LINESTRING(0 0, 100 0)", "residential"), ("LINESTRING(100 0, 100 100)", "residential"),
          ("LINESTRING(100 100, 0 100)", "residential"), ("LINESTRING(0 100, 0 0)", "residential")]


# Hand-drawn test lines near (0, 0) are in World Mercator (EPSG:3395), which is true there (on the equator): in a
# Gauss–Krüger zone such as EPSG:4549, (0, 0) lies 500 km west of the zone's meridian where lengths are 0.3 % long,
# and the algorithm would rightly measure them in a true CRS instead.
TOY_CRS = "EPSG:3395"


def lines(rows, geometry="LineString", crs=TOY_CRS, name="streets", field_type="string"):
    return S.memory_layer(geometry, [("highway", field_type)], rows, crs=crs, name=name)


def shifted(wkt: str, dx: float, dy: float) -> str:
    return re.sub(r"(-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)",
                  lambda m: f"{float(m.group(1)) + dx:.3f} {float(m.group(2)) + dy:.3f}", wkt)


@pytest.fixture(scope="module")
def sample_run(lc_provider_module):
    return S.run(ALG, {"INPUT": S.sample_uri("streets"), "OUTPUT": "memory:", "NODES": "memory:"})


def outputs(tmp_path):
    return {"OUTPUT": str(tmp_path / "edges.gpkg"), "NODES": str(tmp_path / "nodes.gpkg")}


def fails(tmp_path, params, pattern, ctx=None):
    out = outputs(tmp_path)
    return S.run_fails(ALG, {**params, **out}, pattern, out.values(), ctx=ctx)


# -- CRS ---------------------------------------------------------------------------------------------------


def test_geographic_cgcs2000_network_gives_the_projected_numbers(lc_provider, tmp_path, sample_run):
    """EPSG:4490 (CGCS2000 lon/lat) is measured in its Gauss-Krüger zone, the sample's own EPSG:4549."""
    uri = S.reproject(S.sample_uri("streets"), "EPSG:4490", tmp_path / "geo.gpkg", "streets_4490")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": uri, "OUTPUT": "memory:", "NODES": "memory:"}, feedback=fb)
    assert {k: res[k] for k in NUMBERS} == {k: sample_run[k] for k in NUMBERS}
    assert res["TOTAL_LENGTH"] == pytest.approx(sample_run["TOTAL_LENGTH"], abs=0.01)
    assert re.search(r"'geo › streets_4490' is in geographic coordinates \(EPSG:4490\); distances are measured in "
                     r"EPSG:4549", fb.text())
    assert res["OUTPUT"].crs().authid() == "EPSG:4490"  # written back in the input CRS


def test_wgs84_network_is_measured_in_the_gauss_krueger_zone_of_the_data(lc_provider, tmp_path, sample_run):
    """WGS 84 lon/lat in China is measured in the CGCS2000 Gauss–Krüger zone of the data (EPSG:4549, the sample's
    own): the same numbers as the sample (the two datums agree within centimetres)."""
    uri = S.reproject(S.sample_uri("streets"), "EPSG:4326", tmp_path / "geo.gpkg", "streets_4326")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": uri, "OUTPUT": "memory:", "NODES": "memory:"}, feedback=fb)
    assert {k: res[k] for k in NUMBERS} == {k: sample_run[k] for k in NUMBERS}
    assert "distances are measured in EPSG:4549" in fb.text()
    assert res["TOTAL_LENGTH"] == pytest.approx(sample_run["TOTAL_LENGTH"], abs=0.01)


def test_utm_zone_of_the_data_is_used_as_it_is(lc_provider, tmp_path, sample_run):
    """UTM 51N at Shanghai is true within 0.02 %: used as it is, nothing logged; lengths agree to its scale
    difference from the sample's Gauss–Krüger zone (k0 = 0.9996 vs 1)."""
    uri = S.reproject(S.sample_uri("streets"), "EPSG:32651", tmp_path / "utm.gpkg", "streets_utm")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": uri, "OUTPUT": "memory:", "NODES": "memory:"}, feedback=fb)
    assert {k: res[k] for k in NUMBERS} == {k: sample_run[k] for k in NUMBERS}
    assert "distances are measured in" not in fb.text()
    assert res["TOTAL_LENGTH"] == pytest.approx(sample_run["TOTAL_LENGTH"], rel=5e-4)
    assert res["TOTAL_LENGTH"] != pytest.approx(sample_run["TOTAL_LENGTH"], rel=1e-5)


def test_missing_crs_is_named(lc_provider, tmp_path):
    shp = tmp_path / "无坐标街道.shp"
    src = QgsVectorLayer(S.sample_uri("streets"), "s", "ogr")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    options.fileEncoding = "UTF-8"
    assert QgsVectorFileWriter.writeAsVectorFormatV3(src, str(shp), S.context().transformContext(), options)[0] == 0
    del src
    shp.with_suffix(".prj").unlink()
    fails(tmp_path, {"INPUT": str(shp)}, r"Layer '无坐标街道' has no coordinate reference system\. Set its CRS")


def test_crs_in_feet_is_measured_in_metres(lc_provider, tmp_path, sample_run):
    """A CRS in US feet (EPSG:2263, New York): measured in the local working CRS, numbers as the sample's."""
    uri = S.reproject(S.sample_uri("streets"), "EPSG:2263", tmp_path / "ft.gpkg", "feet")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": uri, "OUTPUT": "memory:", "NODES": "memory:"}, feedback=fb)
    assert "Layer 'ft › feet' is in EPSG:2263, whose units are not metres; distances are measured in EPSG:4549" \
        in fb.text()
    assert {k: res[k] for k in NUMBERS} == {k: sample_run[k] for k in NUMBERS}
    assert res["TOTAL_LENGTH"] == pytest.approx(sample_run["TOTAL_LENGTH"], abs=0.01)


def test_projected_coordinates_labelled_lon_lat_are_named(lc_provider, tmp_path):
    """Metres in a layer that says EPSG:4326 (a wrongly assigned CRS): the message names the layer."""
    uri = S.write_gpkg(lines(SQUARE and [(shifted(w, 633000, 3453000), h) for w, h in SQUARE], crs="EPSG:4326"),
                       tmp_path / "wrong.gpkg", "metres_as_4326")
    fails(tmp_path, {"INPUT": uri}, r"Layer 'wrong › metres_as_4326'.*(CRS|coordinate reference system)")


# -- empty, wrong type, missing geometry ----------------------------------------------------------------------


def test_empty_network(lc_provider, tmp_path):
    fails(tmp_path, {"INPUT": lines([], name="空的路网")}, r"Layer '空的路网' \(walking network\) is empty\.")


@pytest.mark.parametrize("layer, kind", [("residents", "point"), ("blocks", "polygon")])
def test_wrong_geometry_type(lc_provider, tmp_path, layer, kind):
    fails(tmp_path, {"INPUT": S.sample_uri(layer)},
          rf"Layer 'sample_district › {layer}' is a {kind} layer: the walking network must be a line layer")


def test_only_null_and_empty_geometries(lc_provider, tmp_path):
    fails(tmp_path, {"INPUT": lines([(None, "residential"), ("LINESTRING EMPTY", "residential")], name="无几何")},
          r"Layer '无几何' has no walkable lines left to build a network from \(2 features: 2 with empty or null "
          r"geometry\)")


def test_null_and_empty_geometries_are_skipped_and_named(lc_provider):
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": lines(SQUARE + [(None, "residential"), ("LINESTRING EMPTY", "footway")]),
                      "OUTPUT": "memory:"}, feedback=fb)
    assert (res["EDGE_COUNT"], res["NODE_COUNT"], res["TOTAL_LENGTH"]) == (4, 4, pytest.approx(400.0))
    assert re.search(r"Network 'streets': 2 feature\(s\) without geometry were skipped \(feature ids 5, 6\)",
                     fb.text())


# -- invalid geometries under the Processing settings -----------------------------------------------------------


@pytest.fixture()
def one_point_line(tmp_path):
    """The square plus a line whose two vertices coincide (GEOS: invalid, 'too few points')."""
    return S.write_gpkg(lines(SQUARE + [("LINESTRING(5 5, 5 5)", "residential")]), tmp_path / "in.gpkg", "bad")


@pytest.mark.parametrize("check", [None, QgsFeatureRequest.GeometryAbortOnInvalid], ids=["default", "abort"])
def test_invalid_line_stops_the_run(lc_provider, tmp_path, one_point_line, check):
    fails(tmp_path, {"INPUT": one_point_line},
          r"Layer 'in › bad': 1 feature\(s\) with invalid geometry \(feature ids 5\).*Fix Geometries",
          ctx=S.context(check) if check is not None else None)


def test_invalid_line_skipped(lc_provider, one_point_line):
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": one_point_line, "OUTPUT": "memory:"},
                ctx=S.context(QgsFeatureRequest.GeometrySkipInvalid), feedback=fb)
    assert (res["EDGE_COUNT"], res["TOTAL_LENGTH"]) == (4, pytest.approx(400.0))
    assert "Layer 'in › bad': 1 feature(s) with invalid geometry were skipped" in fb.text()


def test_zero_length_duplicate_and_self_loop_lines(lc_provider):
    """Ignoring validity: the zero-length line and the duplicate are dropped, the loop (a cul-de-sac ring back to
    its start) stays as one edge from the corner to itself."""
    loop = "LINESTRING(100 100, 150 150, 200 100, 100 100)"
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": lines(SQUARE + [("LINESTRING(0 0, 0 0)", "residential"),
                                               ("LINESTRING(100 0, 0 0)", "residential"), (loop, "footway")]),
                      "OUTPUT": "memory:", "NODES": "memory:"},
                ctx=S.context(QgsFeatureRequest.GeometryNoCheck), feedback=fb)
    assert (res["EDGE_COUNT"], res["NODE_COUNT"], res["DUPLICATE_EDGES"], res["DANGLES"]) == (5, 4, 1, 0)
    assert res["TOTAL_LENGTH"] == pytest.approx(400 + 100 * math.sqrt(2) + 100)
    assert "1 duplicate and 1 zero-length edges dropped" in fb.text()
    edges = {S.plain(f["source_fid"]): (f["from_node"], f["to_node"], f["length_m"]) for f in res["OUTPUT"].getFeatures()}
    u, v, length = edges[7]
    assert u == v and length == pytest.approx(100 + 100 * math.sqrt(2))
    degree = {f["node_id"]: f["degree"] for f in res["NODES"].getFeatures()}
    assert degree[u] == 4  # two square edges + both ends of the loop


# -- geometry kinds -----------------------------------------------------------------------------------------


def test_z_and_m_values_are_dropped(lc_provider):
    res = S.run(ALG, {"INPUT": lines([("LINESTRING ZM(0 0 5 1, 100 0 50 2, 100 100 7 3)", "residential")],
                                     geometry="LineStringZM"), "OUTPUT": "memory:"})
    assert (res["EDGE_COUNT"], res["TOTAL_LENGTH"]) == (1, pytest.approx(200.0))  # 2D length, not 3D


def test_curves_are_segmentised(lc_provider):
    res = S.run(ALG, {"INPUT": lines([("COMPOUNDCURVE(CIRCULARSTRING(0 0, 100 100, 200 0), (200 0, 300 0))",
                                       "residential")], geometry="CompoundCurve"), "OUTPUT": "memory:"})
    assert res["EDGE_COUNT"] == 1
    assert res["TOTAL_LENGTH"] == pytest.approx(100 * math.pi + 100, rel=1e-3)  # a half circle of r = 100 m + 100 m


def test_multipart_and_disconnected_parts(lc_provider):
    """Two parts far apart: two components, the larger 80 % of the length; the same as single parts."""
    multi = lines([("MULTILINESTRING((0 0, 100 0),(500 0, 600 0, 600 300))", "residential")],
                  geometry="MultiLineString")
    single = lines([("LINESTRING(0 0, 100 0)", "residential"), ("LINESTRING(500 0, 600 0, 600 300)", "residential")])
    a = S.run(ALG, {"INPUT": multi, "OUTPUT": "memory:"})
    b = S.run(ALG, {"INPUT": single, "OUTPUT": "memory:"})
    for res in (a, b):
        assert (res["COMPONENTS"], res["EDGE_COUNT"], res["DANGLES"]) == (2, 2, 4)
        assert res["LARGEST_COMPONENT_SHARE"] == pytest.approx(0.8)
        assert res["TOTAL_LENGTH"] == pytest.approx(500.0)
    comps = sorted((f["component"], round(f["length_m"], 2)) for f in a["OUTPUT"].getFeatures())
    assert comps == [(0, 400.0), (1, 100.0)]  # 0 = the largest


@pytest.mark.parametrize("offset", [1e9, 1e12])
def test_coordinates_off_the_earth_are_named(lc_provider, tmp_path, offset):
    """10⁹ m from a projection's origin is not on the Earth: the layer's CRS must be wrong, and the message says so
    instead of measuring nonsense."""
    uri = S.write_gpkg(lines([(shifted(w, offset, offset), h) for w, h in SQUARE], crs="EPSG:4549"),
                       tmp_path / "far.gpkg", "off_earth")
    fails(tmp_path, {"INPUT": uri}, r"Layer 'far › off_earth' is in EPSG:4549, a projected CRS, but its coordinates "
                                    r"\(.*\) are not coordinates of that projection: the layer's CRS is wrong")


# -- fields ------------------------------------------------------------------------------------------------------


def test_missing_class_field_is_named(lc_provider, tmp_path):
    fails(tmp_path, {"INPUT": S.sample_uri("streets"), "CLASS_FIELD": "road_type"},
          r"Layer 'sample_district › streets' has no field 'road_type' \(road class\)\. Fields: .*highway")


def test_numeric_class_field(lc_provider):
    """Classes typed as integers (1 = expressway, 2 = ramp …) are excluded by their text."""
    rows = [(w, i) for i, (w, _) in enumerate(SQUARE)]
    res = S.run(ALG, {"INPUT": lines(rows, field_type="int"), "EXCLUDED_CLASSES": "1, 2", "OUTPUT": "memory:"})
    assert (res["EXCLUDED_FEATURES"], res["EDGE_COUNT"], res["TOTAL_LENGTH"]) == (2, 2, pytest.approx(200.0))


def test_non_ascii_classes_and_walkable_flags(lc_provider):
    layer = S.memory_layer("LineString", [("highway", "string"), ("步行", "string")], [
        (SQUARE[0][0], "高架路", None), (SQUARE[1][0], "支路", "否"), (SQUARE[2][0], "支路", "0"),
        (SQUARE[3][0], "支路", "是")], name="路网")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": layer, "EXCLUDED_CLASSES": "高架路", "WALKABLE_FIELD": "步行", "OUTPUT": "memory:"},
                feedback=fb)
    assert (res["EXCLUDED_FEATURES"], res["EDGE_COUNT"]) == (3, 1)
    assert "Network '路网': 4 features read, 1 used, 1 excluded by class, 2 not walkable." in fb.text()
    assert [f["road_class"] for f in res["OUTPUT"].getFeatures()] == ["支路"]


def test_road_classes_as_people_type_them(lc_provider):
    """'Trunk', 'MOTORWAY ', full-width 'ｔｒｕｎｋ_ｌｉｎｋ' are the default excluded classes too (case and width)."""
    rows = [(SQUARE[0][0], "Trunk"), (SQUARE[1][0], "MOTORWAY "), (SQUARE[2][0], "ｔｒｕｎｋ_ｌｉｎｋ"),
            (SQUARE[3][0], "Residential")]
    res = S.run(ALG, {"INPUT": lines(rows), "OUTPUT": "memory:"})
    assert (res["EXCLUDED_FEATURES"], res["EDGE_COUNT"]) == (3, 1)
    res = S.run(ALG, {"INPUT": lines(rows), "EXCLUDED_CLASSES": " residential ,trunk", "OUTPUT": "memory:"})
    assert (res["EXCLUDED_FEATURES"], res["EDGE_COUNT"]) == (2, 2)


def test_very_long_non_ascii_layer_name(lc_provider, tmp_path):
    name = "步行网络" * 60  # 240 characters
    uri = S.write_gpkg(lines([], name=name), tmp_path / "长.gpkg", name)
    fails(tmp_path, {"INPUT": uri}, rf"Layer '长 › {name}' \(walking network\) is empty\.")


def test_output_keeps_the_input_crs_and_is_complete_after_a_failed_run(lc_provider, tmp_path, sample_run):
    """A failed run into a folder leaves nothing; a good run into the same paths afterwards is complete."""
    fails(tmp_path, {"INPUT": lines([], name="empty")}, r"is empty")
    out = outputs(tmp_path)
    res = S.run(ALG, {"INPUT": S.sample_uri("streets"), **out})
    assert S.layer_count(out["OUTPUT"]) == sample_run["EDGE_COUNT"] == res["EDGE_COUNT"]
    assert S.layer_count(out["NODES"]) == sample_run["NODE_COUNT"]
    shutil.rmtree(tmp_path)
