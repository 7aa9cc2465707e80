"""Exact maximal and set covering on a reduced :class:`~.cover_problem._CoverProblem` (HiGHS).

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
"""

from __future__ import annotations

import math
import time

import numpy as np

from .. import highs_child
from ..errors import Msg
from .milp import _milp, _never, _remaining, _require_milp
from .results import _Solution


def _mclp_milp(prob, cols: np.ndarray, p: int, weights: np.ndarray, time_limit: float):
    """MILP over kept-column positions ``cols`` choosing exactly ``p`` (rows with no such column dropped).

    Rows covered by a single column go into that column's objective coefficient (exact: z_i = y_j).
    Returns (local positions chosen or None, objective value, dual bound, optimal?).
    """
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    B = prob.rows[:, cols].tocsr()
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
    out = _milp(obj, cons, np.concatenate([np.ones(mm), np.zeros(nn)]), time_limit, check=prob.check)
    if out.x is None:
        return None, None, None if out.dual_bound is None else -out.dual_bound, False
    chosen = [int(cols[i]) for i in np.flatnonzero(out.x[:mm] > 0.5)]
    bound = None if out.dual_bound is None else -out.dual_bound
    return chosen, -out.value, bound, out.optimal


def exact_mclp(prob, p: int, deadline: float, direct_below: int = 20000) -> _Solution:
    """Proven-optimal MCLP (or the best found with its gap when the time runs out): an incumbent from greedy +
    swaps; small models straight to the MILP; larger ones through the LP bound, a better incumbent from the LP's
    support, Lagrangian fixing and the MILP over what is left."""
    _require_milp()
    m = prob.rows.shape[1]
    notes = []
    stats = dict(prob.stats)
    if m <= p:
        return _all_reachable(prob, p, notes, stats)
    tol = prob._tol()
    inc_local, inc, greedy_bound = _incumbent(prob, p, deadline, stats)
    prob.check()
    if prob.rows.nnz <= direct_below:
        chosen, val, bnd, optimal = _mclp_milp(prob, np.arange(m), p, prob.w, _remaining(deadline))
        return _finish_exact(prob, chosen, val, bnd, optimal, inc_local, inc, greedy_bound, notes, stats, p)
    lp = _lp_relaxation(prob, p, deadline, stats)
    if lp is None:
        notes.append("The LP relaxation did not finish in time: best solution so far.")
        return _finish_exact(prob, None, None, None, False, inc_local, inc, greedy_bound, notes, stats, p)
    prob.check()
    bound = _LagrangianBound(prob, lp, p)
    stats["lp_bound"] = prob.base + bound.L
    if bound.L < inc + tol:
        notes.append("The LP bound equals the greedy + swap solution: proven optimal without branching.")
        return _proven_by_lp(prob, inc_local, bound.L, p, notes, stats)
    inc_local, inc = _better_from_lp_support(prob, lp, bound, p, deadline, inc_local, inc)
    if bound.L < inc + tol:
        notes.append("The LP bound equals the incumbent: proven optimal without branching.")
        return _proven_by_lp(prob, inc_local, bound.L, p, notes, stats)
    prob.check()
    return _fix_and_branch(prob, bound, p, deadline, inc_local, inc, tol, notes, stats)


def _all_reachable(prob, p: int, notes: list, stats: dict) -> _Solution:
    """No more candidates than ``p`` reach anyone not yet covered: all of them, optimal."""
    m = prob.rows.shape[1]
    notes.append(
        Msg(
            "{} candidate(s) reach residents not yet covered (after removing dominated ones): all of them are "
            "chosen — every reachable resident is covered; optimal.",
            m,
        )
    )
    sites = prob._to_sites(list(range(m)), p)
    return _Solution(sites=sites, solver=Msg("exact (reduced to all reachable)"), bound=prob.value(sites),
                     proven=True, notes=notes, stats=stats)


def _incumbent(prob, p: int, deadline: float, stats: dict):
    """Greedy + swaps (a fifth of the time left): (local positions, newly covered, greedy's a-posteriori bound)."""
    local, _, greedy_bound = prob._greedy_local(p=p)
    local = prob._swap_local(local, min(deadline, time.perf_counter() + 0.2 * _remaining(deadline)))
    inc = prob.value_local(local)
    stats["greedy_swaps_value"] = prob.base + inc
    return local, inc, greedy_bound


