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
distance from each unit's centre (a capacitated p-median with contiguity).

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
  local search; the new split is kept when the cost falls.

Complexity: adjacency O(candidate pairs × boundary samples × nearby segments) with a numpy bounding-box grid (no
spatial index package); distances one limited Dijkstra per block (scipy, limit 2.5 × MAX_WALK) plus one unlimited
run per unit centre; per area of n blocks dense n × n distances, O(n²) memory, and the local search
O(passes × Σ unit size²) per construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .checklist import RESOURCES, _positive_number, _read_table, _require_columns
from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed as _listed
from .network import spans
from .typed import canonical_word, clean_text, vocabulary_lookup, word_key

#: the tables behind the presets and the unit types (resources/rules/README.md, "Unit presets")
BUNDLED_PRESETS = RESOURCES / "rules" / "unit_presets.csv"
BUNDLED_UNIT_TYPES = RESOURCES / "rules" / "unit_types.csv"
PRESET_COLUMNS = ("id", "name_zh", "name_en", "area_type", "walk_min_m", "walk_max_m", "pop_min", "pop_max",
                  "source", "status", "note")
#: how firm a preset's values are: an adopted standard or plan, a consultation draft, this plugin's reading of
#: a source that gives no number, or a value nobody has checked
PRESET_STATUSES = ("published", "draft", "interpretation", "unverified")
#: the preset id of "your own values" (no row in the table: POP_MIN comes from the planner)
OWN_VALUES = "own"
#: the preset whose walking radius blocks typed 乡村 keep under any other preset, and the preset MAX_WALK falls
#: back on with "your own values"
VILLAGE_PRESET, FALLBACK_WALK_PRESET = "shanghai_village", "gb50180_15min"
#: unit types (the block type holding most of a unit's residents)
RESIDENTIAL, BUSINESS, INDUSTRY, VILLAGE = "居住", "商务", "产业", "乡村"
UNIT_TYPES = (RESIDENTIAL, BUSINESS, INDUSTRY, VILLAGE)


@dataclass(frozen=True)
class UnitPreset:
    """One row of unit_presets.csv: an area type's walking radius and population band, with its source."""

    preset_id: str
    name_zh: str
    name_en: str
    area_type: str
    walk_min: float  # m
    walk_max: float  # m: the MAX_WALK the preset sets
    pop_min: Optional[float]  # None: the source names no floor
    pop_max: float  # inf: the source names no ceiling
    source: str
    status: str
    note: str = ""


def unit_presets(path: Optional[Any] = None) -> dict:
    """{preset id: :class:`UnitPreset`} from ``path`` (default: the bundled resources/rules/unit_presets.csv)."""
    from pathlib import Path

    path = Path(path) if path is not None else BUNDLED_PRESETS
    header, rows = _read_table(path)
    _require_columns(path, header, ("id", "walk_max_m", "pop_min", "pop_max", "source", "status"), PRESET_COLUMNS)
    presets: dict = {}
    for row_no, row in rows:
        preset_id = row.get("id", "").strip()
        if not preset_id or preset_id.startswith("#"):
            continue
        where = f"{path}, row {row_no}"
        if preset_id in presets or preset_id == OWN_VALUES:
            raise LifeCircleError(Msg("{}, column 'id': preset '{}' is already defined (or reserved).", where,
                                      preset_id))
        presets[preset_id] = _preset_from_row(preset_id, row, where)
    return presets


def _preset_from_row(preset_id: str, row: dict, where: str) -> UnitPreset:
    def number(column: str, required: bool) -> Optional[float]:
        text = row.get(column, "").strip()
        value = _positive_number(text)
        if value is None and (text or required):
            raise LifeCircleError(Msg("{}, column '{}': needs a number above 0, got {!r}.", where, column, text))
        return value

    walk_max = number("walk_max_m", True)
    walk_min = number("walk_min_m", False) or walk_max
    pop_min, pop_max = number("pop_min", False), number("pop_max", False)
    if walk_min > walk_max or (pop_min is not None and pop_max is not None and pop_min > pop_max):
        raise LifeCircleError(Msg("{}: a minimum is above its maximum (walk {}–{} m, population {}–{}).", where,
                                  walk_min, walk_max, pop_min, pop_max))
    status = row.get("status", "").strip().lower()
    if status not in PRESET_STATUSES:
        raise LifeCircleError(Msg("{}, column 'status': use {}, got {!r}.", where, ", ".join(PRESET_STATUSES),
                                  status))
    if not row.get("source", "").strip():
        raise LifeCircleError(Msg("{}, column 'source': every preset names its public source.", where))
    return UnitPreset(preset_id=preset_id, name_zh=row.get("name_zh", "").strip(),
                      name_en=row.get("name_en", "").strip(), area_type=row.get("area_type", "").strip(),
                      walk_min=walk_min, walk_max=walk_max, pop_min=pop_min,
                      pop_max=pop_max if pop_max is not None else math.inf, source=row["source"].strip(),
                      status=status, note=row.get("note", "").strip())


def unit_rules_from_preset(preset_id: str, pop_min: Optional[float] = None, pop_max: Optional[float] = None,
                           max_walk: Optional[float] = None, presets: Optional[dict] = None,
                           **tolerances) -> tuple:
    """The unit rules of a preset, where the planner's POP_MIN / POP_MAX / MAX_WALK (not None) win, and the log
    lines that say which value came from where: ``(UnitRules, [Msg, ...])``.

    Without MAX_WALK each block keeps its preset's walking radius: blocks typed 乡村 the 乡村 preset's, the others
    the chosen preset's (with "your own values", GB 50180-2018's). A preset without a population floor (乡村)
    makes every block with residents a possible unit of its own."""
    presets = unit_presets() if presets is None else presets
    notes: list = []
    if preset_id == OWN_VALUES:
        if pop_min is None:
            raise LifeCircleError(Msg("Population band 'your own values' needs POP_MIN (and POP_MAX, unless there "
                                      "is no ceiling)."))
        preset = presets[FALLBACK_WALK_PRESET]
        notes.append(Msg("Your own values: {}.", _band(pop_min, pop_max)))
    else:
        if preset_id not in presets:
            raise LifeCircleError(Msg("Unknown unit preset '{}': the presets are {}.", preset_id,
                                      ", ".join(sorted(presets))))
        preset = presets[preset_id]
        notes.append(Msg("Preset {} ({}): {:,.0f}–{:,.0f} m walk, {} — source: {} [{}].", preset.name_zh,
                         preset_id, preset.walk_min, preset.walk_max, _band(preset.pop_min, preset.pop_max),
                         preset.source, preset.status))
        if pop_min is None and preset.pop_min is None:
            notes.append(Msg("The preset names no population floor: every block with residents may be a unit of "
                             "its own. Give POP_MIN, or lock blocks by 行政村 (LOCKED_FIELD), to group them."))
        pop_min = pop_min if pop_min is not None else (preset.pop_min or 1.0)
        pop_max = pop_max if pop_max is not None else preset.pop_max
    walk_by_type: dict = {}
    if max_walk is None:
        max_walk = preset.walk_max
        notes.append(Msg("MAX_WALK {:,.0f} m: the preset's radius.", max_walk) if preset_id != OWN_VALUES else
                     Msg("MAX_WALK {:,.0f} m: the radius of {} — source: {} [{}].", max_walk, preset.name_zh,
                         preset.source, preset.status))
        village = presets.get(VILLAGE_PRESET)
        if village is not None and preset_id != VILLAGE_PRESET:
            walk_by_type[VILLAGE] = village.walk_max
            notes.append(Msg("Blocks typed {} keep the {} preset's radius, {:,.0f} m [{}].", VILLAGE,
                             village.name_zh, village.walk_max, village.status))
    else:
        notes.append(Msg("MAX_WALK {:,.0f} m: your value, for every block.", max_walk))
    rules = UnitRules(pop_min=pop_min, pop_max=pop_max if pop_max is not None else math.inf, max_walk=max_walk,
                      walk_by_type=walk_by_type, **tolerances)
    return rules, notes


def untyped_village_blocks(preset_id: str, types: Optional[Sequence], block_ids: Sequence) -> Optional[Msg]:
    """With the 乡村 preset, the message that blocks lack a type (no type field, or empty values), else None."""
    if preset_id != VILLAGE_PRESET:
        return None
    if types is None:
        return Msg("The {} preset is chosen but the blocks have no type field (BLOCK_TYPE_FIELD): the units carry "
                   "no type. Give a field with {} (or 村, 村庄, village …) to mark village units.", VILLAGE, VILLAGE)
    missing = [b for b, kind in zip(block_ids, types) if kind is None]
    if not missing:
        return None
    return Msg("The {} preset is chosen but {} block(s) have no type (feature ids {}): units made of them carry no "
               "type.", VILLAGE, len(missing), _listed(missing))


def _band(pop_min: Optional[float], pop_max: Optional[float]) -> Msg:
    """A population band as a planner reads it."""
    ceiling = pop_max is not None and math.isfinite(pop_max)
    if pop_min is None:
        return Msg("at most {:,.0f} residents", pop_max) if ceiling else Msg("no population floor or ceiling")
    return Msg("{:,.0f}–{:,.0f} residents", pop_min, pop_max) if ceiling else \
        Msg("{:,.0f} residents or more", pop_min)


def unit_type_words(path: Optional[Any] = None) -> dict:
    """{word key: unit type} from ``path`` (default: the bundled resources/rules/unit_types.csv): the words
    planners type for 居住 / 商务 / 产业 / 乡村."""
    from pathlib import Path

    path = Path(path) if path is not None else BUNDLED_UNIT_TYPES
    header, rows = _read_table(path)
    _require_columns(path, header, ("word", "type"), ("word", "type", "note"))
    types = vocabulary_lookup(UNIT_TYPES)
    words = dict(types)
    for row_no, row in rows:
        word = clean_text(row.get("word", ""))
        if not word or word.startswith("#"):
            continue
        kind = canonical_word(row.get("type", ""), types)
        if kind is None:
            raise LifeCircleError(Msg("{}, row {}, column 'type': use {}, got {!r}.", path, row_no,
                                      ", ".join(UNIT_TYPES), row.get("type", "")))
        key = word_key(word)
        if words.get(key, kind) != kind:
            raise LifeCircleError(Msg("{}, row {}, column 'word': {!r} already means {}.", path, row_no, word,
                                      words[key]))
        words[key] = kind
    return words


