"""Facility coverage core: a hand-worked case, and random cases against an independent reference."""

from __future__ import annotations

import math
import numpy as np
import pytest
from shapely.geometry import LineString, box

from lifecircle.lifecircle_plugin.core.coverage import clean_population, facility_coverage, groups_not_carried
from lifecircle.lifecircle_plugin.core.errors import CancelledError, LifeCircleError
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

import netref
from miniprofile import Cat, MiniProfile


PROFILE = MiniProfile([Cat("Q03", "便民商业", "十全", 500), Cat("M03", "儿童托管", "十美", 500)])


def hand_case(target=0.85, **kw):
    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    fac = np.array([[100, 10], [900, -5], [700, 2000]])
    codes = ["Q03", "M03", None]
    res = np.array([[0, 20], [450, 30], [500, 300], [2000, 2000]])
    pop = np.array([100.0, 200.0, 50.0, 10.0])
    units = [box(-100, -100, 300, 500), box(300, -100, 1100, 500)]
    return facility_coverage(net, PROFILE, fac, codes, res, pop, unit_polygons=units, target=target, **kw)


def test_hand_worked_distances_and_shares():
    r = hand_case()
    q, m = r.codes.index("Q03"), r.codes.index("M03")
    # worked by hand (see the module docstring of this test): access + along the network + access
    np.testing.assert_allclose(r.resident_distance[:3, q], [130, 390, 710])
    np.testing.assert_allclose(r.resident_distance[:3, m], [925, 485, 705])
    assert np.isinf(r.resident_distance[3]).all() and not r.resident_snapped[3]
    assert r.resident_unit.tolist() == [0, 1, 1, -1]
    assert r.resident_met_must.tolist() == [1, 1, 0, 0]
    assert r.resident_met_optional.tolist() == [0, 1, 0, 0]
    np.testing.assert_allclose(r.unit_population, [100, 250])
    np.testing.assert_allclose(r.unit_share[:, q], [1.0, 0.8])
    np.testing.assert_allclose(r.unit_share[:, m], [0.0, 0.8])
    assert r.unit_met.tolist() == [[True, False], [False, False]]
    assert r.unit_met_must.tolist() == [1, 0] and r.unit_met_optional.tolist() == [0, 0]
    assert r.unit_missing(0, "十全") == "" and r.unit_missing(0, "十美") == "儿童托管"
    assert r.unit_missing(1, "十全") == "便民商业"
    assert r.unit_score.tolist() == [7.0, 0.0]
    assert r.unit_presence.tolist() == [[1, 0], [0, 1]]
    # per facility: residents within 500 m
    np.testing.assert_allclose(r.facility_pop_within[:2], [300, 200])
    np.testing.assert_allclose(r.facility_pop_nearest[:2], [300, 200])
    assert math.isnan(r.facility_pop_within[2])  # no category: not analysed
    assert r.diagnostics["residents_beyond_snap"] == [3]
    assert r.diagnostics["facilities_beyond_snap"] == [2]
    # whole-area share counts every resident, the unreachable one too
    assert r.overall_share()["Q03"] == pytest.approx(300 / 360)


GROUP_PROFILE = MiniProfile([Cat("Q03", "便民商业", "十全", 500), Cat("M03", "儿童托管", "十美", 500, ("6-12",))])


def group_case(kids, **kw):
    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    return facility_coverage(net, GROUP_PROFILE, np.array([[100, 10], [900, -5], [700, 2000]]), ["Q03", "M03", None],
                             np.array([[0, 20], [450, 30], [500, 300], [2000, 2000]]), np.array([100.0, 200, 50, 10]),
                             unit_polygons=[box(-100, -100, 300, 500), box(300, -100, 1100, 500)],
                             group_counts={"6-12": np.array(kids, dtype=float)}, **kw)


