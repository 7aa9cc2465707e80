"""Project impact (before/after, alone and in list order) and coverage comparison — hand-worked cases."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import LineString, box

from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.core.impact import (
    GAINED,
    LOST,
    NO_COMPARISON,
    SAME,
    REASON_NO_CATEGORY,
    REASON_NO_LOCATION,
    REASON_OVERLAP,
    change_label,
    compare_coverage,
    compare_over_same_residents,
    coverage_codes,
    list_order,
    project_codes,
    project_impact,
)
from lifecircle.lifecircle_plugin.core.network import build_network

from miniprofile import Cat, MiniProfile


PROFILE = MiniProfile([Cat("Q03", "便民商业", "十全", 500), Cat("M03", "儿童托管", "十美", 500)])


def case():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    facilities = np.array([[100, 0]])
    residents = np.array([[50, 0], [400, 0], [800, 0], [950, 0]])
    pop = np.array([1.0, 2.0, 4.0, 8.0])
    projects = np.array([[900, 0], [700, 0], [200, 0], [500, 0], [np.nan, np.nan], [1000, 0]])
    codes = ["Q03", "Q03", "Q03", "X99", "Q03", "M03"]
    units = [box(-10, -10, 500, 10), box(500, -10, 1010, 10)]
    return project_impact(net, PROFILE, facilities, ["Q03"], projects, codes, residents, pop, unit_polygons=units)


def test_alone_and_in_list_order():
    r = case()
    # worked by hand: before, Q03 covers x=50 and x=400 (3 residents); P1 (x=900) newly covers 800 and 950 (12)
    np.testing.assert_allclose(r.project_new_alone[[0, 1, 2, 5]], [12, 12, 0, 12])
    np.testing.assert_allclose(r.project_new_ordered[[0, 1, 2, 5]], [12, 0, 0, 12])
    assert r.project_reason[2] == REASON_OVERLAP  # x=200 covers only who is covered already
    assert r.project_reason[3] == REASON_NO_CATEGORY and r.project_reason[4] == REASON_NO_LOCATION
    assert r.project_reason[0] == r.project_reason[1] == r.project_reason[5] == ""
    assert r.project_counted.tolist() == [True, True, True, False, False, True]
    assert r.changed_codes == ["Q03", "M03"]
    # the ordered figures add up to the total gain, per category
    gain = (r.newly_covered * r.after.population[:, None]).sum(axis=0)
    q, m = r.after.codes.index("Q03"), r.after.codes.index("M03")
    assert gain[q] == pytest.approx(np.nansum(r.project_new_ordered[[0, 1, 2]]))
    assert gain[m] == pytest.approx(r.project_new_ordered[5])


def test_units_before_and_after():
    r = case()
    q = r.after.codes.index("Q03")
    np.testing.assert_allclose(r.before.unit_share[:, q], [1.0, 0.0])
    np.testing.assert_allclose(r.after.unit_share[:, q], [1.0, 1.0])
    np.testing.assert_allclose(r.unit_new_population(), [0.0, 12.0])
    assert r.unit_improved(1) == "便民商业、儿童托管" and r.unit_improved(0) == ""
    assert r.before.unit_met_must.tolist() == [1, 0] and r.after.unit_met_must.tolist() == [1, 1]


def test_nothing_countable_is_an_error():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    with pytest.raises(LifeCircleError, match="None of the selected projects can be counted"):
        project_impact(net, PROFILE, np.array([[0, 0]]), ["Q03"], np.array([[5000, 5000]]), ["Q03"],
                       np.array([[10, 0]]), np.array([1.0]))


def test_comparing_a_result_with_itself_changes_nothing():
    units = {"A": {"c_Q03": 80.0, "c_M03": 10.0, "q_met": 3, "m_met": 1},
             "B": {"c_Q03": 100.0, "c_M03": None, "q_met": 10, "m_met": 0}}
    c = compare_coverage(units, units, ["Q03", "M03"])
    assert c.unit_ids == ["A", "B"]
    assert np.nansum(np.abs(c.share_change)) == 0 and np.all(c.met_change == 0)
    assert np.isnan(c.share_change[1, 1])  # no value on either side stays unknown, not zero


def test_compare_two_years():
    last = {"A": {"c_Q03": 80.0, "q_met": 3, "m_met": 1}, "C": {"c_Q03": 50.0, "q_met": 1, "m_met": 0}}
    this = {"A": {"c_Q03": 92.5, "q_met": 4, "m_met": 1}, "B": {"c_Q03": 100.0, "q_met": 10, "m_met": 2}}
    c = compare_coverage(last, this, ["Q03"])
    assert c.unit_ids == ["A", "B", "C"]
    assert c.share_change[0, 0] == pytest.approx(12.5) and c.met_change[0] == 1
    assert np.isnan(c.share_change[1, 0]) and c.only_after == ["B"] and c.only_before == ["C"]
    with pytest.raises(LifeCircleError, match="'c_Q03' is not a number"):
        compare_coverage({"A": {"c_Q03": "lots"}}, this, ["Q03"])


def test_a_district_without_any_facility_yet():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    r = project_impact(net, PROFILE, np.zeros((0, 2)), [], np.array([[500, 0]]), ["M03"],
                       np.array([[100, 0], [900, 0]]), np.array([5.0, 7.0]))
    assert r.project_new_alone[0] == 12.0 and r.before.overall_share()["M03"] == 0.0


def test_a_project_for_a_group_counts_the_group():
    """M03 serves children 6–12: the M03 project at x=1000 newly covers the points at 800 and 950 — 1 and 3 children
    of their 4 and 8 residents — so it counts 4, and the unit's M03 share is the children's (0 → 4/4)."""
    net = build_network([LineString([(0, 0), (1000, 0)])])
    profile = MiniProfile([Cat("Q03", "便民商业", "十全", 500), Cat("M03", "儿童托管", "十美", 500, ("6-12",))])
    r = project_impact(net, profile, np.array([[100, 0]]), ["Q03"], np.array([[1000, 0], [250, 0]]), ["M03", "M03"],
                       np.array([[50, 0], [400, 0], [800, 0], [950, 0]]), np.array([1.0, 2.0, 4.0, 8.0]),
                       unit_polygons=[box(-10, -10, 500, 10), box(500, -10, 1010, 10)],
                       group_counts={"6-12": np.array([0.0, 0.0, 1.0, 3.0])})
    np.testing.assert_allclose(r.project_new_alone, [4, 0])
    m = r.after.codes.index("M03")
    assert np.isnan(r.after.unit_share[0, m])  # no children in unit 0
    np.testing.assert_allclose(r.after.unit_share[1, m], 1.0)
    np.testing.assert_allclose(r.after.unit_share_all[:, m], [1.0, 1.0])
    # the project at x=250 reaches residents (no children) nobody served: not an overlap with existing service
    assert r.project_reason[1] == ""


def test_units_gained_and_lost_count_only_units_in_both_results():
    last = {"A": {"c_Q03": 80.0, "q_met": 3}, "B": {"c_Q03": 90.0, "q_met": 5}, "C": {"c_Q03": 50.0, "q_met": 1},
            "D": {"c_Q03": 50.0, "q_met": 2}}
    this = {"A": {"c_Q03": 92.5, "q_met": 4}, "B": {"c_Q03": 70.0, "q_met": 4}, "D": {"c_Q03": 50.0, "q_met": 2},
            "E": {"c_Q03": 100.0, "q_met": 10}}
    c = compare_coverage(last, this, ["Q03"])
    # A 3 → 4 gained, B 5 → 4 lost, D 2 → 2 same; C (only last year) and E (only this year) are not compared
    assert c.units_gained() == 1 and c.units_lost() == 1
    assert [change_label(d) for d in c.met_change] == [GAINED, LOST, SAME, NO_COMPARISON, NO_COMPARISON]
    assert c.unit_ids == ["A", "B", "D", "E", "C"]


def test_change_labels():
    assert change_label(2.0) == "新增达标 gained" and change_label(-1.0) == "减少 lost"
    assert change_label(0.0) == "持平 same" and change_label(float("nan")) == "无对比 no comparison"


def test_coverage_codes_are_the_c_fields_of_five_characters():
    names = ["unit_id", "c_Q01", "call_Q01", "c_M10", "q_met", "c_total", "d_Q02", "cQ03"]
    assert coverage_codes(names) == ["Q01", "M10"]


def test_categories_measured_over_different_residents_are_compared_over_everyone():
    # last year Q09 (elderly care) over everyone; this year over the 60+ only (group_basis), with call_Q09 the
    # share of all residents; Q03 over everyone both years
    last = {"A": {"c_Q09": 40.0, "c_Q03": 80.0}}
    this = {"A": {"c_Q09": 90.0, "call_Q09": 55.0, "c_Q03": 85.0, "group_basis": "Q09:60p"}}
    differ = compare_over_same_residents(last, this, ["Q03", "Q09"])
    assert differ == [("Q09", (), ("60p",))]
    assert this["A"]["c_Q09"] == 55.0 and last["A"]["c_Q09"] == 40.0  # everyone's share against everyone's
    assert this["A"]["c_Q03"] == 85.0
    c = compare_coverage(last, this, ["Q03", "Q09"])
    assert c.share_change[0].tolist() == [5.0, 15.0]


def test_same_residents_in_both_changes_nothing():
    rows = {"A": {"c_Q09": 90.0, "call_Q09": 55.0, "group_basis": "Q09:60p"}}
    other = {"A": {"c_Q09": 80.0, "call_Q09": 50.0, "group_basis": "Q09:60p"}}
    assert compare_over_same_residents(rows, other, ["Q09"]) == []
    assert rows["A"]["c_Q09"] == 90.0 and other["A"]["c_Q09"] == 80.0


def test_residents_newly_covered_count_each_resident_once_and_overlapping_projects():
    r = case()
    # x=800 (4) and x=950 (8) are newly covered in both Q03 and M03: 12 residents, not 24
    assert r.newly_covered_residents() == 12.0
    assert r.overlapping_projects() == [2]  # the project at x=200 only reaches who is covered already


def test_list_order_is_by_project_id_then_feature_id():
    ids = ["P3", "P1", "", "P1", "P2"]
    fids = [10, 11, 12, 9, 13]
    # selected 0, 1, 3, 4 (2 not selected): P1 (fid 9), P1 (fid 11), P2, P3; an empty id would come first
    assert list_order([0, 1, 3, 4], ids, fids) == [3, 1, 4, 0]
    assert list_order([2, 0], ids, fids) == [2, 0]


def test_project_codes_from_categories_as_written():
    assert project_codes(["Q05", "q5", "Q05 为老服务", " m3 ", "xyz", "", None]) == [
        "Q05", "Q05", "Q05", "M03", "XYZ", None, None]
