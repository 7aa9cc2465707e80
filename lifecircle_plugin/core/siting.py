"""Siting (选址): choose sites among candidates by location–allocation models.

Three models, each built from a demand × candidate cost matrix (``from_cost_matrix``) and solved by an
injected solver, after PySAL spopt's pattern:

- :class:`MaximalCovering` (MCLP): ``p`` new sites that bring the most population within ``threshold`` metres;
  residents already within reach of an existing facility count as covered and are not counted again.
- :class:`SetCovering` (LSCP): the fewest sites that bring the covered share (existing facilities included)
  to ``target``; among the smallest site sets, the one covering the most.
- :class:`PMedian`: ``p`` sites that minimise the population-weighted walking distance, each resident going to
  the nearest open site (new or existing); with ``max_distance`` assignments only within it.

Solvers: :class:`ExactSolver` (mixed-integer programming with scipy.optimize.milp / HiGHS and a time limit),
:class:`GreedySolver` (greedy; for p-median greedy plus Teitz–Bart interchange) and :class:`AutoSolver`
(exact when the model fits a size budget, else greedy). Greedy and exact work on the same coverage matrix
(:func:`coverage_matrix`).

How the exact MCLP stays fast without giving up exactness (every step keeps all optimal solutions):
1. demand points with identical coverage sets are merged (weights summed); residents already covered, without
   population or out of every candidate's reach are set aside (they cannot change the choice);
2. a candidate whose coverage set is contained in another's is dropped (an optimal solution never needs it:
   swap it for the larger one, or for any unused candidate if that one is already chosen), only when at least
   ``p`` candidates remain;
3. greedy plus swap local search gives an incumbent; the LP relaxation (HiGHS interior point) gives an upper
   bound and dual prices; a small MILP over the LP's support improves the incumbent;
4. Lagrangian variable fixing with those prices: a candidate whose inclusion (or exclusion) caps the objective
   below the incumbent is fixed — a provably safe cut;
5. the remaining MILP goes to HiGHS. Its optimum (or the incumbent, if nothing beats it) is the optimum.
The reported gap is ``(bound - objective) / bound`` with the best proven bound; 0 means proven optimal.

Costs: a dense array (``inf``/``nan`` for pairs that cannot reach each other) or a scipy sparse matrix whose
stored entries are the reachable pairs (a 0 m pair is stored as a tiny positive value, as the network engine
does). Everything here is plain numpy/scipy: no QGIS.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np

from . import highs_child
from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed

#: a 0 m cost is stored as this, so that it is not lost as a sparse zero (same as the network engine)
ZERO_COST = 1e-9
#: greedy's guarantee for MCLP (Nemhauser, Wolsey & Fisher 1978): at least this share of the optimum
GREEDY_GUARANTEE = 1.0 - 1.0 / math.e

MODEL_NAMES = {"mclp": Msg("maximal covering (MCLP)"), "lscp": Msg("set covering (LSCP)"), "pmedian": Msg("p-median")}


# ------------------------------------------------------------------------------------------------------------
# cost and coverage matrices


def as_cost_matrix(cost: Any, name: str = "cost matrix"):
    """A demand × candidate cost matrix as scipy CSR whose stored entries are the reachable pairs.

    Dense input: ``inf``/``nan`` mark unreachable pairs. Sparse input: stored entries are reachable (explicit
    zeros count as 0 m). Negative costs raise a LifeCircleError.
    """
    from scipy import sparse

    if sparse.issparse(cost):
        coo = sparse.coo_matrix(cost, dtype=float)
        r, c, v = coo.row, coo.col, coo.data
        ok = np.isfinite(v)
        if (v[ok] < 0).any():
            raise LifeCircleError(Msg("The {} has negative costs: costs are distances in metres (0 or more).", name))
        m = sparse.csr_matrix((np.maximum(v[ok], ZERO_COST), (r[ok], c[ok])), shape=coo.shape)
        m.sum_duplicates()
    else:
        arr = np.asarray(cost, dtype=float)
        if arr.ndim != 2:
            raise LifeCircleError(Msg("The {} must be a 2-D demand × candidate array (got shape {}).", name, arr.shape))
        ok = np.isfinite(arr)
        if (arr[ok] < 0).any():
            raise LifeCircleError(Msg("The {} has negative costs: costs are distances in metres (0 or more).", name))
        r, c = np.nonzero(ok)
        m = sparse.csr_matrix((np.maximum(arr[r, c], ZERO_COST), (r, c)), shape=arr.shape)
    m.data = np.maximum(m.data, ZERO_COST)
    m.sort_indices()
    return m


def coverage_matrix(cost: Any, threshold: float):
    """Boolean demand × candidate CSR matrix: True where the cost is within ``threshold`` (metres).

    The one construction the greedy and the exact solvers share.
    """
    from scipy import sparse

    if threshold is None or not np.isfinite(threshold) or threshold <= 0:
        raise LifeCircleError(Msg("THRESHOLD must be a positive distance in metres (got {}).", threshold))
    m = as_cost_matrix(cost)
    keep = m.data <= threshold
    out = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=bool), m.indices[keep],
                             np.concatenate([[0], np.cumsum(_row_counts(m, keep))])), shape=m.shape)
    out.sort_indices()
    return out


def _row_counts(m, keep: np.ndarray) -> np.ndarray:
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return np.bincount(rows[keep], minlength=m.shape[0])


def _weights(weights: Any, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float).ravel()
    if len(w) != n:
        raise LifeCircleError(Msg("{} population values for {} demand points.", len(w), n))
    if not np.isfinite(w).all() or (w < 0).any():
        raise LifeCircleError("Population values must be numbers of 0 or more.")
    return w


def _existing(existing_cost: Any, n: int, limit: float = np.inf):
    """(distance to the nearest existing facility within ``limit`` (inf), index of it (-1)) per demand point.

    ``existing_cost``: None, a vector of distances to the nearest existing facility, or a demand × existing
    cost matrix (dense or sparse, as :func:`as_cost_matrix`).
    """
    dist = np.full(n, np.inf)
    which = np.full(n, -1, dtype=np.int64)
    if existing_cost is None:
        return dist, which
    from scipy import sparse

    if not sparse.issparse(existing_cost) and np.ndim(existing_cost) == 1:
        d = np.asarray(existing_cost, dtype=float).ravel()
        if len(d) != n:
            raise LifeCircleError(Msg("{} existing-facility distances for {} demand points.", len(d), n))
        d = np.where(np.isnan(d), np.inf, d)
        if (d < 0).any():
            raise LifeCircleError("Distances to existing facilities must be 0 or more.")
        dist = np.where(d <= limit, d, np.inf)
        return dist, which
    m = as_cost_matrix(existing_cost, "existing facilities' cost matrix")
    if m.shape[0] != n:
        raise LifeCircleError(Msg("The existing facilities' cost matrix has {} rows for {} demand "
                                  "points.", m.shape[0], n))
    if m.nnz:
        rows = np.repeat(np.arange(n), np.diff(m.indptr))
        order = np.lexsort((m.indices, m.data, rows))
        first = np.ones(len(order), dtype=bool)
        first[1:] = rows[order][1:] != rows[order][:-1]
        sel = order[first]
        ok = m.data[sel] <= limit
        dist[rows[sel][ok]] = m.data[sel][ok]
        which[rows[sel][ok]] = m.indices[sel][ok]
    return dist, which


# ------------------------------------------------------------------------------------------------------------
# results


@dataclass
class SitingResult:
    """What a siting run chose, how good it is, and who goes where.

    Sites are candidate indices (columns of the cost matrix) in rank order: each next site is the chosen one
    that adds the most (newly covered population for the covering models; weighted-distance saving for
    p-median) given those ranked before it and the existing facilities.
    """

    model: str  # "mclp" | "lscp" | "pmedian"
    solver: str  # what actually ran, e.g. "exact (HiGHS)", "greedy", "greedy + interchange"
    sites: np.ndarray
    site_marginal: np.ndarray  # population newly within the threshold by this site, in rank order
    site_cumulative: np.ndarray  # population within the threshold after this site (existing facilities included)
    site_reach: np.ndarray  # population within the threshold of this site (overlaps counted)
    site_assigned: np.ndarray  # population allocated to this site (nearest covering / assigned)
    site_saving: np.ndarray  # p-median: population-weighted metres saved by this site in rank order
    objective: float  # MCLP/LSCP: covered population (new sites + existing); p-median: weighted distance
    objective_label: str
    bound: Optional[float]  # best proven bound on the optimum (None: none known)
    gap: Optional[float]  # (bound vs objective) relative; 0 = proven optimal; None = unknown
    proven_optimal: bool
    time_s: float
    threshold: Optional[float]
    total_population: float
    covered_before: float  # population within the threshold of an existing facility
    covered_after: float  # … of an existing facility or a chosen site
    unreachable_population: float  # within reach of no candidate and no existing facility
    # allocation: one row per demand point that goes somewhere
    alloc_demand: np.ndarray
    alloc_site: np.ndarray  # candidate index, or -1 when it goes to an existing facility
    alloc_existing: np.ndarray  # existing facility index (-1 when unknown or a new site)
    alloc_distance: np.ndarray
    alloc_newly_covered: np.ndarray  # bool: within the threshold only thanks to the new sites
    unserved_population: float = 0.0  # p-median: residents beyond max distance of every open site
    weighted_distance: Optional[float] = None  # p-median: population-weighted metres of the served residents
    notes: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def share_before(self) -> float:
        return self.covered_before / self.total_population if self.total_population > 0 else float("nan")

    @property
    def share_after(self) -> float:
        return self.covered_after / self.total_population if self.total_population > 0 else float("nan")

    def summary(self) -> dict:
        """Plain numbers for logs and JSON."""
        return {
            "model": self.model,
            "solver": self.solver,
            "sites": len(self.sites),
            "objective": self.objective,
            "objective_label": self.objective_label,
            "bound": self.bound,
            "gap": self.gap,
            "proven_optimal": self.proven_optimal,
            "time_s": round(self.time_s, 3),
            "threshold_m": self.threshold,
            "total_population": self.total_population,
            "covered_before": self.covered_before,
            "covered_after": self.covered_after,
            "share_before": _round(self.share_before, 6),
            "share_after": _round(self.share_after, 6),
            "unreachable_population": self.unreachable_population,
            "unserved_population": self.unserved_population,
            "weighted_distance": self.weighted_distance,
        }


def _round(x, digits):
    return None if x is None or not np.isfinite(x) else round(float(x), digits)


@dataclass
class _Solution:
    """A solver's answer before ranking: chosen candidates and what is known about optimality."""

    sites: list
    solver: str
    bound: Optional[float] = None  # bound on the model's own objective (same sense as the objective)
    proven: bool = False
    notes: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------------------
