"""What a siting result says per site and as a whole, for the outputs: each site's figures (newly covered,
cumulative share, reach, assigned residents, their mean walking distance, metres saved) and the reason it is
recommended, in the planner's words (:func:`..written_values.site_reason`); the run's headline numbers and JSON
summary."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..written_values import number_or_null as rounded
from ..written_values import site_reason
from .results import SitingResult

__all__ = ["SITE_FIELDS", "cumulative_shares", "headline", "mean_distances", "site_reason", "site_rows"]

#: the sites' own fields, in output order (each site's row: :func:`site_rows`)
SITE_FIELDS = ("lc_rank", "lc_site_id", "lc_code", "new_pop", "cum_pop", "cum_share", "reach_pop", "assign_pop",
               "mean_dist", "saving_m", "lc_reason", "model", "solver")


def mean_distances(r: SitingResult, population: Sequence[float]) -> np.ndarray:
    """Per site in rank order: the population-weighted mean walking distance of the residents allocated to it
    (nan for a site nobody is allocated to)."""
    wd = np.zeros(len(r.sites))
    pos = {int(j): k for k, j in enumerate(r.sites)}
    for i, site, d in zip(r.alloc_demand, r.alloc_site, r.alloc_distance):
        if site >= 0 and np.isfinite(d):
            wd[pos[int(site)]] += population[i] * d
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r.site_assigned > 0, wd / np.where(r.site_assigned > 0, r.site_assigned, 1.0), np.nan)


def cumulative_shares(r: SitingResult) -> np.ndarray:
    """Per site in rank order: the share (%) of all residents covered once it is open (nan without population)."""
    total = r.total_population
    return 100.0 * r.site_cumulative / total if total > 0 else np.full(len(r.sites), np.nan)


def site_rows(r: SitingResult, population: Sequence[float], site_ids: Sequence[str], category: str = "",
              cat_name: str = "") -> list:
    """One {field: value} per chosen site in rank order (:data:`SITE_FIELDS`), numbers rounded as the outputs
    write them; "solver" is the result's own (translatable) text."""
    means = mean_distances(r, population)
    shares = cumulative_shares(r)
    rows = []
    for k, j in enumerate(r.sites):
        rank = k + 1
        share, mean = float(shares[k]), float(means[k])
        rows.append({"lc_rank": rank, "lc_site_id": site_ids[j], "lc_code": category or None,
                     "new_pop": rounded(r.site_marginal[k], 1), "cum_pop": rounded(r.site_cumulative[k], 1),
                     "cum_share": rounded(share, 3), "reach_pop": rounded(r.site_reach[k], 1),
                     "assign_pop": rounded(r.site_assigned[k], 1), "mean_dist": rounded(mean, 1),
                     "saving_m": rounded(r.site_saving[k], 1),
                     "lc_reason": site_reason(r, k, rank, cat_name, share, mean), "model": r.model,
                     "solver": r.solver})
    return rows


def headline(r: SitingResult, site_ids: Sequence[str], category: str = "") -> dict:
    """The run's numbers as the algorithm reports them: objective, covered shares before and after (%), optimality
    gap (%), solve time, number of sites, solver; and ``summary`` (:meth:`SitingResult.summary` with the chosen
    sites' ids and the category)."""
    def pct(x):
        return None if x is None or not np.isfinite(x) else round(100.0 * x, 4)

    summary = r.summary()
    summary["sites_chosen"] = [site_ids[j] for j in r.sites]
    summary["category"] = category or None
    return {"OBJECTIVE": float(r.objective), "COVERAGE_BEFORE": pct(r.share_before),
            "COVERAGE_AFTER": pct(r.share_after),
            "OPTIMALITY_GAP": None if r.gap is None else round(100.0 * r.gap, 6),
            "SOLVE_TIME": round(r.time_s, 3), "SITE_COUNT": len(r.sites), "SOLVER_USED": str(r.solver),
            "summary": summary}
