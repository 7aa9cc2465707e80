"""Blocks as a graph: which blocks are neighbours (boundaries that face each other, cut by barriers unless the
walking network crosses them), which 街镇 each block lies in, and overlapping blocks (numpy geometry helpers;
shapely 1.8 and 2.x alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed as _listed
from .network import spans


@dataclass
class Adjacency:
    """Block neighbours: ``pairs`` (m × 2, i < j) with the length of boundary they share (``contact``, m)."""

    pairs: np.ndarray
    contact: np.ndarray
    cut_by_barrier: list = field(default_factory=list)  # (i, j) facing pairs a barrier separates
    bridged: list = field(default_factory=list)  # (i, j) pairs a barrier separates but a crossing joins

    def neighbours(self, n: int) -> list:
        out: list = [[] for _ in range(n)]
        for i, j in self.pairs:
            out[int(i)].append(int(j))
            out[int(j)].append(int(i))
        return [np.array(sorted(x), dtype=np.int64) for x in out]


# geometry helpers (numpy; shapely 1.8 and 2.x alike)


def _rings(geom) -> list:
    if geom is None or geom.is_empty:
        return []
    parts = list(geom.geoms) if geom.geom_type in ("MultiPolygon", "GeometryCollection") else [geom]
    out = []
    for p in parts:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        out.append(np.asarray(p.exterior.coords, dtype=float)[:, :2])
        out.extend(np.asarray(r.coords, dtype=float)[:, :2] for r in p.interiors)
    return out


def _segments_of(geom) -> np.ndarray:
    """(m, 4) boundary segments x0, y0, x1, y1 of a polygon (all parts and rings), zero-length ones dropped."""
    segs = [np.column_stack([r[:-1], r[1:]]) for r in _rings(geom) if len(r) > 1]
    if not segs:
        return np.zeros((0, 4))
    s = np.vstack(segs)
    keep = (s[:, 0] != s[:, 2]) | (s[:, 1] != s[:, 3])
    return s[keep]


def _line_segments(coords_list: Sequence[np.ndarray]) -> np.ndarray:
    segs = [np.column_stack([c[:-1, :2], c[1:, :2]]) for c in coords_list if len(c) > 1]
    if not segs:
        return np.zeros((0, 4))
    s = np.vstack(segs)
    keep = (s[:, 0] != s[:, 2]) | (s[:, 1] != s[:, 3])
    return s[keep]


def _seg_bounds(s: np.ndarray) -> np.ndarray:
    return np.column_stack([np.minimum(s[:, 0], s[:, 2]), np.minimum(s[:, 1], s[:, 3]),
                            np.maximum(s[:, 0], s[:, 2]), np.maximum(s[:, 1], s[:, 3])])


def _point_segment(px: np.ndarray, py: np.ndarray, segs: np.ndarray):
    """Distances (k × m) from points to segments, and the nearest points (qx, qy), each (k × m)."""
    ax, ay, bx, by = (segs[:, c][None, :] for c in range(4))
    dx, dy = bx - ax, by - ay
    l2 = dx * dx + dy * dy
    l2 = np.where(l2 > 0, l2, 1.0)
    t = np.clip(((px[:, None] - ax) * dx + (py[:, None] - ay) * dy) / l2, 0.0, 1.0)
    qx, qy = ax + t * dx, ay + t * dy
    return np.hypot(px[:, None] - qx, py[:, None] - qy), qx, qy


def _nearest_on(px: np.ndarray, py: np.ndarray, segs: np.ndarray, inner: bool = False):
    """Nearest point on a set of segments for each point: (distance, qx, qy), each (k,); with ``inner`` also
    whether that point lies inside its segment rather than on a vertex (a corner)."""
    if len(segs) == 0 or len(px) == 0:
        out = np.full(len(px), np.inf), np.full(len(px), np.nan), np.full(len(px), np.nan)
        return out + (np.zeros(len(px), dtype=bool),) if inner else out
    d, qx, qy = _point_segment(px, py, segs)
    j = np.argmin(d, axis=1)
    r = np.arange(len(px))
    if not inner:
        return d[r, j], qx[r, j], qy[r, j]
    s = segs[j]
    from_start = np.hypot(qx[r, j] - s[:, 0], qy[r, j] - s[:, 1])
    from_end = np.hypot(qx[r, j] - s[:, 2], qy[r, j] - s[:, 3])
    return d[r, j], qx[r, j], qy[r, j], (from_start > 1e-3) & (from_end > 1e-3)


def _orient(ax, ay, bx, by, cx, cy):
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def _segments_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(k × m) whether segments a (k × 4) and b (m × 4) intersect (touching counts)."""
    a0x, a0y, a1x, a1y = (a[:, c][:, None] for c in range(4))
    b0x, b0y, b1x, b1y = (b[:, c][None, :] for c in range(4))
    d1 = _orient(b0x, b0y, b1x, b1y, a0x, a0y)
    d2 = _orient(b0x, b0y, b1x, b1y, a1x, a1y)
    d3 = _orient(a0x, a0y, a1x, a1y, b0x, b0y)
    d4 = _orient(a0x, a0y, a1x, a1y, b1x, b1y)
    return (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~((d1 == 0) & (d2 == 0) & (d3 == 0) & (d4 == 0))


def _segment_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(k × m) distances between segments a (k × 4) and b (m × 4)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    d = np.minimum.reduce([
        _point_segment(a[:, 0], a[:, 1], b)[0],
        _point_segment(a[:, 2], a[:, 3], b)[0],
        _point_segment(b[:, 0], b[:, 1], a)[0].T,
        _point_segment(b[:, 2], b[:, 3], a)[0].T,
    ])
    return np.where(_segments_cross(a, b), 0.0, d)


def _grid_pairs(bounds_a: np.ndarray, bounds_b: np.ndarray, cell: float, same: bool = False) -> np.ndarray:
    """Index pairs (ia, ib) whose bounding boxes overlap (a numpy grid instead of a spatial index package).

    With ``same`` (a and b the same set) only pairs ia < ib are returned.
    """
    def explode(bounds):
        ok = np.flatnonzero(np.isfinite(bounds).all(axis=1))
        b = bounds[ok]
        cx0 = np.floor(b[:, 0] / cell).astype(np.int64)
        cy0 = np.floor(b[:, 1] / cell).astype(np.int64)
        nx = np.floor(b[:, 2] / cell).astype(np.int64) - cx0 + 1
        ny = np.floor(b[:, 3] / cell).astype(np.int64) - cy0 + 1
        cnt = nx * ny
        idx = np.repeat(np.arange(len(b)), cnt)
        within = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        cx = cx0[idx] + within % nx[idx]
        cy = cy0[idx] + within // nx[idx]
        return cx * 4_000_003 + cy, ok[idx]

    if not len(bounds_a) or not len(bounds_b):
        return np.zeros((0, 2), dtype=np.int64)
    ka, ia = explode(bounds_a)
    kb, ib = explode(bounds_b)
    order = np.argsort(kb, kind="stable")
    kb, ib = kb[order], ib[order]
    lo = np.searchsorted(kb, ka, side="left")
    hi = np.searchsorted(kb, ka, side="right")
    cnt = hi - lo
    a = np.repeat(ia, cnt)
    b = ib[spans(lo, cnt)]
    if same:
        keep = a < b
        a, b = a[keep], b[keep]
    if not len(a):
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.unique(np.column_stack([a, b]), axis=0)
    ba, bb = bounds_a[pairs[:, 0]], bounds_b[pairs[:, 1]]
    overlap = (ba[:, 0] <= bb[:, 2]) & (bb[:, 0] <= ba[:, 2]) & (ba[:, 1] <= bb[:, 3]) & (bb[:, 1] <= ba[:, 3])
    return pairs[overlap]


def _sample_segments(segs: np.ndarray, spacing: float):
    """Points along segments every ``spacing`` m at most (segment midpoints of equal pieces) and the length
    each point stands for."""
    if not len(segs):
        return np.zeros(0), np.zeros(0), np.zeros(0)
    length = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    n = np.maximum(1, np.ceil(length / spacing)).astype(np.int64)
    idx = np.repeat(np.arange(len(segs)), n)
    frac = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + 0.5) / n[idx]
    x = segs[idx, 0] + frac * (segs[idx, 2] - segs[idx, 0])
    y = segs[idx, 1] + frac * (segs[idx, 3] - segs[idx, 1])
    return x, y, (length / n)[idx]


