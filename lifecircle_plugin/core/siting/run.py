"""One entry for a siting run: the model chosen by name (mclp / lscp / pmedian) built from the cost matrices, solved
by the named solver, its figures counted in residents when it was solved for weighted demand; and how far the
distances need computing for it."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from ..errors import CancelCallback, ProgressCallback
from .covering import MaximalCovering, SetCovering
from .median import PMedian
from .results import SitingResult
from .solvers import make_solver

MODELS = ("mclp", "lscp", "pmedian")


def distance_limit(model: str, threshold: Optional[float], max_distance: Optional[float]) -> float:
    """How far (m) the walking distances are needed: the covering models' threshold; p-median's maximum distance
    (none: every distance), at least its threshold when it reports coverage."""
    if model != "pmedian":
        return threshold
    limit = max_distance or np.inf
    if threshold and np.isfinite(limit):
        limit = max(limit, threshold)
    return limit


def build_model(model: str, cost: Any, weights: Any, *, threshold: Optional[float] = None, p: int = 3,
                target: float = 1.0, max_distance: Optional[float] = None, existing_cost: Any = None):
    """The model ``model`` ("mclp" | "lscp" | "pmedian") from a demand × candidate cost matrix and, optionally,
    a demand × existing facility one. An unknown model name is a programming error (ValueError): callers offer
    the three."""
    if model == "mclp":
        return MaximalCovering.from_cost_matrix(cost, weights, threshold, p, existing_cost=existing_cost)
    if model == "lscp":
        return SetCovering.from_cost_matrix(cost, weights, threshold, target, existing_cost=existing_cost)
    if model == "pmedian":
        return PMedian.from_cost_matrix(cost, weights, p, max_distance=max_distance, existing_cost=existing_cost,
                                        threshold=threshold)
    raise ValueError(f"unknown siting model {model!r}: one of {', '.join(MODELS)}")


def solve_siting(model: str, cost: Any, weights: Any, *, threshold: Optional[float] = None, p: int = 3,
                 target: float = 1.0, max_distance: Optional[float] = None, existing_cost: Any = None,
                 solver: str = "auto", time_limit: float = 60.0, report_weights: Any = None,
                 progress: Optional[ProgressCallback] = None,
                 is_cancelled: Optional[CancelCallback] = None) -> SitingResult:
    """Builds the model and solves it with ``solver`` ("auto" | "exact" | "greedy", stopped after ``time_limit``
    seconds). ``report_weights``: when the sites are chosen for weighted demand (``weights``, e.g. residents
    counted more where they asked for the category), the residents themselves, whom the figures count."""
    chosen = make_solver(solver, time_limit)
    problem = build_model(model, cost, weights, threshold=threshold, p=p, target=target, max_distance=max_distance,
                          existing_cost=existing_cost)
    if report_weights is not None:
        problem.report_weights = report_weights
    return problem.solve(chosen, progress=progress, is_cancelled=is_cancelled)
