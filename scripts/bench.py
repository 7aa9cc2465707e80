"""`make bench`: LifeCircle's speed and memory side by side with its peers, on deterministic synthetic data.

Not part of `make test` (timings are not assertions). Each case prints wall time, peak memory of the process
so far, and ratios against the named peer.

Cases:
  engine   — walking-network engine on a district-scale street grid (~200k edges): build, snap 100k residents
             and 10k facilities, 20 category multi-source runs; peer: a bare scipy.sparse.csgraph multi-source
             Dijkstra on the same graph (no access legs, no snapping).
  units / siting / ledger — scripts/bench_units.py (2,000 blocks vs spopt max-p), scripts/bench_siting.py (MCLP
             2,000 × 50,000 vs spopt + CBC), scripts/bench_ledger.py (10,000 projects exported and imported).
  coverage — the whole facility-coverage core (all 20 categories, residents' distances, unit shares and every
             facility's residents within reach) on the same data; peers: QGIS's native "Service area (from
             layer)" run per category (timed on --native-categories categories, the rest extrapolated, and it
             stops at the service area: it does not even tell which resident is covered), and the bare csgraph
             runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
sys.path.insert(0, str(ROOT / "scripts"))


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


def case_coverage(n_side: int, residents: int, facilities: int, native_categories: int) -> None:
    import tempfile

    from shapely.geometry import LineString
    from scipy.sparse.csgraph import dijkstra

    from lifecircle.lifecircle_plugin.core.checklist import load_profile
    from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

    rng = np.random.default_rng(3)
    lines, extent = street_grid(n_side)
    profile = load_profile("shanghai")
    codes = list(profile.codes)
    fac_xy = rng.uniform(0, extent, (facilities, 2))
    fac_code = [codes[i % len(codes)] for i in range(facilities)]
    res_xy = rng.uniform(0, extent, (residents, 2))
    pop = rng.integers(1, 100, residents).astype(float)
    print(f"coverage: {len(lines):,} street lines, {residents:,} residents, {facilities:,} facilities, "
          f"{len(codes)} categories")

    t = time.perf_counter()
    net = build_network([LineString(c) for c in lines], NetworkOptions())
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    result = facility_coverage(net, profile, fac_xy, fac_code, res_xy, pop)
    t_cov = time.perf_counter() - t
    ours = t_build + t_cov
    print(f"  LifeCircle   {ours:7.2f} s  (network {t_build:.2f} s + coverage {t_cov:.2f} s: distances, shares, "
          f"per-facility reach)   peak {peak_mb():,.0f} MB")
    covered = sum(result.overall_share()[c] for c in codes) / len(codes)
    print(f"               mean share covered {covered:.1%}")

    # bare csgraph: one multi-source run per category on the plain graph
    csr = net.adjacency()
    snap = net.snap(fac_xy, 150)
    near = np.where(snap.offset < net.edge_length[np.maximum(snap.edge, 0)] / 2,
                    net.edge_u[np.maximum(snap.edge, 0)], net.edge_v[np.maximum(snap.edge, 0)])
    codes_arr = np.array(fac_code)
    t = time.perf_counter()
    for c in codes:
        sel = (codes_arr == c) & (snap.edge >= 0)
        dijkstra(csr, directed=False, indices=np.unique(near[sel]), min_only=True, limit=profile.threshold(c))
    t_bare = time.perf_counter() - t
    print(f"  bare csgraph {t_bare:7.2f} s  ({len(codes)} multi-source runs on the same graph, nothing else)")

    if native_categories <= 0:
        print(f"  ratio: LifeCircle / bare csgraph = {ours / t_bare:.1f}x (QGIS native not timed: "
              f"--native-categories 0)")
        return
    # QGIS native service area (from layer), per category
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import (QgsApplication, QgsFeature, QgsGeometry, QgsPointXY, QgsProcessingContext,
                           QgsProcessingFeedback, QgsProject, QgsVectorLayer)

    app = QgsApplication([], False)
    app.initQgis()
    from qgis.analysis import QgsNativeAlgorithms

    QgsApplication.processingRegistry().addProvider(QgsNativeAlgorithms())
    streets = QgsVectorLayer("LineString?crs=EPSG:4549", "streets", "memory")
    feats = []
    for c in lines:
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(x, y) for x, y in c]))
        feats.append(f)
    streets.dataProvider().addFeatures(feats)
    timed = []
    with tempfile.TemporaryDirectory() as tmp:
        for c in codes[:native_categories]:
            pts = QgsVectorLayer("Point?crs=EPSG:4549", "start", "memory")
            pf = []
            for (x, y), cc in zip(fac_xy, fac_code):
                if cc == c:
                    f = QgsFeature()
                    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
                    pf.append(f)
            pts.dataProvider().addFeatures(pf)
            alg = QgsApplication.processingRegistry().createAlgorithmById("native:serviceareafromlayer")
            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            t = time.perf_counter()
            res, ok = alg.run({"INPUT": streets, "STRATEGY": 0, "START_POINTS": pts,
                               "TRAVEL_COST2": profile.threshold(c), "TOLERANCE": 1.0,
                               "OUTPUT_LINES": f"{tmp}/{c}.gpkg"}, context, QgsProcessingFeedback())
            assert ok, "QGIS native service area failed"
            del context
            timed.append(time.perf_counter() - t)
            print(f"  QGIS native service area, {c} ({len(pf)} start points, {profile.threshold(c):.0f} m): "
                  f"{timed[-1]:.1f} s")
    per_cat = sum(timed) / len(timed)
    native = per_cat * len(codes)
    print(f"  QGIS native, {len(codes)} categories (extrapolated from {len(timed)}): {native:.0f} s   "
          f"peak {peak_mb():,.0f} MB")
    print(f"  ratio: QGIS native / LifeCircle = {native / ours:.1f}x faster (target ≥ 20x); "
          f"LifeCircle / bare csgraph = {ours / t_bare:.1f}x (the whole job: network build, snapping, distances, "
          f"shares and per-facility reach, against the bare runs alone; the engine case compares the category "
          f"runs like for like)")
    del streets
    app.exitQgis()


LOAD_SCRIPT = """
import sys, time
sys.path.insert(0, {build!r})
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMainWindow
app = QgsApplication([], True)
app.initQgis()
main = QMainWindow()
class Iface:
    def mainWindow(self): return main
    def addToolBar(self, name): return main.addToolBar(name)
    def firstRightStandardMenu(self): return None