def block_types(values: Sequence, block_ids: Sequence, layer_name: str, field_name: str,
                words: Optional[dict] = None) -> tuple:
    """Each block's unit type (居住 / 商务 / 产业 / 乡村, or None when empty or unknown) from the values planners
    typed ('住宅', 'R', 'village' …), and a message naming the unknown values with their blocks (None when
    every value is known): ``(types, message)``."""
    words = unit_type_words() if words is None else words
    types: list = []
    unknown: dict = {}
    for value, block in zip(values, block_ids):
        text = clean_text(value)
        kind = canonical_word(text, words) if text else None
        if text and kind is None:
            unknown.setdefault(text, []).append(block)
        types.append(kind)
    if not unknown:
        return types, None
    listing = "; ".join("'{}' ({})".format(v, _listed(ids, 5)) for v, ids in sorted(unknown.items()))
    return types, Msg("Layer '{}', field '{}': {} block(s) have a type that is not {} nor a word for one in {}: {} "
                      "(value and feature ids). They count as untyped: correct the values, or add the words to "
                      "that table.", layer_name, field_name, sum(len(ids) for ids in unknown.values()),
                      " / ".join(UNIT_TYPES), BUNDLED_UNIT_TYPES.name, listing)


# ---------------------------------------------------------------------------------------------------------
# inputs and results


@dataclass
class UnitRules:
    """The planner's rules and the method's tolerances."""

    pop_min: float
    pop_max: float = math.inf
    max_walk: float = 1000.0
    adjacency_gap: float = 80.0  # boundaries closer than this face each other (slivers, streets, corridors)
    min_contact: float = 20.0  # metres of facing boundary for two blocks to be neighbours
    barrier_tolerance: float = 10.0  # a barrier this close to the line between facing boundaries cuts it
    locked_can_grow: bool = False  # may a locked unit take unlocked blocks?
    seed: int = 1  # random seed of the restarts (the result is deterministic for a seed)
    restarts: int = 4
    walk_by_type: dict = field(default_factory=dict)  # block type -> its walking radius (other blocks: max_walk)

    def validate(self) -> None:
        problems = []
        for kind, walk in self.walk_by_type.items():
            if not (np.isfinite(walk) and walk > 0):
                problems.append(Msg("the walking radius of blocks typed {} must be above 0 m (got {})", kind, walk))
        if not (np.isfinite(self.pop_min) and self.pop_min > 0):
            problems.append(Msg("POP_MIN must be a number of residents above 0 (got {})", self.pop_min))
        if not (self.pop_max > 0) or (np.isfinite(self.pop_min) and self.pop_max < self.pop_min):
            problems.append(Msg("POP_MAX ({:,.0f}) must be at least POP_MIN ({:,.0f})", self.pop_max, self.pop_min))
        if not (np.isfinite(self.max_walk) and self.max_walk > 0):
            problems.append(Msg("MAX_WALK must be a distance above 0 m (got {})", self.max_walk))
        if not (np.isfinite(self.adjacency_gap) and self.adjacency_gap >= 0):
            problems.append(Msg("the adjacency gap must be 0 m or more (got {})", self.adjacency_gap))
        if not (np.isfinite(self.min_contact) and self.min_contact >= 0):
            problems.append(Msg("the minimum shared boundary must be 0 m or more (got {})", self.min_contact))
        if problems:
            raise LifeCircleError(Msg("Unit rules: {}.", Msg.join("; ", problems)))


@dataclass
class Adjacency:
    """Block neighbours: ``pairs`` (m × 2, i < j) with the length of boundary they share (``contact``, m)."""

    pairs: np.ndarray
    contact: np.ndarray
    cut_by_barrier: list = field(default_factory=list)  # (i, j) facing pairs a barrier separates
    bridged: list = field(default_factory=list)  # (i, j) pairs a barrier separates but a crossing joins

    def neighbours(self, n: int) -> list:
        out: list = [[] for _ in range(n)]
        for i, j in self.pairs:
            out[int(i)].append(int(j))
            out[int(j)].append(int(i))
        return [np.array(sorted(x), dtype=np.int64) for x in out]


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


# ---------------------------------------------------------------------------------------------------------
# geometry helpers (numpy; shapely 1.8 and 2.x alike)


def _rings(geom) -> list:
    if geom is None or geom.is_empty:
        return []
    parts = list(geom.geoms) if geom.geom_type in ("MultiPolygon", "GeometryCollection") else [geom]
    out = []
    for p in parts:
        if p.geom_type != "Polygon" or p.is_empty:
            continue
        out.append(np.asarray(p.exterior.coords, dtype=float)[:, :2])
        out.extend(np.asarray(r.coords, dtype=float)[:, :2] for r in p.interiors)
    return out


def _segments_of(geom) -> np.ndarray:
    """(m, 4) boundary segments x0, y0, x1, y1 of a polygon (all parts and rings), zero-length ones dropped."""
    segs = [np.column_stack([r[:-1], r[1:]]) for r in _rings(geom) if len(r) > 1]
    if not segs:
        return np.zeros((0, 4))
    s = np.vstack(segs)
    keep = (s[:, 0] != s[:, 2]) | (s[:, 1] != s[:, 3])
    return s[keep]


def _line_segments(coords_list: Sequence[np.ndarray]) -> np.ndarray:
    segs = [np.column_stack([c[:-1, :2], c[1:, :2]]) for c in coords_list if len(c) > 1]
    if not segs:
        return np.zeros((0, 4))
    s = np.vstack(segs)
    keep = (s[:, 0] != s[:, 2]) | (s[:, 1] != s[:, 3])
    return s[keep]


def _seg_bounds(s: np.ndarray) -> np.ndarray:
    return np.column_stack([np.minimum(s[:, 0], s[:, 2]), np.minimum(s[:, 1], s[:, 3]),
                            np.maximum(s[:, 0], s[:, 2]), np.maximum(s[:, 1], s[:, 3])])


def _point_segment(px: np.ndarray, py: np.ndarray, segs: np.ndarray):
    """Distances (k × m) from points to segments, and the nearest points (qx, qy), each (k × m)."""
    ax, ay, bx, by = (segs[:, c][None, :] for c in range(4))
    dx, dy = bx - ax, by - ay
    l2 = dx * dx + dy * dy
    l2 = np.where(l2 > 0, l2, 1.0)
    t = np.clip(((px[:, None] - ax) * dx + (py[:, None] - ay) * dy) / l2, 0.0, 1.0)
    qx, qy = ax + t * dx, ay + t * dy
    return np.hypot(px[:, None] - qx, py[:, None] - qy), qx, qy


def _nearest_on(px: np.ndarray, py: np.ndarray, segs: np.ndarray, inner: bool = False):
    """Nearest point on a set of segments for each point: (distance, qx, qy), each (k,); with ``inner`` also
    whether that point lies inside its segment rather than on a vertex (a corner)."""
    if len(segs) == 0 or len(px) == 0:
        out = np.full(len(px), np.inf), np.full(len(px), np.nan), np.full(len(px), np.nan)
        return out + (np.zeros(len(px), dtype=bool),) if inner else out
    d, qx, qy = _point_segment(px, py, segs)
    j = np.argmin(d, axis=1)
    r = np.arange(len(px))
    if not inner:
        return d[r, j], qx[r, j], qy[r, j]
    s = segs[j]
    from_start = np.hypot(qx[r, j] - s[:, 0], qy[r, j] - s[:, 1])
    from_end = np.hypot(qx[r, j] - s[:, 2], qy[r, j] - s[:, 3])
    return d[r, j], qx[r, j], qy[r, j], (from_start > 1e-3) & (from_end > 1e-3)


def _orient(ax, ay, bx, by, cx, cy):
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def _segments_cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(k × m) whether segments a (k × 4) and b (m × 4) intersect (touching counts)."""
    a0x, a0y, a1x, a1y = (a[:, c][:, None] for c in range(4))
    b0x, b0y, b1x, b1y = (b[:, c][None, :] for c in range(4))
    d1 = _orient(b0x, b0y, b1x, b1y, a0x, a0y)
    d2 = _orient(b0x, b0y, b1x, b1y, a1x, a1y)
    d3 = _orient(a0x, a0y, a1x, a1y, b0x, b0y)
    d4 = _orient(a0x, a0y, a1x, a1y, b1x, b1y)
    return (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~((d1 == 0) & (d2 == 0) & (d3 == 0) & (d4 == 0))


def _segment_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(k × m) distances between segments a (k × 4) and b (m × 4)."""
    if len(a) == 0 or len(b) == 0:
        return np.zeros((len(a), len(b)))
    d = np.minimum.reduce([
        _point_segment(a[:, 0], a[:, 1], b)[0],
        _point_segment(a[:, 2], a[:, 3], b)[0],
        _point_segment(b[:, 0], b[:, 1], a)[0].T,
        _point_segment(b[:, 2], b[:, 3], a)[0].T,
    ])
    return np.where(_segments_cross(a, b), 0.0, d)