def test_a_category_is_measured_over_the_residents_it_serves():
    # the hand case with children 6–12 per point: M03 reaches only point 1 (485 m)
    r = group_case([10, 20, 25, 5])
    q, m = r.codes.index("Q03"), r.codes.index("M03")
    # unit 1 (points 1, 2): 20 of its 45 children covered; of all its residents 200 of 250
    np.testing.assert_allclose(r.unit_share[:, m], [0.0, 20 / 45])
    np.testing.assert_allclose(r.unit_share_all[:, m], [0.0, 0.8])
    np.testing.assert_allclose(r.unit_served[:, m], [10, 45])
    np.testing.assert_allclose(r.unit_share[:, q], [1.0, 0.8])  # everyone's category: unchanged
    np.testing.assert_allclose(r.unit_share_all[:, q], [1.0, 0.8])
    # the facility serves 20 children (not 200 residents)
    np.testing.assert_allclose(r.facility_pop_within[:2], [300, 20])
    np.testing.assert_allclose(r.facility_pop_nearest[:2], [300, 20])
    assert r.overall_share()["M03"] == pytest.approx(20 / 60)
    assert r.overall_share(everyone=True)["M03"] == pytest.approx(200 / 360)
    assert r.group_basis() == "M03:6-12" and r.serves == {"M03": ("6-12",)}


def test_a_unit_without_the_group_has_nothing_to_cover():
    r = group_case([0, 20, 25, 5], target=0.4)
    m = r.codes.index("M03")
    assert math.isnan(r.unit_share[0, m]) and r.unit_met[0, m]
    assert r.unit_met[1, m]  # 20/45 = 44 % ≥ 40 %


def test_without_group_fields_everyone_counts():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    args = (net, GROUP_PROFILE, np.array([[0, 0]]), ["M03"], np.array([[400, 0], [600, 0]]), np.array([3.0, 1.0]))
    r = facility_coverage(*args)
    assert r.serves == {} and r.unit_share[0, 1] == pytest.approx(0.75) and r.group_basis() == ""
    assert groups_not_carried(GROUP_PROFILE, r.codes, {}) == {"M03": ("6-12",)}
    assert groups_not_carried(GROUP_PROFILE, r.codes, {"6-12": np.ones(2)}) == {}


def test_target_decides_what_is_met():
    r = hand_case(target=0.8)
    assert r.unit_met.tolist() == [[True, False], [True, True]]
    assert r.unit_meets_target.tolist() == [True, True]  # the only 十全 category is met in both
    assert r.unit_score.tolist() == [7.0, 10.0]


def test_without_units_the_area_is_one_unit():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    r = facility_coverage(net, PROFILE, np.array([[0, 0]]), ["Q03"], np.array([[400, 0], [600, 0]]),
                          np.array([3.0, 1.0]))
    assert r.unit_population.tolist() == [4.0]
    assert r.unit_share[0, 0] == pytest.approx(0.75)


def test_service_area_pieces_have_the_reachable_length():
    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    r = facility_coverage(net, PROFILE, np.array([[100, 10]]), ["Q03"], np.array([[0, 0]]), np.array([1.0]),
                          service_areas=True)
    # from (100,0) with 10 m access and 500 m: 490 m each way along x (clipped at 0) = 100 + 490, plus the
    # vertical street from (500,0): 490 - 400 = 90 m up it
    length = sum(p.length for p in r.service_areas["Q03"])
    assert length == pytest.approx(100 + 490 + 90)


def test_service_area_pieces_are_made_only_when_asked_for(monkeypatch):
    """The pieces of a category are made when it is asked for — not when the result is made, listed or asked
    whether it holds a category (a district's 20 categories at once are millions of lines) — with the caller's
    cancel check."""
    from lifecircle.lifecircle_plugin.core import coverage as C

    net = build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 400)])])
    made = []
    real = C.reachable_pieces
    monkeypatch.setattr(C, "reachable_pieces", lambda *a, **k: made.append(k.get("check")) or real(*a, **k))
    r = facility_coverage(net, PROFILE, np.array([[100, 10], [900, 0]]), ["Q03", "M03"], np.array([[0, 0]]),
                          np.array([1.0]), service_areas=True)
    assert "Q03" in r.service_areas and "Q01" not in r.service_areas and sorted(r.service_areas) == ["M03", "Q03"]
    assert len(r.service_areas) == 2 and made == []

    def check():
        raise CancelledError()

    with pytest.raises(CancelledError):
        r.service_areas.pieces("M03", check)
    assert made == [check]
    assert sum(p.length for p in r.service_areas.pieces("Q03")) == pytest.approx(100 + 490 + 90)


