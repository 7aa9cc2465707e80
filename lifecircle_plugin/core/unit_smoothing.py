"""Boundary smoothing: once the search has settled the band and the walking radius, blocks move between
neighbouring units where that makes the units more compact (isoperimetric quotient 4πA/P²) without breaking
any rule the layout keeps.

A unit's area is the sum of its blocks' areas, its perimeter the sum of their perimeters less twice the boundary
each pair of its blocks shares (the adjacency's facing length, so streets between blocks close as on the map).
Moving block b from unit r to a neighbouring unit s changes only r and s:

    A_r' = A_r − a_b,   P_r' = P_r − p_b + 2·c(b, r∖b)      A_s' = A_s + a_b,   P_s' = P_s + p_b − 2·c(b, s)

where c(b, X) is the boundary b shares with the blocks of X. Three kinds of change, each taken when the
changed units' summed quotient rises by MIN_GAIN or more and every changed unit keeps its allowance — its band
violation does not rise; a unit within its walking radius stays within it; a unit beyond it gets no farther
beyond than the area's worst before smoothing (so the area's worst radius never grows) — and stays contiguous:

- a block moves to a neighbouring unit (the best moves first, each unit once per pass);
- two units exchange one boundary block each (the best exchange per pair of units);
- a chain: a unit at its population floor gives a block to a neighbour and takes one back from a third unit.

Passes repeat until none helps. What is traded for shape: the population-weighted walking distance (the third
term of the search's cost) and the summed excess of units already beyond their radius (the second), never the
band, never a unit's being within its radius, never the worst radius.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .unit_contiguity import stays_connected
from .unit_layout import _Layout

#: the least rise of the summed quotient a move must bring (guards against float noise and endless cycling)
MIN_GAIN = 1e-4


@dataclass
class BlockShapes:
    """Each block's area (m²) and perimeter (m), and the boundary (m) each pair of neighbours shares, as arrays
    over the directed pairs (``start`` → ``end``, both directions of each neighbour pair)."""

    area: np.ndarray
    perimeter: np.ndarray
    start: np.ndarray
    end: np.ndarray
    contact: np.ndarray

    @classmethod
    def of(cls, area: Sequence[float], perimeter: Sequence[float], nbrs: Sequence, contact: Sequence) -> "BlockShapes":
        """From per-block lists: ``contact[b][k]`` is the boundary b shares with ``nbrs[b][k]``."""
        start = np.repeat(np.arange(len(nbrs)), [len(x) for x in nbrs]).astype(np.int64)
        end = np.concatenate([np.asarray(x, dtype=np.int64) for x in nbrs]) if len(nbrs) else np.zeros(0, np.int64)
        length = np.concatenate([np.asarray(x, dtype=float) for x in contact]) if len(nbrs) else np.zeros(0)
        return cls(np.asarray(area, dtype=float), np.asarray(perimeter, dtype=float), start, end, length)


def quotient(area, perimeter):
    """The isoperimetric quotient 4πA/P² (0 where the perimeter is 0)."""
    area, perimeter = np.asarray(area, dtype=float), np.asarray(perimeter, dtype=float)
    return np.where(perimeter > 0, 4.0 * np.pi * area / np.maximum(perimeter, 1e-12) ** 2, 0.0)


def unit_shapes(labels: np.ndarray, shapes: BlockShapes, n_regions: int) -> tuple:
    """(area, perimeter) of each region 0..n_regions-1 (labels -1 count nowhere)."""
    keep = labels >= 0
    area = np.bincount(labels[keep], weights=shapes.area[keep], minlength=n_regions)
    perimeter = np.bincount(labels[keep], weights=shapes.perimeter[keep], minlength=n_regions)
    inner = (labels[shapes.start] == labels[shapes.end]) & (labels[shapes.start] >= 0)
    perimeter -= np.bincount(labels[shapes.start[inner]], weights=shapes.contact[inner], minlength=n_regions)
    return area, perimeter


def smooth_boundaries(lay: _Layout, shapes: BlockShapes, check: Callable[[], None], max_passes: int = 200) -> int:
    """Moves boundary blocks between neighbouring regions while that makes them more compact and keeps the
    band, the walking radius and contiguity (see the module docstring); returns the number of moves."""
    moved = 0
    cap = max([_worst_excess(lay, r) for r in range(lay.n_regions) if len(lay.members(r))] + [0.0])
    for _ in range(max_passes):
        check()
        done = _smoothing_pass(lay, shapes, cap) or _swap_pass(lay, shapes, cap) or _chain_pass(lay, shapes, cap)
        moved += done
        if not done:
            break
    return moved


def _smoothing_pass(lay: _Layout, shapes: BlockShapes, cap: float) -> int:
    """One pass: the best compactness moves, each region at most once; returns how many were made."""
    moves = _compactness_moves(lay, shapes, cap)
    touched: set = set()
    made = 0
    for _, b, r, s in moves:
        if r in touched or s in touched or not lay.connected_without(r, b):
            continue
        _move(lay, b, r, s)
        touched.update((r, s))
        made += 1
    return made


def _boundary_moves(lay: _Layout, shapes: BlockShapes) -> tuple:
    """Candidate moves (block, from region, to region) over the boundaries between movable regions, with the
    boundary the block shares with its own region and with the target: arrays (b, r, s, c_own, c_to)."""
    a, labels = lay.a, lay.labels
    R = lay.n_regions
    movable = np.array([not lay.closed[r] and len(lay.members(r)) > 1 for r in range(R)], dtype=bool)
    open_ = np.array([not lay.closed[r] for r in range(R)], dtype=bool)
    ls, le = labels[shapes.start], labels[shapes.end]
    own = ls == le
    c_own = np.bincount(shapes.start[own], weights=shapes.contact[own], minlength=a.n)
    cross = (~own) & (ls >= 0) & (le >= 0)
    cross &= movable[np.maximum(ls, 0)] & open_[np.maximum(le, 0)] & (a.fixed[shapes.start] < 0)
    key = shapes.start[cross] * R + le[cross]
    uniq, inv = np.unique(key, return_inverse=True)
    c_to = np.bincount(inv, weights=shapes.contact[cross], minlength=len(uniq))
    b, s = uniq // R, uniq % R
    return b, labels[b], s, c_own[b], c_to


def _compactness_moves(lay: _Layout, shapes: BlockShapes, cap: float) -> list:
    """The moves that raise the two regions' summed quotient by MIN_GAIN or more and keep every rule the
    layout keeps, best first: [(−gain, block, from, to)]."""
    b, r, s, gain = _move_gains(lay, shapes)
    pick = gain >= MIN_GAIN
    if not pick.any():
        return []
    b, r, s, gain = b[pick], r[pick], s[pick], gain[pick]
    ok = _keeps_rules(lay, b, r, s, cap)
    order = np.lexsort((s[ok], b[ok], -gain[ok]))
    return [(-float(gain[ok][i]), int(b[ok][i]), int(r[ok][i]), int(s[ok][i])) for i in order]


def _keeps_rules(lay: _Layout, b: np.ndarray, r: np.ndarray, s: np.ndarray, cap: float) -> np.ndarray:
    """Which moves of block b[i] from r[i] to s[i] keep both regions within their allowance (:func:`_allowance`),
    vectorised over the candidates of each region (contiguity is checked when a move is made)."""
    a = lay.a
    allowed = {x: _allowance(lay, x, cap) for x in sorted(set(r.tolist()) | set(s.tolist()))}
    rem = {x: dict(zip(lay.members(x).tolist(), _worst_excess_without(lay, x))) for x in sorted(set(r.tolist()))}
    ok = np.zeros(len(b), dtype=bool)
    for x in sorted(set(s.tolist())):
        idx = np.flatnonzero(s == x)
        worst_with = _worst_excess_with(lay, x, b[idx])
        for k, i in enumerate(idx.tolist()):
            src, blk = int(r[i]), int(b[i])
            ok[i] = (lay.band(lay.P[src] - a.pop[blk]) <= allowed[src][0] + a.tol
                     and lay.band(lay.P[x] + a.pop[blk]) <= allowed[x][0] + a.tol
                     and rem[src][blk] <= allowed[src][1] + 1e-6 and worst_with[k] <= allowed[x][1] + 1e-6)
    return ok


def _worst_excess(lay: _Layout, r: int) -> float:
    """How far region r's farthest block lies beyond its walking radius (negative: within)."""
    a = lay.a
    m = lay.members(r)
    row = lay.seed_row[r] if lay.seed_row[r] is not None else a.D[m[int(np.argmin(lay.S[r][m]))]]
    return float((row[m] - a.W[m]).max())


