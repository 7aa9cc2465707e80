"""The p-median model: ``p`` sites minimising the population-weighted walking distance, built from a cost
matrix, checked, and solved by an injected solver."""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..errors import CancelCallback, LifeCircleError, ProgressCallback, Steps
from .costs import _existing, _weights, as_cost_matrix, coverage_matrix
from .finish import _finished
from .median_problem import _MedianProblem
from .results import SitingResult
from .solvers import Solver
from .solving import _nothing_to_choose, check_p, solve_in_steps


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
        return solve_in_steps(self, solver, progress, is_cancelled, self._prepare)

    def _prepare(self, steps: Steps):
        check_p(self.p, self.cost.shape[1], name_no_candidates=True)
        prob = _MedianProblem(self.cost, self.weights, self.existing_distance, self.max_distance)
        prob.check = steps.check
        if prob.reachable_weight <= 0:
            raise LifeCircleError(_nothing_to_choose(self.weights, None, self.max_distance))
        return prob, lambda solver, deadline, steps: solver.solve_pmedian(prob, self.p, deadline, steps)

    def _result(self, sol, elapsed: float, prob: _MedianProblem) -> SitingResult:
        return _finished(self, sol, elapsed, median=prob)
