"""MILP plumbing: one scipy.optimize.milp (HiGHS) call with a time limit, run in a child process that a cancel can
kill when the model is large (:mod:`..highs_child`), retried without presolve when HiGHS 1.2 wrongly says
"infeasible"."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .. import highs_child
from ..errors import LifeCircleError, Msg


def _require_milp():
    try:
        from scipy.optimize import milp  # noqa: F401
    except ImportError:  # pragma: no cover - scipy < 1.9
        import scipy

        raise LifeCircleError(
            Msg("The exact solver needs scipy 1.9 or newer (scipy.optimize.milp); this QGIS has scipy {}. Choose the "
                "greedy solver, or update scipy.", scipy.__version__)) from None


@dataclass
class _MilpOutcome:
    x: Optional[np.ndarray]
    value: Optional[float]  # objective (minimisation sense, as passed)
    dual_bound: Optional[float]
    optimal: bool
    status: int
    message: str


def _milp(c, constraints, integrality, time_limit: float, bounds=(0.0, 1.0), check=None) -> _MilpOutcome:
    from scipy.optimize import Bounds

    _require_milp()
    lo, hi = bounds
    start = time.perf_counter()
    options = {"time_limit": max(0.5, float(time_limit)), "mip_rel_gap": 0.0, "disp": False}

    size = _model_size(c, constraints)

    def solve():
        # (scipy's HiGHS wrapper holds the GIL for a whole solve: a large model runs in a child process that a
        # cancel kills — highs_child)
        kwargs = dict(c=np.asarray(c, dtype=float), constraints=constraints, integrality=np.asarray(integrality),
                      bounds=Bounds(lo, hi), options=dict(options))
        return highs_child.call("milp", kwargs, None if check is _never else check, size)

    if check is not None:
        check()
    res = solve()
    if res.status == 2:
        # every model given here is feasible by construction: "infeasible" is HiGHS 1.2's presolve going wrong
        # (seen with scipy 1.10 on small p-median models) — solve again without presolve
        options["presolve"] = False
        options["time_limit"] = max(0.5, float(time_limit) - (time.perf_counter() - start))
        if check is not None:
            check()
        res = solve()
    dual = getattr(res, "mip_dual_bound", None)
    dual = None if dual is None or not np.isfinite(dual) else float(dual)
    return _MilpOutcome(x=None if res.x is None else np.asarray(res.x), value=None if res.x is None else
                        float(res.fun), dual_bound=dual, optimal=res.status == 0, status=int(res.status),
                        message=str(res.message))


def _never() -> None:
    return None


def _model_size(c, constraints) -> int:
    """Variables + constraint nonzeros of a model: what decides whether it is solved in a child process."""
    size = len(c)
    for con in constraints:
        a = con.A
        size += int(a.nnz) if hasattr(a, "nnz") else int(np.count_nonzero(a))
    return size


def _remaining(deadline: float) -> float:
    return max(0.0, deadline - time.perf_counter())
