"""How a line layer becomes a walking network: :func:`build_network` in named phases — choose the features (class,
walkable flag), read their line parts, optionally node the crossings, place nodes and cut edges between them, merge
nodes closer than the tolerance, drop collapsed and duplicate edges, label the connected components — each a
function of its own that can be tested and timed alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .snapping import SegmentIndex
from .typed import clean_text, is_no, word_key
from .walking_network import WalkingNetwork
from .wkb_lines import read_line_parts

#: OSM-style classes that are not walkable by default (expressways, elevated roads and their ramps).
DEFAULT_EXCLUDED_CLASSES = ("motorway", "motorway_link", "trunk", "trunk_link")

_QUANTUM = 1e-3  # vertices closer than a millimetre are the same vertex
_EPS = 1e-9

#: a road's own word for "not walkable", on top of the common no-words of :data:`typed.NO_WORDS`
NOT_WALKABLE_WORDS = frozenset({"不可通行"})


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
# building, phase by phase


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
    (0, false, no, n, 否, 不可通行 — :func:`typed.is_no`) leave the feature out, null keeps it.
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

    steps.next()  # 1. read the parts
    use = features_to_use(n_in, classes, walkable, excluded, diag)
    steps.sub(0.1)
    flat, counts, part_source = read_lines(geometries, use, feature_ids, diag, steps)
    del geometries
    check_lines_left(diag, len(counts), excluded, layer_name)

    steps.next()  # 2. optional noding of crossings
    if options.split_at_crossings:
        flat, counts, part_source = split_at_crossings(flat, counts, part_source, diag, steps)

    steps.next()  # 3. vertices -> nodes and edges
    ends = nodes_and_edges(flat, counts, part_source)
    steps.sub(0.5)
    edges = edge_vertices(flat, ends)
    del flat

    steps.next()  # 4. merge nodes closer than the tolerance
    if options.node_tolerance > 0 and len(edges.node_xy) > 1:
        merge_close_nodes(edges, options.node_tolerance, diag)

    steps.next()  # 5. drop zero-length (collapsed) and duplicate edges
    edges = drop_collapsed_and_duplicates(edges, options.node_tolerance, diag, layer_name)
    drop_unused_nodes(edges, diag)
    net = WalkingNetwork(edges.node_xy, edges.u, edges.v, edges.start, edges.count, edges.vx, edges.vy,
                         edges.source, diag)

    steps.next()  # 6. topology
    label_components(net, diag)
    steps.done()
    return net


@dataclass
class EdgeEnds:
    """Edges found between node vertices: their end nodes (u, v), their first and last vertex in the flat vertex
    array (a, b), the feature each comes from, and the nodes' positions."""

    u: np.ndarray
    v: np.ndarray
    a: np.ndarray
    b: np.ndarray
    source: np.ndarray
    node_xy: np.ndarray


@dataclass
class Edges:
    """Edges under construction: end nodes (u, v), vertices (``vx``/``vy``: each edge's own copy, ``count`` long
    from ``start``), the feature each comes from, and the nodes' positions."""

    u: np.ndarray
    v: np.ndarray
    start: np.ndarray
    count: np.ndarray
    vx: np.ndarray
    vy: np.ndarray
    source: np.ndarray
    node_xy: np.ndarray


def features_to_use(n_in: int, classes, walkable, excluded: set, diag: NetworkDiagnostics) -> np.ndarray:
    """Positions of the features to read: those whose class is not excluded and that are not flagged not walkable
    (each counted in the diagnostics)."""
    use = np.ones(n_in, dtype=bool)
    if classes is not None:
        by_class = _flags(classes, lambda c: c is not None and word_key(c) in excluded)
        diag.excluded_by_class = int(by_class.sum())
        use &= ~by_class
    if walkable is not None:
        not_walkable = use & _flags(walkable, flag_is_false)
        diag.excluded_not_walkable = int(not_walkable.sum())
        use &= ~not_walkable
    return np.flatnonzero(use)


def read_lines(geometries, use: np.ndarray, feature_ids, diag: NetworkDiagnostics, steps: Steps):
    """The clean line parts of the features ``use``: (flat vertices, vertices per part, feature per part). Null
    and non-line geometries are listed in the diagnostics."""
    flat, counts, part_source, kind = read_line_parts(geometries, use)
    for i in use[kind != 0]:
        (diag.non_line_geometries if kind[np.searchsorted(use, i)] == 2 else diag.null_geometries).append(
            feature_ids[i])
    steps.sub(0.5)
    return _clean_parts(flat, counts, part_source, diag, feature_ids)


def check_lines_left(diag: NetworkDiagnostics, n_parts: int, excluded: set, layer_name: str) -> None:
    """Raises, saying why, when no line part is left to build a network from."""
    if diag.non_line_geometries and not n_parts:
        raise LifeCircleError(
            Msg("Layer '{}' has no line geometries ({} features of another geometry type): give a line layer of "
                "streets and paths as the network.", layer_name, len(diag.non_line_geometries))
        )
    if not n_parts:
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
                "{}).", layer_name, diag.input_features, why)
        )


