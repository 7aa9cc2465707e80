"""Local search on a layout: boundary-block moves, merges of regions below the floor, and exchanges of two
blocks between neighbouring regions, whenever the cost falls and every region stays contiguous."""

from __future__ import annotations

from typing import Callable

import numpy as np

from .unit_contiguity import stays_connected
from .unit_layout import _Layout, _improving


def _removal_costs(lay: _Layout, r: int):
    """Cost of region r without each of its members: (band, walk, wd) arrays over ``lay.members(r)``."""
    a = lay.a
    m = lay.members(r)
    W = a.W[m]
    P = lay.P[r] - a.pop[m]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[r] is not None:
        d = lay.seed_row[r][m]
        wd_all = float(a.pop[m] @ d)
        walk_all = float(np.maximum(d - W, 0.0).sum())
        return band, walk_all - np.maximum(d - W, 0.0), wd_all - a.pop[m] * d
    q = len(m)
    Dm = a.D[np.ix_(m, m)]
    M = lay.S[r][m][None, :] - a.pop[m][:, None] * Dm
    M[np.arange(q), np.arange(q)] = np.inf
    k = np.argmin(M, axis=1)
    wd = M[np.arange(q), k]
    excess = np.maximum(Dm[k] - W, 0.0)
    excess[np.arange(q), np.arange(q)] = 0.0
    return band, excess.sum(axis=1), wd


def _addition_costs(lay: _Layout, s: int, cand: np.ndarray):
    """Cost of region s with each candidate block added: (band, walk, wd) arrays over ``cand``."""
    a = lay.a
    m = lay.members(s)
    W, W_cand = a.W[m], a.W[cand]
    P = lay.P[s] + a.pop[cand]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[s] is not None:
        d_m = lay.seed_row[s][m]
        d_c = lay.seed_row[s][cand]
        wd = float(a.pop[m] @ d_m) + a.pop[cand] * d_c
        walk = float(np.maximum(d_m - W, 0.0).sum()) + np.maximum(d_c - W_cand, 0.0)
        return band, walk, wd
    q = len(m)
    Dcm = a.D[np.ix_(cand, m)]
    full = np.hstack([lay.S[s][m][None, :] + a.pop[cand][:, None] * Dcm, lay.S[s][cand][:, None]])
    k = np.argmin(full, axis=1)
    wd = full[np.arange(len(cand)), k]
    centre = np.where(k < q, m[np.minimum(k, q - 1)], cand)
    walk = np.maximum(a.D[np.ix_(centre, m)] - W, 0.0).sum(axis=1) + np.maximum(a.D[centre, cand] - W_cand, 0.0)
    return band, walk, wd


def _exchange_costs(lay: _Layout, r: int, out: np.ndarray, into: np.ndarray):
    """Cost of region r giving up block ``out[i]`` and taking ``into[j]``: (band, walk, wd), each (X × Y)."""
    a = lay.a
    m = lay.members(r)
    W = a.W
    X = len(out)
    P = lay.P[r] - a.pop[out][:, None] + a.pop[into][None, :]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[r] is not None:
        row = lay.seed_row[r]
        wd_all = float(a.pop[m] @ row[m])
        walk_all = float(np.maximum(row[m] - W[m], 0.0).sum())
        wd = wd_all - (a.pop[out] * row[out])[:, None] + (a.pop[into] * row[into])[None, :]
        walk = walk_all - np.maximum(row[out] - W[out], 0.0)[:, None] + np.maximum(row[into] - W[into], 0.0)[None, :]
        return band, walk, wd
    q = len(m)
    pos_out = np.searchsorted(m, out)
    # S after the exchange, at the members (X × Y × q) and at the incoming block (X × Y)
    s_m = (lay.S[r][m][None, None, :] - (a.pop[out][:, None] * a.D[np.ix_(m, out)].T)[:, None, :]
           + (a.pop[into][:, None] * a.D[np.ix_(m, into)].T)[None, :, :])
    s_m[np.arange(X), :, pos_out] = np.inf
    s_in = lay.S[r][into][None, :] - a.pop[out][:, None] * a.D[np.ix_(out, into)]
    full = np.concatenate([s_m, s_in[:, :, None]], axis=2)
    k = np.argmin(full, axis=2)
    wd = np.take_along_axis(full, k[:, :, None], axis=2)[:, :, 0]
    centre = np.where(k < q, m[np.minimum(k, q - 1)], into[None, :])
    excess = np.maximum(a.D[centre][:, :, m] - W[m], 0.0)
    excess[np.arange(X), :, pos_out] = 0.0
    walk = excess.sum(axis=2) + np.maximum(a.D[centre, into[None, :]] - W[into][None, :], 0.0)
    return band, walk, wd