def _grid_pairs(bounds_a: np.ndarray, bounds_b: np.ndarray, cell: float, same: bool = False) -> np.ndarray:
    """Index pairs (ia, ib) whose bounding boxes overlap (a numpy grid instead of a spatial index package).

    With ``same`` (a and b the same set) only pairs ia < ib are returned.
    """
    def explode(bounds):
        ok = np.flatnonzero(np.isfinite(bounds).all(axis=1))
        b = bounds[ok]
        cx0 = np.floor(b[:, 0] / cell).astype(np.int64)
        cy0 = np.floor(b[:, 1] / cell).astype(np.int64)
        nx = np.floor(b[:, 2] / cell).astype(np.int64) - cx0 + 1
        ny = np.floor(b[:, 3] / cell).astype(np.int64) - cy0 + 1
        cnt = nx * ny
        idx = np.repeat(np.arange(len(b)), cnt)
        within = np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        cx = cx0[idx] + within % nx[idx]
        cy = cy0[idx] + within // nx[idx]
        return cx * 4_000_003 + cy, ok[idx]

    if not len(bounds_a) or not len(bounds_b):
        return np.zeros((0, 2), dtype=np.int64)
    ka, ia = explode(bounds_a)
    kb, ib = explode(bounds_b)
    order = np.argsort(kb, kind="stable")
    kb, ib = kb[order], ib[order]
    lo = np.searchsorted(kb, ka, side="left")
    hi = np.searchsorted(kb, ka, side="right")
    cnt = hi - lo
    a = np.repeat(ia, cnt)
    b = ib[spans(lo, cnt)]
    if same:
        keep = a < b
        a, b = a[keep], b[keep]
    if not len(a):
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.unique(np.column_stack([a, b]), axis=0)
    ba, bb = bounds_a[pairs[:, 0]], bounds_b[pairs[:, 1]]
    overlap = (ba[:, 0] <= bb[:, 2]) & (bb[:, 0] <= ba[:, 2]) & (ba[:, 1] <= bb[:, 3]) & (bb[:, 1] <= ba[:, 3])
    return pairs[overlap]


def _sample_segments(segs: np.ndarray, spacing: float):
    """Points along segments every ``spacing`` m at most (segment midpoints of equal pieces) and the length
    each point stands for."""
    if not len(segs):
        return np.zeros(0), np.zeros(0), np.zeros(0)
    length = np.hypot(segs[:, 2] - segs[:, 0], segs[:, 3] - segs[:, 1])
    n = np.maximum(1, np.ceil(length / spacing)).astype(np.int64)
    idx = np.repeat(np.arange(len(segs)), n)
    frac = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + 0.5) / n[idx]
    x = segs[idx, 0] + frac * (segs[idx, 2] - segs[idx, 0])
    y = segs[idx, 1] + frac * (segs[idx, 3] - segs[idx, 1])
    return x, y, (length / n)[idx]


def _expand(b: np.ndarray, d: float) -> np.ndarray:
    return np.array([b[0] - d, b[1] - d, b[2] + d, b[3] + d])


def _in_box(x, y, b) -> np.ndarray:
    return (x >= b[0]) & (x <= b[2]) & (y >= b[1]) & (y <= b[3])


def _segs_in_box(segs: np.ndarray, sb: np.ndarray, b: np.ndarray) -> np.ndarray:
    return segs[(sb[:, 0] <= b[2]) & (sb[:, 2] >= b[0]) & (sb[:, 1] <= b[3]) & (sb[:, 3] >= b[1])]


# ---------------------------------------------------------------------------------------------------------
# adjacency


