"""Service areas per category: the streets a category's facilities reach within its threshold, as polygons.

Definition (what the SERVICE_AREAS output draws): the reached street pieces — every edge reached whole, plus the
part of an edge up to where the walk reaches the threshold (from either end, and both ways from a facility joined
to the middle of the edge) — with the pieces that continue one another through a junction joined into one line
(core/street_joins.py: turns of at most 45°, the straightest pair first), buffered by ``width`` metres with flat
caps and round joins of 4 segments a quarter circle (GEOS ``quad_segs`` 4: a chord stays within 0.02 ``width``
of the true arc). The joins give the street the rounded outer side of its bend at a junction instead of two flat
caps' notch — ground within ``width`` of the junction — and lose nothing the pieces alone cover.

How it is made fast (issue 21): the reached intervals are found and merged with array operations, the pieces' vertex
coordinates are cut out of the network's vertex arrays without making one shapely line per piece, pieces are joined
through junctions (half as many lines for GEOS to buffer), and each tile's pieces go to GEOS as one MultiLineString
(read from WKB built with numpy) that is merged and buffered in one call each, tiles side by side in a few threads
(GEOS runs without the GIL). Each tile takes the pieces within ``width`` of its square and is clipped to the square,
so the tiles' polygons only touch; holes that do not touch a tile's border are final and are set aside while the
tiles' outlines are united (one buffer(0): they do not overlap), then put back. The result is the same area as
buffering all the joined pieces at once (up to floating-point noise along tile borders, well under a square
millimetre), in time that grows with the number of pieces.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Optional, Sequence

import numpy as np

from .network import SnapResult, WalkingNetwork, spans
from .street_joins import SAME_POINT

#: buffer segments per quarter circle of the round joins
QUAD_SEGS = 4
#: holes smaller than this (m²) are floating-point specks, not gaps between streets: dropped
SPECK = 1e-4
#: a piece's end this close (m) to its edge's end is at the network node there (as close as two ends at one junction)
NODE_TOLERANCE = SAME_POINT


class ReachedPieces:
    """The reached street pieces of one category: vertex coordinates of every piece, one after the other.

    ``xy``: (n_vertices, 2); ``start``/``count``: each piece's first vertex and number of vertices (≥ 2);
    ``length``: each piece's length (metres along the street). Iterating gives shapely LineStrings (made on demand).
    """

    def __init__(self, xy: np.ndarray, start: np.ndarray, count: np.ndarray, length: np.ndarray,
                 node: Optional[np.ndarray] = None):
        self.xy, self.start, self.count, self.length = xy, start, count, length
        self.node = node  # (2n,) network node of each piece's start, then of each end (-1 inside an edge), or None

    def __len__(self) -> int:
        return len(self.start)

    def __bool__(self) -> bool:
        return len(self.start) > 0

    @property
    def total_length(self) -> float:
        return float(self.length.sum())

    def wkb(self, idx: Optional[np.ndarray] = None) -> bytes:
        """The pieces ``idx`` (default all) as one little-endian WKB MultiLineString."""
        idx = np.arange(len(self)) if idx is None else np.asarray(idx, dtype=np.int64)
        cnt = self.count[idx]
        size = 9 + 16 * cnt  # each part: byte order, type, number of points, then the points
        pos = 9 + np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
        out = np.zeros(9 + int(size.sum()), dtype=np.uint8)
        out[:9] = np.frombuffer(b"\x01\x05\x00\x00\x00" + np.uint32(len(idx)).astype("<u4").tobytes(), np.uint8)
        head = np.zeros(len(idx), dtype=[("order", "u1"), ("type", "<u4"), ("n", "<u4")])
        head["order"], head["type"], head["n"] = 1, 2, cnt
        out[(pos[:, None] + np.arange(9)).ravel()] = head.view(np.uint8)
        verts = spans(self.start[idx], cnt)
        vpos = np.repeat(pos + 9, cnt) + 16 * (np.arange(len(verts)) - np.repeat(np.cumsum(cnt) - cnt, cnt))
        out[(vpos[:, None] + np.arange(16)).ravel()] = self.xy[verts].astype("<f8").view(np.uint8).ravel()
        return out.tobytes()

    def joined(self, width: float) -> "ReachedPieces":
        """The same pieces with their ends moved (by a micrometre) so that a line merge joins the pieces that
        continue one another through a junction (core/street_joins.py)."""
        from .street_joins import joined_through_junctions

        return ReachedPieces(joined_through_junctions(self.xy, self.start, self.count, width, self.node),
                             self.start, self.count, self.length)

    def lines(self) -> list:
        from shapely import wkb

        return list(wkb.loads(self.wkb()).geoms) if len(self) else []

    def __iter__(self):
        return iter(self.lines())


def reached_intervals(network: WalkingNetwork, router, source_set: str, mask: np.ndarray, threshold: float,
                      check=None):
    """(edge, a, b): the merged parts [a, b] (metres from each edge's first vertex) of the network within
    ``threshold`` metres of the selected sources, sorted by edge then a; no two overlap or touch."""
    field_ = router.distance_field(source_set, limit=threshold, source_mask=mask)
    if check is not None:
        check()
    L = network.edge_length
    du, dv = field_[network.edge_u], field_[network.edge_v]
    reach_u = np.where(np.isfinite(du), np.clip(threshold - du, 0, None), 0.0)  # how far into the edge from u
    reach_v = np.where(np.isfinite(dv), np.clip(threshold - dv, 0, None), 0.0)
    eu, ev = np.flatnonzero(reach_u > 0), np.flatnonzero(reach_v > 0)
    # sources in the middle of an edge reach along it both ways
    s: SnapResult = router.point_sets[source_set]
    _, j_edge, j_offset, j_access = s.joins(np.flatnonzero((s.edge >= 0) & np.asarray(mask, bool)))
    r = threshold - np.asarray(j_access, dtype=float)
    j_edge, j_offset, r = np.asarray(j_edge)[r > 0], np.asarray(j_offset, dtype=float)[r > 0], r[r > 0]
    edge = np.concatenate([eu, ev, j_edge]).astype(np.int64)
    a = np.concatenate([np.zeros(len(eu)), np.maximum(0.0, L[ev] - reach_v[ev]), np.maximum(0.0, j_offset - r)])
    b = np.concatenate([np.minimum(L[eu], reach_u[eu]), L[ev], np.minimum(L[j_edge], j_offset + r)])
    if not len(edge):
        return edge, a, b
    order = np.lexsort((a, edge))
    edge, a, b = edge[order], a[order], b[order]
    # merge per edge: an interval starts a new run unless it begins at or before the running end of its edge's run
    k = float(L.max()) * 2 + 2.0  # edge keys apart by more than any interval: one running maximum serves all edges
    run_end = np.maximum.accumulate(edge * k + b)
    new = np.ones(len(edge), dtype=bool)
    new[1:] = (edge[1:] != edge[:-1]) | (edge[1:] * k + a[1:] > run_end[:-1])
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(edge)) - 1
    edge, a, b = edge[first], a[first], run_end[last] - edge[first] * k
    b = np.minimum(b, L[edge])
    keep = b - a > 1e-9
    return edge[keep], a[keep], b[keep]


def reached_pieces(network: WalkingNetwork, edge: np.ndarray, a: np.ndarray, b: np.ndarray) -> ReachedPieces:
    """The street pieces [a, b] along ``edge`` (see :func:`reached_intervals`) cut out of the network's geometry."""
    cum, vx, vy = network._vertex_cum, network.vx, network.vy
    s = network.edge_start[edge].astype(np.int64)
    last = s + network.edge_count[edge].astype(np.int64) - 1
    ga, gb = cum[s] + a, cum[s] + b
    # first vertex strictly after a, first vertex at or after b (both on the piece's edge)
    i0 = np.clip(np.searchsorted(cum, ga, side="right"), s + 1, last)
    j1 = np.clip(np.searchsorted(cum, gb, side="left"), s + 1, last)
    j1 = np.maximum(j1, i0)

    def point(seg_end, g):
        seg = cum[seg_end] - cum[seg_end - 1]
        t = np.clip(np.divide(g - cum[seg_end - 1], seg, out=np.zeros_like(g), where=seg > 0), 0.0, 1.0)
        x = vx[seg_end - 1] + t * (vx[seg_end] - vx[seg_end - 1])
        y = vy[seg_end - 1] + t * (vy[seg_end] - vy[seg_end - 1])
        # exact vertices at the ends of whole edges
        x = np.where(t >= 1.0, vx[seg_end], np.where(t <= 0.0, vx[seg_end - 1], x))
        y = np.where(t >= 1.0, vy[seg_end], np.where(t <= 0.0, vy[seg_end - 1], y))
        return x, y

    ax, ay = point(i0, ga)
    bx, by = point(j1, gb)
    inner = j1 - i0  # vertices strictly inside the piece: i0 … j1 - 1
    count = inner + 2
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    xy = np.empty((int(count.sum()), 2))
    xy[start] = np.column_stack([ax, ay])
    xy[start + count - 1] = np.column_stack([bx, by])
    dst = spans(start + 1, inner)
    src = spans(i0, inner)
    xy[dst, 0], xy[dst, 1] = vx[src], vy[src]
    # the network node at each end (a piece's ends come out of the interval merge with float noise of ~1e-9 m)
    at_start = np.where(a <= NODE_TOLERANCE, network.edge_u[edge], -1)
    at_end = np.where(b >= network.edge_length[edge] - NODE_TOLERANCE, network.edge_v[edge], -1)
    return ReachedPieces(xy, start, count, b - a, np.concatenate([at_start, at_end]).astype(np.int64))


def reachable_pieces(network: WalkingNetwork, router, source_set: str, mask: np.ndarray, threshold: float,
                     check=None) -> ReachedPieces:
    """The parts of the network within ``threshold`` metres of the selected sources (intervals on one edge
    merged, so no two overlap); iterating gives shapely LineStrings."""
    edge, a, b = reached_intervals(network, router, source_set, mask, threshold, check=check)
    if check is not None:
        check()
    return reached_pieces(network, edge, a, b)


class ServiceAreaPieces(Mapping):
    """Category code -> the network pieces within its threshold of its facilities (see :func:`reachable_pieces`),
    made each time a category is asked for; ``pieces(code, check)`` passes a cancel check (raising
    CancelledError) to the making."""

    def __init__(self, make: dict):
        self._make = make

    def pieces(self, code: str, check=None) -> ReachedPieces:
        return self._make[code](check)

    def __getitem__(self, code: str) -> ReachedPieces:
        return self.pieces(code)

    def __contains__(self, code) -> bool:  # (Mapping's own would make the pieces to find out)
        return code in self._make

    def __iter__(self):
        return iter(self._make)

    def __len__(self) -> int:
        return len(self._make)


def as_reached(pieces) -> ReachedPieces:
    """:class:`ReachedPieces` of a sequence of shapely lines (or the object itself)."""
    if isinstance(pieces, ReachedPieces):
        return pieces
    coords = [np.asarray(p.coords, dtype=float)[:, :2] for p in pieces]
    count = np.array([len(c) for c in coords], dtype=np.int64)
    xy = np.concatenate(coords) if coords else np.zeros((0, 2))
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64) if len(count) else count
    return ReachedPieces(xy, start, count, np.array([p.length for p in pieces], dtype=float))


