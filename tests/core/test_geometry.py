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


def test_points_in_polygons_matches_shapely_point_by_point():
    """Random points (some on vertices and edges) against overlapping polygons with holes and a multipolygon:
    the same answer as asking shapely point by point (lowest index wins)."""
    import numpy as np
    from shapely.geometry import MultiPolygon, Point, Polygon, box

    rng = np.random.default_rng(5)
    polys = [
        Polygon([(0, 0), (60, 0), (60, 60), (0, 60)], [[(20, 20), (40, 20), (40, 40), (20, 40)]]),
        box(50, 50, 120, 90),
        MultiPolygon([box(100, 0, 130, 30), box(140, 0, 170, 30)]),
        Polygon([(0, 70), (45, 140), (90, 70)]),
        None,
        box(30, 30, 35, 35),  # inside the first polygon's hole
    ]
    xy = np.concatenate([
        rng.uniform(-10, 180, (4000, 2)),
        np.array([[0, 0], [60, 30], [20, 30], [30, 20], [50, 50], [60, 60], [130, 15], [45, 140], [32, 33]], float),
        np.array([[np.nan, 1.0]]),
    ])
    got = points_in_polygons(xy, polys)
    expected = []
    for x, y in xy:
        hit = -1
        if np.isfinite(x) and np.isfinite(y):
            for k, g in enumerate(polys):
                if g is not None and g.intersects(Point(x, y)):
                    hit = k
                    break
        expected.append(hit)
    assert got.tolist() == expected
    assert len(set(expected)) == 6  # every polygon (and 'none') is hit
