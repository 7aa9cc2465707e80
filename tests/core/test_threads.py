"""core/threads.py: work in a few threads, results in order, progress and cancels in the calling thread; and the
facility coverage with its categories searched side by side gives exactly what it gives one category at a time."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from shapely.geometry import LineString, box

from lifecircle.lifecircle_plugin.core import threads
from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
from lifecircle.lifecircle_plugin.core.errors import CancelledError
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

from miniprofile import Cat, MiniProfile


@pytest.mark.parametrize("workers", [1, 3])
def test_results_in_order_progress_in_the_calling_thread(workers):
    caller = threading.get_ident()
    seen, ran_in = [], set()

    def work(x):
        ran_in.add(threading.get_ident())
        time.sleep(0.01 * (5 - x))  # (later items finish first)
        return x * x

    def done(k):
        assert threading.get_ident() == caller
        seen.append(k)

    assert threads.in_threads(range(5), work, done=done, workers=workers) == [0, 1, 4, 9, 16]
    assert seen == sorted(seen) and seen[-1] == 5
    assert (caller in ran_in) == (workers == 1) and len(ran_in) == min(workers, 3)


def test_an_error_in_the_work_is_raised_and_a_cancel_drops_what_has_not_started():
    def fail(x):
        if x == 2:
            raise ValueError("bad item 2")
        return x

    with pytest.raises(ValueError, match="bad item 2"):
        threads.in_threads(range(4), fail, workers=2)
    started = []
    t0 = time.perf_counter()

    def slow(x):
        started.append(x)
        time.sleep(0.3)

    def check():
        if time.perf_counter() - t0 > 0.1:
            raise CancelledError()

    with pytest.raises(CancelledError):
        threads.in_threads(range(20), slow, check=check, workers=2)
    assert time.perf_counter() - t0 < 0.25 and len(started) == 2
    time.sleep(0.4)
    assert len(started) == 2  # (the items not started never ran)


def test_coverage_is_the_same_with_categories_side_by_side(monkeypatch):
    """Twelve categories on a 3.6 km jittered grid: distances, nearest facilities, each facility's residents
    within its threshold (the tiled per-facility searches, which reuse a per-thread index array) and shares are
    the same, value for value, in one thread and in four."""
    rng = np.random.default_rng(4)
    n, step = 31, 120.0
    xy = np.stack(np.meshgrid(np.arange(n) * step, np.arange(n) * step, indexing="ij"), -1) + rng.normal(0, 5, (n, n, 2))
    lines = [LineString([xy[i, j], xy[i + di, j + dj]]) for i in range(n) for j in range(n)
             for di, dj in ((1, 0), (0, 1)) if i + di < n and j + dj < n]
    net = build_network(lines, NetworkOptions())
    cats = [Cat(f"Q{k:02d}", f"c{k}", "十全", float(300 + 100 * (k % 6))) for k in range(1, 13)]
    profile = MiniProfile(cats)
    fac = rng.uniform(0, (n - 1) * step, (600, 2))
    codes = [cats[k % 12].code for k in range(600)]
    res = rng.uniform(0, (n - 1) * step, (4000, 2))
    pop = rng.integers(1, 60, 4000).astype(float)
    units = [box(x, y, x + 1200, y + 1200) for x in range(0, 3600, 1200) for y in range(0, 3600, 1200)]

    def run(workers):
        monkeypatch.setattr(threads, "worker_count", lambda override=None: workers)
        return facility_coverage(net, profile, fac, codes, res, pop, unit_polygons=units, facility_reach=True)

    one, four = run(1), run(4)
    assert np.isfinite(one.resident_distance).sum() > 10000
    np.testing.assert_array_equal(one.resident_distance, four.resident_distance)
    np.testing.assert_array_equal(one.facility_pop_within, four.facility_pop_within)
    np.testing.assert_array_equal(one.facility_pop_nearest, four.facility_pop_nearest)
    np.testing.assert_array_equal(one.unit_share, four.unit_share)
    assert np.nansum(one.facility_pop_within) > 0
