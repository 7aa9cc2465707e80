"""The "1+N" check and unit-type profiles of the coverage core, on hand-worked cases with the bundled profiles.

The tiny network of most cases (metres):

    (-75,200) ──── (0,200) = B, an N point (Q08, 150 m²)
        │
        │          straight line C–B: 200 m; walk C → (-75,0) → (-75,200) → B: 75 + 200 + 75 = 350 m
        │
    (-75,0) ────── (0,0) = C, the flagged centre ───────── (250,0) = A, an N point (Q03, 120 m²), walk 250 m
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from shapely.geometry import LineString, box

from lifecircle.lifecircle_plugin.core.checklist import load_profile, parse_functions
from lifecircle.lifecircle_plugin.core.coverage import facility_coverage
from lifecircle.lifecircle_plugin.core.network import build_network

SHANGHAI = load_profile("shanghai")
NATIONAL = load_profile("national")
ONE_STOP = "Q02;Q04;Q05;Q07"  # with the centre's own Q01: the Shanghai profile's one-stop functions


def loop_network():
    return build_network([LineString([(0, 0), (250, 0)]),
                          LineString([(0, 0), (-75, 0), (-75, 200), (0, 200)])])


def run(functions=ONE_STOP, area=900.0, extra=(), **kw):
    """C (Q01, flagged, ``functions``), A and B, plus ``extra`` facilities (x, y, code, area)."""
    xy = [(0, 0), (250, 0), (0, 200)] + [(x, y) for x, y, _, _ in extra]
    codes = ["Q01", "Q03", "Q08"] + [c for _, _, c, _ in extra]
    areas = [area, 120, 150] + [a for _, _, _, a in extra]
    hosted = [parse_functions(functions, SHANGHAI)[0], set(), set()] + [set() for _ in extra]
    return facility_coverage(loop_network(), SHANGHAI, np.array(xy, float), codes, np.array([[100.0, 0]]),
                             np.array([10.0]), facility_area=np.array(areas, float),
                             facility_one_stop=np.array([True] + [False] * (2 + len(extra))),
                             facility_functions=hosted, **kw)


def test_n_points_are_linked_by_the_walk_not_the_straight_line():
    r = run(link_distance=300)
    ones = r.one_plus_n
    assert r.unit_one_stop.tolist() == [True] and ones.centre.tolist() == [0]
    np.testing.assert_allclose(ones.link_m[1:3], [250, 350])
    assert ones.role[:3] == ["centre", "N linked", "N unlinked"]  # B is 200 m away in a straight line
    assert (ones.n_linked.tolist(), ones.n_unlinked.tolist(), r.unit_small_points.tolist()) == ([1], [1], [2])


def test_the_link_walk_defaults_to_the_profile():
    assert SHANGHAI.small_point_link_m == 1000
    r = run()
    assert r.one_plus_n.n_linked.tolist() == [2] and r.one_plus_n.n_unlinked.tolist() == [0]


def test_a_centre_lacking_a_one_stop_function_is_no_centre():
    r = run(functions="Q02;Q04;Q07")
    ones = r.one_plus_n
    assert r.unit_one_stop.tolist() == [False] and ones.candidate.tolist() == [0]
    assert ones.missing == [("Q05",)] and r.missing_functions(0) == "Q05 为老服务"
    assert ones.centre_type == [""] and ones.role[0] == "centre candidate"
    # without a centre no N point is linked
    assert ones.n_linked.tolist() == [0] and ones.n_unlinked.tolist() == [2]


@pytest.mark.parametrize("functions, centre_type", [
    (ONE_STOP, "特色型"),  # every one-stop function, nothing for children
    (ONE_STOP + ";Q06", "基本型"),  # + 保育托幼: the old and the young
    (ONE_STOP + "、儿童托管", "基本型"),  # M03 by its name
    (ONE_STOP + ";Q06;Q08;M02", "理想型"),  # + sports and learning: every age
    (ONE_STOP + ";M03;M04;M06", "理想型"),
    (ONE_STOP + ";Q06;Q08", "基本型"),  # no learning/culture function: not 理想型
])
def test_centre_type_by_the_profile_rules(functions, centre_type):
    r = run(functions=functions)
    assert r.one_plus_n.centre_type == [centre_type]


def test_facilities_at_the_centre_are_its_functions():
    # a 100 m² elderly-care room 10 m from the centre: the centre's Q05, not an N point
    r = run(functions="Q02;Q04;Q07", extra=[(10, 0, "Q05", 100)])
    ones = r.one_plus_n
    assert r.unit_one_stop.tolist() == [True] and ones.role[3] == "centre part"
    assert ones.hosted[0] == {"Q01", "Q02", "Q04", "Q05", "Q07"}
    assert r.unit_small_points.tolist() == [2]
    # with a 5 m radius it is not part of the centre: Q05 is missing, and the room is an N point
    r = run(functions="Q02;Q04;Q07", extra=[(10, 0, "Q05", 100)], centre_radius=5)
    assert r.one_plus_n.missing == [("Q05",)] and r.one_plus_n.role[3] == "N unlinked"
    assert r.unit_small_points.tolist() == [3]


def test_the_area_floor():
    r = run(area=600)  # < 800 m²: every function, but too small
    assert r.unit_one_stop.tolist() == [False]
    assert r.one_plus_n.area_short.tolist() == [True] and r.one_plus_n.missing == [()]
    r = run(area=np.nan)  # unknown: not held against it
    assert r.unit_one_stop.tolist() == [True]


def test_of_two_flagged_facilities_the_one_meeting_the_rules_is_the_centre():
    # a second flagged facility far off with every function and childcare, and a bigger one lacking Q05
    net = build_network([LineString([(0, 0), (2000, 0)])])
    xy = np.array([[0, 0], [1500, 0], [1000, 0]], float)
    functions = [parse_functions(f, SHANGHAI)[0] for f in ("Q02;Q04;Q07", ONE_STOP + ";Q06", ONE_STOP)]
    r = facility_coverage(net, SHANGHAI, xy, ["Q01", "Q01", "Q01"], np.array([[100.0, 0]]), np.array([1.0]),
                          facility_area=np.array([5000, 900, 1200.0]), facility_one_stop=np.ones(3, bool),
                          facility_functions=functions)
    # both 1 and 2 qualify: 基本型 (1) is tried before 特色型 (2), whatever the areas
    assert r.one_plus_n.centre.tolist() == [1] and r.one_plus_n.centre_type == ["基本型"]


def two_units(unit_profiles, **kw):
    """Two units on a straight street, each with one elderly-care facility and one resident 400 m from it."""
    net = build_network([LineString([(0, 0), (3000, 0)])])
    fac = np.array([[0, 0], [1100, 0]], float)
    res = np.array([[400, 0], [1500, 0]], float)
    units = [box(-10, -10, 999, 10), box(1000, -10, 3010, 10)]
    return facility_coverage(net, SHANGHAI, fac, ["Q05", "Q05"], res, np.array([10.0, 10.0]), unit_polygons=units,
                             unit_profiles=unit_profiles, **kw)


def test_a_unit_is_judged_by_its_types_profile():
    # Shanghai: 为老服务 within 500 m; national (e.g. for 乡村 units): 300 m
    q05 = SHANGHAI.codes.index("Q05")
    r = two_units([SHANGHAI, NATIONAL])
    np.testing.assert_allclose(r.unit_share[:, q05], [1.0, 0.0])
    assert r.unit_threshold[:, q05].tolist() == [500, 300] and r.unit_profile == ["shanghai", "national"]
    np.testing.assert_allclose(r.facility_pop_within, [10, 0])  # the second serves nobody within 300 m
    assert r.overall_share()["Q05"] == pytest.approx(0.5)
    # the same units with one profile: both covered
    r = two_units(None)
    np.testing.assert_allclose(r.unit_share[:, q05], [1.0, 1.0])


def test_the_target_comes_from_each_units_profile_unless_given():
    assert SHANGHAI.target_label == "2025" and SHANGHAI.target_share == pytest.approx(0.85)
    half = dataclasses.replace(NATIONAL, target_share=0.5)
    r = two_units([SHANGHAI, half])
    assert r.unit_target.tolist() == [0.85, 0.5] and r.target == pytest.approx(0.85)
    r = two_units([SHANGHAI, half], target=0.6)
    assert r.unit_target.tolist() == [0.6, 0.6]


def test_profiles_side_by_side_need_the_same_codes():
    from lifecircle.lifecircle_plugin.core.errors import LifeCircleError

    fewer = dataclasses.replace(NATIONAL, categories=NATIONAL.categories[:5])
    with pytest.raises(LifeCircleError, match="same codes"):
        two_units([SHANGHAI, fewer])
