"""core/reach_totals.py: the people each facility reaches, summed straight from its search — a hand-worked loop
(a target reached both ways round counts once) and a tiled 22,500-junction grid against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString

from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
from lifecircle.lifecircle_plugin.core.reach_totals import reach_totals

import netref


def test_a_square_block_by_hand():
    """A 100 m square block. The source at (50, 0); targets: (50, 100) is 200 m away both ways round, (80, 0)
    30 m along its own edge (and 370 m the long way), (0, 50) 100 m, (50, 3) beside it on another side of the
    same edge, 3 m off the street."""
    square = [(0, 0), (100, 0), (100, 100), (0, 100), (0, 0)]
    net = build_network([LineString(square[i:i + 2]) for i in range(4)], NetworkOptions())
    targets = np.array([[50, 100], [80, 0], [0, 50], [50, 3]], dtype=float)
    router = net.router({"f": net.snap(np.array([[50.0, 0.0], [50.0, 0.0], [500.0, 500.0]]), 20),
                         "r": net.snap(targets, 20)})
    weight = np.array([[5.0, 1.0], [7.0, 1.0], [11.0, 1.0], [13.0, 1.0]])
    limits = np.array([400.0, 400.0])

    def total(thresholds, group=(0, 1, 0)):
        return reach_totals(router, "f", "r", np.array(group), limits, np.array(thresholds, dtype=float), weight,
                            workers=1)

    # within 250 m of everything: each target once (5 + 7 + 11 + 13), not twice for the far one
    np.testing.assert_allclose(total([[250, 250]] * 4), [36.0, 4.0, 0.0])
    # each target by its own threshold: 199 m misses the far one, 29 m the one along the edge
    np.testing.assert_allclose(total([[199, 0], [29, 0], [100, 0], [6, 0]]), [24.0, 0.0, 0.0])
    # the second facility is in a group of its own (the second column); the third is not on the network
    np.testing.assert_allclose(total([[0, 200], [0, 30], [0, 0], [0, 3]]), [0.0, 3.0, 0.0])
    np.testing.assert_allclose(total([[250, 250]] * 4, group=(-1, 0, 1)), [0.0, 36.0, 0.0])


@pytest.mark.parametrize("workers", [1, 3])
def test_a_tiled_grid_against_networkx(workers):
    """22,500 junctions (the searches run on tiles), 300 facilities in three groups — two of them searching as
    far (they share tiles) — and one group with none; 2,000 residents, each with its own threshold per group
    and its own weights: every facility's total equals networkx's, worked out from its distances."""
    rng = np.random.default_rng(11)
    k = 150
    lines = [[(x * 100.0, y * 100.0), ((x + 1) * 100.0, y * 100.0)] for x in range(k - 1) for y in range(k)]
    lines += [[(x * 100.0, y * 100.0), (x * 100.0, (y + 1) * 100.0)] for x in range(k) for y in range(k - 1)]
    net = build_network([LineString(ln) for ln in lines], NetworkOptions(node_tolerance=0))
    assert net.n_nodes >= 20000
    fac = rng.uniform(3000, 7000, (300, 2))
    res = rng.uniform(2800, 7200, (2000, 2))
    group = rng.integers(-1, 3, 300)
    limits = np.array([700.0, 400.0, 700.0, 900.0])  # (group 3 has no facility)
    thresholds = rng.uniform(0.3, 1.0, (2000, 4)) * limits
    weights = rng.uniform(0, 50, (2000, 4)).round(1)
    router = net.router({"f": net.snap(fac, 80), "r": net.snap(res, 80)})
    ours = reach_totals(router, "f", "r", group, limits, thresholds, weights, workers=workers)

    g = netref.vertex_graph(lines)
    nodes = netref.add_point_sets(g, {"f": fac.tolist(), "r": res.tolist()}, 80)
    resident_at = {node: i for i, node in enumerate(nodes["r"])}
    expected = np.zeros(300)
    for s, node in enumerate(nodes["f"]):
        if group[s] < 0:
            continue
        near = nx.single_source_dijkstra_path_length(g, node, cutoff=limits[group[s]], weight="weight")
        t = np.array([resident_at[n] for n in near if n in resident_at], dtype=np.int64)
        d = np.array([near[n] for n in near if n in resident_at])
        expected[s] = weights[t, group[s]][d <= thresholds[t, group[s]]].sum()
    assert (expected > 0).sum() > 150
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-9)


def test_each_facility_s_reach_searched_later_is_the_one_searched_with_the_run():
    """facility_coverage(facility_reach=False) leaves facility_pop_within for later (a writer searches it while the
    residents' output is closed): measure_facility_reach gives, value for value, what the run gives with it."""
    from lifecircle.lifecircle_plugin.core.coverage import facility_coverage

    from miniprofile import Cat, MiniProfile

    rng = np.random.default_rng(5)
    n, step = 15, 100.0
    lines = [LineString([(i * step, j * step), ((i + di) * step, (j + dj) * step)]) for i in range(n)
             for j in range(n) for di, dj in ((1, 0), (0, 1)) if i + di < n and j + dj < n]
    net = build_network(lines, NetworkOptions())
    profile = MiniProfile([Cat("Q01", "a", "十全", 300.0), Cat("Q02", "b", "十美", 500.0)])
    fac, res = rng.uniform(0, 1400, (40, 2)), rng.uniform(0, 1400, (500, 2))
    codes = ["Q01" if k % 3 else ("Q02" if k % 2 else None) for k in range(40)]
    pop = rng.integers(1, 30, 500).astype(float)
    now = facility_coverage(net, profile, fac, codes, res, pop, facility_reach=True)
    later = facility_coverage(net, profile, fac, codes, res, pop, facility_reach=False)
    assert np.isnan(later.facility_pop_within).all()
    np.testing.assert_array_equal(later.measure_facility_reach(), now.facility_pop_within)
    assert later.reach_later is None and np.nansum(now.facility_pop_within) > 0
    assert np.isnan(now.facility_pop_within[[k for k, c in enumerate(codes) if c is None]]).all()
