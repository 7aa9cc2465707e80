"""From a solver's chosen sites to the :class:`SitingResult`: sites ranked by what each adds, residents allocated
to their site, the objective and the optimality gap."""

from __future__ import annotations

from typing import Optional

import numpy as np

from .. import highs_child
from ..errors import Msg
from .costs import _weights
from .median_problem import _MedianProblem
from .results import SitingResult, _Solution


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
    order, marginal, saving = _ranked(model, [int(s) for s in sol.sites], w, median)
    cover = _coverage_figures(model.coverage, w, model.already, order, marginal)
    alloc = _allocation(model, order, w, median)
    objective, label, unserved, wdist, unreachable = _objective(model, order, w, median)
    bound, gap = _bound_and_gap(model.model, sol, objective)
    return SitingResult(
        model=model.model, solver=sol.solver, sites=np.asarray(order, dtype=np.int64),
        site_marginal=np.asarray(marginal, dtype=float), site_cumulative=np.asarray(cover["cumulative"], dtype=float),
        site_reach=np.asarray(cover["reach"], dtype=float), site_assigned=np.asarray(alloc["assigned"], dtype=float),
        site_saving=np.asarray(saving, dtype=float), objective=objective, objective_label=label,
        bound=None if bound is None else float(bound), gap=gap, proven_optimal=bool(sol.proven), time_s=elapsed,
        threshold=model.threshold, total_population=float(w.sum()), covered_before=cover["before"],
        covered_after=cover["after"], unreachable_population=unreachable,
        alloc_demand=np.asarray(alloc["demand"], dtype=np.int64), alloc_site=np.asarray(alloc["site"], dtype=np.int64),
        alloc_existing=np.asarray(alloc["existing"], dtype=np.int64),
        alloc_distance=np.asarray(alloc["distance"], dtype=float),
        alloc_newly_covered=np.asarray(alloc["newly"], dtype=bool), unserved_population=unserved,
        weighted_distance=wdist, notes=list(sol.notes), stats=dict(sol.stats),
    )


def _ranked(model, sites: list, w: np.ndarray, median: Optional[_MedianProblem]):
    """(sites in rank order, newly covered population per site, p-median metres saved per site)."""
    cov, already = model.coverage, model.already  # (coverage None: p-median without a threshold)
    if median is None:
        order, marginal = _rank_by_coverage(cov, w, already, sites)
        return order, marginal, np.full(len(order), np.nan)
    order, saving = _rank_by_distance(median, sites)
    marginal = np.full(len(order), np.nan)
    if cov is not None:
        _, marginal = _rank_by_coverage(cov, w, already, order, keep_order=True)
    return order, marginal, saving


def _coverage_figures(cov, w: np.ndarray, already: np.ndarray, order: list, marginal) -> dict:
    """Covered population before and after, cumulative after each site, each site's own reach (nan without a
    coverage matrix)."""
    if cov is None:
        nan = np.full(len(order), np.nan)
        return {"before": float("nan"), "after": float("nan"), "cumulative": nan, "reach": nan.copy()}
    before = float(w[already].sum())
    cumulative = before + np.cumsum(marginal)
    csc = cov.tocsc()
    reach = np.array([float(w[csc.indices[csc.indptr[j]:csc.indptr[j + 1]]].sum()) for j in order])
    after = float(cumulative[-1]) if len(order) else before
    return {"before": before, "after": after, "cumulative": cumulative, "reach": reach}


def _allocation(model, order: list, w: np.ndarray, median: Optional[_MedianProblem]) -> dict:
    """Who goes where: covering models — each covered resident to the nearest chosen site covering it;
    p-median — each served resident to its nearest open site (new, or an existing facility)."""
    already = model.already
    if median is None:
        site_pos = {j: r for r, j in enumerate(order)}
        a_dem, a_site, a_dist = _allocate_covering(model.coverage, model.cost, order)
        assigned = np.bincount([site_pos[s] for s in a_site], weights=w[a_dem], minlength=len(order)) \
            if len(a_dem) else np.zeros(len(order))
        return {"demand": a_dem, "site": a_site, "existing": np.full(len(a_dem), -1, dtype=np.int64),
                "distance": a_dist, "newly": ~already[a_dem], "assigned": assigned}
    d1, a1, _ = median.nearest_two(order)
    served = (d1 < median.big) & median.reachable
    a_dem = np.flatnonzero(served)
    pos = a1[a_dem]
    a_site = np.where(pos >= 0, np.asarray(order, dtype=np.int64)[np.maximum(pos, 0)], -1)
    a_dist = d1[a_dem]
    a_new = np.zeros(len(a_dem), dtype=bool)
    if model.threshold:
        a_new = (a_dist <= model.threshold) & ~already[a_dem] & (pos >= 0)
    return {"demand": a_dem, "site": a_site, "existing": np.where(pos >= 0, -1, model.existing_nearest[a_dem]),
            "distance": a_dist, "newly": a_new,
            "assigned": np.bincount(pos[pos >= 0], weights=w[a_dem][pos >= 0], minlength=len(order))}


def _objective(model, order: list, w: np.ndarray, median: Optional[_MedianProblem]):
    """(objective, its label, unserved population, weighted distance, population out of every reach)."""
    if median is None:
        cov, already = model.coverage, model.already
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
    return objective, label, unserved, wdist, unreachable


def _bound_and_gap(model: str, sol: _Solution, objective: float):
    """(best bound, relative optimality gap): 0 when proven; None when no bound is known."""
    bound = sol.bound
    if sol.proven:
        gap = 0.0
        bound = objective
    elif bound is None:
        gap = None
    elif model == "pmedian":
        gap = max(0.0, (objective - bound) / objective) if objective > 0 else 0.0
    elif model == "lscp":
        gap = max(0.0, (objective - bound) / objective) if objective else 0.0
    else:
        gap = max(0.0, (bound - objective) / bound) if bound > 0 else 0.0
    if gap is not None and gap < 1e-12:
        gap = 0.0
    return bound, gap


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