def test_one_stop_and_small_points():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    fac = np.array([[100, 0], [200, 0], [300, 0], [900, 0]])
    units = [box(-10, -10, 500, 10), box(500, -10, 1010, 10)]
    r = facility_coverage(
        net, PROFILE, fac, ["Q03", "Q03", "M03", "M03"], np.array([[50, 0]]), np.array([1.0]),
        unit_polygons=units, facility_area=np.array([900, 120, 5000, 600]),
        facility_one_stop=np.array([True, False, False, True]),
    )
    # unit 0: a flagged centre of 900 m² + one small point (120 m²; the 5,000 m² one is not small)
    # unit 1: the flagged one is only 600 m² (< 800): no centre; not small either
    assert r.unit_one_stop.tolist() == [True, False]
    assert r.unit_small_points.tolist() == [1, 0]


def test_clean_population_names_features():
    assert clean_population([1, "2", 3.5, 0], [1, 2, 3, 4], "res", "pop").tolist() == [1, 2, 3.5, 0]
    with pytest.raises(LifeCircleError) as e:
        clean_population([1, None, "abc", -4, float("nan")], [10, 11, 12, 13, 14], "residents", "pop")
    msg = str(e.value)
    assert "'residents'" in msg and "'pop'" in msg
    assert "NULL) in feature ids 11, 14" in msg
    assert "not a number in feature ids 12" in msg and "negative value in feature ids 13" in msg


def test_no_facility_of_any_category_and_no_resident_near():
    net = build_network([LineString([(0, 0), (1000, 0)])])
    with pytest.raises(LifeCircleError, match="No facility belongs"):
        facility_coverage(net, PROFILE, np.array([[0, 0]]), [None], np.array([[1, 1]]), np.array([1.0]))
    with pytest.raises(LifeCircleError, match="No resident point lies within"):
        facility_coverage(net, PROFILE, np.array([[0, 0]]), ["Q03"], np.array([[5000, 5000]]), np.array([1.0]))


def test_random_case_against_independent_reference():
    rng = np.random.default_rng(11)
    lines = []
    for k in range(0, 1201, 150):
        lines.append([(float(k), 0.0), (float(k), 1200.0)])
        lines.append([(0.0, float(k)), (1200.0, float(k))])
    net = build_network([LineString(ln) for ln in lines], NetworkOptions(split_at_crossings=True))
    fac = rng.uniform(0, 1200, (12, 2))
    codes = ["Q03" if i % 2 else "M03" for i in range(12)]
    res = rng.uniform(0, 1200, (150, 2))
    pop = rng.integers(1, 50, 150).astype(float)
    units = [box(0, 0, 600, 1200), box(600, 0, 1200, 1200)]
    r = facility_coverage(net, PROFILE, fac, codes, res, pop, unit_polygons=units, snap_tolerance=100)

    # independent: the reference graph needs the crossings noded: split the lines at every grid crossing
    noded = []
    for k in range(0, 1201, 150):
        noded.append([(float(k), float(y)) for y in range(0, 1201, 150)])
        noded.append([(float(x), float(k)) for x in range(0, 1201, 150)])
    for j, c in enumerate(r.codes):
        g = netref.vertex_graph(noded)
        sel = [tuple(p) for p, cc in zip(fac, codes) if cc == c]
        nodes = netref.add_point_sets(g, {"f": sel, "r": [tuple(p) for p in res]}, 100)
        ref = netref.nearest_source_distances(g, nodes["f"], nodes["r"])
        ref[ref > r.search_limit] = np.inf
        np.testing.assert_allclose(r.resident_distance[:, j], ref, rtol=1e-9, atol=1e-6)
        within = ref <= 500
        unit = (res[:, 0] >= 600).astype(int)
        for u in (0, 1):
            share = pop[within & (unit == u)].sum() / pop[unit == u].sum()
            assert r.unit_share[u, j] == pytest.approx(share)


