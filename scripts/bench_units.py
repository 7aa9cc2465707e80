"""Benchmark of life-circle unit delineation (`lifecircle:delineateunits`' core) against PySAL spopt's max-p.

    .venv/bin/python scripts/bench_units.py [--seed 2026] [--pop-min 30000] [--pop-max 50000] [--max-walk 1000]
                                            [--no-spopt] [--no-install] [--no-compact] [--json OUT.json]
                                            [--map OUT.png [--map-subdistrict 街镇03]]

The city (deterministic for a seed): 2,000 blocks (a 50 × 40 jittered grid, about 200 m apart) over 10 街镇
(5 × 2 rectangles of 10 × 20 blocks), a street on every block edge, a river and an expressway along block edges
(the streets stop at them except at bridges / underpasses), block populations from a smooth density field
(about 20,000–55,000 residents per km²) with random variation and some non-residential blocks.

Both methods get the same block adjacency (shared edges, cut by the barriers unless a street crosses them, never
across a 街镇 boundary), and both results are measured the same way: each unit's centre is its block that
minimises population-weighted walking distance, the walking radius is the network distance from that centre's
representative point to the farthest block's, compactness the isoperimetric quotient 4πA/P² of the unit; the
mean walk is every resident's network distance from their unit's centre, population-weighted.

max-p (spopt.region.MaxPHeuristic, population floor = POP_MIN, block centre coordinates as attributes so that
its within-region dissimilarity is a compactness term) runs per connected area of each 街镇 — it has no ceiling
and no walking distance. spopt needs a newer numpy/scipy/pandas than Debian's GDAL/QGIS stack, so it lives in
its own virtual environment ``build/bench-venv`` (created with --system-site-packages on first use unless
--no-install) and runs there in a subprocess; this process never imports it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
BENCH_VENV = ROOT / "build" / "bench-venv"


# ---------------------------------------------------------------------------------------------------------
# the synthetic city


@dataclass
class City:
    polygons: list
    population: np.ndarray
    subdistrict: list
    block_type: list
    streets: list  # shapely LineStrings
    barriers: list  # (k, 2) arrays
    admin_polygons: list
    admin_names: list


def make_city(seed: int = 2026, nx: int = 50, ny: int = 40, spacing: float = 200.0, sub_x: int = 5,
              sub_y: int = 2) -> City:
    """A jittered grid of nx × ny blocks over sub_x × sub_y 街镇 with streets, a river and an expressway."""
    from shapely.geometry import LineString, Polygon
    from shapely.ops import unary_union

    rng = np.random.default_rng(seed)
    X = np.arange(nx + 1)[:, None] * spacing + rng.uniform(-0.17, 0.17, (nx + 1, ny + 1)) * spacing
    Y = np.arange(ny + 1)[None, :] * spacing + rng.uniform(-0.17, 0.17, (nx + 1, ny + 1)) * spacing

    def node(i, j):
        return (float(X[i, j]), float(Y[i, j]))

    # the river: west to east along block edges, meandering between rows; the expressway: south to north
    river_rows = [int(round(ny * 0.35 + 2.2 * math.sin(i / 5.0))) for i in range(nx + 1)]
    river = []
    for i in range(nx + 1):
        if i > 0 and river_rows[i] != river_rows[i - 1]:
            step = 1 if river_rows[i] > river_rows[i - 1] else -1
            for j in range(river_rows[i - 1] + step, river_rows[i] + step, step):
                river.append((i - 1, j))
        river.append((i, river_rows[i]))
    # the river path must move between neighbouring nodes: rebuild it edge by edge
    path = [river[0]]
    for p in river[1:]:
        if p != path[-1]:
            path.append(p)
    river = path
    express_col = int(nx * 0.55)
    express = [(express_col, j) for j in range(ny + 1)]
    barrier_edges = set()
    for a, b in zip(river[:-1], river[1:]):
        barrier_edges.add(frozenset((a, b)))
    for a, b in zip(express[:-1], express[1:]):
        barrier_edges.add(frozenset((a, b)))
    river_nodes = {p: k for k, p in enumerate(river)}
    express_nodes = {p: k for k, p in enumerate(express)}
    # crossings: a bridge at every 6th river node, an underpass at every 4th expressway node
    open_nodes = {p for p, k in river_nodes.items() if k % 6 == 3} | {p for p, k in express_nodes.items()
                                                                       if k % 4 == 2}

    streets = []
    for i in range(nx + 1):
        for j in range(ny + 1):
            for a, b in (((i, j), (i + 1, j)), ((i, j), (i, j + 1))):
                if b[0] > nx or b[1] > ny or frozenset((a, b)) in barrier_edges:
                    continue
                p, q = np.array(node(*a)), np.array(node(*b))
                # streets stop 12 m short of a barrier, except where they cross it
                for end, other in ((a, "p"), (b, "q")):
                    if (end in river_nodes or end in express_nodes) and end not in open_nodes:
                        if other == "p":
                            p = p + 12.0 * (q - p) / np.linalg.norm(q - p)
                        else:
                            q = q + 12.0 * (p - q) / np.linalg.norm(p - q)
                streets.append(LineString([tuple(p), tuple(q)]))
    barriers = [np.array([node(*p) for p in river]), np.array([node(*p) for p in express])]

    polygons, population, subdistrict, block_type = [], [], [], []
    cx, cy = nx * spacing / 2, ny * spacing / 2
    for j in range(ny):
        for i in range(nx):
            poly = Polygon([node(i, j), node(i + 1, j), node(i + 1, j + 1), node(i, j + 1)])
            x, y = poly.centroid.x, poly.centroid.y
            density = 36000 * (1 + 0.35 * math.sin(x / 1700.0) * math.cos(y / 1300.0)) \
                * (1.15 - 0.35 * math.hypot(x - cx, y - cy) / math.hypot(cx, cy))
            if rng.random() < 0.07:
                pop, kind = float(rng.integers(0, 150)), str(rng.choice(["商务", "产业"]))
            else:
                pop, kind = float(round(density * poly.area / 1e6 * rng.lognormal(0, 0.3))), "居住"
            polygons.append(poly)
            population.append(pop)
            block_type.append(kind)
            sx = min(i * sub_x // nx, sub_x - 1)
            sy = min(j * sub_y // ny, sub_y - 1)
            subdistrict.append(f"街镇{sy * sub_x + sx + 1:02d}")
    names = sorted(set(subdistrict))
    admin = [unary_union([p for p, s in zip(polygons, subdistrict) if s == n]) for n in names]
    return City(polygons, np.array(population), subdistrict, block_type, streets, barriers, admin, names)


# ---------------------------------------------------------------------------------------------------------
# the two methods


def run_lifecircle(city: City, rules, network):
    from lifecircle.lifecircle_plugin.core import units as U
    from lifecircle.lifecircle_plugin.core.network import points_xy

    t0 = time.perf_counter()
    crossings = U.barrier_crossings(network, city.barriers)
    subs = U.subdistricts_from_polygons(city.polygons, city.admin_polygons, city.admin_names,
                                        list(range(len(city.polygons))), "blocks", "街镇")
    t1 = time.perf_counter()
    adjacency = U.block_adjacency(city.polygons, rules.adjacency_gap, rules.min_contact, city.barriers, crossings,
                                  rules.barrier_tolerance)
    t2 = time.perf_counter()
    distances = U.NetworkDistances(network, points_xy(city.polygons))
    result = U.delineate_units(city.polygons, city.population, subs, rules, distances, adjacency=adjacency,
                               block_type=city.block_type)
    t3 = time.perf_counter()
    return result, {"crossings_and_subdistricts_s": t1 - t0, "adjacency_s": t2 - t1,
                    "distances_and_regionalisation_s": t3 - t2, "total_s": t3 - t0}, distances


MAXP_SCRIPT = r'''
import sys, time, json
import numpy as np
import geopandas as gpd
from libpysal.weights import W
from shapely.geometry import Point
from spopt.region import MaxPHeuristic
data = np.load(sys.argv[1])
xy, pop, comp, pairs = data["xy"], data["pop"], data["comp"], data["pairs"]
threshold = float(data["threshold"])
labels = np.full(len(pop), -1, dtype=np.int64)
t0 = time.perf_counter()
next_label = 0
for c in np.unique(comp):
    idx = np.flatnonzero(comp == c)
    if pop[idx].sum() < threshold or len(idx) == 1:
        labels[idx] = next_label
        next_label += 1
        continue
    pos = {int(b): k for k, b in enumerate(idx)}
    nb = {k: [] for k in range(len(idx))}
    for a, b in pairs:
        if int(a) in pos and int(b) in pos:
            nb[pos[int(a)]].append(pos[int(b)])
            nb[pos[int(b)]].append(pos[int(a)])
    w = W(nb, silence_warnings=True)
    gdf = gpd.GeoDataFrame({"x": xy[idx, 0], "y": xy[idx, 1], "pop": pop[idx]},
                           geometry=[Point(p) for p in xy[idx]])
    np.random.seed(0)
    model = MaxPHeuristic(gdf, w, ["x", "y"], "pop", threshold, top_n=2,
                          max_iterations_construction=int(data["construct"]), max_iterations_sa=int(data["sa"]),
                          policy="keep")
    model.solve()
    lab = np.asarray(model.labels_, dtype=np.int64)
    lab = np.unique(lab, return_inverse=True)[1]
    labels[idx] = lab + next_label
    next_label += int(lab.max()) + 1
np.save(sys.argv[2], labels)
import spopt
print(json.dumps({"seconds": time.perf_counter() - t0, "spopt": spopt.__version__}))
'''


def bench_python(install: bool) -> str | None:
    """Python of build/bench-venv with spopt, made on first use (spopt needs numpy/scipy/pandas newer than
    Debian's GDAL/QGIS stack: it never goes into .venv)."""
    py = BENCH_VENV / "bin" / "python"

    def has_spopt() -> bool:
        return py.exists() and subprocess.run([str(py), "-c", "import spopt, libpysal"], capture_output=True
                                              ).returncode == 0

    if has_spopt():
        return str(py)
    if not install:
        return None
    print(f"bench_units: setting up {BENCH_VENV} with spopt (once) …", flush=True)
    if not py.exists():
        subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(BENCH_VENV)], check=True)
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", "spopt", "numpy<2"])
    return str(py) if r.returncode == 0 and has_spopt() else None


