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
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    _require_milp()
    notes, stats = [], dict(prob.stats)
    greedy = prob.greedy(p)
    greedy, _ = prob.interchange(greedy, min(deadline, time.perf_counter() + 0.2 * _remaining(deadline)))
    g_unserved, g_dist = prob.objective(greedy)
    # pairs worth assigning: better than the resident's existing facility
    r = np.repeat(np.arange(prob.n), np.diff(prob.cost.indptr))
    ex = prob._d_exist()
    use = (prob.cost.data < ex[r]) & (prob.w[r] > 0) & prob.reachable[r]
    pr, pc, pd = r[use], prob.cost.indices[use], prob.cost.data[use]
    npairs = len(pr)
    no_exist = ~np.isfinite(prob.exist) & prob.reachable & (prob.w > 0)
    # stage 1: residents without an existing facility who can be served at all, with p sites (an MCLP)
    need_stage1 = False
    max_served = None
    if no_exist.any():
        cov_rows = np.flatnonzero(no_exist)
        total_possible = float(prob.w[cov_rows].sum())
        # with all candidates open every such resident is served; with p sites maybe not
        cov = sparse.csr_matrix((np.ones(npairs), (pr, pc)), shape=(prob.n, prob.m))
        cp = _CoverProblem(cov.astype(bool).tocsr(), np.where(no_exist, prob.w, 0.0),
                           np.zeros(prob.n, dtype=bool), p)
        cp.check = prob.check
        if cp.rows.shape[1] > p:
            s1 = exact_mclp(cp, p, deadline - 0.5 * _remaining(deadline))
            max_served = cp.value(s1.sites)
            if not s1.proven:
                notes.append("Stage 1 (serving the most residents) stopped at the time limit.")
            need_stage1 = max_served < total_possible - 1e-9 * max(1.0, total_possible)
            if need_stage1:
                notes.append(Msg("{} site(s) cannot bring everyone within reach: first the most residents are "
                                 "served ({:,.0f} of "
                                 "{:,.0f}), then the distance is minimised.", p, max_served, total_possible))
    # stage 2: y_j, x_pairs, and for residents without an existing facility an "unserved" u_i
    nvar_y = prob.m
    rows_dem = np.unique(pr)
    idx_dem = np.full(prob.n, -1, dtype=np.int64)
    idx_dem[rows_dem] = np.arange(len(rows_dem))
    # fallback variable per demand row in the model: existing facility (cost e_i) or unserved (cost 0)
    nf = len(rows_dem)
    fb_cost = np.where(np.isfinite(prob.exist[rows_dem]), prob.exist[rows_dem], 0.0) * prob.w[rows_dem]
    c = np.concatenate([np.zeros(nvar_y), prob.w[pr] * pd, fb_cost])
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
    card = sparse.csr_matrix((np.ones(prob.m), (np.zeros(prob.m, dtype=np.int64), np.arange(prob.m))),
                             shape=(1, nv))
    cons = [LinearConstraint(A_as, 1.0, 1.0), LinearConstraint(A_link, -np.inf, 0.0),
            LinearConstraint(card, p, p)]
    if no_exist.any():
        # residents without an existing facility: at most the stage-1 minimum left unserved (0 when p sites
        # can reach them all)
        unserved_ok = (float(prob.w[no_exist].sum()) - max_served) if need_stage1 else 0.0
        mask = no_exist[rows_dem]
        fb = np.flatnonzero(mask)
        row = sparse.csr_matrix((prob.w[rows_dem][fb], (np.zeros(len(fb), dtype=np.int64),
                                                        nvar_y + npairs + fb)), shape=(1, nv))
        cons.append(LinearConstraint(row, -np.inf, unserved_ok + 1e-6 * max(1.0, unserved_ok)))
    integrality = np.concatenate([np.ones(nvar_y), np.zeros(npairs + nf)])
    out = _milp(c, cons, integrality, _remaining(deadline), check=prob.check)
    # constant part: residents whose existing facility is at least as near as every candidate
    in_model = np.zeros(prob.n, dtype=bool)
    in_model[rows_dem] = True
    const = float((prob.w * np.where(~in_model & np.isfinite(prob.exist) & prob.reachable, prob.exist,
                                     0.0)).sum())
    stats["milp_status"] = out.message
    sites = greedy
    if out.x is not None:
        chosen = [int(j) for j in np.flatnonzero(out.x[:nvar_y] > 0.5)]
        if len(chosen) == p:
            cu, cd = prob.objective(chosen)
            if (cu, cd) < (g_unserved, g_dist - 1e-9 * max(1.0, g_dist)):
                sites = chosen
    su, sd = prob.objective(sites)
    if out.optimal:
        return _Solution(sites=sites, solver=Msg("exact (HiGHS)"), bound=sd, proven=True, notes=notes, stats=stats)
    bound = None if out.dual_bound is None else out.dual_bound + const
    notes.append("The time limit ended the search before optimality was proven: best solution found.")
    return _Solution(sites=sites, solver=Msg("exact (HiGHS, time limit)"), bound=bound, proven=False, notes=notes,
                     stats=stats)
