"""A layout of one connected area under construction: the area (blocks, populations, neighbours, walking
distances, anchors), its regions, and their cost (band violation, walking excess, weighted distance), compared
lexicographically."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from .unit_contiguity import stays_connected
from .unit_rules import UnitRules


@dataclass
class _Anchor:
    members: np.ndarray  # local blocks fixed to this unit (locked blocks, or the seed's block)
    seed: int = -1  # global seed index (the centre) or -1
    seed_row: Optional[np.ndarray] = None  # distances from the seed to the area's blocks (penalised)
    label: Optional[str] = None  # locked label
    closed: bool = False  # takes no other blocks


class _Area:
    """One connected area: blocks 0..n-1, populations, neighbours, dense walking distances (penalised)."""

    def __init__(self, pop, nbrs, dist, rules: UnitRules, anchors: list, penalty: float, walk_limit=None):
        self.n = len(pop)
        self.pop = np.asarray(pop, dtype=float)
        # each block's walking radius from its unit's centre (MAX_WALK, or its type's)
        self.W = np.full(self.n, rules.max_walk) if walk_limit is None else np.asarray(walk_limit, dtype=float)
        self.nbrs = nbrs
        self.D = dist
        self.rules = rules
        self.anchors = anchors
        self.penalty = penalty
        self.fixed = np.full(self.n, -1, dtype=np.int64)  # anchor holding each fixed block
        for a_i, a in enumerate(anchors):
            self.fixed[a.members] = a_i
        self.total = float(self.pop.sum())
        self.tol = 1e-9 * max(self.total, 1.0)
        self.nbrs_list = [x.tolist() for x in nbrs]
        self.shapes = None  # the blocks' areas, perimeters and shared boundaries (unit_smoothing.BlockShapes)


class _Layout:
    """Regions of an area under construction and local search (members derived from ``labels``)."""

    def __init__(self, area: _Area):
        self.a = area
        self.labels = np.full(area.n, -1, dtype=np.int64)
        self.P: list = []
        self.S: list = []  # S[r][c] = sum_j in r p_j D[c, j]: the weighted distance were c the centre
        self.seed_row: list = []
        self.closed: list = []
        self.anchor: list = []
        self._members: list = []

    @property
    def n_regions(self) -> int:
        return len(self.P)

    def members(self, r: int) -> np.ndarray:
        if self._members[r] is None:
            self._members[r] = np.flatnonzero(self.labels == r)
        return self._members[r]

    # -- building --------------------------------------------------------------------------------------------
    def new_region(self, blocks: Sequence[int], anchor: int = -1) -> int:
        a = self.a
        r = len(self.P)
        blocks = np.asarray(blocks, dtype=np.int64)
        self.labels[blocks] = r
        self.P.append(float(a.pop[blocks].sum()))
        self.S.append(a.D[:, blocks] @ a.pop[blocks])
        self._set_anchor(r, anchor, append=True)
        self._members.append(None)
        return r

    def _set_anchor(self, r: int, anchor: int, append: bool = False) -> None:
        anc = self.a.anchors[anchor] if anchor >= 0 else None
        values = (anc.seed_row if anc is not None and anc.seed >= 0 else None,
                  bool(anc.closed) if anc is not None else False, anchor)
        if append:
            self.seed_row.append(values[0])
            self.closed.append(values[1])
            self.anchor.append(values[2])
        else:
            self.seed_row[r], self.closed[r], self.anchor[r] = values

    @classmethod
    def from_labels(cls, area: _Area, labels: np.ndarray, anchors: list) -> "_Layout":
        """A layout from region labels 0..R-1; ``anchors[r]`` is region r's anchor (-1 for none)."""
        lay = cls(area)
        lay.labels = np.asarray(labels, dtype=np.int64).copy()
        R = len(anchors)
        onehot = np.zeros((R, area.n))
        onehot[lay.labels, np.arange(area.n)] = area.pop
        S = onehot @ area.D.T
        for r in range(R):
            lay.P.append(float(onehot[r].sum()))
            lay.S.append(S[r])
            lay._set_anchor(r, anchors[r], append=True)
            lay._members.append(None)
        return lay

    def add(self, r: int, b: int) -> None:
        a = self.a
        self.labels[b] = r
        self.P[r] += a.pop[b]
        self.S[r] = self.S[r] + a.pop[b] * a.D[:, b]
        self._members[r] = None

    def remove(self, r: int, b: int) -> None:
        a = self.a
        self.P[r] -= a.pop[b]
        self.S[r] = self.S[r] - a.pop[b] * a.D[:, b]
        self.labels[b] = -1
        self._members[r] = None

    def centre_of(self, r: int) -> int:
        m = self.members(r)
        if self.seed_row[r] is not None or not len(m):
            return -1
        return int(m[np.argmin(self.S[r][m])])

    # -- costs ------------------------------------------------------------------------------------------------
    def band(self, population: float) -> float:
        rules = self.a.rules
        return max(0.0, rules.pop_min - population) + max(0.0, population - rules.pop_max)

    def evaluate(self, members: np.ndarray, population: float, s_values: np.ndarray, seed_row) -> tuple:
        """(band violation, walking excess, weighted distance) of a region with these members, where
        ``s_values`` are its S at the members."""
        a = self.a
        if not len(members):
            return (0.0, 0.0, 0.0)
        if seed_row is not None:
            d = seed_row[members]
            wd = float(a.pop[members] @ d)
        else:
            k = int(np.argmin(s_values))
            d = a.D[members[k], members]
            wd = float(s_values[k])
        walk = float(np.maximum(d - a.W[members], 0.0).sum())
        return (self.band(population), walk, wd)

    def region_cost(self, r: int) -> tuple:
        m = self.members(r)
        return self.evaluate(m, self.P[r], self.S[r][m], self.seed_row[r])

    def total_cost(self) -> tuple:
        c = [self.region_cost(r) for r in range(self.n_regions) if len(self.members(r))]
        return (sum(x[0] for x in c), sum(x[1] for x in c), sum(x[2] for x in c))

    def better(self, delta: tuple) -> bool:
        return bool(_improving(self.a, np.array([delta[0]]), np.array([delta[1]]), np.array([delta[2]]))[0])

    # -- contiguity -------------------------------------------------------------------------------------------
    def connected_without(self, r: int, b: int) -> bool:
        """Does region r stay one piece without block b?"""
        return stays_connected(self.members(r).tolist(), self.a.nbrs_list, out=b)



def _improving(a: _Area, band, walk, wd) -> np.ndarray:
    tol_wd = 1e-9 * max(a.total, 1.0) * max(a.rules.max_walk, 1.0)
    return (band < -a.tol) | ((np.abs(band) <= a.tol) & ((walk < -1e-6) | ((np.abs(walk) <= 1e-6) & (wd < -tol_wd))))



def _cost_key(cost: tuple, a: _Area) -> tuple:
    return (round(cost[0] / max(a.tol, 1e-12)) if cost[0] > a.tol else 0, round(cost[1], 6), cost[2])
