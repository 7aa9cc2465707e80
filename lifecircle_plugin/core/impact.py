"""What a year's projects change: coverage before and after, per unit, per project and per resident
(监测评估 / 模拟优化), and year-over-year comparison of two coverage results.

Before and after are computed on the same network with the same snapping; the projects are added as facilities
of their checklist category. Each project is credited twice: with the residents it alone would newly cover,
and in the order of the list (each resident newly covered in a category goes to the first project that reaches
them), so that the ordered figures add up to the total gain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import numpy as np

from .coverage import CoverageResult, facility_coverage
from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps
from .network import WalkingNetwork

#: reasons a project is not counted (Chinese first: they go into the planner's tables)
REASON_NO_CATEGORY = "缺少类别或类别无效 (no valid checklist category)"
REASON_NO_LOCATION = "缺少位置 (no geometry)"
REASON_OFF_NETWORK = "距步行网络过远 (beyond the snap tolerance)"
REASON_OVERLAP = "与现有服务重叠 (covers nobody new: duplicates existing service)"


@dataclass
class ImpactResult:
    before: CoverageResult
    after: CoverageResult
    project_code: list  # code per project (None when not counted)
    project_counted: np.ndarray  # bool
    project_reason: list  # "" or why the project covers nobody new / is not counted
    project_new_alone: np.ndarray  # residents it alone would newly cover (nan when not counted)
    project_new_ordered: np.ndarray  # residents credited to it in list order
    changed_codes: list  # categories with at least one counted project
    diagnostics: dict = field(default_factory=dict)

    @property
    def newly_covered(self) -> np.ndarray:
        """(n_residents, n_codes) bool: within the threshold after, not before."""
        thr = np.array([self.after.thresholds[c] for c in self.after.codes])
        return (self.after.resident_distance <= thr) & ~(self.before.resident_distance <= thr)

    def unit_new_population(self) -> np.ndarray:
        """Per unit: residents newly covered in at least one category."""
        any_new = self.newly_covered.any(axis=1)
        r = self.after
        ok = (r.resident_unit >= 0) & any_new
        return np.bincount(r.resident_unit[ok], weights=r.population[ok], minlength=len(r.unit_population))

    def unit_improved(self, u: int, separator: str = "、") -> str:
        j = [k for k, c in enumerate(self.after.codes)
             if self.after.unit_covered[u, k] > self.before.unit_covered[u, k] + 1e-9]
        return separator.join(self.after.names_zh[self.after.codes[k]] for k in j)

    def newly_covered_residents(self) -> float:
        """Residents newly covered in at least one category (each resident counted once)."""
        return float((self.newly_covered.any(axis=1) * self.after.population).sum())

    def overlapping_projects(self) -> list:
        """Indices of the counted projects that cover nobody new (REASON_OVERLAP: they duplicate existing service)."""
        return [i for i, reason in enumerate(self.project_reason) if reason == REASON_OVERLAP]


def list_order(selected: Sequence[int], project_ids: Sequence[str], feature_ids: Sequence) -> list:
    """The selected projects (indices into ``project_ids``/``feature_ids``) in the order of the list: by project
    id, then feature id — the order in which project_impact credits the residents newly covered."""
    return sorted(selected, key=lambda i: (project_ids[i], feature_ids[i]))


def project_codes(categories: Sequence) -> list:
    """The checklist code of each project from its category as written (``Q05``, ``为老服务`` …: see
    projects.parse_category); a category no code matches is kept as written (upper case) so that project_impact
    reports it as invalid; None for an empty category."""
    from .projects import parse_category
    from .typed import clean_text

    return [parse_category(c) or (clean_text(c).upper() or None) for c in categories]


def project_impact(
    network: WalkingNetwork,
    profile,
    facility_xy: np.ndarray,
    facility_codes: Sequence[Optional[str]],
    project_xy: np.ndarray,
    project_codes: Sequence[Optional[str]],
    resident_xy: np.ndarray,
    population: np.ndarray,
    *,
    unit_polygons: Optional[Sequence] = None,
    snap_tolerance: float = 150.0,
    target: Optional[float] = None,
    search_limit: float = 3000.0,
    group_counts=None,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> ImpactResult:
    """Coverage before and after adding the projects (in list order) as facilities of their category. With
    ``group_counts`` a category serving a group is measured over it (see :func:`facility_coverage`), and a project's
    newly covered residents are those of its category's group. In named phases: which projects count, coverage
    before, coverage after, each project's newly covered residents."""
    steps = Steps(progress, is_cancelled, [4, 4, 2])
    project_xy = np.asarray(project_xy, dtype=float).reshape(-1, 2)
    codes, snap, counted, reasons = _projects_counted(network, profile, project_xy, project_codes, snap_tolerance)
    coverage = dict(unit_polygons=unit_polygons, snap_tolerance=snap_tolerance, target=target,
                    search_limit=search_limit, facility_reach=False, group_counts=group_counts,
                    progress=steps.sub, is_cancelled=is_cancelled)
    steps.next()
    before = facility_coverage(network, profile, facility_xy, facility_codes, resident_xy, population,
                               require_facilities=False, **coverage)
    steps.next()
    all_xy = np.vstack([np.asarray(facility_xy, dtype=float).reshape(-1, 2), project_xy[counted]])
    all_codes = list(facility_codes) + [codes[i] for i in np.flatnonzero(counted)]
    after = facility_coverage(network, profile, all_xy, all_codes, resident_xy, population, **coverage)
    steps.next()
    alone, ordered, changed, reaches_new = _newly_covered(network, before, codes, snap, counted, resident_xy,
                                                          snap_tolerance, steps)
    for i in np.flatnonzero(counted):
        if not reaches_new[i]:
            reasons[i] = REASON_OVERLAP
    steps.done()
    return ImpactResult(
        before=before, after=after, project_code=codes, project_counted=counted, project_reason=reasons,
        project_new_alone=alone, project_new_ordered=ordered, changed_codes=changed,
        diagnostics={"not_counted": int((~counted).sum()), "overlapping": int(sum(r == REASON_OVERLAP for r in reasons))},
    )