# solvers (injected into the models' solve())


class Solver:
    """Base class: a solver solves each model's core problem; models do the validation and the reporting."""

    name = "solver"

    def solve_mclp(self, prob: "_CoverProblem", p: int, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    def solve_lscp(self, prob: "_CoverProblem", needed: float, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    def solve_pmedian(self, prob: "_MedianProblem", p: int, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    time_limit: float = 60.0


class GreedySolver(Solver):
    """Greedy: each next site is the one adding the most.

    MCLP: greedy reaches at least (1 − 1/e) ≈ 63.2 % of the optimum (Nemhauser, Wolsey & Fisher 1978); each
    run also reports its own a-posteriori bound (the solution's value plus the ``p`` largest remaining gains,
    Minoux 1978), usually far tighter. With ``local_search`` (default) single swaps then improve it.
    LSCP: greedy adds sites until the target is met (within a logarithmic factor of the fewest, Chvátal 1979).
    p-median: greedy adding, then Teitz–Bart interchange until no single swap improves; no guarantee.
    """

    name = "greedy"

    def __init__(self, local_search: bool = True, time_limit: float = 60.0):
        self.local_search = local_search
        self.time_limit = float(time_limit)

    def solve_mclp(self, prob, p, deadline, steps):
        sites, bound = prob.greedy(p)
        label = Msg("greedy")
        if self.local_search:
            better = prob.swap_search(sites, deadline)
            if prob.value(better) > prob.value(sites) + 1e-9:
                label = Msg("greedy + swaps")
            sites = better
        sol = _Solution(sites=sites, solver=label, bound=bound)
        sol.notes.append(
            "Greedy guarantee: at least {:.1%} of the optimum (Nemhauser et al. 1978); this run's own bound "
            "(value + the {} largest remaining gains) is tighter.".format(GREEDY_GUARANTEE, p))
        return sol

    def solve_lscp(self, prob, needed, deadline, steps):
        sites = prob.greedy_until(needed)
        lb = prob.lscp_lower_bound(needed)
        sol = _Solution(sites=sites, solver=Msg("greedy"), bound=float(lb))
        sol.notes.append("Greedy set covering: within a logarithmic factor of the fewest sites (Chvátal 1979); "
                         "a lower bound from the largest single-site gains is reported as the gap.")
        return sol

    def solve_pmedian(self, prob, p, deadline, steps):
        sites = prob.greedy(p)
        label = Msg("greedy")
        if self.local_search:
            sites, swaps = prob.interchange(sites, deadline)
            label = Msg("greedy + interchange (Teitz–Bart)")
        sol = _Solution(sites=sites, solver=label, bound=prob.simple_lower_bound(sites))
        sol.notes.append("p-median greedy has no constant guarantee; the gap is measured against the distance "
                         "every resident would have with all candidates open (a weak lower bound).")
        return sol


class ExactSolver(Solver):
    """Mixed-integer programming with scipy.optimize.milp (HiGHS), stopped after ``time_limit`` seconds.

    When the time runs out the best solution found is returned with its gap to the best bound.
    ``direct_below``: reduced MCLP models with fewer coverage entries than this go straight to the MILP
    (the LP bound / variable-fixing stages pay off on large models).
    """

    name = "exact"

    def __init__(self, time_limit: float = 60.0, direct_below: int = 20000):
        self.time_limit = float(time_limit)
        self.direct_below = int(direct_below)

    def solve_mclp(self, prob, p, deadline, steps):
        return prob.exact(p, deadline, self.direct_below)

    def solve_lscp(self, prob, needed, deadline, steps):
        return prob.exact_lscp(needed, deadline)

    def solve_pmedian(self, prob, p, deadline, steps):
        return prob.exact(p, deadline)


class AutoSolver(Solver):
    """Exact when the model fits the size budget (coverage entries / assignment pairs after reduction), else
    greedy. If the exact run does not finish in time, its best solution or greedy's, whichever is better."""

    name = "auto"

    def __init__(self, time_limit: float = 60.0, max_entries: int = 3_000_000, max_pairs: int = 400_000):
        self.time_limit = float(time_limit)
        self.max_entries = int(max_entries)
        self.max_pairs = int(max_pairs)

    def solve_mclp(self, prob, p, deadline, steps):
        if prob.size_entries() <= self.max_entries:
            return ExactSolver(self.time_limit).solve_mclp(prob, p, deadline, steps)
        sol = GreedySolver().solve_mclp(prob, p, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} coverage entries exceed the exact budget ({:,}): greedy.",
                                prob.size_entries(), self.max_entries))
        return sol

    def solve_lscp(self, prob, needed, deadline, steps):
        if prob.size_entries() <= self.max_entries:
            return ExactSolver(self.time_limit).solve_lscp(prob, needed, deadline, steps)
        sol = GreedySolver().solve_lscp(prob, needed, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} coverage entries exceed the exact budget: greedy.", prob.size_entries()))
        return sol

    def solve_pmedian(self, prob, p, deadline, steps):
        if prob.n_pairs() <= self.max_pairs:
            return ExactSolver(self.time_limit).solve_pmedian(prob, p, deadline, steps)
        sol = GreedySolver().solve_pmedian(prob, p, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} assignment pairs exceed the exact budget ({:,}): greedy + interchange.",
                                prob.n_pairs(), self.max_pairs))
        return sol


def make_solver(name: str, time_limit: float = 60.0) -> Solver:
    """"auto" | "exact" | "greedy" → a solver."""
    key = str(name or "auto").strip().lower()
    if key == "exact":
        return ExactSolver(time_limit)
    if key == "greedy":
        return GreedySolver(time_limit=time_limit)
    if key == "auto":
        return AutoSolver(time_limit)
    raise LifeCircleError(Msg("Unknown solver {!r}: use auto, exact or greedy.", name))


# ------------------------------------------------------------------------------------------------------------
# MILP plumbing


def _require_milp():
    try:
        from scipy.optimize import milp  # noqa: F401
    except ImportError:  # pragma: no cover - scipy < 1.9
        import scipy

        raise LifeCircleError(
            Msg("The exact solver needs scipy 1.9 or newer (scipy.optimize.milp); this QGIS has scipy {}. Choose the "
                "greedy solver, or update scipy.", scipy.__version__)) from None


@dataclass
class _MilpOutcome:
    x: Optional[np.ndarray]
    value: Optional[float]  # objective (minimisation sense, as passed)
    dual_bound: Optional[float]
    optimal: bool
    status: int
    message: str


def _milp(c, constraints, integrality, time_limit: float, bounds=(0.0, 1.0), check=None) -> _MilpOutcome:
    from scipy.optimize import Bounds

    _require_milp()
    lo, hi = bounds
    start = time.perf_counter()
    options = {"time_limit": max(0.5, float(time_limit)), "mip_rel_gap": 0.0, "disp": False}

    size = _model_size(c, constraints)

    def solve():
        # (scipy's HiGHS wrapper holds the GIL for a whole solve: a large model runs in a child process that a
        # cancel kills — highs_child)
        kwargs = dict(c=np.asarray(c, dtype=float), constraints=constraints, integrality=np.asarray(integrality),
                      bounds=Bounds(lo, hi), options=dict(options))
        return highs_child.call("milp", kwargs, None if check is _never else check, size)

    if check is not None:
        check()
    res = solve()
    if res.status == 2:
        # every model given here is feasible by construction: "infeasible" is HiGHS 1.2's presolve going wrong
        # (seen with scipy 1.10 on small p-median models) — solve again without presolve
        options["presolve"] = False
        options["time_limit"] = max(0.5, float(time_limit) - (time.perf_counter() - start))
        if check is not None:
            check()
        res = solve()
    dual = getattr(res, "mip_dual_bound", None)
    dual = None if dual is None or not np.isfinite(dual) else float(dual)
    return _MilpOutcome(x=None if res.x is None else np.asarray(res.x), value=None if res.x is None else
                        float(res.fun), dual_bound=dual, optimal=res.status == 0, status=int(res.status),
                        message=str(res.message))


def _nothing_to_choose(weights, reach, distance) -> str:
    """Why no site can be chosen: nobody to serve (every weight 0), or nobody near enough to a candidate."""
    if not np.asarray(weights, dtype=float).sum() > 0:
        return Msg("All {:,} demand points have 0 population: there is nobody to serve, so nothing to choose. "
                   "Check the population field.", len(weights))
    if distance and np.isfinite(distance):
        return Msg("No resident with population is within {:,.0f} m of any candidate site: nothing to choose. Check "
                   "that the candidates and the residents are in the same area, the distances (network or cost "
                   "matrix) and the distance limit.", distance)
    return Msg("No resident with population is able to reach any candidate site: nothing to choose. Check that the "
               "candidates and the residents are in the same area, the distances (network or cost matrix) and the "
               "distance limit.")


def _never() -> None:
    return None


def _model_size(c, constraints) -> int:
    """Variables + constraint nonzeros of a model: what decides whether it is solved in a child process."""
    size = len(c)
    for con in constraints:
        a = con.A
        size += int(a.nnz) if hasattr(a, "nnz") else int(np.count_nonzero(a))
    return size


def _remaining(deadline: float) -> float:
    return max(0.0, deadline - time.perf_counter())


# ------------------------------------------------------------------------------------------------------------
# the covering problem behind MCLP and LSCP