def barrier_crossings(network, barrier_lines: Sequence[np.ndarray]) -> np.ndarray:
    """Points (k × 2) where a walkable network edge meets a barrier line (a bridge or an underpass)."""
    bsegs = _line_segments(barrier_lines)
    if network is None or not len(bsegs) or network.n_edges == 0:
        return np.zeros((0, 2))
    cnt = network.edge_count - 1
    first = np.repeat(network.edge_start, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    nsegs = np.column_stack([network.vx[first], network.vy[first], network.vx[first + 1], network.vy[first + 1]])
    nb, bb = _seg_bounds(nsegs), _seg_bounds(bsegs)
    pairs = _grid_pairs(bb, nb, cell=100.0)
    pts = []
    for start in range(0, len(pairs), 200_000):
        p = pairs[start:start + 200_000]
        a, b = bsegs[p[:, 0]], nsegs[p[:, 1]]
        d1 = _orient(b[:, 0], b[:, 1], b[:, 2], b[:, 3], a[:, 0], a[:, 1])
        d2 = _orient(b[:, 0], b[:, 1], b[:, 2], b[:, 3], a[:, 2], a[:, 3])
        d3 = _orient(a[:, 0], a[:, 1], a[:, 2], a[:, 3], b[:, 0], b[:, 1])
        d4 = _orient(a[:, 0], a[:, 1], a[:, 2], a[:, 3], b[:, 2], b[:, 3])
        hit = (d1 * d2 <= 0) & (d3 * d4 <= 0) & ~((d1 == 0) & (d2 == 0))
        a, d1, d2 = a[hit], d1[hit], d2[hit]
        t = np.where(d1 != d2, d1 / np.where(d1 != d2, d1 - d2, 1.0), 0.0)
        pts.append(np.column_stack([a[:, 0] + t * (a[:, 2] - a[:, 0]), a[:, 1] + t * (a[:, 3] - a[:, 1])]))
    return np.vstack(pts) if pts else np.zeros((0, 2))


def block_adjacency(
    polygons: Sequence,
    gap: float = 80.0,
    min_contact: float = 20.0,
    barrier_lines: Optional[Sequence[np.ndarray]] = None,
    crossings: Optional[np.ndarray] = None,
    barrier_tolerance: float = 10.0,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> Adjacency:
    """Neighbouring blocks: boundaries facing each other within ``gap`` m along ≥ ``min_contact`` m.

    Points every few metres along each block's boundary near the other are matched to their nearest point on
    the other block; a point "faces" the other block when the two are each other's nearest points (so that
    the two legs of a corner-only contact do not count). The shared length is the mean of both directions.
    A pair is cut when barrier lines pass within ``barrier_tolerance`` of the straight links between at least
    half of its facing points, unless one of ``crossings`` (where walkable edges meet a barrier) lies between
    the two blocks (its distances to both add up to no more than their widest facing gap plus twice the
    tolerance).
    """
    steps = Steps(progress, is_cancelled, [1])
    steps.next()
    segs = [_segments_of(g) for g in polygons]
    seg_b = [_seg_bounds(s) if len(s) else np.zeros((0, 4)) for s in segs]
    bounds = np.array([[s[:, 0].min(), s[:, 1].min(), s[:, 2].max(), s[:, 3].max()] if len(s) else [np.nan] * 4
                       for s in seg_b], dtype=float).reshape(-1, 4)
    reach = gap + 1e-6
    grown = bounds + np.array([-reach / 2, -reach / 2, reach / 2, reach / 2])
    finite = np.isfinite(bounds).all(axis=1)
    size = np.nanmedian(bounds[finite, 2:] - bounds[finite, :2]) if finite.any() else 100.0
    candidates = _grid_pairs(grown, grown, cell=max(float(size), reach, 1.0), same=True)
    bsegs = _line_segments(barrier_lines or [])
    bsb = _seg_bounds(bsegs) if len(bsegs) else np.zeros((0, 4))
    cross = np.zeros((0, 2)) if crossings is None else np.asarray(crossings, dtype=float).reshape(-1, 2)
    spacing = max(0.5, min(5.0, min_contact / 4.0 if min_contact > 0 else 5.0))
    fuzz = max(0.5, 1e-6 * float(size))
    samples = [_sample_segments(sg, spacing) for sg in segs]  # points along each boundary, once
    pairs, contact, cut, bridged = [], [], [], []
    for c, (i, j) in enumerate(candidates):
        if c % 200 == 0:
            steps.sub(c / max(len(candidates), 1))
        in_zone = []
        for a, b in ((i, j), (j, i)):
            sx, sy, sw = samples[a]
            keep = _in_box(sx, sy, _expand(bounds[b], reach))
            in_zone.append((sx[keep], sy[keep], sw[keep]))
        if in_zone[0][2].sum() + in_zone[1][2].sum() < 2 * min_contact:
            continue  # not enough boundary near the other block to share min_contact
        facing = []
        for (a, b), (x, y, w) in zip(((i, j), (j, i)), in_zone):
            other = _segs_in_box(segs[b], seg_b[b], _expand(bounds[a], reach))
            d, qx, qy, inner = _nearest_on(x, y, other, inner=True)
            near = d <= reach
            x, y, w, d, qx, qy, inner = x[near], y[near], w[near], d[near], qx[near], qy[near], inner[near]
            back = _nearest_on(qx, qy, segs[a])[0] if len(x) else np.zeros(0)
            # facing: each other's nearest points, and not the other block's corner (a corner-only contact)
            mutual = (back >= d - np.maximum(fuzz, 0.05 * d)) & (inner | (d <= fuzz))
            facing.append((x[mutual], y[mutual], w[mutual], d[mutual], qx[mutual], qy[mutual]))
        length = 0.5 * (facing[0][2].sum() + facing[1][2].sum())
        if length < min_contact or (min_contact == 0 and length == 0 and not _touch(polygons[i], polygons[j])):
            continue
        if len(bsegs):
            links = np.vstack([np.column_stack([f[0], f[1], f[4], f[5]]) for f in facing])
            weights = np.concatenate([f[2] for f in facing])
            lb = _seg_bounds(links)
            box = _expand(np.array([lb[:, 0].min(), lb[:, 1].min(), lb[:, 2].max(), lb[:, 3].max()]),
                          barrier_tolerance)
            near_barrier = _segs_in_box(bsegs, bsb, box)
            if len(near_barrier):
                blocked = (_segment_distance(links, near_barrier) <= barrier_tolerance).any(axis=1)
                if weights[blocked].sum() >= 0.5 * weights.sum():
                    widest = max(float(f[3].max()) if len(f[3]) else 0.0 for f in facing)
                    if _crossing_between(cross, segs[i], segs[j], box, widest + 2 * barrier_tolerance, reach):
                        bridged.append((int(i), int(j)))
                    else:
                        cut.append((int(i), int(j)))
                        continue
        pairs.append((int(i), int(j)))
        contact.append(length)
    steps.done()
    return Adjacency(pairs=np.array(pairs, dtype=np.int64).reshape(-1, 2), contact=np.array(contact, dtype=float),
                     cut_by_barrier=cut, bridged=bridged)


def _touch(a, b) -> bool:
    return bool(a.intersects(b))


def _crossing_between(cross, segs_i, segs_j, box, limit, reach) -> bool:
    if not len(cross):
        return False
    sel = cross[_in_box(cross[:, 0], cross[:, 1], _expand(box, reach))]
    if not len(sel):
        return False
    di = _nearest_on(sel[:, 0], sel[:, 1], segs_i)[0]
    dj = _nearest_on(sel[:, 0], sel[:, 1], segs_j)[0]
    return bool((di + dj <= limit).any())


# ---------------------------------------------------------------------------------------------------------
# 街镇 of each block


def subdistricts_from_polygons(
    blocks: Sequence, admin_polygons: Sequence, admin_names: Sequence, block_ids: Sequence, blocks_layer: str,
    admin_layer: str,
) -> list:
    """The 街镇 name of each block: the admin polygon it overlaps most. Blocks outside every one are an error."""
    names = [None if v is None else str(v) for v in admin_names]
    ab = np.array([g.bounds if g is not None and not g.is_empty else (np.nan,) * 4 for g in admin_polygons],
                  dtype=float).reshape(-1, 4)
    out, outside = [], []
    for i, g in enumerate(blocks):
        x0, y0, x1, y1 = g.bounds
        cand = np.flatnonzero((ab[:, 0] <= x1) & (ab[:, 2] >= x0) & (ab[:, 1] <= y1) & (ab[:, 3] >= y0))
        best, best_area = None, 0.0
        for k in cand:
            area = g.intersection(admin_polygons[k]).area
            if area > best_area:
                best, best_area = k, area
        if best is None or best_area <= 1e-6 * max(g.area, 1.0):
            outside.append(block_ids[i])
            out.append(None)
        else:
            out.append(names[best] if names[best] not in (None, "") else f"{admin_layer} #{best + 1}")
    if outside:
        raise LifeCircleError(
            Msg("Layer '{}': {} block(s) lie outside every 街镇 of layer '{}' (feature ids {}). Every block needs a "
                "街镇: extend the 街镇 polygons, or leave these blocks out, and run "
                "again.", blocks_layer, len(outside), admin_layer, _listed(outside)))
    return out


def subdistricts_from_field(values: Sequence, block_ids: Sequence, blocks_layer: str, field_name: str) -> list:
    empty = [block_ids[i] for i, v in enumerate(values) if v is None or str(v).strip() == ""]
    if empty:
        raise LifeCircleError(
            Msg("Layer '{}': {} block(s) have no 街镇 in field '{}' (feature ids {}). Fill in the 街镇 of every block "
                "(or give 街镇 polygons instead) and run again.", blocks_layer, len(empty), field_name, _listed(empty)))
    return [str(v).strip() for v in values]



# ---------------------------------------------------------------------------------------------------------
# walking distances


class WalkDistances:
    """Distances between blocks' representative points (and from seeds), by network or straight line."""

    kind = "straight line"

    def __init__(self, block_xy: np.ndarray, seed_xy: Optional[np.ndarray] = None):
        self.block_xy = np.asarray(block_xy, dtype=float).reshape(-1, 2)
        self.seed_xy = np.zeros((0, 2)) if seed_xy is None else np.asarray(seed_xy, dtype=float).reshape(-1, 2)

    @property
    def block_reachable(self) -> np.ndarray:
        return np.isfinite(self.block_xy).all(axis=1)

    @property
    def seed_reachable(self) -> np.ndarray:
        return np.isfinite(self.seed_xy).all(axis=1)

    def blocks_to_blocks(self, rows: np.ndarray, cols: np.ndarray, limit: float = math.inf) -> np.ndarray:
        """Dense (len(rows) × len(cols)) distances, inf beyond ``limit`` or where unreachable."""
        a, b = self.block_xy[rows], self.block_xy[cols]
        d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
        return np.where(np.isfinite(d) & (d <= limit), d, np.inf)

    def seeds_to_blocks(self, rows: np.ndarray, cols: np.ndarray, limit: float = math.inf) -> np.ndarray:
        a, b = self.seed_xy[rows], self.block_xy[cols]
        d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
        return np.where(np.isfinite(d) & (d <= limit), d, np.inf)

    def prepare(self, limit: float, progress=None, is_cancelled=None) -> None:
        """Computes what later queries up to ``limit`` need (nothing for straight lines)."""


class NetworkDistances(WalkDistances):
    """Network distances between snapped representative points (exact, access legs included)."""

    kind = "network"

    def __init__(self, network, block_xy: np.ndarray, seed_xy: Optional[np.ndarray] = None,
                 snap_tolerance: float = 150.0):
        super().__init__(block_xy, seed_xy)
        self.network = network
        xy = np.where(np.isfinite(self.block_xy), self.block_xy, 0.0)
        self.block_snap = network.snap(xy, snap_tolerance)
        self.block_snap.edge[~np.isfinite(self.block_xy).all(axis=1)] = -1
        sets = {"blocks": self.block_snap}
        if len(self.seed_xy):
            sxy = np.where(np.isfinite(self.seed_xy), self.seed_xy, 0.0)
            self.seed_snap = network.snap(sxy, snap_tolerance)
            self.seed_snap.edge[~np.isfinite(self.seed_xy).all(axis=1)] = -1
            sets["seeds"] = self.seed_snap
        else:
            self.seed_snap = None
        self.router = network.router(sets)
        self._matrix = None
        self._seed_matrix = None
        self._limit = 0.0

    @property
    def block_reachable(self) -> np.ndarray:
        return self.block_snap.edge >= 0

    @property
    def seed_reachable(self) -> np.ndarray:
        return np.zeros(0, dtype=bool) if self.seed_snap is None else self.seed_snap.edge >= 0

    def prepare(self, limit: float, progress=None, is_cancelled=None) -> None:
        self._limit = float(limit)
        self._matrix = self.router.distance_matrix("blocks", "blocks", self._limit, progress=progress,
                                                   is_cancelled=is_cancelled).tocsr()
        if self.seed_snap is not None:
            self._seed_matrix = self.router.distance_matrix("seeds", "blocks", self._limit).tocsr()

    def _dense(self, matrix, rows, cols, source_set, limit):
        rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
        if matrix is None or limit > self._limit:
            n_src = len(self.block_snap.edge) if source_set == "blocks" else len(self.seed_snap.edge)
            mask = np.zeros(n_src, dtype=bool)
            mask[rows] = True
            matrix = self.router.distance_matrix(source_set, "blocks", limit, source_mask=mask).tocsr()
        sub = matrix[rows][:, cols].toarray()
        sub[sub == 0] = np.inf  # not stored = beyond the limit (0 m pairs are stored as a tiny value)
        sub[sub > limit] = np.inf
        return sub

    def blocks_to_blocks(self, rows, cols, limit: float = math.inf) -> np.ndarray:
        return self._dense(self._matrix, rows, cols, "blocks", limit)

    def seeds_to_blocks(self, rows, cols, limit: float = math.inf) -> np.ndarray:
        return self._dense(self._seed_matrix, rows, cols, "seeds", limit)


# ---------------------------------------------------------------------------------------------------------
# the regionalisation of one connected area of one 街镇


@dataclass
class _Anchor:
    members: np.ndarray  # local blocks fixed to this unit (locked blocks, or the seed's block)
    seed: int = -1  # global seed index (the centre) or -1
    seed_row: Optional[np.ndarray] = None  # distances from the seed to the area's blocks (penalised)
    label: Optional[str] = None  # locked label
    closed: bool = False  # takes no other blocks


class _Area:
    """One connected area: blocks 0..n-1, populations, neighbours, dense walking distances (penalised)."""

    def __init__(self, pop, nbrs, dist, rules: UnitRules, anchors: list, penalty: float, walk_limit=None):
        self.n = len(pop)
        self.pop = np.asarray(pop, dtype=float)
        # each block's walking radius from its unit's centre (MAX_WALK, or its type's)
        self.W = np.full(self.n, rules.max_walk) if walk_limit is None else np.asarray(walk_limit, dtype=float)
        self.nbrs = nbrs
        self.D = dist
        self.rules = rules
        self.anchors = anchors
        self.penalty = penalty
        self.fixed = np.full(self.n, -1, dtype=np.int64)  # anchor holding each fixed block
        for a_i, a in enumerate(anchors):
            self.fixed[a.members] = a_i
        self.total = float(self.pop.sum())
        self.tol = 1e-9 * max(self.total, 1.0)
        self.nbrs_list = [x.tolist() for x in nbrs]


class _Layout:
    """Regions of an area under construction and local search (members derived from ``labels``)."""

    def __init__(self, area: _Area):
        self.a = area
        self.labels = np.full(area.n, -1, dtype=np.int64)
        self.P: list = []
        self.S: list = []  # S[r][c] = sum_j in r p_j D[c, j]: the weighted distance were c the centre
        self.seed_row: list = []
        self.closed: list = []
        self.anchor: list = []
        self._members: list = []

    @property
    def n_regions(self) -> int:
        return len(self.P)

    def members(self, r: int) -> np.ndarray:
        if self._members[r] is None:
            self._members[r] = np.flatnonzero(self.labels == r)
        return self._members[r]

    # -- building --------------------------------------------------------------------------------------------
    def new_region(self, blocks: Sequence[int], anchor: int = -1) -> int:
        a = self.a
        r = len(self.P)
        blocks = np.asarray(blocks, dtype=np.int64)
        self.labels[blocks] = r
        self.P.append(float(a.pop[blocks].sum()))
        self.S.append(a.D[:, blocks] @ a.pop[blocks])
        self._set_anchor(r, anchor, append=True)
        self._members.append(None)
        return r

    def _set_anchor(self, r: int, anchor: int, append: bool = False) -> None:
        anc = self.a.anchors[anchor] if anchor >= 0 else None
        values = (anc.seed_row if anc is not None and anc.seed >= 0 else None,
                  bool(anc.closed) if anc is not None else False, anchor)
        if append:
            self.seed_row.append(values[0])
            self.closed.append(values[1])
            self.anchor.append(values[2])
        else:
            self.seed_row[r], self.closed[r], self.anchor[r] = values

    @classmethod
    def from_labels(cls, area: _Area, labels: np.ndarray, anchors: list) -> "_Layout":
        """A layout from region labels 0..R-1; ``anchors[r]`` is region r's anchor (-1 for none)."""
        lay = cls(area)
        lay.labels = np.asarray(labels, dtype=np.int64).copy()
        R = len(anchors)
        onehot = np.zeros((R, area.n))
        onehot[lay.labels, np.arange(area.n)] = area.pop
        S = onehot @ area.D.T
        for r in range(R):
            lay.P.append(float(onehot[r].sum()))
            lay.S.append(S[r])
            lay._set_anchor(r, anchors[r], append=True)
            lay._members.append(None)
        return lay

    def add(self, r: int, b: int) -> None:
        a = self.a
        self.labels[b] = r
        self.P[r] += a.pop[b]
        self.S[r] = self.S[r] + a.pop[b] * a.D[:, b]
        self._members[r] = None

    def remove(self, r: int, b: int) -> None:
        a = self.a
        self.P[r] -= a.pop[b]
        self.S[r] = self.S[r] - a.pop[b] * a.D[:, b]
        self.labels[b] = -1
        self._members[r] = None

    def centre_of(self, r: int) -> int:
        m = self.members(r)
        if self.seed_row[r] is not None or not len(m):
            return -1
        return int(m[np.argmin(self.S[r][m])])

    # -- costs ------------------------------------------------------------------------------------------------
    def band(self, population: float) -> float:
        rules = self.a.rules
        return max(0.0, rules.pop_min - population) + max(0.0, population - rules.pop_max)

    def evaluate(self, members: np.ndarray, population: float, s_values: np.ndarray, seed_row) -> tuple:
        """(band violation, walking excess, weighted distance) of a region with these members, where
        ``s_values`` are its S at the members."""
        a = self.a
        if not len(members):
            return (0.0, 0.0, 0.0)
        if seed_row is not None:
            d = seed_row[members]
            wd = float(a.pop[members] @ d)
        else:
            k = int(np.argmin(s_values))
            d = a.D[members[k], members]
            wd = float(s_values[k])
        walk = float(np.maximum(d - a.W[members], 0.0).sum())
        return (self.band(population), walk, wd)

    def region_cost(self, r: int) -> tuple:
        m = self.members(r)
        return self.evaluate(m, self.P[r], self.S[r][m], self.seed_row[r])

    def total_cost(self) -> tuple:
        c = [self.region_cost(r) for r in range(self.n_regions) if len(self.members(r))]
        return (sum(x[0] for x in c), sum(x[1] for x in c), sum(x[2] for x in c))

    def better(self, delta: tuple) -> bool:
        return bool(_improving(self.a, np.array([delta[0]]), np.array([delta[1]]), np.array([delta[2]]))[0])

    # -- contiguity -------------------------------------------------------------------------------------------
    def connected_without(self, r: int, b: int) -> bool:
        a = self.a
        inside = set(self.members(r).tolist())
        inside.discard(b)
        if not inside:
            return False
        nb_in = [x for x in a.nbrs[b].tolist() if x in inside]
        if len(nb_in) <= 1:
            return True
        start = nb_in[0]
        seen = {start}
        stack = [start]
        nbrs = a.nbrs_list
        while stack:
            x = stack.pop()
            for y in nbrs[x]:
                if y in inside and y not in seen:
                    seen.add(y)
                    stack.append(y)
        return len(seen) == len(inside)


def _choose_centres(area: _Area, k: int, rng: Optional[np.random.Generator]) -> list:
    """Greedy population-weighted p-median on walking distance; anchors' centres first."""
    D, p = area.D, area.pop
    cur = np.full(area.n, area.penalty)
    for a in area.anchors:
        cur = np.minimum(cur, _anchor_row(area, a))
    free = area.fixed < 0
    chosen: list = []
    for _ in range(max(0, k - len(area.anchors))):
        gain = np.maximum(cur[None, :] - D, 0.0) @ p
        gain[~free] = -1.0
        gain[chosen] = -1.0
        if gain.max() < 0:
            break
        if rng is None:
            c = int(np.argmax(gain))
        else:
            top = np.argsort(-gain, kind="stable")[:4]
            top = top[gain[top] >= 0]
            w = gain[top] - gain[top].min() + 1e-9
            c = int(rng.choice(top, p=w / w.sum()))
        chosen.append(c)
        cur = np.minimum(cur, D[c])
    return chosen


def _anchor_row(area: _Area, a: _Anchor) -> np.ndarray:
    """Distances from an anchor's centre (its seed, or its blocks' weighted median) to the area's blocks."""
    if a.seed >= 0:
        return a.seed_row
    m = a.members
    return area.D[m[np.argmin(area.D[np.ix_(m, m)] @ area.pop[m])]]


def _grow_labels(area: _Area, starts: list, rows: list, closed: list, cap: float) -> np.ndarray:
    """Labels from growing each region from its start blocks over the adjacency graph, nearest blocks (by its
    row of distances) first, while it holds less than ``cap`` and stays within POP_MAX; -1 where none grew."""
    import heapq

    labels = np.full(area.n, -1, dtype=np.int64)
    P = [0.0] * len(starts)
    heap: list = []
    nbrs = area.nbrs_list
    pop = area.pop.tolist()
    for r, blocks in enumerate(starts):
        for b in blocks:
            labels[b] = r
            P[r] += pop[b]
    for r, blocks in enumerate(starts):
        if closed[r]:
            continue
        row = rows[r]
        for b in blocks:
            for nb in nbrs[b]:
                if labels[nb] < 0:
                    heapq.heappush(heap, (row[nb], r, nb))
    pop_max, tol = area.rules.pop_max, area.tol
    while heap:
        _, r, b = heapq.heappop(heap)
        if labels[b] >= 0 or P[r] >= cap - tol or P[r] + pop[b] > pop_max + tol:
            continue
        labels[b] = r
        P[r] += pop[b]
        row = rows[r]
        for nb in nbrs[b]:
            if labels[nb] < 0:
                heapq.heappush(heap, (row[nb], r, nb))
    return labels


def _attach_labels(area: _Area, labels: np.ndarray, rows: list, closed: list, anchors: list) -> tuple:
    """Blocks no region took: clusters of them within the band become regions (appended); the rest join the
    neighbouring open region whose centre is nearest, breadth first."""
    nbrs = area.nbrs_list
    left = set(np.flatnonzero(labels < 0).tolist())
    rows, closed, anchors = list(rows), list(closed), list(anchors)
    while left:
        start = min(left)
        comp, stack = {start}, [start]
        while stack:
            x = stack.pop()
            for y in nbrs[x]:
                if y in left and y not in comp:
                    comp.add(y)
                    stack.append(y)
        left -= comp
        members = np.array(sorted(comp), dtype=np.int64)
        pop = area.pop[members].sum()
        if area.rules.pop_min <= pop <= area.rules.pop_max:
            labels[members] = len(rows)
            c = members[np.argmin(area.D[np.ix_(members, members)] @ area.pop[members])]
            rows.append(area.D[c])
            closed.append(False)
            anchors.append(-1)
    while True:
        left = np.flatnonzero(labels < 0).tolist()
        if not left:
            break
        progressed = False
        for b in left:
            best, best_d = -1, math.inf
            for nb in nbrs[b]:
                r = int(labels[nb])
                if r >= 0 and not closed[r] and rows[r][b] < best_d:
                    best, best_d = r, rows[r][b]
            if best >= 0:
                labels[b] = best
                progressed = True
        if not progressed:  # enclosed by closed (locked) units only: a region of their own
            labels[left[0]] = len(rows)
            rows.append(area.D[left[0]])
            closed.append(False)
            anchors.append(-1)
    return labels, rows, closed, anchors


def _grow(area: _Area, k: int, rng: Optional[np.random.Generator], balanced: bool = True,
          lloyd: int = 6) -> _Layout:
    """Seeded growth by walking distance from k centres (anchors first, then a greedy p-median), up to the
    mean unit size (``balanced``) or POP_MAX, then Lloyd rounds: each region's weighted median becomes its
    new centre and the regions grow again, until the centres stay put."""
    starts = [a.members.tolist() for a in area.anchors]
    rows = [_anchor_row(area, a) for a in area.anchors]
    closed = [a.closed for a in area.anchors]
    anchors = list(range(len(area.anchors)))
    for c in _choose_centres(area, k, rng):
        starts.append([c])
        rows.append(area.D[c])
        closed.append(False)
        anchors.append(-1)
    n_fixed = len(area.anchors)
    target = area.total / max(len(starts), 1)
    cap = min(area.rules.pop_max, max(target, area.rules.pop_min)) if balanced else area.rules.pop_max
    previous = None
    for _ in range(max(1, lloyd)):
        labels = _grow_labels(area, starts, rows, closed, cap)
        labels, rows_all, closed_all, anchors_all = _attach_labels(area, labels, rows, closed, anchors)
        centres = []
        for r in range(n_fixed, len(rows_all)):
            m = np.flatnonzero(labels == r)
            centres.append(int(m[np.argmin(area.D[np.ix_(m, m)] @ area.pop[m])]) if len(m) else -1)
        if centres == previous:
            break
        previous = centres
        starts = starts[:n_fixed] + [[c] for c in centres if c >= 0]
        rows = rows[:n_fixed] + [area.D[c] for c in centres if c >= 0]
        closed = closed[:n_fixed] + [False] * sum(c >= 0 for c in centres)
        anchors = anchors[:n_fixed] + [-1] * sum(c >= 0 for c in centres)
    return _Layout.from_labels(area, labels, anchors_all)


def _removal_costs(lay: _Layout, r: int):
    """Cost of region r without each of its members: (band, walk, wd) arrays over ``lay.members(r)``."""
    a = lay.a
    m = lay.members(r)
    W = a.W[m]
    P = lay.P[r] - a.pop[m]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[r] is not None:
        d = lay.seed_row[r][m]
        wd_all = float(a.pop[m] @ d)
        walk_all = float(np.maximum(d - W, 0.0).sum())
        return band, walk_all - np.maximum(d - W, 0.0), wd_all - a.pop[m] * d
    q = len(m)
    Dm = a.D[np.ix_(m, m)]
    M = lay.S[r][m][None, :] - a.pop[m][:, None] * Dm
    M[np.arange(q), np.arange(q)] = np.inf
    k = np.argmin(M, axis=1)
    wd = M[np.arange(q), k]
    excess = np.maximum(Dm[k] - W, 0.0)
    excess[np.arange(q), np.arange(q)] = 0.0
    return band, excess.sum(axis=1), wd


def _addition_costs(lay: _Layout, s: int, cand: np.ndarray):
    """Cost of region s with each candidate block added: (band, walk, wd) arrays over ``cand``."""
    a = lay.a
    m = lay.members(s)
    W, W_cand = a.W[m], a.W[cand]
    P = lay.P[s] + a.pop[cand]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[s] is not None:
        d_m = lay.seed_row[s][m]
        d_c = lay.seed_row[s][cand]
        wd = float(a.pop[m] @ d_m) + a.pop[cand] * d_c
        walk = float(np.maximum(d_m - W, 0.0).sum()) + np.maximum(d_c - W_cand, 0.0)
        return band, walk, wd
    q = len(m)
    Dcm = a.D[np.ix_(cand, m)]
    full = np.hstack([lay.S[s][m][None, :] + a.pop[cand][:, None] * Dcm, lay.S[s][cand][:, None]])
    k = np.argmin(full, axis=1)
    wd = full[np.arange(len(cand)), k]
    centre = np.where(k < q, m[np.minimum(k, q - 1)], cand)
    walk = np.maximum(a.D[np.ix_(centre, m)] - W, 0.0).sum(axis=1) + np.maximum(a.D[centre, cand] - W_cand, 0.0)
    return band, walk, wd


def _exchange_costs(lay: _Layout, r: int, out: np.ndarray, into: np.ndarray):
    """Cost of region r giving up block ``out[i]`` and taking ``into[j]``: (band, walk, wd), each (X × Y)."""
    a = lay.a
    m = lay.members(r)
    W = a.W
    X = len(out)
    P = lay.P[r] - a.pop[out][:, None] + a.pop[into][None, :]
    band = np.maximum(a.rules.pop_min - P, 0.0) + np.maximum(P - a.rules.pop_max, 0.0)
    if lay.seed_row[r] is not None:
        row = lay.seed_row[r]
        wd_all = float(a.pop[m] @ row[m])
        walk_all = float(np.maximum(row[m] - W[m], 0.0).sum())
        wd = wd_all - (a.pop[out] * row[out])[:, None] + (a.pop[into] * row[into])[None, :]
        walk = walk_all - np.maximum(row[out] - W[out], 0.0)[:, None] + np.maximum(row[into] - W[into], 0.0)[None, :]
        return band, walk, wd
    q = len(m)
    pos_out = np.searchsorted(m, out)
    # S after the exchange, at the members (X × Y × q) and at the incoming block (X × Y)
    s_m = (lay.S[r][m][None, None, :] - (a.pop[out][:, None] * a.D[np.ix_(m, out)].T)[:, None, :]
           + (a.pop[into][:, None] * a.D[np.ix_(m, into)].T)[None, :, :])
    s_m[np.arange(X), :, pos_out] = np.inf
    s_in = lay.S[r][into][None, :] - a.pop[out][:, None] * a.D[np.ix_(out, into)]
    full = np.concatenate([s_m, s_in[:, :, None]], axis=2)
    k = np.argmin(full, axis=2)
    wd = np.take_along_axis(full, k[:, :, None], axis=2)[:, :, 0]
    centre = np.where(k < q, m[np.minimum(k, q - 1)], into[None, :])
    excess = np.maximum(a.D[centre][:, :, m] - W[m], 0.0)
    excess[np.arange(X), :, pos_out] = 0.0
    walk = excess.sum(axis=2) + np.maximum(a.D[centre, into[None, :]] - W[into][None, :], 0.0)
    return band, walk, wd


def _swap_pass(lay: _Layout, check: Callable[[], None]) -> bool:
    """Exchanges one block each between neighbouring regions where that lowers the cost (both stay
    contiguous); the best exchange per pair of regions, pairs in order of gain, each region once."""
    area = lay.a
    R = lay.n_regions
    cost = [lay.region_cost(r) for r in range(R)]
    border: dict = {}
    for r in range(R):
        if lay.closed[r]:
            continue
        for b in lay.members(r).tolist():
            if area.fixed[b] >= 0:
                continue
            for nb in area.nbrs_list[b]:
                s = int(lay.labels[nb])
                if s != r and not lay.closed[s]:
                    border.setdefault((r, s), set()).add(b)
    found = []
    for (r, s), out_r in sorted(border.items()):
        if r > s or (s, r) not in border:
            continue
        check()
        x = np.array(sorted(out_r), dtype=np.int64)
        y = np.array(sorted(border[(s, r)]), dtype=np.int64)
        br, wr, dr = _exchange_costs(lay, r, x, y)
        bs, ws, ds = _exchange_costs(lay, s, y, x)
        d_band = br + bs.T - cost[r][0] - cost[s][0]
        d_walk = wr + ws.T - cost[r][1] - cost[s][1]
        d_wd = dr + ds.T - cost[r][2] - cost[s][2]
        ok = np.argwhere(_improving(area, d_band, d_walk, d_wd))
        if not len(ok):
            continue
        keys = sorted((round(float(d_band[i, j]), 6), round(float(d_walk[i, j]), 6), float(d_wd[i, j]), int(i),
                       int(j)) for i, j in ok)
        found.append((keys, r, s, x, y))
    found.sort(key=lambda f: f[0][0][:3])
    touched: set = set()
    swapped = False
    for keys, r, s, x, y in found:
        if r in touched or s in touched:
            continue
        for *_, i, j in keys[:10]:
            b, c = int(x[i]), int(y[j])
            if _exchange_keeps_contiguity(lay, r, b, c) and _exchange_keeps_contiguity(lay, s, c, b):
                lay.remove(r, b)
                lay.remove(s, c)
                lay.add(s, b)
                lay.add(r, c)
                touched.update((r, s))
                swapped = True
                break
    return swapped


def _exchange_keeps_contiguity(lay: _Layout, r: int, out: int, into: int) -> bool:
    inside = set(lay.members(r).tolist())
    inside.discard(out)
    inside.add(into)
    nbrs = lay.a.nbrs_list
    seen, stack = {into}, [into]
    while stack:
        x = stack.pop()
        for y in nbrs[x]:
            if y in inside and y not in seen:
                seen.add(y)
                stack.append(y)
    return len(seen) == len(inside)


def _improving(a: _Area, band, walk, wd) -> np.ndarray:
    tol_wd = 1e-9 * max(a.total, 1.0) * max(a.rules.max_walk, 1.0)
    return (band < -a.tol) | ((np.abs(band) <= a.tol) & ((walk < -1e-6) | ((np.abs(walk) <= 1e-6) & (wd < -tol_wd))))


def _local_search(lay: _Layout, check: Callable[[], None], max_passes: int = 400, swaps: bool = True) -> None:
    """Moves boundary blocks to neighbouring regions (best moves first, one per region and pass) and merges
    regions below the floor, while the cost falls lexicographically and every region stays contiguous."""
    area = lay.a
    for _ in range(max_passes):
        check()
        R = lay.n_regions
        cost = [lay.region_cost(r) for r in range(R)]
        removal = {}
        for r in range(R):
            if len(lay.members(r)) > 1 and not (lay.closed[r] and area.fixed[lay.members(r)].min() >= 0):
                removal[r] = dict(zip(lay.members(r).tolist(), zip(*_removal_costs(lay, r))))
        moves = []
        for s in range(R):
            m = lay.members(s)
            if lay.closed[s] or not len(m):
                continue
            cand = np.unique(np.concatenate([area.nbrs[b] for b in m]))
            cand = cand[(lay.labels[cand] != s) & (area.fixed[cand] < 0)]
            cand = np.array([c for c in cand.tolist() if int(lay.labels[c]) in removal], dtype=np.int64)
            if not len(cand):
                continue
            add_band, add_walk, add_wd = _addition_costs(lay, s, cand)
            src = lay.labels[cand]
            rem = np.array([removal[int(r)][int(c)] for r, c in zip(src, cand)]).reshape(-1, 3)
            old = np.array([cost[int(r)] for r in src]).reshape(-1, 3)
            d_band = add_band - cost[s][0] + rem[:, 0] - old[:, 0]
            d_walk = add_walk - cost[s][1] + rem[:, 1] - old[:, 1]
            d_wd = add_wd - cost[s][2] + rem[:, 2] - old[:, 2]
            ok = _improving(area, d_band, d_walk, d_wd)
            for i in np.flatnonzero(ok):
                moves.append((round(float(d_band[i]), 6), round(float(d_walk[i]), 6), float(d_wd[i]),
                              int(cand[i]), int(src[i]), s))
        moved = False
        touched: set = set()
        for *_, b, r, s in sorted(moves):
            if r in touched or s in touched or not lay.connected_without(r, b):
                continue
            lay.remove(r, b)
            lay.add(s, b)
            touched.update((r, s))
            moved = True
        if not moved and not _merge_pass(lay) and not (swaps and _swap_pass(lay, check)):
            return


def _merge_pass(lay: _Layout) -> bool:
    """Merges a region below the floor into the neighbour where that lowers the cost most."""
    area = lay.a
    merged = False
    for r in range(lay.n_regions):
        if not len(lay.members(r)) or lay.P[r] >= area.rules.pop_min or lay.closed[r]:
            continue
        neighbours = sorted({int(lay.labels[nb]) for b in lay.members(r) for nb in area.nbrs[b]} - {r})
        best, best_delta = None, None
        cost_r = lay.region_cost(r)
        for s in neighbours:
            if lay.closed[s] or not len(lay.members(s)):
                continue
            if lay.anchor[r] >= 0 and lay.anchor[s] >= 0:
                continue  # two anchors (seeds or locked units) never merge
            keep, gone = (r, s) if lay.anchor[r] >= 0 else (s, r)
            m = np.union1d(lay.members(r), lay.members(s))
            pop = lay.P[r] + lay.P[s]
            s_vals = lay.S[keep][m] + lay.S[gone][m]
            after = lay.evaluate(m, pop, s_vals, lay.seed_row[keep])
            delta = tuple(x - y - z for x, y, z in zip(after, cost_r, lay.region_cost(s)))
            if lay.better(delta) and (best is None or lay.better(tuple(x - y for x, y in zip(delta, best_delta)))):
                best, best_delta = s, delta
        if best is not None:
            keep, gone = (r, best) if lay.anchor[r] >= 0 else (best, r)
            for b in list(lay.members(gone)):
                lay.remove(gone, int(b))
                lay.add(keep, int(b))
            merged = True
    return merged


def _sub_area(area: _Area, blocks: np.ndarray, anchor_ids: list) -> _Area:
    """The part of an area made of ``blocks`` (sorted local indices), with the given anchors."""
    pos = {int(b): k for k, b in enumerate(blocks)}
    anchors = []
    for a_i in anchor_ids:
        a = area.anchors[a_i]
        anchors.append(_Anchor(members=np.array([pos[int(b)] for b in a.members], dtype=np.int64), seed=a.seed,
                               seed_row=None if a.seed_row is None else a.seed_row[blocks], label=a.label,
                               closed=a.closed))
    nbrs = [np.array([pos[int(x)] for x in area.nbrs[b] if int(x) in pos], dtype=np.int64) for b in blocks]
    return _Area(area.pop[blocks], nbrs, area.D[np.ix_(blocks, blocks)], area.rules, anchors, area.penalty,
                 area.W[blocks])


def _resolve_pairs(lay: _Layout, seed: int, check: Callable[[], None], max_rounds: int = 4) -> None:
    """Pools a region alone, with each neighbour, and (when small) with two neighbours, and splits the pool again
    (exactly when it has at most EXACT_MAX_BLOCKS blocks, else 1–3 regions by growth + local search); keeps the
    new split when the cost falls. Escapes the local optima of single-block moves."""
    area = lay.a
    tried: set = set()  # pools already re-solved without gain (unchanged pools are not tried again)
    for round_ in range(max_rounds):
        improved = False
        r = 0
        while r < lay.n_regions:
            if not len(lay.members(r)) or lay.closed[r]:
                r += 1
                continue
            def around(x):
                return {int(lay.labels[nb]) for b in lay.members(x) for nb in area.nbrs[b]} - {x}

            neighbours = sorted(around(r))
            groups = [(r,)] + [(r, s) for s in neighbours]
            small = EXACT_POOL_BLOCKS
            if len(lay.members(r)) < small:  # triples small enough for the exact search
                groups += sorted({tuple(sorted((r, s, t))) for s in neighbours for t in around(s) | set(neighbours)
                                  if t not in (r, s)
                                  and len(lay.members(r)) + len(lay.members(s)) + len(lay.members(t)) <= small})
            for group in groups:
                if any(lay.closed[x] or not len(lay.members(x)) for x in group):
                    continue
                check()
                pool = np.unique(np.concatenate([lay.members(x) for x in group]))
                key = (pool.tobytes(), tuple(len(lay.members(x)) for x in group))
                if key in tried:
                    continue
                anchors = [lay.anchor[x] for x in group if lay.anchor[x] >= 0]
                sub = _sub_area(area, pool, anchors)
                before = tuple(map(sum, zip(*[lay.region_cost(x) for x in group])))
                k_hi = min(max(int(math.floor(sub.total / area.rules.pop_min + 1e-9)), len(anchors), 1), 3, sub.n)
                k_lo = max(int(math.ceil(sub.total / area.rules.pop_max - 1e-9)) if np.isfinite(area.rules.pop_max)
                           else 1, len(anchors), 1)
                ks = [k for k in range(k_hi, min(k_lo, k_hi) - 1, -1) if len(group) == 2 or k > 1]
                best, best_cost = None, None
                if len(pool) <= small:  # small pools: the exact best split
                    best = _exact(sub)
                    best_cost = best.total_cost()
                    ks = []
                for k in ks:
                    cand = _grow(sub, k, None)
                    _local_search(cand, check)
                    cost = cand.total_cost()
                    if best is None or cand.better(tuple(x - y for x, y in zip(cost, best_cost))):
                        best, best_cost = cand, cost
                if best is not None and lay.better(tuple(x - y for x, y in zip(best_cost, before))):
                    _replace(lay, group, best, pool, anchors)
                    improved = True
                else:
                    tried.add(key)
            r += 1
        if not improved:
            return


def _replace(lay: _Layout, old: tuple, sub_lay: _Layout, pool: np.ndarray, anchors: list) -> None:
    """Puts the regions of a re-solved pool in place of the regions ``old``."""
    for r in old:
        for b in lay.members(r).tolist():
            lay.remove(r, b)
    free = list(old)
    for q in range(sub_lay.n_regions):
        m = sub_lay.members(q)
        if not len(m):
            continue
        blocks = pool[m]
        anchor = anchors[sub_lay.anchor[q]] if sub_lay.anchor[q] >= 0 else -1
        if free:
            r = free.pop(0)
            lay._set_anchor(r, anchor)
            for b in blocks.tolist():
                lay.add(r, b)
        else:
            lay.new_region(blocks, anchor=anchor)
    for r in free:  # left empty
        lay._set_anchor(r, -1)


EXACT_MAX_BLOCKS = 12  # areas this small are solved exactly
EXACT_POOL_BLOCKS = 9  # pools of neighbouring regions this small are re-split exactly


def _exact(area: _Area) -> _Layout:
    """The best layout by exhaustive search (areas of at most EXACT_MAX_BLOCKS blocks): every connected set
    of blocks that keeps the anchors whole and apart, then a dynamic programme over subsets."""
    n = area.n
    nbr_mask = [sum(1 << int(j) for j in area.nbrs[i]) for i in range(n)]
    anchor_mask = [sum(1 << int(b) for b in a.members) for a in area.anchors]
    pop, D = area.pop, area.D
    W, pmin, pmax = area.W, area.rules.pop_min, area.rules.pop_max
    cost: dict = {}
    for mask in range(1, 1 << n):
        low = (mask & -mask).bit_length() - 1
        seen, frontier = 1 << low, 1 << low
        while frontier:
            grow = 0
            f = frontier
            while f:
                b = (f & -f).bit_length() - 1
                grow |= nbr_mask[b]
                f &= f - 1
            frontier = grow & mask & ~seen
            seen |= frontier
        if seen != mask:
            continue
        which = [k for k, am in enumerate(anchor_mask) if mask & am]
        if len(which) > 1 or any((mask & anchor_mask[k]) != anchor_mask[k] for k in which):
            continue
        if which and area.anchors[which[0]].closed and mask != anchor_mask[which[0]]:
            continue
        m = np.array([i for i in range(n) if mask >> i & 1], dtype=np.int64)
        P = float(pop[m].sum())
        if which and area.anchors[which[0]].seed >= 0:
            d = area.anchors[which[0]].seed_row[m]
            wd = float(pop[m] @ d)
        else:
            sv = D[np.ix_(m, m)] @ pop[m]
            c = int(np.argmin(sv))
            d, wd = D[m[c], m], float(sv[c])
        cost[mask] = (max(0.0, pmin - P) + max(0.0, P - pmax), float(np.maximum(d - W[m], 0.0).sum()), wd,
                      which[0] if which else -1)
    from functools import lru_cache

    def plus(a, b):
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])

    @lru_cache(maxsize=None)
    def best(rest: int):
        if rest == 0:
            return (0.0, 0.0, 0.0), ()
        low = rest & -rest
        others = rest ^ low
        out = None
        sub = others
        while True:
            t = sub | low
            if t in cost:
                tail = best(rest ^ t)
                if tail is not None:
                    total = plus(cost[t][:3], tail[0])
                    if out is None or _cost_key(total, area) < _cost_key(out[0], area):
                        out = (total, (t,) + tail[1])
            if sub == 0:
                break
            sub = (sub - 1) & others
        return out

    _, parts = best((1 << n) - 1)
    labels = np.full(n, -1, dtype=np.int64)
    anchors = []
    for r, t in enumerate(sorted(parts)):
        labels[[i for i in range(n) if t >> i & 1]] = r
        anchors.append(cost[t][3])
    return _Layout.from_labels(area, labels, anchors)