def run_maxp(city: City, result, threshold: float, python: str, construct: int, sa: int):
    """max-p per connected area of each 街镇 on LifeCircle's adjacency, in the bench venv."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(city.polygons)
    sub = result.subdistrict
    pairs = np.array([(i, j) for i, j in result.adjacency.pairs if sub[i] == sub[j]], dtype=np.int64).reshape(-1, 2)
    g = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, comp = connected_components(g, directed=False)
    xy = np.array([[p.centroid.x, p.centroid.y] for p in city.polygons])
    with tempfile.TemporaryDirectory() as tmp:
        inp, out, script = Path(tmp) / "in.npz", Path(tmp) / "labels.npy", Path(tmp) / "maxp.py"
        np.savez(inp, xy=xy, pop=city.population, comp=comp, pairs=pairs, threshold=threshold,
                 construct=construct, sa=sa)
        script.write_text(MAXP_SCRIPT)
        t0 = time.perf_counter()
        r = subprocess.run([python, str(script), str(inp), str(out)], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            raise RuntimeError("max-p failed:\n" + r.stderr[-3000:])
        info = json.loads(r.stdout.strip().splitlines()[-1])
        return np.load(out), {"solve_s": info["seconds"], "wall_s": wall, "spopt": info["spopt"]}


# ---------------------------------------------------------------------------------------------------------
# measuring a partition the same way for both


def evaluate(city: City, labels: np.ndarray, distances, rules, adjacency_pairs, subdistrict) -> dict:
    from shapely.ops import unary_union

    from lifecircle.lifecircle_plugin.core.unit_contiguity import connected
    from lifecircle.lifecircle_plugin.core.units import compactness

    pop = city.population
    units = [np.flatnonzero(labels == u) for u in np.unique(labels)]
    nbrs: dict = {b: [] for b in range(len(pop))}
    for i, j in adjacency_pairs:
        nbrs.setdefault(int(i), []).append(int(j))
        nbrs.setdefault(int(j), []).append(int(i))
    in_band = radius_ok = contiguous = one_sub = 0
    radii, comp_values, sizes = [], [], []
    walked = beyond = 0.0  # residents × metres from their unit's centre; residents beyond MAX_WALK
    for m in units:
        P = pop[m].sum()
        sizes.append(P)
        in_band += rules.pop_min <= P <= rules.pop_max
        D = distances.blocks_to_blocks(m, m, limit=math.inf)
        D = np.where(np.isfinite(D), D, 1e9)
        c = int(np.argmin(D @ pop[m]))
        r = float(D[c].max())
        radii.append(r)
        radius_ok += r <= rules.max_walk
        walked += float(D[c] @ pop[m])
        beyond += float(pop[m][D[c] > rules.max_walk].sum())
        comp_values.append(compactness(unary_union([city.polygons[b] for b in m]), rules.adjacency_gap))
        contiguous += connected(m.tolist(), nbrs)
        one_sub += len({subdistrict[b] for b in m}) == 1
    k = len(units)
    return {
        "units": k,
        "share_in_band": in_band / k,
        "share_within_max_walk": radius_ok / k,
        "worst_walk_radius_m": max(radii),
        "median_walk_radius_m": float(np.median(radii)),
        "mean_walk_m": walked / max(float(pop.sum()), 1e-9),
        "residents_beyond_max_walk_share": beyond / max(float(pop.sum()), 1e-9),
        "mean_compactness": float(np.mean(comp_values)),
        "population_min": float(min(sizes)),
        "population_max": float(max(sizes)),
        "contiguous_share": contiguous / k,
        "inside_one_subdistrict_share": one_sub / k,
    }


def render_units_map(city: City, labels: np.ndarray, subdistrict: str, out: str, title: str) -> None:
    """A PNG of one 街镇's units: blocks filled by unit (4-colour greedy), unit outlines, each unit's 4πA/P²."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]  # 街镇 names
    from shapely.ops import unary_union

    from lifecircle.lifecircle_plugin.core.units import compactness

    blocks = [b for b, s in enumerate(city.subdistrict) if s == subdistrict]
    units = sorted({int(labels[b]) for b in blocks})
    shapes = {u: unary_union([city.polygons[b] for b in blocks if labels[b] == u]) for u in units}
    colour: dict = {}
    palette = ["#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462", "#b3de69"]
    for u in units:
        taken = {colour[v] for v in colour if shapes[v].distance(shapes[u]) < 1.0}
        colour[u] = next(c for c in range(len(palette)) if c not in taken)
    fig, ax = plt.subplots(figsize=(6, 8), dpi=110)
    for b in blocks:
        x, y = city.polygons[b].exterior.xy
        ax.fill(x, y, color=palette[colour[int(labels[b])]], linewidth=0)
        ax.plot(x, y, color="#bbbbbb", linewidth=0.3)
    values = []
    for u in units:
        g = shapes[u]
        for part in getattr(g, "geoms", [g]):
            x, y = part.exterior.xy
            ax.plot(x, y, color="black", linewidth=1.4)
        q = compactness(g, 20.0)
        values.append(q)
        c = g.representative_point()
        ax.text(c.x, c.y, f"{q:.2f}", ha="center", va="center", fontsize=8)
    ax.set_title(f"{title}\n{subdistrict}: {len(units)} units, mean 4πA/P² {np.mean(values):.3f}", fontsize=10)
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pop-min", type=float, default=30000)
    parser.add_argument("--pop-max", type=float, default=50000)
    parser.add_argument("--max-walk", type=float, default=1000)
    parser.add_argument("--maxp-construction", type=int, default=10,
                        help="spopt's max_iterations_construction (its default, 99, takes most of an hour here)")
    parser.add_argument("--maxp-sa", type=int, default=2, help="spopt's max_iterations_sa (its default: 10)")
    parser.add_argument("--no-spopt", action="store_true", help="LifeCircle only")
    parser.add_argument("--no-compact", action="store_true",
                        help="LifeCircle without the compactness smoothing (UnitRules.compact=False)")
    parser.add_argument("--no-install", action="store_true", help="do not create build/bench-venv")
    parser.add_argument("--json", help="write the numbers to this file")
    parser.add_argument("--map", help="write a PNG of one 街镇's LifeCircle units to this file")
    parser.add_argument("--map-subdistrict", default="街镇03", help="the 街镇 of --map (default: 街镇03)")
    args = parser.parse_args(argv)

    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network
    from lifecircle.lifecircle_plugin.core.units import UnitRules

    t0 = time.perf_counter()
    city = make_city(args.seed)
    t_city = time.perf_counter() - t0
    t0 = time.perf_counter()
    network = build_network(city.streets, NetworkOptions())
    t_net = time.perf_counter() - t0
    print(f"city: {len(city.polygons)} blocks, {len(city.admin_names)} 街镇, {city.population.sum():,.0f} residents, "
          f"{len(city.streets)} streets ({network.n_edges} edges) — generated in {t_city:.1f} s, network built in "
          f"{t_net:.1f} s")
    rules = UnitRules(pop_min=args.pop_min, pop_max=args.pop_max, max_walk=args.max_walk, adjacency_gap=20.0,
                      compact=not args.no_compact)
    print(f"rules: POP_MIN {rules.pop_min:,.0f}, POP_MAX {rules.pop_max:,.0f}, MAX_WALK {rules.max_walk:,.0f} m")

    result, times, distances = run_lifecircle(city, rules, network)
    ours = evaluate(city, result.block_unit, distances, rules, result.adjacency.pairs, result.subdistrict)
    ours.update({"seconds": times["total_s"], **{k: round(v, 2) for k, v in times.items()}})
    out = {"blocks": len(city.polygons), "subdistricts": len(city.admin_names), "rules": vars(rules),
           "lifecircle": ours}

    if not args.no_spopt:
        py = bench_python(install=not args.no_install)
        if py is None:
            print("bench_units: spopt is not available (build/bench-venv): max-p skipped")
        else:
            labels, mt = run_maxp(city, result, args.pop_min, py, args.maxp_construction, args.maxp_sa)
            theirs = evaluate(city, labels, distances, rules, result.adjacency.pairs, result.subdistrict)
            theirs.update({"seconds": mt["solve_s"], "wall_s": round(mt["wall_s"], 2), "spopt": mt["spopt"]})
            out["maxp"] = theirs

    rows = [("units", "{:d}"), ("share_in_band", "{:.1%}"), ("share_within_max_walk", "{:.1%}"),
            ("worst_walk_radius_m", "{:,.0f}"), ("median_walk_radius_m", "{:,.0f}"), ("mean_walk_m", "{:,.0f}"),
            ("residents_beyond_max_walk_share", "{:.1%}"), ("mean_compactness", "{:.3f}"),
            ("population_min", "{:,.0f}"), ("population_max", "{:,.0f}"), ("contiguous_share", "{:.0%}"),
            ("inside_one_subdistrict_share", "{:.0%}"), ("seconds", "{:.1f}")]
    methods = [m for m in ("lifecircle", "maxp") if m in out]
    print(f"\n{'':32}" + "".join(f"{m:>16}" for m in methods))
    for key, fmt in rows:
        print(f"{key:32}" + "".join(f"{fmt.format(out[m][key]):>16}" for m in methods))
    print(f"\nLifeCircle stages: " + ", ".join(f"{k} {ours[k]:.2f}" for k in times))
    if "maxp" in out:
        print(f"max-p: spopt {out['maxp']['spopt']}, per connected area of each 街镇, floor only "
              f"(construction {args.maxp_construction}, SA {args.maxp_sa}); wall incl. start-up "
              f"{out['maxp']['wall_s']:.1f} s")
    if args.map:
        render_units_map(city, result.block_unit, args.map_subdistrict, args.map,
                         "LifeCircle units" + (" without compactness smoothing" if args.no_compact else ""))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2, ensure_ascii=False, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