class _CoverProblem:
    """Residents not yet covered, aggregated by coverage set, with dominated candidates removed.

    ``rows``: aggregated demand (unique coverage sets) × kept candidates (CSR, 0/1 float); ``w``: their
    population; ``kept``: the candidate indices (into the original columns) the columns stand for;
    ``base``: population already covered by existing facilities (a constant of the objective).
    """

    def __init__(self, coverage, weights: np.ndarray, already: np.ndarray, p_for_dominance: Optional[int]):
        from scipy import sparse

        n, m = coverage.shape
        self.n_candidates = m
        self.base = float(weights[already].sum())
        cnt = np.diff(coverage.indptr)
        active = np.flatnonzero((weights > 0) & ~already & (cnt > 0))
        self.coverable = float(weights[active].sum())
        sub = coverage[active]
        sub.sort_indices()
        # merge identical coverage sets
        keys: dict = {}
        group = np.empty(len(active), dtype=np.int64)
        ind, ptr = sub.indices, sub.indptr
        for r in range(len(active)):
            group[r] = keys.setdefault(ind[ptr[r]:ptr[r + 1]].tobytes(), len(keys))
        n_groups = len(keys)
        w = np.bincount(group, weights=weights[active], minlength=n_groups)
        first = np.full(n_groups, len(active), dtype=np.int64)
        np.minimum.at(first, group, np.arange(len(active)))
        agg = sparse.csr_matrix(sub[first], dtype=float) if n_groups else sparse.csr_matrix((0, m))
        agg.data[:] = 1.0
        self.stats = {"demand_points": n, "demand_active": len(active), "demand_groups": n_groups,
                      "candidates": m}
        # dominated candidates: coverage set contained in another's (ties: the lower index is kept)
        kept = np.arange(m)
        col_size = np.asarray(agg.sum(axis=0)).ravel()
        if n_groups:
            overlap = (agg.T @ agg).tocoo()
            a, b, v = overlap.row, overlap.col, overlap.data
            sub_ab = (a != b) & (np.abs(v - col_size[a]) < 0.5) & (
                (col_size[b] > col_size[a]) | ((col_size[b] == col_size[a]) & (b < a)))
            dominated = np.zeros(m, dtype=bool)
            dominated[a[sub_ab]] = True
            dominated |= col_size == 0
        else:
            dominated = np.ones(m, dtype=bool)
        if p_for_dominance is None or (~dominated).sum() >= p_for_dominance:
            kept = np.flatnonzero(~dominated)
            self.dominance_applied = True
        else:
            kept = np.flatnonzero(col_size > 0)
            self.dominance_applied = False
        self.stats["candidates_dominated"] = int(m - len(kept)) if self.dominance_applied else 0
        self.kept = kept
        self.rows = agg[:, kept].tocsr() if n_groups else sparse.csr_matrix((0, len(kept)))
        self.cols = self.rows.tocsc()
        self.rows_t = self.rows.T.tocsr()
        self.w = w
        self.integral = bool(np.all(np.abs(w - np.round(w)) < 1e-9))
        self.stats["candidates_kept"] = len(kept)
        self.stats["coverage_entries"] = int(self.rows.nnz)
        self.check = _never  # the model sets its cancellation check (raises CancelledError) here

    # -- sizes and values ---------------------------------------------------------------------------------
    def size_entries(self) -> int:
        return int(self.rows.nnz)

    def _cnt(self, local: Sequence[int]) -> np.ndarray:
        cnt = np.zeros(self.rows.shape[0])
        for j in local:
            cnt[self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]] += 1
        return cnt

    def value_local(self, local: Sequence[int]) -> float:
        """Newly covered population of kept-column positions ``local``."""
        return float(self.w[self._cnt(local) > 0].sum())

    def value(self, sites: Sequence[int]) -> float:
        """Covered population (existing included) of original candidate indices ``sites``."""
        pos = {int(k): i for i, k in enumerate(self.kept)}
        return self.base + self.value_local([pos[s] for s in sites if s in pos])

    def _tol(self) -> float:
        return (1.0 - 1e-3) if self.integral else 1e-9 * max(1.0, self.w.sum())

    def _to_sites(self, local: Sequence[int], p: int) -> list:
        sites = [int(self.kept[j]) for j in local]
        if len(sites) < p:  # fill with unused candidates that add nothing (only when fewer kept than p)
            used = set(sites)
            for j in range(self.n_candidates):
                if len(sites) >= p:
                    break
                if j not in used:
                    sites.append(j)
                    used.add(j)
        return sites

    # -- greedy ---------------------------------------------------------------------------------------------
    def _greedy_local(self, p: Optional[int] = None, needed: Optional[float] = None):
        """Greedy on kept columns: p sites (MCLP) or until ``needed`` newly covered (LSCP).

        Returns (local positions, a-posteriori upper bound on the best newly covered population with p sites).
        """
        m = self.rows.shape[1]
        uncovered = np.ones(self.rows.shape[0], dtype=bool)
        chosen: list = []
        got = 0.0
        bound = np.inf
        limit = m if p is None else min(p, m)
        while len(chosen) < limit:
            if len(chosen) % 16 == 0:
                self.check()
            gains = self.rows_t @ (self.w * uncovered)
            if chosen:
                gains[chosen] = -1.0
            if p is not None:
                top = np.sort(np.maximum(gains, 0))[::-1][:p].sum()
                bound = min(bound, got + top)
            j = int(np.argmax(gains))
            if gains[j] <= 0:
                break
            chosen.append(j)
            got += gains[j]
            uncovered[self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]] = False
            if needed is not None and got >= needed - 1e-9 * max(1.0, needed):
                break
        if p is not None:
            # stopped early: nothing adds anything (bound = value); else the final a-posteriori bound
            final = got if len(chosen) < limit else got + self._top_gains(uncovered, chosen, p)
            bound = min(bound, final)
        return chosen, got, bound

    def _top_gains(self, uncovered, chosen, p) -> float:
        gains = self.rows_t @ (self.w * uncovered)
        if chosen:
            gains[chosen] = 0.0
        return float(np.sort(np.maximum(gains, 0))[::-1][:p].sum())

    def greedy(self, p: int):
        local, got, bound = self._greedy_local(p=p)
        return self._to_sites(local, p), self.base + bound

    def greedy_until(self, needed: float) -> list:
        local, got, _ = self._greedy_local(needed=needed)
        return [int(self.kept[j]) for j in local]

    def lscp_lower_bound(self, needed: float) -> int:
        """Fewest sites whose individual coverages could add up to ``needed`` (a valid lower bound)."""
        sizes = np.sort(self.rows_t @ self.w)[::-1]
        csum = np.cumsum(sizes)
        k = int(np.searchsorted(csum, needed - 1e-9 * max(1.0, needed))) + 1
        return max(1, min(k, len(sizes)))

    # -- swap local search ------------------------------------------------------------------------------------
    def _swap_local(self, local: list, deadline: float, max_rounds: Optional[int] = None) -> list:
        """Best-improvement single swaps (one chosen site out, one other in) until none improves."""
        from scipy import sparse

        S = list(local)
        p = len(S)
        if p == 0 or p >= self.rows.shape[1]:
            return S
        cnt = self._cnt(S)
        rounds = 0
        max_rounds = max_rounds or 50 * p + 100
        while rounds < max_rounds and time.perf_counter() < deadline:
            rounds += 1
            self.check()
            add = self.rows_t @ (self.w * (cnt == 0))
            one = np.flatnonzero(cnt == 1)
            sub = self.rows[one][:, S]
            sole = np.asarray(sub.argmax(axis=1)).ravel() if len(one) else np.zeros(0, dtype=np.int64)
            loss = np.bincount(sole, weights=self.w[one], minlength=p)
            corr = (self.rows_t @ sparse.csr_matrix((self.w[one], (one, sole)), shape=(self.rows.shape[0], p)))
            corr = corr.tocoo()
            in_s = np.zeros(self.rows.shape[1], dtype=bool)
            in_s[S] = True
            # pairs without overlap: best add and cheapest removal
            add_out = np.where(in_s, -np.inf, add)
            j0 = int(np.argmax(add_out))
            k0 = int(np.argmin(loss))
            best, best_j, best_k = add_out[j0] - loss[k0], j0, k0
            if corr.nnz:
                d = add[corr.row] - loss[corr.col] + corr.data
                d[in_s[corr.row]] = -np.inf
                i = int(np.argmax(d))
                if d[i] > best:
                    best, best_j, best_k = d[i], int(corr.row[i]), int(corr.col[i])
            if not best > self._tol() * 0.5 + 1e-12:
                break
            out = S[best_k]
            S[best_k] = best_j
            cnt[self.cols.indices[self.cols.indptr[best_j]:self.cols.indptr[best_j + 1]]] += 1
            cnt[self.cols.indices[self.cols.indptr[out]:self.cols.indptr[out + 1]]] -= 1
        return S

    def swap_search(self, sites: list, deadline: float) -> list:
        pos = {int(k): i for i, k in enumerate(self.kept)}
        local = [pos[s] for s in sites if s in pos]
        if len(local) < len(sites):
            return sites  # filled solution: every kept candidate is already in
        return self._to_sites(self._swap_local(local, deadline), len(sites))

    # -- exact MCLP -------------------------------------------------------------------------------------------
    def _mclp_milp(self, cols: np.ndarray, p: int, weights: np.ndarray, time_limit: float):
        """MILP over kept-column positions ``cols`` choosing exactly ``p`` (rows with no such column dropped).

        Rows covered by a single column go into that column's objective coefficient (exact: z_i = y_j).
        Returns (local positions chosen or None, objective value, dual bound, optimal?).
        """
        from scipy import sparse
        from scipy.optimize import LinearConstraint

        B = self.rows[:, cols].tocsr()
        cnt = np.diff(B.indptr)
        live = (cnt > 0) & (weights > 0)
        single = live & (cnt == 1)
        multi = np.flatnonzero(live & (cnt > 1))
        mm = len(cols)
        c_y = np.zeros(mm)
        np.add.at(c_y, B.indices[B.indptr[:-1][single]], weights[single])
        Bm = B[multi]
        nn = len(multi)
        obj = -np.concatenate([c_y, weights[multi]])
        A = sparse.hstack([-Bm, sparse.identity(nn, format="csr")], format="csr")
        card = sparse.csr_matrix(np.concatenate([np.ones(mm), np.zeros(nn)])[None, :])
        cons = [LinearConstraint(card, p, p)]
        if nn:
            cons.insert(0, LinearConstraint(A, -np.inf, 0.0))
        out = _milp(obj, cons, np.concatenate([np.ones(mm), np.zeros(nn)]), time_limit, check=self.check)
        if out.x is None:
            return None, None, None if out.dual_bound is None else -out.dual_bound, False
        chosen = [int(cols[i]) for i in np.flatnonzero(out.x[:mm] > 0.5)]
        bound = None if out.dual_bound is None else -out.dual_bound
        return chosen, -out.value, bound, out.optimal

    def exact(self, p: int, deadline: float, direct_below: int = 20000) -> _Solution:
        """Proven-optimal MCLP (or the best found with its gap when the time runs out)."""
        from scipy import sparse

        _require_milp()
        m = self.rows.shape[1]
        notes = []
        stats = dict(self.stats)
        if m <= p:
            notes.append(
                Msg(
                    "{} candidate(s) reach residents not yet covered (after removing dominated ones): all of them are "
                    "chosen — every reachable resident is covered; optimal.",
                    m,
                )
            )
            sites = self._to_sites(list(range(m)), p)
            return _Solution(sites=sites, solver=Msg("exact (reduced to all reachable)"), bound=self.value(sites),
                             proven=True, notes=notes, stats=stats)
        tol = self._tol()
        # incumbent: greedy + swaps
        local, _, greedy_bound = self._greedy_local(p=p)
        local = self._swap_local(local, min(deadline, time.perf_counter() + 0.2 * _remaining(deadline)))
        inc_local, inc = local, self.value_local(local)
        stats["greedy_swaps_value"] = self.base + inc
        all_cols = np.arange(m)
        self.check()
        if self.rows.nnz <= direct_below:
            chosen, val, bnd, optimal = self._mclp_milp(all_cols, p, self.w, _remaining(deadline))
            return self._finish_exact(chosen, val, bnd, optimal, inc_local, inc, greedy_bound, notes, stats, p)
        # LP relaxation (interior point), its dual prices → Lagrangian bound
        n = self.rows.shape[0]
        c = -np.concatenate([np.zeros(m), self.w])
        A = sparse.hstack([-self.rows, sparse.identity(n, format="csr")], format="csr")
        eq = sparse.csr_matrix(np.concatenate([np.ones(m), np.zeros(n)])[None, :])
        t_lp = time.perf_counter()
        self.check()
        lp = highs_child.call("linprog", dict(c=c, A_ub=A, b_ub=np.zeros(n), A_eq=eq, b_eq=[p], bounds=(0, 1),
                                              method="highs-ipm",
                                              options={"time_limit": max(1.0, _remaining(deadline))}),
                              None if self.check is _never else self.check, len(c) + A.nnz + m)
        stats["lp_seconds"] = round(time.perf_counter() - t_lp, 3)
        if lp.status != 0 or lp.x is None:
            notes.append("The LP relaxation did not finish in time: best solution so far.")
            return self._finish_exact(None, None, None, False, inc_local, inc, greedy_bound, notes, stats, p)
        self.check()
        lam = np.clip(-np.asarray(lp.ineqlin.marginals, dtype=float), 0.0, self.w)
        g = self.rows_t @ lam
        free_part = float(np.maximum(0.0, self.w - lam).sum())
        order = np.argsort(-g, kind="stable")
        top = g[order[:p]]
        L = free_part + float(top.sum())
        stats["lp_bound"] = self.base + L
        if L < inc + tol:
            notes.append("The LP bound equals the greedy + swap solution: proven optimal without branching.")
            return _Solution(sites=self._to_sites(inc_local, p), solver=Msg("exact (HiGHS LP bound)"),
                             bound=self.base + L, proven=True, notes=notes, stats=stats)
        # a small MILP over the LP's support and the most promising candidates: a better incumbent
        y = np.asarray(lp.x[:m])
        g_p, g_p1 = g[order[p - 1]], g[order[p]]
        in_top = np.zeros(m, dtype=bool)
        in_top[order[:p]] = True
        penalty = np.where(in_top, g - g_p1, g_p - g)
        pool = np.unique(np.concatenate([np.flatnonzero(y > 1e-6), np.asarray(inc_local, dtype=np.int64),
                                         np.argsort(penalty, kind="stable")[:3 * p]]))
        if len(pool) < m:
            chosen, val, _, _ = self._mclp_milp(pool, p, self.w, 0.25 * _remaining(deadline))
            if chosen is not None and len(chosen) == p:
                chosen = self._swap_local(chosen, min(deadline, time.perf_counter() + 0.1 * _remaining(deadline)))
                v = self.value_local(chosen)
                if v > inc:
                    inc_local, inc = chosen, v
            if L < inc + tol:
                notes.append("The LP bound equals the incumbent: proven optimal without branching.")
                return _Solution(sites=self._to_sites(inc_local, p), solver=Msg("exact (HiGHS LP bound)"),
                                 bound=self.base + L, proven=True, notes=notes, stats=stats)
        self.check()
        # Lagrangian fixing: forcing a site in (out) caps the objective at L1 (L0); below the incumbent → fixed
        L_in = np.where(in_top, L, L - g_p + g)
        L_out = np.where(in_top, L - g + g_p1, L)
        fix_out = L_in < inc + tol
        fix_in = L_out < inc + tol
        free = np.flatnonzero(~fix_out & ~fix_in)
        ones = np.flatnonzero(fix_in)
        stats["fixed_out"], stats["fixed_in"], stats["free"] = int(fix_out.sum()), len(ones), len(free)
        notes.append(Msg("LP bound and variable fixing: {} candidate(s) ruled out, {} fixed in, {} left to branch "
                         "on.", int(fix_out.sum()), len(ones), len(free)))
        rest = p - len(ones)
        if rest < 0 or rest > len(free):  # no solution better than the incumbent exists
            return _Solution(sites=self._to_sites(inc_local, p), solver=Msg("exact (HiGHS, LP fixing)"),
                             bound=self.base + inc, proven=True, notes=notes, stats=stats)
        covered_by_ones = self._cnt(ones) > 0
        rest_w = np.where(covered_by_ones, 0.0, self.w)
        const = float(self.w[covered_by_ones].sum())
        if rest == 0:
            chosen, val, bnd, optimal = [], 0.0, 0.0, True
        else:
            chosen, val, bnd, optimal = self._mclp_milp(free, rest, rest_w, 0.9 * _remaining(deadline))
        full = None if chosen is None else list(ones) + chosen
        val_full = None if val is None else val + const
        # any solution better than the incumbent lies in the reduced model: bound = max(incumbent, its bound)
        bnd_full = None if bnd is None else min(L, max(inc, bnd + const))
        return self._finish_exact(full, val_full, bnd_full, optimal, inc_local, inc, L, notes, stats, p)

    def _finish_exact(self, chosen, val, bnd, optimal, inc_local, inc, fallback_bound, notes, stats, p):
        best_local, best = inc_local, inc
        if chosen is not None and val is not None and self.value_local(chosen) > inc:
            best_local, best = chosen, self.value_local(chosen)
        if optimal:
            return _Solution(sites=self._to_sites(best_local, p), solver=Msg("exact (HiGHS)"), bound=self.base + best,
                             proven=True, notes=notes, stats=stats)
        bound = fallback_bound if bnd is None else min(bnd, fallback_bound)
        bound = max(bound, best)
        notes.append("The time limit ended the search before optimality was proven: best solution found, with "
                     "its gap to the best bound.")
        return _Solution(sites=self._to_sites(best_local, p), solver=Msg("exact (HiGHS, time limit)"),
                         bound=self.base + bound, proven=False, notes=notes, stats=stats)

    # -- exact LSCP -------------------------------------------------------------------------------------------
    def exact_lscp(self, needed: float, deadline: float) -> _Solution:
        """Fewest sites covering at least ``needed`` newly covered population; then, with that many sites,
        the most covered (an exact MCLP)."""
        from scipy import sparse
        from scipy.optimize import LinearConstraint

        _require_milp()
        notes, stats = [], dict(self.stats)
        m, n = self.rows.shape[1], self.rows.shape[0]
        greedy_local, got, _ = self._greedy_local(needed=needed)
        upper = len(greedy_local)
        lower = self.lscp_lower_bound(needed)
        stats["greedy_sites"] = upper
        min_row = float(self.w.min()) if n else 0.0
        full_cover = self.w.sum() - needed < min_row - 1e-9 * max(1.0, needed)
        start = time.perf_counter()
        ysel = None
        if lower >= upper:
            k, proven, k_bound = upper, True, lower
            notes.append("Greedy's number of sites equals a lower bound: proven fewest.")
        else:
            if full_cover:  # every row must be covered: classic set covering
                cons = [LinearConstraint(self.rows, 1.0, np.inf)]
                out = _milp(np.ones(m), cons, np.ones(m), _remaining(deadline) * 0.7, check=self.check)
                ysel = None if out.x is None else np.flatnonzero(out.x > 0.5)
            else:
                A = sparse.hstack([-self.rows, sparse.identity(n, format="csr")], format="csr")
                share = sparse.csr_matrix(np.concatenate([np.zeros(m), self.w])[None, :])
                cons = [LinearConstraint(A, -np.inf, 0.0), LinearConstraint(share, needed, np.inf)]
                out = _milp(np.concatenate([np.ones(m), np.zeros(n)]), cons,
                            np.concatenate([np.ones(m), np.zeros(n)]), _remaining(deadline) * 0.7, check=self.check)
                ysel = None if out.x is None else np.flatnonzero(out.x[:m] > 0.5)
            k_milp = None if ysel is None else len(ysel)
            k = upper if k_milp is None else min(upper, k_milp)
            k_bound = lower if out.dual_bound is None else max(lower, int(math.ceil(out.dual_bound - 1e-6)))
            proven = out.optimal or k_bound >= k
            k_bound = k if proven else k_bound
        stats["lscp_seconds"] = round(time.perf_counter() - start, 3)
        # with k sites: the most covered (exact MCLP), so that the answer does not depend on solver luck
        lscp_local = list(greedy_local) if (ysel is None or len(ysel) >= upper) else [int(j) for j in ysel]
        sites = self._to_sites(lscp_local, k)
        cover = self.exact(k, deadline)
        if self.value(cover.sites) >= max(self.value(sites), self.base + needed - 1e-6 * max(1.0, needed)):
            sites = cover.sites
            notes += cover.notes
            if not cover.proven:
                notes.append("The coverage of the chosen sites is not proven maximal (time limit).")
        label = Msg("exact (HiGHS)") if proven else Msg("exact (HiGHS, time limit)")
        return _Solution(sites=sites, solver=label, bound=float(k_bound), proven=proven, notes=notes, stats=stats)


