"""`make bench`: LifeCircle's speed and memory side by side with its peers, on deterministic synthetic data.

Not part of `make test` (timings are not assertions). Each case prints wall time, peak memory of the process
so far, and ratios against the named peer.

Cases:
  engine   — walking-network engine on a district-scale street grid (~200k edges): build, snap 100k residents
             and 10k facilities, 20 category multi-source runs; peer: a bare scipy.sparse.csgraph multi-source
             Dijkstra on the same graph (no access legs, no snapping).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def street_grid(n_side: int, spacing: float = 120.0, seed: int = 2026):
    """An irregular street grid: jittered junctions, some streets missing, with mid-block vertices.

    Returns (lines as (k, 2) arrays, bounds).
    """
    rng = np.random.default_rng(seed)
    jx = rng.normal(0, spacing * 0.12, (n_side, n_side))
    jy = rng.normal(0, spacing * 0.12, (n_side, n_side))
    X = np.arange(n_side)[:, None] * spacing + jx
    Y = np.arange(n_side)[None, :] * spacing + jy
    lines = []
    for i in range(n_side):
        for j in range(n_side):
            for di, dj in ((1, 0), (0, 1)):
                a, b = i + di, j + dj
                if a >= n_side or b >= n_side or rng.random() < 0.04:
                    continue
                p0 = (X[i, j], Y[i, j])
                p1 = (X[a, b], Y[a, b])
                mid = ((p0[0] + p1[0]) / 2 + rng.normal(0, 4), (p0[1] + p1[1]) / 2 + rng.normal(0, 4))
                lines.append(np.array([p0, mid, p1]))
    extent = n_side * spacing
    return lines, extent


def case_engine(n_side: int, residents: int, facilities: int, categories: int = 20) -> None:
    from shapely.geometry import LineString
    from scipy.sparse.csgraph import dijkstra

    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

    rng = np.random.default_rng(7)
    lines, extent = street_grid(n_side)
    geoms = [LineString(c) for c in lines]
    print(f"engine: {len(geoms):,} street lines, {residents:,} residents, {facilities:,} facilities, "
          f"{categories} categories")

    t = time.perf_counter()
    net = build_network(geoms, NetworkOptions())
    t_build = time.perf_counter() - t
    print(f"  build      {t_build:7.2f} s   {net.n_nodes:,} nodes, {net.n_edges:,} edges   peak {peak_mb():,.0f} MB")

    res_xy = rng.uniform(0, extent, (residents, 2))
    fac_xy = rng.uniform(0, extent, (facilities, 2))
    fac_cat = rng.integers(0, categories, facilities)
    t = time.perf_counter()
    res = net.snap(res_xy, 150)
    fac = net.snap(fac_xy, 150)
    router = net.router({"res": res, "fac": fac})
    t_snap = time.perf_counter() - t
    print(f"  snap+graph {t_snap:7.2f} s   ({router.n_graph_nodes:,} graph nodes)   peak {peak_mb():,.0f} MB")

    t = time.perf_counter()
    ours = []
    for c in range(categories):
        ours.append(router.nearest_distance("fac", "res", limit=1000, source_mask=fac_cat == c))
    t_ours = time.perf_counter() - t
    print(f"  {categories} runs    {t_ours:7.2f} s   peak {peak_mb():,.0f} MB")

    # peer: bare csgraph on the base graph, sources = the facilities' nearest network node, read at residents'
    # nearest node (no access legs, no edge splitting)
    csr = net.adjacency()
    near_f = np.where(fac.offset < net.edge_length[np.maximum(fac.edge, 0)] / 2, net.edge_u[np.maximum(fac.edge, 0)],
                      net.edge_v[np.maximum(fac.edge, 0)])
    near_r = np.where(res.offset < net.edge_length[np.maximum(res.edge, 0)] / 2, net.edge_u[np.maximum(res.edge, 0)],
                      net.edge_v[np.maximum(res.edge, 0)])
    t = time.perf_counter()
    for c in range(categories):
        d = dijkstra(csr, directed=False, indices=np.unique(near_f[(fac_cat == c) & (fac.edge >= 0)]),
                     min_only=True, limit=1000)
        _ = d[near_r]
    t_bare = time.perf_counter() - t
    print(f"  bare csgraph {t_bare:5.2f} s   (same {categories} multi-source runs, no snapping/access legs)")
    total = t_snap + t_ours
    print(f"  ratio: engine queries / bare csgraph = {t_ours / t_bare:.2f}x; "
          f"snap+graph+queries / bare = {total / t_bare:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "district"], default="district")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''}, Python {platform.python_version()}, "
          f"numpy {np.__version__}")
    if args.size == "small":
        case_engine(n_side=80, residents=10_000, facilities=1_000)
    else:
        case_engine(n_side=320, residents=100_000, facilities=10_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