def _cost_key(cost: tuple, a: _Area) -> tuple:
    return (round(cost[0] / max(a.tol, 1e-12)) if cost[0] > a.tol else 0, round(cost[1], 6), cost[2])


def _regionalise(area: _Area, k_range: tuple, seed: int, restarts: int, check: Callable[[], None]) -> _Layout:
    """Best layout over k (from the most units down): per k, ``restarts`` constructions (growth + Lloyd rounds
    + local search); the two best layouts are then improved by re-solving pools of neighbouring regions."""
    k_lo, k_hi = k_range
    if area.n <= EXACT_MAX_BLOCKS:
        return _exact(area)
    tries, found_at = [], None
    for k in range(k_hi, k_lo - 1, -1):
        best_k = None
        for attempt in range(max(1, restarts)):
            check()
            rng = None if attempt < 2 else np.random.default_rng([seed, k, attempt])
            lay = _grow(area, k, rng, balanced=attempt % 2 == 0)
            _local_search(lay, check)
            key = _cost_key(lay.total_cost(), area)
            tries.append((key, k, attempt, lay))
            if best_k is None or key < best_k:
                best_k = key
            if key[0] == 0 and key[1] == 0:
                break  # this k keeps every rule
        if best_k[0] == 0 and best_k[1] == 0:
            if found_at is None:
                found_at = k
            if k <= found_at - 1:
                break
    tries.sort(key=lambda t: t[:3])
    best, best_cost = None, None
    for _, k, attempt, lay in tries[:2]:
        _resolve_pairs(lay, seed + 31 * k + attempt, check)
        cost = lay.total_cost()
        if best is None or lay.better(tuple(x - y for x, y in zip(cost, best_cost))):
            best, best_cost = lay, cost
    return best


