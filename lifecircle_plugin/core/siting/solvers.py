"""The solvers injected into a model's ``solve()``: greedy (+ local search), exact (HiGHS) and automatic (exact
when the model fits a size budget, else greedy); :func:`make_solver` picks one by name."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..errors import LifeCircleError, Msg, Steps
from .cover_exact import exact_lscp, exact_mclp
from .median_exact import exact_pmedian
from .results import _Solution

if TYPE_CHECKING:  # (annotations only)
    from .cover_problem import _CoverProblem
    from .median_problem import _MedianProblem


#: greedy's guarantee for MCLP (Nemhauser, Wolsey & Fisher 1978): at least this share of the optimum
GREEDY_GUARANTEE = 1.0 - 1.0 / math.e


class Solver:
    """Base class: a solver solves each model's core problem; models do the validation and the reporting."""

    name = "solver"

    def solve_mclp(self, prob: "_CoverProblem", p: int, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    def solve_lscp(self, prob: "_CoverProblem", needed: float, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    def solve_pmedian(self, prob: "_MedianProblem", p: int, deadline: float, steps: Steps) -> _Solution:
        raise NotImplementedError

    time_limit: float = 60.0


class GreedySolver(Solver):
    """Greedy: each next site is the one adding the most.

    MCLP: greedy reaches at least (1 − 1/e) ≈ 63.2 % of the optimum (Nemhauser, Wolsey & Fisher 1978); each
    run also reports its own a-posteriori bound (the solution's value plus the ``p`` largest remaining gains,
    Minoux 1978), usually far tighter. With ``local_search`` (default) single swaps then improve it.
    LSCP: greedy adds sites until the target is met (within a logarithmic factor of the fewest, Chvátal 1979).
    p-median: greedy adding, then Teitz–Bart interchange until no single swap improves; no guarantee.
    """

    name = "greedy"

    def __init__(self, local_search: bool = True, time_limit: float = 60.0):
        self.local_search = local_search
        self.time_limit = float(time_limit)

    def solve_mclp(self, prob, p, deadline, steps):
        sites, bound = prob.greedy(p)
        label = Msg("greedy")
        if self.local_search:
            better = prob.swap_search(sites, deadline)
            if prob.value(better) > prob.value(sites) + 1e-9:
                label = Msg("greedy + swaps")
            sites = better
        sol = _Solution(sites=sites, solver=label, bound=bound)
        sol.notes.append(
            "Greedy guarantee: at least {:.1%} of the optimum (Nemhauser et al. 1978); this run's own bound "
            "(value + the {} largest remaining gains) is tighter.".format(GREEDY_GUARANTEE, p))
        return sol

    def solve_lscp(self, prob, needed, deadline, steps):
        sites = prob.greedy_until(needed)
        lb = prob.lscp_lower_bound(needed)
        sol = _Solution(sites=sites, solver=Msg("greedy"), bound=float(lb))
        sol.notes.append("Greedy set covering: within a logarithmic factor of the fewest sites (Chvátal 1979); "
                         "a lower bound from the largest single-site gains is reported as the gap.")
        return sol

    def solve_pmedian(self, prob, p, deadline, steps):
        sites = prob.greedy(p)
        label = Msg("greedy")
        if self.local_search:
            sites, swaps = prob.interchange(sites, deadline)
            label = Msg("greedy + interchange (Teitz–Bart)")
        sol = _Solution(sites=sites, solver=label, bound=prob.simple_lower_bound(sites))
        sol.notes.append("p-median greedy has no constant guarantee; the gap is measured against the distance "
                         "every resident would have with all candidates open (a weak lower bound).")
        return sol


class ExactSolver(Solver):
    """Mixed-integer programming with scipy.optimize.milp (HiGHS), stopped after ``time_limit`` seconds.

    When the time runs out the best solution found is returned with its gap to the best bound.
    ``direct_below``: reduced MCLP models with fewer coverage entries than this go straight to the MILP
    (the LP bound / variable-fixing stages pay off on large models).
    """

    name = "exact"

    def __init__(self, time_limit: float = 60.0, direct_below: int = 20000):
        self.time_limit = float(time_limit)
        self.direct_below = int(direct_below)

    def solve_mclp(self, prob, p, deadline, steps):
        return exact_mclp(prob, p, deadline, self.direct_below)

    def solve_lscp(self, prob, needed, deadline, steps):
        return exact_lscp(prob, needed, deadline)

    def solve_pmedian(self, prob, p, deadline, steps):
        return exact_pmedian(prob, p, deadline)


class AutoSolver(Solver):
    """Exact when the model fits the size budget (coverage entries / assignment pairs after reduction), else
    greedy. If the exact run does not finish in time, its best solution or greedy's, whichever is better."""

    name = "auto"

    def __init__(self, time_limit: float = 60.0, max_entries: int = 3_000_000, max_pairs: int = 400_000):
        self.time_limit = float(time_limit)
        self.max_entries = int(max_entries)
        self.max_pairs = int(max_pairs)

    def solve_mclp(self, prob, p, deadline, steps):
        if prob.size_entries() <= self.max_entries:
            return ExactSolver(self.time_limit).solve_mclp(prob, p, deadline, steps)
        sol = GreedySolver().solve_mclp(prob, p, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} coverage entries exceed the exact budget ({:,}): greedy.",
                                prob.size_entries(), self.max_entries))
        return sol

    def solve_lscp(self, prob, needed, deadline, steps):
        if prob.size_entries() <= self.max_entries:
            return ExactSolver(self.time_limit).solve_lscp(prob, needed, deadline, steps)
        sol = GreedySolver().solve_lscp(prob, needed, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} coverage entries exceed the exact budget: greedy.", prob.size_entries()))
        return sol

    def solve_pmedian(self, prob, p, deadline, steps):
        if prob.n_pairs() <= self.max_pairs:
            return ExactSolver(self.time_limit).solve_pmedian(prob, p, deadline, steps)
        sol = GreedySolver().solve_pmedian(prob, p, deadline, steps)
        sol.notes.insert(0, Msg("auto: {:,} assignment pairs exceed the exact budget ({:,}): greedy + interchange.",
                                prob.n_pairs(), self.max_pairs))
        return sol


def make_solver(name: str, time_limit: float = 60.0) -> Solver:
    """"auto" | "exact" | "greedy" → a solver."""
    key = str(name or "auto").strip().lower()
    if key == "exact":
        return ExactSolver(time_limit)
    if key == "greedy":
        return GreedySolver(time_limit=time_limit)
    if key == "auto":
        return AutoSolver(time_limit)
    raise LifeCircleError(Msg("Unknown solver {!r}: use auto, exact or greedy.", name))