def _expand(b: np.ndarray, d: float) -> np.ndarray:
    return np.array([b[0] - d, b[1] - d, b[2] + d, b[3] + d])


def _in_box(x, y, b) -> np.ndarray:
    return (x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3])


def _segs_in_box(segs: np.ndarray, sb: np.ndarray, b: np.ndarray) -> np.ndarray:
    return segs[(sb[:, 0] <= b[2]) & (sb[:, 2] >= b[0]) & (sb[:, 1] <= b[3]) & (sb[:, 3] >= b[1])]


# ---------------------------------------------------------------------------------------------------------
# adjacency


def barrier_crossings(network, barrier_lines: Sequence[np.ndarray]) -> np.ndarray:
    """Points (k × 2) where a walkable network edge meets a barrier line (a bridge or an underpass)."""
    bsegs = _line_segments(barrier_lines)
    if network is None or not len(bsegs) or network.n_edges == 0:
        return np.zeros((0, 2))
    cnt = network.edge_count - 1
    first = np.repeat(network.edge_start, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    nsegs = np.column_stack([network.vx[first], network.vy[first], network.vx[first + 1], network.vy[first + 1]])
    nb, bb = _seg_bounds(nsegs), _seg_bounds(bsegs)
    pairs = _grid_pairs(bb, nb, cell=100.0)
    pts = []
    for start in range(0, len(pairs), 200_000):
        p = pairs[start:start + 200_000]
        a, b = bsegs[p[:, 0]], nsegs[p[:, 1]]
        d1 = _orient(b[:, 0], b[:, 1], b[:, 2], b[:, 3], a[:, 0], a[:, 1])
        d2 = _orient(b[:, 0], b[:, 1], b[:, 2], b[:, 3], a[:, 2], a[:, 3])
        d3 = _orient(a[:, 0], a[:, 1], a[:, 2], a[:, 3], b[:, 0], b[:, 1])
        d4 = _orient(a[:, 0], a[:, 1], a[:, 2], a[:, 3], b[:, 2], b[:, 3])
        hit = (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~((d1 == 0) & (d2 == 0))
        a, d1, d2 = a[hit], d1[hit], d2[hit]
        t = np.where(d1 != d2, d1 / np.where(d1 != d2, d1 - d2, 1.0), 0.0)
        pts.append(np.column_stack([a[:, 0] + t * (a[:, 2] - a[:, 0]), a[:, 1] + t * (a[:, 3] - a[:, 1])]))
    return np.vstack(pts) if pts else np.zeros((0, 2))


def block_adjacency(
    polygons: Sequence,
    gap: float = 80.0,
    min_contact: float = 20.0,
    barrier_lines: Optional[Sequence[np.ndarray]] = None,
    crossings: Optional[np.ndarray] = None,
    barrier_tolerance: float = 10.0,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> Adjacency:
    """Neighbouring blocks: boundaries facing each other within ``gap`` m along ≥ ``min_contact`` m.

    Points every few metres along each block's boundary near the other are matched to their nearest point on
    the other block; a point "faces" the other block when the two are each other's nearest points (so that
    the two legs of a corner-only contact do not count). The shared length is the mean of both directions.
    A pair is cut when barrier lines pass within ``barrier_tolerance`` of the straight links between at least
    half of its facing points, unless one of ``crossings`` (where walkable edges meet a barrier) lies between
    the two blocks (its distances to both add up to no more than their widest facing gap plus twice the
    tolerance).
    """
    steps = Steps(progress, is_cancelled, [1])
    steps.next()
    segs = [_segments_of(g) for g in polygons]
    seg_b = [_seg_bounds(s) if len(s) else np.zeros((0, 4)) for s in segs]
    bounds = np.array([[s[:, 0].min(), s[:, 1].min(), s[:, 2].max(), s[:, 3].max()] if len(s) else [np.nan] * 4
                       for s in seg_b], dtype=float).reshape(-1, 4)
    reach = gap + 1e-6
    grown = bounds + np.array([-reach / 2, -reach / 2, reach / 2, reach / 2])
    finite = np.isfinite(bounds).all(axis=1)
    size = np.nanmedian(bounds[finite, 2:] - bounds[finite, :2]) if finite.any() else 100.0
    candidates = _grid_pairs(grown, grown, cell=max(float(size), reach, 1.0), same=True)
    bsegs = _line_segments(barrier_lines or [])
    bsb = _seg_bounds(bsegs) if len(bsegs) else np.zeros((0, 4))
    cross = np.zeros((0, 2)) if crossings is None else np.asarray(crossings, dtype=float).reshape(-1, 2)
    spacing = max(0.5, min(5.0, min_contact / 4.0 if min_contact > 0 else 5.0))
    fuzz = max(0.5, 1e-6 * float(size))
    samples = [_sample_segments(sg, spacing) for sg in segs]  # points along each boundary, once
    pairs, contact, cut, bridged = [], [], [], []
    for c, (i, j) in enumerate(candidates):
        if c % 200 == 0:
            steps.sub(c / max(len(candidates), 1))
        in_zone = []
        for a, b in ((i, j), (j, i)):
            sx, sy, sw = samples[a]
            keep = _in_box(sx, sy, _expand(bounds[b], reach))
            in_zone.append((sx[keep], sy[keep], sw[keep]))
        if in_zone[0][2].sum() + in_zone[1][2].sum() < 2 * min_contact:
            continue  # not enough boundary near the other block to share min_contact
        facing = []
        for (a, b), (x, y, w) in zip(((i, j), (j, i)), in_zone):
            other = _segs_in_box(segs[b], seg_b[b], _expand(bounds[a], reach))
            d, qx, qy, inner = _nearest_on(x, y, other, inner=True)
            near = d <= reach
            x, y, w, d, qx, qy, inner = x[near], y[near], w[near], d[near], qx[near], qy[near], inner[near]
            back = _nearest_on(qx, qy, segs[a])[0] if len(x) else np.zeros(0)
            # facing: each other's nearest points, and not the other block's corner (a corner-only contact)
            mutual = (back >= d - np.maximum(fuzz, 0.05 * d)) & (inner | (d <= fuzz))
            facing.append((x[mutual], y[mutual], w[mutual], d[mutual], qx[mutual], qy[mutual]))
        length = 0.5 * (facing[0][2].sum() + facing[1][2].sum())
        if length < min_contact or (min_contact == 0 and length == 0 and not _touch(polygons[i], polygons[j])):
            continue
        if len(bsegs):
            links = np.vstack([np.column_stack([f[0], f[1], f[4], f[5]]) for f in facing])
            weights = np.concatenate([f[2] for f in facing])
            lb = _seg_bounds(links)
            box = _expand(np.array([lb[:, 0].min(), lb[:, 1].min(), lb[:, 2].max(), lb[:, 3].max()]),
                          barrier_tolerance)
            near_barrier = _segs_in_box(bsegs, bsb, box)
            if len(near_barrier):
                blocked = (_segment_distance(links, near_barrier) <= barrier_tolerance).any(axis=1)
                if weights[blocked].sum() >= 0.5 * weights.sum():
                    widest = max(float(f[3].max()) if len(f[3]) else 0.0 for f in facing)
                    if _crossing_between(cross, segs[i], segs[j], box, widest + 2 * barrier_tolerance, reach):
                        bridged.append((int(i), int(j)))
                    else:
                        cut.append((int(i), int(j)))
                        continue
        pairs.append((int(i), int(j)))
        contact.append(length)
    steps.done()
    return Adjacency(pairs=np.array(pairs, dtype=np.int64).reshape(-1, 2), contact=np.array(contact, dtype=float),
                     cut_by_barrier=cut, bridged=bridged)


def _touch(a, b) -> bool:
    return bool(a.intersects(b))


def _crossing_between(cross, segs_i, segs_j, box, limit, reach) -> bool:
    if not len(cross):
        return False
    sel = cross[_in_box(cross[:, 0], cross[:, 1], _expand(box, reach))]
    if not len(sel):
        return False
    di = _nearest_on(sel[:, 0], sel[:, 1], segs_i)[0]
    dj = _nearest_on(sel[:, 0], sel[:, 1], segs_j)[0]
    return bool((di + dj <= limit).any())


# ---------------------------------------------------------------------------------------------------------
# 街镇 of each block


def subdistricts_from_polygons(
    blocks: Sequence, admin_polygons: Sequence, admin_names: Sequence, block_ids: Sequence, blocks_layer: str,
    admin_layer: str,
) -> list:
    """The 街镇 name of each block: the admin polygon it overlaps most. Blocks outside every one are an error."""
    names = [None if v is None else str(v) for v in admin_names]
    ab = np.array([g.bounds if g is not None and not g.is_empty else (np.nan,) * 4 for g in admin_polygons],
                  dtype=float).reshape(-1, 4)
    out, outside = [], []
    for i, g in enumerate(blocks):
        x0, y0, x1, y1 = g.bounds
        cand = np.flatnonzero((ab[:, 0] <= x1) & (ab[:, 2] >= x0) & (ab[:, 1] <= y1) & (ab[:, 3] >= y0))
        best, best_area = None, 0.0
        for k in cand:
            area = g.intersection(admin_polygons[k]).area
            if area > best_area:
                best, best_area = k, area
        if best is None or best_area <= 1e-6 * max(g.area, 1.0):
            outside.append(block_ids[i])
            out.append(None)
        else:
            out.append(names[best] if names[best] not in (None, "") else f"{admin_layer} #{best + 1}")
    if outside:
        raise LifeCircleError(
            Msg("Layer '{}': {} block(s) lie outside every 街镇 of layer '{}' (feature ids {}). Every block needs a "
                "街镇: extend the 街镇 polygons, or leave these blocks out, and run "
                "again.", blocks_layer, len(outside), admin_layer, _listed(outside)))
    return out


def subdistricts_from_field(values: Sequence, block_ids: Sequence, blocks_layer: str, field_name: str) -> list:
    empty = [block_ids[i] for i, v in enumerate(values) if v is None or str(v).strip() == ""]
    if empty:
        raise LifeCircleError(
            Msg("Layer '{}': {} block(s) have no 街镇 in field '{}' (feature ids {}). Fill in the 街镇 of every block "
                "(or give 街镇 polygons instead) and run again.", blocks_layer, len(empty), field_name, _listed(empty)))
    return [str(v).strip() for v in values]



# ---------------------------------------------------------------------------------------------------------
# walking distances



def check_overlaps(polygons: Sequence, block_ids: Sequence, layer_name: str, tolerance: float = 1.0) -> None:
    """A LifeCircleError naming the blocks that overlap by more than slivers (> max(tolerance m², 0.1 %))."""
    from .geometry import overlapping_pairs

    bad = []
    for i, j, a in overlapping_pairs(polygons, min_area=tolerance):
        if a > 1e-3 * min(polygons[i].area, polygons[j].area):
            bad.append((i, j, a))
    if bad:
        listed = "; ".join(f"{block_ids[i]} and {block_ids[j]} ({a:,.0f} m²)" for i, j, a in bad[:10])
        raise LifeCircleError(
            Msg("Layer '{}': blocks overlap, so their residents would count twice: {}{}. Fix the block polygons "
                "(e.g. with 'Remove overlaps' or by snapping) and run "
                "again.", layer_name, listed, ' …' if len(bad) > 10 else ''))
