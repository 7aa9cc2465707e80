"""Cost and coverage matrices: demand × candidate walking distances as scipy CSR, the pairs within a threshold,
each resident's nearest existing facility and the population weights — the inputs every siting model is built from.

Costs: a dense array (``inf``/``nan`` for pairs that cannot reach each other) or a scipy sparse matrix whose
stored entries are the reachable pairs (a 0 m pair is stored as a tiny positive value, as the network engine
does).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import LifeCircleError, Msg

#: a 0 m cost is stored as this, so that it is not lost as a sparse zero (same as the network engine)
ZERO_COST = 1e-9


def as_cost_matrix(cost: Any, name: str = "cost matrix"):
    """A demand × candidate cost matrix as scipy CSR whose stored entries are the reachable pairs.

    Dense input: ``inf``/``nan`` mark unreachable pairs. Sparse input: stored entries are reachable (explicit
    zeros count as 0 m). Negative costs raise a LifeCircleError.
    """
    from scipy import sparse

    if sparse.issparse(cost):
        coo = sparse.coo_matrix(cost, dtype=float)
        r, c, v = coo.row, coo.col, coo.data
        ok = np.isfinite(v)
        if (v[ok] < 0).any():
            raise LifeCircleError(Msg("The {} has negative costs: costs are distances in metres (0 or more).", name))
        m = sparse.csr_matrix((np.maximum(v[ok], ZERO_COST), (r[ok], c[ok])), shape=coo.shape)
        m.sum_duplicates()
    else:
        arr = np.asarray(cost, dtype=float)
        if arr.ndim != 2:
            raise LifeCircleError(Msg("The {} must be a 2-D demand × candidate array (got shape {}).", name, arr.shape))
        ok = np.isfinite(arr)
        if (arr[ok] < 0).any():
            raise LifeCircleError(Msg("The {} has negative costs: costs are distances in metres (0 or more).", name))
        r, c = np.nonzero(ok)
        m = sparse.csr_matrix((np.maximum(arr[r, c], ZERO_COST), (r, c)), shape=arr.shape)
    m.data = np.maximum(m.data, ZERO_COST)
    m.sort_indices()
    return m


def coverage_matrix(cost: Any, threshold: float):
    """Boolean demand × candidate CSR matrix: True where the cost is within ``threshold`` (metres).

    The one construction the greedy and the exact solvers share.
    """
    from scipy import sparse

    if threshold is None or not np.isfinite(threshold) or threshold <= 0:
        raise LifeCircleError(Msg("THRESHOLD must be a positive distance in metres (got {}).", threshold))
    m = as_cost_matrix(cost)
    keep = m.data <= threshold
    out = sparse.csr_matrix((np.ones(int(keep.sum()), dtype=bool), m.indices[keep],
                             np.concatenate([[0], np.cumsum(_row_counts(m, keep))])), shape=m.shape)
    out.sort_indices()
    return out


def _row_counts(m, keep: np.ndarray) -> np.ndarray:
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return np.bincount(rows[keep], minlength=m.shape[0])


def _weights(weights: Any, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float).ravel()
    if len(w) != n:
        raise LifeCircleError(Msg("{} population values for {} demand points.", len(w), n))
    if not np.isfinite(w).all() or (w < 0).any():
        raise LifeCircleError("Population values must be numbers of 0 or more.")
    return w


def _existing(existing_cost: Any, n: int, limit: float = np.inf):
    """(distance to the nearest existing facility within ``limit`` (inf), index of it (-1)) per demand point.

    ``existing_cost``: None, a vector of distances to the nearest existing facility, or a demand × existing
    cost matrix (dense or sparse, as :func:`as_cost_matrix`).
    """
    dist = np.full(n, np.inf)
    which = np.full(n, -1, dtype=np.int64)
    if existing_cost is None:
        return dist, which
    from scipy import sparse

    if not sparse.issparse(existing_cost) and np.ndim(existing_cost) == 1:
        d = np.asarray(existing_cost, dtype=float).ravel()
        if len(d) != n:
            raise LifeCircleError(Msg("{} existing-facility distances for {} demand points.", len(d), n))
        d = np.where(np.isnan(d), np.inf, d)
        if (d < 0).any():
            raise LifeCircleError("Distances to existing facilities must be 0 or more.")
        dist = np.where(d <= limit, d, np.inf)
        return dist, which
    m = as_cost_matrix(existing_cost, "existing facilities' cost matrix")
    if m.shape[0] != n:
        raise LifeCircleError(Msg("The existing facilities' cost matrix has {} rows for {} demand "
                                  "points.", m.shape[0], n))
    if m.nnz:
        rows = np.repeat(np.arange(n), np.diff(m.indptr))
        order = np.lexsort((m.indices, m.data, rows))
        first = np.ones(len(order), dtype=bool)
        first[1:] = rows[order][1:] != rows[order][:-1]
        sel = order[first]
        ok = m.data[sel] <= limit
        dist[rows[sel][ok]] = m.data[sel][ok]
        which[rows[sel][ok]] = m.indices[sel][ok]
    return dist, which
