"""The one contiguity search of unit delineation: which blocks of a set are reachable from a block over the
adjacency graph, and whether a set of blocks (after giving some up and taking others) is still one piece.

``nbrs[b]`` lists block b's neighbours (a list or an array of block indices). Every check that a unit, a
locked group or a pool stays contiguous goes through :func:`reach`.
"""

from __future__ import annotations

from typing import Iterable, Sequence


def reach(start: int, inside: set, nbrs: Sequence) -> set:
    """The blocks of ``inside`` reachable from ``start`` (which is counted as reached) through blocks of
    ``inside``: a depth-first search over the adjacency graph."""
    seen = {start}
    stack = [start]
    while stack:
        x = stack.pop()
        for y in nbrs[x]:
            y = int(y)
            if y in inside and y not in seen:
                seen.add(y)
                stack.append(y)
    return seen


def connected(members: Iterable[int], nbrs: Sequence) -> bool:
    """True when the blocks ``members`` (at least one) form one piece on the adjacency graph."""
    inside = {int(x) for x in members}
    return len(reach(next(iter(inside)), inside, nbrs)) == len(inside)


def stays_connected(members: Iterable[int], nbrs: Sequence, out: int = -1, into: int = -1) -> bool:
    """True when the (connected) set ``members`` without block ``out`` and with block ``into`` (-1: none) is still
    one piece; False when nothing is left. Giving up a block with at most one neighbour in the set and taking
    none keeps it connected without a search."""
    inside = {int(x) for x in members}
    inside.discard(out)
    if into >= 0:
        inside.add(into)
        return len(reach(into, inside, nbrs)) == len(inside)
    if not inside:
        return False
    around = [int(x) for x in nbrs[out] if int(x) in inside] if out >= 0 else [next(iter(inside))]
    if len(around) <= 1 and out >= 0:
        return True
    return len(reach(around[0], inside, nbrs)) == len(inside)


def pieces(blocks: Iterable[int], nbrs: Sequence) -> list:
    """The connected pieces of a set of blocks, each a sorted list, in order of their smallest block."""
    left = {int(b) for b in blocks}
    out = []
    while left:
        piece = reach(min(left), left, nbrs)
        left -= piece
        out.append(sorted(piece))
    return out
