"""Where points join the walking network: the points' coordinates, the nearest-segment index and the snap result
(one join per point, or several through the gates of a gated compound), with the small array helpers their readers
share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Optional

import numpy as np

from .errors import Steps


class SegmentIndex:
    """Nearest-segment look-up in compiled code (scipy cKDTree over short sub-segment midpoints).

    Independent of the shapely version: a segment is cut, for indexing only, into pieces of at most
    ``cell`` metres; any point within ``r`` of a segment lies within ``r + cell/2`` of a piece's midpoint.
    """

    def __init__(self, x0, y0, x1, y1, cell: float = 40.0):
        from scipy.spatial import cKDTree

        self.x0, self.y0, self.x1, self.y1 = (np.asarray(a, dtype=float) for a in (x0, y0, x1, y1))
        self.dx = self.x1 - self.x0
        self.dy = self.y1 - self.y0
        self.len2 = self.dx * self.dx + self.dy * self.dy
        seg_len = np.sqrt(self.len2)
        self.cell = float(cell)
        pieces = np.maximum(1, np.ceil(seg_len / self.cell).astype(np.int64))
        self.piece_seg = np.repeat(np.arange(len(seg_len)), pieces)
        starts = np.cumsum(pieces) - pieces
        k = np.arange(len(self.piece_seg)) - np.repeat(starts, pieces)
        t = (k + 0.5) / np.repeat(pieces, pieces)
        mx = self.x0[self.piece_seg] + t * self.dx[self.piece_seg]
        my = self.y0[self.piece_seg] + t * self.dy[self.piece_seg]
        self.half_piece = 0.5 * float(np.max(seg_len / pieces)) if len(seg_len) else 0.0
        self.tree = cKDTree(np.column_stack([mx, my]), balanced_tree=False) if len(mx) else None

    def _project(self, pt, seg, px, py):
        with np.errstate(invalid="ignore", divide="ignore"):
            t = ((px[pt] - self.x0[seg]) * self.dx[seg] + (py[pt] - self.y0[seg]) * self.dy[seg]) / self.len2[seg]
        t = np.where(self.len2[seg] > 0, np.clip(t, 0.0, 1.0), 0.0)
        d = np.hypot(px[pt] - (self.x0[seg] + t * self.dx[seg]), py[pt] - (self.y0[seg] + t * self.dy[seg]))
        return d, t

    def nearest(self, px, py, max_distance: float, chunk: int = 50000, steps: Optional[Steps] = None, k: int = 8):
        """For each point: (segment index or -1, distance, parameter t in [0, 1] along the segment).

        Compiled throughout: the ``k`` nearest piece midpoints give candidate segments. Any segment at
        distance ``d`` has a piece midpoint within ``d`` + half a piece, so when the ``k``-th midpoint is
        farther than the best candidate's distance + half a piece (or there are fewer than ``k`` midpoints in
        range), the best candidate is the nearest segment. The few points where that does not hold are
        checked against every piece within that radius.
        """
        px = np.asarray(px, dtype=float)
        py = np.asarray(py, dtype=float)
        n = len(px)
        best_seg = np.full(n, -1, dtype=np.int64)
        best_d = np.full(n, np.inf)
        best_t = np.zeros(n)
        if self.tree is None or n == 0:
            return best_seg, best_d, best_t
        n_pieces = len(self.piece_seg)
        k = max(1, min(int(k), n_pieces))
        reach = max_distance + self.half_piece + 1e-6
        valid = np.flatnonzero(np.isfinite(px) & np.isfinite(py))
        for start in range(0, len(valid), chunk):
            idx = valid[start : start + chunk]
            xy = np.column_stack([px[idx], py[idx]])
            dk, jk = self.tree.query(xy, k=k, distance_upper_bound=reach, workers=-1)
            dk, jk = dk.reshape(len(idx), k), jk.reshape(len(idx), k)
            found = jk < n_pieces
            # candidates as an (points × k) table: per row the smallest distance, ties to the lowest segment
            seg = np.where(found, self.piece_seg[np.minimum(jk, n_pieces - 1)], -1)
            pt = np.repeat(idx, k)
            d, t = self._project(pt, np.maximum(seg.ravel(), 0), px, py)
            d = np.where(found.ravel(), d, np.inf).reshape(len(idx), k)
            t = t.reshape(len(idx), k)
            dmin = d.min(axis=1)
            tied = np.where(d == dmin[:, None], seg, np.iinfo(np.int64).max)
            col = np.argmin(tied, axis=1)
            rows = np.arange(len(idx))
            ok = dmin <= max_distance
            best_seg[idx[ok]] = seg[rows, col][ok]
            best_d[idx[ok]] = dmin[ok]
            best_t[idx[ok]] = t[rows, col][ok]
            # points whose k-th midpoint is still within reach of a closer segment: check every piece in range
            bound = np.where(best_seg[idx] >= 0, best_d[idx], max_distance) + self.half_piece + 1e-6
            unsure = found[:, -1] & (dk[:, -1] <= bound)
            if unsure.any():
                u = idx[unsure]
                hits = self.tree.query_ball_point(xy[unsure], bound[unsure], workers=-1)
                counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(u))
                pt = np.repeat(u, counts)
                seg = self.piece_seg[np.fromiter((i for h in hits for i in h), dtype=np.int64, count=counts.sum())]
                d, t = self._project(pt, seg, px, py)
                self._keep_best(pt, seg, d, t, max_distance, best_seg, best_d, best_t)
            if steps is not None:
                steps.sub(min(1.0, (start + chunk) / max(len(valid), 1)))
        return best_seg, best_d, best_t

    @staticmethod
    def _keep_best(pt, seg, d, t, max_distance, best_seg, best_d, best_t):
        """Per point: the smallest distance within ``max_distance``, ties broken by the lowest segment index
        (deterministic); merged into the running best."""
        if not len(pt):
            return
        order = np.lexsort((seg, d, pt))
        pt_o = pt[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = pt_o[1:] != pt_o[:-1]
        sel = order[first]
        sel = sel[d[sel] <= max_distance]
        p = pt[sel]
        cur_d, cur_s = best_d[p], best_seg[p]
        better = (d[sel] < cur_d) | ((d[sel] == cur_d) & ((cur_s < 0) | (seg[sel] < cur_s)))
        sel, p = sel[better], p[better]
        best_seg[p] = seg[sel]
        best_d[p] = d[sel]
        best_t[p] = t[sel]


@dataclass
class SnapResult:
    """Where each point joins the network.

    ``edge`` is -1 for a point beyond the tolerance (listed in ``beyond``); ``offset`` is the distance along
    the edge from its ``u`` end; ``access`` the straight distance from the point to the network.
    """

    edge: np.ndarray
    offset: np.ndarray
    access: np.ndarray
    x: np.ndarray
    y: np.ndarray
    tolerance: float
    #: several joins per point (a point inside a gated compound joins the network at each of its gates); None:
    #: one join per point, the fields above. With legs, ``edge/offset/access`` hold the shortest leg (for
    #: reports) and ``x/y`` the point itself (every walk from it is at least the straight line)
    legs: Optional["AccessLegs"] = None
    #: the gated compound each point is inside (-1: none), and where the points are: two points inside one
    #: compound walk straight to each other (times ``detour``) without going out through a gate
    compound: Optional[np.ndarray] = None
    point_xy: Optional[np.ndarray] = None
    detour: float = 1.0
    #: points inside a compound whose every gate is closed at the hour asked for (not joined, but not far away)
    shut: Optional[np.ndarray] = None

    @property
    def snapped(self) -> np.ndarray:
        return self.edge >= 0

    def joins(self, idx: np.ndarray):
        """The joins of the points ``idx`` (all snapped): (position in ``idx``, edge, offset, access), grouped by
        position in order."""
        idx = np.asarray(idx, dtype=np.int64)
        if self.legs is None:
            return np.arange(len(idx)), self.edge[idx], self.offset[idx], self.access[idx]
        ptr = self.legs.ptr
        lo = ptr[idx]
        cnt = ptr[idx + 1] - lo
        pos = np.repeat(np.arange(len(idx)), cnt)
        j = spans(lo, cnt)
        return pos, self.legs.edge[j], self.legs.offset[j], self.legs.access[j]

    @property
    def beyond(self) -> np.ndarray:
        """Indices of the points farther than the tolerance from every walkable edge (not those shut in a compound
        at night: they are reported with the compounds)."""
        return np.flatnonzero((self.edge < 0) & (True if self.shut is None else ~self.shut))

    def __len__(self) -> int:
        return len(self.edge)


def spans(lo: np.ndarray, cnt: np.ndarray) -> np.ndarray:
    """The positions ``lo[i] … lo[i] + cnt[i] - 1`` of every ``i``, one after the other (the members of CSR rows, of
    searchsorted ranges, of groups)."""
    cnt = np.asarray(cnt, dtype=np.int64)
    return np.repeat(np.asarray(lo, dtype=np.int64) - np.cumsum(cnt) + cnt, cnt) + np.arange(int(cnt.sum()))


@dataclass
class AccessLegs:
    """Joins of points to the network, several per point: those of point ``i`` are ``ptr[i]:ptr[i + 1]``
    (a snapped point has at least one; an unsnapped one none)."""

    ptr: np.ndarray
    edge: np.ndarray
    offset: np.ndarray
    access: np.ndarray


def best_per_group(group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Positions of the smallest ``value`` of each ``group`` (``group`` sorted ascending: joins by point). Only
    the groups of several members are sorted (most points have one join)."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    sizes = np.diff(np.r_[starts, len(group)])
    best = starts.copy()
    several = np.flatnonzero(sizes > 1)
    if len(several):
        members = spans(starts[several], sizes[several])
        order = members[np.lexsort((value[members], group[members]))]
        first = np.ones(len(order), dtype=bool)
        first[1:] = group[order][1:] != group[order][:-1]
        best[several] = order[first]
    return best


def points_xy(geometries: Iterable[Any]) -> np.ndarray:
    """(n, 2) array of point coordinates; NaN rows for null/empty geometries (polygons: their centroid)."""
    out = []
    for g in geometries:
        if g is None or g.is_empty:
            out.append((np.nan, np.nan))
        elif g.geom_type == "Point":
            out.append((g.x, g.y))
        else:
            p = g.representative_point() if g.geom_type in ("Polygon", "MultiPolygon") else g.centroid
            out.append((p.x, p.y))
    return np.asarray(out, dtype=float).reshape(-1, 2)
