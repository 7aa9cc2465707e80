"""Siting core: exact solutions against brute-force enumeration, greedy within its guarantee, EXISTING, cost
tables and bad input.

Why brute force and not PySAL spopt here: spopt (and its PuLP/CBC) installs only with numpy 2 / pandas 2+,
which would break this venv's Debian GDAL, scipy and QGIS (numpy < 2). A test that skipped when spopt is
missing would pass without checking anything, so the tests compare with an exhaustive enumeration of every
site set (an independent, obviously correct reference), and `scripts/bench_siting.py` compares objective
values with spopt + CBC on the same matrix in its own venv (build/bench-venv).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import sparse

from lifecircle.lifecircle_plugin.core import siting as S
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError


# ---------------------------------------------------------------------------------------------------------
# independent references: enumerate every site set


def brute_mclp(cost, w, threshold, p, existing=None):
    cov = np.isfinite(cost) & (cost <= threshold)
    already = np.zeros(len(w), bool) if existing is None else existing <= threshold
    best = 0.0
    for comb in itertools.combinations(range(cost.shape[1]), p):
        best = max(best, w[already | cov[:, list(comb)].any(axis=1)].sum())
    return best


def brute_lscp(cost, w, threshold, target, existing=None):
    cov = np.isfinite(cost) & (cost <= threshold)
    already = np.zeros(len(w), bool) if existing is None else existing <= threshold
    for k in range(1, cost.shape[1] + 1):
        sets = itertools.combinations(range(cost.shape[1]), k)
        best = max(w[already | cov[:, list(c)].any(axis=1)].sum() for c in sets)
        if best >= target * w.sum() - 1e-9:
            return k, best
    return None


def brute_pmedian(cost, w, p, max_distance=None, existing=None):
    """(unserved population, weighted distance) of the best p-set, lexicographically."""
    c = np.where(np.isfinite(cost), cost, np.inf)
    e = np.full(len(w), np.inf) if existing is None else existing.astype(float)
    if max_distance:
        c = np.where(c <= max_distance, c, np.inf)
        e = np.where(e <= max_distance, e, np.inf)
    reach = np.isfinite(np.minimum(c.min(axis=1), e))
    best = None
    for comb in itertools.combinations(range(cost.shape[1]), p):
        d = np.minimum(c[:, list(comb)].min(axis=1), e)
        value = (w[~np.isfinite(d) & reach].sum(), (w * np.where(np.isfinite(d), d, 0.0)).sum())
        best = value if best is None or value < best else best
    return best


def random_case(rng, n_range=(5, 40), m_range=(3, 10), existing=False, fractional=False):
    n, m = int(rng.integers(*n_range)), int(rng.integers(*m_range))
    dxy = rng.uniform(0, 1000, (n, 2))
    cxy = rng.uniform(0, 1000, (m, 2))
    cost = np.hypot(dxy[:, None, 0] - cxy[None, :, 0], dxy[:, None, 1] - cxy[None, :, 1]) * 1.3
    cost[rng.random(cost.shape) < 0.2] = np.inf  # some pairs cannot reach each other (other side of a river)
    w = rng.integers(0, 50, n).astype(float)
    if fractional:
        w += rng.random(n)
    ex = None
    if existing:
        exy = rng.uniform(0, 1000, (2, 2))
        ex = np.hypot(dxy[:, None, 0] - exy[None, :, 0], dxy[:, None, 1] - exy[None, :, 1]).min(axis=1) * 1.3
    return cost, w, ex, float(rng.uniform(150, 500))


SOLVERS = [S.ExactSolver(30), S.ExactSolver(30, direct_below=0)]  # direct MILP, and LP bound + fixing + MILP


# ---------------------------------------------------------------------------------------------------------
# MCLP


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("solver", SOLVERS, ids=["milp", "lp-fixing"])
def test_mclp_exact_equals_brute_force(seed, solver):
    rng = np.random.default_rng(seed)
    for trial in range(12):
        cost, w, ex, thr = random_case(rng, existing=trial % 2 == 1, fractional=trial % 3 == 0)
        p = int(rng.integers(1, cost.shape[1]))
        try:
            r = S.MaximalCovering.from_cost_matrix(cost, w, thr, p, existing_cost=ex).solve(solver)
        except LifeCircleError as exc:  # nothing reachable: the reference must agree
            base = 0.0 if ex is None else w[ex <= thr].sum()
            assert brute_mclp(cost, w, thr, p, ex) == pytest.approx(base), exc
            continue
        assert r.proven_optimal and r.gap == 0
        assert r.objective == pytest.approx(brute_mclp(cost, w, thr, p, ex), abs=1e-6)
        assert len(r.sites) == p and len(set(r.sites.tolist())) == p
        # the ranking's figures add up: cumulative = existing + running sum of marginals = objective
        assert r.site_cumulative[-1] == pytest.approx(r.objective)
        np.testing.assert_allclose(np.diff(np.concatenate([[r.covered_before], r.site_cumulative])),
                                   r.site_marginal)
        assert (np.diff(r.site_marginal) <= 1e-9).all()  # greedy order within the chosen set


@pytest.mark.parametrize("seed", range(4))
def test_greedy_mclp_within_its_guarantee_and_its_bound_is_honest(seed):
    rng = np.random.default_rng(100 + seed)
    for trial in range(15):
        cost, w, ex, thr = random_case(rng, existing=trial % 2 == 0)
        p = int(rng.integers(1, cost.shape[1]))
        try:
            r = S.MaximalCovering.from_cost_matrix(cost, w, thr, p, existing_cost=ex).solve(
                S.GreedySolver(local_search=False))
        except LifeCircleError:
            continue
        best = brute_mclp(cost, w, thr, p, ex)
        base = r.covered_before
        assert r.objective <= best + 1e-9
        assert r.objective - base >= S.GREEDY_GUARANTEE * (best - base) - 1e-9
        # the reported bound really bounds the optimum, and the reported gap is never smaller than the true one
        assert r.bound >= best - 1e-9
        true_gap = (best - r.objective) / best if best > 0 else 0.0
        assert r.gap >= true_gap - 1e-12
        assert not r.proven_optimal and r.solver == "greedy"


def test_greedy_is_not_optimal_on_the_textbook_case_and_says_so():
    """Three residents groups: greedy takes the big middle site first and ends below the optimum."""
    # demand a (60) b (60) c (100): site 0 covers a+b... built so greedy's first pick is a trap
    cov = np.array([[1, 0, 1],   # 50 people: sites 0, 2
                    [1, 0, 0],   # 10: site 0
                    [0, 1, 1],   # 50: sites 1, 2
                    [0, 1, 0]])  # 10: site 1
    w = np.array([50.0, 10.0, 50.0, 10.0])
    cost = np.where(cov == 1, 100.0, np.inf)
    greedy = S.MaximalCovering.from_cost_matrix(cost, w, 200, 2).solve(S.GreedySolver(local_search=False))
    exact = S.MaximalCovering.from_cost_matrix(cost, w, 200, 2).solve(S.ExactSolver())
    assert greedy.objective == 110 and exact.objective == 120
    assert greedy.gap > 0 and exact.gap == 0
    swaps = S.MaximalCovering.from_cost_matrix(cost, w, 200, 2).solve(S.GreedySolver(local_search=True))
    assert swaps.objective == 120 and swaps.solver == "greedy + swaps"


def test_existing_facilities_change_the_answer():
    """Site A covers the big neighbourhood, which an existing facility already serves: with it, B wins."""
    cost = np.array([[100.0, np.inf],   # 1000 residents near A (and near the existing facility)
                     [200.0, np.inf],
                     [np.inf, 150.0]])  # 600 residents near B only
    w = np.array([700.0, 300.0, 600.0])
    existing = np.array([250.0, 300.0, 2000.0])
    without = S.MaximalCovering.from_cost_matrix(cost, w, 400, 1).solve(S.ExactSolver())
    with_ex = S.MaximalCovering.from_cost_matrix(cost, w, 400, 1, existing_cost=existing).solve(S.ExactSolver())
    assert without.sites.tolist() == [0] and without.site_marginal[0] == 1000
    assert with_ex.sites.tolist() == [1] and with_ex.site_marginal[0] == 600
    assert with_ex.covered_before == 1000 and with_ex.covered_after == 1600 == with_ex.objective
    # the allocation shows the newly covered residents going to B
    assert with_ex.alloc_demand.tolist() == [2] and with_ex.alloc_site.tolist() == [1]
    # p-median: the existing facility stays open, so residents 0/1 keep it unless A is nearer
    pm = S.PMedian.from_cost_matrix(cost, w, 1, existing_cost=existing).solve(S.ExactSolver())
    assert pm.sites.tolist() == [1]
    pm0 = S.PMedian.from_cost_matrix(cost, w, 1).solve(S.ExactSolver())
    assert pm0.unserved_population == 600 or pm0.sites.tolist() == [1]


def test_reductions_keep_the_optimum_with_many_duplicates_and_dominated_sites():
    rng = np.random.default_rng(7)
    base_cost, w, _, thr = random_case(rng, n_range=(30, 31), m_range=(6, 7))
    # duplicate every resident (same coverage set) and add candidates dominated by existing ones
    cost = np.vstack([base_cost, base_cost])
    ww = np.concatenate([w, w[::-1] * 0 + 3.0])
    dominated = np.where(np.isfinite(cost[:, :3]) & (rng.random((cost.shape[0], 3)) < 0.5), cost[:, :3], np.inf)
    cost = np.hstack([cost, dominated])
    for p in (1, 2, 3):
        r = S.MaximalCovering.from_cost_matrix(cost, ww, thr, p).solve(S.ExactSolver(direct_below=0))
        assert r.objective == pytest.approx(brute_mclp(cost, ww, thr, p))
        assert r.stats["demand_groups"] < r.stats["demand_active"]
    assert r.stats["candidates_dominated"] >= 1


def test_p_larger_than_useful_candidates_fills_and_is_optimal():
    cost = np.array([[10.0, 10.0, np.inf, np.inf], [np.inf, 10.0, np.inf, np.inf]])
    r = S.MaximalCovering.from_cost_matrix(cost, [5, 7], 100, 3).solve(S.ExactSolver())
    assert r.objective == 12 and len(r.sites) == 3 and r.proven_optimal
    assert sorted(r.site_marginal.tolist()) == [0, 0, 12]


def test_lp_fixing_path_matches_direct_milp_on_a_medium_case():
    rng = np.random.default_rng(11)
    n, m = 600, 80
    dxy = rng.uniform(0, 3000, (n, 2))
    cxy = rng.uniform(0, 3000, (m, 2))
    cost = np.hypot(dxy[:, None, 0] - cxy[None, :, 0], dxy[:, None, 1] - cxy[None, :, 1])
    w = rng.integers(1, 100, n).astype(float)
    for p in (4, 10):
        a = S.MaximalCovering.from_cost_matrix(cost, w, 450, p).solve(S.ExactSolver(60))
        b = S.MaximalCovering.from_cost_matrix(cost, w, 450, p).solve(S.ExactSolver(60, direct_below=0))
        assert a.proven_optimal and b.proven_optimal
        assert a.objective == b.objective
        g = S.MaximalCovering.from_cost_matrix(cost, w, 450, p).solve(S.GreedySolver())
        assert g.objective <= a.objective and g.bound >= a.objective


def test_time_limit_reports_a_valid_solution_and_gap():
    rng = np.random.default_rng(3)
    n, m = 4000, 400
    dxy = rng.uniform(0, 4000, (n, 2))
    cxy = rng.uniform(0, 4000, (m, 2))
    d = np.hypot(dxy[:, None, 0] - cxy[None, :, 0], dxy[:, None, 1] - cxy[None, :, 1])
    cost = sparse.csr_matrix(np.where(d <= 500, np.maximum(d, 1e-9), 0.0))
    w = rng.integers(1, 100, n).astype(float)
    r = S.MaximalCovering.from_cost_matrix(cost, w, 500, 40).solve(S.ExactSolver(time_limit=1.0, direct_below=0))
    assert len(r.sites) == 40
    assert r.objective == pytest.approx(S.model_value(S.coverage_matrix(cost, 500), w, np.zeros(n, bool), r.sites))
    assert r.bound >= r.objective - 1e-6
    if not r.proven_optimal:
        assert r.gap > 0 and "time limit" in r.solver
    else:
        assert r.gap == 0


def test_cancelling_stops_between_stages():
    from lifecircle.lifecircle_plugin.core.errors import CancelledError

    rng = np.random.default_rng(5)
    dxy = rng.uniform(0, 3000, (800, 2))
    cxy = rng.uniform(0, 3000, (90, 2))
    cost = np.hypot(dxy[:, None, 0] - cxy[None, :, 0], dxy[:, None, 1] - cxy[None, :, 1])
    w = rng.integers(1, 100, 800).astype(float)
    for after in (1, 3, 6):
        calls = {"n": 0}

        def cancelled():
            calls["n"] += 1
            return calls["n"] > after

        with pytest.raises(CancelledError):
            S.MaximalCovering.from_cost_matrix(cost, w, 450, 8).solve(S.ExactSolver(direct_below=0),
                                                                     is_cancelled=cancelled)
        calls["n"] = 0
        with pytest.raises(CancelledError):
            S.PMedian.from_cost_matrix(cost, w, 5).solve(S.GreedySolver(), is_cancelled=cancelled)


# ---------------------------------------------------------------------------------------------------------
# LSCP


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("solver", [S.ExactSolver(30), S.GreedySolver()], ids=["exact", "greedy"])
def test_lscp_against_brute_force(seed, solver):
    rng = np.random.default_rng(200 + seed)
    checked = 0
    for trial in range(15):
        cost, w, ex, thr = random_case(rng, existing=trial % 2 == 0)
        thr *= 1.8
        target = float(rng.choice([0.3, 0.5, 0.7, 0.9, 1.0]))
        ref = brute_lscp(cost, w, thr, target, ex)
        try:
            r = S.SetCovering.from_cost_matrix(cost, w, thr, target, existing_cost=ex).solve(solver)
        except LifeCircleError as exc:
            already = 0.0 if ex is None else w[ex <= thr].sum()
            assert ref is None or already >= target * w.sum() - 1e-9, exc
            continue
        assert ref is not None
        assert r.covered_after >= target * w.sum() - 1e-6  # the target is met
        if isinstance(solver, S.ExactSolver):
            assert r.objective == ref[0] and r.proven_optimal
            assert r.covered_after == pytest.approx(ref[1])  # and with that many sites, the most covered
        else:
            assert r.objective >= ref[0]
            assert r.bound <= ref[0]  # the reported lower bound is a lower bound
        checked += 1
    assert checked >= 3


# ---------------------------------------------------------------------------------------------------------
# p-median


@pytest.mark.parametrize("seed", range(5))
def test_pmedian_exact_equals_brute_force(seed):
    rng = np.random.default_rng(300 + seed)
    for trial in range(10):
        cost, w, ex, _ = random_case(rng, existing=trial % 2 == 1, fractional=trial % 3 == 0)
        p = int(rng.integers(1, cost.shape[1]))
        max_d = None if trial % 3 else float(rng.uniform(250, 700))
        try:
            r = S.PMedian.from_cost_matrix(cost, w, p, max_distance=max_d, existing_cost=ex).solve(S.ExactSolver())
        except LifeCircleError:
            assert w.sum() == 0 or brute_pmedian(cost, w, p, max_d, ex)[1] == 0
            continue
        unserved, dist = brute_pmedian(cost, w, p, max_d, ex)
        assert r.proven_optimal
        assert r.unserved_population == pytest.approx(unserved)
        assert r.objective == pytest.approx(dist, rel=1e-9, abs=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_pmedian_greedy_interchange_is_a_local_optimum(seed):
    rng = np.random.default_rng(400 + seed)
    for trial in range(8):
        cost, w, ex, _ = random_case(rng, n_range=(20, 50), m_range=(6, 11), existing=trial % 2 == 0)
        p = int(rng.integers(2, cost.shape[1]))
        r = S.PMedian.from_cost_matrix(cost, w, p, existing_cost=ex).solve(S.GreedySolver())
        best = brute_pmedian(cost, w, p, None, ex)
        here = (r.unserved_population, r.objective)
        assert here >= (best[0], best[1] - 1e-6)
        # no single swap improves (checked by brute force over all swaps)
        c = np.where(np.isfinite(cost), cost, np.inf)
        e = np.full(len(w), np.inf) if ex is None else ex
        reach = np.isfinite(np.minimum(c.min(axis=1), e))
        sites = list(r.sites)
        for k in range(p):
            for j in set(range(cost.shape[1])) - set(sites):
                trial_sites = sites[:k] + [j] + sites[k + 1:]
                d = np.minimum(c[:, trial_sites].min(axis=1), e)
                v = (w[~np.isfinite(d) & reach].sum(), (w * np.where(np.isfinite(d), d, 0)).sum())
                assert v >= (here[0], here[1] - 1e-6 * max(1, here[1]))
        if r.gap is not None:
            assert r.gap >= (r.objective - best[1]) / r.objective - 1e-9


# ---------------------------------------------------------------------------------------------------------
# matrices, tables and bad input


def test_coverage_matrix_is_shared_and_handles_zero_and_unreachable():
    cost = np.array([[0.0, np.inf, 300.0], [np.nan, 500.0, 501.0]])
    cov = S.coverage_matrix(cost, 500)
    assert cov.toarray().tolist() == [[True, False, True], [False, True, False]]
    sp = S.as_cost_matrix(sparse.csr_matrix(np.array([[0.0, 5.0]])))
    assert sp.nnz == 1  # sparse input: stored entries are the reachable pairs
    with pytest.raises(LifeCircleError, match="negative costs"):
        S.as_cost_matrix(np.array([[1.0, -2.0]]))


def test_cost_table_reads_ids_as_text_and_builds_both_matrices():
    t = S.cost_matrix_from_table(
        origins=[1, "2", 2.0, "1"], destinations=["A", "A", "B", "E1"], costs=["120.5", 300, 0, "80"],
        demand_ids=["1", "2"], candidate_ids=["A", "B"], existing_ids=["E1"])
    assert t.candidates.toarray().tolist() == [[120.5, 0.0], [300.0, S.ZERO_COST]]
    assert t.existing.toarray().tolist() == [[80.0], [0.0]]
    assert t.pairs_candidates == 3 and t.pairs_existing == 1


def test_cost_table_problems_are_named_with_row_numbers():
    with pytest.raises(LifeCircleError) as info:
        S.cost_matrix_from_table(
            origins=["1", "9", "2", "1", "2", "1"], destinations=["A", "A", "Z", "B", "A", "A"],
            costs=[10, 20, 30, -4, "far", 12], demand_ids=["1", "2"], candidate_ids=["A", "B"], table="od.csv")
    msg = str(info.value)
    assert "Cost matrix 'od.csv'" in msg
    assert "origin_id is not an id of the demand layer: rows 2 ('9')" in msg
    assert "destination_id is not the id of a candidate: rows 3 ('Z')" in msg
    assert "cost is empty or not a number: rows 5 ('far')" in msg
    assert "negative cost: rows 4 (-4)" in msg
    assert "repeated candidate pair(s) (the same origin_id and destination_id twice), rows: 1 & 6" in msg


def test_ids_must_be_unique_and_present():
    with pytest.raises(LifeCircleError, match=r"not unique: '7' \(feature ids 1, 3\)"):
        S.unique_ids([7, "8", 7.0], [1, 2, 3], "residents", "rid")
    with pytest.raises(LifeCircleError, match="no value in feature ids 2"):
        S.unique_ids(["a", None], [1, 2], "residents", "rid")
    assert S.normalise_id(" 12.0 ") == "12" and S.normalise_id(3.5) == "3.5" and S.normalise_id("P01") == "P01"


@pytest.mark.parametrize("make, message", [
    (lambda: S.MaximalCovering.from_cost_matrix(np.ones((2, 2)), [1, 1], 10, 3), r"P = 3 .* only 2 candidate"),
    (lambda: S.MaximalCovering.from_cost_matrix(np.full((2, 2), 900.0), [1, 1], 500, 1), "No resident with population is within 500 m"),
    (lambda: S.MaximalCovering.from_cost_matrix(np.full((2, 2), 100.0), [1, 1], 500, 1, existing_cost=[5, 5]),
     "already covered by the existing facilities"),
    (lambda: S.SetCovering.from_cost_matrix(np.array([[100.0], [900.0]]), [1, 1], 500, 0.9),
     r"target of 90.0% cannot be reached: even with every candidate site, 50.0%"),
    (lambda: S.SetCovering.from_cost_matrix(np.array([[100.0], [900.0]]), [1, 1], 500, 0.5, existing_cost=[1, 2]),
     "already cover 100.0%"),
    (lambda: S.PMedian.from_cost_matrix(np.full((2, 2), 900.0), [1, 1], 1, max_distance=500),
     "No resident with population is within 500 m"),
    (lambda: S.MaximalCovering.from_cost_matrix(np.ones((2, 2)), [1, -1], 10, 1), "Population values"),
])
def test_bad_input_is_named(make, message):
    with pytest.raises(LifeCircleError, match=message):
        make().solve(S.ExactSolver())


def test_make_solver_names():
    assert isinstance(S.make_solver("exact", 5), S.ExactSolver)
    assert isinstance(S.make_solver("GREEDY"), S.GreedySolver)
    assert isinstance(S.make_solver(None), S.AutoSolver)
    with pytest.raises(LifeCircleError, match="Unknown solver"):
        S.make_solver("cbc")


def test_from_coverage_matrix_equals_from_cost_matrix():
    rng = np.random.default_rng(21)
    cost, w, ex, thr = random_case(rng, n_range=(30, 31), m_range=(8, 9), existing=True)
    cov = S.coverage_matrix(cost, thr)
    already = ex <= thr
    a = S.MaximalCovering.from_cost_matrix(cost, w, thr, 3, existing_cost=ex).solve(S.ExactSolver())
    b = S.MaximalCovering.from_coverage_matrix(cov, w, 3, already_covered=already).solve(S.ExactSolver())
    assert a.objective == b.objective == pytest.approx(brute_mclp(cost, w, thr, 3, ex))
    target = min(0.99, (b.objective + w.sum()) / 2 / w.sum())
    try:
        c = S.SetCovering.from_coverage_matrix(cov, w, target, already_covered=already).solve(S.ExactSolver())
    except LifeCircleError:
        assert brute_lscp(cost, w, thr, target, ex) is None
    else:
        assert c.objective == brute_lscp(cost, w, thr, target, ex)[0]



def test_nothing_to_choose_says_why():
    """Zero demand and no reach are different problems, and each message says which (every model)."""
    cost = np.array([[100.0, 900.0], [800.0, 700.0]])
    for model in (lambda w: S.MaximalCovering.from_cost_matrix(cost, w, 300, 1),
                  lambda w: S.PMedian.from_cost_matrix(cost, w, 1, max_distance=300)):
        with pytest.raises(LifeCircleError, match=r"^All 2 demand points have 0 population: there is nobody to "
                                                  r"serve, so nothing to choose\."):
            model([0.0, 0.0]).solve(S.ExactSolver())
    with pytest.raises(LifeCircleError, match=r"No resident with population is within 300 m of any candidate site"):
        S.MaximalCovering.from_cost_matrix(cost, [0.0, 5.0], 300, 1).solve(S.ExactSolver())
    far = np.array([[np.inf, np.inf]])
    with pytest.raises(LifeCircleError, match=r"No resident with population is able to reach any candidate site"):
        S.PMedian.from_cost_matrix(far, [3.0], 1).solve(S.ExactSolver())


def test_candidates_are_named_by_what_they_are():
    """Without an id field: a parcel by its own id, a potential-space parcel by rank and kind, anything else by
    its layer and feature id — never a bare feature id."""
    fids = [7, 48]
    assert S.candidate_names({"parcel_id": ["P0007", "P0048"], "land_use": ["商业", "工业"]}, fids, "地块") == [
        "P0007", "P0048"]
    assert S.candidate_names({"name": ["西岸闲置厂房", "东湖边角地"]}, fids, "候选") == ["西岸闲置厂房", "东湖边角地"]
    assert S.candidate_names({"rank": [3, 1], "main_kind": ["闲置", "金角银边"], "score": [61.0, 80.5]}, fids,
                             "potential") == ["潜力空间第 3 位（闲置）", "潜力空间第 1 位（金角银边）"]
    assert S.candidate_names({"land_use": ["商业", "工业"]}, fids, "地块") == ["地块 要素 7", "地块 要素 48"]
    # ids that repeat or are missing cannot name sites
    assert S.candidate_names({"id": ["A", "A"]}, fids, "地块") == ["地块 要素 7", "地块 要素 48"]
    assert S.candidate_names({"id": ["A", None]}, fids, "地块") == ["地块 要素 7", "地块 要素 48"]
