"""Pieces joined through junctions (core/street_joins.py), on hand-worked junctions: which ends are joined, and what
a join adds to the service area — the round join's wedge on the outer side of the bend, nothing else."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, MultiLineString, Point

from lifecircle.lifecircle_plugin.core import service_areas as S
from lifecircle.lifecircle_plugin.core.street_joins import APART, JOIN_TURN, joined_through_junctions

W = 50.0
#: m²: the ends kept apart move by micrometres, so the flat caps there by as much (100 m of cap · 1e-6 m)
NOISE = 0.01


def toward(v, degrees, length):
    a = math.radians(degrees)
    return (v[0] + length * math.cos(a), v[1] + length * math.sin(a))


def flat(lines):
    return MultiLineString(lines).buffer(W, 4, cap_style=2)


def junction_ends(lines):
    """The coordinates each piece's end at the origin gets (pieces all start at the origin)."""
    r = S.as_reached(lines)
    xy = joined_through_junctions(r.xy, r.start, r.count, W)
    return [tuple(xy[s]) for s in r.start]


def test_a_street_bending_20_degrees_at_a_junction_gets_the_round_join_wedge():
    """Along x, then on at 20° to the left: joined. The area gained is the outer wedge at the junction, between
    the chord triangle ½w²·sin θ and the sector ½w²·θ, and lies within w of the junction on the outer (right)
    side."""
    v = (0.0, 0.0)
    lines = [LineString([v, toward(v, 180, 100)]), LineString([v, toward(v, 20, 100)])]
    got = S.service_area_polygon(lines, W)
    gained = [p for p in getattr(got.difference(flat(lines)), "geoms", [got.difference(flat(lines))])
              if p.area > NOISE]
    theta = math.radians(20)
    assert len(gained) == 1 and 0.5 * W * W * math.sin(theta) - NOISE <= gained[0].area <= 0.5 * W * W * theta
    assert gained[0].buffer(-1e-3).within(Point(v).buffer(W + 0.01, 64))
    assert gained[0].buffer(-1e-3).bounds[3] <= 1e-3  # (below the street: the outer side of a left turn)
    assert flat(lines).difference(got).area < NOISE


@pytest.mark.parametrize("turn, short", [(90.0, None), (JOIN_TURN + 5, None), (20.0, 5.0)])
def test_sharp_turns_and_short_pieces_are_not_joined(turn, short):
    """A right-angle corner, a turn over the limit, and a 20° turn onto a 5 m piece (shorter than
    w·tan 20° + 1 m = 19.2 m: its flat cap would cut across the other piece's buffer): the flat-capped pieces
    (to the micrometres the ends are moved apart)."""
    v = (0.0, 0.0)
    lines = [LineString([v, toward(v, 180, 100)]), LineString([v, toward(v, 180 - turn + 180, short or 100)])]
    got = S.service_area_polygon(lines, W)
    assert got.symmetric_difference(flat(lines)).area < NOISE
    a, b = junction_ends(lines)
    assert a != b


def test_four_ends_two_streets_crossing_both_joined_and_a_t_junction_keeps_its_stem_apart():
    v = (1000.0, 2000.0)
    cross = [LineString([v, toward(v, d, 100)]) for d in (0, 90, 185, 265)]
    a, b, c, d = junction_ends(cross)
    assert a == c and b == d and a != b  # (0°, 185°) and (90°, 265°): the straight pairs
    assert all(math.dist(p, v) <= 3 * APART for p in (a, b))
    t = [LineString([v, toward(v, d, 100)]) for d in (0, 100, 178)]
    a, b, c = junction_ends(t)
    assert a == c and b not in (a, c)


def test_five_ends_are_all_kept_apart_and_the_result_does_not_depend_on_the_order():
    v = (0.0, 0.0)
    five = [LineString([v, toward(v, d, 100)]) for d in (0, 72, 144, 180, 288)]
    assert len(set(junction_ends(five))) == 5
    lines = [LineString([v, toward(v, d, 100)]) for d in (0, 95, 183, 262)]
    lines += [LineString([toward(v, 0, 100), toward(v, 0, 300)]), LineString([toward(v, 95, 100), (80, 300)])]
    one = S.service_area_polygon(lines, W)
    other = S.service_area_polygon(lines[::-1], W)
    assert one.symmetric_difference(other).area < NOISE and one.area > flat(lines).area + 100
