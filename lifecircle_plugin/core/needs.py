"""Residents' needs (问需求计) as data: what residents asked for, mapped to checklist categories and counted.

Survey answers, 12345 hotline complaints and suggestion-box reports say what is needed in the residents' own
words ("缺菜场", "没有养老院", "孩子没地方托管"). :class:`NeedsMapper` reads such a text:

1. a checklist code or a list of codes ("Q05", "Q03;Q05") is taken as it is;
2. otherwise the needs vocabulary (``resources/mappings/needs.csv``: pattern, code, note) finds every category
   whose phrase the text contains — overlapping phrases: the longest wins; a phrase with code ``-`` (养老保险,
   健身器材店 …: a false friend) hides the shorter phrases inside it, and a phrase with code ``x`` (学费, 收费, 办理
   …: a complaint about price, fees or paperwork, not a missing facility) sets aside the whole clause it stands in
   (clauses end at ，。！？；);
3. otherwise the facility mapping tables (AMap type names, the planner's own labels) are tried on the whole text.

A text that maps to nothing is listed, never guessed.

Needs then weigh in the analyses by one documented rule (:func:`need_factor`): a resident point counts
``1 + NEED_BONUS × min(asked, NEED_FULL) / NEED_FULL`` times for a category, where ``asked`` is the weighted number
of needs for that category within the category's walking threshold of the point (straight line). With the
defaults a place where 10 or more residents asked for elderly care counts its older residents 1.5 times.
These two values are LifeCircle's own interpretation (no standard sets them): change them per run.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence

import numpy as np

from .errors import LifeCircleError, Msg, listed
from .people_defaults import NEED_BONUS, NEED_FULL  # (interpretations; see the module docstring)
from .typed import clean_text, count_of, number_of, phrase_positions, word_key

VOCABULARY = Path(__file__).resolve().parents[2] / "resources" / "mappings" / "needs.csv"
NOT_A_NEED = "-"  # a false friend: hides its own words
NOT_THIS_CLAUSE = "X"  # a complaint, not a missing facility: sets aside its clause
_CLAUSE_END = re.compile(r"[，。！？；,.!?;\n]")
_CODE_SEP = r"\s*[;,，；、/|]\s*"  # between the codes of a list ('Q05;Q03', 'Q05、Q03')
_CODE_LIST = re.compile(rf"^[A-Za-z]\d{{2}}(?:{_CODE_SEP}[A-Za-z]\d{{2}})*$")


@dataclass(frozen=True)
class NeedPhrase:
    pattern: str  # as written
    key: str  # normalised for matching
    code: str  # checklist code, or "-"
    origin: str  # "file, row n"
    user: bool = False


def read_vocabulary(path=None, *, user: bool = False) -> list[NeedPhrase]:
    """The phrases of a needs vocabulary CSV (columns pattern, code[, note]); errors name file, row, column."""
    path = Path(path or VOCABULARY)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="gb18030")
    except OSError as exc:
        raise LifeCircleError(Msg("Cannot read the needs vocabulary {}: {}", path, exc)) from None
    rows = list(csv.DictReader(text.splitlines()))
    header = [h.strip().lower() for h in (rows[0].keys() if rows else [])] if rows else []
    if rows and not {"pattern", "code"} <= set(header):
        raise LifeCircleError(Msg("{}: the needs vocabulary needs the columns pattern and code (found: {}).", path,
                                  ", ".join(header)))
    phrases = []
    for n, row in enumerate(rows, start=2):
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        pattern = clean_text(row.get("pattern"))
        code = clean_text(row.get("code")).upper()
        if not pattern or pattern.startswith("#"):
            continue
        if not code:
            raise LifeCircleError(Msg("{}, row {}, column 'code': empty code for {!r} (a checklist code, or - for "
                                      "not a facility need).", path, n, pattern))
        phrases.append(NeedPhrase(pattern, word_key(pattern), code, f"{path.name}, row {n}", user))
    return phrases


class NeedsMapper:
    """Need texts → checklist codes (see the module docstring)."""

    def __init__(self, phrases: Sequence[NeedPhrase], valid_codes: Iterable[str], facility_mapper=None):
        self.valid = set(valid_codes)
        table: dict[str, NeedPhrase] = {}
        for p in phrases:  # a user row replaces a bundled row with the same phrase
            if p.code not in (NOT_A_NEED, NOT_THIS_CLAUSE) and p.code not in self.valid and p.user:
                raise LifeCircleError(Msg("{}: code {} is not in the profile (codes: {}).", p.origin, p.code,
                                          ", ".join(sorted(self.valid))))
            table[p.key] = p
        self.phrases = sorted(table.values(), key=lambda p: (-len(p.key), p.key))
        self.facility_mapper = facility_mapper

    def codes_for(self, text: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(codes, the phrases that decided them) for one need text; ((), ()) when it maps to nothing."""
        cleaned = clean_text(text)
        if not cleaned:
            return (), ()
        if _CODE_LIST.match(cleaned):
            codes = tuple(dict.fromkeys(codes_of(cleaned)))
            known = tuple(c for c in codes if c in self.valid)
            return known, known  # (unknown codes: map_texts lists them)
        found, declined = self._phrases_in(word_key(cleaned))
        if found:
            return tuple(dict.fromkeys(p.code for p in found)), tuple(dict.fromkeys(p.pattern for p in found))
        if self.facility_mapper is not None and not declined:  # (a 'not a need' phrase decided it: no guessing)
            code = self.facility_mapper.code_for(cleaned)
            if code in self.valid:
                return (code,), (cleaned,)
        return (), ()

    def _phrases_in(self, key: str) -> tuple[list[NeedPhrase], bool]:
        """The need phrases in ``key`` (in text order), and whether a 'not a need' phrase was found."""
        taken = np.zeros(len(key), dtype=bool)
        declined = False
        for p in self.phrases:  # complaints first: their clauses are not needs
            if p.code == NOT_THIS_CLAUSE:
                for start in phrase_positions(key, p.key):
                    a, b = _clause(key, start)
                    taken[a:b] = True
                    declined = True
        hits = []
        for p in self.phrases:  # longest first: a phrase only counts where no longer one already stood
            if p.code == NOT_THIS_CLAUSE:
                continue
            for start in phrase_positions(key, p.key):
                end = start + len(p.key)
                if not taken[start:end].any():
                    taken[start:end] = True
                    if p.code != NOT_A_NEED and p.code in self.valid:
                        hits.append((start, p))
                    declined |= p.code == NOT_A_NEED
        return [p for _, p in sorted(hits, key=lambda h: h[0])], declined

    def map_texts(self, texts: Sequence[object]) -> tuple[list[tuple[str, ...]], list[str], Counter]:
        """Codes and deciding phrases per text, and the unmapped texts counted."""
        codes, phrases, unmapped = [], [], Counter()
        for t in texts:
            c, p = self.codes_for(t)
            codes.append(c)
            phrases.append("、".join(p))
            cleaned = clean_text(t)
            if _CODE_LIST.match(cleaned):  # a list of codes with one the profile does not have: say which
                for code in codes_of(cleaned):
                    if code not in self.valid:
                        unmapped[code] += 1
            elif not c and cleaned:
                unmapped[cleaned[:60] + ("…" if len(cleaned) > 60 else "")] += 1
        return codes, phrases, unmapped