# ---------------------------------------------------------------------------------------------------------
# the whole run


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
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rules.validate()
    steps = Steps(progress, is_cancelled, [3, 3, 8, 1])
    n = len(polygons)
    ids = list(block_ids) if block_ids is not None else list(range(n))
    population = np.asarray(population, dtype=float)
    if n == 0:
        raise LifeCircleError(Msg("Layer '{}' has no blocks.", layer_name))
    messages: list = []

    # adjacency ------------------------------------------------------------------------------------------
    steps.next()
    if adjacency is None:
        adjacency = block_adjacency(polygons, rules.adjacency_gap, rules.min_contact, barrier_lines, crossings,
                                    rules.barrier_tolerance, progress=steps.sub, is_cancelled=is_cancelled)
    sub = [str(s) for s in subdistrict]
    same = np.array([sub[i] == sub[j] for i, j in adjacency.pairs], dtype=bool).reshape(-1)
    pairs = adjacency.pairs[same] if len(adjacency.pairs) else adjacency.pairs
    nbrs_all = Adjacency(pairs=pairs, contact=adjacency.contact[same] if len(same) else adjacency.contact
                         ).neighbours(n)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)) if len(pairs) else \
        coo_matrix((n, n))
    n_comp, comp = connected_components(graph, directed=False)

    # locked blocks and seeds -------------------------------------------------------------------------------
    lock = [None if v is None or str(v).strip() == "" else str(v).strip() for v in (locked or [None] * n)]
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
        comps = sorted({int(comp[i]) for i in members})
        if len(comps) > 1 or not _connected(members, nbrs_all):
            raise LifeCircleError(
                Msg("Layer '{}': the blocks of locked unit '{}' (feature ids {}) are not contiguous: they do not share "
                    "boundaries, or a barrier without a crossing separates them. Lock contiguous blocks only and run "
                    "again.", layer_name, label, _listed([ids[i] for i in members])))
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

    # walking distances -------------------------------------------------------------------------------------
    steps.next()
    walk_limit = block_walk_limits(rules, block_type, n)
    limit = 2.5 * float(walk_limit.max())
    distances.prepare(limit, progress=steps.sub, is_cancelled=is_cancelled)
    reachable = distances.block_reachable
    unreachable = [ids[i] for i in np.flatnonzero(~reachable)]
    if unreachable:
        messages.append(
            Msg("{} block(s) are farther than the snap tolerance from the walking network, so no walking distance "
                "reaches them (feature ids {}): their units are flagged.", len(unreachable), _listed(unreachable)))
    penalty = 2.0 * limit

    # feasibility of the walking radius ---------------------------------------------------------------------
    comp_members = [np.flatnonzero(comp == c) for c in range(n_comp)]
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
                ids[best_block] if best_block >= 0 else "-",
            )
        )

    # regionalisation, area by area ----------------------------------------------------------------------------
    steps.next()
    block_unit = np.full(n, -1, dtype=np.int64)
    raw_units: list = []  # (global members, centre block, seed, locked label, area index)
    order = sorted(range(n_comp), key=lambda c: (sub[comp_members[c][0]], int(comp_members[c][0])))
    for done, c in enumerate(order):
        m = comp_members[c]
        local = {int(b): k for k, b in enumerate(m)}
        D = np.where(np.isfinite(areas_dist[c]), areas_dist[c], penalty)
        np.fill_diagonal(D, 0.0)
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
            if b in local and lock[b] is None:
                anchors.append(_Anchor(members=np.array([local[b]], dtype=np.int64), seed=s))
        for a in anchors:
            if a.seed >= 0:
                row = distances.seeds_to_blocks(np.array([a.seed]), m, limit)[0]
                a.seed_row = np.where(np.isfinite(row), row, penalty)
        area = _Area(population[m], [np.array([local[int(x)] for x in nbrs_all[b]], dtype=np.int64) for b in m], D,
                     rules, anchors, penalty, walk_limit[m])
        k_hi = max(int(math.floor(area.total / rules.pop_min + 1e-9)), len(anchors), 1)
        k_hi = min(k_hi, area.n)
        k_lo = max(int(math.ceil(area.total / rules.pop_max - 1e-9)) if np.isfinite(rules.pop_max) else 1,
                   len(anchors), 1)
        k_lo = min(k_lo, k_hi)
        lay = _regionalise(area, (k_lo, k_hi), rules.seed + 7919 * done, rules.restarts, steps.check)
        for r in range(lay.n_regions):
            if not len(lay.members(r)):
                continue
            anc = anchors[lay.anchor[r]] if lay.anchor[r] >= 0 else None
            centre_local = lay.centre_of(r)
            raw_units.append((m[lay.members(r)], int(m[centre_local]) if centre_local >= 0 else -1,
                              anc.seed if anc is not None else -1, anc.label if anc is not None else None, c))
        steps.sub((done + 1) / max(n_comp, 1))

    # units: ids, exact walking distances, flags, geometry ------------------------------------------------------
    steps.next()
    xy = distances.block_xy
    seed_xy = distances.seed_xy

    def centre_point(u):
        _, cb, sd, _, _ = u
        return tuple(seed_xy[sd]) if sd >= 0 else tuple(xy[cb])

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
    order_units = sorted(range(len(raw_units)), key=lambda k: (sub[raw_units[k][0][0]], names[k]))
    block_walk = np.full(n, np.inf)
    block_is_centre = np.zeros(n, dtype=bool)
    units: list = []
    types = list(block_type) if block_type is not None else None
    from shapely.ops import unary_union

    for new_index, k in enumerate(order_units):
        steps.sub(new_index / max(len(order_units), 1))  # (each unit's exact distances: a search of its own)
        members, cb, sd, label, c = raw_units[k]
        members = np.sort(members)
        block_unit[members] = new_index
        if sd >= 0:
            d = distances.seeds_to_blocks(np.array([sd]), members)[0]
        else:
            d = distances.blocks_to_blocks(np.array([cb]), members)[0]
            d[members == cb] = 0.0 if reachable[cb] else np.inf
            block_is_centre[cb] = True
        block_walk[members] = d
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
        flags = _reasons(below, above, beyond, pop, rules, members, d, label, comp_pop[c], population, ids,
                         n_sub_components(sub, comp, members[0]), walk_limit[members])
        units.append(Unit(
            unit_id=names[k], subdistrict=sub[members[0]], blocks=members, population=pop,
            area_km2=area_m2 / 1e6, unit_type=_dominant_type(types, members, population, polygons),
            centre_block=cb if sd < 0 else -1, centre_seed=sd, centre_xy=centre_point(raw_units[k]),
            max_walk=max_walk, mean_walk=mean_walk,
            compactness=compactness(geom, rules.adjacency_gap), below_min=below, above_max=above,
            beyond_walk=beyond, flags=flags, locked_label=label, geometry=geom))
    _colour_units(units, rules.adjacency_gap)
    if adjacency.cut_by_barrier:
        messages.append(Msg("{} pair(s) of facing blocks are separated by a barrier without a crossing: they are not "
                            "neighbours.", len(adjacency.cut_by_barrier)))
    if adjacency.bridged:
        messages.append(
            Msg(
                "{} pair(s) of blocks across a barrier stay neighbours: the walking network crosses the barrier "
                "between them.",
                len(adjacency.bridged),
            )
        )
    steps.done()
    return UnitsResult(units=units, block_unit=block_unit, block_walk=block_walk, block_is_centre=block_is_centre,
                       subdistrict=sub, adjacency=adjacency, rules=rules, messages=messages,
                       distance_kind=distances.kind)


