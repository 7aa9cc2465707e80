"""The regionalisation of one connected area: exact when small, else growth + local search over k and
restarts, then pools of neighbouring regions re-solved."""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from .unit_exact import EXACT_MAX_BLOCKS, EXACT_POOL_BLOCKS, _exact
from .unit_exchange import _local_search
from .unit_growth import _grow
from .unit_layout import _Anchor, _Area, _Layout, _cost_key
from .unit_smoothing import smooth_boundaries


def _sub_area(area: _Area, blocks: np.ndarray, anchor_ids: list) -> _Area:
    """The part of an area made of ``blocks`` (sorted local indices), with the given anchors."""
    pos = {int(b): k for k, b in enumerate(blocks)}
    anchors = []
    for a_i in anchor_ids:
        a = area.anchors[a_i]
        anchors.append(_Anchor(members=np.array([pos[int(b)] for b in a.members], dtype=np.int64), seed=a.seed,
                               seed_row=None if a.seed_row is None else a.seed_row[blocks], label=a.label,
                               closed=a.closed))
    nbrs = [np.array([pos[int(x)] for x in area.nbrs[b] if int(x) in pos], dtype=np.int64) for b in blocks]
    return _Area(area.pop[blocks], nbrs, area.D[np.ix_(blocks, blocks)], area.rules, anchors, area.penalty,
                 area.W[blocks])


def _resolve_pairs(lay: _Layout, seed: int, check: Callable[[], None], max_rounds: int = 4) -> None:
    """Pools a region alone, with each neighbour, and (when small) with two neighbours, and splits the pool again
    (exactly when it has at most EXACT_MAX_BLOCKS blocks, else 1–3 regions by growth + local search); keeps the
    new split when the cost falls. Escapes the local optima of single-block moves."""
    area = lay.a
    tried: set = set()  # pools already re-solved without gain (unchanged pools are not tried again)
    for round_ in range(max_rounds):
        improved = False
        r = 0
        while r < lay.n_regions:
            if not len(lay.members(r)) or lay.closed[r]:
                r += 1
                continue
            def around(x):
                return {int(lay.labels[nb]) for b in lay.members(x) for nb in area.nbrs[b]} - {x}

            neighbours = sorted(around(r))
            groups = [(r,)] + [(r, s) for s in neighbours]
            small = EXACT_POOL_BLOCKS
            if len(lay.members(r)) < small:  # triples small enough for the exact search
                groups += sorted({tuple(sorted((r, s, t))) for s in neighbours for t in around(s) | set(neighbours)
                                  if t not in (r, s)
                                  and len(lay.members(r)) + len(lay.members(s)) + len(lay.members(t)) <= small})
            for group in groups:
                if any(lay.closed[x] or not len(lay.members(x)) for x in group):
                    continue
                check()
                pool = np.unique(np.concatenate([lay.members(x) for x in group]))
                key = (pool.tobytes(), tuple(len(lay.members(x)) for x in group))
                if key in tried:
                    continue
                anchors = [lay.anchor[x] for x in group if lay.anchor[x] >= 0]
                sub = _sub_area(area, pool, anchors)
                before = tuple(map(sum, zip(*[lay.region_cost(x) for x in group])))
                k_hi = min(max(int(math.floor(sub.total / area.rules.pop_min + 1e-9)), len(anchors), 1), 3, sub.n)
                k_lo = max(int(math.ceil(sub.total / area.rules.pop_max - 1e-9)) if np.isfinite(area.rules.pop_max)
                           else 1, len(anchors), 1)
                ks = [k for k in range(k_hi, min(k_lo, k_hi) - 1, -1) if len(group) == 2 or k > 1]
                best, best_cost = None, None
                if len(pool) <= small:  # small pools: the exact best split
                    best = _exact(sub)
                    best_cost = best.total_cost()
                    ks = []
                for k in ks:
                    cand = _grow(sub, k, None)
                    _local_search(cand, check)
                    cost = cand.total_cost()
                    if best is None or cand.better(tuple(x - y for x, y in zip(cost, best_cost))):
                        best, best_cost = cand, cost
                if best is not None and lay.better(tuple(x - y for x, y in zip(best_cost, before))):
                    _replace(lay, group, best, pool, anchors)
                    improved = True
                else:
                    tried.add(key)
            r += 1
        if not improved:
            return


def _replace(lay: _Layout, old: tuple, sub_lay: _Layout, pool: np.ndarray, anchors: list) -> None:
    """Puts the regions of a re-solved pool in place of the regions ``old``."""
    for r in old:
        for b in lay.members(r).tolist():
            lay.remove(r, b)
    free = list(old)
    for q in range(sub_lay.n_regions):
        m = sub_lay.members(q)
        if not len(m):
            continue
        blocks = pool[m]
        anchor = anchors[sub_lay.anchor[q]] if sub_lay.anchor[q] >= 0 else -1
        if free:
            r = free.pop(0)
            lay._set_anchor(r, anchor)
            for b in blocks.tolist():
                lay.add(r, b)
        else:
            lay.new_region(blocks, anchor=anchor)
    for r in free:  # left empty
        lay._set_anchor(r, -1)



def _regionalise(area: _Area, k_range: tuple, seed: int, restarts: int, check: Callable[[], None]) -> _Layout:
    """The best layout (:func:`_best_layout`), its boundaries then smoothed for compactness when the area knows
    its blocks' shapes."""
    lay = _best_layout(area, k_range, seed, restarts, check)
    if area.shapes is not None:
        smooth_boundaries(lay, area.shapes, check)
    return lay


def _best_layout(area: _Area, k_range: tuple, seed: int, restarts: int, check: Callable[[], None]) -> _Layout:
    """Best layout over k (from the most units down): per k, ``restarts`` constructions (growth + Lloyd rounds
    + local search); the two best layouts are then improved by re-solving pools of neighbouring regions."""
    k_lo, k_hi = k_range
    if area.n <= EXACT_MAX_BLOCKS:
        return _exact(area)
    tries, found_at = [], None
    for k in range(k_hi, k_lo - 1, -1):
        best_k = None
        for attempt in range(max(1, restarts)):
            check()
            rng = None if attempt < 2 else np.random.default_rng([seed, k, attempt])
            lay = _grow(area, k, rng, balanced=attempt % 2 == 0)
            _local_search(lay, check)
            key = _cost_key(lay.total_cost(), area)
            tries.append((key, k, attempt, lay))
            if best_k is None or key < best_k:
                best_k = key
            if key[0] == 0 and key[1] == 0:
                break  # this k keeps every rule
        if best_k[0] == 0 and best_k[1] == 0:
            if found_at is None:
                found_at = k
            if k <= found_at - 1:
                break
    tries.sort(key=lambda t: t[:3])
    best, best_cost = None, None
    for _, k, attempt, lay in tries[:2]:
        _resolve_pairs(lay, seed + 31 * k + attempt, check)
        cost = lay.total_cost()
        if best is None or lay.better(tuple(x - y for x, y in zip(cost, best_cost))):
            best, best_cost = lay, cost
    return best


# ---------------------------------------------------------------------------------------------------------
# the whole run