def _clause(text: str, at: int) -> tuple[int, int]:
    """The clause around position ``at``: from after the previous clause end to the next one."""
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    a = max([e + 1 for e in ends if e < at], default=0)
    b = min([e for e in ends if e >= at], default=len(text))
    return a, b


def load_needs_mapper(valid_codes: Iterable[str], user_table=None, facility_mapper=None) -> NeedsMapper:
    phrases = read_vocabulary()
    if user_table:
        phrases += read_vocabulary(user_table, user=True)
    return NeedsMapper(phrases, valid_codes, facility_mapper)


def clean_weights(values: Sequence[object], ids: Sequence, layer: str, field_name: str) -> np.ndarray:
    """Votes/weights of needs: empty counts 1; text, negatives and non-numbers are named by feature id."""
    out = np.ones(len(values))
    bad = []
    for i, v in enumerate(values):
        if v is None or clean_text(v) == "":
            continue
        try:
            x = count_of(v)
        except ValueError:
            bad.append(f"{ids[i]} ({clean_text(v)[:20]})")
            continue
        if not np.isfinite(x) or x < 0:
            bad.append(f"{ids[i]} ({clean_text(v)[:20]})")
        else:
            out[i] = x
    if bad:
        raise LifeCircleError(Msg("Layer '{}', field '{}': a weight that is not a number of 0 or more in feature ids "
                                  "{}.", layer, field_name, listed(bad)))
    return out