t = time.perf_counter()
if {with_plugin}:
    import lifecircle
    plugin = lifecircle.classFactory(Iface())
    plugin.initGui()
print("LOAD_MS", (time.perf_counter() - t) * 1000)
"""


def case_load(runs: int = 5) -> None:
    """Plugin load time: classFactory + initGui (+ the provider) in a fresh QGIS, against the same start without
    the plugin."""
    import statistics
    import subprocess

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(ROOT / "build" / "qgis-profile"))
    times = {}
    for with_plugin in (False, True):
        samples = []
        for _ in range(runs):
            code = LOAD_SCRIPT.format(build=str(ROOT / "build"), with_plugin=with_plugin)
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
            line = [ln for ln in out.stdout.splitlines() if ln.startswith("LOAD_MS")]
            samples.append(float(line[0].split()[1]))
        times[with_plugin] = statistics.median(samples)
    print(f"load: plugin classFactory + initGui {times[True]:.0f} ms (median of {runs}; without the plugin "
          f"{times[False]:.0f} ms); target ≤ 150 ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["small", "district", "city"], default="district",
                        help="city = Shanghai-wide: ~1M street lines, 500,000 residents, 50,000 facilities")
    parser.add_argument("--case", choices=["all", "engine", "coverage", "units", "siting", "ledger", "load"],
                        default="all")
    parser.add_argument("--native-categories", type=int, default=2,
                        help="how many categories QGIS's native service area is timed on (the rest extrapolated)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''}, Python {platform.python_version()}, "
          f"numpy {np.__version__}")
    n_side, residents, facilities = {"small": (80, 10_000, 1_000), "district": (320, 100_000, 10_000),
                                     "city": (710, 500_000, 50_000)}[args.size]
    if args.case in ("all", "engine"):
        case_engine(n_side=n_side, residents=residents, facilities=facilities)
    if args.case in ("all", "coverage"):
        case_coverage(n_side, residents, facilities, args.native_categories)
    if args.case in ("all", "load"):
        case_load()
    # the other issues' cases live in their own scripts (each also runs alone: scripts/bench_<case>.py --help)
    for case in ("units", "siting", "ledger"):
        if args.case in ("all", case):
            print(f"{case}:", flush=True)
            module = __import__(f"bench_{case}")
            module.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
