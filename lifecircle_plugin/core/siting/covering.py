"""The covering models: maximal covering (MCLP) and set covering (LSCP), built from a cost or coverage matrix,
checked, and solved by an injected solver."""

from __future__ import annotations

from typing import Optional

import numpy as np

from ..errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .costs import _existing, _weights, as_cost_matrix, coverage_matrix
from .cover_problem import _CoverProblem
from .finish import _finished
from .results import SitingResult, _Solution
from .solvers import Solver
from .solving import _nothing_to_choose, check_p, solve_in_steps


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

    def _result(self, sol: _Solution, elapsed: float, prob: Optional[_CoverProblem] = None) -> SitingResult:
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
        return solve_in_steps(self, solver, progress, is_cancelled, self._prepare)

    def _prepare(self, steps: Steps):
        check_p(self.p, self.coverage.shape[1])
        prob = _CoverProblem(self.coverage, self.weights, self.already, self.p)
        self._check_reach(prob)
        prob.check = steps.check
        if prob.coverable <= 0:
            raise LifeCircleError(
                "Every resident within reach of the candidates is already covered by the existing facilities: "
                "no new site would cover anyone new.")
        return prob, lambda solver, deadline, steps: solver.solve_mclp(prob, self.p, deadline, steps)


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
        return solve_in_steps(self, solver, progress, is_cancelled, self._prepare)

    def _prepare(self, steps: Steps):
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
        return prob, lambda solver, deadline, steps: solver.solve_lscp(prob, needed, deadline, steps)