def _swap_pass(lay: _Layout, check: Callable[[], None]) -> bool:
    """Exchanges one block each between neighbouring regions where that lowers the cost (both stay
    contiguous); the best exchange per pair of regions, pairs in order of gain, each region once."""
    area = lay.a
    R = lay.n_regions
    cost = [lay.region_cost(r) for r in range(R)]
    border: dict = {}
    for r in range(R):
        if lay.closed[r]:
            continue
        for b in lay.members(r).tolist():
            if area.fixed[b] >= 0:
                continue
            for nb in area.nbrs_list[b]:
                s = int(lay.labels[nb])
                if s != r and not lay.closed[s]:
                    border.setdefault((r, s), set()).add(b)
    found = []
    for (r, s), out_r in sorted(border.items()):
        if r > s or (s, r) not in border:
            continue
        check()
        x = np.array(sorted(out_r), dtype=np.int64)
        y = np.array(sorted(border[(s, r)]), dtype=np.int64)
        br, wr, dr = _exchange_costs(lay, r, x, y)
        bs, ws, ds = _exchange_costs(lay, s, y, x)
        d_band = br + bs.T - cost[r][0] - cost[s][0]
        d_walk = wr + ws.T - cost[r][1] - cost[s][1]
        d_wd = dr + ds.T - cost[r][2] - cost[s][2]
        ok = np.argwhere(_improving(area, d_band, d_walk, d_wd))
        if not len(ok):
            continue
        keys = sorted((round(float(d_band[i, j]), 6), round(float(d_walk[i, j]), 6), float(d_wd[i, j]), int(i),
                       int(j)) for i, j in ok)
        found.append((keys, r, s, x, y))
    found.sort(key=lambda f: f[0][0][:3])
    touched: set = set()
    swapped = False
    for keys, r, s, x, y in found:
        if r in touched or s in touched:
            continue
        for *_, i, j in keys[:10]:
            b, c = int(x[i]), int(y[j])
            if _exchange_keeps_contiguity(lay, r, b, c) and _exchange_keeps_contiguity(lay, s, c, b):
                lay.remove(r, b)
                lay.remove(s, c)
                lay.add(s, b)
                lay.add(r, c)
                touched.update((r, s))
                swapped = True
                break
    return swapped


def _exchange_keeps_contiguity(lay: _Layout, r: int, out: int, into: int) -> bool:
    """Does region r stay one piece when it gives up block ``out`` and takes block ``into``?"""
    return stays_connected(lay.members(r).tolist(), lay.a.nbrs_list, out=out, into=into)



def _local_search(lay: _Layout, check: Callable[[], None], max_passes: int = 400, swaps: bool = True) -> None:
    """Moves boundary blocks to neighbouring regions (best moves first, one per region and pass) and merges
    regions below the floor, while the cost falls lexicographically and every region stays contiguous."""
    area = lay.a
    for _ in range(max_passes):
        check()
        R = lay.n_regions
        cost = [lay.region_cost(r) for r in range(R)]
        removal = {}
        for r in range(R):
            if len(lay.members(r)) > 1 and not (lay.closed[r] and area.fixed[lay.members(r)].min() >= 0):
                removal[r] = dict(zip(lay.members(r).tolist(), zip(*_removal_costs(lay, r))))
        moves = []
        for s in range(R):
            m = lay.members(s)
            if lay.closed[s] or not len(m):
                continue
            cand = np.unique(np.concatenate([area.nbrs[b] for b in m]))
            cand = cand[(lay.labels[cand] != s) & (area.fixed[cand] < 0)]
            cand = np.array([c for c in cand.tolist() if int(lay.labels[c]) in removal], dtype=np.int64)
            if not len(cand):
                continue
            add_band, add_walk, add_wd = _addition_costs(lay, s, cand)
            src = lay.labels[cand]
            rem = np.array([removal[int(r)][int(c)] for r, c in zip(src, cand)]).reshape(-1, 3)
            old = np.array([cost[int(r)] for r in src]).reshape(-1, 3)
            d_band = add_band - cost[s][0] + rem[:, 0] - old[:, 0]
            d_walk = add_walk - cost[s][1] + rem[:, 1] - old[:, 1]
            d_wd = add_wd - cost[s][2] + rem[:, 2] - old[:, 2]
            ok = _improving(area, d_band, d_walk, d_wd)
            for i in np.flatnonzero(ok):
                moves.append((round(float(d_band[i]), 6), round(float(d_walk[i]), 6), float(d_wd[i]),
                              int(cand[i]), int(src[i]), s))
        moved = False
        touched: set = set()
        for *_, b, r, s in sorted(moves):
            if r in touched or s in touched or not lay.connected_without(r, b):
                continue
            lay.remove(r, b)
            lay.add(s, b)
            touched.update((r, s))
            moved = True
        if not moved and not _merge_pass(lay) and not (swaps and _swap_pass(lay, check)):
            return


def _merge_pass(lay: _Layout) -> bool:
    """Merges a region below the floor into the neighbour where that lowers the cost most."""
    area = lay.a
    merged = False
    for r in range(lay.n_regions):
        if not len(lay.members(r)) or lay.P[r] >= area.rules.pop_min or lay.closed[r]:
            continue
        neighbours = sorted({int(lay.labels[nb]) for b in lay.members(r) for nb in area.nbrs[b]} - {r})
        best, best_delta = None, None
        cost_r = lay.region_cost(r)
        for s in neighbours:
            if lay.closed[s] or not len(lay.members(s)):
                continue
            if lay.anchor[r] >= 0 and lay.anchor[s] >= 0:
                continue  # two anchors (seeds or locked units) never merge
            keep, gone = (r, s) if lay.anchor[r] >= 0 else (s, r)
            m = np.union1d(lay.members(r), lay.members(s))
            pop = lay.P[r] + lay.P[s]
            s_vals = lay.S[keep][m] + lay.S[gone][m]
            after = lay.evaluate(m, pop, s_vals, lay.seed_row[keep])
            delta = tuple(x - y - z for x, y, z in zip(after, cost_r, lay.region_cost(s)))
            if lay.better(delta) and (best is None or lay.better(tuple(x - y for x, y in zip(delta, best_delta)))):
                best, best_delta = s, delta
        if best is not None:
            keep, gone = (r, best) if lay.anchor[r] >= 0 else (best, r)
            for b in list(lay.members(gone)):
                lay.remove(gone, int(b))
                lay.add(keep, int(b))
            merged = True
    return merged
