"""The covering models: maximal covering (MCLP) and set covering (LSCP), built from a cost or coverage matrix,
checked, and solved by an injected solver."""

from __future__ import annotations

import time
from typing import Optional

import numpy as np

from ..errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .costs import _existing, _weights, as_cost_matrix, coverage_matrix
from .cover_problem import _CoverProblem
from .finish import _finished
from .results import SitingResult, _Solution
from .solvers import AutoSolver, Solver


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
