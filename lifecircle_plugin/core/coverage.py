"""Facility coverage against the 十全/十美 checklist by walking distance (the planner's 体检).

For every resident point: the walking distance to the nearest facility of each category. For every unit:
the share of its residents within each category's threshold, which categories are met (share ≥ target),
what is missing, and the "1+N" check. For every facility: how many residents it serves.

One multi-source shortest-path run per category on one shared network — never one run per facility —
except for the per-facility "residents within reach" figure, which needs each facility's own reach set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Sequence

import numpy as np

from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed
from .network import WalkingNetwork
from .one_plus_n import OnePlusN, one_plus_n
from .phase_timer import phase
# the service areas live in their own module; importable from here as before
from .service_areas import ServiceAreaPieces, reachable_pieces, service_area_polygon  # noqa: F401
from .typed import number_of

#: score weights: a unit scores 7 points per 十全 category met and 3 per 十美 category met (0–100)
SCORE_MUST_HAVE = 7.0
SCORE_OPTIONAL = 3.0


def clean_population(values: Sequence[Any], ids: Sequence[Any], layer: str, field_name: str,
                     allow_all_zero: bool = False) -> np.ndarray:
    """Population values as floats, or a LifeCircleError naming every feature with a null, text or negative
    value (by feature id) — or with 0 everywhere, unless ``allow_all_zero`` (an age group may have nobody)."""
    out = _finite_non_negative(values)
    if out is None:  # some value is not a plain non-negative number: each one checked, every bad one named
        out = _checked_population(values, ids, layer, field_name)
    if len(out) and not out.sum() > 0 and not allow_all_zero:
        raise LifeCircleError(
            Msg("Layer '{}', population field '{}': all {:,} features have 0 population, so no share of residents "
                "can be computed. Is this the population field? (0 is allowed for some features, not for "
                "all.)", layer, field_name, len(out))
        )
    return out


def _finite_non_negative(values: Sequence[Any]) -> Optional[np.ndarray]:
    """The values as floats when every one is a plain int or float, finite and ≥ 0 (the usual column: one numpy
    call instead of a check per value); None otherwise."""
    if not set(map(type, values)) <= {int, float}:
        return None
    out = np.array(values, dtype=float).reshape(-1)
    return out if np.isfinite(out).all() and (out >= 0).all() else None


def _checked_population(values: Sequence[Any], ids: Sequence[Any], layer: str, field_name: str) -> np.ndarray:
    """Population values checked one by one: a LifeCircleError naming every null, text or negative value."""
    out = np.zeros(len(values))
    nulls, texts, negatives = [], [], []
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            nulls.append(ids[i])
            continue
        if isinstance(v, bool):
            texts.append(ids[i])
            continue
        try:
            x = number_of(v)
        except ValueError:
            texts.append(ids[i])
            continue
        if not np.isfinite(x):
            texts.append(ids[i])
        elif x < 0:
            negatives.append(ids[i])
        else:
            out[i] = x
    problems = []
    if nulls:
        problems.append(Msg("no value (NULL) in feature ids {}", listed(nulls)))
    if texts:
        problems.append(Msg("a value that is not a number in feature ids {}", listed(texts)))
    if negatives:
        problems.append(Msg("a negative value in feature ids {}", listed(negatives)))
    if problems:
        raise LifeCircleError(Msg("Layer '{}', population field '{}': {}. Fix these values (0 is allowed) and run "
                                  "again.", layer, field_name, Msg.join("; ", problems)))
    return out


def search_limit_for(search_limit: float, thresholds: Mapping[str, float]) -> tuple[float, Optional[str]]:
    """The distance a run searches up to: ``search_limit``, or the largest walking threshold when that is farther
    (a category could not be judged otherwise) — then also the category that needs it, for the log."""
    code = max(thresholds, key=lambda c: thresholds[c]) if thresholds else None
    if code is not None and thresholds[code] > float(search_limit):
        return thresholds[code], code
    return float(search_limit), None


@dataclass
class CoverageResult:
    codes: list  # categories in profile order
    names_zh: dict
    tiers: dict  # code -> "十全" / "十美"
    thresholds: dict  # code -> metres
    target: float
    search_limit: float
    # residents
    resident_distance: np.ndarray  # (n_residents, n_codes), inf beyond the search limit / unreachable
    resident_snapped: np.ndarray  # bool
    resident_access: np.ndarray
    resident_unit: np.ndarray  # unit index or -1
    resident_met_must: np.ndarray  # 十全 categories within threshold
    resident_met_optional: np.ndarray
    population: np.ndarray
    # units (one pseudo-unit for the whole area when no units were given)
    unit_population: np.ndarray
    unit_covered: np.ndarray  # (n_units, n_codes) covered residents the category serves
    unit_share: np.ndarray  # (n_units, n_codes) share of the residents it serves; nan where the unit has none
    unit_presence: np.ndarray  # (n_units, n_codes) facilities inside the unit
    unit_met: np.ndarray  # (n_units, n_codes) bool: share ≥ target
    unit_one_stop: np.ndarray  # bool: a centre with every one-stop function and the area floor (see OnePlusN)
    unit_small_points: np.ndarray  # int: the unit's N points, linked or not
    unit_residents: np.ndarray  # resident points in the unit
    # facilities
    facility_code: list
    facility_snapped: np.ndarray
    facility_access: np.ndarray
    facility_pop_within: np.ndarray  # residents within the category threshold of this facility (overlaps)
    facility_pop_nearest: np.ndarray  # residents for whom this is the nearest of its category, within threshold
    # optional
    service_areas: "ServiceAreaPieces" = field(default_factory=lambda: ServiceAreaPieces({}))  # made on demand
    diagnostics: dict = field(default_factory=dict)
    # population groups: code -> the groups a category was measured over (only where the residents carry them)
    serves: dict = field(default_factory=dict)
    weights: dict = field(default_factory=dict)  # code -> residents of each point the category serves
    unit_served: Optional[np.ndarray] = None  # (n_units, n_codes) residents each category serves; None: all
    unit_share_all: Optional[np.ndarray] = None  # (n_units, n_codes) share of all residents
    resident_xy: Optional[np.ndarray] = None  # (n_residents, 2) where the residents are (working CRS)
    resident_compound: Optional[np.ndarray] = None  # gated compound (part) each resident is inside, -1; None: no gates
    one_plus_n: Optional["OnePlusN"] = None  # the "1+N" check per unit and facility
    resident_threshold: Optional[np.ndarray] = None  # (n_residents, n_codes) threshold of each resident's unit
    unit_threshold: Optional[np.ndarray] = None  # (n_units, n_codes) walking thresholds of each unit's profile
    unit_target: Optional[np.ndarray] = None  # (n_units,) target share of each unit
    unit_profile: Optional[list] = None  # (n_units,) id of the profile each unit was judged by
    #: the per-facility searches of a run made with facility_reach=False (see :meth:`measure_facility_reach`)
    reach_later: Optional[Callable] = field(default=None, repr=False)

    def measure_facility_reach(self, done=None, check=None) -> np.ndarray:
        """``facility_pop_within``, searched now when the run left it for later (``facility_reach=False``): a writer
        can first write the residents' output and close it — GDAL builds its spatial index in the background —
        and search meanwhile. ``done(fraction)``, ``check()`` as in :func:`people_in_reach`."""
        if self.reach_later is not None:
            self.facility_pop_within = self.reach_later(done, check)
            self.reach_later = None
        return self.facility_pop_within

    def weight(self, code: str) -> np.ndarray:
        """Residents of each point that category ``code`` serves (its group's count, or the population)."""
        return self.weights.get(code, self.population)

    def group_basis(self) -> str:
        """Which categories were measured over a group, e.g. 'Q05:60+;Q06:0-3,3-6' ('' when none)."""
        from .groups import basis_text

        return basis_text(self.serves)

    # -- per-unit derived figures ----------------------------------------------------------------------------
    def _tier_mask(self, tier: str) -> np.ndarray:
        return np.array([self.tiers[c] == tier for c in self.codes], dtype=bool)

    @property
    def unit_met_must(self) -> np.ndarray:
        return self.unit_met[:, self._tier_mask("十全")].sum(axis=1)

    @property
    def unit_met_optional(self) -> np.ndarray:
        return self.unit_met[:, self._tier_mask("十美")].sum(axis=1)

    @property
    def unit_meets_target(self) -> np.ndarray:
        must = self._tier_mask("十全")
        return self.unit_met[:, must].all(axis=1) & (self.unit_population > 0)

    @property
    def unit_score(self) -> np.ndarray:
        return SCORE_MUST_HAVE * self.unit_met_must + SCORE_OPTIONAL * self.unit_met_optional

    def unit_missing(self, u: int, tier: str, separator: str = "、") -> str:
        names = [self.names_zh[c] for j, c in enumerate(self.codes) if self.tiers[c] == tier and not self.unit_met[u, j]]
        return separator.join(names)

    def missing_functions(self, u: int, separator: str = "、") -> str:
        """The one-stop functions unit ``u``'s centre lacks, e.g. 'Q05 为老服务、Q07 文化活动' ('' for none)."""
        if self.one_plus_n is None:
            return ""
        return separator.join(f"{c} {self.names_zh[c]}" for c in self.one_plus_n.missing[u])

    def resident_limit(self, j: int) -> np.ndarray:
        """The walking threshold of category ``j`` for each resident point: its unit's profile's (with profiles by
        unit type), else the run's."""
        if self.resident_threshold is not None:
            return np.asarray(self.resident_threshold[:, j], dtype=float)
        return np.full(len(self.resident_distance), float(self.thresholds[self.codes[j]]))

    def overall_share(self, everyone: bool = False) -> dict:
        """Share of the residents each category serves (in units or not) within its threshold; of all residents
        with ``everyone``."""
        out = {}
        for j, c in enumerate(self.codes):
            w = self.population if everyone else self.weight(c)
            total = w.sum()
            covered = w[self.resident_distance[:, j] <= self.resident_limit(j)].sum()
            out[c] = float(covered / total) if total > 0 else float("nan")
        return out


def facility_coverage(
    network: WalkingNetwork,
    profile,
    facility_xy: np.ndarray,
    facility_codes: Sequence[Optional[str]],
    resident_xy: np.ndarray,
    population: np.ndarray,
    *,
    unit_polygons: Optional[Sequence] = None,
    facility_area: Optional[np.ndarray] = None,
    facility_one_stop: Optional[np.ndarray] = None,
    facility_functions: Optional[Sequence[Any]] = None,
    centre_radius: float = 30.0,
    link_distance: Optional[float] = None,
    unit_profiles: Optional[Sequence[Any]] = None,
    snap_tolerance: float = 150.0,
    target: Optional[float] = None,
    search_limit: float = 3000.0,
    facility_reach: bool = True,
    service_areas: bool = False,
    require_facilities: bool = True,
    group_counts: Optional[Mapping[str, np.ndarray]] = None,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> CoverageResult:
    """Coverage of residents by each checklist category of ``profile`` along ``network``.

    ``facility_codes``: the checklist code of each facility (None for facilities of no category, kept in
    the output but not analysed). ``population``: cleaned weights of the resident points. ``unit_polygons``:
    optional life-circle units (without them the whole area is one unit). ``target``: share of residents
    (0–1) for a category to count as met in a unit; default the profile's target. Distances beyond
    ``search_limit`` metres are reported as unreachable (inf). ``group_counts``: residents of each point per
    population group (core/groups.py keys); a category whose profile row ``serves`` groups the points all carry
    is measured over them (its share, its facilities' figures), with the share of all residents kept beside.

    "1+N" (see :func:`one_plus_n`): ``facility_one_stop`` flags candidate centres, ``facility_functions`` the
    checklist codes each facility hosts (its functions field, parsed); facilities within ``centre_radius`` metres of
    a flagged one count as its functions; ``link_distance`` overrides the profiles' ``small_point_link_m``.
    ``unit_profiles``: the profile of each unit (same codes as ``profile``; e.g. another one for 乡村 units): its
    thresholds, target (unless ``target`` is given) and "1+N" rules judge that unit; ``profile`` judges the rest.
    """
    with phase("analysis/checks"):
        plan = _plan_run(profile, facility_codes, unit_profiles, target, search_limit, require_facilities)
    steps = Steps(progress, is_cancelled, [1, 1, 6, 3 if facility_reach else 0.01, 0.01, 1])
    m = measure(network, plan, profile, facility_xy, resident_xy, population, unit_polygons, unit_profiles,
                snap_tolerance, group_counts, facility_reach, steps, is_cancelled)
    steps.next()
    areas = service_area_makers(network, m.router, plan) if service_areas else ServiceAreaPieces({})
    steps.next()
    with phase("analysis/unit shares"):
        shares = unit_shares(plan, m.place, m.within, m.population, m.weights)
    with phase("analysis/1+N"):
        # "1+N": the unit's one-stop centre and its N small points, linked by a walk along the network
        ones = one_plus_n(m.router, m.place.profiles, m.facility_xy, plan.fcodes, m.place.facility_unit,
                          facility_area, facility_one_stop, facility_functions, centre_radius, link_distance,
                          search_limit=plan.limit)
    steps.done()
    return assemble_result(profile, plan, m, shares, ones, areas, unit_polygons)


@dataclass
class Measured:
    """The walking distances of a run and what they give per resident and per facility."""

    facility_xy: np.ndarray
    resident_xy: np.ndarray
    population: np.ndarray
    res_snap: Any
    fac_snap: Any
    router: Any
    place: "UnitPlacement"
    dist: np.ndarray  # (n_residents, n_codes)
    within: np.ndarray  # (n_residents, n_codes) bool: within the threshold of the resident's unit
    weights: dict
    serves: dict
    pop_within: np.ndarray
    pop_nearest: np.ndarray
    reach: Optional[Callable] = None  # searches pop_within when it was left for later (facility_reach=False)


def measure(network, plan: "RunPlan", profile, facility_xy, resident_xy, population, unit_polygons, unit_profiles,
            snap_tolerance, group_counts, facility_reach, steps: Steps, is_cancelled) -> Measured:
    """Snapping, units, the nearest facility of each category for every resident and the facilities' figures."""
    facility_xy = np.asarray(facility_xy, dtype=float).reshape(-1, 2)
    resident_xy = np.asarray(resident_xy, dtype=float).reshape(-1, 2)
    population = np.asarray(population, dtype=float)
    steps.next()
    with phase("analysis/snapping"):
        res_snap, fac_snap, router = snap_points(network, resident_xy, facility_xy, snap_tolerance)
    steps.next()
    with phase("analysis/units"):
        place = place_in_units(plan, profile, unit_polygons, unit_profiles, resident_xy, facility_xy)
    steps.next()
    with phase("analysis/nearest facility per category"):
        dist, nearest = nearest_per_category(router, plan, len(resident_xy), steps)
    within = dist <= place.resident_threshold
    steps.next()
    weights, serves = category_weights(profile, plan.codes, population, group_counts)
    pop_nearest = nearest_counts(plan, within, nearest, weights, population)

    def reach(done=None, check=None):
        with phase("analysis/per-facility reach"):
            return people_in_reach(router, plan, fac_snap, place, weights, population, done, check)

    pop_within = reach(steps.sub, steps.check) if facility_reach else np.full(len(plan.fcodes), np.nan)
    return Measured(facility_xy, resident_xy, population, res_snap, fac_snap, router, place, dist, within, weights,
                    serves, pop_within, pop_nearest, None if facility_reach else reach)


def assemble_result(profile, plan: "RunPlan", m: Measured, shares: "UnitShares", ones, areas,
                    unit_polygons) -> CoverageResult:
    """The run's CoverageResult from its phases' figures."""
    codes, place = plan.codes, m.place
    return CoverageResult(
        codes=codes, names_zh={c: profile.category(c).name_zh for c in codes},
        tiers={c: profile.category(c).tier for c in codes}, thresholds=plan.thresholds,
        target=float(profile.target_share if plan.target is None else plan.target), search_limit=plan.limit,
        resident_distance=m.dist, resident_snapped=m.res_snap.snapped, resident_access=m.res_snap.access,
        resident_unit=place.resident_unit, resident_met_must=m.within[:, plan.must].sum(axis=1),
        resident_met_optional=m.within[:, ~plan.must].sum(axis=1), population=m.population,
        unit_population=shares.population, unit_covered=shares.covered, unit_share=shares.share,
        unit_presence=shares.presence, unit_met=shares.met, unit_one_stop=ones.centre >= 0,
        unit_small_points=ones.n_linked + ones.n_unlinked, unit_residents=shares.residents,
        facility_code=plan.fcodes, facility_snapped=m.fac_snap.snapped, facility_access=m.fac_snap.access,
        facility_pop_within=m.pop_within, facility_pop_nearest=m.pop_nearest, reach_later=m.reach,
        service_areas=areas,
        diagnostics=run_diagnostics(plan, m.res_snap, m.fac_snap, place, unit_polygons, len(m.resident_xy)),
        serves=m.serves, weights=m.weights, unit_served=shares.served if m.weights else None,
        unit_share_all=shares.share_all, resident_xy=m.resident_xy, resident_compound=m.res_snap.compound,
        one_plus_n=ones, resident_threshold=place.resident_threshold, unit_threshold=place.unit_threshold,
        unit_target=place.unit_target, unit_profile=[p.id for p in place.profiles] if hasattr(profile, "id") else None,
    )


@dataclass
class RunPlan:
    """What a coverage run measures: the categories, their thresholds, the search limit, each facility's code."""

    codes: list
    thresholds: dict  # code -> metres (the run's profile)
    farthest: dict  # code -> the largest threshold over the unit profiles
    limit: float  # the search limit
    fcodes: list  # each facility's code, None when it is none of the profile's
    fcode_arr: np.ndarray  # the same as an array ("" for None)
    counts: Counter  # facilities by code
    must: np.ndarray  # (n_codes,) bool: 十全
    target: Optional[float]  # TARGET, None: each profile's own

    def category_mask(self, code: str) -> np.ndarray:
        return self.fcode_arr == code

    @property
    def analysed(self) -> np.ndarray:
        """Per facility: whether it is of one of the profile's categories."""
        return self.fcode_arr != ""


def _plan_run(profile, facility_codes, unit_profiles, target, search_limit, require_facilities) -> RunPlan:
    """Checks the run's settings (target, side-by-side profiles, facilities of some category) and plans it."""
    codes = list(profile.codes)
    if target is not None and not 0 < float(target) <= 1:
        raise LifeCircleError(Msg("TARGET must be a share between 0 and 100 % (got {:g} %).", float(target) * 100))
    thresholds = {c: float(profile.category(c).threshold_m) for c in codes}
    for other in unit_profiles or ():
        if list(other.codes) != codes:
            raise LifeCircleError(Msg("Profile '{}' has other categories than profile '{}' ({} / {}): profiles judged "
                                      "side by side need the same codes.", other.id, profile.id,
                                      ", ".join(other.codes), ", ".join(codes)))
    farthest = {c: max([thresholds[c]] + [float(p.category(c).threshold_m) for p in unit_profiles or ()])
                for c in codes}
    limit, _ = search_limit_for(search_limit, farthest)
    fcodes = [c if c in thresholds else None for c in facility_codes]
    counts = Counter(c for c in fcodes if c)
    if not counts and require_facilities:
        raise LifeCircleError(
            "No facility belongs to a checklist category: check the category field and the mapping table (the log "
            "lists the values that did not map)."
        )
    return RunPlan(codes=codes, thresholds=thresholds, farthest=farthest, limit=limit, fcodes=fcodes,
                   fcode_arr=np.array([c or "" for c in fcodes], dtype=object), counts=counts,
                   must=np.array([profile.category(c).tier == "十全" for c in codes]), target=target)


def snap_points(network: WalkingNetwork, resident_xy, facility_xy, snap_tolerance: float):
    """(residents' snap, facilities' snap, router over both); no resident on the network is an error."""
    res_snap = network.snap(resident_xy, snap_tolerance)
    fac_snap = network.snap(facility_xy, snap_tolerance)
    if not res_snap.snapped.any():
        raise LifeCircleError(
            Msg("No resident point lies within SNAP_TOLERANCE ({:g} m) of the walking network: are the residents and "
                "the network in the same place (and CRS)?", snap_tolerance)
        )
    return res_snap, fac_snap, network.router({"res": res_snap, "fac": fac_snap})


@dataclass
class UnitPlacement:
    """Which unit each resident and facility is in, and the profile, thresholds and target of each unit."""

    resident_unit: np.ndarray  # unit index or -1
    facility_unit: np.ndarray
    n_units: int
    profiles: list  # the profile of each unit
    unit_threshold: np.ndarray  # (n_units, n_codes)
    unit_target: np.ndarray  # (n_units,)
    resident_threshold: np.ndarray  # (n_residents, n_codes): each resident's unit's thresholds


def place_in_units(plan: RunPlan, profile, unit_polygons, unit_profiles, resident_xy, facility_xy) -> UnitPlacement:
    """Residents and facilities in their units (one unit for the whole area without polygons) and each unit's
    thresholds and target (its type's profile with ``unit_profiles``); ``plan``'s target, when set, for all."""
    if unit_polygons is not None and len(unit_polygons):
        from .geometry import points_in_polygons

        resident_unit = points_in_polygons(resident_xy, unit_polygons)
        facility_unit = points_in_polygons(facility_xy, unit_polygons)
        n_units = len(unit_polygons)
    else:
        resident_unit = np.where(np.isfinite(resident_xy).all(axis=1), 0, -1)
        facility_unit = np.where(np.isfinite(facility_xy).all(axis=1), 0, -1)
        n_units = 1
    by_unit = unit_profiles is not None and unit_polygons is not None and len(unit_polygons) > 0
    profiles = list(unit_profiles) if by_unit else [profile] * n_units
    if len(profiles) != n_units:
        raise LifeCircleError(Msg("{} unit profiles for {} units.", len(profiles), n_units))
    codes = plan.codes
    unit_thr = np.array([[float(p.category(c).threshold_m) for c in codes] for p in profiles]).reshape(n_units, -1)
    unit_target = np.array([float(p.target_share if plan.target is None else plan.target) for p in profiles])
    thr_main = np.array([plan.thresholds[c] for c in codes])
    res_thr = np.where((resident_unit >= 0)[:, None], unit_thr[np.maximum(resident_unit, 0)], thr_main[None, :])
    return UnitPlacement(resident_unit, facility_unit, n_units, profiles, unit_thr, unit_target, res_thr)


def nearest_per_category(router, plan: RunPlan, n_residents: int, steps: Steps) -> tuple:
    """(distance, nearest facility) of each resident for each category: one multi-source run per category."""
    from .threads import in_threads

    n_codes = len(plan.codes)
    dist = np.full((n_residents, n_codes), np.inf)
    nearest = np.full((n_residents, n_codes), -1, dtype=np.int64)

    def search(c):
        mask = plan.category_mask(c)
        if not mask.any():
            return None
        return router.nearest_distance("fac", "res", limit=plan.limit, source_mask=mask, return_source=True)

    found = in_threads(plan.codes, search, done=lambda k: steps.sub(k / n_codes), check=steps.check)
    for j, result in enumerate(found):
        if result is not None:
            dist[:, j], nearest[:, j] = result
    return dist, nearest


def nearest_counts(plan: RunPlan, within, nearest, weights: dict, population) -> np.ndarray:
    """Per facility: the residents it is the nearest of its category for, within the threshold; NaN for facilities
    of no category."""
    pop_nearest = np.full(len(plan.fcodes), np.nan)
    pop_nearest[plan.analysed] = 0.0
    for j, c in enumerate(plan.codes):
        sel = within[:, j] & (nearest[:, j] >= 0)
        np.add.at(pop_nearest, nearest[sel, j], weights.get(c, population)[sel])
    return pop_nearest


def people_in_reach(router, plan: RunPlan, fac_snap, place: UnitPlacement, weights: dict, population,
                   done: Optional[Callable[[float], None]] = None,
                   check: Optional[Callable[[], None]] = None) -> np.ndarray:
    """Per facility: the residents (its category serves) within its category's threshold of the resident's unit,
    each once however many facilities reach them; 0 for a facility not on the network, NaN for facilities of no
    category. ``done(fraction)`` and ``check()`` (raising on a cancel) as the tiles are searched."""
    from .reach_totals import reach_totals

    # each facility's category (its column), how far that category's searches go, and per resident the
    # threshold of its unit and the people the category serves
    column = {c: j for j, c in enumerate(plan.codes)}
    group = np.array([column.get(c, -1) for c in plan.fcodes], dtype=np.int64)
    limits = np.array([plan.farthest[c] for c in plan.codes], dtype=float)
    served = np.column_stack([weights.get(c, population) for c in plan.codes])
    pop_within = reach_totals(router, "fac", "res", group, limits, place.resident_threshold, served, done=done,
                              check=check)
    pop_within[group < 0] = np.nan
    pop_within[plan.analysed & ~fac_snap.snapped] = 0.0
    return pop_within


def service_area_makers(network, router, plan: RunPlan) -> ServiceAreaPieces:
    """The service areas (reachable network pieces per category), each made when asked for, one category at a
    time: all 20 at once are millions of shapely lines for a district (gigabytes, and seconds to free that no
    cancel check can break)."""
    makers = {}
    for c in plan.codes:
        mask = plan.category_mask(c)
        if mask.any():
            makers[c] = (lambda check, m=mask, t=plan.thresholds[c]:
                         reachable_pieces(network, router, "fac", m, t, check=check))
    return ServiceAreaPieces(makers)


@dataclass
class UnitShares:
    """Per unit and category: the residents covered, served and their share; facilities inside; met or not."""

    population: np.ndarray  # (n_units,)
    residents: np.ndarray  # (n_units,) resident points
    covered: np.ndarray  # (n_units, n_codes) covered residents the category serves
    served: np.ndarray  # (n_units, n_codes) residents the category serves
    share: np.ndarray
    share_all: np.ndarray  # of all residents
    presence: np.ndarray
    met: np.ndarray


def unit_shares(plan: RunPlan, place: UnitPlacement, within, population, weights: dict) -> UnitShares:
    """The shares of each unit: a category is met when the share of the residents it serves within reach reaches
    the unit's target (or when the unit has residents but none of the category's group)."""
    n_units, n_codes = place.n_units, len(plan.codes)
    resident_unit, in_unit = place.resident_unit, place.resident_unit >= 0
    unit_pop = np.bincount(resident_unit[in_unit], weights=population[in_unit], minlength=n_units)
    unit_res = np.bincount(resident_unit[in_unit], minlength=n_units)
    covered = np.zeros((n_units, n_codes))
    covered_all = np.zeros((n_units, n_codes))
    served = np.repeat(unit_pop[:, None], n_codes, axis=1)
    presence = np.zeros((n_units, n_codes), dtype=np.int64)
    f_in = place.facility_unit >= 0
    for j, c in enumerate(plan.codes):
        w = within[:, j] & in_unit
        covered_all[:, j] = np.bincount(resident_unit[w], weights=population[w], minlength=n_units)
        if c in weights:
            covered[:, j] = np.bincount(resident_unit[w], weights=weights[c][w], minlength=n_units)
            served[:, j] = np.bincount(resident_unit[in_unit], weights=weights[c][in_unit], minlength=n_units)
        else:
            covered[:, j] = covered_all[:, j]
        fm = f_in & plan.category_mask(c)
        presence[:, j] = np.bincount(place.facility_unit[fm], minlength=n_units)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(served > 0, covered / served, np.nan)
        share_all = np.where(unit_pop[:, None] > 0, covered_all / unit_pop[:, None], np.nan)
    met = np.nan_to_num(share, nan=0.0) >= place.unit_target[:, None] - 1e-12
    # a unit with residents but none of a category's group has nobody for it to reach: met (its share stays empty)
    met |= (served <= 0) & (unit_pop[:, None] > 0)
    return UnitShares(unit_pop, unit_res, covered, served, share, share_all, presence, met)


def run_diagnostics(plan: RunPlan, res_snap, fac_snap, place: UnitPlacement, unit_polygons, n_residents: int) -> dict:
    """What the log reports: points beyond the snap tolerance, facilities by code, residents outside units."""
    in_unit = place.resident_unit >= 0
    return {
        "residents": n_residents,
        "residents_beyond_snap": res_snap.beyond.tolist(),
        "facilities": len(plan.fcodes),
        "facilities_beyond_snap": fac_snap.beyond.tolist(),
        "facilities_by_code": dict(plan.counts),
        "residents_outside_units": np.flatnonzero(~in_unit & res_snap.snapped).tolist()
        if unit_polygons is not None else [],
        "categories_without_facilities": [c for c in plan.codes if plan.counts.get(c, 0) == 0],
    }


def category_weights(profile, codes, population, group_counts) -> tuple[dict, dict]:
    """({code: residents of each point it serves}, {code: its groups}) for the categories whose groups the
    residents carry; the others serve everyone (absent from both)."""
    from .groups import served_weights, serves_of

    weights, serves = {}, {}
    for c in codes:
        groups = serves_of(profile, c)
        w = served_weights(population, group_counts or {}, groups)
        if w is not None:
            weights[c], serves[c] = w, groups
    return weights, serves


def groups_not_carried(profile, codes, group_counts) -> dict:
    """{code: groups} of categories that serve groups the residents do not carry (measured over everyone)."""
    from .groups import serves_of

    out = {}
    for c in codes:
        groups = serves_of(profile, c)
        if groups and any(k not in (group_counts or {}) for k in groups):
            out[c] = groups
    return out
