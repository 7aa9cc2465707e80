"""Exact regionalisation of a small area: every connected set of blocks that keeps the anchors whole and
apart, then a dynamic programme over subsets."""

from __future__ import annotations

import numpy as np

from .unit_contiguity import connected
from .unit_layout import _Area, _Layout, _cost_key

EXACT_MAX_BLOCKS = 12  # areas this small are solved exactly
EXACT_POOL_BLOCKS = 9  # pools of neighbouring regions this small are re-split exactly


def _exact(area: _Area) -> _Layout:
    """The best layout by exhaustive search (areas of at most EXACT_MAX_BLOCKS blocks): every connected set
    of blocks that keeps the anchors whole and apart (:func:`_region_costs`), then a dynamic programme over
    subsets."""
    n = area.n
    cost = _region_costs(area)
    from functools import lru_cache

    def plus(a, b):
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])

    @lru_cache(maxsize=None)
    def best(rest: int):
        if rest == 0:
            return (0.0, 0.0, 0.0), ()
        low = rest & -rest
        others = rest ^ low
        out = None
        sub = others
        while True:
            t = sub | low
            if t in cost:
                tail = best(rest ^ t)
                if tail is not None:
                    total = plus(cost[t][:3], tail[0])
                    if out is None or _cost_key(total, area) < _cost_key(out[0], area):
                        out = (total, (t,) + tail[1])
            if sub == 0:
                break
            sub = (sub - 1) & others
        return out

    _, parts = best((1 << n) - 1)
    labels = np.full(n, -1, dtype=np.int64)
    anchors = []
    for r, t in enumerate(sorted(parts)):
        labels[[i for i in range(n) if t >> i & 1]] = r
        anchors.append(cost[t][3])
    return _Layout.from_labels(area, labels, anchors)


def _region_costs(area: _Area) -> dict:
    """{bit mask of blocks: (band violation, walking excess, weighted distance, anchor or -1)} of every
    connected set of blocks that holds at most one anchor, whole (and a closed anchor's blocks only)."""
    n = area.n
    anchor_mask = [sum(1 << int(b) for b in a.members) for a in area.anchors]
    pop, D = area.pop, area.D
    W, pmin, pmax = area.W, area.rules.pop_min, area.rules.pop_max
    cost: dict = {}
    for mask in range(1, 1 << n):
        blocks = [i for i in range(n) if mask >> i & 1]
        if not connected(blocks, area.nbrs_list):
            continue
        which = [k for k, am in enumerate(anchor_mask) if mask & am]
        if len(which) > 1 or any((mask & anchor_mask[k]) != anchor_mask[k] for k in which):
            continue
        if which and area.anchors[which[0]].closed and mask != anchor_mask[which[0]]:
            continue
        m = np.array(blocks, dtype=np.int64)
        P = float(pop[m].sum())
        if which and area.anchors[which[0]].seed >= 0:
            d = area.anchors[which[0]].seed_row[m]
            wd = float(pop[m] @ d)
        else:
            sv = D[np.ix_(m, m)] @ pop[m]
            c = int(np.argmin(sv))
            d, wd = D[m[c], m], float(sv[c])
        cost[mask] = (max(0.0, pmin - P) + max(0.0, P - pmax), float(np.maximum(d - W[m], 0.0).sum()), wd,
                      which[0] if which else -1)
    return cost