# ------------------------------------------------------------------------------------------------------------
# models


class _CoverageModel:
    model = ""

    def __init__(self, coverage, weights, *, already_covered=None, cost=None, threshold: Optional[float] = None,
                 existing_distance=None, existing_nearest=None):
        from scipy import sparse

        self.coverage = sparse.csr_matrix(coverage, dtype=bool)
        self.coverage.sort_indices()
        n, m = self.coverage.shape
        self.weights = _weights(weights, n)
        self.already = np.zeros(n, dtype=bool) if already_covered is None else np.asarray(already_covered, bool)
        if self.already.shape != (n,):
            raise LifeCircleError(Msg("already_covered has {} entries for {} demand points.", self.already.shape[0], n))
        self.cost = cost  # CSR costs for allocation (nearest covering site); None: any covering site
        self.threshold = threshold
        self.existing_distance = existing_distance
        self.existing_nearest = existing_nearest

    @classmethod
    def _parts_from_cost(cls, cost, weights, threshold, existing_cost):
        c = as_cost_matrix(cost)
        n = c.shape[0]
        cov = coverage_matrix(c, threshold)
        ex_d, ex_i = _existing(existing_cost, n, threshold)
        return c, cov, ex_d, ex_i

    def _check_reach(self, prob: _CoverProblem) -> None:
        n, m = self.coverage.shape
        if m == 0:
            raise LifeCircleError("There are no candidate sites.")
        reach = np.diff(self.coverage.indptr) > 0
        if not (reach & (self.weights > 0)).any():
            raise LifeCircleError(_nothing_to_choose(self.weights, reach, self.threshold))

    def _result(self, sol: _Solution, elapsed: float) -> SitingResult:
        return _finished(self, sol, elapsed)


