"""What a siting run returns: :class:`SitingResult` (sites in rank order, figures, allocation, optimality) and
the solvers' intermediate :class:`_Solution`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..errors import Msg

MODEL_NAMES = {"mclp": Msg("maximal covering (MCLP)"), "lscp": Msg("set covering (LSCP)"), "pmedian": Msg("p-median")}


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
