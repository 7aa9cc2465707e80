"""Work spread over a few threads, for the calls that run without Python's GIL (scipy's compiled Dijkstra, GEOS).

A district's facility coverage is 20 category searches and, with the facilities output, 20 categories' per-facility
reach: each a compiled ``scipy.sparse.csgraph.dijkstra`` call that releases the GIL, so on a planner's 4-core laptop
(or this project's 2-core test machine) they share the cores instead of queueing on one (issue 21 §1).
"""

from __future__ import annotations

import os
from typing import Callable, Optional, Sequence


def worker_count(override: Optional[int] = None) -> int:
    """Threads to use: ``override`` when given, else as many as CPUs, at most 4 (beyond that the searches wait on
    memory more than on cores, and a planner's QGIS keeps a core for its interface)."""
    if override is not None:
        return max(1, int(override))
    return max(1, min(4, os.cpu_count() or 1))


def in_threads(items: Sequence, work: Callable, done: Optional[Callable[[int], None]] = None,
               check: Optional[Callable[[], None]] = None, workers: Optional[int] = None) -> list:
    """``[work(item) for item in items]``, run in up to :func:`worker_count` threads, results in order. In the
    calling thread: ``done(k)`` after each of the k items finished (progress), and ``check()`` (raising
    CancelledError on a cancel) every 50 ms while waiting — a cancel drops the items not started. An exception in
    ``work`` is raised here. One thread (or one item): run right here, ``check`` between items."""
    items = list(items)
    n = worker_count(workers)
    if n == 1 or len(items) <= 1:
        out = []
        for k, item in enumerate(items):
            if check is not None:
                check()
            out.append(work(item))
            if done is not None:
                done(k + 1)
        return out
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    pool = ThreadPoolExecutor(max_workers=min(n, len(items)), thread_name_prefix="LifeCircle")
    try:
        futures = [pool.submit(work, item) for item in items]
        pending, finished = set(futures), 0
        while pending:
            if check is not None:
                check()
            complete, pending = wait(pending, timeout=0.05, return_when=FIRST_COMPLETED)
            for f in complete:
                f.result()  # (raises the work's exception here)
            if complete:
                finished += len(complete)
                if done is not None:
                    done(finished)
        return [f.result() for f in futures]
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