class MaximalCovering(_CoverageModel):
    """Maximal covering location problem (Church & ReVelle 1974): ``p`` new sites covering the most population
    within the threshold; residents already covered by existing facilities count as covered."""

    model = "mclp"

    def __init__(self, coverage, weights, p: int, **kw):
        super().__init__(coverage, weights, **kw)
        self.p = int(p)

    @classmethod
    def from_cost_matrix(cls, cost, weights, threshold: float, p: int, existing_cost=None) -> "MaximalCovering":
        """``cost``: demand × candidate walking distances; ``existing_cost``: demand × existing facility
        distances (or each resident's distance to the nearest existing facility)."""
        c, cov, ex_d, ex_i = cls._parts_from_cost(cost, weights, threshold, existing_cost)
        return cls(cov, weights, p, already_covered=np.isfinite(ex_d), cost=c, threshold=float(threshold),
                   existing_distance=ex_d, existing_nearest=ex_i)

    @classmethod
    def from_coverage_matrix(cls, coverage, weights, p: int, already_covered=None) -> "MaximalCovering":
        return cls(coverage, weights, p, already_covered=already_covered)

    def solve(self, solver: Optional[Solver] = None, progress: Optional[ProgressCallback] = None,
              is_cancelled: Optional[CancelCallback] = None) -> SitingResult:
        solver = solver or AutoSolver()
        steps = Steps(progress, is_cancelled, [1, 8, 1])
        start = time.perf_counter()
        steps.next()
        m = self.coverage.shape[1]
        if self.p < 1:
            raise LifeCircleError(Msg("P must be at least 1 (got {}).", self.p))
        if self.p > m:
            raise LifeCircleError(Msg("P = {} new sites, but there are only {} candidate sites: lower P or add "
                                      "candidates.", self.p, m))
        prob = _CoverProblem(self.coverage, self.weights, self.already, self.p)
        self._check_reach(prob)
        prob.check = steps.check
        if prob.coverable <= 0:
            raise LifeCircleError(
                "Every resident within reach of the candidates is already covered by the existing facilities: "
                "no new site would cover anyone new.")
        steps.next()
        sol = solver.solve_mclp(prob, self.p, start + solver.time_limit, steps)
        sol.stats.update(prob.stats)
        steps.next()
        return self._result(sol, time.perf_counter() - start)


class SetCovering(_CoverageModel):
    """Location set covering (Toregas et al. 1971), partial form: the fewest sites that bring the share of
    the population within the threshold (existing facilities included) to ``target`` (0–1]."""

    model = "lscp"

    def __init__(self, coverage, weights, target: float = 1.0, **kw):
        super().__init__(coverage, weights, **kw)
        self.target = float(target)

    @classmethod
    def from_cost_matrix(cls, cost, weights, threshold: float, target: float = 1.0,
                         existing_cost=None) -> "SetCovering":
        c, cov, ex_d, ex_i = cls._parts_from_cost(cost, weights, threshold, existing_cost)
        return cls(cov, weights, target, already_covered=np.isfinite(ex_d), cost=c, threshold=float(threshold),
                   existing_distance=ex_d, existing_nearest=ex_i)

    @classmethod
    def from_coverage_matrix(cls, coverage, weights, target: float = 1.0, already_covered=None) -> "SetCovering":
        return cls(coverage, weights, target, already_covered=already_covered)

    def solve(self, solver: Optional[Solver] = None, progress: Optional[ProgressCallback] = None,
              is_cancelled: Optional[CancelCallback] = None) -> SitingResult:
        solver = solver or AutoSolver()
        steps = Steps(progress, is_cancelled, [1, 8, 1])
        start = time.perf_counter()
        steps.next()
        if not 0 < self.target <= 1:
            raise LifeCircleError(Msg("TARGET must be a share above 0 and at most 100 % (got {:g} "
                                      "%).", self.target * 100))
        prob = _CoverProblem(self.coverage, self.weights, self.already, None)
        self._check_reach(prob)
        prob.check = steps.check
        total = float(self.weights.sum())
        goal = self.target * total
        needed = goal - prob.base
        if needed <= 1e-9 * max(1.0, total):
            raise LifeCircleError(
                Msg(
                    "The existing facilities already cover {:.1%} of the residents, at or above the target of {:.1%}: "
                    "no new site is needed.",
                    prob.base / total,
                    self.target,
                )
            )
        best = (prob.base + prob.coverable) / total if total else 0.0
        if prob.coverable < needed - 1e-9 * max(1.0, total):
            raise LifeCircleError(
                Msg("The target of {:.1%} cannot be reached: even with every candidate site, {:.1%} of the residents "
                    "would be within reach (existing facilities included). Lower TARGET, raise THRESHOLD or add "
                    "candidates.", self.target, best))
        steps.next()
        sol = solver.solve_lscp(prob, needed, start + solver.time_limit, steps)
        sol.stats.update(prob.stats)
        steps.next()
        return self._result(sol, time.perf_counter() - start)


class PMedian:
    """p-median (Hakimi 1964; ReVelle & Swain 1970): ``p`` sites minimising the population-weighted distance,
    each resident assigned to the nearest open site — a new one or an existing facility.

    With ``max_distance`` a resident can only be assigned within it; residents no candidate reaches are left
    out and counted. If ``p`` sites cannot reach everyone who could be reached, the model first serves as many
    residents as possible, then minimises the distance (lexicographic).
    """

    model = "pmedian"

    def __init__(self, cost, weights, p: int, *, max_distance: Optional[float] = None,
                 existing_cost=None, threshold: Optional[float] = None):
        self.cost = as_cost_matrix(cost)
        n, m = self.cost.shape
        self.weights = _weights(weights, n)
        self.p = int(p)
        self.max_distance = None if (max_distance is None or max_distance <= 0 or not np.isfinite(max_distance)) \
            else float(max_distance)
        limit = np.inf if self.max_distance is None else self.max_distance
        self.existing_distance, self.existing_nearest = _existing(existing_cost, n, limit)
        self.threshold = threshold
        self.coverage = coverage_matrix(self.cost, threshold) if threshold else None
        thr = threshold if threshold else np.inf
        ex_thr, _ = _existing(existing_cost, n, thr) if threshold else (np.full(n, np.inf), None)
        self.already = np.isfinite(ex_thr) if threshold else np.zeros(n, dtype=bool)

    @classmethod
    def from_cost_matrix(cls, cost, weights, p: int, max_distance: Optional[float] = None, existing_cost=None,
                         threshold: Optional[float] = None) -> "PMedian":
        """``threshold`` (optional) only adds coverage figures to the report."""
        return cls(cost, weights, p, max_distance=max_distance, existing_cost=existing_cost, threshold=threshold)

    def solve(self, solver: Optional[Solver] = None, progress: Optional[ProgressCallback] = None,
              is_cancelled: Optional[CancelCallback] = None) -> SitingResult:
        solver = solver or AutoSolver()
        steps = Steps(progress, is_cancelled, [1, 8, 1])
        start = time.perf_counter()
        steps.next()
        n, m = self.cost.shape
        if self.p < 1:
            raise LifeCircleError(Msg("P must be at least 1 (got {}).", self.p))
        if m == 0:
            raise LifeCircleError("There are no candidate sites.")
        if self.p > m:
            raise LifeCircleError(Msg("P = {} new sites, but there are only {} candidate sites: lower P or add "
                                      "candidates.", self.p, m))
        prob = _MedianProblem(self.cost, self.weights, self.existing_distance, self.max_distance)
        prob.check = steps.check
        if prob.reachable_weight <= 0:
            raise LifeCircleError(_nothing_to_choose(self.weights, None, self.max_distance))
        steps.next()
        sol = solver.solve_pmedian(prob, self.p, start + solver.time_limit, steps)
        sol.stats.update(prob.stats)
        steps.next()
        return _finished(self, sol, time.perf_counter() - start, median=prob)


