"""Life-circle basic units (划示基本单元): group blocks (居委 / 居住街坊) into contiguous units that people walk.

The rules, in the order they win when they cannot all hold:

1. hard, always: every unit is contiguous on the block adjacency graph, lies inside one 街镇, and is not split
   by a barrier (an expressway, railway or river separates two blocks unless the walking network crosses it
   between them); locked blocks keep their unit; each seed anchors its own unit and is its centre;
2. the population band POP_MIN ≤ population ≤ POP_MAX, wherever the 街镇's own connected blocks allow it;
3. the walking radius: every block within MAX_WALK of its unit's centre along the network (blocks of a type
   with a radius of its own — 乡村 — within that radius).

The band and the radius come from a preset per area type (resources/rules/unit_presets.csv: 主城区, 新城, 新市镇,
乡村, GB 50180-2018), each with its public source, unless the planner gives them (:func:`unit_rules_from_preset`).
Block types are read through the words planners type (resources/rules/unit_types.csv, :func:`block_types`).

Every rule a unit still misses is reported with a reason. Among partitions that keep the rules, the method
prefers the largest number of units (as PySAL's max-p does) and then the smallest population-weighted walking
distance from each unit's centre (a capacitated p-median with contiguity); a last pass then makes the units more
compact where that keeps every rule as well as the search left it (below).

Method (per connected area of a 街镇; areas and 街镇 are independent):
- adjacency from shared boundaries: two blocks are neighbours when their boundaries face each other closer than
  ``adjacency_gap`` (slivers, streets or a river corridor between them) along at least ``min_contact`` metres
  (corner-only contact does not count); a barrier line between the facing boundaries cuts the pair unless a
  walkable network edge crosses a barrier between the two blocks (a bridge or an underpass);
- walking distance between blocks (and from seeds) = network distance between their snapped representative
  points (a block's centre is its representative point), or straight-line distance without a network;
- the cost of a layout, compared lexicographically: (population outside the band, summed over units; walking
  distance beyond MAX_WALK, summed over blocks; population-weighted walking distance from the centres);
- areas of at most EXACT_MAX_BLOCKS blocks (e.g. a 街镇 of 居委) are solved exactly: every connected set of
  blocks, then a dynamic programme over subsets;
- larger areas, for k units from the most the floor allows downwards: centres by greedy population-weighted
  p-median (seeds and locked units fixed); seeded growth on the adjacency graph in order of walking distance from
  the centres up to the area's mean unit size (never above POP_MAX), leftovers attached to the nearest centre,
  Lloyd rounds (each unit's weighted median becomes its centre, grow again); then local search — the best
  boundary-block moves (vectorised over all candidates, one per unit and pass), merges of units below the floor,
  and exchanges of two blocks between neighbouring units — whenever the cost falls and every unit stays
  contiguous; a few deterministic restarts (``seed``); the search over k stops one k after the first layout that
  keeps every rule. The two best layouts are improved by re-solving pools: a unit alone (a split), with each
  neighbour, and small triples, exactly when the pool has at most EXACT_POOL_BLOCKS blocks, else by growth and
  local search; the new split is kept when the cost falls;
- then (``UnitRules.compact``, on by default) boundary smoothing for compactness (unit_smoothing): single-block
  moves, exchanges, and chains (a unit at its floor gives a block and takes one back from a third unit) where
  the units' summed 4πA/P² rises, no unit's band violation rises, a unit within its walking radius stays within
  it, no unit gets farther beyond it than the area's worst before smoothing, and all stay contiguous. It trades
  the third term of the cost (the weighted walking distance) and the summed excess beyond MAX_WALK of units
  already beyond it for shape.

Complexity: adjacency O(candidate pairs × boundary samples × nearby segments) with a numpy bounding-box grid (no
spatial index package); distances one limited Dijkstra per block (scipy, limit 2.5 × MAX_WALK) plus one unlimited
run per unit centre; per area of n blocks dense n × n distances, O(n²) memory, and the local search
O(passes × Σ unit size²) per construction.
"""

from __future__ import annotations


