"""Geometry helpers: point-in-polygon assignment and overlap detection (no spatial-index package)."""

import numpy as np
from shapely.geometry import Polygon, box

from lifecircle.lifecircle_plugin.core.geometry import overlapping_pairs, points_in_polygons


def test_points_in_polygons_boundaries_holes_and_nan():
    ring = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(4, 4), (6, 4), (6, 6), (4, 6)]])
    polys = [ring, box(10, 0, 20, 10), None]
    xy = np.array([[1, 1], [5, 5], [10, 5], [15, 5], [25, 5], [np.nan, 1], [0, 0]])
    # (5,5) is in the hole; (10,5) is on the shared edge -> the lower index; (0,0) a corner -> inside
    assert points_in_polygons(xy, polys).tolist() == [0, -1, 0, 1, -1, -1, 0]


def test_overlapping_pairs_reports_area():
    polys = [box(0, 0, 10, 10), box(10, 0, 20, 10), box(5, 5, 15, 15), box(100, 100, 101, 101)]
    pairs = overlapping_pairs(polys)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2), (1, 2)]
    assert [round(a, 6) for *_, a in pairs] == [25.0, 25.0]
