"""Census to buildings: resident points from population per 居委/小区 polygon and building footprints.

Planners get population per census polygon (七普 census, 街道 statistics), sometimes by age group, and building
footprints with floors or height. Every census polygon's population — and each group's count — is shared among
the residential buildings inside it in proportion to their floor area (footprint × floors; or footprint alone, or
one share per building), in whole residents, so that the polygon's total is kept exactly (largest-remainder
rounding, the Hamilton method). A building across two polygons is cut by them and each piece takes its share of
its own polygon. Groups are shared the same way, never giving a building more residents of a group than residents.
A polygon with no residential building keeps its population on a point on its surface (flagged; a polygon of no
residents and no building is only listed); a building in no polygon is listed and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed

METHODS = ("floor_area", "footprint", "count")
from .people_defaults import DEFAULT_STOREY_M  # noqa: F401 (the default of floors_from, and for the adapters)
#: a building counts as split between polygons when its second-largest piece holds at least this share of it
SPLIT_SHARE = 0.01


@dataclass
class DistributedPopulation:
    """One resident point per residential building inside the census polygons (+ one per empty polygon)."""

    xy: np.ndarray  # (n, 2) the point: the building's centroid when inside it, else a point on its surface
    building: np.ndarray  # building index, -1 for a polygon's own point (no residential building in it)
    census: np.ndarray  # census polygon index (the one holding the largest piece of the building)
    population: np.ndarray  # int
    groups: dict  # group key -> int array
    basis: np.ndarray  # the building's floor area / footprint / 1 inside the census polygons
    split: np.ndarray  # bool: the building lies across census polygons
    census_without_buildings: list = field(default_factory=list)  # census indexes (their point is flagged)
    buildings_outside: list = field(default_factory=list)  # building indexes in no census polygon
    census_rounded: list = field(default_factory=list)  # census indexes whose total was not a whole number
    repaired: list = field(default_factory=list)  # building indexes with an invalid polygon that was repaired
    without_polygon: list = field(default_factory=list)  # residential building indexes with no polygon (left out)


def largest_remainder(total: int, weights: np.ndarray, caps: Optional[np.ndarray] = None) -> np.ndarray:
    """``total`` whole units shared in proportion to ``weights`` (Hamilton): each gets the whole part of its quota,
    the units left go to the largest remainders (ties: the lower index). With ``caps`` no share exceeds its cap
    (their sum must reach ``total``)."""
    w = np.asarray(weights, dtype=float)
    total = int(total)
    if total <= 0 or not len(w):
        return np.zeros(len(w), dtype=np.int64)
    if not w.sum() > 0:
        raise ValueError("weights sum to zero")
    quota = total * w / w.sum()
    out = np.floor(quota + 1e-9).astype(np.int64)
    limit = None if caps is None else np.asarray(caps, dtype=np.int64)
    if limit is not None:
        if limit.sum() < total:
            raise ValueError("caps sum to less than the total")
        out = np.minimum(out, limit)
    left = total - int(out.sum())
    while left > 0:
        room = np.ones(len(w), bool) if limit is None else out < limit
        cand = np.flatnonzero(room)
        order = cand[np.lexsort((cand, -(quota[cand] - out[cand])))]
        take = order[:left]
        out[take] += 1
        left -= len(take)
    return out


def floors_from(floors: Sequence, heights: Sequence, storey_m: float = DEFAULT_STOREY_M) -> tuple[np.ndarray, list]:
    """Floors per building from a floors value, else a height (÷ storey height, at least one); buildings with
    neither (empty, 0, text) count as one storey and are returned to be listed."""
    n = max(len(floors) if floors is not None else 0, len(heights) if heights is not None else 0)
    out = np.ones(n)
    assumed = []
    for i in range(n):
        f = _positive(floors[i]) if floors is not None else None
        if f is None and heights is not None:
            h = _positive(heights[i])
            f = max(1.0, round(h / storey_m)) if h is not None else None
        if f is None:
            assumed.append(i)
        else:
            out[i] = f
    return out, assumed


def residential_by_use(uses: Sequence, residential_values: str) -> tuple[np.ndarray, list]:
    """(which buildings are homes, the other uses found) from each building's use as written and the residential
    values typed as a list ('住宅, 居住, R'): a use counts when it is one of them, whatever its width, case or
    spacing (typed.word_key); the other uses are the distinct non-empty ones, sorted."""
    from .typed import split_list, word_key

    words = {word_key(w) for w in split_list(residential_values)}
    homes = np.array([word_key(v) in words for v in uses], bool)
    others = sorted({str(v) for v, h in zip(uses, homes) if not h and v not in (None, "")})
    return homes, others


def distribute_population(
    census_polygons: Sequence,
    census_population: np.ndarray,
    buildings: Sequence,
    *,
    census_groups: Optional[Mapping[str, np.ndarray]] = None,
    floors: Optional[np.ndarray] = None,
    residential: Optional[np.ndarray] = None,
    method: str = "floor_area",
    census_ids: Optional[Sequence] = None,
    census_layer: str = "census",
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> DistributedPopulation:
    """Resident points with whole-number population (and group counts) from census polygons and buildings.

    ``census_population`` and each array of ``census_groups`` hold cleaned non-negative counts per polygon (a
    total that is not whole is rounded, and listed). ``floors``: storeys per building (floor-area method; see
    :func:`floors_from`). ``residential``: which buildings house residents (default all).
    """
    if method not in METHODS:
        raise LifeCircleError(Msg("Unknown method {!r}; use one of {}.", method, ", ".join(METHODS)))
    ids = list(census_ids) if census_ids is not None else list(range(len(census_polygons)))
    groups = {k: np.asarray(v, dtype=float) for k, v in (census_groups or {}).items()}
    steps = Steps(progress, is_cancelled, [1, 4, 1])
    steps.next()
    totals, rounded = _whole_counts(np.asarray(census_population, dtype=float))
    group_totals = {k: _whole_counts(v)[0] for k, v in groups.items()}
    _check_groups_within(totals, group_totals, ids, census_layer)
    _check_overlaps(census_polygons, ids, census_layer)
    homes = np.ones(len(buildings), bool) if residential is None else np.asarray(residential, bool)
    shapes, repaired = _usable(buildings, homes)
    without_polygon = [i for i, g in enumerate(shapes) if g is None and homes[i]]
    basis = _basis(shapes, floors, method)

    steps.next()
    piece_census, piece_building, piece_share = _pieces(census_polygons, shapes, steps)
    piece_weight = piece_share * basis[piece_building]

    steps.next()
    pop_piece = np.zeros(len(piece_census), dtype=np.int64)
    group_piece = {k: np.zeros(len(piece_census), dtype=np.int64) for k in groups}
    empty = []
    for k in range(len(census_polygons)):
        sel = np.flatnonzero(piece_census == k)
        w = piece_weight[sel]
        if not len(sel) or not w.sum() > 0:
            empty.append(k)
            continue
        pop_piece[sel] = largest_remainder(totals[k], w)
        shares = _share_groups({g: group_totals[g][k] for g in groups}, w, pop_piece[sel])
        for g, share in shares.items():
            group_piece[g][sel] = share
    steps.done()
    result = _assemble(census_polygons, shapes, basis, piece_census, piece_building, piece_share, pop_piece,
                       group_piece, totals, group_totals, empty, rounded, repaired)
    result.without_polygon = without_polygon
    return result


# ------------------------------------------------------------------------------------------------------------
def _positive(value) -> Optional[float]:
    from .typed import count_of

    if value is None or isinstance(value, bool):
        return None
    try:
        x = count_of(value)
    except ValueError:
        return None
    return x if np.isfinite(x) and x > 0 else None


def _whole_counts(values: np.ndarray) -> tuple[np.ndarray, list]:
    whole = np.rint(values).astype(np.int64)
    return whole, np.flatnonzero(np.abs(values - whole) > 1e-9).tolist()


def _share_groups(totals: Mapping[str, int], weights: np.ndarray, residents: np.ndarray) -> dict:
    """Each group's total shared over the pieces like the residents, never more than fit: the age bands do not
    overlap, so each takes from the residents the younger bands left; 80+ are among the 60+ (or the residents)."""
    room = residents.copy()
    out = {}
    for g in _in_order(totals):
        if g == "80+":
            out[g] = largest_remainder(totals[g], weights, caps=out.get("60+", residents))
        else:
            out[g] = largest_remainder(totals[g], weights, caps=room)
            room = room - out[g]
    return out


def _in_order(groups) -> list:
    """The age bands youngest first, 80+ last (after the 60+ it is part of)."""
    from .groups import GROUPS

    order = [g.key for g in GROUPS]
    return sorted(groups, key=lambda k: order.index(k) if k in order else len(order))


def _check_groups_within(totals, group_totals, ids, layer) -> None:
    bands = [k for k in group_totals if k != "80+"]
    if len(bands) > 1:
        together = sum(group_totals[k] for k in bands)
        over = np.flatnonzero(together > totals)
        if len(over):
            raise LifeCircleError(Msg(
                "Layer '{}': the age groups {} together are more than the population in {} feature(s) ({}). They "
                "are separate age bands of the population: check the fields chosen and the values.", layer,
                ", ".join(bands), len(over), listed(f"{ids[i]} ({together[i]} > {totals[i]})" for i in over)))
    if "80+" in group_totals and "60+" in group_totals:
        over = np.flatnonzero(group_totals["80+"] > group_totals["60+"])
        if len(over):
            raise LifeCircleError(Msg("Layer '{}': more residents aged 80+ than 60+ in {} feature(s) ({}).", layer,
                                      len(over), listed(f"{ids[i]} ({group_totals['80+'][i]} > "
                                                         f"{group_totals['60+'][i]})" for i in over)))
    for key, counts in group_totals.items():
        over = np.flatnonzero(counts > totals)
        if len(over):
            from .groups import group

            raise LifeCircleError(Msg(
                "Layer '{}': the {} count is larger than the population in {} feature(s) ({}). A group is part of "
                "the population: check the fields chosen and the values.", layer, group(key).name_en, len(over),
                listed(f"{ids[i]} ({counts[i]} > {totals[i]})" for i in over)))


def _check_overlaps(polygons, ids, layer) -> None:
    from .geometry import overlapping_pairs

    pairs = overlapping_pairs(polygons, min_area=1.0)
    if pairs:
        shown = "; ".join(f"{ids[i]} / {ids[j]} ({a:,.0f} m²)" for i, j, a in pairs[:10])
        raise LifeCircleError(Msg("Layer '{}': census polygons overlap, so their residents would be counted twice: "
                                  "{}. Fix the polygons and run again.", layer, shown))


def _usable(buildings: Sequence, homes: np.ndarray) -> tuple[list, list]:
    """Residential building polygons (None for the others), invalid ones repaired."""
    shapes, repaired = [], []
    for i, g in enumerate(buildings):
        if not homes[i] or g is None or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
            shapes.append(None)
            continue
        if not g.is_valid:
            g = _repaired(g)
            repaired.append(i)
        shapes.append(g if not g.is_empty and g.area > 0 else None)
    return shapes, repaired


def _repaired(geom):
    """An invalid polygon made valid keeping all of its area (a bow-tie becomes its two triangles; buffer(0) would
    keep one)."""
    from shapely.geometry import MultiPolygon
    from shapely.validation import make_valid

    fixed = make_valid(geom)
    if fixed.geom_type in ("Polygon", "MultiPolygon"):
        return fixed
    parts = [p for p in getattr(fixed, "geoms", []) if p.geom_type in ("Polygon", "MultiPolygon")]
    polys = [q for p in parts for q in (p.geoms if p.geom_type == "MultiPolygon" else [p])]
    return MultiPolygon(polys) if polys else fixed


def _basis(shapes: list, floors: Optional[np.ndarray], method: str) -> np.ndarray:
    out = np.zeros(len(shapes))
    for i, g in enumerate(shapes):
        if g is None:
            continue
        if method == "count":
            out[i] = 1.0
        else:
            out[i] = g.area * (float(floors[i]) if method == "floor_area" and floors is not None else 1.0)
    return out


def _pieces(census_polygons, shapes, steps) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(census, building, share of the building's area) for every building piece inside a census polygon."""
    from shapely.prepared import prep

    from .geometry import _bounds

    live = np.array([g is not None for g in shapes], bool)
    b = _bounds(shapes)
    pc, pb, ps = [], [], []
    n = max(1, len(census_polygons))
    for k, poly in enumerate(census_polygons):
        steps.sub(k / n)
        if poly is None or poly.is_empty:
            continue
        x0, y0, x1, y1 = poly.bounds
        cand = np.flatnonzero(live & (b[:, 0] <= x1) & (b[:, 2] >= x0) & (b[:, 1] <= y1) & (b[:, 3] >= y0))
        inside = prep(poly)
        for i in cand.tolist():
            g = shapes[i]
            if inside.contains(g):
                share = 1.0
            elif inside.intersects(g):
                share = g.intersection(poly).area / g.area
            else:
                continue
            if share > 0:
                pc.append(k)
                pb.append(i)
                ps.append(min(1.0, share))
    return np.array(pc, dtype=np.int64), np.array(pb, dtype=np.int64), np.array(ps, dtype=float)


