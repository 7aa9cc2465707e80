"""Bad inputs to lifecircle:convertcoords: projected, missing and odd CRS, empty layers, null/empty and invalid
geometries, Z/M, curved and multipart geometries, coordinates outside China or outside any valid range, long
non-ASCII attributes. Every converted vertex is checked against the core conversion of its own coordinates.
"""

from __future__ import annotations

import numpy as np
import pytest
from qgis.core import QgsFeatureRequest, QgsVectorFileWriter, QgsVectorLayer, QgsWkbTypes

import bad_inputs_support as S
from lifecircle.lifecircle_plugin.core.coords import convert_coordinates

ALG = "lifecircle:convertcoords"


def fails(tmp_path, params, pattern, ctx=None):
    out = str(tmp_path / "converted.gpkg")
    return S.run_fails(ALG, {**params, "OUTPUT": out}, pattern, [out], ctx=ctx)


def vertices(geometry):
    return [(v.x(), v.y(), v.z(), v.m()) for v in geometry.vertices()]


def test_projected_layer_is_refused(lc_provider, tmp_path):
    fails(tmp_path, {"INPUT": S.sample_uri("facilities")},
          r"Layer 'sample_district › facilities' is in EPSG:4549 \(.*\), a projected CRS\. GCJ-02 and BD-09 are "
          r"shifts of longitude and latitude")


def test_missing_crs_is_named(lc_provider, tmp_path):
    src = S.memory_layer("Point", [("名称", "string")], [["POINT(121.4 31.2)", "一点"]], crs="EPSG:4326")
    shp = tmp_path / "高德POI.shp"
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    options.fileEncoding = "UTF-8"
    assert QgsVectorFileWriter.writeAsVectorFormatV3(src, str(shp), S.context().transformContext(), options)[0] == 0
    shp.with_suffix(".prj").unlink()
    fails(tmp_path, {"INPUT": str(shp)}, r"Layer '高德POI' has no coordinate reference system\. Set it to the "
                                          r"geographic CRS")


def test_same_source_and_target_is_refused(lc_provider, tmp_path):
    layer = S.memory_layer("Point", [], [["POINT(121.4 31.2)"]], crs="EPSG:4326")
    fails(tmp_path, {"INPUT": layer, "SOURCE": 0, "TARGET": 0}, r"already in WGS 84|already in")


def test_empty_layer_gives_an_empty_output(lc_provider, tmp_path):
    out = str(tmp_path / "converted.gpkg")
    res = S.run(ALG, {"INPUT": S.memory_layer("Point", [("name", "string")], [], crs="EPSG:4326"), "OUTPUT": out})
    assert res["CONVERTED_FEATURES"] == 0 and S.layer_count(out) == 0


def test_z_m_curved_and_multipart_geometries(lc_provider, tmp_path):
    """Every vertex moves as the core converts it; Z and M values and the geometry types stay."""
    cases = {
        "PointZM": "POINT ZM(121.40 31.20 12.5 7)",
        "LineStringZ": "LINESTRING Z(121.40 31.20 3, 121.41 31.21 4, 121.42 31.20 5)",
        "CompoundCurve": "COMPOUNDCURVE(CIRCULARSTRING(121.40 31.20, 121.41 31.21, 121.42 31.20), "
                         "(121.42 31.20, 121.43 31.20))",
        "MultiPolygon": "MULTIPOLYGON(((121.40 31.20, 121.41 31.20, 121.41 31.21, 121.40 31.20)),"
                        "((121.50 31.30, 121.51 31.30, 121.51 31.31, 121.50 31.30)))",
        "CurvePolygon": "CURVEPOLYGON(CIRCULARSTRING(121.45 31.25, 121.46 31.26, 121.45 31.27, 121.44 31.26, "
                        "121.45 31.25))",
    }
    for kind, wkt in cases.items():
        layer = S.memory_layer(kind, [("名称", "string")], [[wkt, "点位·" * 400]], crs="EPSG:4326")
        before = vertices(next(layer.getFeatures()).geometry())
        out = str(tmp_path / f"{kind}.gpkg")
        res = S.run(ALG, {"INPUT": layer, "SOURCE": 1, "TARGET": 0, "OUTPUT": out})
        assert res["CONVERTED_FEATURES"] == 1, kind
        result = QgsVectorLayer(out, "o", "ogr")
        f = next(result.getFeatures())
        assert QgsWkbTypes.flatType(f.geometry().wkbType()) == QgsWkbTypes.flatType(layer.wkbType()), kind
        assert QgsWkbTypes.hasZ(f.geometry().wkbType()) == QgsWkbTypes.hasZ(layer.wkbType()), kind
        assert f["名称"] == "点位·" * 400
        after = vertices(f.geometry())
        del result
        xs, ys = np.array([v[0] for v in before]), np.array([v[1] for v in before])
        want = convert_coordinates(xs, ys, "GCJ02", "WGS84")
        assert np.allclose([v[0] for v in after], want.lon, atol=1e-9), kind
        assert np.allclose([v[1] for v in after], want.lat, atol=1e-9), kind
        np.testing.assert_array_equal([v[2:] for v in after], [v[2:] for v in before], err_msg=kind)  # Z, M


