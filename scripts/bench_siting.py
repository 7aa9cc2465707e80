"""Siting benchmark: MCLP with 2,000 candidates and 50,000 demand points, LifeCircle vs PySAL spopt + CBC.

    .venv/bin/python scripts/bench_siting.py [--p 50] [--demand 50000] [--candidates 2000] [--no-spopt]

The instance is generated deterministically: a 16 × 12 km district (a large Shanghai district), an irregular
street grid (110 m blocks, junctions jittered, 5 % of the streets missing), 50,000 building-level demand points
(85 % clustered around 1,500 neighbourhood centres, population 5–399 each), 2,000 candidate parcels spread over
the district, and a 500 m walking threshold (Q05 为老服务). Walking distances come from LifeCircle's network
engine; the coverage matrix (pairs within the threshold) is what every solver gets:

- LifeCircle exact: ``MaximalCovering(...).solve(ExactSolver(time_limit))`` — proven optimum or gap;
- LifeCircle greedy (+ swaps), with its gap to the exact optimum;
- CBC alone: the same formulation written as a sparse PuLP model (only pairs within reach) and solved by the same
  CBC, to tell the solver's time from spopt's dense model building;
- spopt ``MCLP.from_cost_matrix`` solved by PuLP's bundled CBC, on the same matrix as a dense cost matrix (0 =
  covered, 1 = not, service radius 0.5). spopt needs numpy 2 / pandas 2+, which would break the project's
  .venv (Debian's GDAL, scipy and QGIS need numpy < 2), so it runs in its own venv, build/bench-venv
  (``/usr/bin/python3 -m venv --system-site-packages``; created and filled with ``pip install spopt pulp`` on
  first use), as a subprocess that reads the matrix from a .npz file. Its model-building and solve times are
  reported separately, and a run past ``--spopt-timeout`` seconds is stopped and reported as such.

``--dense`` runs the harder stress variant (an 8.8 × 8.8 km district with the same counts: every resident
within reach of ~10 candidates), where exactness within 60 s is not reached for large P — reported honestly.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / "build" / "bench-venv"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------------------------------------------------
# the instance


def street_grid(nx: int, ny: int, spacing: float = 110.0, seed: int = 2026):
    """An irregular street grid of nx × ny junctions: jittered junctions, 5 % of the streets missing."""
    from shapely.geometry import LineString

    rng = np.random.default_rng(seed)
    X = np.arange(nx)[:, None] * spacing + rng.normal(0, spacing * 0.1, (nx, ny))
    Y = np.arange(ny)[None, :] * spacing + rng.normal(0, spacing * 0.1, (nx, ny))
    lines = []
    for i in range(nx):
        for j in range(ny):
            for di, dj in ((1, 0), (0, 1)):
                a, b = i + di, j + dj
                if a >= nx or b >= ny or rng.random() < 0.05:
                    continue
                lines.append(LineString([(X[i, j], Y[i, j]), (X[a, b], Y[a, b])]))
    return lines, nx * spacing, ny * spacing


def make_instance(n_demand: int, n_candidates: int, threshold: float, dense: bool = False, seed: int = 5):
    """(cost matrix demand × candidates, CSR, pairs within the threshold; population; description)."""
    sys.path.insert(0, str(ROOT / "build"))
    if not (ROOT / "build" / "lifecircle").exists():
        (ROOT / "build").mkdir(exist_ok=True)
        (ROOT / "build" / "lifecircle").symlink_to(ROOT, target_is_directory=True)
    from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

    nx, ny, clusters = (80, 80, 400) if dense else (145, 110, 1500)
    lines, width, height = street_grid(nx, ny)
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 1, (clusters, 2)) * [width, height]
    k = int(n_demand * 0.85)
    which = rng.integers(0, clusters, k)
    demand = np.vstack([centres[which] + rng.normal(0, 150, (k, 2)),
                        rng.uniform(0, 1, (n_demand - k, 2)) * [width, height]])
    population = rng.integers(5, 400, n_demand).astype(float)
    candidates = rng.uniform(0, 1, (n_candidates, 2)) * [width, height]
    net = build_network(lines, NetworkOptions())
    router = net.router({"d": net.snap(demand, 150), "c": net.snap(candidates, 150)})
    cost = router.distance_matrix("c", "d", limit=threshold).T.tocsr()
    text = (f"{width / 1000:.1f} × {height / 1000:.1f} km, {len(lines):,} streets, {n_demand:,} demand points "
            f"({population.sum():,.0f} residents), {n_candidates:,} candidates, threshold {threshold:g} m: "
            f"{cost.nnz:,} pairs within reach")
    return cost, population, text


# ---------------------------------------------------------------------------------------------------------
# spopt + CBC in its own venv


def ensure_bench_venv(log) -> Path | None:
    """build/bench-venv with spopt and pulp (created on first use); None if that cannot be had."""
    py = BENCH_VENV / "bin" / "python"
    check = [str(py), "-c", "import spopt.locate, pulp; assert 'PULP_CBC_CMD' in pulp.listSolvers(onlyAvailable=True)"]
    if py.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return py
    log("  creating build/bench-venv (spopt + pulp; numpy 2 there, the project's .venv is not touched) …")
    if not py.exists():
        r = subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", str(BENCH_VENV)],
                           capture_output=True, text=True)
        if r.returncode:
            log(f"  could not create the venv: {r.stderr.strip()[-300:]}")
            return None
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", "spopt", "pulp"], capture_output=True, text=True)
    if r.returncode or subprocess.run(check, capture_output=True).returncode:
        log(f"  spopt/pulp could not be installed: {(r.stderr or r.stdout).strip()[-300:]}")
        return None
    return py


def spopt_worker(folder: str) -> None:
    """Runs inside build/bench-venv: spopt MCLP + CBC on the saved matrix; prints one JSON line."""
    import warnings

    warnings.filterwarnings("ignore")
    import pulp
    from scipy import sparse
    from spopt.locate import MCLP

    data = np.load(Path(folder) / "instance.npz")
    cov = sparse.csr_matrix((data["data"], data["indices"], data["indptr"]), shape=tuple(data["shape"]))
    weights = data["weights"]
    p = int(data["p"])
    t0 = time.perf_counter()
    cost = np.ones(cov.shape, dtype=float)
    cost[cov.nonzero()] = 0.0  # covered pairs cost 0, others 1; service radius 0.5
    model = MCLP.from_cost_matrix(cost, weights, service_radius=0.5, p_facilities=p)
    t_build = time.perf_counter() - t0
    print(json.dumps({"stage": "built", "build_s": t_build}), flush=True)
    t1 = time.perf_counter()
    model = model.solve(pulp.PULP_CBC_CMD(msg=False))
    t_solve = time.perf_counter() - t1
    chosen = [j for j, v in enumerate(model.fac_vars) if v.value() is not None and v.value() > 0.5]
    covered = np.asarray(cov[:, chosen].sum(axis=1)).ravel() > 0
    print(json.dumps({"stage": "solved", "build_s": t_build, "solve_s": t_solve,
                      "status": pulp.LpStatus[model.problem.status], "objective": float(weights[covered].sum()),
                      "sites": len(chosen)}), flush=True)


def cbc_sparse_worker(folder: str) -> None:
    """Runs inside build/bench-venv: spopt's MCLP formulation written directly as a sparse PuLP model (only the
    pairs within reach), solved by the same bundled CBC — the solver alone, without spopt's dense model
    building; prints one JSON line."""
    import pulp
    from scipy import sparse

    data = np.load(Path(folder) / "instance.npz")
    cov = sparse.csr_matrix((data["data"], data["indices"], data["indptr"]), shape=tuple(data["shape"]))
    weights = data["weights"]
    p = int(data["p"])
    t0 = time.perf_counter()
    prob = pulp.LpProblem("mclp", pulp.LpMaximize)
    y = [pulp.LpVariable(f"y{j}", cat="Binary") for j in range(cov.shape[1])]
    z = [pulp.LpVariable(f"z{i}", cat="Binary") for i in range(cov.shape[0])]
    prob += pulp.lpSum(float(w) * zi for w, zi in zip(weights, z))
    for i in range(cov.shape[0]):
        cols = cov.indices[cov.indptr[i]:cov.indptr[i + 1]]
        prob += pulp.lpSum(y[j] for j in cols) >= z[i]
    prob += pulp.lpSum(y) == p
    t_build = time.perf_counter() - t0
    print(json.dumps({"stage": "built", "build_s": t_build}), flush=True)
    t1 = time.perf_counter()
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    t_solve = time.perf_counter() - t1
    chosen = [j for j, v in enumerate(y) if v.value() is not None and v.value() > 0.5]
    covered = np.asarray(cov[:, chosen].sum(axis=1)).ravel() > 0
    print(json.dumps({"stage": "solved", "build_s": t_build, "solve_s": t_solve,
                      "status": pulp.LpStatus[prob.status], "objective": float(weights[covered].sum()),
                      "sites": len(chosen)}), flush=True)


def run_spopt(py: Path, cost, weights, p: int, timeout: float, log, mode: str = "--spopt-worker") -> dict:
    from scipy import sparse

    cov = sparse.csr_matrix(cost, copy=True)
    cov.data[:] = 1.0
    with tempfile.TemporaryDirectory(dir=str(ROOT / "build")) as tmp:
        np.savez(Path(tmp) / "instance.npz", data=cov.data, indices=cov.indices, indptr=cov.indptr,
                 shape=np.array(cov.shape), weights=weights, p=p)
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(py), str(Path(__file__).resolve()), mode, tmp],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out, err = "", ""
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            res = {"timeout": True, "wall_s": time.perf_counter() - t0}
        else:
            res = {"timeout": False, "wall_s": time.perf_counter() - t0}
        for line in out.splitlines():
            if line.startswith("{"):
                res.update(json.loads(line))
        if proc.returncode not in (0, None) and not res.get("timeout"):
            res["error"] = err.strip()[-400:]
        return res


# ---------------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demand", type=int, default=50_000)
    parser.add_argument("--candidates", type=int, default=2_000)
    parser.add_argument("--p", type=int, nargs="+", default=[50], help="number of sites (several: one run each)")
    parser.add_argument("--threshold", type=float, default=500.0)
    parser.add_argument("--time-limit", type=float, default=60.0, help="LifeCircle exact solver's limit (s)")
    parser.add_argument("--dense", action="store_true", help="the harder 8.8 × 8.8 km stress variant")
    parser.add_argument("--no-spopt", action="store_true", help="skip the spopt + CBC comparison")
    parser.add_argument("--spopt-timeout", type=float, default=900.0, help="stop spopt + CBC after this (s)")
    parser.add_argument("--spopt-worker", help=argparse.SUPPRESS)
    parser.add_argument("--cbc-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spopt_worker:
        spopt_worker(args.spopt_worker)
        return 0
    if args.cbc_worker:
        cbc_sparse_worker(args.cbc_worker)
        return 0

    def log(text: str) -> None:
        print(text, flush=True)

    t = time.perf_counter()
    cost, weights, text = make_instance(args.demand, args.candidates, args.threshold, args.dense)
    log(f"siting (MCLP): {text}")
    log(f"  coverage matrix from the network engine {time.perf_counter() - t:6.2f} s   peak {peak_mb():,.0f} MB")
    from lifecircle.lifecircle_plugin.core.siting import ExactSolver, GreedySolver, MaximalCovering

    py = None if args.no_spopt else ensure_bench_venv(log)
    if not args.no_spopt and py is None:
        log("  spopt + CBC: not available here (see above) — comparison skipped")
    for p in args.p:
        log(f"  P = {p}")
        t = time.perf_counter()
        exact = MaximalCovering.from_cost_matrix(cost, weights, args.threshold, p).solve(ExactSolver(args.time_limit))
        t_exact = time.perf_counter() - t
        proven = "proven optimal" if exact.proven_optimal else f"NOT proven: gap {exact.gap:.3%} at the time limit"
        st = exact.stats
        log(f"    LifeCircle exact   {t_exact:7.2f} s   objective {exact.objective:,.0f}   {proven}   "
            f"[{exact.solver}; {st['demand_active']:,} demand → {st['demand_groups']:,} coverage sets, "
            f"{st['candidates']:,} → {st['candidates_kept']:,} candidates"
            + (f", LP {st['lp_seconds']:.1f} s, {st['free']:,} left after fixing" if "free" in st else "") + "]")
        # as the Processing algorithm runs it: with a cancel check, so large HiGHS solves go to a child process
        t = time.perf_counter()
        child = MaximalCovering.from_cost_matrix(cost, weights, args.threshold, p).solve(
            ExactSolver(args.time_limit), is_cancelled=lambda: False)
        t_child = time.perf_counter() - t
        same = "same objective" if abs(child.objective - exact.objective) < 0.5 else (
            f"objective differs by {child.objective - exact.objective:+,.0f}")
        log(f"    … cancellable      {t_child:7.2f} s   objective {child.objective:,.0f}   {same} (HiGHS in a child "
            f"process, as in QGIS: +{t_child - t_exact:.2f} s)")
        t = time.perf_counter()
        greedy = MaximalCovering.from_cost_matrix(cost, weights, args.threshold, p).solve(GreedySolver())
        t_greedy = time.perf_counter() - t
        gap = (exact.objective - greedy.objective) / exact.objective
        log(f"    LifeCircle greedy  {t_greedy:7.2f} s   objective {greedy.objective:,.0f}   gap to the exact "
            f"{'optimum' if exact.proven_optimal else 'best'} {gap:.3%} (its own a-posteriori bound says ≤ "
            f"{greedy.gap:.1%}; guarantee ≥ 63.2 %)")
        if py is not None:
            s = run_spopt(py, cost, weights, p, args.spopt_timeout, log)
            if s.get("stage") == "solved":
                same = "same objective" if abs(s["objective"] - exact.objective) < 0.5 else (
                    f"objective differs by {s['objective'] - exact.objective:+,.0f}")
                log(f"    spopt + CBC        {s['wall_s']:7.2f} s   objective {s['objective']:,.0f}   "
                    f"({s['status']}; model building {s['build_s']:.1f} s, CBC {s['solve_s']:.1f} s)   {same}")
                log(f"    ratio: spopt + CBC / LifeCircle exact = {s['wall_s'] / t_exact:.1f}x")
            elif s.get("timeout"):
                built = f" (model built in {s['build_s']:.0f} s)" if "build_s" in s else " (still building the model)"
                log(f"    spopt + CBC        stopped after {s['wall_s']:.0f} s without a result{built}: "
                    f"≥ {s['wall_s'] / t_exact:.0f}x LifeCircle exact")
            else:
                log(f"    spopt + CBC        failed: {s.get('error', 'no output')}")
            c = run_spopt(py, cost, weights, p, args.spopt_timeout, log, mode="--cbc-worker")
            if c.get("stage") == "solved":
                same = "same objective" if abs(c["objective"] - exact.objective) < 0.5 else (
                    f"objective differs by {c['objective'] - exact.objective:+,.0f}")
                log(f"    CBC, sparse model  {c['wall_s']:7.2f} s   objective {c['objective']:,.0f}   "
                    f"({c['status']}; PuLP model {c['build_s']:.1f} s, CBC {c['solve_s']:.1f} s)   {same}")
                log(f"    ratio: CBC on the sparse model / LifeCircle exact = {c['wall_s'] / t_exact:.1f}x")
            elif c.get("timeout"):
                log(f"    CBC, sparse model  stopped after {c['wall_s']:.0f} s without a result")
            else:
                log(f"    CBC, sparse model  failed: {c.get('error', 'no output')}")
    log(f"  peak memory {peak_mb():,.0f} MB (this process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
