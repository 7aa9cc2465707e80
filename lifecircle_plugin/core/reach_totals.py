"""How many people each facility reaches: per source point, the weights of the targets within its walking
threshold, summed — without building the (sources × targets) distance matrix.

A district's facilities output needs this for 10,000 facilities in 20 categories (issue 21 §1). Summing straight
from each search skips what a matrix costs (sorting every reached pair to keep its shortest distance, building
and slicing a sparse matrix): a target counts once when any of its paths is within the threshold. Sources whose
categories search equally far share their tiles (Shanghai's 20 categories have 3 distances), so the fixed cost
of cutting a tile's graph out is paid 3 times per area instead of 20, and the tiles run in threads
(``core/threads.py``: scipy's Dijkstra releases the GIL).
"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np

from .threads import in_threads


def reach_totals(router, source_set: str, target_set: str, group: np.ndarray, limits: np.ndarray,
                 thresholds: np.ndarray, weights: np.ndarray, chunk: int = 64,
                 done: Optional[Callable[[float], None]] = None, check: Optional[Callable[[], None]] = None,
                 workers: Optional[int] = None) -> np.ndarray:
    """Per source point s of group g = ``group[s]``: the sum of ``weights[t, g]`` over the targets t within
    ``thresholds[t, g]`` metres' walk of s (each target once). ``limits[g]``: how far group g's searches go, at
    least the largest of ``thresholds[:, g]``. Sources of group -1, and sources or targets not snapped, count 0.

    ``done(fraction)`` reports progress and ``check()`` (raising on a cancel) runs while the tiles are searched."""
    group = np.asarray(group, dtype=np.int64)
    totals = np.zeros(len(group))
    sources = router._selected(source_set, group >= 0)
    if not len(sources):
        return totals
    router._incidence(target_set)  # (built once here, not by the threads)
    reach = np.asarray(limits, dtype=float)[group[sources]]  # how far each source's search goes
    tasks = []
    for limit in np.unique(reach):
        tasks += [(float(limit), g) for g in router._tile_groups(source_set, sources[reach == limit], float(limit))]

    def tile_totals(task):
        limit, tile = task
        return tile, _tile_totals(router, source_set, target_set, tile, limit, group, thresholds, weights, chunk)

    report = None if done is None else (lambda k: done(k / len(tasks)))
    for tile, sums in in_threads(tasks, tile_totals, done=report, check=check, workers=workers):
        totals[tile] = sums
    return totals


def _tile_totals(router, source_set: str, target_set: str, tile: np.ndarray, limit: float, group: np.ndarray,
                 thresholds: np.ndarray, weights: np.ndarray, chunk: int) -> np.ndarray:
    """:func:`reach_totals` of the sources of one tile, searched ``chunk`` at a time."""
    nodes = router._tile_nodes(source_set, tile, limit)
    graph, virt = router._graph_with_sources(source_set, tile, nodes)
    n_targets = len(router.point_sets[target_set].edge)
    sums = np.zeros(len(tile))
    for start in range(0, len(tile), chunk):
        src = tile[start:start + chunk]
        r, c, d = router._reached_pairs(graph, virt[start:start + chunk], nodes, source_set, src, target_set, limit)
        g = group[src][r]
        within = d <= thresholds[c, g]
        r, c, g = r[within], c[within], g[within]
        # a target within by two paths (both ends of its edge, or straight too) counts once
        _, first = np.unique(r * n_targets + c, return_index=True)
        sums[start:start + len(src)] = np.bincount(r[first], weights=weights[c[first], g[first]],
                                                   minlength=len(src))
    return sums