def _worst_excess_without(lay: _Layout, r: int) -> np.ndarray:
    """:func:`_worst_excess` of region r without each of its members (the centre moves as the search's does)."""
    a = lay.a
    m = lay.members(r)
    q = len(m)
    if lay.seed_row[r] is not None:
        ex = np.tile(lay.seed_row[r][m] - a.W[m], (q, 1))
    else:
        Dm = a.D[np.ix_(m, m)]
        M = lay.S[r][m][None, :] - a.pop[m][:, None] * Dm
        M[np.arange(q), np.arange(q)] = np.inf
        ex = Dm[np.argmin(M, axis=1)] - a.W[m][None, :]
    ex[np.arange(q), np.arange(q)] = -np.inf
    return ex.max(axis=1)


def _worst_excess_with(lay: _Layout, s: int, cand: np.ndarray) -> np.ndarray:
    """:func:`_worst_excess` of region s with each candidate block added (the centre moves as the search's
    does)."""
    a = lay.a
    m = lay.members(s)
    if lay.seed_row[s] is not None:
        row = lay.seed_row[s]
        return np.maximum((row[m] - a.W[m]).max(), row[cand] - a.W[cand])
    q = len(m)
    full = np.hstack([lay.S[s][m][None, :] + a.pop[cand][:, None] * a.D[np.ix_(cand, m)], lay.S[s][cand][:, None]])
    k = np.argmin(full, axis=1)
    centre = np.where(k < q, m[np.minimum(k, q - 1)], cand)
    return np.maximum((a.D[np.ix_(centre, m)] - a.W[m][None, :]).max(axis=1), a.D[centre, cand] - a.W[cand])