def _assemble(census_polygons, shapes, basis, piece_census, piece_building, piece_share, pop_piece, group_piece,
              totals, group_totals, empty, rounded, repaired) -> DistributedPopulation:
    housed = np.unique(piece_building)
    n_b = len(housed)
    pos = {int(b): i for i, b in enumerate(housed.tolist())}
    row = np.array([pos[int(b)] for b in piece_building.tolist()], dtype=np.int64)
    pop = np.bincount(row, weights=pop_piece, minlength=n_b).astype(np.int64)
    grp = {g: np.bincount(row, weights=v, minlength=n_b).astype(np.int64) for g, v in group_piece.items()}
    main = np.full(n_b, -1, dtype=np.int64)
    best = np.full(n_b, -1.0)
    second = np.zeros(n_b)
    inside_share = np.bincount(row, weights=piece_share, minlength=n_b)
    for r, k, s in zip(row.tolist(), piece_census.tolist(), piece_share.tolist()):
        if s > best[r]:
            second[r] = max(second[r], best[r])
            best[r], main[r] = s, k
        else:
            second[r] = max(second[r], s)
    xy = np.array([_point_of(shapes[b]) for b in housed.tolist()], dtype=float).reshape(-1, 2)
    outside = [i for i, g in enumerate(shapes) if g is not None and i not in pos]
    # polygons without residential buildings keep their residents on a point of their own
    alone = [k for k in empty if totals[k] > 0]
    extra_xy = np.array([_point_of(census_polygons[k]) for k in alone], dtype=float).reshape(-1, 2)
    return DistributedPopulation(
        xy=np.vstack([xy, extra_xy]),
        building=np.concatenate([housed, -np.ones(len(alone), dtype=np.int64)]),
        census=np.concatenate([main, np.array(alone, dtype=np.int64)]),
        population=np.concatenate([pop, totals[alone]]),
        groups={g: np.concatenate([grp[g], group_totals[g][alone]]) for g in grp},
        basis=np.concatenate([basis[housed] * inside_share, np.zeros(len(alone))]),
        split=np.concatenate([second >= SPLIT_SHARE, np.zeros(len(alone), bool)]),
        census_without_buildings=[int(k) for k in empty],
        buildings_outside=outside,
        census_rounded=rounded,
        repaired=repaired,
    )


def _point_of(geom) -> tuple[float, float]:
    """The centroid when it lies inside the shape (a building's middle), else a point on its surface."""
    c = geom.centroid
    if geom.contains(c):
        return (c.x, c.y)
    p = geom.representative_point()
    return (p.x, p.y)
