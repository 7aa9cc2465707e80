"""Gated compounds (封闭小区): residents walk out through the gates, not through the wall.

Street data rarely has the paths inside a compound, so a point inside one would join the nearest street through
the wall. Here a point inside a gated compound joins the network only at the compound's gates: each gate is one
access leg, the straight walk from the point to the gate (times ``detour``) plus the gate's own join to the
street. The router takes the best gate for each destination (not the nearest gate), and two points inside one
compound walk straight to each other.

Rules (each reported, never silent):

- a gate belongs to the compound whose edge or inside is nearest to it, within ``gate_reach`` metres (gates are
  mapped on the wall, a little inside or outside it); a gate on a wall two compounds share belongs to both; a gate
  near no compound is listed;
- a multipart compound is one gated area per part (a resident cannot cross from one part to another);
- a point inside overlapping compounds belongs to the smallest one (the inner wall comes first);
- a compound marked open (not gated) is treated like the street blocks around it;
- a gate that pedestrians may not use, or that is closed at the hour asked for, is left out;
- a point in a compound with no usable gate (none mapped, or none within the snap tolerance of a street) joins
  the nearest street when ``no_gate="street"`` (listed by compound), or stops the run when ``no_gate="refuse"``;
- a point in a compound whose every gate is closed at the hour asked for cannot walk out then: unreachable,
  listed by compound;
- a point that joins the network nowhere (no gate, and no street within the snap tolerance) is unreachable, even
  from a neighbour inside its compound: it is listed with the other points beyond the snap tolerance.

The detour factor defaults to 1.0 (a straight walk to the gate): an interpretation, not a standard; paths inside
compounds are rarely straight, and a planner with a measured factor (e.g. 1.2–1.4 for winding estate paths) sets
it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from .errors import LifeCircleError, Msg, listed
from .network import AccessLegs, SnapResult, best_per_group, spans

#: how far (m) a gate may be from its compound's edge: an interpretation (gates are mapped on the wall, or a few
#: metres out on the pavement; AMap's 临街院门 points sit on the street side)
DEFAULT_GATE_REACH = 20.0
#: the walk from a point to a gate inside a compound is the straight line times this (1.0: an interpretation)
DEFAULT_DETOUR = 1.0
NO_GATE_POLICIES = ("street", "refuse")

Report = Callable[[str, Msg], None]  # (kind "info" / "warning", message)


@dataclass
class GateChecks:
    """What a planner should look at in the compounds and gates, found once per run."""

    gates_outside: list = field(default_factory=list)  # gate ids near no compound
    gates_unlocated: list = field(default_factory=list)  # gate ids without a location
    compounds_empty: list = field(default_factory=list)  # compound labels without a polygon
    gates_left_out: list = field(default_factory=list)  # gate ids pedestrians may not use
    gates_closed: list = field(default_factory=list)  # gate ids closed at the hour asked for
    gates_far_from_street: list = field(default_factory=list)  # gate ids beyond the snap tolerance
    overlaps: list = field(default_factory=list)  # (compound label, compound label, m²)
    multipart: list = field(default_factory=list)  # compound labels with several parts


class GatedCompounds:
    """Gated compounds and their gates, prepared once for a run (see the module notes).

    ``polygons``/``labels``: the compounds (shapely, working CRS) and how messages name them; ``is_open``: the
    compounds marked open (not gated). ``gate_xy``/``gate_labels``: the gates; ``gate_walkable``: False for gates
    pedestrians may not use; ``gate_open``: False for gates closed at the hour asked for (``hour_label`` names it).
    """

    def __init__(self, polygons: Sequence, labels: Sequence[str], gate_xy: np.ndarray, gate_labels: Sequence[str],
                 is_open: Optional[np.ndarray] = None, gate_walkable: Optional[np.ndarray] = None,
                 gate_open: Optional[np.ndarray] = None, detour: float = DEFAULT_DETOUR,
                 gate_reach: float = DEFAULT_GATE_REACH, no_gate: str = "street", hour_label: str = "",
                 report: Optional[Report] = None):
        if not np.isfinite(detour) or detour < 1.0:
            raise LifeCircleError(Msg("GATE_DETOUR must be 1.0 or more (a walk is never shorter than the straight "
                                      "line; got {}).", detour))
        if no_gate not in NO_GATE_POLICIES:
            raise ValueError(no_gate)
        self.detour = float(detour)
        self.gate_reach = float(gate_reach)
        self.no_gate = no_gate
        self.hour_label = hour_label
        self.report = report or (lambda kind, msg: None)
        self.gate_xy = np.asarray(gate_xy, dtype=float).reshape(-1, 2)
        self.gate_labels = [str(v) for v in gate_labels]
        n_gates = len(self.gate_xy)
        walkable = np.ones(n_gates, bool) if gate_walkable is None else np.asarray(gate_walkable, bool)
        open_now = np.ones(n_gates, bool) if gate_open is None else np.asarray(gate_open, bool)
        is_open = np.zeros(len(polygons), bool) if is_open is None else np.asarray(is_open, bool)
        self.checks = GateChecks()
        self._parts(polygons, [str(v) for v in labels], is_open)
        gate_part = self._gates_to_parts(polygons, is_open)
        self.checks.gates_left_out = [self.gate_labels[g] for g in np.flatnonzero(~walkable)]
        self.checks.gates_closed = [self.gate_labels[g] for g in np.flatnonzero(walkable & ~open_now)]
        self._gate_part = gate_part  # (gate, part) pairs
        self._walkable, self._open_now = walkable, open_now
        self._gate_snaps: dict = {}

    # -- preparing ---------------------------------------------------------------------------------------------
    def _parts(self, polygons, labels, is_open) -> None:
        """Every part of every gated compound, smallest first (a point in overlapping compounds takes the inner
        one), with the label messages use."""
        from .geometry import overlapping_pairs, polygon_bounds

        parts, owner = [], []
        for k, g in enumerate(polygons):
            if g is None or g.is_empty:
                self.checks.compounds_empty.append(labels[k])
                continue
            if is_open[k]:
                continue
            pieces = list(getattr(g, "geoms", [g]))
            if len(pieces) > 1:
                self.checks.multipart.append(labels[k])
            for n, piece in enumerate(pieces):
                if piece.area > 0:
                    parts.append(piece)
                    owner.append(labels[k] if len(pieces) == 1 else Msg("{} (part {})", labels[k], n + 1))
        order = sorted(range(len(parts)), key=lambda i: parts[i].area)
        self.parts = [parts[i] for i in order]
        self.part_labels = [owner[i] for i in order]
        self._bounds = polygon_bounds(self.parts)
        self.checks.overlaps = [(self.part_labels[i], self.part_labels[j], a)
                                for i, j, a in overlapping_pairs(self.parts, min_area=1.0, bounds=self._bounds)]

    def _gates_to_parts(self, polygons, is_open) -> np.ndarray:
        """(gate, part) pairs: each gate with the gated part(s) nearest to it within ``gate_reach``; gates near
        no compound (gated or open) are listed."""
        from shapely.geometry import Point

        gx, gy = self.gate_xy[:, 0], self.gate_xy[:, 1]
        ok = np.isfinite(gx) & np.isfinite(gy)
        gate, part = self._candidate_parts(np.nan_to_num(gx), np.nan_to_num(gy), ok)
        bounds, r = self._bounds, self.gate_reach
        b = bounds[part]
        keep = (b[:, 0] - r <= gx[gate]) & (b[:, 2] + r >= gx[gate]) & (b[:, 1] - r <= gy[gate]) & (
            b[:, 3] + r >= gy[gate])
        gate, part = gate[keep], part[keep]
        d = np.array([self.parts[p].distance(Point(gx[g], gy[g])) for g, p in zip(gate.tolist(), part.tolist())])
        near = d <= r
        gate, part, d = gate[near], part[near], d[near]
        nearest = np.full(len(gx), np.inf)
        np.minimum.at(nearest, gate, d)
        mine = d <= nearest[gate] + 1.0  # the nearest part, and any other within a metre of it (a shared wall)
        near_any = np.isfinite(nearest)
        pairs = np.column_stack([gate[mine], part[mine]])
        open_polys = [p for k, p in enumerate(polygons) if is_open[k] and p is not None and not p.is_empty]
        for g in np.flatnonzero(~near_any):
            x, y = self.gate_xy[g]
            if np.isfinite(x) and any(p.distance(Point(x, y)) <= r for p in open_polys):
                near_any[g] = True
        self.checks.gates_outside = [self.gate_labels[g] for g in np.flatnonzero(~near_any & ok)]
        self.checks.gates_unlocated = [self.gate_labels[g] for g in np.flatnonzero(~ok)]
        return pairs.astype(np.int64).reshape(-1, 2)

    def _candidate_parts(self, gx, gy, ok):
        """(gate, part) pairs whose boxes may be within the reach, for all gates at once: parts are bucketed by the
        grid cell of their box centre, cells as wide as the largest box plus twice the reach, so a gate's parts are
        in its own cell or the eight around it."""
        bounds, r = self._bounds, self.gate_reach
        if not len(bounds):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        cell = float(max((bounds[:, 2] - bounds[:, 0]).max(), (bounds[:, 3] - bounds[:, 1]).max())) + 2 * r + 1.0
        cx = np.floor((bounds[:, 0] + bounds[:, 2]) / 2 / cell).astype(np.int64)
        cy = np.floor((bounds[:, 1] + bounds[:, 3]) / 2 / cell).astype(np.int64)
        key = cx * 2_000_003 + cy
        order = np.argsort(key, kind="stable")
        keys = key[order]
        gates, parts = [], []
        gcx, gcy = np.floor(gx / cell).astype(np.int64), np.floor(gy / cell).astype(np.int64)
        idx = np.flatnonzero(ok)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                k = (gcx[idx] + dx) * 2_000_003 + gcy[idx] + dy
                lo, hi = np.searchsorted(keys, k, "left"), np.searchsorted(keys, k, "right")
                cnt = hi - lo
                gates.append(np.repeat(idx, cnt))
                parts.append(order[spans(lo, cnt)])
        return np.concatenate(gates), np.concatenate(parts)

    def report_checks(self) -> None:
        """Reports what the planner should look at in the compounds and gates (once, before the run)."""
        c, say = self.checks, self.report
        say("info", Msg("Gated compounds: {} gated area(s), {} gate(s) ({} open to pedestrians{}).", len(self.parts),
                        len(self.gate_xy), int((self._walkable & self._open_now).sum()),
                        Msg(" at {}", self.hour_label) if self.hour_label else ""))
        if c.gates_outside:
            say("warning", Msg("{} gate(s) lie more than {:g} m from every compound and are not used: {}.",
                               len(c.gates_outside), self.gate_reach, listed(c.gates_outside)))
        if c.compounds_empty:
            say("warning", Msg("{} compound(s) have no polygon geometry and are left out: {}.", len(c.compounds_empty),
                               listed(c.compounds_empty)))
        if c.gates_unlocated:
            say("warning", Msg("{} gate(s) have no location and are not used: {}.", len(c.gates_unlocated),
                               listed(c.gates_unlocated)))
        if c.gates_left_out:
            say("info", Msg("{} gate(s) are not for pedestrians and are left out: {}.", len(c.gates_left_out),
                            listed(c.gates_left_out)))
        if c.gates_closed:
            say("info", Msg("{} gate(s) are closed at {} and are left out: {}.", len(c.gates_closed),
                            self.hour_label, listed(c.gates_closed)))
        if c.multipart:
            say("info", Msg("{} compound(s) have several parts; each part is walked out of through its own gates: "
                            "{}.", len(c.multipart), listed(c.multipart)))
        if c.overlaps:
            say("warning", Msg("{} pair(s) of compounds overlap; a point in both belongs to the smaller one: {}.",
                               len(c.overlaps), listed(f"{a} / {b} ({m:,.0f} m²)" for a, b, m in c.overlaps)))

    def _gate_snap(self, network, tolerance: float) -> SnapResult:
        """The gates' own joins to the street (once per network and tolerance); gates beyond it are listed."""
        key = (id(network.node_xy), float(tolerance))
        if key not in self._gate_snaps:
            snap = network.snap(np.where(np.isfinite(self.gate_xy), self.gate_xy, 0.0), tolerance,
                                through_gates=False)
            snap.edge[~np.isfinite(self.gate_xy).all(axis=1)] = -1
            belonging = set(self._gate_part[:, 0].tolist())
            far = [self.gate_labels[g] for g in np.flatnonzero(snap.edge < 0) if g in belonging]
            if far:
                self.checks.gates_far_from_street = far
                self.report("warning", Msg("{} gate(s) are farther than the snap tolerance ({:g} m) from every "
                                           "walkable street and are not used: {}.", len(far), tolerance, listed(far)))
            self._gate_snaps[key] = snap
        return self._gate_snaps[key]

    # -- joining points ----------------------------------------------------------------------------------------
    def compound_of(self, xy: np.ndarray) -> np.ndarray:
        """The gated part (index into ``parts``) each point is inside, -1 for none."""
        from .geometry import points_in_polygons

        return points_in_polygons(xy, self.parts, self._bounds)

    def through_gates(self, network, xy: np.ndarray, street: SnapResult) -> SnapResult:
        """``street`` (every point joined to its nearest street) with the points inside gated compounds joined at
        their compounds' gates instead (see the module notes)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        part = self.compound_of(xy)
        if not (part >= 0).any():
            return dataclasses.replace(street, compound=part)  # (none inside: said so, for the outputs)
        gates = self._gate_snap(network, street.tolerance)
        gp = self._gate_part
        usable_gate = self._walkable & (gates.edge >= 0)
        any_usable = np.zeros(len(self.parts), bool)
        any_usable[gp[usable_gate[gp[:, 0]], 1]] = True
        open_now = usable_gate & self._open_now
        pairs = gp[open_now[gp[:, 0]]]
        pairs = pairs[np.argsort(pairs[:, 1], kind="stable")]
        g_ptr = np.concatenate([[0], np.cumsum(np.bincount(pairs[:, 1], minlength=len(self.parts)))])
        n_gates = np.diff(g_ptr)

        inside = part >= 0
        no_gate = inside & ~any_usable[np.maximum(part, 0)]
        shut = inside & any_usable[np.maximum(part, 0)] & (n_gates[np.maximum(part, 0)] == 0)
        gated = inside & ~no_gate & ~shut
        self._say_gateless(part, no_gate, shut)

        # legs: a gated point's one per open gate of its compound; any other snapped point's own street join
        cnt = np.where(gated, n_gates[np.maximum(part, 0)], (street.edge >= 0) & ~shut).astype(np.int64)
        ptr = np.concatenate([[0], np.cumsum(cnt)])
        owner = np.repeat(np.arange(len(xy)), cnt)
        is_gate_leg = gated[owner]
        edge = np.where(is_gate_leg, -1, street.edge[owner])
        offset = np.where(is_gate_leg, 0.0, street.offset[owner])
        access = np.where(is_gate_leg, 0.0, street.access[owner])
        k = np.flatnonzero(is_gate_leg)
        if len(k):
            o = owner[k]
            gate = pairs[g_ptr[part[o]] + (k - ptr[o]), 0]
            edge[k], offset[k] = gates.edge[gate], gates.offset[gate]
            walk = np.hypot(xy[o, 0] - self.gate_xy[gate, 0], xy[o, 1] - self.gate_xy[gate, 1]) * self.detour
            access[k] = walk + gates.access[gate]
        legs = AccessLegs(ptr=ptr, edge=edge, offset=offset, access=access)

        # the fields for reports: the shortest leg; a gated point's x/y is the point itself
        first = np.full(len(xy), -1, dtype=np.int64)
        if len(owner):
            best = best_per_group(owner, access)
            first[owner[best]] = best
        has = first >= 0
        out_edge = np.where(has, edge[np.maximum(first, 0)], -1)
        out = SnapResult(
            edge=out_edge, offset=np.where(has, offset[np.maximum(first, 0)], 0.0),
            access=np.where(has, access[np.maximum(first, 0)], np.nan),
            x=np.where(gated, xy[:, 0], street.x), y=np.where(gated, xy[:, 1], street.y),
            tolerance=street.tolerance, legs=legs,
            compound=np.where(inside, part, -1), point_xy=xy, detour=self.detour, shut=shut,
        )
        self.report("info", Msg("{:,} of {:,} point(s) lie inside {:,} gated compound(s) and walk out through their "
                                "gates.", int(gated.sum()), len(xy), len(np.unique(part[gated]))))
        return out

    def _say_gateless(self, part: np.ndarray, no_gate: np.ndarray, shut: np.ndarray) -> None:
        """Reports (or refuses) the points in compounds without a usable gate, by compound."""
        if no_gate.any():
            names = [f"{self.part_labels[p]} ({n})" for p, n in zip(*np.unique(part[no_gate], return_counts=True))]
            if self.no_gate == "refuse":
                raise LifeCircleError(Msg(
                    "{} point(s) lie inside {} gated compound(s) with no usable gate (none mapped, none for "
                    "pedestrians, or none within the snap tolerance of a street): {}. Add their gates to the GATES "
                    "layer, mark the compounds open, or set NO_GATE to join the nearest street.",
                    int(no_gate.sum()), len(names), listed(names)))
            self.report("warning", Msg(
                "{} point(s) lie inside {} gated compound(s) with no usable gate and join the nearest street "
                "through the wall (NO_GATE): {}.", int(no_gate.sum()), len(names), listed(names)))
        if shut.any():
            names = [f"{self.part_labels[p]} ({n})" for p, n in zip(*np.unique(part[shut], return_counts=True))]
            self.report("warning", Msg(
                "{} point(s) lie inside {} compound(s) whose every gate is closed at {}: they cannot walk out and "
                "count as unreachable: {}.", int(shut.sum()), len(names), self.hour_label, listed(names)))


def type_roles(values) -> list:
    """"COMPOUND", "GATE" or None for each type value (AMap typecodes and type names, OSM tags), by
    resources/mappings/compounds.csv: AMap's residential AOIs (住宅小区, 别墅, 宿舍) and street gates (临街院门)."""
    from .checklist import MAPPINGS_DIR, CategoryMapper, read_mapping_table

    rules = read_mapping_table(MAPPINGS_DIR / "compounds.csv")
    return CategoryMapper(rules, {"COMPOUND", "GATE"}, pass_codes=False).map_values(values)[0]