def _swap_pass(lay: _Layout, shapes: BlockShapes, cap: float) -> int:
    """Exchanges of one boundary block each between two neighbouring regions where that raises their summed
    quotient by MIN_GAIN or more and keeps the rules (band, worst walking excess, contiguity): the best
    exchange per pair of regions, pairs in order of gain, each region once; returns how many were made."""
    b, r, s, c_own, c_to = _boundary_moves(lay, shapes)
    R = lay.n_regions
    area, perim = unit_shapes(lay.labels, shapes, R)
    q = quotient(area, perim)
    side: dict = {}
    for i in range(len(b)):
        side.setdefault((int(r[i]), int(s[i])), []).append(i)
    shared = dict(zip(zip(shapes.start.tolist(), shapes.end.tolist()), shapes.contact.tolist()))
    found = []
    for (x, y), out_x in sorted(side.items()):
        if x > y or (y, x) not in side:
            continue
        i, j = np.array(out_x), np.array(side[(y, x)])
        bx, by = b[i], b[j]
        k = np.array([[shared.get((u, v), 0.0) for v in by.tolist()] for u in bx.tolist()])
        a_x = area[x] - shapes.area[bx][:, None] + shapes.area[by][None, :]
        p_x = (perim[x] - shapes.perimeter[bx][:, None] + 2 * c_own[i][:, None] + shapes.perimeter[by][None, :]
               - 2 * (c_to[j][None, :] - k))
        a_y = area[y] - shapes.area[by][None, :] + shapes.area[bx][:, None]
        p_y = (perim[y] - shapes.perimeter[by][None, :] + 2 * c_own[j][None, :] + shapes.perimeter[bx][:, None]
               - 2 * (c_to[i][:, None] - k))
        gain = quotient(a_x, p_x) - q[x] + quotient(a_y, p_y) - q[y]
        for u, v in np.argwhere(gain >= MIN_GAIN):
            found.append((-float(gain[u, v]), int(bx[u]), int(by[v]), x, y))
    found.sort()
    touched: set = set()
    made = 0
    for _, u, v, x, y in found:
        if x in touched or y in touched or not _swap_keeps_rules(lay, x, y, u, v, cap):
            continue
        touched.update((x, y))
        made += 1
    return made


def _swap_keeps_rules(lay: _Layout, x: int, y: int, u: int, v: int, cap: float) -> bool:
    """Exchanges block u of region x with block v of region y when both stay contiguous and within their
    allowance (:func:`_allowance`); else leaves them as they were. True when the exchange was made."""
    nbrs = lay.a.nbrs_list
    if not (stays_connected(lay.members(x).tolist(), nbrs, out=u, into=v)
            and stays_connected(lay.members(y).tolist(), nbrs, out=v, into=u)):
        return False
    allowed = {z: _allowance(lay, z, cap) for z in (x, y)}
    _exchange(lay, x, y, u, v)
    if all(_holds(lay, z, allowed[z]) for z in (x, y)):
        return True
    _exchange(lay, x, y, v, u)
    return False


def _exchange(lay: _Layout, x: int, y: int, u: int, v: int) -> None:
    """Block u goes from region x to y and block v from y to x."""
    _move(lay, u, x, y)
    _move(lay, v, y, x)


