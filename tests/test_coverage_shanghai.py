"""Facility coverage on the real Shanghai street network (OSM, WGS 84 → the CGCS2000 Gauss–Krüger zone CM 120°E,
EPSG:4549, inside the algorithm), with
real metro stations as facilities, against an independent networkx computation (pyproj for the projection)."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from qgis import processing
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

import netref

EXCLUDED = {"motorway", "motorway_link", "trunk", "trunk_link"}


def test_metro_station_coverage_matches_networkx(lc_provider, data_dir):
    import fiona
    import geopandas as gpd
    from pyproj import Transformer

    with open(data_dir / "shanghai_metro_stations_central.csv", encoding="utf-8") as f:
        stations = list(csv.DictReader(f))
    assert len(stations) >= 10
    # two test categories, assigned by line number (only the distances matter here)
    codes = ["Q05" if int(s["line"]) % 2 else "Q03" for s in stations]
    fac = QgsVectorLayer("Point?crs=EPSG:4326&field=station:string&field=kind:string", "metro", "memory")
    feats = []
    for s, code in zip(stations, codes):
        f = QgsFeature(fac.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(s["lng"]), float(s["lat"]))))
        f.setAttributes([s["station"], code])
        feats.append(f)
    fac.dataProvider().addFeatures(feats)
    rng = np.random.default_rng(5)
    lon = rng.uniform(121.4615, 121.4860, 300)
    lat = rng.uniform(31.2200, 31.2408, 300)
    pop = rng.integers(0, 60, 300)
    res = QgsVectorLayer("Point?crs=EPSG:4326&field=pop:integer", "homes", "memory")
    feats = []
    for x, y, p in zip(lon, lat, pop):
        f = QgsFeature(res.fields())
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))))
        f.setAttributes([int(p)])
        feats.append(f)
    res.dataProvider().addFeatures(feats)
    out = processing.run("lifecircle:facilitycoverage", {
        "FACILITIES": fac, "CATEGORY_FIELD": "kind", "RESIDENTS": res, "POPULATION_FIELD": "pop",
        "NETWORK": f"{data_dir / 'shanghai_central_streets.osm'}|layername=lines",
        "THRESHOLDS": "Q03=800, Q05=1200", "RESIDENTS_OUTPUT": "memory:", "UNITS_OUTPUT": "memory:",
    })

    fiona.supported_drivers["OSM"] = "r"
    streets = gpd.read_file(data_dir / "shanghai_central_streets.osm", layer="lines").to_crs(4549)
    lines = [np.asarray(g.coords) for g, h in zip(streets.geometry, streets.highway) if h not in EXCLUDED]
    to_working = Transformer.from_crs(4326, 4549, always_xy=True)
    sx, sy = to_working.transform([float(s["lng"]) for s in stations], [float(s["lat"]) for s in stations])
    rx, ry = to_working.transform(lon, lat)
    got = sorted(out["RESIDENTS_OUTPUT"].getFeatures(), key=lambda f: f.id())
    checked = 0
    for code in ("Q03", "Q05"):
        g = netref.vertex_graph(lines)
        sel = [(x, y) for x, y, c in zip(sx, sy, codes) if c == code]
        nodes = netref.add_point_sets(g, {"f": sel, "r": list(zip(rx, ry))}, 150)
        ref = netref.nearest_source_distances(g, nodes["f"], nodes["r"], limit=3000)
        ours = np.array([f[f"d_{code}"] if isinstance(f[f"d_{code}"], float) else np.inf for f in got])
        assert np.array_equal(np.isinf(ours), np.isinf(ref)), code
        fin = np.isfinite(ref)
        np.testing.assert_allclose(ours[fin], ref[fin], atol=0.06)
        checked += int(fin.sum())
    assert checked > 300  # most homes reach a station within the search limit
    # the whole-area share is the population within the (overridden) threshold
    whole = next(iter(out["UNITS_OUTPUT"].getFeatures()))
    g = netref.vertex_graph(lines)
    nodes = netref.add_point_sets(g, {"f": [(x, y) for x, y, c in zip(sx, sy, codes) if c == "Q05"],
                                      "r": list(zip(rx, ry))}, 150)
    ref = netref.nearest_source_distances(g, nodes["f"], nodes["r"], limit=1200)
    assert whole["c_Q05"] == pytest.approx(100 * pop[ref <= 1200].sum() / pop.sum(), abs=0.051)
