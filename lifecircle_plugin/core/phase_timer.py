"""Where a run's time goes: named phase timings, kept only when the environment variable LIFECIRCLE_PHASES is set
(to anything but "" or "0"), for `make bench` (scripts/bench_e2e.py) and profiling. Off, a phase costs nothing
but the check."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

_TIMINGS: list = []


def enabled() -> bool:
    """Whether phases are timed (LIFECIRCLE_PHASES set)."""
    return os.environ.get("LIFECIRCLE_PHASES", "") not in ("", "0")


@contextmanager
def phase(name: str):
    """Times the block as phase ``name`` (when enabled)."""
    if not enabled():
        yield
        return
    start = time.perf_counter()
    try:
        yield
    finally:
        _TIMINGS.append((name, time.perf_counter() - start))


def take() -> list:
    """The (name, seconds) timed since the last call, in the order each name was first timed, the times of a name
    timed more than once added up; clears them."""
    totals: dict = {}
    for name, seconds in _TIMINGS:
        totals[name] = totals.get(name, 0.0) + seconds
    _TIMINGS.clear()
    return list(totals.items())


def report_lines(timings: list) -> list:
    """One line per phase, 'LIFECIRCLE_PHASE <name> <seconds>', the format scripts/bench_e2e.py reads."""
    return [f"LIFECIRCLE_PHASE {name} {seconds:.3f}" for name, seconds in timings]