def _tiles(r: ReachedPieces, tile: float, width: float):
    """{(i, j): piece indices} of the tiles (``tile`` squares) each piece comes within ``width`` of."""
    lo = np.minimum.reduceat(r.xy, r.start, axis=0) - width
    hi = np.maximum.reduceat(r.xy, r.start, axis=0) + width
    k0 = np.floor(lo / tile).astype(np.int64)
    k1 = np.floor(hi / tile).astype(np.int64)
    n = k1 - k0 + 1
    per = n[:, 0] * n[:, 1]
    piece = np.repeat(np.arange(len(r)), per)
    within = np.arange(len(piece)) - np.repeat(np.cumsum(per) - per, per)
    kx = k0[piece, 0] + within % n[piece, 0]
    ky = k0[piece, 1] + within // n[piece, 0]
    order = np.lexsort((ky, kx))
    kx, ky, piece = kx[order], ky[order], piece[order]
    cut = np.flatnonzero((kx[1:] != kx[:-1]) | (ky[1:] != ky[:-1])) + 1
    return [((int(kx[g[0]]), int(ky[g[0]])), piece[g]) for g in np.split(np.arange(len(piece)), cut)]


def _polygon_rings(buf: bytes) -> list:
    """[[ring bytes (point count + points), …] of each polygon] of little-endian 2D WKB (Multi)Polygon bytes."""
    import struct

    def polygon(pos):
        n = struct.unpack_from("<I", buf, pos + 5)[0]
        pos += 9
        rings = []
        for _ in range(n):
            k = struct.unpack_from("<I", buf, pos)[0]
            rings.append(buf[pos:pos + 4 + 16 * k])
            pos += 4 + 16 * k
        return rings, pos

    kind = struct.unpack_from("<I", buf, 1)[0]
    if kind == 3:
        return [polygon(0)[0]]
    out, pos = [], 9
    for _ in range(struct.unpack_from("<I", buf, 5)[0] if kind == 6 else 0):
        rings, pos = polygon(pos)
        out.append(rings)
    return out