def _lp_relaxation(prob, p: int, deadline: float, stats: dict):
    """The LP relaxation solved by HiGHS's interior point (its duals give the Lagrangian bound); None when it did
    not finish."""
    from scipy import sparse

    n, m = prob.rows.shape
    c = -np.concatenate([np.zeros(m), prob.w])
    A = sparse.hstack([-prob.rows, sparse.identity(n, format="csr")], format="csr")
    eq = sparse.csr_matrix(np.concatenate([np.ones(m), np.zeros(n)])[None, :])
    t_lp = time.perf_counter()
    prob.check()
    lp = highs_child.call("linprog", dict(c=c, A_ub=A, b_ub=np.zeros(n), A_eq=eq, b_eq=[p], bounds=(0, 1),
                                          method="highs-ipm",
                                          options={"time_limit": max(1.0, _remaining(deadline))}),
                          None if prob.check is _never else prob.check, len(c) + A.nnz + m)
    stats["lp_seconds"] = round(time.perf_counter() - t_lp, 3)
    return None if lp.status != 0 or lp.x is None else lp


class _LagrangianBound:
    """The bound from the LP's dual prices: ``L`` = free part + the ``p`` largest candidate gains ``g``; ``in_top``
    marks those p, ``g_p`` / ``g_p1`` are the p-th and (p+1)-th largest gains."""

    def __init__(self, prob, lp, p: int):
        lam = np.clip(-np.asarray(lp.ineqlin.marginals, dtype=float), 0.0, prob.w)
        self.g = prob.rows_t @ lam
        free_part = float(np.maximum(0.0, prob.w - lam).sum())
        self.order = np.argsort(-self.g, kind="stable")
        self.L = free_part + float(self.g[self.order[:p]].sum())
        self.g_p, self.g_p1 = self.g[self.order[p - 1]], self.g[self.order[p]]
        self.in_top = np.zeros(len(self.g), dtype=bool)
        self.in_top[self.order[:p]] = True


def _proven_by_lp(prob, inc_local, L: float, p: int, notes: list, stats: dict) -> _Solution:
    return _Solution(sites=prob._to_sites(inc_local, p), solver=Msg("exact (HiGHS LP bound)"),
                     bound=prob.base + L, proven=True, notes=notes, stats=stats)


def _better_from_lp_support(prob, lp, bound: _LagrangianBound, p: int, deadline: float, inc_local, inc: float):
    """A small MILP over the LP's support, the incumbent and the most promising candidates, then swaps: the
    incumbent, or a better one."""
    m = prob.rows.shape[1]
    y = np.asarray(lp.x[:m])
    g = bound.g
    penalty = np.where(bound.in_top, g - bound.g_p1, bound.g_p - g)
    pool = np.unique(np.concatenate([np.flatnonzero(y > 1e-6), np.asarray(inc_local, dtype=np.int64),
                                     np.argsort(penalty, kind="stable")[:3 * p]]))
    if len(pool) >= m:
        return inc_local, inc
    chosen, val, _, _ = _mclp_milp(prob, pool, p, prob.w, 0.25 * _remaining(deadline))
    if chosen is not None and len(chosen) == p:
        chosen = prob._swap_local(chosen, min(deadline, time.perf_counter() + 0.1 * _remaining(deadline)))
        v = prob.value_local(chosen)
        if v > inc:
            return chosen, v
    return inc_local, inc


def _fix_and_branch(prob, bound: _LagrangianBound, p: int, deadline: float, inc_local, inc: float, tol: float,
                    notes: list, stats: dict) -> _Solution:
    """Lagrangian fixing — forcing a site in (out) caps the objective at L_out (L_in); below the incumbent → fixed —
    then the MILP over the candidates left free."""
    g, L, in_top = bound.g, bound.L, bound.in_top
    L_in = np.where(in_top, L, L - bound.g_p + g)
    L_out = np.where(in_top, L - g + bound.g_p1, L)
    fix_out = L_in < inc + tol
    fix_in = L_out < inc + tol
    free = np.flatnonzero(~fix_out & ~fix_in)
    ones = np.flatnonzero(fix_in)
    stats["fixed_out"], stats["fixed_in"], stats["free"] = int(fix_out.sum()), len(ones), len(free)
    notes.append(Msg("LP bound and variable fixing: {} candidate(s) ruled out, {} fixed in, {} left to branch "
                     "on.", int(fix_out.sum()), len(ones), len(free)))
    rest = p - len(ones)
    if rest < 0 or rest > len(free):  # no solution better than the incumbent exists
        return _Solution(sites=prob._to_sites(inc_local, p), solver=Msg("exact (HiGHS, LP fixing)"),
                         bound=prob.base + inc, proven=True, notes=notes, stats=stats)
    covered_by_ones = prob._cnt(ones) > 0
    rest_w = np.where(covered_by_ones, 0.0, prob.w)
    const = float(prob.w[covered_by_ones].sum())
    if rest == 0:
        chosen, val, bnd, optimal = [], 0.0, 0.0, True
    else:
        chosen, val, bnd, optimal = _mclp_milp(prob, free, rest, rest_w, 0.9 * _remaining(deadline))
    full = None if chosen is None else list(ones) + chosen
    val_full = None if val is None else val + const
    # any solution better than the incumbent lies in the reduced model: bound = max(incumbent, its bound)
    bnd_full = None if bnd is None else min(L, max(inc, bnd + const))
    return _finish_exact(prob, full, val_full, bnd_full, optimal, inc_local, inc, L, notes, stats, p)