def _move_gains(lay: _Layout, shapes: BlockShapes) -> tuple:
    """Every boundary move (b, from r, to s) with the rise of the two regions' summed quotient it brings."""
    b, r, s, c_own, c_to = _boundary_moves(lay, shapes)
    area, perim = unit_shapes(lay.labels, shapes, lay.n_regions)
    q = quotient(area, perim)
    gain = (quotient(area[r] - shapes.area[b], perim[r] - shapes.perimeter[b] + 2 * c_own) - q[r]
            + quotient(area[s] + shapes.area[b], perim[s] + shapes.perimeter[b] - 2 * c_to) - q[s])
    return b, r, s, gain


def _chain_pass(lay: _Layout, shapes: BlockShapes, cap: float) -> int:
    """Moves a region at its population floor cannot make alone: region r gives block b to s (more compact) and
    takes block c back from a neighbour t, when the three regions' summed quotient rises by MIN_GAIN or more and
    every rule holds for all three; the best first, each region once; returns how many chains were made."""
    a = lay.a
    b, r, s, gain = _move_gains(lay, shapes)
    pick = gain >= MIN_GAIN
    order = np.lexsort((s[pick], b[pick], -gain[pick]))
    touched: set = set()
    made = 0
    for i in order:
        blk, x, y = int(b[pick][i]), int(r[pick][i]), int(s[pick][i])
        if x in touched or y in touched or lay.band(lay.P[x] - a.pop[blk]) <= lay.band(lay.P[x]) + a.tol:
            continue  # a move a region can make alone is the single-move pass's
        t = _chain(lay, shapes, cap, blk, x, y, touched)
        if t >= 0:
            touched.update((x, y, t))
            made += 1
    return made


def _chain(lay: _Layout, shapes: BlockShapes, cap: float, blk: int, x: int, y: int, touched: set) -> int:
    """Block blk from x to y, then the best block from a neighbour t back into x (see :func:`_chain_pass`);
    returns t, or -1 (and the layout as it was) when no chain keeps the rules and gains."""
    if not lay.connected_without(x, blk):
        return -1
    q0 = quotient(*unit_shapes(lay.labels, shapes, lay.n_regions))
    allowed = {z: _allowance(lay, z, cap) for z in range(lay.n_regions) if len(lay.members(z))}
    _move(lay, blk, x, y)
    if _holds(lay, y, allowed[y]):
        for c, t in _returns(lay, shapes, q0, blk, x, y, touched):
            if not lay.connected_without(t, c):
                continue
            _move(lay, c, t, x)
            if _holds(lay, x, allowed[x]) and _holds(lay, t, allowed[t]):
                return t
            _move(lay, c, x, t)
    _move(lay, blk, y, x)
    return -1


def _returns(lay: _Layout, shapes: BlockShapes, q0: np.ndarray, blk: int, x: int, y: int, touched: set) -> list:
    """The blocks c that a neighbour t (not y, not touched) could give back to x after blk left it, where the
    three regions' summed quotient (from ``q0``, before blk moved) rises by MIN_GAIN or more: [(c, t)], best
    first."""
    b, r, s, _ = _move_gains(lay, shapes)
    found = []
    for i in np.flatnonzero((s == x) & (b != blk)).tolist():
        c, t = int(b[i]), int(r[i])
        if t in touched or t == y:
            continue
        _move(lay, c, t, x)
        q2 = quotient(*unit_shapes(lay.labels, shapes, lay.n_regions))
        _move(lay, c, x, t)
        total = float(q2[[x, y, t]].sum() - q0[[x, y, t]].sum())
        if total >= MIN_GAIN:
            found.append((-total, c, t))
    return [(c, t) for _, c, t in sorted(found)]


def _allowance(lay: _Layout, z: int, cap: float) -> tuple:
    """What region z may reach after a change: (its band violation now, its worst walking excess allowed — 0
    when it is within its walking radius now, else ``cap``)."""
    return lay.band(lay.P[z]), (cap if _worst_excess(lay, z) > 1e-6 else 0.0)


def _holds(lay: _Layout, z: int, allowed: tuple) -> bool:
    """Does region z keep within its allowance (see :func:`_allowance`)?"""
    return lay.band(lay.P[z]) <= allowed[0] + lay.a.tol and _worst_excess(lay, z) <= allowed[1] + 1e-6


def _move(lay: _Layout, b: int, r: int, s: int) -> None:
    """Block b goes from region r to region s."""
    lay.remove(r, b)
    lay.add(s, b)
