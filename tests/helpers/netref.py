"""An independent reference for walking distances: a vertex-level networkx graph built by brute force.

Every vertex of every line is a node, every segment an edge; each point is projected onto its nearest segment
by brute force over all segments, and segments holding projections are split in order. Nothing of the
engine is reused, so agreement between the two is evidence, not tautology.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np


def _key(x, y):
    return (float(x), float(y))


def vertex_graph(lines) -> nx.Graph:
    g = nx.Graph()
    for coords in lines:
        c = [_key(x, y) for x, y in coords]
        for a, b in zip(c[:-1], c[1:]):
            if a == b:
                continue
            w = math.dist(a, b)
            if g.has_edge(a, b):
                w = min(w, g[a][b]["weight"])
            g.add_edge(a, b, weight=w)
    return g


def add_point_sets(g: nx.Graph, point_sets: dict, tolerance: float) -> dict:
    """Adds every point of every set as node (tag, i) joined to its projection on the nearest segment.

    Returns {tag: [node or None (beyond the tolerance)]}. All sets are added in one pass so that segments
    holding several projections are split once, in order along the segment.
    """
    segs = [(a, b) for a, b in g.edges()]
    A = np.array([s[0] for s in segs], dtype=float).reshape(-1, 2)
    B = np.array([s[1] for s in segs], dtype=float).reshape(-1, 2)
    D = B - A
    L2 = (D**2).sum(axis=1)
    per_segment: dict = {}
    out: dict = {}
    for tag, points in point_sets.items():
        nodes = []
        for i, (px, py) in enumerate(points):
            if not segs:
                nodes.append(None)
                continue
            t = np.clip(((px - A[:, 0]) * D[:, 0] + (py - A[:, 1]) * D[:, 1]) / L2, 0, 1)
            qx = A[:, 0] + t * D[:, 0]
            qy = A[:, 1] + t * D[:, 1]
            d = np.hypot(px - qx, py - qy)
            j = int(np.argmin(d))
            if d[j] > tolerance:
                nodes.append(None)
                continue
            per_segment.setdefault(j, []).append((float(t[j]), tag, i, float(d[j])))
            nodes.append((tag, i))
        out[tag] = nodes
    for j, items in per_segment.items():
        a, b = segs[j]
        seg_len = math.dist(a, b)
        g.remove_edge(a, b)
        items.sort(key=lambda it: it[0])
        prev, prev_t = a, 0.0
        for t, tag, i, access in items:
            qn = (tag, "q", i)
            g.add_edge(prev, qn, weight=(t - prev_t) * seg_len)
            g.add_edge(qn, (tag, i), weight=access)
            prev, prev_t = qn, t
        g.add_edge(prev, b, weight=(1.0 - prev_t) * seg_len)
    return out


def nearest_source_distances(g: nx.Graph, source_nodes, target_nodes, limit=math.inf):
    src = [s for s in source_nodes if s is not None]
    if not src:
        return np.full(len(target_nodes), np.inf)
    dist = nx.multi_source_dijkstra_path_length(g, src, cutoff=None if math.isinf(limit) else limit, weight="weight")
    return np.array([dist.get(t, np.inf) if t is not None else np.inf for t in target_nodes])
