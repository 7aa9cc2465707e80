"""The walking-network routing engine shared by every LifeCircle algorithm.  Build once, snap once, many queries:

>>> net = build_network(lines, NetworkOptions(), classes=classes)          # clean + node + topology
>>> residents = net.snap(resident_xy, tolerance=150)                       # projection onto nearest edge
>>> shops = net.snap(shop_xy, tolerance=150)
>>> router = net.router({"res": residents, "shops": shops})                 # one augmented graph
>>> d = router.nearest_distance("shops", "res", limit=500)                  # compiled multi-source Dijkstra

All coordinates are metres in a projected CRS (the QGIS bridge reprojects geographic input first).
Distances include the access legs: from a point to its projection on the network, along the network, and
from the network to the other point. Points farther than the snap tolerance from every edge are never
snapped: they are listed in :class:`SnapResult.beyond`.

This module is the routing (:class:`Router`: many queries over one network and its snapped point sets). The
other steps have modules of their own, their names re-exported here: reading lines out of WKB (``wkb_lines``),
building the network in phases (``network_build``), the network itself (``walking_network``) and snapping
points onto it (``snapping``).

Only numpy, scipy and shapely are used here (networkx is not needed for routing: bulk shortest paths run in
``scipy.sparse.csgraph``).
"""

from __future__ import annotations

import math
import threading
from typing import Mapping, Optional

import numpy as np

from .errors import CancelCallback, ProgressCallback, Steps
from .network_build import (
    _EPS,
    DEFAULT_EXCLUDED_CLASSES,
    NetworkDiagnostics,
    NetworkOptions,
    NodeMerge,
    build_network,
    flag_is_false,
)
from .snapping import AccessLegs, SegmentIndex, SnapResult, best_per_group, points_xy, spans
from .walking_network import WalkingNetwork
from .wkb_lines import geometry_line_parts as _geometry_line_parts  # noqa: F401 - re-exported (tests, bench)
from .wkb_lines import read_line_parts as _read_line_parts  # noqa: F401 - re-exported (tests, bench)
from .wkb_lines import wkb_list

__all__ = [
    "DEFAULT_EXCLUDED_CLASSES", "AccessLegs", "NetworkDiagnostics", "NetworkOptions", "NodeMerge", "Router",
    "SegmentIndex", "SnapResult", "WalkingNetwork", "best_per_group", "build_network", "flag_is_false",
    "points_xy", "spans", "wkb_list",
]


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
        # network node -> position in the current tile (-1 elsewhere), reused by every tile: one array per thread
        # (categories are searched side by side, core/threads.py)
        self._per_thread = threading.local()
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
            local = getattr(self._per_thread, "local", None)
            if local is None:
                local = self._per_thread.local = np.full(net.n_nodes, -1, dtype=np.int64)
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
        for g in self._tile_groups(source_set, idx, limit, min_nodes):
            yield g, self._tile_nodes(source_set, g, limit, min_nodes)

    def _whole_network(self, limit: float, min_nodes: int) -> bool:
        """Whether searches up to ``limit`` run on the whole network, as one tile (small networks, no limit)."""
        return self.network.n_nodes < min_nodes or not np.isfinite(limit)

    def _tile_groups(self, source_set: str, idx: np.ndarray, limit: float, min_nodes: int = 20000) -> list:
        """The sources ``idx`` grouped by square tiles (see :meth:`_tiles`)."""
        if self._whole_network(limit, min_nodes):
            return [idx]
        s = self.point_sets[source_set]
        sx, sy = s.x[idx], s.y[idx]
        size = self._tile_size(sx, sy, limit)
        key = np.floor(sx / size).astype(np.int64) * 1_000_003 + np.floor(sy / size).astype(np.int64)
        order = np.argsort(key, kind="stable")
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        return [idx[group] for group in np.split(order, bounds)]

    def _tile_nodes(self, source_set: str, g: np.ndarray, limit: float, min_nodes: int = 20000) -> np.ndarray:
        """The network nodes a search of at most ``limit`` from the sources ``g`` can reach (see :meth:`_tiles`)."""
        if self._whole_network(limit, min_nodes):
            return np.arange(self.network.n_nodes)
        s = self.point_sets[source_set]
        gx, gy = s.x[g], s.y[g]
        return self._nodes_in_box(gx.min() - limit, gx.max() + limit, gy.min() - limit, gy.max() + limit)

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

        steps = Steps(progress, is_cancelled, [1])
        steps.next()
        limit = float(limit)
        s, t = self.point_sets[source_set], self.point_sets[target_set]
        idx = self._selected(source_set, source_mask)
        rows, cols, vals = [], [], []
        n_targets = len(t.edge)
        if len(idx):
            done = 0
            for tile_idx, nodes in self._tiles(source_set, idx, limit):
                # the nodes within ``limit`` in a straight line of the tile's sources hold every path they can
                # walk within ``limit``: each Dijkstra run touches only them, not the whole city
                graph, virt = self._graph_with_sources(source_set, tile_idx, nodes)
                for start in range(0, len(tile_idx), chunk):
                    src = tile_idx[start:start + chunk]
                    r, c, d = self._reached_pairs(graph, virt[start:start + chunk], nodes, source_set, src,
                                                  target_set, limit)
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

    def _reached_pairs(self, graph, virt: np.ndarray, nodes: np.ndarray, source_set: str, src: np.ndarray,
                       target_set: str, limit: float) -> tuple:
        """(row in ``src``, target index, walking distance ≤ ``limit``) of every target the sources ``src`` reach
        (their virtual nodes ``virt`` in ``graph``, a tile of the network's ``nodes``). A pair may come more than
        once — from both ends of the target's edge, and straight along a shared edge: callers keep what they
        need (the shortest, or any within a threshold)."""
        from scipy.sparse.csgraph import dijkstra

        ptr, inc_target, inc_leg = self._incidence(target_set)
        # (the graph is symmetric: a directed search on it is the undirected one, without the transposed copy
        # scipy would make)
        field = dijkstra(graph, directed=True, indices=virt, limit=limit)[:, : len(nodes)]
        # reached (source, node) pairs, then the targets on the edges at those nodes: the work follows what each
        # source reaches, not the number of targets
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
        return r[ok], c[ok], d[ok]