# ------------------------------------------------------------------------------------------------------------
# p-median internals


class _MedianProblem:
    """Assignable pairs (finite cost within max distance, better than the resident's existing facility).

    Unassignable = cost ``big`` per resident, large enough that serving one more resident always outweighs any
    distance (the lexicographic objective); the exact solver handles that in two stages instead.
    """

    def __init__(self, cost, weights, existing_distance, max_distance):
        from scipy import sparse

        n, m = cost.shape
        limit = np.inf if max_distance is None else max_distance
        coo = cost.tocoo()
        keep = coo.data <= limit
        self.cost = sparse.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=cost.shape)
        self.cost.sort_indices()
        self.cols = self.cost.tocsc()
        self.w = weights
        self.exist = np.asarray(existing_distance, dtype=float)
        self.n, self.m = n, m
        reach = (np.diff(self.cost.indptr) > 0) | np.isfinite(self.exist)
        self.reachable = reach
        self.reachable_weight = float(weights[reach].sum())
        self.unreachable_weight = float(weights[~reach].sum())
        finite = self.cost.data[np.isfinite(self.cost.data)]
        dmax = max(float(finite.max()) if len(finite) else 1.0,
                   float(self.exist[np.isfinite(self.exist)].max()) if np.isfinite(self.exist).any() else 1.0)
        wpos = weights[weights > 0]
        self.big = (dmax + 1.0) * (float(weights.sum()) / float(wpos.min()) if len(wpos) else 1.0) + 1.0
        self.stats = {"demand_points": n, "candidates": m, "assignable_pairs": int(self.cost.nnz)}
        self.check = _never

    def n_pairs(self) -> int:
        return int(self.cost.nnz)

    def _d_exist(self) -> np.ndarray:
        return np.where(np.isfinite(self.exist), self.exist, self.big)

    def nearest_two(self, sites: Sequence[int]):
        """Per resident: (best cost, index of it in ``sites`` or -1 = existing/none, second best cost)."""
        d1 = self._d_exist().copy()
        a1 = np.full(self.n, -1, dtype=np.int64)
        d2 = np.full(self.n, self.big)
        for pos, j in enumerate(sites):
            rows = self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            d = self.cols.data[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            better = d < d1[rows]
            r_b = rows[better]
            d2[r_b] = d1[r_b]
            d1[r_b] = d[better]
            a1[r_b] = pos
            r_n, dn = rows[~better], d[~better]
            d2[r_n] = np.minimum(d2[r_n], dn)
        # the existing facility stays open: it is the second best when a new site is the best
        ex = self._d_exist()
        d2 = np.where(a1 >= 0, np.minimum(d2, ex), d2)
        return d1, a1, d2

    def objective(self, sites: Sequence[int]) -> tuple:
        """(unserved population, population-weighted distance of the served)."""
        d1, _, _ = self.nearest_two(sites)
        served = d1 < self.big
        return float(self.w[~served & self.reachable].sum()), float((self.w * np.where(served, d1, 0.0)).sum())

    def _combined(self, sites) -> float:
        d1, _, _ = self.nearest_two(sites)
        return float((self.w * np.where(self.reachable, d1, 0.0)).sum())

    def greedy(self, p: int) -> list:
        d1 = self._d_exist().copy()
        d1 = np.where(self.reachable, d1, 0.0)
        chosen: list = []
        col_of = np.repeat(np.arange(self.m), np.diff(self.cols.indptr))
        rows = self.cols.indices
        for _ in range(p):
            saving = self.w[rows] * np.maximum(0.0, d1[rows] - self.cols.data)
            gains = np.bincount(col_of, weights=saving, minlength=self.m)
            if chosen:
                gains[chosen] = -1.0
            j = int(np.argmax(gains))
            chosen.append(j)
            r = rows[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            d1[r] = np.minimum(d1[r], self.cols.data[self.cols.indptr[j]:self.cols.indptr[j + 1]])
        return chosen

    def interchange(self, sites: list, deadline: float):
        """Teitz–Bart interchange with Whitaker's fast evaluation: best single swap until none improves."""
        S = list(sites)
        p = len(S)
        if p >= self.m:
            return S, 0
        col_of = np.repeat(np.arange(self.m), np.diff(self.cols.indptr))
        rows = self.cols.indices
        swaps = 0
        current = self._combined(S)
        tol = 1e-9 * max(1.0, abs(current))
        while time.perf_counter() < deadline and swaps < 100 * p + 100:
            self.check()
            d1, a1, d2 = self.nearest_two(S)
            w = np.where(self.reachable, self.w, 0.0)
            # adding j: saving over the current best
            gain = np.bincount(col_of, weights=w[rows] * np.maximum(0.0, d1[rows] - self.cols.data),
                               minlength=self.m)
            # removing the k-th site: its residents fall back to the second best
            assigned = a1 >= 0
            loss = np.bincount(a1[assigned], weights=(w * (d2 - d1))[assigned], minlength=p)
            # correction: residents of k that j would serve better than their second best
            sel = (a1[rows] >= 0) & (self.cols.data < d2[rows])
            corr_val = w[rows[sel]] * (d2[rows[sel]] - np.maximum(self.cols.data[sel], d1[rows[sel]]))
            key_j, key_k = col_of[sel], a1[rows[sel]]
            in_s = np.zeros(self.m, dtype=bool)
            in_s[S] = True
            # change in cost of swapping k out, j in = loss_k - gain_j - corr(j, k); want most negative
            gain_out = np.where(in_s, -np.inf, gain)
            j0 = int(np.argmax(gain_out))
            k0 = int(np.argmin(loss))
            best, bj, bk = loss[k0] - gain_out[j0], j0, k0
            if len(key_j):
                flat = key_j * p + key_k
                uniq, inv = np.unique(flat, return_inverse=True)
                corr = np.bincount(inv, weights=corr_val)
                uj, uk = uniq // p, uniq % p
                delta = loss[uk] - gain[uj] - corr
                delta[in_s[uj]] = np.inf
                i = int(np.argmin(delta))
                if delta[i] < best:
                    best, bj, bk = delta[i], int(uj[i]), int(uk[i])
            if not best < -tol:
                break
            S[bk] = bj
            swaps += 1
        return S, swaps

    def simple_lower_bound(self, sites) -> Optional[float]:
        """Weighted distance with every candidate open — valid when ``sites`` serve everyone reachable."""
        best = self._d_exist().copy()
        rows = self.cost.indptr
        if self.cost.nnz:
            r = np.repeat(np.arange(self.n), np.diff(rows))
            np.minimum.at(best, r, self.cost.data)
        unserved, _ = self.objective(sites)
        if unserved > 0:
            return None
        served = best < self.big
        return float((self.w * np.where(served & self.reachable, best, 0.0)).sum())

    # -- exact ----------------------------------------------------------------------------------------------
    def exact(self, p: int, deadline: float) -> _Solution:
        from scipy import sparse
        from scipy.optimize import LinearConstraint

        _require_milp()
        notes, stats = [], dict(self.stats)
        greedy = self.greedy(p)
        greedy, _ = self.interchange(greedy, min(deadline, time.perf_counter() + 0.2 * _remaining(deadline)))
        g_unserved, g_dist = self.objective(greedy)
        # pairs worth assigning: better than the resident's existing facility
        r = np.repeat(np.arange(self.n), np.diff(self.cost.indptr))
        ex = self._d_exist()
        use = (self.cost.data < ex[r]) & (self.w[r] > 0) & self.reachable[r]
        pr, pc, pd = r[use], self.cost.indices[use], self.cost.data[use]
        npairs = len(pr)
        no_exist = ~np.isfinite(self.exist) & self.reachable & (self.w > 0)
        # stage 1: residents without an existing facility who can be served at all, with p sites (an MCLP)
        need_stage1 = False
        max_served = None
        if no_exist.any():
            cov_rows = np.flatnonzero(no_exist)
            total_possible = float(self.w[cov_rows].sum())
            # with all candidates open every such resident is served; with p sites maybe not
            cov = sparse.csr_matrix((np.ones(npairs), (pr, pc)), shape=(self.n, self.m))
            cp = _CoverProblem(cov.astype(bool).tocsr(), np.where(no_exist, self.w, 0.0),
                               np.zeros(self.n, dtype=bool), p)
            cp.check = self.check
            if cp.rows.shape[1] > p:
                s1 = cp.exact(p, deadline - 0.5 * _remaining(deadline))
                max_served = cp.value(s1.sites)
                if not s1.proven:
                    notes.append("Stage 1 (serving the most residents) stopped at the time limit.")
                need_stage1 = max_served < total_possible - 1e-9 * max(1.0, total_possible)
                if need_stage1:
                    notes.append(Msg("{} site(s) cannot bring everyone within reach: first the most residents are "
                                     "served ({:,.0f} of "
                                     "{:,.0f}), then the distance is minimised.", p, max_served, total_possible))
        # stage 2: y_j, x_pairs, and for residents without an existing facility an "unserved" u_i
        nvar_y = self.m
        rows_dem = np.unique(pr)
        idx_dem = np.full(self.n, -1, dtype=np.int64)
        idx_dem[rows_dem] = np.arange(len(rows_dem))
        # fallback variable per demand row in the model: existing facility (cost e_i) or unserved (cost 0)
        nf = len(rows_dem)
        fb_cost = np.where(np.isfinite(self.exist[rows_dem]), self.exist[rows_dem], 0.0) * self.w[rows_dem]
        c = np.concatenate([np.zeros(nvar_y), self.w[pr] * pd, fb_cost])
        nv = nvar_y + npairs + nf
        # assignment: sum_j x_ij + f_i = 1
        A_as = sparse.csr_matrix((np.ones(npairs + nf), (np.concatenate([idx_dem[pr], np.arange(nf)]),
                                                         np.concatenate([nvar_y + np.arange(npairs),
                                                                         nvar_y + npairs + np.arange(nf)]))),
                                 shape=(nf, nv))
        # linking: x_ij - y_j <= 0
        A_link = sparse.csr_matrix((np.concatenate([np.ones(npairs), -np.ones(npairs)]),
                                    (np.concatenate([np.arange(npairs), np.arange(npairs)]),
                                     np.concatenate([nvar_y + np.arange(npairs), pc]))), shape=(npairs, nv))
        card = sparse.csr_matrix((np.ones(self.m), (np.zeros(self.m, dtype=np.int64), np.arange(self.m))),
                                 shape=(1, nv))
        cons = [LinearConstraint(A_as, 1.0, 1.0), LinearConstraint(A_link, -np.inf, 0.0),
                LinearConstraint(card, p, p)]
        if no_exist.any():
            # residents without an existing facility: at most the stage-1 minimum left unserved (0 when p sites
            # can reach them all)
            unserved_ok = (float(self.w[no_exist].sum()) - max_served) if need_stage1 else 0.0
            mask = no_exist[rows_dem]
            fb = np.flatnonzero(mask)
            row = sparse.csr_matrix((self.w[rows_dem][fb], (np.zeros(len(fb), dtype=np.int64),
                                                            nvar_y + npairs + fb)), shape=(1, nv))
            cons.append(LinearConstraint(row, -np.inf, unserved_ok + 1e-6 * max(1.0, unserved_ok)))
        integrality = np.concatenate([np.ones(nvar_y), np.zeros(npairs + nf)])
        out = _milp(c, cons, integrality, _remaining(deadline), check=self.check)
        # constant part: residents whose existing facility is at least as near as every candidate
        in_model = np.zeros(self.n, dtype=bool)
        in_model[rows_dem] = True
        const = float((self.w * np.where(~in_model & np.isfinite(self.exist) & self.reachable, self.exist,
                                         0.0)).sum())
        stats["milp_status"] = out.message
        sites = greedy
        if out.x is not None:
            chosen = [int(j) for j in np.flatnonzero(out.x[:nvar_y] > 0.5)]
            if len(chosen) == p:
                cu, cd = self.objective(chosen)
                if (cu, cd) < (g_unserved, g_dist - 1e-9 * max(1.0, g_dist)):
                    sites = chosen
        su, sd = self.objective(sites)
        if out.optimal:
            return _Solution(sites=sites, solver=Msg("exact (HiGHS)"), bound=sd, proven=True, notes=notes, stats=stats)
        bound = None if out.dual_bound is None else out.dual_bound + const
        notes.append("The time limit ended the search before optimality was proven: best solution found.")
        return _Solution(sites=sites, solver=Msg("exact (HiGHS, time limit)"), bound=bound, proven=False, notes=notes,
                         stats=stats)


# ------------------------------------------------------------------------------------------------------------
# ranking, allocation and the report


def _finished(model, sol: _Solution, elapsed: float, median: Optional[_MedianProblem] = None) -> SitingResult:
    """The result; when the model was solved for weighted demand (``model.report_weights`` set: e.g. residents
    counted more where they asked for the category) its figures — covered, newly covered, reach, assigned, shares —
    count the residents themselves, while the optimality gap and bound stay those of the weighted problem."""
    solved = _finish(model, sol, elapsed, median)
    report = getattr(model, "report_weights", None)
    if report is None or median is not None:  # (p-median: its distances stay weighted, as its objective)
        return solved
    shown = _finish(model, sol, elapsed, median, weights=_weights(report, len(model.weights)))
    shown.gap, shown.bound, shown.proven_optimal = solved.gap, solved.bound, solved.proven_optimal
    shown.notes.append(Msg("The sites were chosen for demand weighted by the residents' needs; the figures count "
                           "residents."))
    return shown


def _finish(model, sol: _Solution, elapsed: float, median: Optional[_MedianProblem] = None,
            weights: Optional[np.ndarray] = None) -> SitingResult:
    """The result of ``sol``, its figures counted with ``weights`` (default: the weights the model was solved for)."""
    in_process = highs_child.take_note()
    if in_process:
        sol.notes.append(in_process)
    w = model.weights if weights is None else weights
    total = float(w.sum())
    cov = model.coverage  # may be None for p-median without threshold
    already = model.already
    sites = [int(s) for s in sol.sites]
    # rank
    if median is None:
        order, marginal = _rank_by_coverage(cov, w, already, sites)
        saving = np.full(len(order), np.nan)
    else:
        order, saving = _rank_by_distance(median, sites)
        marginal = np.full(len(order), np.nan)
        if cov is not None:
            _, m2 = _rank_by_coverage(cov, w, already, order, keep_order=True)
            marginal = m2
    covered_before = float(w[already].sum()) if cov is not None else float("nan")
    if cov is not None:
        cumulative = covered_before + np.cumsum(marginal)
        csc = cov.tocsc()
        reach = np.array([float(w[csc.indices[csc.indptr[j]:csc.indptr[j + 1]]].sum()) for j in order])
        covered_after = float(cumulative[-1]) if len(order) else covered_before
    else:
        cumulative = np.full(len(order), np.nan)
        reach = np.full(len(order), np.nan)
        covered_after = float("nan")
    # allocation
    cost = model.cost
    site_pos = {j: r for r, j in enumerate(order)}
    if median is None:
        alloc = _allocate_covering(cov, cost, order)
        a_dem, a_site, a_dist = alloc
        a_exist = np.full(len(a_dem), -1, dtype=np.int64)
        a_new = ~already[a_dem]
        assigned = np.bincount([site_pos[s] for s in a_site], weights=w[a_dem], minlength=len(order)) \
            if len(a_dem) else np.zeros(len(order))
    else:
        d1, a1, _ = median.nearest_two(order)
        served = (d1 < median.big) & median.reachable
        a_dem = np.flatnonzero(served)
        pos = a1[a_dem]
        a_site = np.where(pos >= 0, np.asarray(order, dtype=np.int64)[np.maximum(pos, 0)], -1)
        a_exist = np.where(pos >= 0, -1, model.existing_nearest[a_dem])
        a_dist = d1[a_dem]
        a_new = np.zeros(len(a_dem), dtype=bool)
        if model.threshold:
            a_new = (a_dist <= model.threshold) & ~already[a_dem] & (pos >= 0)
        assigned = np.bincount(pos[pos >= 0], weights=w[a_dem][pos >= 0], minlength=len(order))
    # objective and bound
    if median is None:
        objective = float(model_value(cov, w, already, order))
        label = Msg("covered population (existing + new sites)")
        unserved, wdist = 0.0, None
        unreachable = float(w[(np.diff(cov.indptr) == 0) & ~already].sum())
    else:
        unserved, wdist = median.objective(order)
        objective = wdist
        label = Msg("population-weighted distance (m)")
        unreachable = median.unreachable_weight
    if model.model == "lscp":
        objective = float(len(order))
        label = Msg("number of sites")
    bound = sol.bound
    if sol.proven:
        gap = 0.0
        bound = objective
    elif bound is None:
        gap = None
    elif model.model == "pmedian":
        gap = max(0.0, (objective - bound) / objective) if objective > 0 else 0.0
    elif model.model == "lscp":
        gap = max(0.0, (objective - bound) / objective) if objective else 0.0
    else:
        gap = max(0.0, (bound - objective) / bound) if bound > 0 else 0.0
    if gap is not None and gap < 1e-12:
        gap = 0.0
    return SitingResult(
        model=model.model, solver=sol.solver, sites=np.asarray(order, dtype=np.int64),
        site_marginal=np.asarray(marginal, dtype=float), site_cumulative=np.asarray(cumulative, dtype=float),
        site_reach=np.asarray(reach, dtype=float), site_assigned=np.asarray(assigned, dtype=float),
        site_saving=np.asarray(saving, dtype=float), objective=objective, objective_label=label,
        bound=None if bound is None else float(bound), gap=gap, proven_optimal=bool(sol.proven), time_s=elapsed,
        threshold=model.threshold, total_population=total, covered_before=covered_before,
        covered_after=covered_after, unreachable_population=unreachable,
        alloc_demand=np.asarray(a_dem, dtype=np.int64), alloc_site=np.asarray(a_site, dtype=np.int64),
        alloc_existing=np.asarray(a_exist, dtype=np.int64), alloc_distance=np.asarray(a_dist, dtype=float),
        alloc_newly_covered=np.asarray(a_new, dtype=bool), unserved_population=unserved,
        weighted_distance=wdist, notes=list(sol.notes), stats=dict(sol.stats),
    )


def model_value(cov, w, already, sites) -> float:
    """Population within the threshold of an existing facility or one of ``sites``."""
    covered = already.copy()
    csc = cov.tocsc()
    for j in sites:
        covered[csc.indices[csc.indptr[j]:csc.indptr[j + 1]]] = True
    return float(w[covered].sum())


def _rank_by_coverage(cov, w, already, sites, keep_order: bool = False):
    """Chosen sites ordered greedily by newly covered population (ties: lower candidate index); with
    ``keep_order`` the given order is kept and only the marginal figures are computed."""
    csc = cov.tocsc()
    covered = already.copy()
    left = list(sites)
    order, marginal = [], []

    def rows_of(j):
        return csc.indices[csc.indptr[j]:csc.indptr[j + 1]]

    while left:
        if keep_order:
            j = left[0]
        else:
            j = max(left, key=lambda k: (float(w[rows_of(k)][~covered[rows_of(k)]].sum()), -k))
        rows = rows_of(j)
        marginal.append(float(w[rows][~covered[rows]].sum()))
        covered[rows] = True
        order.append(j)
        left.remove(j)
    return order, np.asarray(marginal, dtype=float)


def _rank_by_distance(median: _MedianProblem, sites):
    """Chosen sites ordered greedily (lexicographic: residents newly served, then weighted metres saved),
    existing facilities open throughout. Returns (order, metres saved for residents already served)."""
    cols = median.cols
    d1 = np.where(median.reachable, median._d_exist(), 0.0)
    w = median.w
    left = list(sites)
    order, savings = [], []

    def effect(j):
        rows = cols.indices[cols.indptr[j]:cols.indptr[j + 1]]
        d = cols.data[cols.indptr[j]:cols.indptr[j + 1]]
        better = d < d1[rows]
        newly = better & (d1[rows] >= median.big)
        served = float(w[rows][newly].sum())
        saved = float((w[rows] * (d1[rows] - d))[better & ~newly].sum())
        return served, saved

    while left:
        j = max(left, key=lambda k: (*effect(k), -k))
        savings.append(effect(j)[1])
        rows = cols.indices[cols.indptr[j]:cols.indptr[j + 1]]
        d1[rows] = np.minimum(d1[rows], cols.data[cols.indptr[j]:cols.indptr[j + 1]])
        order.append(j)
        left.remove(j)
    return order, np.asarray(savings, dtype=float)


def _allocate_covering(cov, cost, order):
    """Each demand point within the threshold of a chosen site → the nearest such site."""
    if not len(order):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    sub = cov[:, order].tocsr()
    if cost is not None:
        c = cost[:, order].tocsr()
        # keep costs only where covered
        c = c.multiply(sub.astype(float)).tocsr()
        c.sort_indices()
        rows = np.repeat(np.arange(c.shape[0]), np.diff(c.indptr))
        data, cols = c.data, c.indices
    else:
        sub.sort_indices()
        rows = np.repeat(np.arange(sub.shape[0]), np.diff(sub.indptr))
        cols = sub.indices
        data = cols.astype(float)  # no distances: the best-ranked covering site
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    o = np.lexsort((cols, data, rows))
    first = np.ones(len(o), dtype=bool)
    first[1:] = rows[o][1:] != rows[o][:-1]
    sel = o[first]
    dist = data[sel] if cost is not None else np.full(len(sel), np.nan)
    return rows[sel], np.asarray(order, dtype=np.int64)[cols[sel]], dist


# ------------------------------------------------------------------------------------------------------------
# cost tables (origin_id, destination_id, cost), e.g. OD matrices from QNEAT3 or ORS Tools


_INTEGER_TEXT = __import__("re").compile(r"^[+-]?\d+(\.0*)?$")


def candidate_names(columns: dict, fids: Sequence, layer_name: str) -> list[str]:
    """What each candidate site is called when no id field was chosen — by what it is, not a bare feature id: its
    own id or name field when it has one (parcel_id, site_id, name …); a potential-space parcel by its rank and
    kind ('潜力空间第 3 位（闲置）'); otherwise its layer and feature id ('地块 要素 48').

    ``columns``: {field name: values} of the candidate layer."""
    from .projects import guess_site_fields

    guess = guess_site_fields(list(columns))
    for role in ("site_id", "name"):
        field_name = guess.get(role)
        if field_name and role == "site_id" and field_name.lower() == "lc_site_id":
            field_name = None  # (a siting result's own ids: name the parcels it came from instead)
        if field_name:
            values = [normalise_id(v) for v in columns[field_name]]
            if all(values) and len(set(values)) == len(values):
                return values
    if "rank" in columns and "main_kind" in columns:
        return [f"潜力空间第 {normalise_id(r) or '?'} 位（{k or '—'}）"
                for r, k in zip(columns["rank"], columns["main_kind"])]
    return [f"{layer_name} 要素 {fid}" for fid in fids]


def normalise_id(value: Any) -> Optional[str]:
    """Ids compared as text: 7, 7.0 and "7" are the same id; None/empty → None."""
    if value is None:
        return None
    if isinstance(value, float):
        if not np.isfinite(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    text = str(value).strip()
    if not text:
        return None
    if _INTEGER_TEXT.match(text):
        return str(int(float(text)))
    return text


def _listed(items: Sequence, n: int = 12) -> str:
    return listed(items, n)


def unique_ids(values: Sequence[Any], fids: Sequence[Any], layer: str, field_name: str) -> list:
    """The layer's ids as normalised text; a LifeCircleError names empty and repeated ids."""
    ids = [normalise_id(v) for v in values]
    empty = [fids[i] for i, v in enumerate(ids) if v is None]
    if empty:
        raise LifeCircleError(
            Msg(
                "Layer '{}', id field '{}': no value in feature ids {}. Every feature needs an id that the cost "
                "matrix uses.",
                layer,
                field_name,
                _listed(empty),
            )
        )
    seen: dict = {}
    dup: dict = {}
    for i, v in enumerate(ids):
        if v in seen:
            dup.setdefault(v, [seen[v]]).append(fids[i])
        else:
            seen[v] = fids[i]
    if dup:
        listed = "; ".join(f"'{k}' (feature ids {', '.join(map(str, v))})" for k, v in list(dup.items())[:10])
        raise LifeCircleError(Msg("Layer '{}', id field '{}': ids are not unique: {}. The cost matrix could not tell "
                                  "these features "
                                  "apart.", layer, field_name, listed))
    return ids


@dataclass
class CostTable:
    """A cost table read against the layers: demand × candidate and demand × existing CSR matrices."""

    candidates: Any
    existing: Any
    rows_read: int
    pairs_candidates: int
    pairs_existing: int


def cost_matrix_from_table(origins: Sequence[Any], destinations: Sequence[Any], costs: Sequence[Any],
                           demand_ids: Sequence[str], candidate_ids: Sequence[str],
                           existing_ids: Optional[Sequence[str]] = None, table: str = "cost matrix",
                           fields: tuple = ("origin_id", "destination_id", "cost")) -> CostTable:
    """Reads a long-format cost table (one row per origin → destination pair) into matrices.

    Origins are demand ids, destinations candidate ids (or existing facility ids). Pairs missing from the
    table cannot reach each other. Every problem is named with its table row numbers (the first data row is
    row 1): unknown ids, empty/non-numeric/negative/infinite costs, repeated pairs; ids used by both a
    candidate and an existing facility.
    """
    from scipy import sparse

    o_field, d_field, c_field = fields
    n = len(origins)
    dem = {k: i for i, k in enumerate(demand_ids)}
    cand = {k: i for i, k in enumerate(candidate_ids)}
    exist = {k: i for i, k in enumerate(existing_ids or [])}
    both = sorted(set(cand) & set(exist))
    if both:
        raise LifeCircleError(Msg("Ids {} belong to both a candidate and an existing facility: the cost matrix '{}' "
                                  "could not tell "
                                  "which is meant. Give them distinct ids.", _listed(both), table))
    bad_origin, bad_dest, bad_cost, neg_cost = [], [], [], []
    r_c, c_c, v_c, row_c = [], [], [], []
    r_e, c_e, v_e, row_e = [], [], [], []
    for k in range(n):
        row_no = k + 1
        o = normalise_id(origins[k])
        d = normalise_id(destinations[k])
        if o not in dem:
            bad_origin.append((row_no, o))
        is_c, is_e = d in cand, d in exist
        if not (is_c or is_e):
            bad_dest.append((row_no, d))
        raw = costs[k]
        try:
            if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
                raise ValueError
            v = float(raw)
            if math.isnan(v) or math.isinf(v):
                raise ValueError
        except (TypeError, ValueError):
            bad_cost.append((row_no, raw))
            continue
        if v < 0:
            neg_cost.append((row_no, v))
            continue
        if o in dem and is_c:
            r_c.append(dem[o]); c_c.append(cand[d]); v_c.append(v); row_c.append(row_no)  # noqa: E702
        elif o in dem and is_e:
            r_e.append(dem[o]); c_e.append(exist[d]); v_e.append(v); row_e.append(row_no)  # noqa: E702
    problems = []
    if bad_origin:
        problems.append(Msg("{} row(s) whose {} is not an id of the demand layer: rows {}", len(bad_origin), o_field,
                            _listed([f"{r} ('{v}')" for r, v in bad_origin])))
    if bad_dest:
        what = Msg("a candidate or an existing facility") if existing_ids else Msg("a candidate")
        problems.append(Msg("{} row(s) whose {} is not the id of {}: rows {}", len(bad_dest), d_field, what,
                            _listed([f"{r} ('{v}')" for r, v in bad_dest])))
    if bad_cost:
        problems.append(Msg("{} row(s) whose {} is empty or not a number: rows {}", len(bad_cost), c_field,
                            _listed([f"{r} ({v!r})" for r, v in bad_cost])))
    if neg_cost:
        problems.append(Msg("{} row(s) with a negative {}: rows {}", len(neg_cost), c_field,
                            _listed([f"{r} ({v:g})" for r, v in neg_cost])))
    for rr, cc, rows_no, what in ((r_c, c_c, row_c, Msg("candidate")), (r_e, c_e, row_e, Msg("existing facility"))):
        if rr:
            key = np.asarray(rr, dtype=np.int64) * (max(cc) + 1) + np.asarray(cc, dtype=np.int64)
            order = np.argsort(key, kind="stable")
            ks = key[order]
            rep = np.flatnonzero(ks[1:] == ks[:-1])
            if len(rep):
                pairs = [f"{rows_no[order[i]]} & {rows_no[order[i + 1]]}" for i in rep]
                problems.append(Msg("{} repeated {} pair(s) (the same {} and {} twice), rows: {}", len(rep), what,
                                    o_field, d_field, _listed(pairs)))
    if problems:
        raise LifeCircleError(Msg("Cost matrix '{}' (rows counted from 1, the header not included): {}.", table,
                                  Msg.join("; ", problems)))
    n_dem = len(demand_ids)
    m_c = sparse.csr_matrix((np.maximum(np.asarray(v_c, dtype=float), ZERO_COST), (r_c, c_c)),
                            shape=(n_dem, len(candidate_ids)))
    m_e = None
    if existing_ids is not None:
        m_e = sparse.csr_matrix((np.maximum(np.asarray(v_e, dtype=float), ZERO_COST), (r_e, c_e)),
                                shape=(n_dem, len(existing_ids)))
    return CostTable(candidates=m_c, existing=m_e, rows_read=n, pairs_candidates=len(v_c),
                     pairs_existing=len(v_e))