def _finish_exact(prob, chosen, val, bnd, optimal, inc_local, inc, fallback_bound, notes, stats, p):
    best_local, best = inc_local, inc
    if chosen is not None and val is not None and prob.value_local(chosen) > inc:
        best_local, best = chosen, prob.value_local(chosen)
    if optimal:
        return _Solution(sites=prob._to_sites(best_local, p), solver=Msg("exact (HiGHS)"), bound=prob.base + best,
                         proven=True, notes=notes, stats=stats)
    bound = fallback_bound if bnd is None else min(bnd, fallback_bound)
    bound = max(bound, best)
    notes.append("The time limit ended the search before optimality was proven: best solution found, with "
                 "its gap to the best bound.")
    return _Solution(sites=prob._to_sites(best_local, p), solver=Msg("exact (HiGHS, time limit)"),
                     bound=prob.base + bound, proven=False, notes=notes, stats=stats)


def exact_lscp(prob, needed: float, deadline: float) -> _Solution:
    """Fewest sites covering at least ``needed`` newly covered population; then, with that many sites,
    the most covered (an exact MCLP)."""
    from scipy import sparse
    from scipy.optimize import LinearConstraint

    _require_milp()
    notes, stats = [], dict(prob.stats)
    m, n = prob.rows.shape[1], prob.rows.shape[0]
    greedy_local, got, _ = prob._greedy_local(needed=needed)
    upper = len(greedy_local)
    lower = prob.lscp_lower_bound(needed)
    stats["greedy_sites"] = upper
    min_row = float(prob.w.min()) if n else 0.0
    full_cover = prob.w.sum() - needed < min_row - 1e-9 * max(1.0, needed)
    start = time.perf_counter()
    ysel = None
    if lower >= upper:
        k, proven, k_bound = upper, True, lower
        notes.append("Greedy's number of sites equals a lower bound: proven fewest.")
    else:
        if full_cover:  # every row must be covered: classic set covering
            cons = [LinearConstraint(prob.rows, 1.0, np.inf)]
            out = _milp(np.ones(m), cons, np.ones(m), _remaining(deadline) * 0.7, check=prob.check)
            ysel = None if out.x is None else np.flatnonzero(out.x > 0.5)
        else:
            A = sparse.hstack([-prob.rows, sparse.identity(n, format="csr")], format="csr")
            share = sparse.csr_matrix(np.concatenate([np.zeros(m), prob.w])[None, :])
            cons = [LinearConstraint(A, -np.inf, 0.0), LinearConstraint(share, needed, np.inf)]
            out = _milp(np.concatenate([np.ones(m), np.zeros(n)]), cons,
                        np.concatenate([np.ones(m), np.zeros(n)]), _remaining(deadline) * 0.7, check=prob.check)
            ysel = None if out.x is None else np.flatnonzero(out.x[:m] > 0.5)
        k_milp = None if ysel is None else len(ysel)
        k = upper if k_milp is None else min(upper, k_milp)
        k_bound = lower if out.dual_bound is None else max(lower, int(math.ceil(out.dual_bound - 1e-6)))
        proven = out.optimal or k_bound >= k
        k_bound = k if proven else k_bound
    stats["lscp_seconds"] = round(time.perf_counter() - start, 3)
    # with k sites: the most covered (exact MCLP), so that the answer does not depend on solver luck
    lscp_local = list(greedy_local) if (ysel is None or len(ysel) >= upper) else [int(j) for j in ysel]
    sites = prob._to_sites(lscp_local, k)
    cover = exact_mclp(prob, k, deadline)
    if prob.value(cover.sites) >= max(prob.value(sites), prob.base + needed - 1e-6 * max(1.0, needed)):
        sites = cover.sites
        notes += cover.notes
        if not cover.proven:
            notes.append("The coverage of the chosen sites is not proven maximal (time limit).")
    label = Msg("exact (HiGHS)") if proven else Msg("exact (HiGHS, time limit)")
    return _Solution(sites=sites, solver=label, bound=float(k_bound), proven=proven, notes=notes, stats=stats)