def test_service_area_polygon_by_tiles_equals_one_dissolve():
    """The tiled dissolve gives the area one union + buffer of all pieces gives (tiles small enough that many
    pieces and their buffers cross tile borders)."""
    from shapely.ops import unary_union

    from lifecircle.lifecircle_plugin.core.coverage import service_area_polygon

    rng = np.random.default_rng(11)
    pieces = [LineString([(x, y), (x + dx, y + dy)]) for x, y, dx, dy in
              zip(rng.uniform(0, 3000, 400), rng.uniform(0, 3000, 400), rng.normal(0, 150, 400),
                  rng.normal(0, 150, 400))]
    tiled = service_area_polygon(pieces, 25.0, tile=300.0)
    direct = unary_union(pieces).buffer(25.0, resolution=4, cap_style=2)
    assert tiled.area == pytest.approx(direct.area, rel=1e-6)
    assert tiled.symmetric_difference(direct).area < 1e-6 * direct.area
    assert service_area_polygon([], 25.0) is None
    # cancellable between tiles
    with pytest.raises(CancelledError):
        service_area_polygon(pieces, 25.0, tile=300.0, is_cancelled=lambda: True)


@pytest.mark.parametrize("stage", ["tile", "final"])
def test_service_area_polygon_answers_a_cancel_inside_a_long_union(monkeypatch, stage):
    """A dense tile's buffer and the tiles' union are long GEOS calls: each runs in a worker thread while the
    caller's thread keeps looking at the cancel flag, so a cancel that comes during one is answered within the
    poll (50 ms), not after it. (Since the service areas were made fast (issue 21) these calls take well under a
    second on this grid, so the test makes them long itself — a second's sleep before the real call — instead of
    counting on GEOS being slow.)"""
    import time

    from lifecircle.lifecircle_plugin.core import service_areas as S
    from lifecircle.lifecircle_plugin.core.coverage import service_area_polygon

    n = 110  # (10 m either side of 50 m blocks: a polygon with ~12,000 holes)
    tile = 1000.0 if stage == "final" else 20000.0  # "tile": one tile holds everything
    rng = np.random.default_rng(3)
    xy = np.stack(np.meshgrid(np.arange(n) * 50.0, np.arange(n) * 50.0, indexing="ij"), -1)
    xy = xy + rng.normal(0, 6, (n, n, 2))
    pieces = ([LineString([xy[i, j], xy[i + 1, j]]) for i in range(n - 1) for j in range(n)]
              + [LineString([xy[i, j], xy[i, j + 1]]) for i in range(n) for j in range(n - 1)])
    started = {}

    def slow(real):
        def call(*a, **k):
            started.setdefault("at", time.perf_counter())
            time.sleep(1.0)
            return real(*a, **k)
        return call

    if stage == "final":
        monkeypatch.setattr(S, "_touching_union", slow(S._touching_union))
    else:
        monkeypatch.setattr(S, "_tile_parts", slow(S._tile_parts))
    cancelled = {}

    def is_cancelled():  # set 0.1 s into the call under test
        if "at" in started and time.perf_counter() > started["at"] + 0.1:
            cancelled.setdefault("at", time.perf_counter())
            return True
        return False

    with pytest.raises(CancelledError):
        service_area_polygon(pieces, 10.0, tile=tile, is_cancelled=is_cancelled)
    assert time.perf_counter() - cancelled["at"] < 0.05
    assert cancelled["at"] - started["at"] < 0.1 + 0.1  # looked at within a poll of the cancel, inside the call
    monkeypatch.undo()
    whole = service_area_polygon(pieces, 10.0, tile=tile)
    assert whole.geom_type == "Polygon" and len(whole.interiors) == (n - 1) ** 2  # one hole per block
