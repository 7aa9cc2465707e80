"""The walking-network engine shared by every LifeCircle algorithm.

Build once, snap once, many queries:

>>> net = build_network(lines, NetworkOptions(class_field_values=classes))   # clean + node + topology
>>> residents = net.snap(resident_xy, tolerance=150)                       # projection onto nearest edge
>>> shops = net.snap(shop_xy, tolerance=150)
>>> router = net.router({"res": residents, "shops": shops})                 # one augmented graph
>>> d = router.nearest_distance("shops", "res", limit=500)                  # compiled multi-source Dijkstra

All coordinates are metres in a projected CRS (the QGIS bridge reprojects geographic input first).
Distances include the access legs: from a point to its projection on the network, along the network, and
from the network to the other point. Points farther than the snap tolerance from every edge are never
snapped: they are listed in :class:`SnapResult.beyond`.

Only numpy, scipy and shapely are used here (networkx is not needed for routing: bulk shortest paths run in
``scipy.sparse.csgraph``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .typed import clean_text, word_key

#: OSM-style classes that are not walkable by default (expressways, elevated roads and their ramps).
DEFAULT_EXCLUDED_CLASSES = ("motorway", "motorway_link", "trunk", "trunk_link")

_QUANTUM = 1e-3  # vertices closer than a millimetre are the same vertex
_EPS = 1e-9


@dataclass
class NetworkOptions:
    """How a line layer becomes a walking network (the Processing parameters of the same names)."""

    excluded_classes: Sequence[str] = DEFAULT_EXCLUDED_CLASSES
    split_at_crossings: bool = False
    node_tolerance: float = 1.0

    def __post_init__(self):
        if self.node_tolerance is None or not np.isfinite(self.node_tolerance) or self.node_tolerance < 0:
            raise LifeCircleError(Msg("NODE_TOLERANCE must be a distance of 0 m or more (got "
                                      "{}).", self.node_tolerance))
        self.excluded_classes = tuple(clean_text(c) for c in self.excluded_classes if clean_text(c))


@dataclass
class NodeMerge:
    """Two network nodes closer than the node tolerance that were merged into one (a closed gap)."""

    kept_node: int
    merged_x: float
    merged_y: float
    distance: float
    closed_gap: bool  # True when the two nodes were not already joined by an edge


@dataclass
class NetworkDiagnostics:
    input_features: int = 0
    used_features: int = 0
    excluded_by_class: int = 0
    excluded_not_walkable: int = 0
    null_geometries: list = field(default_factory=list)  # feature ids
    non_line_geometries: list = field(default_factory=list)  # feature ids
    zero_length_parts: int = 0
    crossing_nodes_added: int = 0
    merges: list = field(default_factory=list)  # NodeMerge
    collapsed_edges: int = 0  # edges shorter than the tolerance that collapsed into one node
    duplicate_edges: int = 0
    dangles: int = 0
    components: int = 0
    largest_component_nodes: int = 0
    largest_component_share: float = 0.0  # by edge length
    total_length: float = 0.0

    @property
    def closed_gaps(self) -> int:
        return sum(1 for m in self.merges if m.closed_gap)

    def summary(self) -> dict:
        return {
            "input_features": self.input_features,
            "used_features": self.used_features,
            "excluded_by_class": self.excluded_by_class,
            "excluded_not_walkable": self.excluded_not_walkable,
            "null_geometries": len(self.null_geometries),
            "non_line_geometries": len(self.non_line_geometries),
            "zero_length_parts": self.zero_length_parts,
            "crossing_nodes_added": self.crossing_nodes_added,
            "merged_nodes": len(self.merges),
            "closed_gaps": self.closed_gaps,
            "collapsed_edges": self.collapsed_edges,
            "duplicate_edges": self.duplicate_edges,
            "dangles": self.dangles,
            "components": self.components,
            "largest_component_nodes": self.largest_component_nodes,
            "largest_component_share": self.largest_component_share,
            "total_length_m": self.total_length,
        }


# ----------------------------------------------------------------------------------------------------------
# geometry helpers (shapely 1.8 and 2.x alike)


def _line_parts(geom) -> list:
    """Coordinate arrays (n, 2) of the line parts of a (multi)line geometry; [] for anything else."""
    gtype = geom.geom_type
    if gtype == "LineString" or gtype == "LinearRing":
        return [np.asarray(geom.coords, dtype=float)[:, :2]]
    if gtype in ("MultiLineString", "GeometryCollection"):
        out = []
        for g in geom.geoms:
            out.extend(_line_parts(g))
        return out
    return []


def _drop_repeats(xy: np.ndarray) -> np.ndarray:
    if len(xy) < 2:
        return xy
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(np.abs(np.diff(xy, axis=0)) > _QUANTUM / 2, axis=1)
    return xy[keep]


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


class WalkingNetwork:
    """A cleaned, noded, routable walking network (undirected, edge weights in metres)."""

    def __init__(
        self,
        node_xy: np.ndarray,
        edge_u: np.ndarray,
        edge_v: np.ndarray,
        edge_start: np.ndarray,
        edge_count: np.ndarray,
        vx: np.ndarray,
        vy: np.ndarray,
        edge_source: np.ndarray,
        diagnostics: NetworkDiagnostics,
    ):
        self.node_xy = node_xy
        self.edge_u = edge_u
        self.edge_v = edge_v
        self.edge_start = edge_start  # first vertex of each edge in vx/vy
        self.edge_count = edge_count  # number of vertices of each edge
        self.vx = vx
        self.vy = vy
        self.edge_source = edge_source  # index of the input feature each edge comes from
        self.diagnostics = diagnostics
        seg_len = np.hypot(np.diff(vx), np.diff(vy))
        # segments that stay inside one edge
        last = edge_start + edge_count - 1
        inside = np.ones(len(vx) - 1 if len(vx) else 0, dtype=bool)
        if len(inside):
            inside[last[last < len(inside)]] = False
        self._seg_first = np.flatnonzero(inside)
        self._seg_edge = np.repeat(np.arange(len(edge_u)), edge_count - 1)
        cum = np.concatenate([[0.0], np.cumsum(np.where(inside, seg_len, 0.0))]) if len(vx) else np.zeros(1)
        self._vertex_cum = cum  # running length; along-edge offsets are differences within one edge
        self.edge_length = cum[last] - cum[edge_start] if len(edge_u) else np.zeros(0)
        self._seg_len = seg_len
        self._segment_index = None
        self._csr = None
        self.node_component = None
        self.node_degree = np.bincount(
            np.concatenate([edge_u, edge_v]), minlength=len(node_xy)
        ).astype(np.int64)
        self.gated = None  # gated compounds points walk out of through their gates (see with_gates)

    def with_gates(self, gated) -> "WalkingNetwork":
        """The same network (arrays shared, nothing copied) whose ``snap`` joins points inside gated compounds
        through their gates (a :class:`compounds.GatedCompounds`); ``None``: plain snapping."""
        import copy

        view = copy.copy(self)
        view.gated = gated
        return view

    # -- sizes --------------------------------------------------------------------------------------------
    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)

    @property
    def n_edges(self) -> int:
        return len(self.edge_u)

    def edge_coords(self, e: int) -> np.ndarray:
        s = self.edge_start[e]
        n = self.edge_count[e]
        return np.column_stack([self.vx[s : s + n], self.vy[s : s + n]])

    @property
    def edge_component(self) -> np.ndarray:
        return self.node_component[self.edge_u]

    # -- graph ----------------------------------------------------------------------------------------------
    def adjacency(self):
        """Symmetric CSR matrix of the shortest edge between each pair of nodes (no self-loops)."""
        if self._csr is None:
            self._csr = _symmetric_csr(self.n_nodes, self.edge_u, self.edge_v, self.edge_length)
        return self._csr

    # -- snapping -------------------------------------------------------------------------------------------
    def segment_index(self) -> SegmentIndex:
        if self._segment_index is None:
            f = self._seg_first
            self._segment_index = SegmentIndex(self.vx[f], self.vy[f], self.vx[f + 1], self.vy[f + 1])
        return self._segment_index

    def snap(
        self,
        xy: np.ndarray,
        tolerance: float = 150.0,
        progress: Optional[ProgressCallback] = None,
        is_cancelled: Optional[CancelCallback] = None,
        through_gates: bool = True,
    ) -> SnapResult:
        """Projects points onto their nearest edge within ``tolerance`` metres; on a network ``with_gates``, points
        inside a gated compound join it at the compound's gates instead (``through_gates=False``: never)."""
        if tolerance is None or not np.isfinite(tolerance) or tolerance < 0:
            raise LifeCircleError(Msg("SNAP_TOLERANCE must be a distance of 0 m or more (got {}).", tolerance))
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        steps = Steps(progress, is_cancelled, [1])
        steps.next()
        seg, dist, t = self.segment_index().nearest(xy[:, 0], xy[:, 1], tolerance, steps=steps)
        ok = seg >= 0
        edge = np.full(len(xy), -1, dtype=np.int64)
        offset = np.zeros(len(xy))
        sx = np.full(len(xy), np.nan)
        sy = np.full(len(xy), np.nan)
        if ok.any():
            first = self._seg_first[seg[ok]]
            e = self._seg_edge[seg[ok]]
            edge[ok] = e
            along = self._vertex_cum[first] - self._vertex_cum[self.edge_start[e]] + t[ok] * self._seg_len[first]
            offset[ok] = np.clip(along, 0.0, self.edge_length[e])
            sx[ok] = self.vx[first] + t[ok] * (self.vx[first + 1] - self.vx[first])
            sy[ok] = self.vy[first] + t[ok] * (self.vy[first + 1] - self.vy[first])
        access = np.where(ok, dist, np.nan)
        steps.done()
        snap = SnapResult(edge=edge, offset=offset, access=access, x=sx, y=sy, tolerance=float(tolerance))
        if self.gated is not None and through_gates:
            snap = self.gated.through_gates(self, xy, snap)
        return snap

    def router(self, point_sets: Mapping[str, SnapResult]) -> "Router":
        return Router(self, point_sets)

    # -- outputs --------------------------------------------------------------------------------------------
    def edge_wkb(self) -> list:
        """Every edge as little-endian WKB LineString bytes (no shapely objects: fast for large networks)."""
        import struct

        xy = np.column_stack([self.vx, self.vy]).astype("<f8")
        raw = xy.tobytes()
        out = []
        for s, n in zip(self.edge_start.tolist(), self.edge_count.tolist()):
            out.append(b"\x01\x02\x00\x00\x00" + struct.pack("<I", n) + raw[16 * s: 16 * (s + n)])
        return out

    def node_wkb(self) -> list:
        """Every node as little-endian WKB Point bytes."""
        rec = np.zeros(self.n_nodes, dtype=[("head", "u1", 5), ("xy", "<f8", 2)])
        rec["head"] = np.frombuffer(b"\x01\x01\x00\x00\x00", dtype=np.uint8)
        rec["xy"] = self.node_xy
        buf = rec.tobytes()
        return [buf[21 * i: 21 * (i + 1)] for i in range(self.n_nodes)]


