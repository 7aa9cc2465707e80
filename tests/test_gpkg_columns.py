"""lifecircle_plugin/gpkg_columns.py: a whole GeoPackage line layer read a column at a time gives exactly what the
Processing feature source gives (ids, WKB, values, NULLs, empty and missing geometries, Chinese text), and every
case where it would not — selection, limit, subset string, edit mode, another CRS, curves, "skip invalid", an
unsupported field type, a layer that is not a GeoPackage — falls back to the feature source."""

from __future__ import annotations

import pytest
from osgeo import ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsVectorLayer,
)
from shapely import wkb

from lifecircle.lifecircle_plugin import gpkg_columns
from lifecircle.lifecircle_plugin.gpkg_columns import read_lines_from_gpkg
from lifecircle.lifecircle_plugin.qgis_bridge import read_source

pytestmark = pytest.mark.usefixtures("release_layers")
CRS = QgsCoordinateReferenceSystem("EPSG:4549")
ROWS = [  # (WKT or None, highway, lanes, walk, opened)
    ("MULTILINESTRING ((0 0, 10 0))", "primary", 2, True, "2020-01-01"),
    ("MULTILINESTRING ((0 0, 0 5, 5 5, 9 9), (20 20, 30 30))", None, None, None, None),
    (None, "footway", 1, False, "2021-05-06"),
    ("MULTILINESTRING EMPTY", "主干路", 4, True, None),
    ("MULTILINESTRING Z ((1 1 3, 2 2 4))", "支路", -3, False, "2022-02-02"),
]


def make_gpkg(path, name="streets", epsg=4549, rows=ROWS):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer(name, srs, ogr.wkbMultiLineString25D)
    lyr.CreateField(ogr.FieldDefn("highway", ogr.OFTString))
    lyr.CreateField(ogr.FieldDefn("lanes", ogr.OFTInteger))
    walk = ogr.FieldDefn("walk", ogr.OFTInteger)
    walk.SetSubType(ogr.OFSTBoolean)
    lyr.CreateField(walk)
    lyr.CreateField(ogr.FieldDefn("opened", ogr.OFTDate))
    for wkt, *values in rows:
        f = ogr.Feature(lyr.GetLayerDefn())
        if wkt:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        for field, value in zip(("highway", "lanes", "walk", "opened"), values):
            if value is not None:
                f.SetField(field, value)
        lyr.CreateFeature(f)
    ds = None
    return f"{path}|layername={name}"


def override_flag():
    """The "own geometry check" flag of a source definition (an enum of Qgis's since QGIS 3.36)."""
    from qgis.core import Qgis

    moved = getattr(Qgis, "ProcessingFeatureSourceDefinitionFlag", None)
    if moved is not None:
        return moved.OverrideDefaultGeometryCheck
    return QgsProcessingFeatureSourceDefinition.Flag.FlagOverrideDefaultGeometryCheck


def context(check=QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck):
    ctx = QgsProcessingContext()
    ctx.setInvalidGeometryCheck(check)
    return ctx


def through_source(lyr, ctx, fields):
    return read_source(QgsProcessingFeatureSource(lyr, ctx), "streets", CRS, ctx, fields=fields, as_wkb=True,
                       checked=True)


def test_columns_give_what_the_feature_source_gives(qgis_app, tmp_path):
    uri = make_gpkg(tmp_path / "n.gpkg")
    lyr = QgsVectorLayer(uri, "streets", "ogr")
    ctx = context()
    fields = ["highway", "lanes"]
    fast = read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, fields)
    slow = through_source(lyr, ctx, fields)
    assert fast is not None and fast.fids == slow.fids == [1, 2, 3, 4, 5] and fast.name == "streets"
    assert fast.attributes == slow.attributes
    assert fast.attributes["highway"] == ["primary", None, "footway", "主干路", "支路"]
    assert fast.attributes["lanes"] == [2, None, 1, 4, -3]
    assert [g is None for g in fast.geometries] == [g is None for g in slow.geometries] == [False, False, True,
                                                                                            True, False]
    for a, b in zip(fast.geometries, slow.geometries):
        if a is not None:
            assert wkb.loads(a).equals_exact(wkb.loads(b), 0) and wkb.loads(a).has_z == wkb.loads(b).has_z


def test_every_other_case_falls_back(qgis_app, tmp_path, monkeypatch):
    uri = make_gpkg(tmp_path / "n.gpkg")
    lyr = QgsVectorLayer(uri, "streets", "ogr")
    ctx = context()
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["highway"]) is not None
    # what the feature source would filter or change
    selected = QgsProcessingFeatureSourceDefinition(lyr.id(), True)
    limited = QgsProcessingFeatureSourceDefinition(lyr.id(), False, 2)
    assert read_lines_from_gpkg(lyr, selected, "streets", CRS, ctx, ["highway"]) is None
    assert read_lines_from_gpkg(lyr, limited, "streets", CRS, ctx, ["highway"]) is None
    own_check = QgsProcessingFeatureSourceDefinition(
        lyr.id(), False, -1, override_flag(),
        QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid)
    plain = QgsProcessingFeatureSourceDefinition(lyr.id())
    assert read_lines_from_gpkg(lyr, own_check, "streets", CRS, ctx, ["highway"]) is None
    assert read_lines_from_gpkg(lyr, plain, "streets", CRS, ctx, ["highway"]) is not None
    lonlat = QgsCoordinateReferenceSystem("EPSG:4326")
    assert read_lines_from_gpkg(lyr, uri, "streets", lonlat, ctx, ["highway"]) is None
    skip = context(QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid)
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, skip, ["highway"]) is None
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["opened"]) is None  # (a date: QGIS's conversion)
    # (a boolean: GDAL 3.6 unpacks a column of them wrongly)
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["walk"]) is None
    lyr.setSubsetString("lanes > 1")
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["highway"]) is None
    lyr.setSubsetString("")
    lyr.startEditing()
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["highway"]) is None
    lyr.rollBack()
    memory = QgsVectorLayer("MultiLineString?crs=EPSG:4549&field=highway:string", "m", "memory")
    assert read_lines_from_gpkg(memory, "m", "m", CRS, ctx, ["highway"]) is None
    # a GDAL without the columnar reader
    monkeypatch.setattr(gpkg_columns, "_columnar_reader", lambda lyr: None)
    assert read_lines_from_gpkg(lyr, uri, "streets", CRS, ctx, ["highway"]) is None


def test_the_algorithm_reads_a_geopackage_network_by_columns_with_the_same_result(lc_provider, sample_gpkg,
                                                                                  monkeypatch):
    """preparenetwork on the sample district's streets: read by columns (seen by a spy) and through the feature
    source, the same network."""
    import processing

    used = []
    real = gpkg_columns.read_lines_from_gpkg

    def spy(*a, **k):
        data = real(*a, **k)
        used.append(data is not None)
        return data

    def run():
        out = processing.run("lifecircle:preparenetwork", {
            "INPUT": f"{sample_gpkg}|layername=streets", "OUTPUT": "memory:", "NODES": "memory:"})
        edges = out["OUTPUT"]
        return sorted((round(f.geometry().length(), 6), tuple(f.attributes()[1:])) for f in edges.getFeatures())

    monkeypatch.setattr(gpkg_columns, "read_lines_from_gpkg", spy)
    by_columns = run()
    monkeypatch.setattr(gpkg_columns, "read_lines_from_gpkg", lambda *a, **k: used.append(False))
    by_features = run()
    assert used == [True, False]
    assert len(by_columns) > 500 and by_columns == by_features