def block_walk_limits(rules: UnitRules, block_type: Optional[Sequence], n: int) -> np.ndarray:
    """Each block's walking radius from its unit's centre: its type's (``rules.walk_by_type``, e.g. 乡村), else
    MAX_WALK."""
    limits = np.full(n, float(rules.max_walk))
    if block_type is not None and rules.walk_by_type:
        for i, kind in enumerate(block_type):
            limits[i] = rules.walk_by_type.get(kind, limits[i]) if kind is not None else limits[i]
    return limits


def n_sub_components(sub: list, comp: np.ndarray, block: int) -> int:
    """How many connected areas the block's 街镇 falls into."""
    return len({int(comp[i]) for i in range(len(sub)) if sub[i] == sub[block]})


def _connected(members: Sequence[int], nbrs: list) -> bool:
    inside = set(int(x) for x in members)
    start = next(iter(inside))
    seen = {start}
    stack = [start]
    while stack:
        x = stack.pop()
        for y in nbrs[x]:
            y = int(y)
            if y in inside and y not in seen:
                seen.add(y)
                stack.append(y)
    return len(seen) == len(inside)


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


def check_overlaps(polygons: Sequence, block_ids: Sequence, layer_name: str, tolerance: float = 1.0) -> None:
    """A LifeCircleError naming the blocks that overlap by more than slivers (> max(tolerance m², 0.1 %))."""
    from .geometry import overlapping_pairs

    bad = []
    for i, j, a in overlapping_pairs(polygons, min_area=tolerance):
        if a > 1e-3 * min(polygons[i].area, polygons[j].area):
            bad.append((i, j, a))
    if bad:
        listed = "; ".join(f"{block_ids[i]} and {block_ids[j]} ({a:,.0f} m²)" for i, j, a in bad[:10])
        raise LifeCircleError(
            Msg("Layer '{}': blocks overlap, so their residents would count twice: {}{}. Fix the block polygons "
                "(e.g. with 'Remove overlaps' or by snapping) and run "
                "again.", layer_name, listed, ' …' if len(bad) > 10 else ''))
