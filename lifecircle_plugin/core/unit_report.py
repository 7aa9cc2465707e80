"""Units as the planner reads them: :class:`Unit` and :class:`UnitsResult`, the reasons a unit misses a rule,
its dominant type, its compactness and its map colour."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from .errors import Msg, listed as _listed
from .unit_blocks import Adjacency, _grid_pairs
from .unit_rules import UnitRules


@dataclass
class Unit:
    unit_id: str
    subdistrict: str
    blocks: np.ndarray  # indices of the input blocks
    population: float
    area_km2: float
    unit_type: Optional[str]
    centre_block: int  # block index of the centre (-1 when a seed is the centre)
    centre_seed: int  # seed index (-1 when a block is the centre)
    centre_xy: tuple
    max_walk: float  # m; inf when a block is not reachable on the network
    mean_walk: float  # population-weighted mean, m
    compactness: float
    below_min: bool
    above_max: bool
    beyond_walk: bool
    flags: list
    locked_label: Optional[str]
    geometry: Any
    map_colour: int = 0

    @property
    def meets_rules(self) -> bool:
        return not (self.below_min or self.above_max or self.beyond_walk)

    @property
    def flag_text(self) -> str:
        return Msg.join("; ", self.flags)


@dataclass
class UnitsResult:
    units: list
    block_unit: np.ndarray  # unit index of each block
    block_walk: np.ndarray  # walking distance from the unit's centre (inf when not reachable)
    block_is_centre: np.ndarray
    subdistrict: list  # 街镇 name of each block
    adjacency: Adjacency
    rules: UnitRules
    messages: list  # warnings for the log
    distance_kind: str  # "network" or "straight line"

    def unit_ids(self) -> list:
        return [self.units[u].unit_id for u in self.block_unit]



def _reasons(below, above, beyond, pop, rules, members, d, label, comp_pop, population, ids, n_areas,
             limits) -> list:
    """The rules a unit misses, each with its reason (messages the adapters put in the planner's language);
    ``limits`` are the members' walking radii."""
    out = []
    locked = Msg("locked by the planner")
    if below:
        if label is not None and not rules.locked_can_grow:
            why = locked
        elif comp_pop < rules.pop_min and n_areas == 1:
            why = Msg("the 街镇 holds only {:,.0f}", comp_pop)
        elif comp_pop < rules.pop_min:
            why = Msg("its area, cut off by barriers or gaps, holds only {:,.0f}", comp_pop)
        else:
            why = Msg("no contiguous split of its area meets both limits")
        out.append(Msg("below POP_MIN: {:,.0f} < {:,.0f} — {}", pop, rules.pop_min, why))
    if above:
        heavy = [b for b in members if population[b] > rules.pop_max]
        if heavy:
            b = max(heavy, key=lambda x: population[x])
            why = Msg("block {} alone holds {:,.0f}", ids[b], float(population[b]))
        elif label is not None and not rules.locked_can_grow:
            why = locked
        else:
            why = Msg("no contiguous split of its area meets both limits")
        out.append(Msg("above POP_MAX: {:,.0f} > {:,.0f} — {}", pop, rules.pop_max, why))
    if beyond:
        off = [ids[b] for b, x in zip(members, d) if not np.isfinite(x)]
        if off:
            why = Msg("block(s) {} not reachable on the walking network", _listed(off, 5))
        elif label is not None and not rules.locked_can_grow:
            why = locked
        elif pop - float(population[members][d > limits].sum()) < rules.pop_min:
            why = Msg("POP_MIN needs blocks beyond MAX_WALK of the centre")
        else:
            why = Msg("no contiguous layout found that keeps both the population band and MAX_WALK")
        worst = int(np.argmax(np.where(np.isfinite(d), d - limits, -math.inf))) if np.isfinite(d).any() else -1
        out.append(Msg("beyond MAX_WALK: {:,.0f} m > {:,.0f} m — {}", float(d[worst]), float(limits[worst]), why)
                   if worst >= 0 else Msg("beyond MAX_WALK — {}", why))
    return out


def _dominant_type(types, members, population, polygons) -> Optional[str]:
    if types is None:
        return None
    score: dict = {}
    for b in members:
        t = types[b]
        if t is None or str(t).strip() == "":
            continue
        t = str(t).strip()
        score[t] = score.get(t, (0.0, 0.0))
        score[t] = (score[t][0] + float(population[b]), score[t][1] + float(polygons[b].area))
    if not score:
        return None
    return max(sorted(score), key=lambda t: score[t])


def compactness(geom, gap: float = 0.0) -> float:
    """Isoperimetric quotient 4πA/P² (1 for a circle, 0.785 for a square) of a unit, with the gaps between its
    blocks (streets, up to half the adjacency gap on either side) closed first."""
    if geom is None or geom.is_empty:
        return 0.0
    g = geom
    if gap > 0:
        h = min(gap / 2.0, 50.0)
        g = geom.buffer(h, join_style=2).buffer(-h, join_style=2)
        if g.is_empty:
            g = geom
    per = g.length
    return float(4.0 * math.pi * g.area / (per * per)) if per > 0 else 0.0


def _colour_units(units: list, gap: float) -> None:
    """Map colours so that units that look adjacent on the map (closer than the adjacency gap, whether or not
    they are neighbours in the graph) differ: greedy, most neighbours first; 0..5 on most maps."""
    bounds = np.array([u.geometry.bounds for u in units], dtype=float).reshape(-1, 4)
    reach = max(gap, 1.0) + 1.0
    nb: dict = {u: set() for u in range(len(units))}
    for a, b in _grid_pairs(bounds + np.array([-reach, -reach, reach, reach]) / 2,
                            bounds + np.array([-reach, -reach, reach, reach]) / 2,
                            cell=max(float(np.median(bounds[:, 2:] - bounds[:, :2])) if len(units) else 1.0, reach),
                            same=True):
        if units[a].geometry.distance(units[b].geometry) <= reach:
            nb[int(a)].add(int(b))
            nb[int(b)].add(int(a))
    colour: dict = {}
    for u in sorted(nb, key=lambda u: (-len(nb[u]), u)):
        taken = {colour[v] for v in nb[u] if v in colour}
        colour[u] = next(c for c in range(len(units) + 1) if c not in taken)
        units[u].map_colour = colour[u]
