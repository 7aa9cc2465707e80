"""Growing units: centres by a greedy population-weighted p-median, regions grown over the adjacency graph in
order of walking distance, leftovers attached, Lloyd rounds."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np

from .unit_contiguity import pieces
from .unit_layout import _Anchor, _Area, _Layout


def _choose_centres(area: _Area, k: int, rng: Optional[np.random.Generator]) -> list:
    """Greedy population-weighted p-median on walking distance; anchors' centres first."""
    D, p = area.D, area.pop
    cur = np.full(area.n, area.penalty)
    for a in area.anchors:
        cur = np.minimum(cur, _anchor_row(area, a))
    free = area.fixed < 0
    chosen: list = []
    for _ in range(max(0, k - len(area.anchors))):
        gain = np.maximum(cur[None, :] - D, 0.0) @ p
        gain[~free] = -1.0
        gain[chosen] = -1.0
        if gain.max() < 0:
            break
        if rng is None:
            c = int(np.argmax(gain))
        else:
            top = np.argsort(-gain, kind="stable")[:4]
            top = top[gain[top] >= 0]
            w = gain[top] - gain[top].min() + 1e-9
            c = int(rng.choice(top, p=w / w.sum()))
        chosen.append(c)
        cur = np.minimum(cur, D[c])
    return chosen


def _anchor_row(area: _Area, a: _Anchor) -> np.ndarray:
    """Distances from an anchor's centre (its seed, or its blocks' weighted median) to the area's blocks."""
    if a.seed >= 0:
        return a.seed_row
    m = a.members
    return area.D[m[np.argmin(area.D[np.ix_(m, m)] @ area.pop[m])]]


def _grow_labels(area: _Area, starts: list, rows: list, closed: list, cap: float) -> np.ndarray:
    """Labels from growing each region from its start blocks over the adjacency graph, nearest blocks (by its
    row of distances) first, while it holds less than ``cap`` and stays within POP_MAX; -1 where none grew."""
    import heapq

    labels = np.full(area.n, -1, dtype=np.int64)
    P = [0.0] * len(starts)
    heap: list = []
    nbrs = area.nbrs_list
    pop = area.pop.tolist()
    for r, blocks in enumerate(starts):
        for b in blocks:
            labels[b] = r
            P[r] += pop[b]
    for r, blocks in enumerate(starts):
        if closed[r]:
            continue
        row = rows[r]
        for b in blocks:
            for nb in nbrs[b]:
                if labels[nb] < 0:
                    heapq.heappush(heap, (row[nb], r, nb))
    pop_max, tol = area.rules.pop_max, area.tol
    while heap:
        _, r, b = heapq.heappop(heap)
        if labels[b] >= 0 or P[r] >= cap - tol or P[r] + pop[b] > pop_max + tol:
            continue
        labels[b] = r
        P[r] += pop[b]
        row = rows[r]
        for nb in nbrs[b]:
            if labels[nb] < 0:
                heapq.heappush(heap, (row[nb], r, nb))
    return labels


def _attach_labels(area: _Area, labels: np.ndarray, rows: list, closed: list, anchors: list) -> tuple:
    """Blocks no region took: clusters of them within the band become regions (appended); the rest join the
    neighbouring open region whose centre is nearest, breadth first."""
    nbrs = area.nbrs_list
    rows, closed, anchors = list(rows), list(closed), list(anchors)
    for comp in pieces(np.flatnonzero(labels < 0).tolist(), nbrs):
        members = np.array(comp, dtype=np.int64)
        pop = area.pop[members].sum()
        if area.rules.pop_min <= pop <= area.rules.pop_max:
            labels[members] = len(rows)
            c = members[np.argmin(area.D[np.ix_(members, members)] @ area.pop[members])]
            rows.append(area.D[c])
            closed.append(False)
            anchors.append(-1)
    while True:
        left = np.flatnonzero(labels < 0).tolist()
        if not left:
            break
        progressed = False
        for b in left:
            best, best_d = -1, math.inf
            for nb in nbrs[b]:
                r = int(labels[nb])
                if r >= 0 and not closed[r] and rows[r][b] < best_d:
                    best, best_d = r, rows[r][b]
            if best >= 0:
                labels[b] = best
                progressed = True
        if not progressed:  # enclosed by closed (locked) units only: a region of their own
            labels[left[0]] = len(rows)
            rows.append(area.D[left[0]])
            closed.append(False)
            anchors.append(-1)
    return labels, rows, closed, anchors


def _grow(area: _Area, k: int, rng: Optional[np.random.Generator], balanced: bool = True,
          lloyd: int = 6) -> _Layout:
    """Seeded growth by walking distance from k centres (anchors first, then a greedy p-median), up to the
    mean unit size (``balanced``) or POP_MAX, then Lloyd rounds: each region's weighted median becomes its
    new centre and the regions grow again, until the centres stay put."""
    starts = [a.members.tolist() for a in area.anchors]
    rows = [_anchor_row(area, a) for a in area.anchors]
    closed = [a.closed for a in area.anchors]
    anchors = list(range(len(area.anchors)))
    for c in _choose_centres(area, k, rng):
        starts.append([c])
        rows.append(area.D[c])
        closed.append(False)
        anchors.append(-1)
    n_fixed = len(area.anchors)
    target = area.total / max(len(starts), 1)
    cap = min(area.rules.pop_max, max(target, area.rules.pop_min)) if balanced else area.rules.pop_max
    previous = None
    for _ in range(max(1, lloyd)):
        labels = _grow_labels(area, starts, rows, closed, cap)
        labels, rows_all, closed_all, anchors_all = _attach_labels(area, labels, rows, closed, anchors)
        centres = []
        for r in range(n_fixed, len(rows_all)):
            m = np.flatnonzero(labels == r)
            centres.append(int(m[np.argmin(area.D[np.ix_(m, m)] @ area.pop[m])]) if len(m) else -1)
        if centres == previous:
            break
        previous = centres
        starts = starts[:n_fixed] + [[c] for c in centres if c >= 0]
        rows = rows[:n_fixed] + [area.D[c] for c in centres if c >= 0]
        closed = closed[:n_fixed] + [False] * sum(c >= 0 for c in centres)
        anchors = anchors[:n_fixed] + [-1] * sum(c >= 0 for c in centres)
    return _Layout.from_labels(area, labels, anchors_all)
