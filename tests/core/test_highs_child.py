"""HiGHS solves in a child process (core/highs_child.py): the same answers as in process, a cancel that kills
the child at once, and an honest fallback when no interpreter can run the child."""

from __future__ import annotations

import glob
import os
import tempfile
import threading
import time

import numpy as np
import pytest
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from lifecircle.lifecircle_plugin.core import highs_child as H
from lifecircle.lifecircle_plugin.core import siting as S
from lifecircle.lifecircle_plugin.core.errors import CancelledError


def market_split(m=4, n=34, seed=0):
    """Cornuéjols & Dawande's market split feasibility problem as a MILP (minimise the slacks): tiny, yet hard
    for branch and bound — HiGHS takes far longer than a second on it."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 100, (m, n)).astype(float)
    rhs = np.floor(a.sum(axis=1) / 2)
    # a x + s+ - s- = rhs ; minimise s+ + s-
    A = sparse.hstack([sparse.csr_matrix(a), sparse.identity(m), -sparse.identity(m)], format="csr")
    c = np.concatenate([np.zeros(n), np.ones(2 * m)])
    integrality = np.concatenate([np.ones(n), np.zeros(2 * m)])
    ub = np.concatenate([np.ones(n), np.full(2 * m, np.inf)])
    return dict(c=c, constraints=[LinearConstraint(A, rhs, rhs)], integrality=integrality,
                bounds=Bounds(np.zeros(n + 2 * m), ub), options={"time_limit": 60.0, "disp": False})


def leftovers():
    return glob.glob(os.path.join(tempfile.gettempdir(), "lifecircle-highs-*"))


@pytest.fixture()
def always_child(monkeypatch):
    monkeypatch.setattr(H, "IN_PROCESS_BELOW", 0)
    monkeypatch.setattr(H, "_python", None)
    monkeypatch.setattr(H, "_last_note", "")
    before = set(leftovers())
    yield
    assert set(leftovers()) <= before, "a child's temporary folder was left behind"


def test_a_child_finds_an_interpreter_and_solves_as_in_process(always_child):
    model = market_split(m=2, n=14, seed=1)  # easy at this size
    here = milp(**model)
    there = H.call("milp", model, check=lambda: None, size=1)
    assert H._python, "no interpreter found for the child"
    assert there.status == here.status == 0
    assert there.fun == pytest.approx(here.fun)
    np.testing.assert_allclose(there.x, here.x)
    assert H.take_note() == ""


@pytest.mark.parametrize("seed", range(3))
def test_exact_siting_through_the_child_equals_in_process(always_child, seed):
    rng = np.random.default_rng(40 + seed)
    n, m = 300, 40
    dxy = rng.uniform(0, 3000, (n, 2))
    cxy = rng.uniform(0, 3000, (m, 2))
    cost = np.hypot(dxy[:, None, 0] - cxy[None, :, 0], dxy[:, None, 1] - cxy[None, :, 1])
    w = rng.integers(1, 100, n).astype(float)
    calls = {"n": 0}

    def never():
        calls["n"] += 1
        return False

    for solver in (S.ExactSolver(60), S.ExactSolver(60, direct_below=0)):  # direct MILP; LP bound + MILPs
        child = S.MaximalCovering.from_cost_matrix(cost, w, 450, 6).solve(solver, is_cancelled=never)
        direct = S.MaximalCovering.from_cost_matrix(cost, w, 450, 6).solve(solver)  # no check: in process
        assert child.proven_optimal and direct.proven_optimal
        assert child.objective == direct.objective
    pm_child = S.PMedian.from_cost_matrix(cost, w, 4, max_distance=900).solve(S.ExactSolver(60), is_cancelled=never)
    pm_direct = S.PMedian.from_cost_matrix(cost, w, 4, max_distance=900).solve(S.ExactSolver(60))
    assert pm_child.objective == pytest.approx(pm_direct.objective)
    assert calls["n"] > 0


def test_a_cancel_kills_the_child_within_the_poll(always_child):
    model = market_split()
    cancel_at = time.perf_counter() + 1.0
    seen = {}

    def check():
        if time.perf_counter() >= cancel_at:
            seen.setdefault("cancelled", time.perf_counter())
            raise CancelledError()

    start = time.perf_counter()
    with pytest.raises(CancelledError):
        H.call("milp", model, check=check, size=1)
    latency = time.perf_counter() - seen["cancelled"]
    assert latency < 0.5, latency  # the child is killed and waited for
    assert time.perf_counter() - start < 5.0  # (in process, HiGHS would run to its 60 s limit)


def test_the_main_thread_runs_while_the_child_solves(always_child):
    """The point of the child: the GIL stays free, so QGIS's threads (and the cancel button) keep running."""
    model = market_split(seed=2)
    model["options"]["time_limit"] = 1.5
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    try:
        H.call("milp", model, check=lambda: None, size=1)
    finally:
        stop.set()
        t.join()
    gaps = np.diff(ticks)
    assert len(ticks) > 50 and gaps.max() < 0.3, gaps.max()


def test_without_an_interpreter_the_solve_runs_in_process_and_says_so(always_child, monkeypatch):
    monkeypatch.setattr(H, "candidates", lambda: [os.path.join(tempfile.gettempdir(), "no-such-python")])
    model = market_split(m=2, n=14, seed=1)
    res = H.call("milp", model, check=lambda: None, size=1)
    assert res.status == 0 and res.fun == pytest.approx(milp(**model).fun)
    assert H._python == ""
    note = H.take_note()
    assert "inside QGIS" in note and "no-such-python" in note
    H.call("milp", model, check=lambda: None, size=1)  # remembered: no second search
    assert "inside QGIS" in H.take_note()


def test_an_interpreter_of_another_python_is_passed_over(always_child, monkeypatch, tmp_path):
    """A candidate that is another Python version (its compiled scipy would not load) exits with the code
    that makes the next candidate be tried."""
    fake = tmp_path / "python9.9"
    fake.write_text("#!/bin/sh\necho 'Python 9.9, not this one' >&2\nexit 3\n")
    fake.chmod(0o755)
    real = H.candidates()
    monkeypatch.setattr(H, "candidates", lambda: [str(fake)] + real)
    model = market_split(m=2, n=14, seed=1)
    res = H.call("milp", model, check=lambda: None, size=1)
    assert res.status == 0
    assert H._python == real[0]


def test_a_failing_child_is_reported(always_child, monkeypatch, tmp_path):
    fake = tmp_path / "python-broken"
    fake.write_text("#!/bin/sh\necho 'MemoryError: out of memory' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(H, "candidates", lambda: [str(fake)])
    from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

    with pytest.raises(LifeCircleError, match="separate process.*MemoryError: out of memory"):
        H.call("milp", market_split(m=2, n=14), check=lambda: None, size=1)


def test_candidates_inside_a_qgis_binary(monkeypatch):
    """Inside QGIS sys.executable is the QGIS binary: the installation's own python is found instead."""
    import sys

    monkeypatch.setattr(sys, "executable", "/usr/bin/qgis")
    found = H.candidates()
    assert found and all("qgis" not in os.path.basename(p) for p in found)
    assert any(os.path.basename(os.path.realpath(p)).startswith(f"python{sys.version_info[0]}") for p in found)