from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed as _listed
from .unit_blocks import (  # noqa: F401  (re-exported: the names callers import from units)
    Adjacency, barrier_crossings, block_adjacency, check_overlaps, subdistricts_from_field,
    subdistricts_from_polygons, _grid_pairs,
)
from .unit_contiguity import connected as _connected, pieces, reach, stays_connected  # noqa: F401
from .unit_distances import NetworkDistances, WalkDistances  # noqa: F401
from .unit_exact import EXACT_MAX_BLOCKS, EXACT_POOL_BLOCKS, _exact  # noqa: F401
from .unit_exchange import _exchange_keeps_contiguity, _local_search, _merge_pass, _swap_pass  # noqa: F401
from .unit_growth import _choose_centres, _grow  # noqa: F401
from .unit_layout import _Anchor, _Area, _Layout, _cost_key, _improving  # noqa: F401
from .unit_regionalise import _regionalise, _resolve_pairs  # noqa: F401
from .unit_report import (  # noqa: F401
    Unit, UnitsResult, _colour_units, _dominant_type, _reasons, compactness,
)
from .unit_smoothing import BlockShapes, smooth_boundaries  # noqa: F401
from .unit_rules import (  # noqa: F401
    BUNDLED_PRESETS, BUNDLED_UNIT_TYPES, BUSINESS, FALLBACK_WALK_PRESET, INDUSTRY, OWN_VALUES, PRESET_COLUMNS,
    PRESET_STATUSES, RESIDENTIAL, UNIT_TYPES, VILLAGE, VILLAGE_PRESET, UnitPreset, UnitRules, block_types,
    block_walk_limits, unit_presets, unit_rules_from_preset, unit_type_words, untyped_village_blocks,
)


@dataclass
class _Blocks:
    """The run's blocks as the phases share them: ids, residents, 街镇, neighbours within a 街镇 and the
    connected areas they make."""

    polygons: Sequence
    population: np.ndarray
    ids: list
    sub: list  # 街镇 of each block
    layer_name: str
    nbrs: list = None  # neighbours within the same 街镇
    contact: list = None  # contact[b][k]: the boundary (m) block b shares with nbrs[b][k]
    comp: np.ndarray = None  # connected area of each block
    n_comp: int = 0

    @property
    def n(self) -> int:
        return len(self.polygons)


