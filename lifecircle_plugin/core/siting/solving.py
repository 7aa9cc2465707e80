"""How every siting model is solved: its input checked (P against the candidates, someone to serve), then the
solver run in three progress steps within its time budget, the problem's reduction figures added to the solver's,
and the result finished by the model."""

from __future__ import annotations

import time
from typing import Callable, Optional

import numpy as np

from ..errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .solvers import AutoSolver, Solver


def solve_in_steps(model, solver: Optional[Solver], progress: Optional[ProgressCallback],
                   is_cancelled: Optional[CancelCallback], prepare: Callable):
    """``prepare(steps)`` checks the model's input and returns (problem, call); ``call(solver, deadline, steps)``
    runs the solver on the problem. The result: ``model._result(solution, seconds, problem)``."""
    solver = solver or AutoSolver()
    steps = Steps(progress, is_cancelled, [1, 8, 1])
    start = time.perf_counter()
    steps.next()
    prob, call = prepare(steps)
    steps.next()
    sol = call(solver, start + solver.time_limit, steps)
    sol.stats.update(prob.stats)
    steps.next()
    return model._result(sol, time.perf_counter() - start, prob)


def check_p(p: int, m: int, name_no_candidates: bool = False) -> None:
    """P at least 1 and at most the ``m`` candidates (with ``name_no_candidates``: none at all said as such)."""
    if p < 1:
        raise LifeCircleError(Msg("P must be at least 1 (got {}).", p))
    if name_no_candidates and m == 0:
        raise LifeCircleError("There are no candidate sites.")
    if p > m:
        raise LifeCircleError(Msg("P = {} new sites, but there are only {} candidate sites: lower P or add "
                                  "candidates.", p, m))


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
