"""Walking distances between blocks (and from seeds) for unit delineation: straight line, or along the
walking network between the blocks' snapped representative points."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np


class WalkDistances:
    """Distances between blocks' representative points (and from seeds), by network or straight line."""

    kind = "straight line"

    def __init__(self, block_xy: np.ndarray, seed_xy: Optional[np.ndarray] = None):
        self.block_xy = np.asarray(block_xy, dtype=float).reshape(-1, 2)
        self.seed_xy = np.zeros((0, 2)) if seed_xy is None else np.asarray(seed_xy, dtype=float).reshape(-1, 2)

    @property
    def block_reachable(self) -> np.ndarray:
        return np.isfinite(self.block_xy).all(axis=1)

    @property
    def seed_reachable(self) -> np.ndarray:
        return np.isfinite(self.seed_xy).all(axis=1)

    def blocks_to_blocks(self, rows: np.ndarray, cols: np.ndarray, limit: float = math.inf) -> np.ndarray:
        """Dense (len(rows) × len(cols)) distances, inf beyond ``limit`` or where unreachable."""
        a, b = self.block_xy[rows], self.block_xy[cols]
        d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
        return np.where(np.isfinite(d) & (d <= limit), d, np.inf)

    def seeds_to_blocks(self, rows: np.ndarray, cols: np.ndarray, limit: float = math.inf) -> np.ndarray:
        a, b = self.seed_xy[rows], self.block_xy[cols]
        d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
        return np.where(np.isfinite(d) & (d <= limit), d, np.inf)

    def prepare(self, limit: float, progress=None, is_cancelled=None) -> None:
        """Computes what later queries up to ``limit`` need (nothing for straight lines)."""


class NetworkDistances(WalkDistances):
    """Network distances between snapped representative points (exact, access legs included)."""

    kind = "network"

    def __init__(self, network, block_xy: np.ndarray, seed_xy: Optional[np.ndarray] = None,
                 snap_tolerance: float = 150.0):
        super().__init__(block_xy, seed_xy)
        self.network = network
        xy = np.where(np.isfinite(self.block_xy), self.block_xy, 0.0)
        self.block_snap = network.snap(xy, snap_tolerance)
        self.block_snap.edge[~np.isfinite(self.block_xy).all(axis=1)] = -1
        sets = {"blocks": self.block_snap}
        if len(self.seed_xy):
            sxy = np.where(np.isfinite(self.seed_xy), self.seed_xy, 0.0)
            self.seed_snap = network.snap(sxy, snap_tolerance)
            self.seed_snap.edge[~np.isfinite(self.seed_xy).all(axis=1)] = -1
            sets["seeds"] = self.seed_snap
        else:
            self.seed_snap = None
        self.router = network.router(sets)
        self._matrix = None
        self._seed_matrix = None
        self._limit = 0.0

    @property
    def block_reachable(self) -> np.ndarray:
        return self.block_snap.edge >= 0

    @property
    def seed_reachable(self) -> np.ndarray:
        return np.zeros(0, dtype=bool) if self.seed_snap is None else self.seed_snap.edge >= 0

    def prepare(self, limit: float, progress=None, is_cancelled=None) -> None:
        self._limit = float(limit)
        self._matrix = self.router.distance_matrix("blocks", "blocks", self._limit, progress=progress,
                                                   is_cancelled=is_cancelled).tocsr()
        if self.seed_snap is not None:
            self._seed_matrix = self.router.distance_matrix("seeds", "blocks", self._limit).tocsr()

    def _dense(self, matrix, rows, cols, source_set, limit):
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if matrix is None or limit > self._limit:
            n_src = len(self.block_snap.edge) if source_set == "blocks" else len(self.seed_snap.edge)
            mask = np.zeros(n_src, dtype=bool)
            mask[rows] = True
            matrix = self.router.distance_matrix(source_set, "blocks", limit, source_mask=mask).tocsr()
        sub = matrix[rows][:, cols].toarray()
        sub[sub == 0] = np.inf  # not stored = beyond the limit (0 m pairs are stored as a tiny value)
        sub[sub > limit] = np.inf
        return sub

    def blocks_to_blocks(self, rows, cols, limit: float = math.inf) -> np.ndarray:
        return self._dense(self._matrix, rows, cols, "blocks", limit)

    def seeds_to_blocks(self, rows, cols, limit: float = math.inf) -> np.ndarray:
        return self._dense(self._seed_matrix, rows, cols, "seeds", limit)