def delineate_units(
    polygons: Sequence,
    population: np.ndarray,
    subdistrict: Sequence[str],
    rules: UnitRules,
    distances: WalkDistances,
    block_ids: Optional[Sequence] = None,
    layer_name: str = "blocks",
    adjacency: Optional[Adjacency] = None,
    barrier_lines: Optional[Sequence[np.ndarray]] = None,
    crossings: Optional[np.ndarray] = None,
    block_type: Optional[Sequence] = None,
    locked: Optional[Sequence] = None,
    seed_block: Optional[np.ndarray] = None,
    seed_ids: Optional[Sequence] = None,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> UnitsResult:
    """Groups blocks into life-circle units (see the module docstring for the rules and the method).

    ``polygons`` are the blocks in a metric CRS, ``population`` their residents, ``subdistrict`` their 街镇;
    ``distances`` walking distances between the blocks' representative points (``distances.block_xy``) and
    from the seeds; ``locked`` a unit label per block (None where free); ``seed_block`` the block holding each
    seed (-1 when outside every block). Adjacency is computed unless given.
    """
    rules.validate()
    steps = Steps(progress, is_cancelled, [3, 3, 8, 1])
    n = len(polygons)
    if n == 0:
        raise LifeCircleError(Msg("Layer '{}' has no blocks.", layer_name))
    blocks = _Blocks(polygons, np.asarray(population, dtype=float),
                     list(block_ids) if block_ids is not None else list(range(n)), [str(s) for s in subdistrict],
                     layer_name)
    messages: list = []
    steps.next()
    if adjacency is None:
        adjacency = block_adjacency(polygons, rules.adjacency_gap, rules.min_contact, barrier_lines, crossings,
                                    rules.barrier_tolerance, progress=steps.sub, is_cancelled=is_cancelled)
    _connect_areas(blocks, adjacency)
    groups = _locked_groups(blocks, locked)
    seed_of_block = _usable_seeds(blocks, groups, seed_block, seed_ids, distances, messages)
    steps.next()
    walk_limit = block_walk_limits(rules, block_type, n)
    limit = 2.5 * float(walk_limit.max())
    _prepare_distances(blocks, distances, limit, steps, is_cancelled, messages)
    areas_dist, comp_pop = _area_distances(blocks, rules, distances, walk_limit, limit, steps)
    steps.next()
    raw_units = _regionalise_areas(blocks, rules, distances, groups, seed_of_block, areas_dist, walk_limit, limit,
                                   steps)
    steps.next()
    result = _units_result(blocks, rules, distances, raw_units, groups, walk_limit, comp_pop, block_type, steps)
    result.adjacency, result.messages = adjacency, messages + _adjacency_messages(adjacency)
    steps.done()
    return result


# ---------------------------------------------------------------------------------------------------------
# the phases of a run


def _connect_areas(blocks: _Blocks, adjacency: Adjacency) -> None:
    """Neighbours within one 街镇, and the connected areas they make (a unit never leaves its area)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n, sub = blocks.n, blocks.sub
    same = np.array([sub[i] == sub[j] for i, j in adjacency.pairs], dtype=bool).reshape(-1)
    pairs = adjacency.pairs[same] if len(adjacency.pairs) else adjacency.pairs
    contact = adjacency.contact[same] if len(same) else adjacency.contact
    blocks.nbrs = Adjacency(pairs=pairs, contact=contact).neighbours(n)
    shared = {}
    for (i, j), c in zip(pairs.tolist(), np.asarray(contact, dtype=float).tolist()):
        shared[(i, j)] = shared[(j, i)] = c
    blocks.contact = [[shared[(b, int(x))] for x in blocks.nbrs[b]] for b in range(n)]
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)) if len(pairs) else \
        coo_matrix((n, n))
    blocks.n_comp, blocks.comp = connected_components(graph, directed=False)


def _locked_groups(blocks: _Blocks, locked: Optional[Sequence]) -> dict:
    """{label: [blocks]} of the locked units; each must lie in one 街镇 and be contiguous."""
    ids, sub, layer_name = blocks.ids, blocks.sub, blocks.layer_name
    lock = [None if v is None or str(v).strip() == "" else str(v).strip() for v in (locked or [None] * blocks.n)]
    groups: dict = {}
    for i, v in enumerate(lock):
        if v is not None:
            groups.setdefault(v, []).append(i)
    for label, members in groups.items():
        subs = sorted({sub[i] for i in members})
        if len(subs) > 1:
            raise LifeCircleError(
                Msg("Layer '{}': locked unit '{}' has blocks in {} 街镇 ({}; feature ids {}), but a unit never crosses a "
                    "街镇 boundary. Fix the locked labels and run "
                    "again.", layer_name, label, len(subs), ', '.join(subs), _listed([ids[i] for i in members])))
        comps = sorted({int(blocks.comp[i]) for i in members})
        if len(comps) > 1 or not _connected(members, blocks.nbrs):
            raise LifeCircleError(
                Msg("Layer '{}': the blocks of locked unit '{}' (feature ids {}) are not contiguous: they do not share "
                    "boundaries, or a barrier without a crossing separates them. Lock contiguous blocks only and run "
                    "again.", layer_name, label, _listed([ids[i] for i in members])))
    return groups


def _usable_seeds(blocks: _Blocks, groups: dict, seed_block, seed_ids, distances: WalkDistances,
                  messages: list) -> dict:
    """{block: seed} of the seeds that anchor a unit: inside a block, on the network, one per block and one per
    locked unit (the others are ignored, with a message)."""
    ids = blocks.ids
    seed_block = np.full(0, -1, dtype=np.int64) if seed_block is None else np.asarray(seed_block, dtype=np.int64)
    s_ids = list(seed_ids) if seed_ids is not None else list(range(len(seed_block)))
    seed_of_block: dict = {}
    seed_reach = distances.seed_reachable if len(seed_block) else np.zeros(0, dtype=bool)
    for s, b in enumerate(seed_block):
        if b < 0:
            messages.append(Msg("Seed {} lies outside every block: ignored.", s_ids[s]))
        elif len(seed_reach) and not seed_reach[s]:
            messages.append(Msg("Seed {} is farther than the snap tolerance from the walking network: "
                                "ignored.", s_ids[s]))
        elif b in seed_of_block:
            messages.append(Msg("Seed {} lies in block {} with seed {}: only seed {} anchors a unit "
                                "there.", s_ids[s], ids[b], s_ids[seed_of_block[b]], s_ids[seed_of_block[b]]))
        else:
            seed_of_block[int(b)] = s
    for label, members in groups.items():
        inside = [seed_of_block[b] for b in members if b in seed_of_block]
        for s in inside[1:]:
            messages.append(Msg("Seed {} lies in locked unit '{}' with seed {}: only seed {} is its "
                                "centre.", s_ids[s], label, s_ids[inside[0]], s_ids[inside[0]]))
            del seed_of_block[int(seed_block[s])]
    return seed_of_block


def _prepare_distances(blocks: _Blocks, distances: WalkDistances, limit: float, steps: Steps, is_cancelled,
                       messages: list) -> None:
    """Walking distances up to ``limit``; a message names the blocks no walking distance reaches."""
    distances.prepare(limit, progress=steps.sub, is_cancelled=is_cancelled)
    unreachable = [blocks.ids[i] for i in np.flatnonzero(~distances.block_reachable)]
    if unreachable:
        messages.append(
            Msg("{} block(s) are farther than the snap tolerance from the walking network, so no walking distance "
                "reaches them (feature ids {}): their units are flagged.", len(unreachable), _listed(unreachable)))


def _area_distances(blocks: _Blocks, rules: UnitRules, distances: WalkDistances, walk_limit: np.ndarray,
                    limit: float, steps: Steps) -> tuple:
    """({area: dense walking distances between its blocks}, population of each area); fails when no block has
    POP_MIN residents within its walking radius although an area holds that many."""
    population = blocks.population
    comp_members = [np.flatnonzero(blocks.comp == c) for c in range(blocks.n_comp)]
    comp_pop = np.array([population[m].sum() for m in comp_members])
    areas_dist = {}
    best_within, best_block = 0.0, -1
    for c, m in enumerate(comp_members):
        d = distances.blocks_to_blocks(m, m, limit)
        areas_dist[c] = d
        within = (d <= walk_limit[m][None, :]) @ population[m]
        if len(m) and within.max() > best_within:
            best_within, best_block = float(within.max()), int(m[np.argmax(within)])
        steps.check()
    if (comp_pop >= rules.pop_min).any() and best_within < rules.pop_min:
        raise LifeCircleError(
            Msg(
                "MAX_WALK = {:,.0f} m is too short for POP_MIN = {:,.0f}: no block has that many residents within "
                "{:,.0f} m walking in its own 街镇 (the most is {:,.0f}, around block {}), so no unit could meet both "
                "rules. Raise MAX_WALK or lower POP_MIN and run again.",
                rules.max_walk,
                rules.pop_min,
                rules.max_walk,
                best_within,
                blocks.ids[best_block] if best_block >= 0 else "-",
            )
        )
    return areas_dist, comp_pop


def _area_anchors(m: np.ndarray, groups: dict, seed_of_block: dict, rules: UnitRules, distances: WalkDistances,
                  limit: float, penalty: float) -> list:
    """The anchors of one area (blocks ``m``): its locked units (with their seed, if any), then its free seeds."""
    local = {int(b): k for k, b in enumerate(m)}
    locked_blocks = {b for members in groups.values() for b in members}
    anchors: list = []
    for label, members in sorted(groups.items()):
        if local.get(members[0]) is None:
            continue
        seeds_in = [seed_of_block[b] for b in members if b in seed_of_block]
        a = _Anchor(members=np.array(sorted(local[b] for b in members), dtype=np.int64), label=label,
                    closed=not rules.locked_can_grow)
        if seeds_in:
            a.seed = seeds_in[0]
        anchors.append(a)
    for b, s in sorted(seed_of_block.items(), key=lambda kv: kv[1]):
        if b in local and b not in locked_blocks:
            anchors.append(_Anchor(members=np.array([local[b]], dtype=np.int64), seed=s))
    for a in anchors:
        if a.seed >= 0:
            row = distances.seeds_to_blocks(np.array([a.seed]), m, limit)[0]
            a.seed_row = np.where(np.isfinite(row), row, penalty)
    return anchors


def _units_range(area: _Area, rules: UnitRules) -> tuple:
    """(fewest, most) units the area can hold: its population over POP_MAX and over POP_MIN, at least one per
    anchor."""
    n_anchors = len(area.anchors)
    k_hi = min(max(int(math.floor(area.total / rules.pop_min + 1e-9)), n_anchors, 1), area.n)
    k_lo = max(int(math.ceil(area.total / rules.pop_max - 1e-9)) if np.isfinite(rules.pop_max) else 1, n_anchors, 1)
    return min(k_lo, k_hi), k_hi


def _regionalise_areas(blocks: _Blocks, rules: UnitRules, distances: WalkDistances, groups: dict,
                       seed_of_block: dict, areas_dist: dict, walk_limit: np.ndarray, limit: float,
                       steps: Steps) -> list:
    """Each connected area split into regions: [(global members, centre block, seed, locked label, area)]."""
    penalty = 2.0 * limit
    raw_units: list = []
    sub = blocks.sub
    comp_members = [np.flatnonzero(blocks.comp == c) for c in range(blocks.n_comp)]
    order = sorted(range(blocks.n_comp), key=lambda c: (sub[comp_members[c][0]], int(comp_members[c][0])))
    for done, c in enumerate(order):
        m = comp_members[c]
        local = {int(b): k for k, b in enumerate(m)}
        D = np.where(np.isfinite(areas_dist[c]), areas_dist[c], penalty)
        np.fill_diagonal(D, 0.0)
        anchors = _area_anchors(m, groups, seed_of_block, rules, distances, limit, penalty)
        area = _Area(blocks.population[m], [np.array([local[int(x)] for x in blocks.nbrs[b]], dtype=np.int64)
                                            for b in m], D, rules, anchors, penalty, walk_limit[m])
        if rules.compact:
            area.shapes = _block_shapes(blocks, m, area.nbrs_list)
        lay = _regionalise(area, _units_range(area, rules), rules.seed + 7919 * done, rules.restarts, steps.check)
        for r in range(lay.n_regions):
            if not len(lay.members(r)):
                continue
            anc = anchors[lay.anchor[r]] if lay.anchor[r] >= 0 else None
            centre_local = lay.centre_of(r)
            raw_units.append((m[lay.members(r)], int(m[centre_local]) if centre_local >= 0 else -1,
                              anc.seed if anc is not None else -1, anc.label if anc is not None else None, c))
        steps.sub((done + 1) / max(blocks.n_comp, 1))
    return raw_units


def _block_shapes(blocks: _Blocks, m: np.ndarray, local_nbrs: list) -> BlockShapes:
    """The areas, perimeters and shared boundaries of blocks ``m`` (local neighbour lists ``local_nbrs``)."""
    polygons = blocks.polygons
    return BlockShapes.of([polygons[b].area for b in m], [polygons[b].length for b in m], local_nbrs,
                          [blocks.contact[b] for b in m])


def _unit_names(raw_units: list, sub: list, groups: dict, centre_point) -> dict:
    """{unit: name}: a locked unit keeps its label; the others are '<街镇>-NN', numbered north to south, then west
    to east, skipping the locked labels."""
    by_sub: dict = {}
    for k, u in enumerate(raw_units):
        by_sub.setdefault(sub[u[0][0]], []).append(k)
    names: dict = {}
    used = {g for g in groups}
    for s_name in sorted(by_sub):
        ks = sorted(by_sub[s_name], key=lambda k: (-round(centre_point(raw_units[k])[1], 3),
                                                    round(centre_point(raw_units[k])[0], 3)))
        seq = 0
        for k in ks:
            if raw_units[k][3] is not None:
                names[k] = raw_units[k][3]
                continue
            while True:
                seq += 1
                name = f"{s_name}-{seq:02d}"
                if name not in used:
                    break
            used.add(name)
            names[k] = name
    return names


def _units_result(blocks: _Blocks, rules: UnitRules, distances: WalkDistances, raw_units: list, groups: dict,
                  walk_limit: np.ndarray, comp_pop: np.ndarray, block_type, steps: Steps) -> UnitsResult:
    """The units in name order, each with its exact walking distances, flags and geometry, and the per-block
    arrays (adjacency and messages are the caller's)."""
    n, sub = blocks.n, blocks.sub
    xy, seed_xy = distances.block_xy, distances.seed_xy

    def centre_point(u):
        _, cb, sd, _, _ = u
        return tuple(seed_xy[sd]) if sd >= 0 else tuple(xy[cb])

    names = _unit_names(raw_units, sub, groups, centre_point)
    order_units = sorted(range(len(raw_units)), key=lambda k: (sub[raw_units[k][0][0]], names[k]))
    block_unit = np.full(n, -1, dtype=np.int64)
    block_walk = np.full(n, np.inf)
    block_is_centre = np.zeros(n, dtype=bool)
    units: list = []
    types = list(block_type) if block_type is not None else None
    for new_index, k in enumerate(order_units):
        steps.sub(new_index / max(len(order_units), 1))  # (each unit's exact distances: a search of its own)
        members, cb, sd, label, c = raw_units[k]
        members = np.sort(members)
        block_unit[members] = new_index
        d = _walk_from_centre(distances, members, cb, sd)
        if sd < 0:
            block_is_centre[cb] = True
        block_walk[members] = d
        units.append(_unit(blocks, rules, members, d, names[k], cb, sd, label, comp_pop[c], walk_limit, types,
                           centre_point(raw_units[k])))
    _colour_units(units, rules.adjacency_gap)
    return UnitsResult(units=units, block_unit=block_unit, block_walk=block_walk, block_is_centre=block_is_centre,
                       subdistrict=sub, adjacency=None, rules=rules, messages=[], distance_kind=distances.kind)


def _walk_from_centre(distances: WalkDistances, members: np.ndarray, cb: int, sd: int) -> np.ndarray:
    """Exact walking distances from a unit's centre (its seed, else its centre block) to its blocks."""
    if sd >= 0:
        return distances.seeds_to_blocks(np.array([sd]), members)[0]
    d = distances.blocks_to_blocks(np.array([cb]), members)[0]
    d[members == cb] = 0.0 if distances.block_reachable[cb] else np.inf
    return d


def _unit(blocks: _Blocks, rules: UnitRules, members: np.ndarray, d: np.ndarray, name: str, cb: int, sd: int,
          label, comp_pop: float, walk_limit: np.ndarray, types, centre_xy: tuple) -> Unit:
    """One unit with its measures, flags and geometry."""
    from shapely.ops import unary_union

    population, polygons = blocks.population, blocks.polygons
    pop = float(population[members].sum())
    finite = np.isfinite(d)
    max_walk = float(d.max()) if len(d) else 0.0
    mean_walk = float((population[members][finite] @ d[finite]) / max(population[members][finite].sum(), 1e-9)) \
        if finite.any() else math.inf
    if finite.any() and population[members][finite].sum() == 0:
        mean_walk = float(d[finite].mean())
    geom = unary_union([polygons[b] for b in members])
    area_m2 = float(sum(polygons[b].area for b in members))
    below = pop < rules.pop_min - 1e-9
    above = pop > rules.pop_max + 1e-9
    beyond = bool((d > walk_limit[members] + 1e-6).any())
    flags = _reasons(below, above, beyond, pop, rules, members, d, label, comp_pop, population, blocks.ids,
                     n_sub_components(blocks.sub, blocks.comp, members[0]), walk_limit[members])
    return Unit(
        unit_id=name, subdistrict=blocks.sub[members[0]], blocks=members, population=pop,
        area_km2=area_m2 / 1e6, unit_type=_dominant_type(types, members, population, polygons),
        centre_block=cb if sd < 0 else -1, centre_seed=sd, centre_xy=centre_xy,
        max_walk=max_walk, mean_walk=mean_walk,
        compactness=compactness(geom, rules.adjacency_gap), below_min=below, above_max=above,
        beyond_walk=beyond, flags=flags, locked_label=label, geometry=geom)


def _adjacency_messages(adjacency: Adjacency) -> list:
    """What the log says about barriers: pairs they cut, pairs a crossing keeps together."""
    out = []
    if adjacency.cut_by_barrier:
        out.append(Msg("{} pair(s) of facing blocks are separated by a barrier without a crossing: they are not "
                       "neighbours.", len(adjacency.cut_by_barrier)))
    if adjacency.bridged:
        out.append(
            Msg(
                "{} pair(s) of blocks across a barrier stay neighbours: the walking network crosses the barrier "
                "between them.",
                len(adjacency.bridged),
            )
        )
    return out


def n_sub_components(sub: list, comp: np.ndarray, block: int) -> int:
    """How many connected areas the block's 街镇 falls into."""
    return len({int(comp[i]) for i in range(len(sub)) if sub[i] == sub[block]})
