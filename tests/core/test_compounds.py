"""Gated compounds: points inside walk out through the gates. Hand-worked cases, an independent networkx
reference with explicit gate edges on random cases, and the bad inputs a planner's data has."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, MultiPolygon, Point, box

from lifecircle.lifecircle_plugin.core import gate_hours
from lifecircle.lifecircle_plugin.core.compounds import GatedCompounds
from lifecircle.lifecircle_plugin.core.coverage import reachable_pieces
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.core.network import NetworkOptions, build_network

import netref

# ---------------------------------------------------------------------------------------------------------
# the hand-worked block
#
#   (0,200) ----------- north street ------------ (400,200)
#      |        +-----------gate N (250,190)---+        |
#      |        |   R (200,180)                |        |
#      |        |      compound 100..300 x 20..190      |
#      |        +-----gate S (200,20)----------+        |
#   (0,0) ------------- south street ------------ (400,0)
#
# R is 20 m from the north street. Through gate S only: 160 (to the gate) + 20 (gate to street) + 200 + 200 + 200
# (south street west, up x=0, north street east) = 780 m to a facility F at (200,200). Through gate N (open
# 06:00-22:00): hypot(50, 10) + 10 + 50 = 110.99 m.


def block_network():
    return build_network([
        LineString([(0, 0), (400, 0)]), LineString([(0, 200), (400, 200)]),
        LineString([(0, 0), (0, 200)]), LineString([(400, 0), (400, 200)]),
    ], NetworkOptions())


COMPOUND = box(100, 20, 300, 190)
R = (200.0, 180.0)
F = (200.0, 200.0)


def gated(gates, hours=None, hour=None, **kw):
    labels = [f"gate {i}" for i in range(len(gates))]
    is_open = None
    if hours is not None:
        is_open = np.array([gate_hours.is_open_at(gate_hours.open_ranges(h), hour) for h in hours])
    notes = []
    g = GatedCompounds([kw.pop("polygon", COMPOUND)], ["翠杉园"], np.array(gates, float).reshape(-1, 2), labels,
                       gate_open=is_open, hour_label="22:00" if hour is not None else "",
                       report=lambda kind, m: notes.append((kind, str(m))), **kw)
    g.notes = notes
    return g


def walk(net, res, fac, limit=5000.0):
    router = net.router({"res": net.snap(np.array(res, float).reshape(-1, 2), 50),
                         "fac": net.snap(np.array(fac, float).reshape(-1, 2), 50)})
    return router.nearest_distance("fac", "res", limit=limit)


def test_only_gate_on_the_far_side_goes_round():
    net = block_network()
    assert walk(net, [R], [F])[0] == pytest.approx(20.0)  # without compounds: through the wall
    g = gated([(200, 20)])
    assert walk(net.with_gates(g), [R], [F])[0] == pytest.approx(780.0)
    # the same walk from the facility's side (facilities as targets: the reach matrix)
    router = net.with_gates(g).router({"res": net.with_gates(g).snap(np.array([R]), 50),
                                       "fac": net.snap(np.array([F]), 50)})
    m = router.distance_matrix("fac", "res", limit=1000.0).toarray()
    assert m[0, 0] == pytest.approx(780.0)
    assert router.distance_matrix("fac", "res", limit=700.0).nnz == 0


def test_best_gate_per_destination_not_nearest_gate():
    net = block_network().with_gates(gated([(200, 20), (250, 190)]))
    d = walk(net, [R], [F, (200, 0)])
    # F through the north gate; a facility on the south street at (200,0) is nearer through the south gate:
    # 160 + 20 = 180 m, not via the nearest gate (N: 50.99 + 10 + 200 + 200 + 200 = 660.99)
    assert d[0] == pytest.approx(math.hypot(50, 10) + 10 + 50)
    router = net.router({"res": net.snap(np.array([R]), 50), "fac": net.snap(np.array([(200.0, 0.0)]), 50)})
    assert router.nearest_distance("fac", "res")[0] == pytest.approx(180.0)
    assert router.nearest_distance("res", "fac")[0] == pytest.approx(180.0)  # the same both ways


def test_night_mode_leaves_out_a_gate_closed_at_the_hour():
    gates, hours = [(200, 20), (250, 190)], [None, "06:00-22:00"]
    day = block_network().with_gates(gated(gates, hours=hours, hour=21.5))
    night = block_network().with_gates(gated(gates, hours=hours, hour=22.0))
    assert walk(day, [R], [F])[0] == pytest.approx(math.hypot(50, 10) + 60)
    assert walk(night, [R], [F])[0] == pytest.approx(780.0)


def test_every_gate_closed_at_night_is_unreachable_and_said():
    g = gated([(200, 20)], hours=["6-22"], hour=23.0)
    d = walk(block_network().with_gates(g), [R, (50, 100)], [F])
    assert np.isinf(d[0])  # cannot walk out at 23:00
    assert d[1] == pytest.approx(50 + 100 + 200)  # a point outside the compound is not touched
    snap = block_network().with_gates(g).snap(np.array([R, (50, 100), (1000, 1000)]), 50)
    assert snap.beyond.tolist() == [2]  # shut in at night is not "far from every street"
    assert any("closed at 22:00" in m and "翠杉园 (1)" in m for k, m in g.notes if k == "warning")


def test_two_points_in_one_compound_walk_straight():
    net = block_network().with_gates(gated([(200, 20)]))
    assert walk(net, [R], [(150, 150)])[0] == pytest.approx(math.hypot(50, 30))
    net = block_network().with_gates(gated([(200, 20)], detour=1.3))
    assert walk(net, [R], [(150, 150)])[0] == pytest.approx(math.hypot(50, 30) * 1.3)
    assert walk(net, [R], [F])[0] == pytest.approx(160 * 1.3 + 20 + 600)


def test_open_compound_and_no_compound_points_are_untouched():
    net = block_network()
    g = GatedCompounds([COMPOUND], ["open one"], np.array([[200.0, 20.0]]), ["g"], is_open=np.array([True]))
    assert walk(net.with_gates(g), [R], [F])[0] == pytest.approx(20.0)


def test_compound_without_gate_falls_back_with_a_note_or_refuses():
    g = gated([(600, 600)])  # a gate far from every compound
    assert walk(block_network().with_gates(g), [R], [F])[0] == pytest.approx(20.0)
    g.report_checks()
    said = " ".join(m for _, m in g.notes)
    assert "gate 0" in said and "more than 20 m from every compound" in said
    assert "翠杉园 (1)" in said and "through the wall" in said
    refuse = gated(np.zeros((0, 2)), no_gate="refuse")
    with pytest.raises(LifeCircleError, match="翠杉园"):
        walk(block_network().with_gates(refuse), [R], [F])


def test_gate_beyond_the_snap_tolerance_is_listed_and_not_used():
    # a gate on the compound's west wall 100 m from every street (tolerance 50): the compound has no usable gate
    g = gated([(100, 100)])
    d = walk(block_network().with_gates(g), [R], [F])
    assert d[0] == pytest.approx(20.0)
    said = " ".join(m for _, m in g.notes)
    assert "farther than the snap tolerance" in said and "gate 0" in said


def test_multipart_compound_parts_use_their_own_gates():
    two = MultiPolygon([box(100, 20, 190, 190), box(210, 20, 300, 190)])
    g = gated([(150, 20), (250, 190)], polygon=two)
    net = block_network().with_gates(g)
    # a point in the west part goes out through the south gate even though the north gate is next door
    d = walk(net, [(180, 180)], [F])
    assert d[0] == pytest.approx(math.hypot(30, 160) + 20 + 150 + 200 + 200)
    g.report_checks()
    assert any("several parts" in m for _, m in g.notes)


def test_overlapping_compounds_the_smaller_one_holds_the_point():
    inner = box(150, 100, 250, 185)
    g = GatedCompounds([COMPOUND, inner], ["outer", "inner"], np.array([[200.0, 20.0], [240.0, 185.0]]),
                       ["south", "inner north"])
    net = block_network().with_gates(g)
    # R is inside both: it belongs to the inner compound, whose gate (240,185) is 15 m from the north street
    assert walk(net, [R], [F])[0] == pytest.approx(math.hypot(40, 5) + 15 + 40)
    notes = []
    g.report = lambda k, m: notes.append(str(m))
    g.report_checks()
    assert any("overlap" in m and "inner" in m for m in notes)


def test_service_area_pieces_start_at_the_gates():
    net = block_network()
    g = gated([(200, 20)])
    gnet = net.with_gates(g)
    router = gnet.router({"fac": gnet.snap(np.array([R]), 50)})
    pieces = reachable_pieces(gnet, router, "fac", np.array([True]), 300.0)
    # 300 m from R: 180 m to the south street at (200,0), then 120 m either way along it; nothing on the north
    total = sum(p.length for p in pieces)
    assert total == pytest.approx(240.0)
    assert all(max(c[1] for c in p.coords) == 0 for p in pieces)


def test_gate_hours_forms():
    assert gate_hours.open_ranges(None) is None and gate_hours.open_ranges("24/7") is None
    assert gate_hours.open_ranges("全天") is None and gate_hours.open_ranges("0-24") is None
    assert gate_hours.open_ranges("关闭") == []
    assert gate_hours.open_ranges("06:00-22:00") == [(6.0, 22.0)]
    assert gate_hours.open_ranges("6点至22点") == [(6.0, 22.0)]
    assert gate_hours.open_ranges("Mo-Su 06:30-09:00, 17:00-21:00") == [(6.5, 9.0), (17.0, 21.0)]
    assert gate_hours.open_ranges("22:00-06:00") == [(22.0, 6.0)]
    night = gate_hours.open_ranges("22:00-06:00")
    assert gate_hours.is_open_at(night, 23) and gate_hours.is_open_at(night, 5.9)
    assert not gate_hours.is_open_at(night, 6) and not gate_hours.is_open_at(night, 12)
    assert not gate_hours.is_open_at(gate_hours.open_ranges("06:00-22:00"), 22.0)
    for bad in ("sometimes", "6-", "25:00-26:00", "06:00-22:00 except Sundays"):
        with pytest.raises(ValueError):
            gate_hours.open_ranges(bad)
    assert gate_hours.parse_hour("22:30") == 22.5 and gate_hours.parse_hour("") is None
    with pytest.raises(ValueError):
        gate_hours.parse_hour("night")


# ---------------------------------------------------------------------------------------------------------
# an independent reference: networkx, with the gates as explicit edges


def reference(lines, compounds, gate_xy, res, fac, tol, detour=1.0):
    """Nearest-facility walk per resident, by brute force: a street graph with the gates and the points outside
    compounds joined to their nearest segment; a point inside a compound walks straight to each of its gates
    (nearest compound edge within 20 m) and never through the wall; two points in one compound walk straight."""
    g = netref.vertex_graph([list(ln.coords) for ln in lines])
    inside = lambda p: next((k for k, c in enumerate(compounds) if c.intersects(Point(p))), -1)  # noqa: E731
    res_c, fac_c = [inside(p) for p in res], [inside(p) for p in fac]
    gate_c = []
    for x, y in gate_xy:
        d = [c.distance(Point(x, y)) for c in compounds]
        gate_c.append({k for k, v in enumerate(d) if v <= 20 and v <= min(d) + 1})
    nodes = netref.add_point_sets(g, {
        "gate": gate_xy,
        "res": res, "fac": fac,  # (a point's own street join is a dead end: used only when it has no gate)
    }, tol)

    def legs(p, c):
        if c < 0:
            return None
        out = [(nodes["gate"][j], math.dist(p, gate_xy[j]) * detour) for j in range(len(gate_xy))
               if c in gate_c[j] and nodes["gate"][j] is not None]
        return out or None

    best = np.full(len(res), np.inf)
    street = dict(nx.all_pairs_dijkstra_path_length(g, weight="weight"))
    for i, p in enumerate(res):
        r_legs = legs(p, res_c[i]) or ([(nodes["res"][i], 0.0)] if nodes["res"][i] is not None else [])
        for j, q in enumerate(fac):
            f_legs = legs(q, fac_c[j]) or ([(nodes["fac"][j], 0.0)] if nodes["fac"][j] is not None else [])
            if res_c[i] >= 0 and res_c[i] == fac_c[j] and r_legs and f_legs:  # (both join the network at all)
                best[i] = min(best[i], math.dist(p, q) * detour)
            for a, la in r_legs:
                for b, lb in f_legs:
                    best[i] = min(best[i], la + street[a].get(b, np.inf) + lb)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_random_cases_match_networkx_with_gate_edges(seed):
    rng = np.random.default_rng(seed)
    # a street grid with random gaps, compounds inside the blocks, gates on their walls
    lines = []
    for k in range(5):
        for a in range(4):
            if rng.random() < 0.85:
                lines.append(LineString([(a * 100, k * 100), (a * 100 + 100, k * 100)]))
            if rng.random() < 0.85:
                lines.append(LineString([(k * 100, a * 100), (k * 100, a * 100 + 100)]))
    compounds, gate_xy = [], []
    for bx in range(4):
        for by in range(4):
            if rng.random() < 0.6:
                x0, y0 = bx * 100 + rng.uniform(8, 20), by * 100 + rng.uniform(8, 20)
                c = box(x0, y0, bx * 100 + 100 - rng.uniform(8, 20), by * 100 + 100 - rng.uniform(8, 20))
                compounds.append(c)
                for _ in range(rng.integers(0, 3)):
                    t = rng.uniform(0, c.exterior.length)
                    p = c.exterior.interpolate(t)
                    gate_xy.append((p.x, p.y))
    res = [tuple(v) for v in rng.uniform(0, 400, (25, 2))]
    fac = [tuple(v) for v in rng.uniform(0, 400, (4, 2))]
    detour = float(rng.choice([1.0, 1.25]))
    net = build_network(lines, NetworkOptions())
    g = GatedCompounds(compounds, [str(k) for k in range(len(compounds))], np.array(gate_xy).reshape(-1, 2),
                       [str(k) for k in range(len(gate_xy))], detour=detour)
    gnet = net.with_gates(g)
    router = gnet.router({"res": gnet.snap(np.array(res), 30), "fac": gnet.snap(np.array(fac), 30)})
    got = router.nearest_distance("fac", "res")
    want = reference(lines, compounds, gate_xy, res, fac, 30, detour)
    assert np.allclose(np.where(np.isinf(got), -1, got), np.where(np.isinf(want), -1, want), atol=1e-6)
    # and the per-facility reach matrix agrees with the per-resident nearest walk
    m = router.distance_matrix("fac", "res", limit=600.0).toarray()
    m[m == 0] = np.inf
    assert np.allclose(np.where(m.min(axis=0) <= 600, m.min(axis=0), -1), np.where(want <= 600, want, -1),
                       atol=1e-6)


def test_unit_walking_radius_and_potential_parcels_go_through_the_gates():
    from lifecircle.lifecircle_plugin.core.potential import parcel_entrances
    from lifecircle.lifecircle_plugin.core.units import NetworkDistances

    gnet = block_network().with_gates(gated([(200, 20)]))
    # two block points: R inside the compound, and one on the north street's far side at (200, 230)
    plain = NetworkDistances(block_network(), np.array([R, (200.0, 230.0)]), snap_tolerance=50)
    walled = NetworkDistances(gnet, np.array([R, (200.0, 230.0)]), snap_tolerance=50)
    plain.prepare(2000.0)
    walled.prepare(2000.0)
    assert plain.blocks_to_blocks([0], [1])[0, 0] == pytest.approx(20 + 30)
    assert walled.blocks_to_blocks([0], [1])[0, 0] == pytest.approx(780 + 30)
    # a parcel inside the compound (an idle building there) is reached through the gate: its entrance legs are the
    # gate's, and a resident across the north street walks round
    parcel = box(180, 160, 220, 185)
    snap = parcel_entrances(gnet, [parcel], np.array([True]), 50)
    router = gnet.router({"p": snap, "r": gnet.snap(np.array([(200.0, 230.0)]), 50)})
    assert router.nearest_distance("p", "r")[0] == pytest.approx(math.dist(parcel.representative_point().coords[0],
                                                                          (200, 20)) + 20 + 600 + 30)


def test_amap_and_osm_types_of_compounds_and_gates():
    from lifecircle.lifecircle_plugin.core.compounds import type_roles

    values = ["120302", 120301, "商务住宅;住宅区;住宅小区", "120304", "商务住宅;住宅区;社区中心", "通行设施;临街院门;临街院正门",
              "991400", "991001", "060100", "landuse=residential;access=private", "barrier=gate", None, ""]
    assert type_roles(values) == ["COMPOUND", "COMPOUND", "COMPOUND", None, None, "GATE", "GATE", None, None,
                                  "COMPOUND", "GATE", None, None]


def test_compounds_and_gates_without_geometry_are_named_not_guessed():
    notes = []
    g = GatedCompounds([COMPOUND, None], ["翠杉园", "空小区"], np.array([[200.0, 20.0], [np.nan, np.nan]]),
                       ["south", "nowhere"], report=lambda k, m: notes.append((k, str(m))))
    g.report_checks()
    warnings = " ".join(m for k, m in notes if k == "warning")
    assert "1 compound(s) have no polygon geometry" in warnings and "空小区" in warnings
    assert "1 gate(s) have no location" in warnings and "nowhere" in warnings
    assert "more than" not in warnings  # (not mistaken for a gate far from every compound)
    assert walk(block_network().with_gates(g), [R], [F])[0] == pytest.approx(780.0)
