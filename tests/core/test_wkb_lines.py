"""core/wkb_lines.invalid_lines against GEOS's own validity (shapely's is_valid) on hand-made lines: the network's
check under "stop on invalid features", made on the WKB already read."""

from __future__ import annotations

import math

import numpy as np
from shapely import wkb
from shapely.geometry import LineString, MultiLineString

from lifecircle.lifecircle_plugin.core.wkb_lines import invalid_lines

NAN = math.nan


def test_invalid_lines_are_those_geos_calls_invalid():
    geoms = [
        LineString([(0, 0), (10, 0)]),
        LineString([(5, 5), (5, 5)]),  # two vertices, one point: "too few points"
        LineString([(0, 0), (0, 0), (3, 4)]),  # a repeated vertex is fine
        MultiLineString([[(0, 0), (1, 1)], [(2, 2), (2, 2), (2, 2)]]),  # one part degenerate
        LineString([(0, 0), (NAN, 1)]),  # not a number
        MultiLineString([[(0, 0), (1, 0)], [(1, 0), (1, 1)]]),
        LineString([(0, 0), (1e-9, 0)]),  # short, but two points
    ]
    expected = [i for i, g in enumerate(geoms) if not g.is_valid]
    blobs = [wkb.dumps(g) for g in geoms] + [None, b""]  # null and empty: not invalid
    assert expected == [1, 3, 4]
    assert invalid_lines(blobs).tolist() == expected
    assert invalid_lines([]).tolist() == [] and invalid_lines([None]).tolist() == []


def test_big_endian_and_z_lines_read_the_same():
    geoms = [LineString([(0, 0, 1), (0, 0, 2)]), LineString([(0, 0, 1), (3, 0, 2)])]
    expected = [i for i, g in enumerate(geoms) if not g.is_valid]
    assert expected == [0]  # (validity is 2D: two vertices at one place are one point)
    assert invalid_lines([wkb.dumps(g, big_endian=True) for g in geoms]).tolist() == expected
    assert np.array_equal(invalid_lines([wkb.dumps(g) for g in geoms]), expected)
