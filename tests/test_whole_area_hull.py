"""The whole-area unit's hull (qgis_bridge.whole_area_hull), made by chunks with cancel checks between them,
equals the convex hull of all features at once."""

from __future__ import annotations

import numpy as np
import pytest


def point_layer(geoms):
    from qgis.core import QgsFeature, QgsFields

    from lifecircle.lifecircle_plugin.qgis_bridge import PointLayer

    feats = []
    for g in geoms:
        f = QgsFeature(QgsFields())
        if g is not None:
            f.setGeometry(g)
        feats.append(f)
    return PointLayer(name="r", xy=None, features=feats, fields=QgsFields(), crs=None)


def test_hull_by_chunks_equals_the_hull_of_everything(qgis_app):
    from qgis.core import QgsGeometry, QgsPointXY

    from lifecircle.lifecircle_plugin.qgis_bridge import whole_area_hull

    rng = np.random.default_rng(8)
    pts = rng.normal(0, 1000, (45_000, 2))
    geoms = [QgsGeometry.fromPointXY(QgsPointXY(float(x), float(y))) for x, y in pts]
    geoms[7] = None  # a resident without geometry
    geoms += [QgsGeometry.fromWkt("POLYGON((5000 5000, 5100 5000, 5100 5100, 5000 5000))")]  # a polygon resident
    checks = []
    hull = whole_area_hull(point_layer(geoms), lambda: checks.append(1))
    direct = QgsGeometry.collectGeometry([g for g in geoms if g is not None]).convexHull()
    assert len(checks) == 3  # one before each chunk of 20,000
    assert hull.area() == pytest.approx(direct.area(), rel=1e-12)
    assert hull.symDifference(direct).area() < 1e-9 * direct.area()


def test_degenerate_whole_area_has_no_geometry(qgis_app):
    from qgis.core import QgsGeometry

    from lifecircle.lifecircle_plugin.core.errors import CancelledError
    from lifecircle.lifecircle_plugin.qgis_bridge import whole_area_hull

    on_a_line = [QgsGeometry.fromWkt(f"POINT({x} {2 * x})") for x in range(30_000)]
    assert whole_area_hull(point_layer(on_a_line)).isNull()
    assert whole_area_hull(point_layer([QgsGeometry.fromWkt("POINT(1 1)")])).isNull()
    assert whole_area_hull(point_layer([None, None])).isNull()

    def cancelled():
        raise CancelledError()

    with pytest.raises(CancelledError):
        whole_area_hull(point_layer(on_a_line), cancelled)
