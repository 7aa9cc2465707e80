"""The siting core's one entry (core/siting/run.py: the model dispatch by name, how far distances are needed) and
its report (core/siting/report.py: each site's figures and reason, the run's headline numbers), on a case worked
by hand.

The case: 4 residents (10, 20, 30, 40 people), 3 candidates, walking distances (m; "—" = out of reach)

            a     b     c
    r0    100     —     —
    r1      —   200     —
    r2    300   250     —
    r3      —     —    50

Within 260 m: a covers r0; b covers r1 and r2; c covers r3. So
- MCLP, P = 2: b + c cover 20 + 30 + 40 = 90 of 100 (a + b: 60, a + c: 50); b ranks first (50 newly covered,
  50 %), c second (40 more, 90 %). Allocation: r1 → b (200 m), r2 → b (250 m), r3 → c (50 m); b's residents walk
  (20·200 + 30·250) / 50 = 230 m on average, c's 50 m.
- LSCP, target 90 %: no single site reaches 90; b + c does — 2 sites.
- p-median, P = 1 (serve the most first): b serves 50 (a 40, c 40) at 20·200 + 30·250 = 11,500 person-metres;
  r0 and r3 (50 people) are left unserved. P = 2: b + c serves 90 (a + b 60, a + c 80) at 11,500 + 40·50 = 13,500.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from lifecircle.lifecircle_plugin.core import siting as S
from lifecircle.lifecircle_plugin.core.siting import report

INF = np.inf
COST = np.array([[100, INF, INF],
                 [INF, 200, INF],
                 [300, 250, INF],
                 [INF, INF, 50]], dtype=float)
PEOPLE = np.array([10.0, 20.0, 30.0, 40.0])
IDS = ["a", "b", "c"]


@pytest.mark.parametrize("solver", ["exact", "greedy", "auto"])
def test_maximal_covering_by_name(solver):
    r = S.solve_siting("mclp", COST, PEOPLE, threshold=260, p=2, solver=solver)
    assert r.model == "mclp"
    assert list(r.sites) == [1, 2]
    assert r.objective == 90.0
    assert list(r.site_marginal) == [50.0, 40.0]
    assert list(r.site_cumulative) == [50.0, 90.0]
    assert sorted(zip(r.alloc_demand.tolist(), r.alloc_site.tolist(), r.alloc_distance.tolist())) == [
        (1, 1, 200.0), (2, 1, 250.0), (3, 2, 50.0)]


def test_set_covering_by_name():
    r = S.solve_siting("lscp", COST, PEOPLE, threshold=260, target=0.9, solver="exact")
    assert r.model == "lscp"
    assert sorted(r.sites.tolist()) == [1, 2]
    assert r.objective == 2.0
    assert r.proven_optimal


@pytest.mark.parametrize("p, sites, distance, unserved", [(1, [1], 11_500.0, 50.0), (2, [1, 2], 13_500.0, 10.0)])
def test_p_median_by_name(p, sites, distance, unserved):
    r = S.solve_siting("pmedian", COST, PEOPLE, p=p, solver="exact")
    assert sorted(r.sites.tolist()) == sites
    assert r.objective == pytest.approx(distance)
    assert r.weighted_distance == pytest.approx(distance)
    assert r.unserved_population == unserved


def test_report_weights_count_the_residents_while_the_weights_choose():
    """Chosen for weighted demand (r3 counts 200): c is the one site; its figures count r3's 40 residents."""
    weighted = np.array([10.0, 20.0, 30.0, 200.0])
    r = S.solve_siting("mclp", COST, weighted, threshold=260, p=1, solver="exact", report_weights=PEOPLE)
    assert list(r.sites) == [2]
    assert r.objective == 40.0
    assert r.total_population == 100.0
    assert any("weighted by the residents' needs" in str(n) for n in r.notes)
    assert list(S.solve_siting("mclp", COST, PEOPLE, threshold=260, p=1, solver="exact").sites) == [1]


def test_an_unknown_model_is_named():
    with pytest.raises(ValueError, match="unknown siting model 'median'"):
        S.solve_siting("median", COST, PEOPLE, threshold=260, p=1)


@pytest.mark.parametrize("model, threshold, max_distance, limit", [
    ("mclp", 500.0, None, 500.0), ("lscp", 300.0, 900.0, 300.0),  # the covering models: their threshold
    ("pmedian", None, None, INF), ("pmedian", 500.0, None, INF),  # p-median without a maximum: every distance
    ("pmedian", 500.0, 800.0, 800.0), ("pmedian", 900.0, 800.0, 900.0),  # … with one: at least its threshold
])
def test_how_far_distances_are_needed(model, threshold, max_distance, limit):
    assert S.distance_limit(model, threshold, max_distance) == limit


def test_each_sites_figures_and_reason():
    r = S.solve_siting("mclp", COST, PEOPLE, threshold=260, p=2, solver="exact")
    rows = report.site_rows(r, PEOPLE, IDS, "Q05", "为老服务")
    assert [list(row) for row in rows] == [list(report.SITE_FIELDS)] * 2
    b, c = rows
    assert (b["lc_rank"], b["lc_site_id"], b["lc_code"], b["new_pop"], b["cum_pop"], b["cum_share"]) == (
        1, "b", "Q05", 50.0, 50.0, 50.0)
    assert (b["reach_pop"], b["assign_pop"], b["mean_dist"], b["saving_m"]) == (50.0, 50.0, 230.0, None)
    assert (c["lc_rank"], c["new_pop"], c["cum_share"], c["mean_dist"]) == (2, 40.0, 90.0, 50.0)
    assert b["lc_reason"] == "第1推荐：260 m 步行范围内新增覆盖 50 名缺少为老服务的居民，累计覆盖率 50.0%"
    assert c["lc_reason"] == "第2推荐：260 m 步行范围内新增覆盖 40 名缺少为老服务的居民，累计覆盖率 90.0%"
    assert (b["model"], str(b["solver"])) == ("mclp", "exact (HiGHS)")


def test_p_median_sites_reason_in_walking_distance():
    r = S.solve_siting("pmedian", COST, PEOPLE, p=2, solver="exact")
    b, c = report.site_rows(r, PEOPLE, IDS)
    assert (b["lc_site_id"], b["assign_pop"], b["mean_dist"], b["cum_share"]) == ("b", 50.0, 230.0, None)
    assert b["lc_reason"] == "第1推荐：设施就近服务 50 人，人均步行 230 m"
    assert c["lc_reason"] == "第2推荐：设施就近服务 40 人，人均步行 50 m"


def test_headline_numbers_and_summary():
    r = S.solve_siting("mclp", COST, PEOPLE, threshold=260, p=2, solver="exact")
    h = report.headline(r, IDS, "Q05")
    assert (h["OBJECTIVE"], h["COVERAGE_BEFORE"], h["COVERAGE_AFTER"], h["OPTIMALITY_GAP"], h["SITE_COUNT"]) == (
        90.0, 0.0, 90.0, 0.0, 2)
    assert h["SOLVER_USED"] == "exact (HiGHS)"
    summary = json.loads(json.dumps(h["summary"], ensure_ascii=False))
    assert summary["sites_chosen"] == ["b", "c"] and summary["category"] == "Q05"
    assert summary["covered_after"] == 90.0 and summary["share_after"] == 0.9
