"""Exact p-median (HiGHS), lexicographic: first serve as many residents as ``p`` sites can (an exact MCLP), then
minimise the population-weighted distance."""

from __future__ import annotations

import time

import numpy as np

from ..errors import Msg
from .cover_exact import exact_mclp
from .cover_problem import _CoverProblem
from .milp import _milp, _remaining, _require_milp
from .results import _Solution


def exact_pmedian(prob, p: int, deadline: float) -> _Solution:
    """Proven-optimal p-median (or the best found when the time runs out): greedy + interchange as the incumbent,
    stage 1 (the most residents ``p`` sites can serve), stage 2 (the least weighted distance with that many served);
    the MILP's sites are kept only when they beat the incumbent."""
    _require_milp()
    notes, stats = [], dict(prob.stats)
    greedy = prob.greedy(p)
    greedy, _ = prob.interchange(greedy, min(deadline, time.perf_counter() + 0.2 * _remaining(deadline)))
    g_unserved, g_dist = prob.objective(greedy)
    pairs = _Pairs(prob)
    no_exist = ~np.isfinite(prob.exist) & prob.reachable & (prob.w > 0)
    max_served = _most_served(prob, pairs, no_exist, p, deadline, notes) if no_exist.any() else None
    out = _milp(*_distance_model(prob, pairs, no_exist, max_served, p), _remaining(deadline), check=prob.check)
    stats["milp_status"] = out.message
    sites = greedy
    if out.x is not None:
        chosen = [int(j) for j in np.flatnonzero(out.x[:prob.m] > 0.5)]
        if len(chosen) == p:
            cu, cd = prob.objective(chosen)
            if (cu, cd) < (g_unserved, g_dist - 1e-9 * max(1.0, g_dist)):
                sites = chosen
    su, sd = prob.objective(sites)
    if out.optimal:
        return _Solution(sites=sites, solver=Msg("exact (HiGHS)"), bound=sd, proven=True, notes=notes, stats=stats)
    bound = None if out.dual_bound is None else out.dual_bound + _constant_part(prob, pairs)
    notes.append("The time limit ended the search before optimality was proven: best solution found.")
    return _Solution(sites=sites, solver=Msg("exact (HiGHS, time limit)"), bound=bound, proven=False, notes=notes,
                     stats=stats)


class _Pairs:
    """The pairs worth assigning — better than the resident's existing facility: residents ``pr``, candidates
    ``pc``, distances ``pd``; ``rows_dem``: the residents in the model."""

    def __init__(self, prob):
        r = np.repeat(np.arange(prob.n), np.diff(prob.cost.indptr))
        ex = prob._d_exist()
        use = (prob.cost.data < ex[r]) & (prob.w[r] > 0) & prob.reachable[r]
        self.pr, self.pc, self.pd = r[use], prob.cost.indices[use], prob.cost.data[use]
        self.n = len(self.pr)
        self.rows_dem = np.unique(self.pr)


def _most_served(prob, pairs: _Pairs, no_exist: np.ndarray, p: int, deadline: float, notes: list):
    """Stage 1: of the residents without an existing facility, the most that ``p`` sites can serve (an exact
    MCLP; None when more than p candidates are not needed to serve them all)."""
    from scipy import sparse

    cov_rows = np.flatnonzero(no_exist)
    total_possible = float(prob.w[cov_rows].sum())
    # with all candidates open every such resident is served; with p sites maybe not
    cov = sparse.csr_matrix((np.ones(pairs.n), (pairs.pr, pairs.pc)), shape=(prob.n, prob.m))
    cp = _CoverProblem(cov.astype(bool).tocsr(), np.where(no_exist, prob.w, 0.0), np.zeros(prob.n, dtype=bool), p)
    cp.check = prob.check
    if not cp.rows.shape[1] > p:
        return None
    s1 = exact_mclp(cp, p, deadline - 0.5 * _remaining(deadline))
    max_served = cp.value(s1.sites)
    if not s1.proven:
        notes.append("Stage 1 (serving the most residents) stopped at the time limit.")
    if max_served < total_possible - 1e-9 * max(1.0, total_possible):
        notes.append(Msg("{} site(s) cannot bring everyone within reach: first the most residents are "
                         "served ({:,.0f} of "
                         "{:,.0f}), then the distance is minimised.", p, max_served, total_possible))
        return max_served
    return None


def _distance_model(prob, pairs: _Pairs, no_exist: np.ndarray, max_served, p: int):
    """Stage 2 as (costs, constraints, integrality): y_j, x_pairs, and per resident in the model a fallback — its
    existing facility (cost e_i) or unserved (cost 0), the unserved at most what stage 1 left (0 when ``p``
    sites can reach them all, ``max_served`` None)."""
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    m, npairs, rows_dem = prob.m, pairs.n, pairs.rows_dem
    idx_dem = np.full(prob.n, -1, dtype=np.int64)
    idx_dem[rows_dem] = np.arange(len(rows_dem))
    nf = len(rows_dem)
    fb_cost = np.where(np.isfinite(prob.exist[rows_dem]), prob.exist[rows_dem], 0.0) * prob.w[rows_dem]
    c = np.concatenate([np.zeros(m), prob.w[pairs.pr] * pairs.pd, fb_cost])
    nv = m + npairs + nf
    # assignment: sum_j x_ij + f_i = 1
    A_as = sparse.csr_matrix((np.ones(npairs + nf), (np.concatenate([idx_dem[pairs.pr], np.arange(nf)]),
                                                     np.concatenate([m + np.arange(npairs),
                                                                     m + npairs + np.arange(nf)]))),
                             shape=(nf, nv))
    # linking: x_ij - y_j <= 0
    A_link = sparse.csr_matrix((np.concatenate([np.ones(npairs), -np.ones(npairs)]),
                                (np.concatenate([np.arange(npairs), np.arange(npairs)]),
                                 np.concatenate([m + np.arange(npairs), pairs.pc]))), shape=(npairs, nv))
    card = sparse.csr_matrix((np.ones(m), (np.zeros(m, dtype=np.int64), np.arange(m))), shape=(1, nv))
    cons = [LinearConstraint(A_as, 1.0, 1.0), LinearConstraint(A_link, -np.inf, 0.0), LinearConstraint(card, p, p)]
    if no_exist.any():
        unserved_ok = (float(prob.w[no_exist].sum()) - max_served) if max_served is not None else 0.0
        fb = np.flatnonzero(no_exist[rows_dem])
        row = sparse.csr_matrix((prob.w[rows_dem][fb], (np.zeros(len(fb), dtype=np.int64), m + npairs + fb)),
                                shape=(1, nv))
        cons.append(LinearConstraint(row, -np.inf, unserved_ok + 1e-6 * max(1.0, unserved_ok)))
    return c, cons, np.concatenate([np.ones(m), np.zeros(npairs + nf)])


def _constant_part(prob, pairs: _Pairs) -> float:
    """Weighted distance of the residents left out of the model: their existing facility is at least as near as
    every candidate."""
    in_model = np.zeros(prob.n, dtype=bool)
    in_model[pairs.rows_dem] = True
    return float((prob.w * np.where(~in_model & np.isfinite(prob.exist) & prob.reachable, prob.exist, 0.0)).sum())
