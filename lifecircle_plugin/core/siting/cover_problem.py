"""The covering problem behind MCLP and LSCP, reduced: residents not yet covered merged by coverage set, dominated
candidates dropped; its values, greedy (with a-posteriori bound) and single-swap local search."""

from __future__ import annotations

import time
from typing import Optional, Sequence

import numpy as np

from .milp import _never


class _CoverProblem:
    """Residents not yet covered, aggregated by coverage set, with dominated candidates removed.

    ``rows``: aggregated demand (unique coverage sets) × kept candidates (CSR, 0/1 float); ``w``: their
    population; ``kept``: the candidate indices (into the original columns) the columns stand for;
    ``base``: population already covered by existing facilities (a constant of the objective).
    """

    def __init__(self, coverage, weights: np.ndarray, already: np.ndarray, p_for_dominance: Optional[int]):
        from scipy import sparse

        n, m = coverage.shape
        self.n_candidates = m
        self.base = float(weights[already].sum())
        cnt = np.diff(coverage.indptr)
        active = np.flatnonzero((weights > 0) & ~already & (cnt > 0))
        self.coverable = float(weights[active].sum())
        sub = coverage[active]
        sub.sort_indices()
        # merge identical coverage sets
        keys: dict = {}
        group = np.empty(len(active), dtype=np.int64)
        ind, ptr = sub.indices, sub.indptr
        for r in range(len(active)):
            group[r] = keys.setdefault(ind[ptr[r]:ptr[r + 1]].tobytes(), len(keys))
        n_groups = len(keys)
        w = np.bincount(group, weights=weights[active], minlength=n_groups)
        first = np.full(n_groups, len(active), dtype=np.int64)
        np.minimum.at(first, group, np.arange(len(active)))
        agg = sparse.csr_matrix(sub[first], dtype=float) if n_groups else sparse.csr_matrix((0, m))
        agg.data[:] = 1.0
        self.stats = {"demand_points": n, "demand_active": len(active), "demand_groups": n_groups,
                      "candidates": m}
        # dominated candidates: coverage set contained in another's (ties: the lower index is kept)
        kept = np.arange(m)
        col_size = np.asarray(agg.sum(axis=0)).ravel()
        if n_groups:
            overlap = (agg.T @ agg).tocoo()
            a, b, v = overlap.row, overlap.col, overlap.data
            sub_ab = (a != b) & (np.abs(v - col_size[a]) < 0.5) & (
                (col_size[b] > col_size[a]) | ((col_size[b] == col_size[a]) & (b < a)))
            dominated = np.zeros(m, dtype=bool)
            dominated[a[sub_ab]] = True
            dominated |= col_size == 0
        else:
            dominated = np.ones(m, dtype=bool)
        if p_for_dominance is None or (~dominated).sum() >= p_for_dominance:
            kept = np.flatnonzero(~dominated)
            self.dominance_applied = True
        else:
            kept = np.flatnonzero(col_size > 0)
            self.dominance_applied = False
        self.stats["candidates_dominated"] = int(m - len(kept)) if self.dominance_applied else 0
        self.kept = kept
        self.rows = agg[:, kept].tocsr() if n_groups else sparse.csr_matrix((0, len(kept)))
        self.cols = self.rows.tocsc()
        self.rows_t = self.rows.T.tocsr()
        self.w = w
        self.integral = bool(np.all(np.abs(w - np.round(w)) < 1e-9))
        self.stats["candidates_kept"] = len(kept)
        self.stats["coverage_entries"] = int(self.rows.nnz)
        self.check = _never  # the model sets its cancellation check (raises CancelledError) here

    # -- sizes and values ---------------------------------------------------------------------------------
    def size_entries(self) -> int:
        return int(self.rows.nnz)

    def _cnt(self, local: Sequence[int]) -> np.ndarray:
        cnt = np.zeros(self.rows.shape[0])
        for j in local:
            cnt[self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]] += 1
        return cnt

    def value_local(self, local: Sequence[int]) -> float:
        """Newly covered population of kept-column positions ``local``."""
        return float(self.w[self._cnt(local) > 0].sum())

    def value(self, sites: Sequence[int]) -> float:
        """Covered population (existing included) of original candidate indices ``sites``."""
        pos = {int(k): i for i, k in enumerate(self.kept)}
        return self.base + self.value_local([pos[s] for s in sites if s in pos])

    def _tol(self) -> float:
        return (1.0 - 1e-3) if self.integral else 1e-9 * max(1.0, self.w.sum())

    def _to_sites(self, local: Sequence[int], p: int) -> list:
        sites = [int(self.kept[j]) for j in local]
        if len(sites) < p:  # fill with unused candidates that add nothing (only when fewer kept than p)
            used = set(sites)
            for j in range(self.n_candidates):
                if len(sites) >= p:
                    break
                if j not in used:
                    sites.append(j)
                    used.add(j)
        return sites

    # -- greedy ---------------------------------------------------------------------------------------------
    def _greedy_local(self, p: Optional[int] = None, needed: Optional[float] = None):
        """Greedy on kept columns: p sites (MCLP) or until ``needed`` newly covered (LSCP).

        Returns (local positions, a-posteriori upper bound on the best newly covered population with p sites).
        """
        m = self.rows.shape[1]
        uncovered = np.ones(self.rows.shape[0], dtype=bool)
        chosen: list = []
        got = 0.0
        bound = np.inf
        limit = m if p is None else min(p, m)
        while len(chosen) < limit:
            if len(chosen) % 16 == 0:
                self.check()
            gains = self.rows_t @ (self.w * uncovered)
            if chosen:
                gains[chosen] = -1.0
            if p is not None:
                top = np.sort(np.maximum(gains, 0))[::-1][:p].sum()
                bound = min(bound, got + top)
            j = int(np.argmax(gains))
            if gains[j] <= 0:
                break
            chosen.append(j)
            got += gains[j]
            uncovered[self.cols.indices[self.cols.indptr[j]:self.cols.indptr[j + 1]]] = False
            if needed is not None and got >= needed - 1e-9 * max(1.0, needed):
                break
        if p is not None:
            # stopped early: nothing adds anything (bound = value); else the final a-posteriori bound
            final = got if len(chosen) < limit else got + self._top_gains(uncovered, chosen, p)
            bound = min(bound, final)
        return chosen, got, bound

    def _top_gains(self, uncovered, chosen, p) -> float:
        gains = self.rows_t @ (self.w * uncovered)
        if chosen:
            gains[chosen] = 0.0
        return float(np.sort(np.maximum(gains, 0))[::-1][:p].sum())

    def greedy(self, p: int):
        local, got, bound = self._greedy_local(p=p)
        return self._to_sites(local, p), self.base + bound

    def greedy_until(self, needed: float) -> list:
        local, got, _ = self._greedy_local(needed=needed)
        return [int(self.kept[j]) for j in local]

    def lscp_lower_bound(self, needed: float) -> int:
        """Fewest sites whose individual coverages could add up to ``needed`` (a valid lower bound)."""
        sizes = np.sort(self.rows_t @ self.w)[::-1]
        csum = np.cumsum(sizes)
        k = int(np.searchsorted(csum, needed - 1e-9 * max(1.0, needed))) + 1
        return max(1, min(k, len(sizes)))

    # -- swap local search ------------------------------------------------------------------------------------
    def _swap_local(self, local: list, deadline: float, max_rounds: Optional[int] = None) -> list:
        """Best-improvement single swaps (one chosen site out, one other in) until none improves."""
        from scipy import sparse

        S = list(local)
        p = len(S)
        if p == 0 or p >= self.rows.shape[1]:
            return S
        cnt = self._cnt(S)
        rounds = 0
        max_rounds = max_rounds or 50 * p + 100
        while rounds < max_rounds and time.perf_counter() < deadline:
            rounds += 1
            self.check()
            add = self.rows_t @ (self.w * (cnt == 0))
            one = np.flatnonzero(cnt == 1)
            sub = self.rows[one][:, S]
            sole = np.asarray(sub.argmax(axis=1)).ravel() if len(one) else np.zeros(0, dtype=np.int64)
            loss = np.bincount(sole, weights=self.w[one], minlength=p)
            corr = (self.rows_t @ sparse.csr_matrix((self.w[one], (one, sole)), shape=(self.rows.shape[0], p)))
            corr = corr.tocoo()
            in_s = np.zeros(self.rows.shape[1], dtype=bool)
            in_s[S] = True
            # pairs without overlap: best add and cheapest removal
            add_out = np.where(in_s, -np.inf, add)
            j0 = int(np.argmax(add_out))
            k0 = int(np.argmin(loss))
            best, best_j, best_k = add_out[j0] - loss[k0], j0, k0
            if corr.nnz:
                d = add[corr.row] - loss[corr.col] + corr.data
                d[in_s[corr.row]] = -np.inf
                i = int(np.argmax(d))
                if d[i] > best:
                    best, best_j, best_k = d[i], int(corr.row[i]), int(corr.col[i])
            if not best > self._tol() * 0.5 + 1e-12:
                break
            out = S[best_k]
            S[best_k] = best_j
            cnt[self.cols.indices[self.cols.indptr[best_j]:self.cols.indptr[best_j + 1]]] += 1
            cnt[self.cols.indices[self.cols.indptr[out]:self.cols.indptr[out + 1]]] -= 1
        return S

    def swap_search(self, sites: list, deadline: float) -> list:
        pos = {int(k): i for i, k in enumerate(self.kept)}
        local = [pos[s] for s in sites if s in pos]
        if len(local) < len(sites):
            return sites  # filled solution: every kept candidate is already in
        return self._to_sites(self._swap_local(local, deadline), len(sites))
