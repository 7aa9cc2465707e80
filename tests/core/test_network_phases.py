"""build_network's phases one by one (network_build), on networks small enough to work out by hand, and the
walkable flag read through the one yes/no vocabulary (typed.is_no)."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString

from lifecircle.lifecircle_plugin.core import network, network_build, snapping, walking_network, wkb_lines
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
from lifecircle.lifecircle_plugin.core.network_build import (
    Edges,
    NetworkDiagnostics,
    drop_collapsed_and_duplicates,
    drop_unused_nodes,
    edge_vertices,
    merge_close_nodes,
    nodes_and_edges,
)
from lifecircle.lifecircle_plugin.core.wkb_lines import read_line_parts

# a plus sign: A runs west–east through (10, 0), B south–north through it; the shared vertex is a node
#
#            (10,5)
#              |
#   (0,0) -- (10,0) -- (20,0)
#              |
#            (10,-5)
PLUS = [LineString([(0, 0), (10, 0), (20, 0)]), LineString([(10, -5), (10, 0), (10, 5)])]


def test_walkable_flag_is_the_one_yes_no_vocabulary():
    """Every common no-word (×, ✗, 0.0 too) and the road's own 不可通行 leave a line out; yes and empty keep it."""
    lines = [LineString([(0, 100.0 * k), (50, 100.0 * k)]) for k in range(7)]
    walkable = ["×", "✗", "0.0", "不可通行", " NO ", "yes", None]
    net = build_network(lines, NetworkOptions(), walkable=walkable)
    assert net.diagnostics.excluded_not_walkable == 5
    assert net.n_edges == 2 and net.edge_source.tolist() == [5, 6]
    assert net.diagnostics.total_length == pytest.approx(100.0)
    assert [network.flag_is_false(np.str_(w)) for w in ("no", "不可通行", "yes")] == [True, True, False]


def test_read_nodes_and_edge_vertices_of_a_plus():
    flat, counts, src, kind = read_line_parts([g.wkb for g in PLUS], np.arange(2))
    assert counts.tolist() == [3, 3] and src.tolist() == [0, 1] and kind.tolist() == [0, 0]
    ends = nodes_and_edges(flat, counts, src)
    # nodes numbered by position (x, then y): (0,0) (10,-5) (10,0) (10,5) (20,0)
    assert ends.node_xy.tolist() == [[0, 0], [10, -5], [10, 0], [10, 5], [20, 0]]
    assert ends.u.tolist() == [0, 2, 1, 2] and ends.v.tolist() == [2, 4, 2, 3]
    assert ends.source.tolist() == [0, 0, 1, 1]
    edges = edge_vertices(flat, ends)
    assert edges.start.tolist() == [0, 2, 4, 6] and edges.count.tolist() == [2, 2, 2, 2]
    assert edges.vx.tolist() == [0, 10, 10, 20, 10, 10, 10, 10]
    assert edges.vy.tolist() == [0, 0, 0, 0, -5, 0, 0, 5]
    net = build_network(PLUS)
    assert net.edge_length.tolist() == [10, 10, 5, 5]
    assert net.node_degree.tolist() == [1, 1, 4, 1, 1] and net.diagnostics.dangles == 4


def test_merging_a_gap_moves_the_edge_end():
    """(100.4, 0) is 0.4 m from (100, 0): merged into it (the lower node), the gap closed, the edge 100 m long."""
    lines = [LineString([(0, 0), (100, 0)]), LineString([(100.4, 0), (200, 0)])]
    flat, counts, src, _ = read_line_parts(lines, np.arange(2))
    edges = edge_vertices(flat, nodes_and_edges(flat, counts, src))
    diag = NetworkDiagnostics()
    merge_close_nodes(edges, 1.0, diag)
    assert [(m.kept_node, m.merged_x, m.closed_gap) for m in diag.merges] == [(1, 100.4, True)]
    assert diag.merges[0].distance == pytest.approx(0.4)
    assert edges.u.tolist() == [0, 1] and edges.v.tolist() == [1, 3]
    assert edges.vx.tolist() == [0, 100, 100, 200]
    net = build_network(lines, NetworkOptions(node_tolerance=1.0))
    assert net.diagnostics.total_length == pytest.approx(200.0) and net.diagnostics.components == 1


def test_collapsed_and_duplicate_edges_and_their_nodes_dropped():
    """A 0.3 m stub collapses into one node at tolerance 0.5 (its node then unused: the merge keeps no node), the
    reversed copy of (0,0)-(10,0) is a duplicate."""
    edges = Edges(u=np.array([0, 1, 2]), v=np.array([1, 0, 2]), start=np.array([0, 2, 4]), count=np.array([2, 2, 2]),
                  vx=np.array([0.0, 10, 10, 0, 50, 50]), vy=np.array([0.0, 0, 0, 0, 50, 50]),
                  source=np.array([0, 1, 2]), node_xy=np.array([[0.0, 0], [10, 0], [50, 50], [50.3, 50]]))
    diag = NetworkDiagnostics(merges=[network_build.NodeMerge(2, 50.3, 50.0, 0.3, False)])
    kept = drop_collapsed_and_duplicates(edges, 0.5, diag, "streets")
    assert diag.collapsed_edges == 1 and diag.duplicate_edges == 1
    assert kept.u.tolist() == [0] and kept.v.tolist() == [1] and kept.source.tolist() == [0]
    assert kept.vx.tolist() == [0, 10] and kept.start.tolist() == [0]
    drop_unused_nodes(kept, diag)
    assert kept.node_xy.tolist() == [[0, 0], [10, 0]] and diag.merges[0].kept_node == -1
    lines = [LineString([(0, 0), (10, 0)]), LineString([(10, 0), (0, 0)]), LineString([(50, 50), (50.3, 50)])]
    d = build_network(lines, NetworkOptions(node_tolerance=0.5)).diagnostics
    assert (d.collapsed_edges, d.duplicate_edges, d.merges[0].kept_node) == (1, 1, -1)


def test_component_zero_is_the_longest():
    """Three 1 m lines (4 nodes, 3 m) and one 400 m line (2 nodes): the 400 m one is component 0."""
    lines = [LineString([(k, 0), (k + 1, 0)]) for k in range(3)] + [LineString([(100, 0), (500, 0)])]
    net = build_network(lines, NetworkOptions(node_tolerance=0))
    d = net.diagnostics
    assert d.components == 2 and d.largest_component_nodes == 2
    assert d.largest_component_share == pytest.approx(400 / 403)
    assert net.edge_component.tolist() == [1, 1, 1, 0]


def test_moved_names_are_re_exported_by_network():
    moved = {
        network_build: ("NetworkOptions", "NetworkDiagnostics", "NodeMerge", "build_network", "flag_is_false",
                        "DEFAULT_EXCLUDED_CLASSES"),
        snapping: ("SegmentIndex", "SnapResult", "AccessLegs", "spans", "best_per_group", "points_xy"),
        walking_network: ("WalkingNetwork",),
        wkb_lines: ("wkb_list",),
    }
    for module, names in moved.items():
        for name in names:
            assert getattr(network, name) is getattr(module, name), name
    assert network._read_line_parts is wkb_lines.read_line_parts
    assert network._geometry_line_parts is wkb_lines.geometry_line_parts
