"""The p-median problem's internals: assignable pairs, each resident's nearest and second-nearest open site,
the objective, greedy adding, Teitz–Bart interchange and a simple lower bound."""

from __future__ import annotations

import time
from typing import Optional, Sequence

import numpy as np

from .milp import _never


class _MedianProblem:
    """Assignable pairs (finite cost within max distance, better than the resident's existing facility).

    Unassignable = cost ``big`` per resident, large enough that serving one more resident always outweighs any
    distance (the lexicographic objective); the exact solver handles that in two stages instead.
    """

    def __init__(self, cost, weights, existing_distance, max_distance):
        from scipy import sparse

        n, m = cost.shape
        limit = np.inf if max_distance is None else max_distance
        coo = cost.tocoo()
        keep = coo.data <= limit
        self.cost = sparse.csr_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=cost.shape)
        self.cost.sort_indices()
        self.cols = self.cost.tocsc()
        self.w = weights
        self.exist = np.asarray(existing_distance, dtype=float)
        self.n, self.m = n, m
        reach = (np.diff(self.cost.indptr) > 0) | np.isfinite(self.exist)
        self.reachable = reach
        self.reachable_weight = float(weights[reach].sum())
        self.unreachable_weight = float(weights[~reach].sum())
        finite = self.cost.data[np.isfinite(self.cost.data)]
        dmax = max(float(finite.max()) if len(finite) else 1.0,
                   float(self.exist[np.isfinite(self.exist)].max()) if np.isfinite(self.exist).any() else 1.0)
        wpos = weights[weights > 0]
        self.big = (dmax + 1.0) * (float(weights.sum()) / float(wpos.min()) if len(wpos) else 1.0) + 1.0
        self.stats = {"demand_points": n, "candidates": m, "assignable_pairs": int(self.cost.nnz)}
        self.check = _never

    def n_pairs(self) -> int:
        return int(self.cost.nnz)

    def _d_exist(self) -> np.ndarray:
        return np.where(np.isfinite(self.exist), self.exist, self.big)

    def nearest_two(self, sites: Sequence[int]):
        """Per resident: (best cost, index of it in ``sites`` or -1 = existing/none, second best cost)."""
        d1 = self._d_exist().copy()
        a1 = np.full(self.n, -1, dtype=np.int64)
        d2 = np.full(self.n, self.big)
        for pos, j in enumerate(sites):
            rows = self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            d = self.cols.data[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            better = d < d1[rows]
            r_b = rows[better]
            d2[r_b] = d1[r_b]
            d1[r_b] = d[better]
            a1[r_b] = pos
            r_n, dn = rows[~better], d[~better]
            d2[r_n] = np.minimum(d2[r_n], dn)
        # the existing facility stays open: it is the second best when a new site is the best
        ex = self._d_exist()
        d2 = np.where(a1 >= 0, np.minimum(d2, ex), d2)
        return d1, a1, d2

    def objective(self, sites: Sequence[int]) -> tuple:
        """(unserved population, population-weighted distance of the served)."""
        d1, _, _ = self.nearest_two(sites)
        served = d1 < self.big
        return float(self.w[~served & self.reachable].sum()), float((self.w * np.where(served, d1, 0.0)).sum())

    def _combined(self, sites) -> float:
        d1, _, _ = self.nearest_two(sites)
        return float((self.w * np.where(self.reachable, d1, 0.0)).sum())

    def greedy(self, p: int) -> list:
        d1 = self._d_exist().copy()
        d1 = np.where(self.reachable, d1, 0.0)
        chosen: list = []
        col_of = np.repeat(np.arange(self.m), np.diff(self.cols.indptr))
        rows = self.cols.indices
        for _ in range(p):
            saving = self.w[rows] * np.maximum(0.0, d1[rows] - self.cols.data)
            gains = np.bincount(col_of, weights=saving, minlength=self.m)
            if chosen:
                gains[chosen] = -1.0
            j = int(np.argmax(gains))
            chosen.append(j)
            r = rows[self.cols.indptr[j]:self.cols.indptr[j + 1]]
            d1[r] = np.minimum(d1[r], self.cols.data[self.cols.indptr[j]:self.cols.indptr[j + 1]])
        return chosen

    def interchange(self, sites: list, deadline: float):
        """Teitz–Bart interchange with Whitaker's fast evaluation: best single swap until none improves."""
        S = list(sites)
        p = len(S)
        if p >= self.m:
            return S, 0
        col_of = np.repeat(np.arange(self.m), np.diff(self.cols.indptr))
        rows = self.cols.indices
        swaps = 0
        current = self._combined(S)
        tol = 1e-9 * max(1.0, abs(current))
        while time.perf_counter() < deadline and swaps < 100 * p + 100:
            self.check()
            d1, a1, d2 = self.nearest_two(S)
            w = np.where(self.reachable, self.w, 0.0)
            # adding j: saving over the current best
            gain = np.bincount(col_of, weights=w[rows] * np.maximum(0.0, d1[rows] - self.cols.data),
                               minlength=self.m)
            # removing the k-th site: its residents fall back to the second best
            assigned = a1 >= 0
            loss = np.bincount(a1[assigned], weights=(w * (d2 - d1))[assigned], minlength=p)
            # correction: residents of k that j would serve better than their second best
            sel = (a1[rows] >= 0) & (self.cols.data < d2[rows])
            corr_val = w[rows[sel]] * (d2[rows[sel]] - np.maximum(self.cols.data[sel], d1[rows[sel]]))
            key_j, key_k = col_of[sel], a1[rows[sel]]
            in_s = np.zeros(self.m, dtype=bool)
            in_s[S] = True
            # change in cost of swapping k out, j in = loss_k - gain_j - corr(j, k); want most negative
            gain_out = np.where(in_s, -np.inf, gain)
            j0 = int(np.argmax(gain_out))
            k0 = int(np.argmin(loss))
            best, bj, bk = loss[k0] - gain_out[j0], j0, k0
            if len(key_j):
                flat = key_j * p + key_k
                uniq, inv = np.unique(flat, return_inverse=True)
                corr = np.bincount(inv, weights=corr_val)
                uj, uk = uniq // p, uniq % p
                delta = loss[uk] - gain[uj] - corr
                delta[in_s[uj]] = np.inf
                i = int(np.argmin(delta))
                if delta[i] < best:
                    best, bj, bk = delta[i], int(uj[i]), int(uk[i])
            if not best < -tol:
                break
            S[bk] = bj
            swaps += 1
        return S, swaps

    def simple_lower_bound(self, sites) -> Optional[float]:
        """Weighted distance with every candidate open — valid when ``sites`` serve everyone reachable."""
        best = self._d_exist().copy()
        rows = self.cost.indptr
        if self.cost.nnz:
            r = np.repeat(np.arange(self.n), np.diff(rows))
            np.minimum.at(best, r, self.cost.data)
        unserved, _ = self.objective(sites)
        if unserved > 0:
            return None
        served = best < self.big
        return float((self.w * np.where(served & self.reachable, best, 0.0)).sum())