def _projects_counted(network, profile, project_xy, project_codes, snap_tolerance):
    """(codes, snap, counted, reasons): each project's checklist code (None when it has none), its snap, whether it
    counts (a category and a location on the network) and why not."""
    valid = set(profile.codes)
    codes = [c if c in valid else None for c in project_codes]
    located = np.isfinite(project_xy).all(axis=1)
    snap = network.snap(np.where(located[:, None], project_xy, 0.0), snap_tolerance)
    on_net = snap.snapped & located
    counted = np.array([c is not None for c in codes]) & on_net
    reasons = [REASON_NO_CATEGORY if c is None else REASON_NO_LOCATION if not located[i]
               else REASON_OFF_NETWORK if not on_net[i] else "" for i, c in enumerate(codes)]
    if not counted.any():
        raise LifeCircleError(
            "None of the selected projects can be counted: each needs a checklist category (Q01…M10) and a location "
            "within the snap tolerance of the walking network. Check the status/year selection too."
        )
    return codes, snap, counted, reasons


def _newly_covered(network, before, codes, snap, counted, resident_xy, snap_tolerance, steps):
    """Per project: the residents (of its category's group) it newly covers alone, and those it is credited with
    in list order (each resident credited once, to the first project that reaches them); the categories that
    changed; and whether it reaches anyone newly covered at all (otherwise it overlaps existing service)."""
    res_snap = network.snap(resident_xy, snap_tolerance)
    router = network.router({"proj": snap, "res": res_snap})
    alone = np.full(len(codes), np.nan)
    ordered = np.full(len(codes), np.nan)
    changed = []
    reaches_new = np.zeros(len(codes), dtype=bool)  # anyone newly covered (of any group): not an overlap
    for j, c in enumerate(before.codes):
        mask = counted & np.array([cc == c for cc in codes])
        if not mask.any():
            continue
        changed.append(c)
        pop = before.weight(c)
        uncovered = ~(before.resident_distance[:, j] <= before.thresholds[c])
        reach = router.distance_matrix("proj", "res", limit=before.thresholds[c], source_mask=mask).tolil()
        credited = np.zeros(len(pop), dtype=bool)
        for p in np.flatnonzero(mask):  # list order = the order given
            hit = np.zeros(len(pop), dtype=bool)
            hit[reach.rows[p]] = True
            new = hit & uncovered
            alone[p] = pop[new].sum()
            reaches_new[p] = bool((before.population[new] > 0).any())
            fresh = new & ~credited
            ordered[p] = pop[fresh].sum()
            credited |= fresh
        steps.sub(len(changed) / max(len(set(c for c in codes if c)), 1))
    return alone, ordered, changed, reaches_new