def needs_by_category(need_codes: Sequence[Sequence[str]], weights: Sequence[float]) -> tuple[Counter, Counter]:
    """(needs, weighted needs) per checklist code: a need of two categories counts for both."""
    count, weighted = Counter(), Counter()
    for codes, w in zip(need_codes, np.asarray(weights, dtype=float).tolist()):
        for c in codes:
            count[c] += 1
            weighted[c] += w
    return count, weighted


def lon_lat_of(lon_values: Sequence[object], lat_values: Sequence[object]) -> tuple[np.ndarray, list]:
    """((n, 2) longitude/latitude, indices of the needs without a usable pair) from two fields as written: a value
    that is not a number, or a pair outside ±180° / ±90° (also a swapped pair at 121°E), gives NaN."""
    xy, bad = [], []
    for i, (lon_value, lat_value) in enumerate(zip(lon_values, lat_values)):
        try:
            lon, lat = number_of(lon_value), number_of(lat_value)
        except (TypeError, ValueError):
            lon = lat = np.nan
        if not (abs(lon) <= 180 and abs(lat) <= 90):  # (also NaN)
            lon = lat = np.nan
            bad.append(i)
        xy.append((lon, lat))
    return np.array(xy, dtype=float).reshape(-1, 2), bad


# ------------------------------------------------------------------------------------------------------------
# per unit


@dataclass
class NeedsByUnit:
    codes: list
    count: np.ndarray  # (n_units, n_codes) needs
    weighted: np.ndarray  # (n_units, n_codes) votes/weights summed
    per_1000: np.ndarray  # weighted per 1,000 residents (nan without population)
    below_target: Optional[np.ndarray]  # bool, when the units carry measured shares
    gap_rank: np.ndarray  # 1 = the most asked-for measured gap; 0 where not both asked for and below target

    def gaps(self) -> list[tuple[int, int]]:
        """(unit, category) of the expressed-and-measured gaps, best rank first."""
        u, c = np.nonzero(self.gap_rank)
        order = np.argsort(self.gap_rank[u, c], kind="stable")
        return list(zip(u[order].tolist(), c[order].tolist()))


