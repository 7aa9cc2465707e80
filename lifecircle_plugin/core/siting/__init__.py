"""Siting (选址): choose sites among candidates by location–allocation models — one model family a module, after
PySAL spopt's pattern (each model built ``from_cost_matrix`` and ``solve``-d by an injected solver).

- :class:`MaximalCovering` (MCLP) and :class:`SetCovering` (LSCP) — :mod:`.covering`: ``p`` new sites that bring
  the most population within ``threshold`` metres (residents already within reach of an existing facility count as
  covered); the fewest sites that bring the covered share (existing facilities included) to ``target``, among the
  smallest site sets the one covering the most.
- :class:`PMedian` — :mod:`.median`: ``p`` sites that minimise the population-weighted walking distance, each
  resident going to the nearest open site (new or existing); with ``max_distance`` assignments only within it.

Solvers (:mod:`.solvers`): :class:`ExactSolver` (mixed-integer programming with scipy.optimize.milp / HiGHS and a
time limit: :mod:`.cover_exact`, :mod:`.median_exact`), :class:`GreedySolver` (greedy; for p-median greedy plus
Teitz–Bart interchange) and :class:`AutoSolver` (exact when the model fits a size budget, else greedy). Greedy and
exact work on the same coverage matrix (:func:`coverage_matrix`, :mod:`.costs`).

:func:`solve_siting` (:mod:`.run`) is the one entry by model name; :mod:`.report` turns a result into the sites'
figures and the reason text of each site; :mod:`.cost_table` reads OD tables. Everything here is plain
numpy/scipy: no QGIS.
"""

from __future__ import annotations

from ..errors import LifeCircleError
from .cost_table import (
    CostTable,
    candidate_names,
    cost_matrix_from_table,
    normalise_id,
    unique_ids,
)
from .costs import ZERO_COST, as_cost_matrix, coverage_matrix
from .covering import MaximalCovering, SetCovering
from .finish import model_value
from .median import PMedian
from .results import MODEL_NAMES, SitingResult
from .run import MODELS, build_model, distance_limit, solve_siting
from .solvers import (
    GREEDY_GUARANTEE,
    AutoSolver,
    ExactSolver,
    GreedySolver,
    Solver,
    make_solver,
)

__all__ = [
    "GREEDY_GUARANTEE", "MODELS", "MODEL_NAMES", "ZERO_COST", "AutoSolver", "CostTable", "ExactSolver",
    "GreedySolver", "LifeCircleError", "MaximalCovering", "PMedian", "SetCovering", "SitingResult", "Solver",
    "as_cost_matrix", "build_model", "candidate_names", "cost_matrix_from_table", "coverage_matrix",
    "distance_limit", "make_solver", "model_value", "normalise_id", "solve_siting", "unique_ids",
]