# ----------------------------------------------------------------------------------------------------------
# comparing two coverage results (e.g. last year's and this year's units output, or two scenarios)


@dataclass
class Comparison:
    unit_ids: list  # union of both, in the order of ``after`` then the ones only in ``before``
    codes: list
    share_before: np.ndarray  # (n_units, n_codes) in %, nan where missing
    share_after: np.ndarray
    met_before: np.ndarray  # 十全 met per unit (nan where missing)
    met_after: np.ndarray
    optional_before: np.ndarray
    optional_after: np.ndarray
    only_before: list
    only_after: list

    @property
    def share_change(self) -> np.ndarray:
        return self.share_after - self.share_before

    @property
    def met_change(self) -> np.ndarray:
        return self.met_after - self.met_before

    def units_gained(self) -> int:
        """Units with more 十全 categories met after than before (units in only one result do not count)."""
        dq = self.met_change
        return int(np.count_nonzero(np.isfinite(dq) & (dq > 0)))

    def units_lost(self) -> int:
        """Units with fewer 十全 categories met after than before (units in only one result do not count)."""
        dq = self.met_change
        return int(np.count_nonzero(np.isfinite(dq) & (dq < 0)))


#: the change of a unit's 十全 categories met, as the comparison output writes it
GAINED, LOST, SAME, NO_COMPARISON = "新增达标 gained", "减少 lost", "持平 same", "无对比 no comparison"


def change_label(met_change: float) -> str:
    """GAINED, LOST or SAME for a unit's change of 十全 categories met; NO_COMPARISON when the unit is missing
    from one of the two results (or has no count in it)."""
    if not np.isfinite(met_change):
        return NO_COMPARISON
    return GAINED if met_change > 0 else LOST if met_change < 0 else SAME


def coverage_codes(field_names: Sequence[str]) -> list:
    """The checklist codes whose covered share (c_Q01 …) a units output of 'Facility coverage' carries, in field
    order (call_… and other fields are not shares)."""
    return [n[2:] for n in field_names if n.startswith("c_") and len(n) == 5]


def compare_over_same_residents(before: dict, after: dict, codes: Sequence[str]) -> list:
    """Where a category was measured over a group in one result and over other residents in the other (e.g. 60+
    this year, everyone last year), both are compared over all residents: c_<code> of the rows is replaced (in
    place) by call_<code> (None in a result without the group's all-residents share) — never a group's share
    against everyone's. Returns [(code, groups before, groups after)] of the categories so changed."""
    from .groups import basis_of_rows

    basis_b, basis_a = basis_of_rows(before.values()), basis_of_rows(after.values())
    differ = [c for c in codes if basis_b.get(c) != basis_a.get(c)]
    for c in differ:
        for rows, basis in ((before, basis_b), (after, basis_a)):
            if c in basis:
                for row in rows.values():
                    row[f"c_{c}"] = row.get(f"call_{c}")
    return [(c, basis_b.get(c, ()), basis_a.get(c, ())) for c in differ]


def compare_coverage(before: dict, after: dict, codes: Sequence[str]) -> Comparison:
    """Compares two coverage results given as {unit_id: {"c_Q01": share %, …, "q_met": n, "m_met": n}}."""
    ids = list(after) + [u for u in before if u not in after]
    codes = list(codes)
    n = len(ids)

    def table(src, keys):
        out = np.full((n, len(keys)), np.nan)
        for i, u in enumerate(ids):
            row = src.get(u)
            if row is None:
                continue
            for k, key in enumerate(keys):
                v = row.get(key)
                if v is not None:
                    try:
                        out[i, k] = float(v)
                    except (TypeError, ValueError):
                        raise LifeCircleError(Msg("Unit {!r}: value {!r} of '{}' is not a "
                                                  "number.", u, v, key)) from None
        return out

    share_keys = [f"c_{c}" for c in codes]
    return Comparison(
        unit_ids=ids, codes=codes,
        share_before=table(before, share_keys), share_after=table(after, share_keys),
        met_before=table(before, ["q_met"])[:, 0], met_after=table(after, ["q_met"])[:, 0],
        optional_before=table(before, ["m_met"])[:, 0], optional_after=table(after, ["m_met"])[:, 0],
        only_before=[u for u in before if u not in after], only_after=[u for u in after if u not in before],
    )