def needs_by_unit(need_unit: np.ndarray, need_codes: Sequence[Sequence[str]], weights: np.ndarray,
                  codes: Sequence[str], n_units: int, unit_population: Optional[np.ndarray] = None,
                  unit_share: Optional[np.ndarray] = None, target: Optional[float] = None) -> NeedsByUnit:
    """Counts per unit × category. ``unit_share`` (n_units × n_codes, 0–1, nan unknown) and ``target``: a measured
    gap is a share below the target; the gaps also asked for are ranked by weighted needs per 1,000 residents (or
    weighted needs without population), then by the shortfall."""
    index = {c: j for j, c in enumerate(codes)}
    count = np.zeros((n_units, len(codes)))
    weighted = np.zeros((n_units, len(codes)))
    for u, cs, w in zip(np.asarray(need_unit).tolist(), need_codes, np.asarray(weights, float).tolist()):
        if u < 0:
            continue
        for c in cs:
            if c in index:
                count[u, index[c]] += 1
                weighted[u, index[c]] += w
    pop = None if unit_population is None else np.asarray(unit_population, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_1000 = (np.where(pop[:, None] > 0, 1000.0 * weighted / pop[:, None], np.nan) if pop is not None
                    else np.full(weighted.shape, np.nan))
    below = None
    rank = np.zeros(weighted.shape, dtype=np.int64)
    if unit_share is not None and target is not None:
        share = np.asarray(unit_share, float)
        below = np.isfinite(share) & (share < target - 1e-12)
        both = below & (weighted > 0)
        u, c = np.nonzero(both)
        strength = per_1000[u, c] if pop is not None else weighted[u, c]
        order = np.lexsort((c, u, -(target - share[u, c]), -np.nan_to_num(strength, nan=0.0)))
        rank[u[order], c[order]] = np.arange(1, len(order) + 1)
    return NeedsByUnit(list(codes), count, weighted, per_1000, below, rank)


# ------------------------------------------------------------------------------------------------------------
# needs in the analyses


def needs_within(point_xy: np.ndarray, need_xy: np.ndarray, need_codes: Sequence[Sequence[str]], code: str,
                 radius: float) -> list[list[int]]:
    """For each point: the needs for ``code`` within ``radius`` metres (straight line), by index."""
    from scipy.spatial import cKDTree

    point_xy = np.asarray(point_xy, float).reshape(-1, 2)
    need_xy = np.asarray(need_xy, float).reshape(-1, 2)
    out: list[list[int]] = [[] for _ in range(len(point_xy))]
    sel = np.array([i for i, cs in enumerate(need_codes) if code in cs and np.isfinite(need_xy[i]).all()],
                   dtype=np.int64)
    ok = np.isfinite(point_xy).all(axis=1)
    if not len(sel) or not ok.any():
        return out
    tree = cKDTree(need_xy[sel])
    for k, near in zip(np.flatnonzero(ok).tolist(), tree.query_ball_point(point_xy[ok], r=radius)):
        out[k] = sel[sorted(near)].tolist()
    return out


def asked_near(point_xy: np.ndarray, need_xy: np.ndarray, need_codes: Sequence[Sequence[str]], weights: np.ndarray,
               code: str, radius: float) -> np.ndarray:
    """Weighted needs for ``code`` within ``radius`` metres (straight line) of each point."""
    w = np.asarray(weights, float)
    return np.array([w[near].sum() if near else 0.0 for near in needs_within(point_xy, need_xy, need_codes, code,
                                                                              radius)])


def need_factor(asked: np.ndarray, bonus: float = NEED_BONUS, full: float = NEED_FULL) -> np.ndarray:
    """1 + bonus × min(asked, full) / full: how many times a point's residents count where they asked."""
    if bonus < 0 or full <= 0:
        raise LifeCircleError(Msg("The need bonus must be 0 or more and the full-bonus count above 0 (got {:g} and "
                                  "{:g}).", bonus, full))
    return 1.0 + bonus * np.minimum(np.asarray(asked, float), full) / full


def weighted_by_needs(weights: np.ndarray, point_xy: np.ndarray, need_xy: np.ndarray,
                      need_codes: Sequence[Sequence[str]], need_weights: np.ndarray, code: str, radius: float,
                      bonus: float = NEED_BONUS, full: float = NEED_FULL) -> tuple[np.ndarray, np.ndarray]:
    """(residents × need factor, the weighted needs near each point) for one category."""
    asked = asked_near(point_xy, need_xy, need_codes, need_weights, code, radius)
    return np.asarray(weights, float) * need_factor(asked, bonus, full), asked


def codes_of(value: object) -> tuple[str, ...]:
    """The codes of a list as typed or as a needs output stores them in lc_codes ('Q05;Q03'), upper case."""
    return tuple(c for c in (clean_text(p).upper() for p in re.split(_CODE_SEP, clean_text(value))) if c)


@dataclass
class GapPriority:
    """Per unit × category of a coverage result: the needs asked in the unit and the priority of its gap."""

    asked: np.ndarray  # (n_units, n_codes) weighted needs located in the unit
    priority: np.ndarray  # (n_units, n_codes) the gap's index (see coverage_gap_priority); 0 where met

    def ranked(self, u: int, codes: Sequence[str]) -> list[tuple[str, float, float]]:
        """(code, priority, asked) of unit ``u``'s unmet categories, highest priority first."""
        order = sorted((j for j in range(len(codes)) if self.priority[u, j] > 0),
                       key=lambda j: (-self.priority[u, j], j))
        return [(codes[j], float(self.priority[u, j]), float(self.asked[u, j])) for j in order]


def coverage_gap_priority(result, need_unit: np.ndarray, need_xy: np.ndarray, need_codes: Sequence[Sequence[str]],
                          need_weights: np.ndarray, bonus: float = NEED_BONUS, full: float = NEED_FULL) -> GapPriority:
    """The gaps of a coverage result (units × categories not met) ranked with the needs. A gap's index is

        100 × Σ (residents beyond reach × need factor) / Σ residents        over the unit's resident points,

    counting the residents the category serves (its age group, or everyone): the share of them beyond reach
    (0–100), raised up to (1 + bonus) times where they asked for the category (:func:`need_factor`). A share, so
    that a category for older residents ranks beside one for everyone, and small units beside large ones."""
    codes = list(result.codes)
    n_units = len(result.unit_population)
    counted = needs_by_unit(need_unit, need_codes, need_weights, codes, n_units)
    priority = np.zeros((n_units, len(codes)))
    unit = np.asarray(result.resident_unit)
    inside = unit >= 0
    for j, c in enumerate(codes):
        if result.unit_met[:, j].all():
            continue
        served = np.asarray(result.weight(c), dtype=float)
        limit = result.resident_limit(j)  # (each unit's profile's threshold, with profiles by unit type)
        uncovered = ~(result.resident_distance[:, j] <= limit) & inside
        weights = np.zeros(len(served))
        for radius in np.unique(limit):
            here = limit == radius
            weights[here] = weighted_by_needs(served[here], result.resident_xy[here], need_xy, need_codes,
                                              need_weights, c, float(radius), bonus, full)[0]
        beyond = np.bincount(unit[uncovered], weights=weights[uncovered], minlength=n_units)
        total = np.bincount(unit[inside], weights=served[inside], minlength=n_units)
        with np.errstate(invalid="ignore", divide="ignore"):
            index = np.where(total > 0, 100.0 * beyond / total, 0.0)
        priority[:, j] = np.where(result.unit_met[:, j], 0.0, index)
    return GapPriority(counted.weighted, priority)


def answering_projects(need_xy: np.ndarray, need_codes: Sequence[Sequence[str]], project_xy: np.ndarray,
                       project_codes: Sequence[Optional[str]], thresholds) -> list[list[int]]:
    """For each need: the projects that answer it — of one of its categories, within that category's walking
    threshold of the need (straight line) — by index, nearest first."""
    need_xy = np.asarray(need_xy, float).reshape(-1, 2)
    project_xy = np.asarray(project_xy, float).reshape(-1, 2)
    out: list[list[int]] = [[] for _ in range(len(need_xy))]
    for code in sorted({c for cs in need_codes for c in cs if c in thresholds}):
        mine = [i for i, c in enumerate(project_codes) if c == code]
        if not mine:
            continue
        # the projects near each need = the needs near each project, turned round
        near = needs_within(project_xy[mine], need_xy, need_codes, code, float(thresholds[code]))
        for k, needs_idx in enumerate(near):
            for i in needs_idx:
                out[i].append(mine[k])
    for i, found in enumerate(out):
        found.sort(key=lambda j: (float(np.hypot(*(project_xy[j] - need_xy[i]))), j))
    return out
