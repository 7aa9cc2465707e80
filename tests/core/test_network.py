"""The walking-network engine, without QGIS: hand-worked cases, an independent networkx reference on random
networks (hypothesis) and on the real Shanghai street network."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Point

from lifecircle.lifecircle_plugin.core.crs import cgcs2000_gk3_epsg, local_projected_epsg, scale_error, utm_epsg
from lifecircle.lifecircle_plugin.core.errors import CancelledError, LifeCircleError
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network, points_xy

import netref

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------------------------------------
# a hand-worked network
#
#      (100,100)
#          |
#   (0,0)--+--(200,0)  (200,0.5)--(300,0)     (1 m gap: closed by the node tolerance)
#        (100,0)
#    and a separate vertical line x=50 from (50,-50) to (50,50) that crosses without a shared vertex.


def hand_lines():
    return [
        LineString([(0, 0), (100, 0), (200, 0)]),
        LineString([(100, 0), (100, 100)]),
        LineString([(200, 0.5), (300, 0)]),
        LineString([(50, -50), (50, 50)]),
    ]


def test_hand_worked_topology_and_gap():
    net = build_network(hand_lines(), NetworkOptions(node_tolerance=1.0))
    d = net.diagnostics
    # nodes: (0,0), (100,0), (200,0) [+ (200,0.5) merged], (100,100), (300,0), (50,-50), (50,50)
    assert net.n_nodes == 7
    assert net.n_edges == 5
    assert sorted(np.round(net.edge_length, 6)) == [100.0] * 5  # (200,0)->(300,0) after the gap is closed
    assert len(d.merges) == 1 and d.closed_gaps == 1
    assert d.merges[0].distance == pytest.approx(0.5)
    assert d.components == 2  # the crossing line stays apart: OSM-like data is not split at crossings
    assert d.largest_component_share == pytest.approx(400 / 500)
    assert d.dangles == 5
    assert net.node_degree.sum() == 2 * net.n_edges


def test_hand_worked_distances_include_access_legs():
    net = build_network(hand_lines(), NetworkOptions(node_tolerance=1.0))
    pts = np.array([[10, 5], [290, 3], [100, 120], [1000, 1000], [150, -4]])
    s = net.snap(pts, tolerance=150)
    assert list(s.edge[:3] >= 0) == [True, True, True]
    assert list(s.beyond) == [3]  # (1000,1000) is listed, never snapped far away
    np.testing.assert_allclose(s.access[[0, 1, 2, 4]], [5, 3, 20, 4])
    r = net.router({"p": s})
    src = np.array([True, False, False, False, False])
    d = r.nearest_distance("p", "p", source_mask=src)
    # (10,5) -> 5 access + 90 to (100,0) + 100 + 90 along + 3 access = 288
    np.testing.assert_allclose(d[[0, 1, 2, 4]], [0, 5 + 90 + 100 + 90 + 3, 5 + 90 + 100 + 20, 5 + 140 + 4])
    assert math.isinf(d[3])
    # a limit cuts: 288 > 250
    d2 = r.nearest_distance("p", "p", limit=250, source_mask=src)
    assert math.isinf(d2[1]) and d2[4] == pytest.approx(149)


def test_two_points_on_one_edge_go_straight_along_it():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    s = net.snap(np.array([[400, 10], [430, -20]]), 50)
    r = net.router({"a": s})
    d = r.nearest_distance("a", "a", source_mask=np.array([True, False]))
    assert d[1] == pytest.approx(10 + 30 + 20)


def test_split_at_crossings_joins_centre_lines():
    lines = [LineString([(0, 0), (200, 0)]), LineString([(100, -100), (100, 100)])]
    off = build_network(lines, NetworkOptions(split_at_crossings=False))
    on = build_network(lines, NetworkOptions(split_at_crossings=True))
    assert off.diagnostics.components == 2 and off.n_edges == 2
    assert on.diagnostics.components == 1 and on.n_edges == 4
    assert on.diagnostics.crossing_nodes_added == 1
    s = on.snap(np.array([[0, 0], [100, 100]]), 1)
    d = on.router({"a": s}).nearest_distance("a", "a", source_mask=np.array([True, False]))
    assert d[1] == pytest.approx(200)


def test_classes_walkable_flags_nulls_and_duplicates():
    lines = [
        LineString([(0, 0), (100, 0)]),
        LineString([(100, 0), (0, 0)]),  # duplicate, reversed
        LineString([(100, 0), (200, 0)]),
        None,
        LineString([(200, 0), (300, 0)]),
        MultiLineString([[(300, 0), (400, 0)], [(400, 0), (400, 0)]]),  # second part has zero length
        Point(5, 5),
    ]
    classes = ["residential", "residential", "trunk", None, "footway", "service", "residential"]
    walkable = [None, 1, 1, 1, "否", "yes", None]
    net = build_network(lines, NetworkOptions(), classes=classes, walkable=walkable, feature_ids=list(range(10, 17)))
    d = net.diagnostics
    assert d.excluded_by_class == 1
    assert d.excluded_not_walkable == 1
    assert d.null_geometries == [13]
    assert d.non_line_geometries == [16]
    assert d.zero_length_parts == 1
    assert d.duplicate_edges == 1
    assert net.n_edges == 2  # (0,0)-(100,0) and (300,0)-(400,0)
    assert d.components == 2
    assert sorted(net.edge_source.tolist()) == [0, 5]


def test_every_line_excluded_is_a_clear_error():
    with pytest.raises(LifeCircleError, match=r"'streets'.*no walkable lines.*2 excluded by class"):
        build_network(
            [LineString([(0, 0), (1, 1)]), LineString([(1, 1), (2, 2)])],
            classes=["trunk", "motorway"],
            layer_name="streets",
        )
    with pytest.raises(LifeCircleError, match=r"'pois' has no line geometries"):
        build_network([Point(0, 0), Point(1, 1)], layer_name="pois")
    with pytest.raises(LifeCircleError, match="empty"):
        build_network([], layer_name="empty")
    with pytest.raises(LifeCircleError, match="NODE_TOLERANCE"):
        NetworkOptions(node_tolerance=-1)
    net = build_network([LineString([(0, 0), (1, 1)])])
    with pytest.raises(LifeCircleError, match="SNAP_TOLERANCE"):
        net.snap(np.array([[0, 0]]), -5)


def test_turn_back_ways_become_a_dead_end():
    # OSMnx writes a two-way street as A-B-A: it is one dead-end street of 50 m, not a 100 m loop
    net = build_network([LineString([(0, 0), (0, 50), (0, 0)]), LineString([(0, 0), (100, 0)])])
    assert net.diagnostics.total_length == pytest.approx(150)
    assert net.diagnostics.dangles == 2
    assert net.diagnostics.duplicate_edges == 1


def test_cancel_and_progress():
    seen = []
    lines = [LineString([(10 * i, 0), (10 * i + 10, 0)]) for i in range(100)]
    build_network(lines, progress=seen.append)
    assert seen[-1] == 1.0 and all(0 <= f <= 1 for f in seen)
    assert seen == sorted(seen)
    with pytest.raises(CancelledError):
        build_network(lines, is_cancelled=lambda: True)


def test_distance_matrix_and_nearest_source_agree():
    rng = np.random.default_rng(1)
    lines = [LineString([(x, 0), (x, 1000)]) for x in range(0, 1001, 100)] + [
        LineString([(0, y), (1000, y)]) for y in range(0, 1001, 100)
    ]
    net = build_network(lines, NetworkOptions(split_at_crossings=True))
    fac = net.snap(rng.uniform(0, 1000, (15, 2)), 60)
    res = net.snap(rng.uniform(0, 1000, (200, 2)), 60)
    r = net.router({"f": fac, "r": res})
    m = r.distance_matrix("f", "r", limit=600).toarray()
    m[m == 0] = np.inf
    d, which = r.nearest_distance("f", "r", limit=600, return_source=True)
    np.testing.assert_allclose(np.min(m, axis=0), d, rtol=1e-9)
    ok = np.isfinite(d)
    np.testing.assert_allclose(m[which[ok], np.flatnonzero(ok)], d[ok], rtol=1e-9)


def test_points_xy_handles_nulls_and_polygons():
    from shapely.geometry import Polygon

    xy = points_xy([Point(1, 2), None, Polygon([(0, 0), (2, 0), (2, 2), (0, 2)])])
    assert xy[0].tolist() == [1, 2] and np.isnan(xy[1]).all() and xy[2].tolist() == [1, 1]


# ---------------------------------------------------------------------------------------------------------
# random networks against the independent networkx reference


@st.composite
def random_network(draw):
    n_junctions = draw(st.integers(3, 12))
    coords = st.tuples(st.integers(0, 500), st.integers(0, 500))
    junctions = draw(st.lists(coords, min_size=n_junctions, max_size=n_junctions, unique=True))
    n_lines = draw(st.integers(2, 15))
    lines = []
    for _ in range(n_lines):
        a = draw(st.sampled_from(junctions))
        b = draw(st.sampled_from(junctions))
        mids = draw(st.lists(coords, max_size=2))
        pts = [a] + mids + [b]
        pts = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
        if len(pts) >= 2:
            lines.append([(float(x), float(y)) for x, y in pts])
    points = draw(st.lists(st.tuples(st.floats(-50, 550), st.floats(-50, 550)), min_size=2, max_size=12))
    n_src = draw(st.integers(1, len(points) - 1))
    return lines, points, n_src


def partial_overlaps(lines) -> bool:
    """True when two segments overlap along a stretch without being the same segment: a point there has two
    equally near projections that are far apart along the network (ambiguous for any engine)."""
    from shapely.ops import unary_union

    segs = {tuple(sorted((a, b))) for ln in lines for a, b in zip(ln[:-1], ln[1:]) if a != b}
    total = sum(math.dist(a, b) for a, b in segs)
    return total > unary_union([LineString(sg) for sg in segs]).length + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(random_network())
def test_distances_match_networkx_on_random_networks(case):
    lines, points, n_src = case
    lines = [ln for ln in lines if LineString(ln).length > 0]
    assume(lines and not partial_overlaps(lines))
    # node_tolerance 0: the reference does not merge nodes either
    net = build_network([LineString(ln) for ln in lines], NetworkOptions(node_tolerance=0))
    tol = 80.0
    sources, targets = points[:n_src], points[n_src:]
    s = net.snap(np.array(sources), tol)
    t = net.snap(np.array(targets), tol)
    ours = net.router({"s": s, "t": t}).nearest_distance("s", "t")

    g = netref.vertex_graph(lines)
    nodes = netref.add_point_sets(g, {"s": sources, "t": targets}, tol)
    ref = netref.nearest_source_distances(g, nodes["s"], nodes["t"])
    assert np.array_equal(np.isinf(ours), np.isinf(ref))
    fin = np.isfinite(ref)
    np.testing.assert_allclose(ours[fin], ref[fin], rtol=1e-7, atol=2e-3)
    # snapping agrees on who is beyond the tolerance
    assert [n is None for n in nodes["t"]] == list(t.edge < 0)


@settings(max_examples=40, deadline=None)
@given(random_network())
def test_components_and_length_match_networkx(case):
    import networkx as nx

    lines, _, _ = case
    lines = [ln for ln in lines if LineString(ln).length > 0]
    if not lines:
        return
    net = build_network([LineString(ln) for ln in lines], NetworkOptions(node_tolerance=0))
    g = netref.vertex_graph(lines)
    assert net.diagnostics.components == nx.number_connected_components(g)
    # no segment is counted twice, none is lost
    assert net.diagnostics.total_length == pytest.approx(g.size(weight="weight"), rel=1e-9, abs=1e-3)


# ---------------------------------------------------------------------------------------------------------
# the real Shanghai street network (OSM, GDAL's OSM driver as QGIS reads it)

EXCLUDED = {"motorway", "motorway_link", "trunk", "trunk_link"}


@pytest.fixture(scope="module")
def shanghai(data_dir):
    import fiona
    import geopandas as gpd

    fiona.supported_drivers["OSM"] = "r"
    g = gpd.read_file(data_dir / "shanghai_central_streets.osm", layer="lines")
    return g.to_crs(32651)


def test_shanghai_components_length_and_largest_piece(shanghai):
    import networkx as nx

    g = shanghai
    net = build_network(list(g.geometry), NetworkOptions(node_tolerance=0), classes=list(g.highway))
    walk = [np.asarray(geom.coords) for geom, h in zip(g.geometry, g.highway) if h not in EXCLUDED]
    ref = netref.vertex_graph(walk)
    comps = sorted(nx.connected_components(ref), key=len, reverse=True)
    assert net.diagnostics.components == len(comps) == 76  # the published fact about this extract
    assert len(comps[0]) == 1632
    assert net.diagnostics.excluded_by_class == int(g.highway.isin(EXCLUDED).sum())
    assert net.diagnostics.total_length == pytest.approx(ref.size(weight="weight"), rel=1e-7)
    # the engine's largest component holds the same junctions as the reference's
    big = net.node_xy[net.node_component == 0]
    keys = {(float(x), float(y)) for x, y in big}
    assert keys <= comps[0]


def test_shanghai_distances_match_networkx(shanghai):
    g = shanghai
    net = build_network(list(g.geometry), NetworkOptions(node_tolerance=0), classes=list(g.highway))
    rng = np.random.default_rng(7)
    minx, miny, maxx, maxy = g.total_bounds
    pts = np.column_stack([rng.uniform(minx, maxx, 120), rng.uniform(miny, maxy, 120)])
    tol = 150.0
    src, tgt = pts[:8], pts[8:]
    s = net.snap(src, tol)
    t = net.snap(tgt, tol)
    ours = net.router({"s": s, "t": t}).nearest_distance("s", "t", limit=1500)

    walk = [np.asarray(geom.coords) for geom, h in zip(g.geometry, g.highway) if h not in EXCLUDED]
    ref_g = netref.vertex_graph(walk)
    nodes = netref.add_point_sets(ref_g, {"s": src.tolist(), "t": tgt.tolist()}, tol)
    ref = netref.nearest_source_distances(ref_g, nodes["s"], nodes["t"], limit=1500)
    assert np.array_equal(np.isinf(ours), np.isinf(ref))
    fin = np.isfinite(ref)
    assert fin.sum() > 30  # a meaningful sample
    np.testing.assert_allclose(ours[fin], ref[fin], rtol=1e-7, atol=2e-3)


def test_shanghai_node_tolerance_reports_merges(shanghai):
    g = shanghai
    a = build_network(list(g.geometry), NetworkOptions(node_tolerance=0), classes=list(g.highway))
    b = build_network(list(g.geometry), NetworkOptions(node_tolerance=5), classes=list(g.highway))
    # every merge is reported; a node also goes when every edge it had collapsed below the tolerance
    merges = b.diagnostics.merges
    assert len(merges) > 0
    assert a.n_nodes - b.n_nodes >= len(merges)
    if a.n_nodes - b.n_nodes > len(merges):
        assert b.diagnostics.collapsed_edges > 0
    assert b.diagnostics.total_length < a.diagnostics.total_length
    assert all(m.distance <= 5 for m in b.diagnostics.merges)
    assert b.diagnostics.components <= a.diagnostics.components


# ---------------------------------------------------------------------------------------------------------


def test_local_projected_crs():
    assert utm_epsg(121.47, 31.23) == 32651  # Shanghai
    assert utm_epsg(116.4, 39.9) == 32650  # Beijing
    assert utm_epsg(-43.2, -22.9) == 32723  # Rio
    assert cgcs2000_gk3_epsg(121.47) == 4549  # CM 120°E
    assert cgcs2000_gk3_epsg(116.4) == 4548  # CM 117°E
    # in China the CGCS2000 Gauss–Krüger zone of the data, whatever the datum; elsewhere UTM
    assert local_projected_epsg(121.47, 31.23) == 4549
    assert local_projected_epsg(87.6, 43.8) == 4538  # Ürümqi: CM 87°E
    assert local_projected_epsg(2.35, 48.85) == 32631  # Paris
    assert local_projected_epsg(139.7, 35.7) == 32654  # Tokyo: east of China's zones
    with pytest.raises(ValueError):
        local_projected_epsg(500, 0)


def test_scale_error_is_the_worst_stretch_or_shrink():
    assert scale_error([1.0002, 0.9990, 1.0005]) == pytest.approx(0.0010)
    assert scale_error([1.1669, 1.1671]) == pytest.approx(0.1671)
    assert scale_error([]) == 0.0


def test_core_never_imports_qgis():
    core = ROOT / "lifecircle_plugin" / "core"
    modules = sorted(p.stem for p in core.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys; sys.path.insert(0, %r)\n" % str(ROOT / "build")
        + "".join(f"import lifecircle.lifecircle_plugin.core.{m}\n" for m in modules)
        + "bad = [m for m in sys.modules if m == 'qgis' or m.startswith('qgis.')]\n"
        + "assert not bad, bad\nprint(len(%r))\n" % modules
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(modules) >= 3


def test_reach_sets_by_tiles_equal_the_whole_network(monkeypatch):
    """Large networks run per-source searches on tiles (nodes within the limit of the tile's sources):
    the answer must be exactly the whole-network one."""
    from lifecircle.lifecircle_plugin.core import network as network_module

    rng = np.random.default_rng(3)
    k = 150  # 22,500 junctions: above the tiling threshold
    lines = [LineString([(x * 100.0, y * 100.0), ((x + 1) * 100.0, y * 100.0)]) for x in range(k - 1) for y in range(k)]
    lines += [LineString([(x * 100.0, y * 100.0), (x * 100.0, (y + 1) * 100.0)]) for x in range(k) for y in range(k - 1)]
    net = build_network(lines)
    assert net.n_nodes >= 20000
    src = net.snap(rng.uniform(0, 14900, (300, 2)), 80)
    tgt = net.snap(rng.uniform(0, 14900, (3000, 2)), 80)
    router = net.router({"s": src, "t": tgt})
    tiled = router.distance_matrix("s", "t", limit=700)
    # and with tiles of any size: smaller than the limit (one source each, mostly), a few limits, very large
    fixed = {}
    for side in (350.0, 1400.0, 9000.0):
        monkeypatch.setattr(network_module.Router, "_tile_size", lambda self, sx, sy, limit, side=side: side)
        fixed[side] = net.router({"s": src, "t": tgt}).distance_matrix("s", "t", limit=700)
    monkeypatch.undo()
    whole_tiles = network_module.Router._tiles

    def one_tile(self, source_set, idx, limit, min_nodes=20000):
        yield from whole_tiles(self, source_set, idx, limit, min_nodes=10**9)

    monkeypatch.setattr(network_module.Router, "_tiles", one_tile)
    whole = router.distance_matrix("s", "t", limit=700)
    assert tiled.nnz == whole.nnz > 1000
    assert abs(tiled - whole).max() < 1e-9
    for side, m in fixed.items():
        assert m.nnz == whole.nnz, side
        assert abs(m - whole).max() < 1e-9, side


def _wkb(order: str, code: int, body: bytes, srid: int = None) -> bytes:
    import struct

    head = struct.pack(order + "BI", 1 if order == "<" else 0, code | (0x20000000 if srid is not None else 0))
    return head + (struct.pack(order + "I", srid) if srid is not None else b"") + body


def _line_body(order: str, pts, dims: int = 2) -> bytes:
    import struct

    out = struct.pack(order + "I", len(pts))
    for i, p in enumerate(pts):
        out += struct.pack(order + "d" * dims, *(list(p) + [10.0 * i, 99.0][: dims - 2]))
    return out


def test_bulk_wkb_reader_matches_geometry_by_geometry():
    """Every WKB variant the bulk reader meets gives the same parts, in the same order, as the reader that
    walks one geometry at a time (and non-lines, nulls and malformed buffers are sorted the same way)."""
    from lifecircle.lifecircle_plugin.core.wkb_lines import geometry_line_parts as _geometry_line_parts
    from lifecircle.lifecircle_plugin.core.wkb_lines import read_line_parts as _read_line_parts

    a = [(0, 0), (10, 0), (10, 5)]
    b = [(3, 3), (4, 4)]
    ml = lambda order, code, parts, dims=2: _wkb(order, code, struct_u32(order, len(parts)) + b"".join(
        _wkb(order, {2: 2, 3: 1002, 4: 3002}[dims], _line_body(order, p, dims)) for p in parts))
    geoms = [
        LineString(a),                                     # shapely geometry
        LineString(a).wkb,                                 # little-endian WKB
        _wkb(">", 2, _line_body(">", a)),                  # big-endian
        _wkb("<", 1002, _line_body("<", a, 3)),            # ISO Z
        _wkb("<", 2002, _line_body("<", a, 3)),            # ISO M
        _wkb("<", 3002, _line_body("<", a, 4)),            # ISO ZM
        _wkb("<", 0x80000002, _line_body("<", b, 3)),      # EWKB Z
        _wkb("<", 2, _line_body("<", b), srid=4549),       # EWKB with SRID
        ml("<", 5, [a, b]),                                # MultiLineString
        ml("<", 1005, [b, a], 3),                          # MultiLineString Z
        ml("<", 5, [a, [], b]),                            # with an empty part
        ml("<", 5, []),                                    # empty multi
        ml("<", 7, [b]),                                   # collection of lines
        _wkb("<", 7, struct_u32("<", 2) + _wkb("<", 1, b"\0" * 16) + _wkb("<", 2, _line_body("<", b))),  # + point
        Point(1, 2).wkb,                                   # not a line
        None,
        b"",
        b"\x01\x02\x00",                                   # truncated
        LineString(a).wkb[:-4],                            # truncated coordinates
        ml("<", 5, [a, b])[:-8],                           # truncated multi
        bytearray(LineString(b).wkb),
        MultiLineString([a, b]),
        LineString(),
    ]
    use = np.arange(len(geoms))
    flat, counts, src, kind = _read_line_parts(geoms, use)
    exp_parts, exp_src, exp_kind = [], [], []
    for i, g in enumerate(geoms):
        parts = _geometry_line_parts(g)
        exp_kind.append(2 if parts is None else (1 if not parts else 0))
        for p in parts or []:
            exp_parts.append(p)
            exp_src.append(i)
    assert kind.tolist() == exp_kind
    assert src.tolist() == exp_src
    assert counts.tolist() == [len(p) for p in exp_parts]
    assert np.array_equal(flat, np.concatenate(exp_parts))
    # and a subset (``use``) keeps the original feature indices
    sub = np.array([2, 8, 14, 21])
    flat2, counts2, src2, kind2 = _read_line_parts(geoms, sub)
    assert src2.tolist() == [2, 8, 8, 21, 21] and kind2.tolist() == [0, 0, 2, 0]
    assert np.array_equal(flat2, np.concatenate([np.array(a, float), np.array(a, float), np.array(b, float),
                                                 np.array(a, float), np.array(b, float)]))


def struct_u32(order: str, n: int) -> bytes:
    import struct

    return struct.pack(order + "I", n)


@pytest.mark.parametrize("k", [1, 3, 12])
def test_nearest_segment_matches_brute_force(k):
    """The segment index gives the exact nearest segment (distance, and the lowest index on ties) whatever the
    number of candidates it starts from (k = 1 makes nearly every point take the exhaustive path)."""
    from lifecircle.lifecircle_plugin.core.snapping import SegmentIndex

    rng = np.random.default_rng(k)
    # streets on a coarse grid (many exact ties at corners) plus random crooked segments
    g = np.arange(0, 1000, 100.0)
    x0 = np.concatenate([g[:-1].repeat(10), np.tile(g, 9), rng.uniform(0, 900, 300)])
    y0 = np.concatenate([np.tile(g, 9), g[:-1].repeat(10), rng.uniform(0, 900, 300)])
    x1 = np.concatenate([g[1:].repeat(10), np.tile(g, 9), x0[-300:] + rng.normal(0, 60, 300)])
    y1 = np.concatenate([np.tile(g, 9), g[1:].repeat(10), y0[-300:] + rng.normal(0, 60, 300)])
    index = SegmentIndex(x0, y0, x1, y1, cell=25.0)
    px = np.concatenate([rng.uniform(-100, 1000, 3000), g.repeat(3)])
    py = np.concatenate([rng.uniform(-100, 1000, 3000), np.tile(g[:3], 10)])
    seg, dist, t = index.nearest(px, py, 40.0, chunk=700, k=k)
    # brute force over every segment
    dx, dy = x1 - x0, y1 - y0
    tt = np.clip(((px[:, None] - x0) * dx + (py[:, None] - y0) * dy) / (dx * dx + dy * dy), 0, 1)
    dd = np.hypot(px[:, None] - (x0 + tt * dx), py[:, None] - (y0 + tt * dy))
    best = dd.min(axis=1)
    within = best <= 40.0
    assert np.array_equal(seg >= 0, within)
    np.testing.assert_allclose(dist[within], best[within], atol=1e-9)
    # ties: the lowest index among the segments at the best distance
    lowest = np.argmax(dd <= best[:, None] + 1e-9, axis=1)
    assert np.array_equal(seg[within], lowest[within])
    assert np.all(dist[~within] == np.inf)
    assert 500 < within.sum() < len(px)