def _ring_xy(ring: bytes) -> np.ndarray:
    return np.frombuffer(ring, dtype="<f8", offset=4).reshape(-1, 2)


def _polygon_wkb(rings: list) -> bytes:
    return b"\x01\x03\x00\x00\x00" + np.uint32(len(rings)).astype("<u4").tobytes() + b"".join(rings)


def _polygons(buf_or_geom) -> list:
    """Polygons (lists of ring bytes) of a shapely geometry: (Multi)Polygons, or the polygons of a collection."""
    if buf_or_geom is None or buf_or_geom.is_empty:
        return []
    if buf_or_geom.geom_type in ("Polygon", "MultiPolygon"):
        return _polygon_rings(_le_wkb(buf_or_geom))
    # (a collection: its polygons; a clip can leave a line or a point where an area only touches the square)
    return [r for g in getattr(buf_or_geom, "geoms", []) for r in _polygons(g)]


def _le_wkb(geom) -> bytes:
    from shapely import wkb

    return wkb.dumps(geom, hex=False, srid=None, big_endian=False)


def _ring_stats(rings: list):
    """(|area|, bounds (n, 4): xmin, ymin, xmax, ymax) of WKB ring bytes, for all rings at once (one array pass: a
    district's service area has tens of thousands of rings, and a Python loop a ring held the GIL the tile threads
    need)."""
    if not rings:
        return np.zeros(0), np.zeros((0, 4))
    xy = np.concatenate([_ring_xy(ring) for ring in rings])
    count = np.array([(len(ring) - 4) // 16 for ring in rings], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
    local = xy - np.repeat(xy[start], count, axis=0)  # (coordinates from each ring's first vertex: no cancellation)
    cross = local[:-1, 0] * local[1:, 1] - local[1:, 0] * local[:-1, 1]
    cross = np.append(cross, 0.0)
    cross[start + count - 1] = 0.0  # (the pair that would join one ring's last vertex to the next ring's first)
    area = 0.5 * np.abs(np.add.reduceat(cross, start))
    lo, hi = np.minimum.reduceat(xy, start, axis=0), np.maximum.reduceat(xy, start, axis=0)
    return area, np.column_stack([lo, hi])


def _tile_parts(r: ReachedPieces, key, idx, tile: float, width: float):
    """(final polygons, [(outline, holes set aside)]) of one tile, polygons as lists of WKB ring bytes: its pieces
    buffered in one GEOS call and clipped to the tile square; an outline is a polygon that touches the square's
    border, without its holes that do not (no other tile's polygon comes near those: they are final)."""
    from shapely import wkb
    from shapely.ops import clip_by_rect, linemerge

    x0, y0 = key[0] * tile, key[1] * tile
    x1, y1 = x0 + tile, y0 + tile
    area = linemerge(wkb.loads(r.wkb(idx))).buffer(width, QUAD_SEGS, cap_style=2)
    polys = _polygons(clip_by_rect(area, x0, y0, x1, y1))
    rings = [ring for p in polys for ring in p]
    ring_area, b = _ring_stats(rings)
    eps = 1e-6 * tile
    on_border = (b[:, 0] <= x0 + eps) | (b[:, 1] <= y0 + eps) | (b[:, 2] >= x1 - eps) | (b[:, 3] >= y1 - eps)
    done, outlines, k = [], [], 0
    for p in polys:
        n = len(p)
        # (GEOS's buffer can leave specks of holes, 1e-17 m², where offset curves nearly meet: dropped)
        keep = [0] + [i for i in range(1, n) if ring_area[k + i] > SPECK]
        border = on_border[k:k + n]
        k += n
        if not border[0]:
            done.append([p[i] for i in keep])  # wholly inside the square: no other tile reaches it
            continue
        outlines.append(([p[0]] + [p[i] for i in keep[1:] if border[i]], [p[i] for i in keep[1:] if not border[i]]))
    return done, outlines


def _multipolygon_wkb(polygons: list) -> bytes:
    """Little-endian WKB MultiPolygon of polygons given as lists of WKB ring bytes."""
    return (b"\x01\x06\x00\x00\x00" + np.uint32(len(polygons)).astype("<u4").tobytes()
            + b"".join(_polygon_wkb(p) for p in polygons))


def _touching_union(polygons: list):
    """The union of polygons (lists of WKB ring bytes) whose interiors do not overlap — the tiles' outlines, which
    only meet along the tiles' borders — as one GEOS buffer(0) of their MultiPolygon: one noding of all rings
    instead of a cascade of pairwise unions that re-nodes every vertex at each of its ~log2(n) levels (1,018 outlines
    of 113,523 vertices: 0.5 s instead of 1.5 s, the same polygon). buffer(0) is only a union for polygons that are
    valid and do not overlap, so the result's area is checked against the sum of theirs (equal up to float noise
    along the borders); otherwise GEOS's cascaded union is used."""
    from shapely import wkb
    from shapely.ops import unary_union

    rings = [p[0] for p in polygons]
    holes = [ring for p in polygons for ring in p[1:]]
    expected = float(_ring_stats(rings)[0].sum() - _ring_stats(holes)[0].sum())
    united = wkb.loads(_multipolygon_wkb(polygons)).buffer(0)
    if united.is_empty or abs(united.area - expected) > 1e-9 * max(expected, 1.0) + SPECK:
        united = unary_union([wkb.loads(_polygon_wkb(p)) for p in polygons])
    return united


def _assemble(done: list, outlines: list, is_cancelled):
    """The tiles' outlines united, the holes set aside put back into the united polygon that holds each (the one
    holding a vertex of the hole: it was inside the outline), and everything as one (multi)polygon."""
    from shapely import wkb
    from shapely.geometry import Point
    from shapely.prepared import prep

    from .errors import watched

    united = watched(lambda: _touching_union([o for o, _ in outlines]), is_cancelled) if outlines else None
    polys = _polygons(united)
    extra: list = [[] for _ in polys]
    if polys:
        b = _ring_stats([p[0] for p in polys])[1]
        prepared: dict = {}
        for _, aside in outlines:
            if not aside:
                continue
            x, y = _ring_xy(aside[0])[0]
            cand = np.flatnonzero((b[:, 0] <= x) & (b[:, 2] >= x) & (b[:, 1] <= y) & (b[:, 3] >= y))
            if len(cand) > 1:
                for i in cand.tolist():
                    if i not in prepared:
                        prepared[i] = prep(wkb.loads(_polygon_wkb(polys[i])))
                cand = [i for i in cand.tolist() if prepared[i].intersects(Point(x, y))] or cand
            extra[int(cand[0])].extend(aside)
    out, k = [], 0
    ring_area = _ring_stats([ring for p in polys for ring in p])[0]
    for rings, more in zip(polys, extra):
        # (tiles meet on their border lines; float noise there can leave specks of holes: dropped)
        out.append([rings[0]] + [ring for i, ring in enumerate(rings[1:], 1) if ring_area[k + i] > SPECK] + more)
        k += len(rings)
    out.extend(done)
    if not out:
        return None
    if len(out) == 1:
        return wkb.loads(_polygon_wkb(out[0]))
    return wkb.loads(_multipolygon_wkb(out))


#: threads that buffer tiles at once (None: as many as CPUs, at most 4)
WORKERS: Optional[int] = None


def tile_workers() -> int:
    """Threads for the tiles' buffers. GEOS runs without the GIL and each thread has its own GEOS context (shapely
    2 makes one per call; shapely 1.8's ``lgeos`` is thread-local), and a tile's geometries never leave its
    thread (it hands back WKB bytes), so tiles are buffered side by side."""
    from .threads import worker_count

    return worker_count(WORKERS)


def _wait_for_tiles(futures: list, is_cancelled) -> list:
    """The results of a category's tile futures, the cancel flag looked at every 50 ms (a cancel drops the tiles
    not started; those running finish in the background)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from .errors import CancelledError

    pending = set(futures)
    while pending:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError()
        _, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
    return [f.result() for f in futures]


def _tiles_inline(r: ReachedPieces, tiles, tile: float, width: float, is_cancelled) -> list:
    """:func:`_tile_parts` of every tile one after the other in this thread (cancellable inside each)."""
    from .errors import CancelledError, watched

    parts = []
    for key, idx in tiles:
        if is_cancelled is not None and is_cancelled():
            raise CancelledError()
        parts.append(watched(lambda k=key, i=idx: _tile_parts(r, k, i, tile, width), is_cancelled))
    return parts


def _united(parts: list, is_cancelled):
    from .errors import CancelledError

    if is_cancelled is not None and is_cancelled():
        raise CancelledError()
    done = [p for d, _ in parts for p in d]
    outlines = [o for _, os_ in parts for o in os_]
    return _assemble(done, outlines, is_cancelled)


def service_area_polygons(codes: Sequence, pieces_of, width: float, tile: float = 2000.0, is_cancelled=None):
    """(code, street metres, polygon or None) of each category of ``codes``, in order: :func:`service_area_polygon`
    of ``pieces_of(code)`` (:class:`ReachedPieces` or shapely lines), the categories run through one pool of
    :func:`tile_workers` threads so that the next category's tiles are buffered while this one's are united and
    written by the caller (the union and the writing would otherwise leave a core idle). At most two categories'
    pieces are alive at once."""
    from concurrent.futures import ThreadPoolExecutor

    codes = list(codes)
    width = max(float(width), 0.5)
    workers = tile_workers()
    if workers == 1:
        for code in codes:
            r = as_reached(pieces_of(code)).joined(width)
            parts = _tiles_inline(r, _tiles(r, tile, width) if len(r) else [], tile, width, is_cancelled)
            yield code, r.total_length, (_united(parts, is_cancelled) if parts else None)
        return
    pool = ThreadPoolExecutor(max_workers=workers)

    def start(code):
        """The category's pieces made and its tiles queued in the pool (the futures keep the pieces alive only
        until their tiles are buffered)."""
        r = as_reached(pieces_of(code)).joined(width)
        tiles = _tiles(r, tile, width) if len(r) else []
        return r.total_length, [pool.submit(_tile_parts, r, key, idx, tile, width) for key, idx in tiles]

    try:
        ahead = start(codes[0]) if codes else None
        for k, code in enumerate(codes):
            street_m, futures = ahead
            ahead = start(codes[k + 1]) if k + 1 < len(codes) else None  # (queued behind this one's tiles)
            parts = _wait_for_tiles(futures, is_cancelled)
            yield code, street_m, (_united(parts, is_cancelled) if parts else None)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def service_area_polygon(pieces: Sequence, width: float, tile: float = 2000.0, is_cancelled=None):
    """The area within ``width`` metres of the reached street pieces, those continuing one another through a
    junction joined (core/street_joins.py; flat caps, round joins of :data:`QUAD_SEGS` segments a quarter circle),
    as one (multi)polygon; None without pieces.

    ``pieces``: :class:`ReachedPieces` or shapely lines. Tile by tile (``tile`` squares; the run can be cancelled
    between tiles), then the tiles united (see the module's docstring) — the same area as buffering all the joined
    pieces at once.
    """
    for _, _, polygon in service_area_polygons([0], lambda _: pieces, width, tile, is_cancelled):
        return polygon
