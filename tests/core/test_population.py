"""Census to buildings: a hand-worked case for each method, largest-remainder rounding, groups never above the
population, bad input, and property tests (hypothesis) that every census polygon's total (and every group's) is
kept exactly in whole residents."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from lifecircle.lifecircle_plugin.core import groups as G
from lifecircle.lifecircle_plugin.core import population as P
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

# census A (100, 30 aged 60+), B (10, 3), C (5, no building); buildings:
# b0 in A 10×10 ×2 floors, b1 in A 20×10 ×3, b2 across A/B 20×10 ×1, b3 in B 10×10 ×4, b4 outside, b5 shop in A
CENSUS = [box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)]
POP = np.array([100.0, 10.0, 5.0])
OLD = np.array([30.0, 3.0, 0.0])
BUILDINGS = [box(10, 10, 20, 20), box(50, 50, 70, 60), box(90, 10, 110, 20), box(150, 50, 160, 60),
             box(400, 400, 410, 410), box(30, 70, 40, 80)]
FLOORS = np.array([2.0, 3.0, 1.0, 4.0, 5.0, 9.0])
HOMES = np.array([True, True, True, True, True, False])


def run(method="floor_area", **kw):
    return P.distribute_population(CENSUS, POP, BUILDINGS, census_groups={"60+": OLD}, floors=FLOORS,
                                   residential=HOMES, method=method, census_ids=["A", "B", "C"], **kw)


def by_building(r):
    return {int(b): (int(p), int(o)) for b, p, o in zip(r.building, r.population, r.groups["60+"])}


def test_floor_area_hand_worked():
    # A: floor areas 200, 600 and half of b2's 200 = 100 (900): 100 residents -> quotas 22.2, 66.7, 11.1 ->
    #    22, 66, 11 and the one left to the largest remainder (b1) -> 22, 67, 11;
    #    30 aged 60+ -> 6.7, 20, 3.3 -> 7, 20, 3
    # B: b2's other half 100 and b3's 400: 10 -> 2, 8; 3 -> 0.6, 2.4 -> 1, 2
    r = run()
    got = by_building(r)
    assert got[0] == (22, 7) and got[1] == (67, 20) and got[2] == (11 + 2, 3 + 1) and got[3] == (8, 2)
    assert got[-1] == (5, 0)  # C keeps its 5 residents on a point of its own
    assert r.census_without_buildings == [2]
    assert r.buildings_outside == [4]  # (the shop b5 is not residential: neither housed nor listed)
    assert r.split.tolist()[:4] == [False, False, True, False]
    assert r.census.tolist() == [0, 0, 0, 1, 2]  # b2's pieces are equal: the first polygon holds it
    assert int(r.population.sum()) == 115
    # the point: a building's centroid (all convex here), C's a point inside C
    assert tuple(r.xy[1]) == (60.0, 55.0)
    assert CENSUS[2].contains(box(*r.xy[-1], *r.xy[-1]).centroid)
    assert r.basis[:4].tolist() == [200.0, 600.0, 200.0, 400.0]


def test_footprint_and_count_hand_worked():
    # footprint: A 100, 200, 100 -> 25, 50, 25; B 100, 100 -> 5, 5
    got = by_building(run("footprint"))
    assert [got[b][0] for b in range(4)] == [25, 50, 25 + 5, 5]
    # count: A shares 1, 1, 0.5 -> 40, 40, 20; B 0.5, 1 -> 3.33, 6.67 -> 3, 7
    got = by_building(run("count"))
    assert [got[b][0] for b in range(4)] == [40, 40, 23, 7]


def test_largest_remainder():
    assert P.largest_remainder(10, [1, 1, 1]).tolist() == [4, 3, 3]  # ties: the lower index
    assert P.largest_remainder(7, [0.5, 0.3, 0.2]).tolist() == [4, 2, 1]  # 3.5, 2.1, 1.4
    assert P.largest_remainder(0, [1, 2]).tolist() == [0, 0]
    assert P.largest_remainder(2, [1, 1, 1], caps=[0, 1, 5]).tolist() == [0, 1, 1]
    assert P.largest_remainder(3, [5, 1], caps=[1, 9]).tolist() == [1, 2]


def test_floors_from_height_and_missing():
    floors, assumed = P.floors_from([None, "6", 0, "n/a", None, "6层", "１８ 层"], [31.0, None, 9.5, None, None, None,
                                                                                  None])
    assert floors.tolist() == [10.0, 6.0, 3.0, 1.0, 1.0, 6.0, 18.0] and assumed == [3, 4]


def test_group_larger_than_population_is_refused():
    with pytest.raises(LifeCircleError, match=r"'census'.*60\+.*B \(11 > 10\)"):
        P.distribute_population(CENSUS, POP, BUILDINGS, census_groups={"60+": np.array([30, 11, 0])},
                                census_ids=["A", "B", "C"])


def test_overlapping_census_is_refused():
    with pytest.raises(LifeCircleError, match=r"overlap.*A / B"):
        P.distribute_population([box(0, 0, 10, 10), box(5, 0, 15, 10)], np.array([1, 1]), [],
                                census_ids=["A", "B"])


def test_invalid_building_is_repaired_and_listed():
    bowtie = Polygon([(10, 10), (30, 30), (30, 10), (10, 30)])  # self-intersecting
    r = P.distribute_population([box(0, 0, 100, 100)], np.array([9]), [bowtie, box(60, 60, 70, 70)],
                                method="footprint")
    assert r.repaired == [0] and int(r.population.sum()) == 9
    # both triangles kept (200 m²; buffer(0) would keep one, 100 m²): 200 : 100 -> 6 and 3
    assert r.basis.tolist() == [200.0, 100.0] and r.population.tolist() == [6, 3]


def test_non_whole_totals_are_rounded_and_listed():
    r = P.distribute_population([box(0, 0, 100, 100)], np.array([10.4]), [box(1, 1, 5, 5)])
    assert r.population.tolist() == [10] and r.census_rounded == [0]


def test_groups_parse_and_weights():
    assert G.parse_serves("0-3;3-6") == ("0-3", "3-6")
    assert G.parse_serves(" ６０+ ") == ("60+",) and G.parse_serves("60岁以上") == ("60+",)
    assert G.parse_serves("") == () and G.parse_serves("all") == ()
    with pytest.raises(LifeCircleError, match="unknown population group '65\\+'"):
        G.parse_serves("65+", "profile row 3")
    pop = np.array([10.0, 4.0])
    w = G.served_weights(pop, {"0-3": np.array([1, 3]), "3-6": np.array([2, 2])}, ("0-3", "3-6"))
    assert w.tolist() == [3.0, 4.0]  # capped by the point's population
    assert G.served_weights(pop, {"0-3": np.array([1, 3])}, ("0-3", "3-6")) is None
    assert G.served_weights(pop, {}, ()) is None


# ---- property: whole totals kept per census polygon, groups within population --------------------------------
@st.composite
def cases(draw):
    cols = draw(st.integers(1, 4))
    census = [box(c * 100, 0, c * 100 + 100, 100) for c in range(cols)]
    pops = draw(st.lists(st.integers(0, 5000), min_size=cols, max_size=cols))
    old = [draw(st.integers(0, p)) for p in pops]
    kids = [draw(st.integers(0, p - o)) for p, o in zip(pops, old)]  # a separate band: together ≤ population
    n = draw(st.integers(0, 25))
    buildings = []
    for _ in range(n):
        x = draw(st.floats(0, cols * 100 - 12))
        y = draw(st.floats(0, 88))
        w = draw(st.floats(1, 12))
        buildings.append(box(x, y, x + w, y + draw(st.floats(1, 12))))
    floors = np.array(draw(st.lists(st.integers(1, 30), min_size=n, max_size=n)), dtype=float)
    method = draw(st.sampled_from(P.METHODS))
    return census, np.array(pops, float), np.array(old, float), np.array(kids, float), buildings, floors, method


def test_age_bands_together_never_exceed_a_building_s_residents():
    """Three tiny buildings and a polygon of 3 residents: 1 child 0–3, 1 aged 3–6, 1 aged 60+ (and that one 80+).
    Each building has one resident, so it can hold one band only; 80+ goes where the 60+ is."""
    r = P.distribute_population([box(0, 0, 100, 100)], np.array([3]), [box(1, 1, 5, 5), box(10, 1, 14, 5),
                                                                      box(20, 1, 24, 5)],
                                census_groups={"0-3": np.array([1]), "3-6": np.array([1]), "60+": np.array([1]),
                                               "80+": np.array([1])})
    bands = r.groups["0-3"] + r.groups["3-6"] + r.groups["60+"]
    assert r.population.tolist() == [1, 1, 1] and bands.tolist() == [1, 1, 1]
    assert (r.groups["80+"] <= r.groups["60+"]).all() and r.groups["80+"].sum() == 1


def test_bands_more_than_the_population_are_refused():
    with pytest.raises(LifeCircleError, match=r"age groups 0-3, 60\+ together are more than the population.*A \(12 > 10\)"):
        P.distribute_population([box(0, 0, 10, 10)], np.array([10]), [],
                                census_groups={"0-3": np.array([4]), "60+": np.array([8])}, census_ids=["A"])
    with pytest.raises(LifeCircleError, match=r"more residents aged 80\+ than 60\+.*A \(5 > 4\)"):
        P.distribute_population([box(0, 0, 10, 10)], np.array([10]), [],
                                census_groups={"60+": np.array([4]), "80+": np.array([5])}, census_ids=["A"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_totals_kept_exactly(case):
    census, pops, old, kids, buildings, floors, method = case
    r = P.distribute_population(census, pops, buildings, census_groups={"60+": old, "0-3": kids}, floors=floors,
                                method=method)
    assert r.population.dtype.kind == "i"
    assert int(r.population.sum()) == int(pops.sum())
    assert int(r.groups["60+"].sum()) == int(old.sum())
    assert (r.groups["60+"] + r.groups["0-3"] <= r.population).all()  # bands never more than the residents
    assert int(r.groups["0-3"].sum()) == int(kids.sum())
    # per polygon: buildings wholly inside one polygon + that polygon's share of the split ones (independently:
    # each polygon's quota of its pieces, compared within one resident per piece)
    for k, poly in enumerate(census):
        pieces = [(i, b.intersection(poly).area / b.area) for i, b in enumerate(buildings) if b.intersects(poly)
                  and b.intersection(poly).area > 0]
        if not pieces:
            assert k in r.census_without_buildings
            continue
        weight = {i: s * (1.0 if method == "count" else b_area(buildings[i]) *
                          (floors[i] if method == "floor_area" else 1.0)) for i, s in pieces}
        whole = [i for i, s in pieces if s >= 1.0 - 1e-12]
        total_w = sum(weight.values())
        for i in whole:
            got = int(r.population[r.building == i][0])
            assert abs(got - pops[k] * weight[i] / total_w) < 1.0 + 1e-9


def b_area(g) -> float:
    return g.area


def test_residential_by_use_as_typed():
    from lifecircle.lifecircle_plugin.core.population import residential_by_use

    uses = ["住宅", " Residential ", "商业", None, "", "ＲＥＳＩＤＥＮＴＩＡＬ", "apartments", "商业", "office"]
    homes, others = residential_by_use(uses, "住宅，residential; apartments")
    assert homes.tolist() == [True, True, False, False, False, True, True, False, False]
    assert others == ["office", "商业"]  # distinct, sorted, empty values not listed
    homes, others = residential_by_use(["住宅"], "")
    assert homes.tolist() == [False] and others == ["住宅"]
