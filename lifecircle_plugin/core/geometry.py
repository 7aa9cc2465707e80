"""Small geometry helpers shared by the algorithms (shapely 1.8 and 2.x alike; no spatial-index package
needed: geopandas 0.12 would want rtree or pygeos for a spatial join, and QGIS installs may lack both)."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .errors import LifeCircleError, Msg


def _shapely2() -> bool:
    import shapely

    return int(shapely.__version__.split(".")[0]) >= 2


def _bounds(geoms: Sequence) -> np.ndarray:
    return np.array([g.bounds if g is not None and not g.is_empty else (np.nan,) * 4 for g in geoms], dtype=float).reshape(-1, 4)


def polygon_bounds(polygons: Sequence) -> np.ndarray:
    """(n, 4) bounds of non-empty Polygons, read from their exterior ring's WKB (shapely 1.8's ``bounds`` costs
    ~0.1 ms a polygon; thousands of compounds add up)."""
    if _shapely2():
        import shapely

        return np.asarray(shapely.bounds(np.array(polygons, dtype=object)), dtype=float).reshape(-1, 4)
    out = np.empty((len(polygons), 4))
    for i, p in enumerate(polygons):
        buf = p.wkb  # little-endian Polygon: byte order, type, ring count, then the exterior's point count
        if buf[0] != 1 or buf[1] != 3:  # (another byte order, or Z coordinates: the slow way)
            out[i] = p.bounds
            continue
        n = int(np.frombuffer(buf, "<u4", 1, 9)[0])
        xy = np.frombuffer(buf, "<f8", 2 * n, 13).reshape(-1, 2)
        out[i] = (xy[:, 0].min(), xy[:, 1].min(), xy[:, 0].max(), xy[:, 1].max())
    return out


def points_in_polygons(xy: np.ndarray, polygons: Sequence, bounds: np.ndarray = None) -> np.ndarray:
    """Index of the polygon holding each point (-1 when none; the lowest index where several do).

    Points on a boundary count as inside; a point on a boundary shared by two polygons goes to the
    lower-index one, so that every point counts once. ``bounds``: the polygons' bounds when already known.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    out = np.full(len(xy), -1, dtype=np.int64)
    finite = np.isfinite(xy).all(axis=1)
    if not finite.any() or not len(polygons):
        return out
    bounds = _bounds(polygons) if bounds is None else bounds
    fast = _shapely2()
    if fast:
        import shapely
    else:
        from shapely import vectorized
        from shapely.prepared import prep
    # points sorted by x: each polygon looks only at the strip of points under its box
    pts = np.flatnonzero(finite)
    pts = pts[np.argsort(xy[pts, 0], kind="stable")]
    xs = xy[pts, 0]
    for k in range(len(polygons)):  # few polygons (units), many points: vectorise over the points
        g = polygons[k]
        if g is None or g.is_empty:
            continue
        x0, y0, x1, y1 = bounds[k]
        lo, hi = np.searchsorted(xs, x0, side="left"), np.searchsorted(xs, x1, side="right")
        cand = pts[lo:hi]
        cand = cand[(out[cand] < 0) & (xy[cand, 1] >= y0) & (xy[cand, 1] <= y1)]
        if not len(cand):
            continue
        if fast:
            inside = shapely.intersects_xy(g, xy[cand, 0], xy[cand, 1])
        else:  # shapely 1.8: compiled point tests too (inside, or exactly on the boundary)
            cx, cy = xy[cand, 0].copy(), xy[cand, 1].copy()
            inside = vectorized.contains(prep(g), cx, cy)
            rest = np.flatnonzero(~inside)
            if len(rest):  # the (slow) boundary test only for points within a micrometre of the polygon
                near = rest[vectorized.contains(prep(g.buffer(1e-6)), cx[rest], cy[rest])]
                if len(near):
                    inside[near] = vectorized.touches(g, cx[near], cy[near])
        out[cand[inside]] = k
    return out


def overlapping_pairs(polygons: Sequence, min_area: float = 1.0, bounds: np.ndarray = None) -> list:
    """Pairs of polygons that overlap by more than ``min_area`` (m²): (i, j, overlap area), i < j."""
    b = _bounds(polygons) if bounds is None else bounds
    out = []
    order = np.argsort(np.nan_to_num(b[:, 0], nan=np.inf), kind="stable")
    x0 = np.nan_to_num(b[order, 0], nan=np.inf)
    # boxes sorted by west edge: each box meets only the boxes that start before its east edge (found by bisection,
    # their y ranges compared all at once); only pairs whose boxes meet are intersected
    for a_pos, i in enumerate(order):
        if not np.isfinite(b[i, 0]):
            break
        cand = order[a_pos + 1:np.searchsorted(x0, b[i, 2], side="right")]
        cand = cand[(b[cand, 1] <= b[i, 3]) & (b[cand, 3] >= b[i, 1])]
        for j in cand.tolist():
            area = polygons[i].intersection(polygons[j]).area
            if area > min_area:
                out.append((int(min(i, j)), int(max(i, j)), float(area)))
    return sorted(out)


def check_polygons(polygons: Sequence, ids: Sequence, layer: str) -> list:
    """The polygons, or a LifeCircleError naming the features that are not polygons or are empty."""
    bad = [ids[i] for i, g in enumerate(polygons)
           if g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon")]
    if bad:
        raise LifeCircleError(
            Msg("Layer '{}': {} feature(s) without a polygon geometry (feature ids "
                "{}{}).", layer, len(bad), ', '.join(map(str, bad[:15])), ' …' if len(bad) > 15 else '')
        )
    return list(polygons)
