"""Reached street pieces that continue one another through a junction, joined into one line before buffering.

A service area (core/service_areas.py) is the reached street pieces buffered with flat caps. Where two pieces meet
at a junction and the street goes on nearly straight, drawing them as one line gives the round join a walker's
street has there instead of two flat caps (which leave a wedge-shaped notch on the outer side of the bend), and it
halves the lines GEOS has to buffer — the caps of every piece crossing its neighbours' buffers at every junction
were most of the district's buffering time (issue 21 §2).

Which pieces are joined (a definition, deterministic, the same in every tile): at each point where two to four
piece ends meet, the pair of ends whose directions are most nearly opposite — the street turning by at most
:data:`JOIN_TURN` degrees — is joined, then, of four ends, the other two if they qualify too. A pair is only joined
when the segments on both sides of the junction are at least ``width · tan(turn) + 1 m`` long: a shorter segment
lets the flat cap at its far end cut across the other segment's buffer (GEOS draws a line's flat cap across its
whole width), which would lose ground the separate pieces cover. So the joined lines' buffer holds everything the
pieces' buffers hold, plus, at a joined junction, the round join's wedge within ``width`` of the junction.
"""

from __future__ import annotations

from typing import Optional

import numpy as np

#: the largest turn (degrees) at a junction through which two reached pieces are joined into one line
JOIN_TURN = 45.0
#: how far (metres) piece ends that are not joined are moved apart at a junction (so that a line merge sees the
#: joined pairs only): a micrometre, far below anything drawn
APART = 1e-6
#: without network node ids, piece ends this close (m) are at the same junction
SAME_POINT = 1e-6
#: the six pairs of four ends at a junction, and the index of each pair's complement (the other two ends)
_PAIRS = np.array([(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)])
_COMPLEMENT = np.array([5, 4, 3, 2, 1, 0])


def _ends(xy: np.ndarray, start: np.ndarray, count: np.ndarray):
    """(vertex index, direction into the piece, first segment's length) of every piece end: the pieces' starts,
    then their ends."""
    first, last = start, start + count - 1
    pos = np.concatenate([first, last])
    direction = xy[np.concatenate([first + 1, last - 1])] - xy[pos]
    return pos, direction, np.hypot(direction[:, 0], direction[:, 1])


def _junctions(point: np.ndarray, node: Optional[np.ndarray]):
    """(ends sorted so that the ends of one junction follow one another (by end index among them), the first of
    each junction's run, the run's size). A junction: the ends with the same network ``node`` id (-1: an end inside
    an edge, a junction of its own), or without ids the ends at the same point (to :data:`SAME_POINT`)."""
    if node is None:
        grid = np.round(point / SAME_POINT).astype(np.int64)  # (float noise of cut lines: ~1e-12 m)
        order = np.lexsort((grid[:, 1], grid[:, 0]))  # (stable: ends at one point keep their order)
        p = grid[order]
        new = np.ones(len(order), dtype=bool)
        new[1:] = np.any(p[1:] != p[:-1], axis=1)
    else:
        key = np.where(node >= 0, node, -1 - np.arange(len(node)))
        order = np.argsort(key, kind="stable")
        new = np.ones(len(order), dtype=bool)
        new[1:] = key[order][1:] != key[order][:-1]
    first = np.flatnonzero(new)
    return order, first, np.diff(np.append(first, len(order)))


def _pair_ends(slots: np.ndarray, piece: np.ndarray, direction: np.ndarray, seg: np.ndarray, width: float):
    """(g, 4) slot -> pair number (0 or 1) of each joined end, -1 where not joined; ``slots``: the end indices at
    each junction of 2–4 ends (-1: no end)."""
    a, b = slots[:, _PAIRS[:, 0]], slots[:, _PAIRS[:, 1]]
    present = (a >= 0) & (b >= 0)
    a0, b0 = np.where(present, a, 0), np.where(present, b, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        unit = direction / seg[:, None]
        cos = np.einsum("gpk,gpk->gp", unit[a0], unit[b0])
        turn = np.arccos(np.clip(-cos, -1.0, 1.0))
        ok = (present & (piece[a0] != piece[b0]) & (seg[a0] > 0) & (seg[b0] > 0) & (turn <= np.radians(JOIN_TURN))
              & (np.minimum(seg[a0], seg[b0]) >= width * np.tan(turn) + 1.0))
    score = np.where(ok, cos, np.inf)
    best = np.argmin(score, axis=1)  # (the straightest pair; ties: the first pair in slot order)
    rows = np.arange(len(slots))
    first_ok = ok[rows, best]
    second = _COMPLEMENT[best]
    second_ok = first_ok & ok[rows, second]
    label = np.full(slots.shape, -1, dtype=np.int64)
    for chosen, number, use in ((best, 0, first_ok), (second, 1, second_ok)):
        r = rows[use]
        label[r, _PAIRS[chosen[use], 0]] = number
        label[r, _PAIRS[chosen[use], 1]] = number
    return label


def joined_through_junctions(xy: np.ndarray, start: np.ndarray, count: np.ndarray, width: float,
                              node: Optional[np.ndarray] = None) -> np.ndarray:
    """A copy of the pieces' vertex coordinates ``xy`` in which, at every junction, only the ends to be joined (see
    the module's docstring) still share a point: every end there is put on the junction's point (its first end's),
    a joined pair's two ends then moved together by :data:`APART`, every other end by a distance of its own, so a
    line merge (GEOS ``linemerge``) joins exactly the chosen pairs. Pieces: ``start``/``count`` into ``xy`` (≥ 2
    vertices each); ``node``: (2n,) the network node of each end (starts, then ends; -1 inside an edge), or None to
    find junctions by exact coordinates."""
    n = len(start)
    out = xy.copy()
    if n < 2:
        return out
    pos, direction, seg = _ends(xy, start, count)
    piece = np.concatenate([np.arange(n), np.arange(n)])
    order, first, size = _junctions(xy[pos], node)
    # slot k of each junction with 2–4 ends (the 5-way and larger keep all their ends apart)
    small = (size >= 2) & (size <= 4)
    slots = np.full((int(small.sum()), 4), -1, dtype=np.int64)
    for k in range(4):
        has = size[small] > k
        slots[has, k] = order[first[small][has] + k]
    label = _pair_ends(slots, piece, direction, seg, width)
    shift = np.zeros((2 * n, 2))
    joined = label >= 0
    shift[slots[joined], 0] = APART * (label[joined] + 1)
    # every end at a junction that is not joined: a point of its own
    at_junction = np.repeat(size >= 2, size)
    rank = np.arange(len(order)) - np.repeat(first, size)
    apart = np.zeros(2 * n, dtype=bool)
    apart[order[at_junction]] = True
    apart[slots[joined]] = False
    end_rank = np.empty(2 * n, dtype=np.int64)
    end_rank[order] = rank
    shift[apart, 0] = -APART * (end_rank[apart] + 1)
    shift[apart, 1] = -APART
    junction_point = np.repeat(xy[pos[order[first]]], size, axis=0)  # (ends sorted as ``order``)
    out[pos[order]] = junction_point + shift[order]
    return out
