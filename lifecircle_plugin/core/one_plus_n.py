"""The "1+N" layout of a life-circle unit (Shanghai's 2024 action plan: one 一站式综合服务中心 and N small points
"通过慢行网络串联"): whether a flagged facility is the unit's one-stop centre — it hosts every one-stop function of
the unit's profile and has its floor area — of which centre type (the profile's ``<id>.centres.csv`` rules), and
which of the unit's small points are linked to it by a walk along the network. Rules and their sources:
resources/standards/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

#: a facility's one-stop flag: its own yes word, beside the common ones (typed.YES_WORDS: 1, true, yes, 是, ✓ …)
ONE_STOP_WORDS = frozenset({"一站式"})
#: facilities within this many metres (straight line) of a flagged centre count as its functions (same building)
CENTRE_RADIUS_M = 30.0
#: roles of facilities in the "1+N" check (the facilities output's ``role``)
CENTRE, CENTRE_PART, CANDIDATE, N_LINKED, N_UNLINKED = ("centre", "centre part", "centre candidate", "N linked",
                                                        "N unlinked")


@dataclass
class OnePlusN:
    """The "1+N" check: per unit its one-stop centre (or none) and N small points; per facility its role."""

    centre: np.ndarray  # (n_units,) facility index of the unit's centre, -1: none meets the rules
    candidate: np.ndarray  # (n_units,) the flagged facility judged (the centre, or the closest to one), -1: none
    centre_type: list  # (n_units,) e.g. "理想型", "" without a centre or a matching type
    missing: list  # (n_units,) one-stop functions the judged candidate lacks (all of them without a candidate)
    area_short: np.ndarray  # (n_units,) bool: the judged candidate is below the area floor
    n_linked: np.ndarray  # (n_units,) N points within the link distance of the centre
    n_unlinked: np.ndarray
    hosted: dict  # candidate facility index -> the codes it hosts
    role: list  # (n_facilities,) CENTRE / CENTRE_PART / CANDIDATE (flagged, rules not met) / N_LINKED / N_UNLINKED / ""
    link_m: np.ndarray  # (n_facilities,) walk from an N point to its unit's centre (inf: beyond or no centre)


def one_plus_n(router, profiles, facility_xy, fcodes, facility_unit, area=None, flagged=None, functions=None,
               centre_radius: float = CENTRE_RADIUS_M, link_distance: Optional[float] = None,
               search_limit: float = 0.0) -> OnePlusN:
    """The "1+N" layout of each unit, judged by its profile (``profiles[u]``).

    The centre: a flagged facility (``flagged``) in the unit that hosts every one-stop function of the profile —
    its own category, the codes of its ``functions`` entry, and the categories of facilities within
    ``centre_radius`` m of it — and has at least ``one_stop_min_area_m2`` (an unknown area is not held against it).
    Of several, the one of the first centre type, then the largest. Its type: the profile's first centre rule it
    meets. N points: the unit's other categorised facilities of ``small_point_min_m2``–``small_point_max_m2``
    (or of unknown area) that are not part of a flagged facility; linked when the walk along the network from the
    centre is at most ``link_distance`` (default: the profile's ``small_point_link_m``); the walk itself is kept up
    to ``search_limit`` (``link_m``; inf beyond).
    """
    n_fac, n_units = len(fcodes), len(profiles)
    area = np.full(n_fac, np.nan) if area is None else np.asarray(area, dtype=float)
    flagged = np.zeros(n_fac, bool) if flagged is None else np.asarray(flagged, bool)
    candidates = np.flatnonzero(flagged & (facility_unit >= 0))
    parts = _facilities_near(facility_xy, candidates, centre_radius)
    hosted = {}
    for i in candidates.tolist():
        own = set(functions[i]) if functions is not None and functions[i] else set()
        hosted[i] = own | {fcodes[k] for k in parts[i] | {i} if fcodes[k]}
    out = OnePlusN(centre=np.full(n_units, -1), candidate=np.full(n_units, -1), centre_type=[""] * n_units,
                   missing=[()] * n_units, area_short=np.zeros(n_units, bool), n_linked=np.zeros(n_units, int),
                   n_unlinked=np.zeros(n_units, int), hosted=hosted, role=[""] * n_fac, link_m=np.full(n_fac, np.inf))
    for u, p in enumerate(profiles):
        _judge_centre(out, u, p, [i for i in candidates.tolist() if facility_unit[i] == u], area)
    in_centre = set(candidates.tolist()).union(*[parts[i] for i in candidates.tolist()]) if len(candidates) else set()
    for i in candidates.tolist():
        out.role[i] = CANDIDATE
    for i in out.centre[out.centre >= 0].tolist():
        for k in parts[i]:
            out.role[k] = CENTRE_PART
        out.role[i] = CENTRE
    _link_small_points(out, router, profiles, fcodes, facility_unit, area, in_centre, link_distance, search_limit)
    return out


def _facilities_near(xy: np.ndarray, candidates: np.ndarray, radius: float) -> dict:
    """{candidate: the other facilities within ``radius`` m of it (straight line)}."""
    ok = np.isfinite(xy).all(axis=1)
    out = {}
    for i in candidates.tolist():
        if not ok[i]:
            out[i] = set()
            continue
        d = np.hypot(xy[:, 0] - xy[i, 0], xy[:, 1] - xy[i, 1])
        out[i] = set(np.flatnonzero(ok & (d <= radius)).tolist()) - {i}
    return out


def _judge_centre(out: OnePlusN, u: int, profile, candidates: list, area: np.ndarray) -> None:
    required = _one_stop_codes(profile)
    floor = float(getattr(profile, "one_stop_min_area_m2", 800.0))
    if not candidates:
        out.missing[u] = required
        return

    def rank(i):  # what decides which candidate is the unit's centre (or is reported)
        missing = [c for c in required if c not in out.hosted[i]]
        short = bool(area[i] < floor)  # (NaN: unknown, not short)
        centre_type = None if missing or short else _centre_type(profile, out.hosted[i], area[i])
        type_rank = _type_rank(profile, centre_type)
        return (len(missing) + short, type_rank, -np.nan_to_num(area[i], nan=0.0), i), missing, short, centre_type

    (key, missing, short, centre_type) = min((rank(i) for i in candidates), key=lambda r: r[0])
    best = key[-1]
    out.candidate[u], out.missing[u], out.area_short[u] = best, tuple(missing), short
    if not missing and not short:
        out.centre[u] = best
        out.centre_type[u] = centre_type.type_zh if centre_type is not None else ""


def _one_stop_codes(profile) -> tuple:
    return tuple(getattr(profile, "one_stop_codes", ()))  # (a profile without the column: any flagged facility)


def _centre_type(profile, hosted, area):
    finder = getattr(profile, "centre_type", None)
    return finder(hosted, area) if finder is not None else None


def _type_rank(profile, centre_type) -> int:
    types = list(getattr(profile, "centre_types", ()))
    return types.index(centre_type) if centre_type in types else len(types)


def _link_small_points(out: OnePlusN, router, profiles, fcodes, facility_unit, area, in_centre, link_distance,
                       search_limit):
    """N points of each unit and their walk from its centre (one multi-source run from all centres, kept per unit
    — an N point counts only for its own unit's centre)."""
    limits = np.array([float(link_distance if link_distance is not None else
                             getattr(p, "small_point_link_m", 1000.0)) for p in profiles])
    centres = out.centre[out.centre >= 0]
    walks = None
    if len(centres):
        mask = np.zeros(len(fcodes), bool)
        mask[centres] = True
        walks = router.distance_matrix("fac", "fac", limit=max(float(limits.max()), float(search_limit)),
                                       source_mask=mask).tocsr()
    for k, code in enumerate(fcodes):
        u = facility_unit[k]
        if not code or u < 0 or k in in_centre:
            continue
        p = profiles[u]
        lo, hi = float(getattr(p, "small_point_min_m2", 50.0)), float(getattr(p, "small_point_max_m2", 200.0))
        if not (np.isnan(area[k]) or lo <= area[k] <= hi):
            continue
        c = out.centre[u]
        walk = walks[c, k] if walks is not None and c >= 0 else 0.0
        out.link_m[k] = walk if walk > 0 else np.inf  # (sparse: an absent pair is beyond the limit)
        if out.link_m[k] <= limits[u]:
            out.role[k] = N_LINKED
            out.n_linked[u] += 1
        else:
            out.role[k] = N_UNLINKED
            out.n_unlinked[u] += 1
