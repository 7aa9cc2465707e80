"""lifecircle:convertcoords through processing.run: every vertex of every geometry type converted as core does."""

from __future__ import annotations

import re

import numpy as np
import pytest
from qgis import processing
from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsVectorLayer,
    QgsWkbTypes,
)

from lifecircle.lifecircle_plugin.core.coords import SYSTEMS, convert

ALG = "lifecircle:convertcoords"
WGS84, GCJ02, BD09 = (SYSTEMS.index(s) for s in ("WGS84", "GCJ02", "BD09"))

# POIs around People's Square, Shanghai (as AMap would give them), one feature without geometry and one in London
POINTS = [
    ("人民广场", 1, "Point (121.4752 31.2286)"),
    ("上海博物馆", 2, "Point (121.4757 31.2284)"),
    ("no location", 3, None),
    ("London office", 4, "Point (-0.1276 51.5072)"),
    ("南京东路", 5, "Point (121.4846 31.2376)"),
]
LINE = "LineString (121.47 31.23, 121.4712 31.2315, 121.4733 31.2301, 121.476 31.2333)"
# a park with a pond (hole) and a second, separate part
MULTIPOLYGON = (
    "MultiPolygon (((121.46 31.22, 121.48 31.22, 121.48 31.24, 121.46 31.24, 121.46 31.22),"
    "(121.465 31.225, 121.47 31.225, 121.47 31.23, 121.465 31.225)),"
    "((116.39 39.90, 116.40 39.90, 116.40 39.91, 116.39 39.90)))"
)


def memory_layer(geometry_type: str, rows, name: str, crs: str = "EPSG:4326") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{geometry_type}?crs={crs}&field=name:string&field=n:integer", name, "memory")
    assert layer.isValid()
    feats = []
    for row_name, n, wkt in rows:
        f = QgsFeature(layer.fields())
        f.setGeometry(QgsGeometry.fromWkt(wkt) if wkt else QgsGeometry())
        f.setAttributes([row_name, n])
        feats.append(f)
    assert layer.dataProvider().addFeatures(feats)
    return layer


def vertices(geometry: QgsGeometry) -> np.ndarray:
    return np.array([(v.x(), v.y(), v.z(), v.m()) for v in geometry.vertices()], dtype=float).reshape(-1, 4)


def structure(geometry: QgsGeometry) -> str:
    """The WKT with every number replaced: parts, rings and vertex counts, not positions."""
    return re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "#", geometry.asWkt())


def features_by_n(layer) -> dict:
    return {f["n"]: f for f in layer.getFeatures()}


def check_converted(inp, out, source: str, target: str) -> None:
    """Every output vertex is core's conversion of the matching input vertex; Z/M, structure, attributes kept."""
    assert out.featureCount() == inp.featureCount()
    assert out.crs() == inp.crs()
    assert out.wkbType() == inp.wkbType()
    assert out.fields().names() == inp.fields().names()
    outputs = features_by_n(out)
    for f in inp.getFeatures():
        o = outputs[f["n"]]
        assert o.attributes() == f.attributes()
        if not f.hasGeometry() or f.geometry().isNull():
            assert not o.hasGeometry() or o.geometry().isNull()
            continue
        assert structure(o.geometry()) == structure(f.geometry())
        v_in, v_out = vertices(f.geometry()), vertices(o.geometry())
        expected_lon, expected_lat = convert(v_in[:, 0], v_in[:, 1], source, target)
        np.testing.assert_allclose(v_out[:, 0], expected_lon, rtol=0, atol=1e-9)
        np.testing.assert_allclose(v_out[:, 1], expected_lat, rtol=0, atol=1e-9)
        np.testing.assert_array_equal(v_out[:, 2:], v_in[:, 2:])  # Z and M untouched (NaN where absent)


def test_algorithm_is_registered_in_tools(lc_provider):
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert alg is not None
    assert alg.groupId() == "tools"
    assert "GCJ-02" in alg.displayName() and "BD-09" in alg.displayName()
    assert "outside China" in alg.shortHelpString() and "Baidu" in alg.shortHelpString()
    assert alg.parameterDefinition("TARGET").defaultValue() == WGS84


def test_amap_points_to_wgs84(lc_provider):
    layer = memory_layer("Point", POINTS, "amap pois")
    res = processing.run(ALG, {"INPUT": layer, "SOURCE": GCJ02, "TARGET": WGS84, "OUTPUT": "memory:"})
    out = res["OUTPUT"]
    check_converted(layer, out, "GCJ02", "WGS84")
    outputs = features_by_n(out)
    # the null geometry passed through, London is unchanged, Shanghai moved by about 500 m (GCJ-02 lies east and
    # south of WGS 84 there)
    assert not outputs[3].hasGeometry()
    assert outputs[4].geometry().asPoint().x() == -0.1276 and outputs[4].geometry().asPoint().y() == 51.5072
    moved = outputs[1].geometry().asPoint()
    assert 0.003 < 121.4752 - moved.x() < 0.006 and 0.001 < moved.y() - 31.2286 < 0.003
    assert res["CONVERTED_FEATURES"] == 3
    assert res["OUTSIDE_CHINA"] == 1
    assert res["PARTLY_OUTSIDE_CHINA"] == 0
    assert res["WITHOUT_GEOMETRY"] == 1