def split_at_crossings(flat: np.ndarray, counts: np.ndarray, part_source, diag: NetworkDiagnostics, steps: Steps):
    """The parts cut where lines cross without a shared vertex (the nodes added counted in the diagnostics)."""
    parts = np.split(flat, np.cumsum(counts)[:-1])
    parts, part_source, added = _node_crossings(parts, part_source, steps)
    diag.crossing_nodes_added = added
    counts = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    return np.concatenate(parts), counts, part_source


def nodes_and_edges(flat: np.ndarray, counts: np.ndarray, part_source) -> EdgeEnds:
    """Nodes at the line ends and at every vertex shared by two lines (or twice by one), and the edges between
    consecutive nodes of each part."""
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
    node_keys = np.unique(kid[node_pos])
    kid_to_node = np.full(kid.max() + 1, -1, dtype=np.int64)
    kid_to_node[node_keys] = np.arange(len(node_keys))
    node_xy = np.zeros((len(node_keys), 2))
    node_xy[kid_to_node[kid[node_pos]]] = flat[node_pos]
    return EdgeEnds(kid_to_node[kid[e_a]], kid_to_node[kid[e_b]], e_a, e_b, e_src, node_xy)


def edge_vertices(flat: np.ndarray, ends: EdgeEnds) -> Edges:
    """Each edge's vertices, copied out of the parts (a copy per edge: shared junction vertices repeat)."""
    e_count = ends.b - ends.a + 1
    e_start = np.cumsum(e_count) - e_count
    idx = np.repeat(ends.a - e_start, e_count) + np.arange(e_count.sum())
    return Edges(ends.u, ends.v, e_start, e_count, flat[idx, 0].copy(), flat[idx, 1].copy(), ends.source,
                 ends.node_xy)


def merge_close_nodes(edges: Edges, tolerance: float, diag: NetworkDiagnostics) -> None:
    """Merges nodes closer than ``tolerance`` (each merge in the diagnostics); the edge ends follow the moved
    nodes."""
    edges.u, edges.v, edges.node_xy, diag.merges = _merge_close_nodes(edges.node_xy, edges.u, edges.v, tolerance)
    # every edge end takes its node's position (also unmerged ones: vertices within a millimetre share a node)
    node_xy, first, last = edges.node_xy, edges.start, edges.start + edges.count - 1
    edges.vx[first] = node_xy[edges.u, 0]
    edges.vy[first] = node_xy[edges.u, 1]
    edges.vx[last] = node_xy[edges.v, 0]
    edges.vy[last] = node_xy[edges.v, 1]


def drop_collapsed_and_duplicates(edges: Edges, tolerance: float, diag: NetworkDiagnostics, layer_name: str) -> Edges:
    """The edges without those collapsed to zero length (or to one node within the tolerance) and without
    duplicates (each counted in the diagnostics); raises when none is left."""
    vx, vy, e_start, e_count, u, v = edges.vx, edges.vy, edges.start, edges.count, edges.u, edges.v
    seg = np.hypot(np.diff(vx), np.diff(vy))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    length = cum[e_start + e_count - 1] - cum[e_start]
    collapsed = (length <= _EPS) | ((u == v) & (length < max(tolerance, _EPS)))
    diag.collapsed_edges = int(collapsed.sum())
    dup = _duplicate_edges(u, v, length, e_start, e_count, vx, vy)
    dup &= ~collapsed
    diag.duplicate_edges = int(dup.sum())
    keep = ~(collapsed | dup)
    if not keep.any():
        raise LifeCircleError(
            Msg("Layer '{}': every line collapsed to zero length at NODE_TOLERANCE {} m; use a smaller "
                "tolerance.", layer_name, tolerance)
        )
    e_start, e_count = e_start[keep], e_count[keep]
    idx = np.repeat(e_start, e_count) + (np.arange(e_count.sum()) - np.repeat(np.cumsum(e_count) - e_count, e_count))
    return Edges(u[keep], v[keep], np.cumsum(e_count) - e_count, e_count, vx[idx], vy[idx], edges.source[keep],
                 edges.node_xy)


def drop_unused_nodes(edges: Edges, diag: NetworkDiagnostics) -> None:
    """Drops the nodes no edge uses any more and renumbers the rest (and the merges' kept nodes: -1 if dropped)."""
    used_nodes = np.zeros(len(edges.node_xy), dtype=bool)
    used_nodes[edges.u] = True
    used_nodes[edges.v] = True
    remap = np.cumsum(used_nodes) - 1
    edges.node_xy = edges.node_xy[used_nodes]
    for m in diag.merges:
        m.kept_node = int(remap[m.kept_node]) if used_nodes[m.kept_node] else -1
    edges.u, edges.v = remap[edges.u], remap[edges.v]


def label_components(net: WalkingNetwork, diag: NetworkDiagnostics) -> None:
    """Connected components of the network, component 0 the largest (by total edge length, then by node count,
    then by lowest node); their counts, the total length and the dangles in the diagnostics."""
    from scipy.sparse.csgraph import connected_components

    n_comp, labels = connected_components(net.adjacency(), directed=False)
    comp_len = np.bincount(labels[net.edge_u], weights=net.edge_length, minlength=n_comp)
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


# ----------------------------------------------------------------------------------------------------------
# the phases' helpers


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
    """A yes/no field's value that says no (0, false, no, 否, 不可通行 …: :func:`typed.is_no` with the road's own
    word); empty values are not a no."""
    return is_no(value, NOT_WALKABLE_WORDS)


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
