"""lifecircle:preparenetwork through processing.run, as a planner runs it in QGIS."""

from __future__ import annotations

import pytest
from qgis import processing
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsVectorLayer,
)

import netref

EXCLUDED = {"motorway", "motorway_link", "trunk", "trunk_link"}


def osm_lines(data_dir) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{data_dir / 'shanghai_central_streets.osm'}|layername=lines", "shanghai streets", "ogr")
    assert layer.isValid()
    return layer


def memory_lines(crs: str, lines, name="streets", fields="highway:string") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"LineString?crs={crs}&field={fields}", name, "memory")
    feats = []
    for coords, cls in lines:
        f = QgsFeature(layer.fields())
        if coords is None:
            f.setGeometry(QgsGeometry())
        else:
            f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in coords]))
        f.setAttributes([cls])
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def test_shanghai_osm_network_matches_reference(lc_provider, data_dir):
    layer = osm_lines(data_dir)
    res = processing.run(
        "lifecircle:preparenetwork",
        {"INPUT": layer, "NODE_TOLERANCE": 0, "OUTPUT": "memory:", "NODES": "memory:"},
    )
    edges, nodes = res["OUTPUT"], res["NODES"]
    # results come back in the input CRS (WGS 84), with lengths measured in metres (Gauss–Krüger CM 120°E)
    assert edges.crs().authid() == "EPSG:4326"
    assert res["COMPONENTS"] == 76
    assert res["EDGE_COUNT"] == edges.featureCount()
    assert res["NODE_COUNT"] == nodes.featureCount()
    # independent: project the input with pyproj, dedupe segments in a vertex-level networkx graph
    import geopandas as gpd
    import fiona

    fiona.supported_drivers["OSM"] = "r"
    g = gpd.read_file(data_dir / "shanghai_central_streets.osm", layer="lines").to_crs(4549)
    import numpy as np

    ref = netref.vertex_graph([np.asarray(geom.coords) for geom, h in zip(g.geometry, g.highway) if h not in EXCLUDED])
    assert res["TOTAL_LENGTH"] == pytest.approx(ref.size(weight="weight"), rel=1e-6)
    total = sum(f["length_m"] for f in edges.getFeatures())
    assert total == pytest.approx(res["TOTAL_LENGTH"], rel=1e-9)
    assert res["EXCLUDED_FEATURES"] == int(g.highway.isin(EXCLUDED).sum())
    # component 0 is the largest; degrees add up to twice the edges; dangles are degree-1 nodes
    comp_len = {}
    for f in edges.getFeatures():
        comp_len[f["component"]] = comp_len.get(f["component"], 0) + f["length_m"]
    assert max(comp_len, key=comp_len.get) == 0
    assert comp_len[0] / total == pytest.approx(res["LARGEST_COMPONENT_SHARE"])
    degrees = [f["degree"] for f in nodes.getFeatures()]
    assert sum(degrees) == 2 * edges.featureCount()
    assert res["DANGLES"] == sum(1 for d in degrees if d == 1)
    assert {f["road_class"] for f in edges.getFeatures()}.isdisjoint(EXCLUDED)
    # an edge's geometry length (in the working CRS) equals its length_m
    from qgis.core import QgsCoordinateTransform, QgsProject

    tr = QgsCoordinateTransform(edges.crs(), QgsCoordinateReferenceSystem("EPSG:4549"), QgsProject.instance())
    for f in list(edges.getFeatures())[:50]:
        geom = QgsGeometry(f.geometry())
        geom.transform(tr)
        assert geom.length() == pytest.approx(f["length_m"], abs=0.01)


def test_projected_network_gap_joined_and_reported(lc_provider):
    layer = memory_lines(
        "EPSG:4549",
        [
            ([(450000, 3450000), (450100, 3450000)], "residential"),
            ([(450100.6, 3450000), (450200, 3450000)], "residential"),  # 0.6 m gap
            ([(450100, 3450050), (450100, 3449950)], "trunk"),  # elevated road: left out
            (None, "footway"),
        ],
    )
    res = processing.run("lifecircle:preparenetwork", {"INPUT": layer, "OUTPUT": "memory:", "NODES": "memory:"})
    assert res["COMPONENTS"] == 1
    assert res["MERGED_NODES"] == 1 and res["CLOSED_GAPS"] == 1
    assert res["EXCLUDED_FEATURES"] == 1
    assert res["TOTAL_LENGTH"] == pytest.approx(200.0, abs=1e-6)
    merged = [f["merged"] for f in res["NODES"].getFeatures()]
    assert sorted(merged) == [0, 0, 1]
    assert res["OUTPUT"].crs().authid() == "EPSG:4549"


def test_split_at_crossings_option(lc_provider):
    layer = memory_lines(
        "EPSG:4549",
        [([(0 + 450000, 3450000), (450200, 3450000)], "x"), ([(450100, 3449900), (450100, 3450100)], "x")],
    )
    off = processing.run("lifecircle:preparenetwork", {"INPUT": layer, "OUTPUT": "memory:"})
    on = processing.run("lifecircle:preparenetwork", {"INPUT": layer, "SPLIT_AT_CROSSINGS": True, "OUTPUT": "memory:"})
    assert (off["COMPONENTS"], off["EDGE_COUNT"]) == (2, 2)
    assert (on["COMPONENTS"], on["EDGE_COUNT"]) == (1, 4)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: QgsVectorLayer("Point?crs=EPSG:4326", "shops", "memory"), "shops"),
        (lambda: QgsVectorLayer("LineString?crs=EPSG:4549", "empty streets", "memory"), "empty streets.*empty"),
        (
            lambda: memory_lines("EPSG:4549", [([(0, 0), (10, 0)], "trunk"), ([(10, 0), (20, 0)], "motorway")], "expressways"),
            "expressways.*no walkable lines.*2 excluded by class",
        ),
        (lambda: memory_lines("", [([(0, 0), (10, 0)], "residential")], "no crs"), "no crs.*no coordinate reference"),
    ],
)
def test_bad_input_is_named_and_writes_nothing(lc_provider, tmp_path, make, message):
    layer = make()
    out = tmp_path / "edges.gpkg"
    with pytest.raises(QgsProcessingException, match=message):
        processing.run("lifecircle:preparenetwork", {"INPUT": layer, "OUTPUT": str(out)})
    assert not out.exists()


def test_wrong_class_field_is_named(lc_provider):
    layer = memory_lines("EPSG:4549", [([(0, 0), (10, 0)], "residential")], "streets")
    with pytest.raises(QgsProcessingException, match="streets.*no field 'kind'"):
        processing.run("lifecircle:preparenetwork", {"INPUT": layer, "CLASS_FIELD": "kind", "OUTPUT": "memory:"})


def test_cancel_writes_nothing(lc_provider, tmp_path, data_dir):
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    out = tmp_path / "edges.gpkg"
    # the layer goes in by its URI: on its error path PyQGIS's processing.run keeps its frames (and so the
    # parameters) alive until exit, and a Python-owned OGR layer deleted after QGIS has exited crashes
    with pytest.raises(QgsProcessingException, match="[Cc]ancel"):
        processing.run(
            "lifecircle:preparenetwork",
            {"INPUT": f"{data_dir / 'shanghai_central_streets.osm'}|layername=lines", "OUTPUT": str(out)},
            feedback=feedback,
        )
    assert not out.exists()