@pytest.mark.parametrize("source,target", [
    ("GCJ02", "WGS84"), ("BD09", "WGS84"), ("WGS84", "GCJ02"), ("WGS84", "BD09"), ("BD09", "GCJ02"),
    ("GCJ02", "BD09"),
])
def test_line_and_multipolygon_with_hole(lc_provider, source, target):
    params = {"SOURCE": SYSTEMS.index(source), "TARGET": SYSTEMS.index(target), "OUTPUT": "memory:"}
    lines = memory_layer("LineString", [("route", 1, LINE)], "bus route")
    out = processing.run(ALG, dict(params, INPUT=lines))["OUTPUT"]
    check_converted(lines, out, source, target)
    parks = memory_layer("MultiPolygon", [("parks", 1, MULTIPOLYGON), ("none", 2, None)], "parks")
    res = processing.run(ALG, dict(params, INPUT=parks))
    check_converted(parks, res["OUTPUT"], source, target)
    park = features_by_n(res["OUTPUT"])[1].geometry()
    assert park.isMultipart() and len(park.asMultiPolygon()) == 2 and len(park.asMultiPolygon()[0]) == 2
    assert res["WITHOUT_GEOMETRY"] == 1 and res["CONVERTED_FEATURES"] == 1


def test_z_and_m_are_kept(lc_provider):
    points = memory_layer("PointZ", [("a", 1, "PointZ (121.47 31.23 12.5)"), ("b", 2, "PointZ (116.4 39.9 43)")],
                          "pois with height")
    out = processing.run(ALG, {"INPUT": points, "SOURCE": BD09, "TARGET": WGS84, "OUTPUT": "memory:"})["OUTPUT"]
    assert QgsWkbTypes.hasZ(out.wkbType())
    check_converted(points, out, "BD09", "WGS84")
    lines = memory_layer(
        "MultiLineStringZM",
        [("l", 1, "MultiLineStringZM ((121.47 31.23 1 10, 121.48 31.24 2 20),(121.5 31.2 3 30, 121.51 31.21 4 40))")],
        "tracks",
    )
    out = processing.run(ALG, {"INPUT": lines, "SOURCE": WGS84, "TARGET": GCJ02, "OUTPUT": "memory:"})["OUTPUT"]
    assert QgsWkbTypes.hasZ(out.wkbType()) and QgsWkbTypes.hasM(out.wkbType())
    check_converted(lines, out, "WGS84", "GCJ02")


def test_cgcs2000_layer_keeps_its_crs(lc_provider):
    layer = memory_layer("Point", POINTS[:2], "cgcs pois", crs="EPSG:4490")
    out = processing.run(ALG, {"INPUT": layer, "SOURCE": GCJ02, "TARGET": WGS84, "OUTPUT": "memory:"})["OUTPUT"]
    assert out.crs().authid() == "EPSG:4490"
    check_converted(layer, out, "GCJ02", "WGS84")


def test_round_trip_through_the_algorithm(lc_provider):
    parks = memory_layer("MultiPolygon", [("parks", 1, MULTIPOLYGON)], "parks")
    baidu = processing.run(ALG, {"INPUT": parks, "SOURCE": WGS84, "TARGET": BD09, "OUTPUT": "memory:"})["OUTPUT"]
    back = processing.run(ALG, {"INPUT": baidu, "SOURCE": BD09, "TARGET": WGS84, "OUTPUT": "memory:"})["OUTPUT"]
    v_in = vertices(next(parks.getFeatures()).geometry())
    v_back = vertices(next(back.getFeatures()).geometry())
    np.testing.assert_allclose(v_back[:, :2], v_in[:, :2], rtol=0, atol=1e-9)  # ≈ 0.1 mm


def test_feature_crossing_the_edge_of_china(lc_provider):
    # a ferry line from inside the box (137.5°E) to outside it (138.5°E)
    layer = memory_layer("LineString", [("ferry", 1, "LineString (137.5 35.0, 138.5 35.2)")], "ferry")
    res = processing.run(ALG, {"INPUT": layer, "SOURCE": WGS84, "TARGET": GCJ02, "OUTPUT": "memory:"})
    check_converted(layer, res["OUTPUT"], "WGS84", "GCJ02")
    v_out = vertices(next(res["OUTPUT"].getFeatures()).geometry())
    assert v_out[1, 0] == 138.5 and v_out[1, 1] == 35.2 and v_out[0, 0] != 137.5
    assert res["PARTLY_OUTSIDE_CHINA"] == 1 and res["OUTSIDE_CHINA"] == 0 and res["CONVERTED_FEATURES"] == 1


def test_projected_layer_is_refused_with_its_name(lc_provider):
    layer = memory_layer("Point", [("p", 1, "Point (350000 3456000)")], "projected pois", crs="EPSG:32651")
    with pytest.raises(QgsProcessingException, match="projected pois.*projected CRS"):
        processing.run(ALG, {"INPUT": layer, "SOURCE": GCJ02, "TARGET": WGS84, "OUTPUT": "memory:"})


def test_same_source_and_target_is_refused(lc_provider):
    layer = memory_layer("Point", POINTS[:1], "amap pois")
    with pytest.raises(QgsProcessingException, match="already in GCJ-02"):
        processing.run(ALG, {"INPUT": layer, "SOURCE": GCJ02, "TARGET": GCJ02, "OUTPUT": "memory:"})
    # also when run directly, without processing.run's parameter check
    alg = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    from qgis.core import QgsProcessingContext

    context = QgsProcessingContext()
    ok, message = alg.checkParameterValues({"INPUT": layer, "SOURCE": BD09, "TARGET": BD09, "OUTPUT": "memory:"},
                                           context)
    assert not ok and "BD-09" in message


def test_cancelled_run_writes_nothing(lc_provider, tmp_path):
    layer = memory_layer("Point", POINTS, "amap pois")
    target = tmp_path / "converted.gpkg"
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run(ALG, {"INPUT": layer, "SOURCE": GCJ02, "TARGET": WGS84, "OUTPUT": str(target)},
                       feedback=feedback)
    assert not target.exists()
