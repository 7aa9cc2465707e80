"""What the potential-space run reads off a coverage output and reports (core/potential_report.py): hand-worked."""

from __future__ import annotations

import numpy as np
from lifecircle.lifecircle_plugin.core.potential import (
    AFFILIATED,
    IDLE,
    KINDS,
    LEFTOVER,
    LOW_EFFICIENCY,
)
from lifecircle.lifecircle_plugin.core.potential_report import (
    distance_fields,
    of_types,
    parcels_by_kind,
    typed_values,
)


def test_distance_fields_match_d_code_in_any_case_in_profile_order():
    names = ["fid", "population", "D_Q05", "d_q01", "d_M03", "d_X99", "dQ02", "d_Q02_old"]
    found = distance_fields(names, ["Q01", "Q02", "Q05", "M03"])
    # Q02 has no d_Q02 (dQ02 and d_Q02_old are other fields); d_X99 is not a profile code
    assert found == {"Q01": "d_q01", "Q05": "D_Q05", "M03": "d_M03"}
    assert list(found) == ["Q01", "Q05", "M03"]


def test_distance_fields_none_found():
    assert distance_fields(["population", "c_Q01"], ["Q01"]) == {}


def test_parcels_by_kind_counts_parcels_with_potential_only_and_both_kinds_of_one_parcel():
    kinds = [(IDLE,), (IDLE, LEFTOVER), (LOW_EFFICIENCY,), (), (AFFILIATED,)]
    potential = np.array([True, True, False, False, True])
    # parcel 2 has a kind but no potential (e.g. too small): not counted; parcel 1 counts for two kinds
    assert parcels_by_kind(kinds, potential) == {IDLE: 2, LOW_EFFICIENCY: 0, LEFTOVER: 1, AFFILIATED: 1}
    assert list(parcels_by_kind(kinds, potential)) == list(KINDS)


def test_parcels_by_kind_of_no_parcels():
    assert parcels_by_kind([], np.zeros(0, dtype=bool)) == {k: 0 for k in KINDS}


def test_of_types_picks_the_elevated_roads_by_their_type_as_typed():
    types = ["Expressway ", "river", None, "高架", "viaduct", "", "ELEVATED", "expressway_link"]
    assert of_types(types, "expressway, elevated,高架 ,, ") == [0, 3, 6]
    assert of_types(types, "") == [] and of_types(types, None) == []
    assert typed_values(" Motorway,trunk ,,") == {"motorway", "trunk"}


def test_of_types_takes_a_list_of_values_too():
    types = ["motorway", "Trunk", "primary", None]
    assert of_types(types, ["motorway", " TRUNK", ""]) == [0, 1]
    assert typed_values(("a ", "", " B")) == {"a", "b"}


def test_zones_of_parcels_by_their_point_on_surface():
    from shapely.geometry import LineString, Polygon, box

    from lifecircle.lifecircle_plugin.core.potential_report import zones_of_parcels

    zones = [box(0, 0, 100, 100), LineString([(0, 0), (300, 300)]), box(100, 0, 200, 100)]
    # an L-shaped parcel whose bounding-box centre (60, 60) lies outside it but whose point on surface lies in zone 0;
    # a parcel straddling zones 0 and 2 with most of it in zone 2 (its point on surface: x = 130); one outside; none
    l_shape = Polygon([(10, 10), (90, 10), (90, 20), (20, 20), (20, 90), (10, 90)])
    parcels = [l_shape, box(90, 10, 170, 30), box(500, 500, 510, 510), None, Polygon()]
    zone, zone_type = zones_of_parcels(parcels, zones, [7, 8, 9], ["居住", "road", "商业"])
    assert zone == ["7", "9", None, None, None]
    assert zone_type == ["居住", "商业", None, None, None]
    assert zones_of_parcels(parcels[:1], zones, [7, 8, 9]) == (["7"], None)
