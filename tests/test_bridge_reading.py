"""qgis_bridge.read_source: attributes by field index in the order asked, WKB straight from layers without curves
(segmentised with them), and no second validity check for a source already checked under "stop on invalid";
read_points(checked=True): the invalid geometries found in the pass that reads the layer."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingFeatureSource,
    QgsVectorLayer,
)
from shapely import wkb

from lifecircle.lifecircle_plugin import qgis_bridge
from lifecircle.lifecircle_plugin.qgis_bridge import read_points, read_source

CRS = QgsCoordinateReferenceSystem("EPSG:4549")


def layer(kind: str, rows) -> QgsVectorLayer:
    lyr = QgsVectorLayer(f"{kind}?crs=EPSG:4549&field=a:string&field=b:integer&field=c:double", "t", "memory")
    feats = []
    for wkt, values in rows:
        f = QgsFeature(lyr.fields())
        if wkt:
            f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(values))
        feats.append(f)
    assert lyr.dataProvider().addFeatures(feats)
    return lyr


def source(lyr, check=QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck):
    ctx = QgsProcessingContext()
    ctx.setInvalidGeometryCheck(check)
    return QgsProcessingFeatureSource(lyr, ctx), ctx


def test_attributes_in_the_order_asked_and_wkb(qgis_app):
    lyr = layer("LineString", [("LINESTRING(0 0, 10 0)", ["x", 1, 2.5]), (None, [None, 2, None]),
                               ("LINESTRING(0 0, 0 5, 5 5)", ["z", None, 7.0])])
    src, ctx = source(lyr)
    data = read_source(src, "t", CRS, ctx, fields=["c", "a"], as_wkb=True)
    assert data.attributes == {"c": [2.5, None, 7.0], "a": ["x", None, "z"]}
    assert data.geometries[1] is None
    assert [wkb.loads(g).length for g in (data.geometries[0], data.geometries[2])] == [10.0, 10.0]


def test_curves_are_segmentised(qgis_app):
    lyr = layer("CompoundCurve", [("COMPOUNDCURVE(CIRCULARSTRING(0 0, 10 10, 20 0))", ["r", 1, 0.0])])
    src, ctx = source(lyr)
    g = wkb.loads(read_source(src, "t", CRS, ctx, as_wkb=True).geometries[0])
    assert g.geom_type == "LineString" and len(g.coords) > 10
    assert g.length == pytest.approx(10 * 3.141592653589793, rel=1e-3)  # the half circle of radius 10


def test_a_checked_source_is_not_checked_again(qgis_app):
    """Under "stop on invalid features" QGIS's own check stops a read at an invalid polygon; a source the algorithm
    has already checked (source_or_fail names every invalid one) is read without checking again."""
    bowtie = "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"
    lyr = layer("Polygon", [("POLYGON((0 0, 1 0, 1 1, 0 0))", ["ok", 1, 1.0]), (bowtie, ["bad", 2, 2.0])])
    src, ctx = source(lyr, QgsFeatureRequest.InvalidGeometryCheck.GeometryAbortOnInvalid)
    data = read_source(src, "t", CRS, ctx, fields=["b"], checked=True)
    assert data.attributes["b"] == [1, 2] and data.skipped_invalid == 0
    skipping, ctx = source(lyr, QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid)
    data = read_source(skipping, "t", CRS, ctx, fields=["b"], checked=True)  # (skip mode: still skipped)
    assert data.attributes["b"] == [1] and data.skipped_invalid == 1


ABORT = QgsFeatureRequest.InvalidGeometryCheck.GeometryAbortOnInvalid


def test_checked_points_list_the_invalid_polygons_in_one_pass(qgis_app):
    """Polygons (read feature by feature): under "stop" the bow-tie is listed, not thrown by QGIS's own check, and
    every feature is read (its point on surface where it has one); under "skip" QGIS skips it and nothing is
    listed; unchecked, nothing is listed."""
    bowtie = "POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"
    lyr = layer("Polygon", [("POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))", ["ok", 1, 1.0]), (bowtie, ["bad", 2, 2.0]),
                            (None, ["none", 3, 3.0])])
    src, ctx = source(lyr, ABORT)
    read = read_points(src, "t", CRS, ctx, checked=True)
    assert read.invalid == [2] and [f["b"] for f in read.features] == [1, 2, 3]
    assert read.xy[0].tolist() == [2.0, 2.0]
    skipping, ctx = source(lyr, QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid)
    read = read_points(skipping, "t", CRS, ctx, checked=True)
    assert read.invalid == [] and [f["b"] for f in read.features] == [1, 3] and read.skipped_invalid == 1
    unchecked, ctx = source(lyr, QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    assert read_points(unchecked, "t", CRS, ctx, checked=True).invalid == []


def test_checked_single_points_ask_geos_only_about_points_without_finite_coordinates(qgis_app, monkeypatch):
    """A point with finite coordinates is always valid; the others (infinite, NaN, empty, none) go to the one
    rule, is_invalid — here one that calls infinite points invalid (GEOS 3.11–3.13 call every point valid)."""
    import math

    from qgis.core import QgsPoint

    lyr = QgsVectorLayer("Point?crs=EPSG:4549&field=b:integer", "p", "memory")
    feats = []
    for k, g in enumerate([QgsGeometry(QgsPoint(1, 2)), QgsGeometry(QgsPoint(math.inf, 2)),
                           QgsGeometry(QgsPoint(math.nan, 5)), QgsGeometry.fromWkt("POINT EMPTY"), None,
                           QgsGeometry(QgsPoint(3, -math.inf)), QgsGeometry(QgsPoint(7, 8))]):
        f = QgsFeature(lyr.fields())
        if g is not None:
            f.setGeometry(g)
        f.setAttributes([k])
        feats.append(f)
    assert lyr.dataProvider().addFeatures(feats)
    asked = []

    def infinite_is_invalid(geometry):
        asked.append(geometry.asWkt() if geometry is not None and not geometry.isNull() else None)
        return not geometry.isNull() and not geometry.isEmpty() and not all(
            math.isfinite(c) for c in (geometry.asPoint().x(), geometry.asPoint().y()))

    monkeypatch.setattr(qgis_bridge, "is_invalid", infinite_is_invalid)
    src, ctx = source(lyr, ABORT)
    read = read_points(src, "p", CRS, ctx, checked=True)
    assert read.invalid == [2, 6]
    assert len(asked) == 5 and "Point (1 2)" not in asked and "Point (7 8)" not in asked
    assert read.xy[0].tolist() == [1.0, 2.0] and read.xy[6].tolist() == [7.0, 8.0]
    assert [f["b"] for f in read.features] == list(range(7))
    asked.clear()
    src, ctx = source(lyr, QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    assert read_points(src, "p", CRS, ctx, checked=True).invalid == [] and not asked
