"""qgis_bridge.read_source: attributes by field index in the order asked, WKB straight from layers without curves
(segmentised with them), and no second validity check for a source already checked under "stop on invalid"."""

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

from lifecircle.lifecircle_plugin.qgis_bridge import read_source

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