def _symmetric_csr(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray):
    """CSR adjacency keeping, for every unordered node pair, the smallest weight; self-loops dropped.

    Weights are strictly positive (zero-length edges never reach here), so no explicit zero is stored.
    """
    from scipy.sparse import csr_matrix

    keep = u != v
    a = np.minimum(u[keep], v[keep])
    b = np.maximum(u[keep], v[keep])
    w = np.asarray(w, dtype=float)[keep]
    if len(a):
        order = np.lexsort((w, b, a))
        a, b, w = a[order], b[order], w[order]
        first = np.ones(len(a), dtype=bool)
        first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        a, b, w = a[first], b[first], w[first]
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    data = np.concatenate([w, w])
    return csr_matrix((data, (rows, cols)), shape=(n, n))


# ----------------------------------------------------------------------------------------------------------
# building


def build_network(
    geometries: Sequence[Any],
    options: Optional[NetworkOptions] = None,
    classes: Optional[Sequence[Any]] = None,
    walkable: Optional[Sequence[Any]] = None,
    feature_ids: Optional[Sequence[Any]] = None,
    layer_name: str = "network",
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> WalkingNetwork:
    """Cleans line geometries into a routable walking network.

    ``geometries``: shapely (multi)lines in a projected CRS (metres); ``None`` or empty entries are counted.
    ``classes``: the class value of each feature (e.g. OSM ``highway``); features whose class is in
    ``options.excluded_classes`` are left out. ``walkable``: optional flag per feature; false-like values
    (0, false, no, n, 否) leave the feature out, null keeps it.
    Nodes are line ends and every vertex shared by two lines (or twice by one line); with
    ``split_at_crossings`` also every point where lines cross without a shared vertex. Nodes closer than
    ``node_tolerance`` are merged (each merge reported), zero-length and duplicate edges dropped.
    """
    options = options or NetworkOptions()
    steps = Steps(progress, is_cancelled, [3, 1, 2, 1, 1, 1])
    n_in = len(geometries)
    if feature_ids is None:
        feature_ids = list(range(n_in))
    diag = NetworkDiagnostics(input_features=n_in)
    excluded = {word_key(c) for c in options.excluded_classes}  # ('Trunk', 'MOTORWAY ', 'ｔｒｕｎｋ' alike)

    # 1. read the parts ---------------------------------------------------------------------------------
    steps.next()
    use = np.ones(n_in, dtype=bool)
    if classes is not None:
        by_class = _flags(classes, lambda c: c is not None and word_key(c) in excluded)
        diag.excluded_by_class = int(by_class.sum())
        use &= ~by_class
    if walkable is not None:
        not_walkable = use & _flags(walkable, flag_is_false)
        diag.excluded_not_walkable = int(not_walkable.sum())
        use &= ~not_walkable
    use = np.flatnonzero(use)
    steps.sub(0.1)
    flat, counts, part_source, kind = _read_line_parts(geometries, use)
    del geometries
    for i in use[kind != 0]:
        (diag.non_line_geometries if kind[np.searchsorted(use, i)] == 2 else diag.null_geometries).append(
            feature_ids[i])
    steps.sub(0.5)
    flat, counts, part_source = _clean_parts(flat, counts, part_source, diag, feature_ids)

    if diag.non_line_geometries and not len(counts):
        raise LifeCircleError(
            Msg("Layer '{}' has no line geometries ({} features of another geometry type): give a line layer of "
                "streets and paths as the network.", layer_name, len(diag.non_line_geometries))
        )
    if not len(counts):
        reasons = []
        if diag.excluded_by_class:
            reasons.append(Msg("{} excluded by class ({})", diag.excluded_by_class, ", ".join(sorted(excluded))))
        if diag.excluded_not_walkable:
            reasons.append(Msg("{} flagged not walkable", diag.excluded_not_walkable))
        if diag.null_geometries:
            reasons.append(Msg("{} with empty or null geometry", len(diag.null_geometries)))
        if diag.zero_length_parts:
            reasons.append(Msg("{} of zero length", diag.zero_length_parts))
        why = Msg.join("; ", reasons) if reasons else Msg("the layer is empty")
        raise LifeCircleError(
            Msg("Layer '{}' has no walkable lines left to build a network from ({} features: "
                "{}).", layer_name, n_in, why)
        )

    # 2. optional noding of crossings ---------------------------------------------------------------------
    steps.next()
    if options.split_at_crossings:
        parts = np.split(flat, np.cumsum(counts)[:-1])
        parts, part_source, added = _node_crossings(parts, part_source, steps)
        diag.crossing_nodes_added = added
        counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
        flat = np.concatenate(parts)
        del parts

    # 3. vertices -> nodes and edges ----------------------------------------------------------------------
    steps.next()
    pstart = np.cumsum(counts) - counts
    pend = pstart + counts - 1
    kid, kcount = _vertex_ids(flat)
    is_node = kcount[kid] > 1
    is_node[pstart] = True
    is_node[pend] = True
    # a line that turns back on itself (A-B-A, as OSMnx exports two-way streets) has a node at the turn, so
    # that the two halves become duplicate edges and the turn a dangle
    if len(kid) > 2:
        turn = np.zeros(len(kid), dtype=bool)
        turn[1:-1] = kid[:-2] == kid[2:]
        is_node |= turn
    node_pos = np.flatnonzero(is_node)
    # consecutive node vertices inside one part delimit an edge
    part_of = np.repeat(np.arange(len(counts)), counts)
    same_part = part_of[node_pos[:-1]] == part_of[node_pos[1:]]
    e_a = node_pos[:-1][same_part]
    e_b = node_pos[1:][same_part]
    e_src = np.asarray(part_source, dtype=np.int64)[part_of[e_a]]
    node_keys, node_of_kid = np.unique(kid[node_pos], return_inverse=True)
    kid_to_node = np.full(kid.max() + 1, -1, dtype=np.int64)
    kid_to_node[node_keys] = np.arange(len(node_keys))
    u = kid_to_node[kid[e_a]]
    v = kid_to_node[kid[e_b]]
    node_xy = np.zeros((len(node_keys), 2))
    node_xy[kid_to_node[kid[node_pos]]] = flat[node_pos]
    steps.sub(0.5)

    # edge vertex arrays (a copy per edge: shared junction vertices repeat)
    e_count = e_b - e_a + 1
    e_start = np.cumsum(e_count) - e_count
    idx = np.repeat(e_a - e_start, e_count) + np.arange(e_count.sum())
    vx = flat[idx, 0].copy()
    vy = flat[idx, 1].copy()

    # 4. merge nodes closer than the tolerance ------------------------------------------------------------
    steps.next()
    if options.node_tolerance > 0 and len(node_xy) > 1:
        u, v, node_xy, merges = _merge_close_nodes(node_xy, u, v, options.node_tolerance)
        diag.merges = merges
        # moved nodes: the edge ends follow them
        vx[e_start] = node_xy[u, 0]
        vy[e_start] = node_xy[u, 1]
        last = e_start + e_count - 1
        vx[last] = node_xy[v, 0]
        vy[last] = node_xy[v, 1]

    # 5. drop zero-length (collapsed) and duplicate edges -------------------------------------------------
    steps.next()
    seg = np.hypot(np.diff(vx), np.diff(vy))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    length = cum[e_start + e_count - 1] - cum[e_start]
    collapsed = (length <= _EPS) | ((u == v) & (length < max(options.node_tolerance, _EPS)))
    diag.collapsed_edges = int(collapsed.sum())
    dup = _duplicate_edges(u, v, length, e_start, e_count, vx, vy)
    dup &= ~collapsed
    diag.duplicate_edges = int(dup.sum())
    keep = ~(collapsed | dup)
    if not keep.any():
        raise LifeCircleError(
            Msg("Layer '{}': every line collapsed to zero length at NODE_TOLERANCE {} m; use a smaller "
                "tolerance.", layer_name, options.node_tolerance)
        )
    u, v, e_start, e_count, e_src = u[keep], v[keep], e_start[keep], e_count[keep], e_src[keep]
    idx = np.repeat(e_start, e_count) + (np.arange(e_count.sum()) - np.repeat(np.cumsum(e_count) - e_count, e_count))
    vx, vy = vx[idx], vy[idx]
    e_start = np.cumsum(e_count) - e_count
    # drop nodes no longer used, renumber
    used_nodes = np.zeros(len(node_xy), dtype=bool)
    used_nodes[u] = True
    used_nodes[v] = True
    remap = np.cumsum(used_nodes) - 1
    node_xy = node_xy[used_nodes]
    for m in diag.merges:
        m.kept_node = int(remap[m.kept_node]) if used_nodes[m.kept_node] else -1
    u, v = remap[u], remap[v]

    net = WalkingNetwork(node_xy, u, v, e_start, e_count, vx, vy, e_src, diag)

    # 6. topology ------------------------------------------------------------------------------------------
    steps.next()
    from scipy.sparse.csgraph import connected_components

    n_comp, labels = connected_components(net.adjacency(), directed=False)
    # component 0 is the largest (by total edge length), then by node count, then by lowest node
    comp_len = np.bincount(labels[u], weights=net.edge_length, minlength=n_comp)
    comp_nodes = np.bincount(labels, minlength=n_comp)
    comp_first = np.full(n_comp, len(labels))
    np.minimum.at(comp_first, labels, np.arange(len(labels)))
    order = np.lexsort((comp_first, -comp_nodes, -comp_len))
    rank = np.empty(n_comp, dtype=np.int64)
    rank[order] = np.arange(n_comp)
    net.node_component = rank[labels]
    diag.components = int(n_comp)
    diag.largest_component_nodes = int(comp_nodes[order[0]])
    diag.total_length = float(net.edge_length.sum())
    diag.largest_component_share = float(comp_len[order[0]] / diag.total_length) if diag.total_length else 0.0
    diag.dangles = int(np.sum(net.node_degree == 1))
    steps.done()
    return net


def _flags(values: Sequence[Any], test) -> np.ndarray:
    """``test`` applied to every value, evaluated once per distinct value (class fields repeat a few values)."""
    cache: dict = {}
    out = np.zeros(len(values), dtype=bool)
    for i, v in enumerate(values):
        try:
            hit = cache[v]
        except KeyError:
            hit = cache[v] = bool(test(v))
        except TypeError:  # unhashable
            hit = bool(test(v))
        out[i] = hit
    return out


def flag_is_false(value) -> bool:
    """A yes/no field's value that says no (0, false, no, 否, 不可通行 …); empty values are not a no."""
    if value is None:
        return False
    if isinstance(value, float) and np.isnan(value):
        return False
    if isinstance(value, (bool, np.bool_)):
        return not bool(value)
    if isinstance(value, (int, np.integer, float)):
        return value == 0
    return word_key(value) in {"0", "false", "f", "no", "n", "否", "不可通行"}


def _vertex_ids(xy: np.ndarray):
    """Id of each vertex's position (vertices within a millimetre grid cell share one) and each id's count."""
    k = np.round(xy / _QUANTUM).astype(np.int64)
    order = np.lexsort((k[:, 1], k[:, 0]))
    ks = k[order]
    new = np.ones(len(ks), dtype=bool)
    new[1:] = np.any(ks[1:] != ks[:-1], axis=1)
    group = np.cumsum(new) - 1
    kid = np.empty(len(xy), dtype=np.int64)
    kid[order] = group
    return kid, np.bincount(group)


_WKB_FLAG_Z, _WKB_FLAG_M, _WKB_FLAG_SRID = 0x80000000, 0x40000000, 0x20000000


def _wkb_line_parts(buf: bytes, pos: int = 0):
    """Line parts of a WKB (ISO or EWKB) LineString / MultiLineString / GeometryCollection of lines.

    Returns (parts, next position); parts is None for any other geometry type. Z/M values are dropped.
    """
    import struct

    endian = "<" if buf[pos] == 1 else ">"
    (code,) = struct.unpack_from(endian + "I", buf, pos + 1)
    pos += 5
    if code & _WKB_FLAG_SRID:
        pos += 4
    dims = 2 + bool(code & _WKB_FLAG_Z) + bool(code & _WKB_FLAG_M)
    code &= 0x0FFFFFFF
    base, iso = code % 1000, code // 1000
    dims += (iso in (1, 3)) + (iso in (2, 3))
    (n,) = struct.unpack_from(endian + "I", buf, pos)
    pos += 4
    if base == 2:
        xy = np.frombuffer(buf, dtype=endian + "f8", count=n * dims, offset=pos).reshape(n, dims)[:, :2]
        return ([xy] if n else []), pos + 8 * n * dims
    if base in (5, 7):
        parts: list = []
        for _ in range(n):
            sub, pos = _wkb_line_parts(buf, pos)
            if sub is None:
                return None, pos
            parts.extend(sub)
        return parts, pos
    return None, pos


def wkb_list(geometries) -> list:
    """WKB bytes of each geometry (shapely geometries or WKB buffers), None for null, empty or unwritable ones.

    With shapely 2 and nothing but shapely geometries, one vectorised call; otherwise one geometry at a time.
    """
    geoms = list(geometries)
    try:
        import shapely

        if geoms and int(shapely.__version__.split(".")[0]) >= 2 and all(
                g is None or isinstance(g, shapely.Geometry) for g in geoms):
            arr = np.empty(len(geoms), dtype=object)
            arr[:] = geoms
            keep = np.array([g is not None and not g.is_empty for g in geoms], dtype=bool)
            out = np.full(len(geoms), None, dtype=object)
            if keep.any():
                out[keep] = shapely.to_wkb(arr[keep])
            return list(out)
    except (ImportError, AttributeError, ValueError):
        pass
    return [_as_wkb(g) for g in geoms]


def _as_wkb(geom) -> Optional[bytes]:
    """WKB bytes of a shapely geometry or WKB buffer; None for null, empty or unwritable geometries."""
    if geom is None:
        return None
    if isinstance(geom, (bytes, bytearray, memoryview)):
        return bytes(geom) or None
    try:
        return None if geom.is_empty else geom.wkb
    except Exception:  # noqa: BLE001 - shapely 1.8 cannot write some empty geometries
        return None


def _gather_f8(buf: bytes, offsets: np.ndarray) -> np.ndarray:
    """Little-endian doubles at arbitrary byte offsets of ``buf`` (one zero-copy view per alignment)."""
    out = np.empty(len(offsets))
    rem = offsets & 7
    for a in range(8):
        m = rem == a
        if m.any():
            view = np.frombuffer(buf, dtype="<f8", offset=a, count=(len(buf) - a) // 8)
            out[m] = view[(offsets[m] - a) >> 3]
    return out


def _u32(u8: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Little-endian unsigned 32-bit integers at byte positions ``pos`` (as int64)."""
    b = [u8[pos + k].astype(np.int64) for k in range(4)]
    return b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)


def _wkb_dims(code: np.ndarray):
    """(base type, number of ordinates) of WKB type codes (ISO 1000s and EWKB Z/M flags alike)."""
    flags_dims = 2 + ((code & _WKB_FLAG_Z) > 0) + ((code & _WKB_FLAG_M) > 0)
    plain = code & 0x0FFFFFFF
    iso = plain // 1000
    return plain % 1000, flags_dims + np.isin(iso, (1, 3)) + np.isin(iso, (2, 3))


def _read_line_parts(geometries: Sequence[Any], use: np.ndarray):
    """Line parts of the geometries at the positions ``use``, parsed from WKB in bulk.

    Returns (flat vertices (n, 2), vertices per part, feature index per part, kind per geometry in ``use``:
    0 = lines, 1 = null or empty, 2 = not a line). Parts come in feature order, then part order.
    Little-endian LineStrings and MultiLineStrings (the common case: QGIS and shapely write them) are read by
    array operations over one joined buffer; anything else is read geometry by geometry.
    """
    blobs = [b or b"" for b in wkb_list([geometries[i] for i in use])]
    n = len(blobs)
    kind = np.zeros(n, dtype=np.int8)
    lens = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=n)
    buf = b"".join(blobs)
    del blobs
    u8 = np.frombuffer(buf, dtype=np.uint8)
    off = np.cumsum(lens) - lens
    kind[lens == 0] = 1
    slow = (lens > 0) & (lens < 9)
    cand = np.flatnonzero(lens >= 9)
    cand = cand[u8[off[cand]] == 1]  # little-endian
    code = _u32(u8, off[cand] + 1)
    cand_ok = (code & _WKB_FLAG_SRID) == 0
    base, dims = _wkb_dims(code)
    is_line = cand_ok & (base == 2)
    is_multi = cand_ok & ((base == 5) | (base == 7))
    slow[np.setdiff1d(np.flatnonzero(lens >= 9), cand[is_line | is_multi], assume_unique=True)] = True
    # single LineStrings
    g1 = cand[is_line]
    d1 = dims[is_line]
    n1 = _u32(u8, off[g1] + 5)
    good1 = 9 + 8 * n1 * d1 == lens[g1]
    slow[g1[~good1]] = True
    g1, d1, n1 = g1[good1], d1[good1], n1[good1]
    p_geom, p_start, p_n, p_dims, p_k = [g1], [off[g1] + 9], [n1], [d1], [np.zeros(len(g1), dtype=np.int64)]
    # (Multi)LineStrings and collections of LineStrings, walked part by part for all of them at once
    gm = cand[is_multi]
    count = _u32(u8, off[gm] + 5)
    pos = off[gm] + 9
    end = off[gm] + lens[gm]
    bad = np.zeros(len(gm), dtype=bool)
    k = 0
    while True:
        act = np.flatnonzero(~bad & (count > k))
        if not len(act):
            break
        room = pos[act] + 9 <= end[act]
        bad[act[~room]] = True
        act = act[room]
        le = u8[pos[act]] == 1
        sub = _u32(u8, pos[act] + 1)
        sbase, sdims = _wkb_dims(sub)
        ok = le & (sbase == 2) & ((sub & _WKB_FLAG_SRID) == 0)
        bad[act[~ok]] = True
        act, sdims = act[ok], sdims[ok]
        m = _u32(u8, pos[act] + 5)
        nxt = pos[act] + 9 + 8 * m * sdims
        fits = nxt <= end[act]
        bad[act[~fits]] = True
        act, sdims, m, nxt = act[fits], sdims[fits], m[fits], nxt[fits]
        p_geom.append(gm[act])
        p_start.append(pos[act] + 9)
        p_n.append(m)
        p_dims.append(sdims)
        p_k.append(np.full(len(act), k, dtype=np.int64))
        pos[act] = nxt
        k += 1
    bad |= pos != end
    slow[gm[bad]] = True
    p_geom, p_start, p_n, p_dims, p_k = (np.concatenate(a) for a in (p_geom, p_start, p_n, p_dims, p_k))
    fast = ~slow[p_geom]
    p_geom, p_start, p_n, p_dims, p_k = p_geom[fast], p_start[fast], p_n[fast], p_dims[fast], p_k[fast]
    # parts come in feature order, then part order
    order = np.lexsort((p_k, p_geom))
    p_geom, p_start, p_n, p_dims = p_geom[order], p_start[order], p_n[order], p_dims[order]
    has_vertices = p_n > 0
    p_geom, p_start, p_n, p_dims = p_geom[has_vertices], p_start[has_vertices], p_n[has_vertices], p_dims[has_vertices]
    total = int(p_n.sum())
    first = np.cumsum(p_n) - p_n
    vo = np.repeat(p_start, p_n) + 8 * np.repeat(p_dims, p_n) * (np.arange(total) - np.repeat(first, p_n))
    flat = np.column_stack([_gather_f8(buf, vo), _gather_f8(buf, vo + 8)]) if total else np.zeros((0, 2))
    del vo
    counts = p_n
    part_geom = p_geom
    # geometries read without parts are empty (kind 1)
    fast_geoms = np.setdiff1d(np.flatnonzero((lens > 0) & ~slow), p_geom)
    kind[fast_geoms] = 1
    # the rest, one by one
    slow_idx = np.flatnonzero(slow)
    if len(slow_idx):
        s_parts, s_geom = [], []
        for g in slow_idx:
            parts = _geometry_line_parts(buf[off[g]: off[g] + lens[g]])
            if parts is None:
                kind[g] = 2
            elif not parts:
                kind[g] = 1
            else:
                s_parts.extend(parts)
                s_geom.extend([g] * len(parts))
        if s_parts:
            s_counts = np.fromiter((len(p) for p in s_parts), dtype=np.int64, count=len(s_parts))
            all_geom = np.concatenate([part_geom, np.asarray(s_geom, dtype=np.int64)])
            all_counts = np.concatenate([counts, s_counts])
            all_flat = np.concatenate([flat] + [np.asarray(p, dtype=float)[:, :2] for p in s_parts])
            order = np.argsort(all_geom, kind="stable")
            starts = np.cumsum(all_counts) - all_counts
            cnt = all_counts[order]
            idx = np.repeat(starts[order], cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
            flat, counts, part_geom = all_flat[idx], cnt, all_geom[order]
    return flat, counts, np.asarray(use)[part_geom], kind


def _geometry_line_parts(geom):
    """Line parts (list of (n, 2) float arrays) of a shapely geometry or WKB bytes.

    [] for null or empty geometries, None for geometries that are not lines.
    """
    if geom is None:
        return []
    if isinstance(geom, (bytes, bytearray, memoryview)):
        buf = bytes(geom)
    else:
        try:
            if geom.is_empty:
                return []
            buf = geom.wkb
        except Exception:  # noqa: BLE001 - shapely 1.8 cannot write some empty geometries
            return []
    if not buf:
        return []
    try:
        parts, _ = _wkb_line_parts(buf)
    except Exception:  # noqa: BLE001 - malformed WKB is reported as "not a line"
        return None
    return parts


def _clean_parts(flat: np.ndarray, counts: np.ndarray, src: np.ndarray, diag: NetworkDiagnostics, feature_ids):
    """Drops non-finite parts, repeated consecutive vertices and parts left with fewer than two vertices
    (vectorised over all parts at once). Updates the diagnostics."""
    if not len(counts):
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    flat = np.asarray(flat, dtype=float)
    src = np.asarray(src, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    finite = np.logical_and.reduceat(np.isfinite(flat).all(axis=1), starts)
    for f in np.unique(src[~finite]):
        diag.null_geometries.append(feature_ids[f])
    part_of = np.repeat(np.arange(len(counts)), counts)
    keep = finite[part_of]
    k = np.round(np.where(np.isfinite(flat), flat, 0) / _QUANTUM).astype(np.int64)
    repeat = np.zeros(len(flat), dtype=bool)
    repeat[1:] = (part_of[1:] == part_of[:-1]) & np.all(k[1:] == k[:-1], axis=1)
    keep &= ~repeat
    new_counts = np.bincount(part_of[keep], minlength=len(counts))
    short = finite & (new_counts < 2)
    diag.zero_length_parts += int(short.sum())
    good = finite & ~short
    keep &= good[part_of]
    flat = flat[keep]
    new_counts = new_counts[good]
    part_source = src[good]
    diag.used_features = int(len(np.unique(part_source)))
    return flat, new_counts, part_source


def _merge_close_nodes(node_xy, u, v, tolerance):
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    pairs = cKDTree(node_xy).query_pairs(tolerance, output_type="ndarray")
    if len(pairs) == 0:
        return u, v, node_xy, []
    n = len(node_xy)
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(g, directed=False)
    # representative = lowest original node of each group; its position is kept
    rep = np.full(label.max() + 1, n, dtype=np.int64)
    np.minimum.at(rep, label, np.arange(n))
    new_id = rep[label]
    edge_pairs = set(zip(np.minimum(u, v).tolist(), np.maximum(u, v).tolist()))
    merges = []
    for node in np.flatnonzero(new_id != np.arange(n)):
        keep = int(new_id[node])
        d = float(np.hypot(*(node_xy[node] - node_xy[keep])))
        joined = (min(node, keep), max(node, keep)) in edge_pairs
        merges.append(
            NodeMerge(kept_node=keep, merged_x=float(node_xy[node, 0]), merged_y=float(node_xy[node, 1]),
                      distance=d, closed_gap=not joined)
        )
    return new_id[u], new_id[v], node_xy, merges


def _duplicate_edges(u, v, length, e_start, e_count, vx, vy) -> np.ndarray:
    """Marks every edge that repeats an earlier edge's geometry (same ends, same vertices either way)."""
    dup = np.zeros(len(u), dtype=bool)
    a = np.minimum(u, v)
    b = np.maximum(u, v)
    lkey = np.round(length / _QUANTUM).astype(np.int64)
    order = np.lexsort((np.arange(len(u)), lkey, b, a))
    same = (a[order][1:] == a[order][:-1]) & (b[order][1:] == b[order][:-1]) & (lkey[order][1:] == lkey[order][:-1])
    for k in np.flatnonzero(same):
        i, j = order[k], order[k + 1]
        # find the first non-duplicate edge of this run to compare with
        ci = np.column_stack([vx[e_start[i] : e_start[i] + e_count[i]], vy[e_start[i] : e_start[i] + e_count[i]]])
        cj = np.column_stack([vx[e_start[j] : e_start[j] + e_count[j]], vy[e_start[j] : e_start[j] + e_count[j]]])
        if len(ci) == len(cj) and (
            np.allclose(ci, cj, atol=_QUANTUM) or np.allclose(ci, cj[::-1], atol=_QUANTUM)
        ):
            dup[j] = True
    return dup


def _node_crossings(parts, part_source, steps: Steps):
    """Splits lines where they cross without a shared vertex (centre-line data). Returns new parts."""
    from shapely.geometry import LineString, MultiLineString
    from shapely.ops import unary_union

    before = set()
    for p in parts:
        before.update(map(tuple, np.round(p / _QUANTUM).astype(np.int64)[[0, -1]].tolist()))
    merged = unary_union(MultiLineString([LineString(p) for p in parts]))
    steps.sub(0.6)
    pieces = _line_parts(merged)
    # attribute each noded piece to the input part it lies on (its first segment's midpoint)
    counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    flat = np.concatenate(parts)
    starts = np.cumsum(counts) - counts
    inside = np.ones(len(flat) - 1, dtype=bool)
    inside[(starts + counts - 1)[:-1]] = False
    first = np.flatnonzero(inside)
    seg_part = np.repeat(np.arange(len(parts)), counts - 1)
    index = SegmentIndex(flat[first, 0], flat[first, 1], flat[first + 1, 0], flat[first + 1, 1])
    new_parts = [_drop_repeats(p) for p in pieces]
    new_parts = [p for p in new_parts if len(p) >= 2]
    mid = np.array([(p[0] + p[1]) / 2.0 for p in new_parts])
    seg, _, _ = index.nearest(mid[:, 0], mid[:, 1], 0.01)
    src = np.asarray(part_source)[seg_part[np.maximum(seg, 0)]]
    after = set()
    for p in new_parts:
        after.update(map(tuple, np.round(p / _QUANTUM).astype(np.int64)[[0, -1]].tolist()))
    return new_parts, list(src), len(after - before)


# ----------------------------------------------------------------------------------------------------------
# routing


class Router:
    """Many queries over one network and the snapped point sets (build once, snap once, many queries).

    A query adds one virtual node per source point, joined to both ends of the source's edge by the access
    distance plus the distance along the edge, and runs one compiled Dijkstra (scipy.sparse.csgraph) on the
    network's own nodes. A target's distance is then the best of: its edge's two ends plus the distance
    along the edge, or straight along the edge from a source on the same edge; plus its own access distance.
    This is exact, and the graph never grows with the number of residents.
    """

    def __init__(self, network: WalkingNetwork, point_sets: Mapping[str, SnapResult]):
        self.network = network
        self.point_sets = dict(point_sets)
        self._adj = network.adjacency()
        self.n_graph_nodes = network.n_nodes
        self._local = None  # network node -> position in the current tile (-1 elsewhere), reused by every tile
        self._grid = None

    # -- building blocks -------------------------------------------------------------------------------------
    def _selected(self, name: str, mask: Optional[np.ndarray]) -> np.ndarray:
        s = self.point_sets[name]
        ok = s.edge >= 0
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if mask.shape != ok.shape:
                raise ValueError(f"source mask has {mask.shape[0]} entries for {ok.shape[0]} points")
            ok &= mask
        return np.flatnonzero(ok)

    def _graph_with_sources(self, name: str, idx: np.ndarray, nodes: Optional[np.ndarray] = None):
        """CSR of the network (or of its ``nodes`` only, renumbered in that order) plus one virtual node per
        source point, numbered after the network's nodes.

        The network part is symmetric (both directions of every edge); a virtual node only has edges *out* to
        its edge's two ends, so directed searches from the virtual nodes are exactly the undirected walk (a
        walk never gains by passing through a source point's access leg). Built by appending rows — no sort.
        """
        from scipy.sparse import csr_matrix

        net, s = self.network, self.point_sets[name]
        owner, e, off, acc = s.joins(idx)
        eu, ev = net.edge_u[e], net.edge_v[e]
        indptr, indices, weights = self._adj.indptr, self._adj.indices, self._adj.data
        if nodes is None:
            n = net.n_nodes
            ptr_, cols_, data_ = indptr, indices, weights
        else:
            # the tile's own edges, cut out of the CSR arrays directly (work in proportion to the tile)
            n = len(nodes)
            if self._local is None:
                self._local = np.full(net.n_nodes, -1, dtype=np.int64)
            local = self._local
            local[nodes] = np.arange(n)
            cnt = indptr[nodes + 1] - indptr[nodes]
            pos = spans(indptr[nodes], cnt)
            cols_ = local[indices[pos]]
            inside = cols_ >= 0
            row_of = np.repeat(np.arange(n), cnt)[inside]
            cols_, data_ = cols_[inside], weights[pos][inside]
            ptr_ = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=n))])
            eu, ev = local[eu], local[ev]
            local[nodes] = -1
        k = len(idx)
        virt = n + np.arange(k)
        to_u = acc + off
        to_v = acc + (net.edge_length[e] - off)
        # on a loop edge both ends are one node: one virtual edge, the shorter way round
        loop = eu == ev
        to_u = np.where(loop, np.minimum(to_u, to_v), to_u)
        keep = np.column_stack([eu >= 0, ~loop & (ev >= 0)])  # an end outside the tile is beyond the limit anyway
        # a virtual edge may be 0 m long (a point exactly on a node): keep it, as a tiny positive weight; a point
        # with several joins (gates) has edges to the ends of each, its joins' rows one after the other
        v_cols = np.column_stack([eu, ev])[keep]
        v_data = np.maximum(np.column_stack([to_u, to_v])[keep], _EPS)
        v_ptr = ptr_[-1] + np.cumsum(np.bincount(owner, weights=keep.sum(axis=1), minlength=k).astype(np.int64))
        size = n + k
        graph = csr_matrix(
            (np.concatenate([data_, v_data]), np.concatenate([cols_, v_cols]), np.concatenate([ptr_, v_ptr])),
            shape=(size, size),
        )
        return graph, virt

    #: cost model of one tile's searches: a fixed cost per tile (cutting its graph out, one Dijkstra call) and a
    #: cost per source and tile node (the search's dense distance row); measured on the city-scale bench
    TILE_COST_S = 2e-3
    NODE_COST_S = 1.2e-8

    def _node_grid(self):
        """Network nodes bucketed in square cells (sorted by cell), for cutting tiles out quickly."""
        if self._grid is None:
            xy = self.network.node_xy
            x0, y0 = (float(v) for v in xy.min(axis=0))
            w, h = (float(v) for v in np.ptp(xy, axis=0))
            cell = max(float(np.sqrt(max(w * h, 1.0) * 16.0 / len(xy))), 1.0)  # ~16 nodes a cell
            ncx, ncy = int(w // cell) + 1, int(h // cell) + 1
            key = np.floor((xy[:, 0] - x0) / cell).astype(np.int64) * ncy + np.floor((xy[:, 1] - y0) / cell).astype(
                np.int64)
            order = np.argsort(key, kind="stable")
            ptr = np.searchsorted(key[order], np.arange(ncx * ncy + 1))
            self._grid = (x0, y0, cell, ncx, ncy, order, ptr)
        return self._grid

    def _nodes_in_box(self, xmin: float, xmax: float, ymin: float, ymax: float) -> np.ndarray:
        x0, y0, cell, ncx, ncy, order, ptr = self._node_grid()
        cx0, cx1 = (min(max(math.floor((float(v) - x0) / cell), 0), ncx - 1) for v in (xmin, xmax))
        cy0, cy1 = (min(max(math.floor((float(v) - y0) / cell), 0), ncy - 1) for v in (ymin, ymax))
        cxs = np.arange(cx0, cx1 + 1) * ncy
        lo, hi = ptr[cxs + cy0], ptr[cxs + cy1 + 1]  # cells cy0..cy1 of one column are contiguous
        cnt = hi - lo
        cand = order[spans(lo, cnt)]
        xy = self.network.node_xy[cand]
        inside = (xy[:, 0] >= xmin) & (xy[:, 0] <= xmax) & (xy[:, 1] >= ymin) & (xy[:, 1] <= ymax)
        return cand[inside]

    def _tile_size(self, sx: np.ndarray, sy: np.ndarray, limit: float) -> float:
        """Tile side (m) with the least expected cost per source: larger tiles share the fixed cost among more
        sources, smaller ones keep each source's search (and its margin of ``limit``) small."""
        area = max(float(np.ptp(sx)) * float(np.ptp(sy)), limit * limit)
        per_source_area = area / len(sx)
        w, h = np.ptp(self.network.node_xy, axis=0)
        node_density = self.network.n_nodes / max(float(w * h), 1.0)
        best, best_cost = None, np.inf
        for f in (0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64):
            t = f * limit
            per_tile = max(t * t / per_source_area, 1.0)
            cost = self.TILE_COST_S / per_tile + self.NODE_COST_S * node_density * (t + 2 * limit) ** 2
            if cost < best_cost:
                best, best_cost = t, cost
        return best

    def _tiles(self, source_set: str, idx: np.ndarray, limit: float, min_nodes: int = 20000):
        """Groups the sources by square tiles; for each, the network nodes within ``limit`` (straight line) of
        the tile's sources' box. A walk of at most ``limit`` never leaves that set (network distance ≥ straight
        distance). Small networks, or an infinite limit, are one tile holding every node."""
        net, s = self.network, self.point_sets[source_set]
        if net.n_nodes < min_nodes or not np.isfinite(limit):
            yield idx, np.arange(net.n_nodes)
            return
        sx, sy = s.x[idx], s.y[idx]
        size = self._tile_size(sx, sy, limit)
        key = np.floor(sx / size).astype(np.int64) * 1_000_003 + np.floor(sy / size).astype(np.int64)
        order = np.argsort(key, kind="stable")
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        for group in np.split(order, bounds):
            g = idx[group]
            gx, gy = s.x[g], s.y[g]
            yield g, self._nodes_in_box(gx.min() - limit, gx.max() + limit, gy.min() - limit, gy.max() + limit)

    def _targets_from_field(self, field: np.ndarray, target_set: str, limit: float):
        """Per target: min over its edge's ends of field[end] + along-edge leg, plus its access distance."""
        net, t = self.network, self.point_sets[target_set]
        out = np.full(len(t.edge), np.inf)
        ok = np.flatnonzero(t.edge >= 0)
        pos, e, off, acc = t.joins(ok)
        via_u = field[..., net.edge_u[e]] + off
        via_v = field[..., net.edge_v[e]] + (net.edge_length[e] - off)
        best = np.minimum(via_u, via_v) + acc
        if t.legs is not None and len(pos):  # the best of each target's joins
            starts = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]])
            best = np.minimum.reduceat(best, starts, axis=-1)
        if field.ndim == 1:
            out[ok] = best
            out[out > limit] = np.inf
            return out
        full = np.full((field.shape[0], len(t.edge)), np.inf)
        full[:, ok] = best
        full[full > limit] = np.inf
        return full

    def _incidence(self, target_set: str):
        """For each network node, the targets on its edges and the leg from the node to each (along the edge
        plus access): CSR arrays (ptr by node, target index, leg)."""
        cache = self.__dict__.setdefault("_incidence_cache", {})
        if target_set not in cache:
            net, t = self.network, self.point_sets[target_set]
            ok = np.flatnonzero(t.edge >= 0)
            pos, e, off, acc = t.joins(ok)
            node = np.concatenate([net.edge_u[e], net.edge_v[e]])
            target = np.concatenate([ok[pos], ok[pos]])
            leg = np.concatenate([off, net.edge_length[e] - off]) + np.concatenate([acc, acc])
            order = np.argsort(node, kind="stable")
            ptr = np.concatenate([[0], np.cumsum(np.bincount(node, minlength=net.n_nodes))])
            cache[target_set] = (ptr, target[order], leg[order])
        return cache[target_set]

    def _targets_by_edge(self, target_set: str):
        """The snapped targets' joins sorted by edge: (edges, target indices, offsets, access legs), cached per
        target set."""
        cache = self.__dict__.setdefault("_by_edge_cache", {})
        if target_set not in cache:
            t = self.point_sets[target_set]
            ok = np.flatnonzero(t.edge >= 0)
            pos, e, off, acc = t.joins(ok)
            order = np.argsort(e, kind="stable")
            cache[target_set] = (e[order], ok[pos][order], off[order], acc[order])
        return cache[target_set]

    def _same_edge_pairs(self, source_set: str, src_idx: np.ndarray, target_set: str):
        """(source position in src_idx, target index, direct distance) for sources and targets that join the same
        edge, or lie inside one gated compound (work in proportion to the sources and the pairs, not to the
        targets). A pair may come more than once (several joins): callers keep the shortest."""
        s = self.point_sets[source_set]
        t_edge, t_idx, t_off, t_acc = self._targets_by_edge(target_set)
        pos, se, s_off, s_acc = s.joins(src_idx)
        lo = np.searchsorted(t_edge, se, side="left")
        hi = np.searchsorted(t_edge, se, side="right")
        cnt = hi - lo
        inner = self._same_compound_pairs(source_set, src_idx, target_set)
        if cnt.sum() == 0:
            return inner
        join = np.repeat(np.arange(len(pos)), cnt)
        at = spans(lo, cnt)
        src_pos, tgt = pos[join], t_idx[at]
        d = np.abs(t_off[at] - s_off[join]) + s_acc[join] + t_acc[at]
        if source_set == target_set:
            d = np.where(src_idx[src_pos] == tgt, 0.0, d)  # a point is 0 m from itself
        return (np.concatenate([src_pos, inner[0]]), np.concatenate([tgt, inner[1]]),
                np.concatenate([d, inner[2]]))

    def _same_compound_pairs(self, source_set: str, src_idx: np.ndarray, target_set: str):
        """(source position, target index, straight walk × detour) for sources and targets inside one gated
        compound: they walk to each other without going out through a gate."""
        none = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        s, t = self.point_sets[source_set], self.point_sets[target_set]
        if s.compound is None or t.compound is None:
            return none
        cache = self.__dict__.setdefault("_by_compound_cache", {})
        if target_set not in cache:
            inside = np.flatnonzero((t.compound >= 0) & (t.edge >= 0))
            order = np.argsort(t.compound[inside], kind="stable")
            cache[target_set] = (t.compound[inside][order], inside[order])
        t_comp, t_idx = cache[target_set]
        sc = s.compound[src_idx]
        lo = np.searchsorted(t_comp, sc, side="left")
        hi = np.searchsorted(t_comp, sc, side="right")
        cnt = np.where(sc >= 0, hi - lo, 0)
        if cnt.sum() == 0:
            return none
        src_pos = np.repeat(np.arange(len(src_idx)), cnt)
        tgt = t_idx[spans(lo, cnt)]
        a, b = s.point_xy[src_idx[src_pos]], t.point_xy[tgt]
        d = np.hypot(a[:, 0] - b[:, 0], a[:, 1] - b[:, 1]) * float(s.detour)
        return src_pos, tgt, d

    # -- queries ----------------------------------------------------------------------------------------------
    def distance_field(self, source_set: str, limit: float = np.inf, source_mask: Optional[np.ndarray] = None,
                       return_source: bool = False):
        """Distance (m) from the nearest selected source to every network node, up to ``limit`` (inf beyond).

        One compiled multi-source Dijkstra run. With ``return_source``, also the index (within the source
        set) of the nearest source for each node (-1 where unreached).
        """
        from scipy.sparse.csgraph import dijkstra

        n = self.network.n_nodes
        idx = self._selected(source_set, source_mask)
        limit = np.inf if limit is None else float(limit)
        if len(idx) == 0:
            d = np.full(n, np.inf)
            return (d, np.full(n, -1, dtype=np.int64)) if return_source else d
        graph, virt = self._graph_with_sources(source_set, idx)
        if return_source:
            d, _, src = dijkstra(graph, directed=True, indices=virt, min_only=True, limit=limit,
                                 return_predecessors=True)
            which = np.where(src >= n, idx[np.maximum(src - n, 0)], -1)[:n]
            return d[:n], which
        return dijkstra(graph, directed=True, indices=virt, min_only=True, limit=limit)[:n]

    def nearest_distance(self, source_set: str, target_set: str, limit: float = np.inf,
                         source_mask: Optional[np.ndarray] = None, return_source: bool = False):
        """Walking distance from each target point to its nearest selected source (inf beyond ``limit``,
        or when the target is not snapped). With ``return_source`` also the nearest source's index (-1)."""
        limit = np.inf if limit is None else float(limit)
        idx = self._selected(source_set, source_mask)
        res = self.distance_field(source_set, limit, source_mask, return_source=True)
        field, which_node = res
        d = self._targets_from_field(field, target_set, limit)
        t = self.point_sets[target_set]
        which = np.full(len(d), -1, dtype=np.int64)
        ok = np.flatnonzero(t.edge >= 0)
        pos, e, off, acc = t.joins(ok)
        via_u = field[self.network.edge_u[e]] + off
        via_v = field[self.network.edge_v[e]] + (self.network.edge_length[e] - off)
        by_join = np.where(via_u <= via_v, which_node[self.network.edge_u[e]], which_node[self.network.edge_v[e]])
        best = best_per_group(pos, np.minimum(via_u, via_v) + acc) if t.legs is not None else pos
        which[ok[pos[best]]] = by_join[best]
        if len(idx):
            src_pos, tgt, direct = self._same_edge_pairs(source_set, idx, target_set)
            if len(tgt):
                order = np.lexsort((direct, tgt))
                first = np.ones(len(order), dtype=bool)
                first[1:] = tgt[order][1:] != tgt[order][:-1]
                sel = order[first]
                better = (direct[sel] < d[tgt[sel]]) & (direct[sel] <= limit)
                d[tgt[sel][better]] = direct[sel][better]
                which[tgt[sel][better]] = idx[src_pos[sel][better]]
        which[~np.isfinite(d)] = -1
        return (d, which) if return_source else d

    def distance_matrix(self, source_set: str, target_set: str, limit: float, chunk: int = 64,
                        progress: Optional[ProgressCallback] = None, is_cancelled: Optional[CancelCallback] = None,
                        source_mask: Optional[np.ndarray] = None):
        """Sparse (n_sources × n_targets) CSR matrix of walking distances ≤ ``limit`` (per-source reach sets).

        Rows of sources outside ``source_mask`` (or not snapped) are empty.
        Stored entries are the reachable pairs; a pair 0 m apart is stored as a tiny positive value so that it
        is not lost as a sparse zero.
        """
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import dijkstra

        steps = Steps(progress, is_cancelled, [1])
        steps.next()
        limit = float(limit)
        s, t = self.point_sets[source_set], self.point_sets[target_set]
        idx = self._selected(source_set, source_mask)
        rows, cols, vals = [], [], []
        n_targets = len(t.edge)
        if len(idx):
            ptr, inc_target, inc_leg = self._incidence(target_set)
            done = 0
            for tile_idx, nodes in self._tiles(source_set, idx, limit):
                # the nodes within ``limit`` in a straight line of the tile's sources hold every path they can
                # walk within ``limit``: each Dijkstra run touches only them, not the whole city
                graph, virt = self._graph_with_sources(source_set, tile_idx, nodes)
                for start in range(0, len(tile_idx), chunk):
                    part = slice(start, start + chunk)
                    src = tile_idx[part]
                    # (the graph is symmetric: a directed search on it is the undirected one, without the
                    # transposed copy scipy would make)
                    field = dijkstra(graph, directed=True, indices=virt[part], limit=limit)[:, : len(nodes)]
                    # reached (source, node) pairs, then the targets on the edges at those nodes: the work
                    # follows what each source reaches, not the number of targets
                    r, local = np.nonzero(np.isfinite(field))
                    node = nodes[local]
                    cnt = ptr[node + 1] - ptr[node]
                    pos = spans(ptr[node], cnt)
                    d = np.repeat(field[r, local], cnt) + inc_leg[pos]
                    r, c = np.repeat(r, cnt), inc_target[pos]
                    # and straight along a shared edge
                    sp, st, sd = self._same_edge_pairs(source_set, src, target_set)
                    r, c, d = np.concatenate([r, sp]), np.concatenate([c, st]), np.concatenate([d, sd])
                    ok = d <= limit
                    r, c, d = r[ok], c[ok], d[ok]
                    # a pair comes once per end of the target's edge (and maybe straight): keep the shortest
                    key = r * n_targets + c
                    order = np.lexsort((d, key))
                    first = np.ones(len(order), dtype=bool)
                    first[1:] = key[order][1:] != key[order][:-1]
                    sel = order[first]
                    rows.append(src[r[sel]])
                    cols.append(c[sel])
                    vals.append(d[sel])
                    done += len(src)
                    steps.sub(min(1.0, done / len(idx)))
        shape = (len(s.edge), n_targets)
        if not rows:
            return csr_matrix(shape)
        # every (source, target) pair is in one chunk only: no duplicates left
        return csr_matrix((np.maximum(np.concatenate(vals), _EPS), (np.concatenate(rows), np.concatenate(cols))),
                          shape=shape)


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
