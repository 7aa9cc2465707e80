"""The walking network itself: nodes, edges with their vertices and lengths, the graph they make, and the snapping
of points onto it (:meth:`WalkingNetwork.snap`). Built by :func:`network_build.build_network`; routed by
:class:`network.Router`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .snapping import SegmentIndex, SnapResult

if TYPE_CHECKING:
    from .network import Router
    from .network_build import NetworkDiagnostics


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
        from .network import Router  # the routing engine (network.py) imports this module

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
