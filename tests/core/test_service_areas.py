"""Service-area polygons (core/service_areas.py) against the definition computed independently: networkx distances
on a small jittered street grid, the reached pieces cut with shapely's substring, their union buffered once."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.ops import substring, unary_union

from lifecircle.lifecircle_plugin.core import service_areas as S
from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
from lifecircle.lifecircle_plugin.core.network import build_network

from miniprofile import Cat, MiniProfile

THRESHOLD = 600.0
WIDTH = 30.0


def grid(n=14, step=110.0, seed=5):
    """Streets of a jittered grid, each block side bent at its middle (like the bench city), some links missing."""
    rng = np.random.default_rng(seed)
    xy = np.stack(np.meshgrid(np.arange(n) * step, np.arange(n) * step, indexing="ij"), -1) + rng.normal(0, 8, (n, n, 2))
    lines = []
    for i in range(n):
        for j in range(n):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < n and j + dj < n and rng.random() > 0.06:
                    a, b = xy[i, j], xy[i + di, j + dj]
                    mid = (a + b) / 2 + rng.normal(0, 6, 2)
                    lines.append(LineString([a, mid, b]))
    return lines


def reference_pieces(lines, facilities, threshold):
    """The reached pieces, independently: each facility splits the line it lies on; networkx distances from the
    facilities; on every line the parts within the threshold from either end, merged along the line."""
    g = nx.Graph()
    parts_of = []
    for k, line in enumerate(lines):
        cuts = sorted(line.project(f) for f in facilities if line.distance(f) < 1e-6)
        cuts = [0.0] + [c for c in cuts if 1e-6 < c < line.length - 1e-6] + [line.length]
        for a, b in zip(cuts[:-1], cuts[1:]):
            u, v = (tuple(np.round(line.interpolate(t).coords[0], 6)) for t in (a, b))
            g.add_edge(u, v, weight=b - a)
            parts_of.append((k, a, b, u, v))
    sources = [tuple(np.round(f.coords[0], 6)) for f in facilities]
    dist = nx.multi_source_dijkstra_path_length(g, sources, weight="weight")
    reached: dict = {}
    for k, a, b, u, v in parts_of:
        ru, rv = threshold - dist.get(u, np.inf), threshold - dist.get(v, np.inf)
        if ru >= b - a or rv >= b - a or (ru > 0 and rv > 0 and ru + rv >= b - a):
            reached.setdefault(k, []).append([a, b])
            continue
        if ru > 0:
            reached.setdefault(k, []).append([a, a + ru])
        if rv > 0:
            reached.setdefault(k, []).append([b - rv, b])
    pieces = []
    for k, intervals in reached.items():
        merged = []
        for a, b in sorted(intervals):
            if merged and a <= merged[-1][1] + 1e-9:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        pieces += [lines[k] if a <= 0 and b >= lines[k].length else substring(lines[k], a, b) for a, b in merged]
    return pieces


def reference_elbows(pieces, width, max_turn=45.0):
    """The joins, independently (core/street_joins.py's rule, one junction at a time): at a point where two to four
    piece ends meet, pairs turning by at most ``max_turn`` whose segments at the junction are both at least
    width·tan(turn) + 1 m long, straightest first; each joined pair as the two-segment line through the junction."""
    ends: dict = {}
    for i, p in enumerate(pieces):
        c = np.asarray(p.coords)
        ends.setdefault(tuple(np.round(c[0], 6)), []).append((i, c[0], c[1]))
        ends.setdefault(tuple(np.round(c[-1], 6)), []).append((i, c[-1], c[-2]))
    elbows = []
    for at in ends.values():
        if not 2 <= len(at) <= 4:
            continue
        candidates = []
        for x in range(len(at)):
            for y in range(x + 1, len(at)):
                (i, v, a), (j, _, b) = at[x], at[y]
                la, lb = np.hypot(*(a - v)), np.hypot(*(b - v))
                cos = float(np.dot(a - v, b - v) / (la * lb))
                turn = np.pi - np.arccos(np.clip(cos, -1, 1))
                if i != j and turn <= np.radians(max_turn) and min(la, lb) >= width * np.tan(turn) + 1.0:
                    candidates.append((cos, x, y))
        used: set = set()
        for _, x, y in sorted(candidates):
            if x not in used and y not in used:
                used |= {x, y}
                elbows.append(LineString([at[x][2], at[x][1], at[y][2]]))
    return elbows, [Point(k) for k, at in ends.items() if len(at) >= 2]


def buffered(lines, width):
    area = MultiLineString(lines).buffer(width, 4, cap_style=2)
    # GEOS's buffer leaves specks of holes (1e-17 m²) where offset curves nearly meet: not gaps between streets
    return MultiPolygon([Polygon(g.exterior, [r for r in g.interiors if Polygon(r).area > 1e-4])
                         for g in getattr(area, "geoms", [area])])


def reference_area(lines, facilities, threshold, width):
    """The definition: the reached pieces and the joins through junctions, buffered with flat caps and round
    joins. Also the bounds any joining must respect: the pieces alone (nothing of theirs may be lost) and the
    pieces with a disk of ``width`` at every junction (a join adds nothing farther from the streets)."""
    pieces = reference_pieces(lines, facilities, threshold)
    elbows, junctions = reference_elbows(pieces, width)
    flat = buffered(pieces, width)
    widest = unary_union([flat] + [j.buffer(width, 16) for j in junctions])
    return buffered(pieces + elbows, width), sum(p.length for p in pieces), flat, widest, len(elbows)


@pytest.fixture(scope="module")
def case():
    lines = grid()
    # facilities on the streets (in the middle of a line's first half), far apart: several separate areas
    facilities = [Point(lines[k].interpolate(0.3, normalized=True).coords[0]) for k in (3, 120, 300)]
    net = build_network(lines)
    prof = MiniProfile([Cat("Q03", "便民商业", "十全", THRESHOLD)])
    r = facility_coverage(net, prof, np.array([f.coords[0] for f in facilities]), ["Q03"] * 3,
                          np.array([[0.0, 0.0]]), np.array([1.0]), service_areas=True, facility_reach=False)
    ref, ref_length, flat, widest, joins = reference_area(lines, facilities, THRESHOLD, WIDTH)
    bounds = {"flat": flat, "widest": widest, "joins": joins}
    return r.service_areas.pieces("Q03"), ref, ref_length, bounds


@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("tile", [2000.0, 300.0, 170.0])
def test_service_area_is_the_buffered_union_of_the_reached_pieces(case, tile, workers, monkeypatch):
    """Small tiles make pieces, holes and separate areas cross many tile borders: the tiled result is still the
    reference within the documented tolerance (here float noise: ≤ 1e-6 of the area, Hausdorff ≤ 1 mm) — tile by
    tile in this thread, and in a pool of threads. The joins through junctions add ground (on this grid about
    0.1 %), never lose any the pieces alone cover, and add none farther than the width from a junction."""
    monkeypatch.setattr(S, "WORKERS", workers)
    pieces, ref, ref_length, bounds = case
    got = S.service_area_polygon(pieces, WIDTH, tile=tile)
    assert pieces.total_length == pytest.approx(ref_length, rel=1e-9)
    assert got.is_valid
    assert got.symmetric_difference(ref).area <= 1e-6 * ref.area
    flat, widest = bounds["flat"], bounds["widest"]
    assert bounds["joins"] > 100 and got.area - flat.area > 1e-4 * flat.area
    assert flat.difference(got).area <= 1e-6 * ref.area and got.difference(widest).area <= 1e-6 * ref.area
    assert got.hausdorff_distance(ref) < 1e-3
    holes = lambda g: sum(len(p.interiors) for p in getattr(g, "geoms", [g]))  # noqa: E731
    assert holes(got) == holes(ref) > 10 and len(getattr(got, "geoms", [got])) == len(getattr(ref, "geoms", [ref]))


def test_pieces_as_shapely_lines_and_as_arrays_give_the_same_area(case):
    pieces, ref, _, _ = case
    lines = list(pieces)
    assert len(lines) == len(pieces) and sum(p.length for p in lines) == pytest.approx(pieces.total_length)
    a = S.service_area_polygon(lines, WIDTH, tile=300.0)
    assert a.symmetric_difference(ref).area <= 1e-6 * ref.area


def test_wkb_of_pieces_reads_back():
    from shapely import wkb

    r = S.as_reached([LineString([(0, 0), (1, 1), (2, 0)]), LineString([(5, 5), (6, 6)])])
    m = wkb.loads(r.wkb())
    assert [list(g.coords) for g in m.geoms] == [[(0, 0), (1, 1), (2, 0)], [(5, 5), (6, 6)]]
    assert [list(g.coords) for g in wkb.loads(r.wkb(np.array([1]))).geoms] == [[(5, 5), (6, 6)]]
    assert S.service_area_polygon(S.as_reached([]), 10.0) is None


def test_polygons_of_a_clip_that_leaves_lines_and_points():
    """A clip to a tile's square can return a collection with a line or a point where an area touches the square:
    only its polygons count."""
    from shapely.geometry import GeometryCollection, box

    got = S._polygons(GeometryCollection([box(0, 0, 1, 1), LineString([(0, 0), (1, 1)]), Point(3, 3)]))
    assert len(got) == 1 and len(got[0]) == 1  # one polygon, its exterior ring


def _rings(polygon):
    return S._polygon_rings(S._le_wkb(polygon))[0]


def test_touching_union_of_tile_outlines_and_its_fallback():
    """The tiles' outlines only touch along tile borders: one buffer(0) unites them (a square with a hole across
    four tiles becomes one polygon with its hole). Polygons that overlap — which buffer(0) alone does not promise
    to unite — come out as their union too (the area check sends them to GEOS's cascaded union)."""
    from shapely.geometry import box

    big = box(0, 0, 4, 4).difference(box(1.5, 1.5, 2.5, 2.5))
    quarters = [big.intersection(box(x, y, x + 2, y + 2)) for x in (0, 2) for y in (0, 2)]
    got = S._touching_union([_rings(q) for q in quarters])
    assert got.geom_type == "Polygon" and len(got.interiors) == 1
    assert got.symmetric_difference(big).area < 1e-12 and got.area == pytest.approx(15.0)
    overlapping = [box(0, 0, 2, 2), box(1, 1, 3, 3), box(5, 5, 6, 6)]
    got = S._touching_union([_rings(b) for b in overlapping])
    assert got.symmetric_difference(unary_union(overlapping)).area < 1e-12 and got.area == pytest.approx(8.0)


@pytest.mark.parametrize("workers", [1, 2])
def test_many_categories_run_through_one_pool_each_as_if_alone(case, workers, monkeypatch):
    """service_area_polygons: every category's polygon is what service_area_polygon gives it alone (the reference
    within float noise), in the order asked, with its street length; with a pool the next category's pieces are
    made (and its tiles start) before this one is handed back — never more than one ahead."""
    monkeypatch.setattr(S, "WORKERS", workers)
    pieces, ref, ref_length, _ = case
    half = S.ReachedPieces(pieces.xy, pieces.start[::2], pieces.count[::2], pieces.length[::2])
    by_code = {"A": pieces, "B": S.as_reached([]), "C": half, "D": pieces}
    made = []

    def pieces_of(code):
        made.append(code)
        return by_code[code]

    seen = []
    for code, street_m, poly in S.service_area_polygons(list(by_code), pieces_of, WIDTH, tile=300.0):
        seen.append(code)
        assert made == list(by_code)[:len(seen) + (1 if workers > 1 else 0)]
        assert street_m == pytest.approx(by_code[code].total_length)
        alone = S.service_area_polygon(by_code[code], WIDTH, tile=300.0)
        if code == "B":
            assert poly is None and alone is None
            continue
        assert poly.symmetric_difference(alone).area <= 1e-9 * alone.area
        if code in ("A", "D"):
            assert poly.symmetric_difference(ref).area <= 1e-6 * ref.area
    assert seen == ["A", "B", "C", "D"]
    assert half.total_length < 0.6 * ref_length