def test_coordinates_outside_china_or_out_of_range(lc_provider):
    layer = S.memory_layer("Point", [("name", "string")], [["POINT(500 100)", "不可能的经纬度"],
                                                           ["POINT(1e10 1e10)", "巨大坐标"],
                                                           ["POINT(121.4 31.2)", "上海"],
                                                           ["POINT(-181 0)", "西经"],
                                                           ["POINT(2.35 48.85)", "巴黎"]], crs="EPSG:4326")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": layer, "OUTPUT": "memory:"}, feedback=fb)
    assert (res["CONVERTED_FEATURES"], res["OUTSIDE_CHINA"]) == (1, 4)
    assert "4 feature(s) lie outside China, where GCJ-02 and BD-09 equal WGS 84, and were left unchanged " \
           "(feature ids 1, 2, 4, 5)" in fb.text()
    out = {f["name"]: f.geometry().asPoint() for f in res["OUTPUT"].getFeatures()}
    assert (out["巨大坐标"].x(), out["巴黎"].y()) == (1e10, 48.85)  # unchanged
    want = convert_coordinates(np.array([121.4]), np.array([31.2]), "GCJ02", "WGS84")
    assert (out["上海"].x(), out["上海"].y()) == pytest.approx((want.lon[0], want.lat[0]), abs=1e-12)


def test_line_crossing_the_border_is_partly_converted(lc_provider):
    layer = S.memory_layer("LineString", [], [["LINESTRING(137.0 31.0, 138.5 31.0)"]], crs="EPSG:4326")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": layer, "OUTPUT": "memory:"}, feedback=fb)
    assert (res["CONVERTED_FEATURES"], res["PARTLY_OUTSIDE_CHINA"]) == (1, 1)
    assert "cross the edge of China's bounding box" in fb.text()
    v = list(next(res["OUTPUT"].getFeatures()).geometry().vertices())
    assert (v[1].x(), v[1].y()) == (138.5, 31.0) and (v[0].x(), v[0].y()) != (137.0, 31.0)


def test_null_and_empty_geometries_pass_through(lc_provider):
    layer = S.memory_layer("Point", [("name", "string")], [["POINT(121.4 31.2)", "a"], [None, "无几何"],
                                                           ["POINT EMPTY", "空几何"]], crs="EPSG:4326")
    fb = S.recording_feedback()
    res = S.run(ALG, {"INPUT": layer, "OUTPUT": "memory:"}, ctx=S.context(QgsFeatureRequest.GeometryNoCheck),
                feedback=fb)
    assert (res["CONVERTED_FEATURES"], res["WITHOUT_GEOMETRY"]) == (1, 2)
    assert "2 feature(s) without geometry (null or empty) passed through unchanged (feature ids 2, 3)" in fb.text()
    assert sorted(f["name"] for f in res["OUTPUT"].getFeatures()) == ["a", "无几何", "空几何"]


@pytest.fixture()
def bowtie(tmp_path):
    layer = S.memory_layer("Polygon", [("name", "string")], [
        ["POLYGON((121.40 31.20, 121.41 31.21, 121.41 31.20, 121.40 31.21, 121.40 31.20))", "领结"]], crs="EPSG:4326")
    return S.write_gpkg(layer, tmp_path / "b.gpkg", "bow")


@pytest.mark.parametrize("check", [None, QgsFeatureRequest.GeometryAbortOnInvalid], ids=["default", "abort"])
def test_self_intersecting_polygon_stops_the_run(lc_provider, tmp_path, bowtie, check):
    fails(tmp_path, {"INPUT": bowtie}, r"Layer 'b › bow': 1 feature\(s\) with invalid geometry \(feature ids 1\)",
          ctx=S.context(check) if check is not None else None)


def test_self_intersecting_polygon_is_converted_when_skipping(lc_provider, bowtie):
    """Conversion needs no valid geometry: like QGIS's 'Reproject layer', invalid features are not dropped."""
    res = S.run(ALG, {"INPUT": bowtie, "OUTPUT": "memory:"}, ctx=S.context(QgsFeatureRequest.GeometrySkipInvalid))
    assert res["CONVERTED_FEATURES"] == 1
    v = list(next(res["OUTPUT"].getFeatures()).geometry().vertices())
    want = convert_coordinates(np.array([121.40]), np.array([31.20]), "GCJ02", "WGS84")
    assert (v[0].x(), v[0].y()) == pytest.approx((want.lon[0], want.lat[0]), abs=1e-12)
