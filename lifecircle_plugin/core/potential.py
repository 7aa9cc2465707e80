"""Potential space (找空间): which parcels could take the missing facilities, why, and how well they would serve.

Pure Python (numpy, scipy, shapely; no QGIS). The Processing algorithm ``lifecircle:potentialspace`` reads the
layers and calls :func:`potential_space`; everything a planner may want to change is data:

* **Rules** (``resources/rules/potential_space.csv``, or a planner's copy): one row per rule. A rule *fires* on a
  parcel when every condition it fills in holds (empty cells are no condition); each rule names the *kind* of
  potential it finds — 闲置 (idle or vacant), 低效 (low-efficiency), 金角银边 (small leftover pieces) or 附属空间
  (affiliated space that can open or be shared by time). Rows whose kind is ``设置`` hold the settings: the
  score weights and the thresholds shared by several rules. See ``resources/rules/README.md`` for the columns.
* **Land-use classes** (``resources/rules/land_use.csv``): GB 50137-2011 and 用地用海分类 codes and common text
  labels translated to the classes the rules use (居住, 商业, 工业, 仓储, 教育, 机关, 绿地, 广场, 交通, 空地 …).

The score is a documented weighted sum (weights in the rules file, or the WEIGHTS parameter)::

    score = weight_kind      × strength of the strongest rule that fired        (0–1)
          + weight_need      × min(1, need / need_full)   (need_full 0: the largest need among the parcels)
          + weight_area      × min(1, usable area / area_full_m2)
          + weight_ownership × ease of the ownership (the ``ownership:<value>`` settings, 0–1)

    need  = Σ over the categories the parcel could take (it serves them, it is large enough, residents lack
            them nearby) of tier_weight(category) × uncovered residents within the category's threshold

"Uncovered residents" come from the residents output of ``lifecircle:facilitycoverage`` (its ``d_<code>``
fields): a resident lacks a category when its distance is empty or beyond the threshold. They are counted
within the category's walking threshold of the parcel along the network: one sparse distance-matrix run from
the potential parcels to the residents (limit: the largest threshold), reduced per category.

A parcel's walking distances start at its *entrance*: the point of the walkable network nearest to the
parcel's point on surface, reached from the parcel's edge (the access leg is the gap between the parcel
boundary and that point, e.g. the sidewalk), not from its centre.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from .checklist import MUST_HAVE, OPTIONAL, RESOURCES, Profile, _read_table
from .errors import CancelCallback, LifeCircleError, Msg, ProgressCallback, Steps, listed as _listed
from .residential import RESIDENTIAL, residential_words
from .typed import clean_text, is_no, word_key, yes_no

RULES_DIR = RESOURCES / "rules"
BUNDLED_RULES = RULES_DIR / "potential_space.csv"
BUNDLED_LAND_USE = RULES_DIR / "land_use.csv"

#: the kinds of potential space, in the order outputs list them
IDLE, LOW_EFFICIENCY, LEFTOVER, AFFILIATED = "闲置", "低效", "金角银边", "附属空间"
KINDS = (IDLE, LOW_EFFICIENCY, LEFTOVER, AFFILIATED)
SETTING = "设置"
_KIND_ALIASES = {
    "闲置": IDLE, "idle": IDLE, "vacant": IDLE, "闲置空置": IDLE,
    "低效": LOW_EFFICIENCY, "low_efficiency": LOW_EFFICIENCY, "low-efficiency": LOW_EFFICIENCY,
    "inefficient": LOW_EFFICIENCY,
    "金角银边": LEFTOVER, "leftover": LEFTOVER,
    "附属空间": AFFILIATED, "附属空间开放": AFFILIATED, "分时共享": AFFILIATED, "affiliated": AFFILIATED,
    "shared": AFFILIATED,
    "设置": SETTING, "setting": SETTING, "settings": SETTING, "weight": SETTING,
}

#: parcel status values, canonical name -> accepted spellings (any case)
STATUS_VALUES = {
    "idle": ("idle", "闲置", "停产", "停用", "废弃", "低效闲置", "disused", "abandoned"),
    "vacant": ("vacant", "空置", "空闲", "未利用", "未使用", "待开发", "empty", "unused"),
    "in_use": ("in_use", "in use", "inuse", "使用", "使用中", "在用", "正常", "正常使用", "active", "used"),
}
_STATUS_LOOKUP = {word_key(alias): name for name, aliases in STATUS_VALUES.items() for alias in aliases}

RULE_COLUMNS = ("rule_id", "enabled", "kind", "label_zh", "land_use", "status", "ownership", "keywords",
                "residential_zone", "area_min_m2", "area_max_m2", "far_max", "far_ratio_max", "year_max",
                "road_max_m", "elevated_max_m", "corner", "strength", "serves", "value", "note")
_RULE_REQUIRED = ("rule_id", "kind", "label_zh")
#: settings a rules file may leave out (these are the bundled values)
DEFAULT_SETTINGS: dict[str, Any] = {
    "weight_kind": 30.0, "weight_need": 40.0, "weight_area": 15.0, "weight_ownership": 15.0,
    "need_full": 0.0, "area_full_m2": 5000.0,
    f"tier_weight_{MUST_HAVE}": 1.0, f"tier_weight_{OPTIONAL}": 0.5,
    "ownership_default": 0.5,
    # the residential words: the one list (resources/rules/unit_types.csv, read when a run asks: core/residential)
    "residential_land_uses": (RESIDENTIAL,), "residential_zone_values": residential_words,
    "residential_share_min": 0.5, "zone_radius_m": 300.0, "far_reference_min": 3.0,
    "corner_frontage_m": 15.0, "corner_angle_deg": 45.0,
    "min_area_after_clip_m2": 50.0, "constraint_min_overlap_m2": 1.0,
}
_LIST_SETTINGS = ("residential_land_uses", "residential_zone_values")
#: WEIGHTS parameter names -> settings
WEIGHT_KEYS = {"kind": "weight_kind", "need": "weight_need", "area": "weight_area",
               "ownership": "weight_ownership", "need_full": "need_full", "area_full": "area_full_m2",
               "area_full_m2": "area_full_m2"}
#: label placeholders a rule may use
LABEL_FIELDS = ("land_use", "status", "ownership", "far", "ref_far", "year", "area", "zone")
#: walking minutes of the standard thresholds (GB 50180-2018 tiers: 5/10/15 minutes = 300/500/800–1,000 m)
MINUTES = {300.0: 5, 500.0: 10, 800.0: 15, 1000.0: 15}

PathLike = Union[str, "Path"]


# ------------------------------------------------------------------------------------------------------------
# rules


@dataclass(frozen=True)
class Condition:
    """A set of accepted values; ``negate`` accepts everything else instead (written ``!a;b``)."""

    values: frozenset
    negate: bool = False

    def accepts(self, value: Optional[str]) -> bool:
        if value is None:
            return self.negate
        return (word_key(value) in self.values) != self.negate

    def __str__(self) -> str:
        return ("!" if self.negate else "") + ";".join(sorted(self.values))


@dataclass(frozen=True)
class Rule:
    """One row of the rules table. ``None`` means "no condition"; thresholds are inclusive."""

    rule_id: str
    kind: str
    label_zh: str
    land_use: Optional[Condition] = None
    status: Optional[Condition] = None
    ownership: Optional[Condition] = None
    keywords: tuple = ()
    residential_zone: Optional[bool] = None
    area_min_m2: Optional[float] = None
    area_max_m2: Optional[float] = None
    far_max: Optional[float] = None
    far_ratio_max: Optional[float] = None
    year_max: Optional[float] = None
    road_max_m: Optional[float] = None
    elevated_max_m: Optional[float] = None
    corner: bool = False
    strength: float = 1.0
    serves: Optional[tuple] = None  # checklist codes the kind of space suits (None: any)
    note: str = ""

    @property
    def geometric(self) -> bool:
        return self.road_max_m is not None or self.elevated_max_m is not None or self.corner


@dataclass(frozen=True)
class RuleSet:
    rules: tuple
    settings: Mapping[str, Any]
    source: str

    def setting(self, key: str) -> Any:
        value = self.settings.get(key, DEFAULT_SETTINGS.get(key))
        return value() if callable(value) else value  # (a default read from its own table when asked)

    @property
    def weights(self) -> dict[str, float]:
        return {k: float(self.setting(f"weight_{k}")) for k in ("kind", "need", "area", "ownership")}

    def ownership_ease(self, value: Optional[str]) -> float:
        if value is not None:
            key = f"ownership:{str(value).strip()}"
            if key in self.settings:
                return float(self.settings[key])
        return float(self.setting("ownership_default"))

    def tier_weight(self, tier: str) -> float:
        return float(self.setting(f"tier_weight_{tier}"))

    def with_settings(self, overrides: Mapping[str, float]) -> RuleSet:
        merged = dict(self.settings)
        merged.update(overrides)
        return replace(self, settings=merged)


def load_rules(path: Optional[PathLike] = None) -> RuleSet:
    """The bundled rules (``resources/rules/potential_space.csv``) or a planner's rules file.

    A planner's file replaces the bundled rules (copy the bundled file and edit it); settings it leaves out
    keep the bundled values. Errors name the file, the row (as Excel numbers it) and the column.
    """
    bundled = _read_rules_file(BUNDLED_RULES)
    if path is None or not str(path).strip():
        return bundled
    p = Path(str(path)).expanduser()
    if not p.is_file():
        raise LifeCircleError(Msg("Potential-space rules: no such file '{}'.", p))
    user = _read_rules_file(p)
    settings = dict(bundled.settings)
    settings.update(user.settings)
    return RuleSet(rules=user.rules, settings=settings, source=str(p))


def _read_rules_file(path: Path) -> RuleSet:
    header, rows = _read_table(path)
    for col in _RULE_REQUIRED:
        if col not in header:
            raise LifeCircleError(
                Msg("{}, row 1: missing column '{}'. Expected columns: {}.", path, col, ', '.join(RULE_COLUMNS)))
    rules, settings, seen = [], {}, {}
    for row_no, row in rows:
        rid = row.get("rule_id", "").strip()
        if not rid and not any(v.strip() for v in row.values()):
            continue
        if rid.startswith("#"):
            continue
        where = f"{path}, row {row_no}"
        if not rid:
            raise LifeCircleError(Msg("{}, column 'rule_id': empty rule id.", where))
        if rid in seen:
            raise LifeCircleError(Msg("{}, column 'rule_id': '{}' is already on row {}.", where, rid, seen[rid]))
        seen[rid] = row_no
        kind_text = row.get("kind", "").strip()
        kind = _KIND_ALIASES.get(kind_text.lower(), _KIND_ALIASES.get(kind_text))
        if kind is None:
            raise LifeCircleError(
                Msg("{}, column 'kind': unknown kind {!r}; use {} or {} (a setting "
                    "row).", where, kind_text, ', '.join(KINDS), SETTING))
        if kind == SETTING:
            settings[rid] = _setting_value(rid, row.get("value", ""), where)
            continue
        if is_no(row.get("enabled", ""), ("off",)):  # the one yes/no vocabulary, plus 'off'
            continue
        rules.append(_rule_from_row(rid, kind, row, where))
    return RuleSet(rules=tuple(rules), settings=settings, source=str(path))


def _setting_value(key: str, text: str, where: str) -> Any:
    text = str(text).strip()
    if key not in DEFAULT_SETTINGS and not key.startswith("ownership:"):
        raise LifeCircleError(
            Msg("{}, column 'rule_id': unknown setting '{}'. Settings: {}, and ownership:<value> "
                "rows.", where, key, ', '.join(DEFAULT_SETTINGS)))
    if key in _LIST_SETTINGS:
        return tuple(v for v in _split_list(text))
    number = _number(text)
    if number is None or number < 0:
        raise LifeCircleError(Msg("{}, column 'value': setting '{}' needs a number of 0 or more, got "
                                  "{!r}.", where, key, text))
    return number


def _rule_from_row(rid: str, kind: str, row: Mapping[str, str], where: str) -> Rule:
    def num(col: str, *, share: bool = False) -> Optional[float]:
        text = row.get(col, "").strip()
        if not text:
            return None
        value = _number(text)
        if value is None or value < 0 or (share and value > 1):
            limits = "between 0 and 1" if share else "of 0 or more"
            raise LifeCircleError(Msg("{}, column '{}': needs a number {}, got {!r}.", where, col, limits, text))
        return value

    def flag(col: str) -> Optional[bool]:
        text = row.get(col, "").strip().lower()
        if not text:
            return None
        answer = yes_no(text)  # the one yes/no vocabulary
        if answer is not None:
            return answer
        raise LifeCircleError(Msg("{}, column '{}': use 1 (yes), 0 (no) or leave it empty, got "
                                  "{!r}.", where, col, text))

    def condition(col: str, canon=None) -> Optional[Condition]:
        text = row.get(col, "").strip()
        if not text:
            return None
        negate = text.startswith("!") or text.startswith("！")
        items = [v for v in _split_list(text.lstrip("!！"))]
        if canon is not None:
            out = []
            for v in items:
                c = canon(v)
                if c is None:
                    raise LifeCircleError(
                        Msg("{}, column '{}': unknown status {!r}; use idle, vacant or in_use (or 闲置, 空置, "
                            "使用中).", where, col, v))
                out.append(c)
            items = out
        return Condition(frozenset(word_key(v) for v in items), negate)

    label = row.get("label_zh", "").strip()
    if not label:
        raise LifeCircleError(Msg("{}, column 'label_zh': the rule needs a label (shown in the reasons).", where))
    try:
        _LabelFormatter().format(label, **{k: None for k in LABEL_FIELDS})
    except (KeyError, IndexError, ValueError) as exc:
        raise LifeCircleError(
            Msg("{}, column 'label_zh': cannot use {!r} ({}); placeholders are {}.", where, label, exc,
                ", ".join("{" + k + "}" for k in LABEL_FIELDS))) from None
    serves_text = row.get("serves", "").strip()
    serves = tuple(v.upper() for v in _split_list(serves_text)) if serves_text else None
    strength = num("strength", share=True)
    road = num("road_max_m")
    corner = bool(flag("corner"))
    rule = Rule(
        rule_id=rid, kind=kind, label_zh=label,
        land_use=condition("land_use"), status=condition("status", canonical_status),
        ownership=condition("ownership"),
        keywords=tuple(k.lower() for k in _split_list(row.get("keywords", ""))),
        residential_zone=flag("residential_zone"),
        area_min_m2=num("area_min_m2"), area_max_m2=num("area_max_m2"), far_max=num("far_max"),
        far_ratio_max=num("far_ratio_max"), year_max=num("year_max"),
        road_max_m=road if road is not None or not corner else 20.0,
        elevated_max_m=num("elevated_max_m"), corner=corner,
        strength=1.0 if strength is None else strength, serves=serves, note=row.get("note", "").strip(),
    )
    if rule.area_min_m2 is not None and rule.area_max_m2 is not None and rule.area_min_m2 > rule.area_max_m2:
        raise LifeCircleError(Msg("{}: area_min_m2 ({:g}) is larger than area_max_m2 ({:g}), so the rule could never "
                                  "fire.", where, rule.area_min_m2, rule.area_max_m2))
    return rule


def parse_weights(text: Optional[str]) -> dict[str, float]:
    """The WEIGHTS parameter, e.g. ``"need=50, area=10"`` -> settings ``{"weight_need": 50, …}``.

    Names: kind, need, area, ownership (score points), need_full, area_full (the scales). Errors name the item.
    """
    if text is None or not str(text).strip():
        return {}
    out: dict[str, float] = {}
    normalised = str(text).replace("＝", "=").replace("：", "=").replace(":", "=")
    for item in re.split(r"[,;，；、\s]+", re.sub(r"\s*=\s*", "=", normalised)):
        if not item:
            continue
        m = re.fullmatch(r"([A-Za-z_]+)=(.+)", item)
        key = WEIGHT_KEYS.get(m.group(1).lower()) if m else None
        value = _number(m.group(2)) if m else None
        if key is None or value is None or value < 0:
            raise LifeCircleError(
                Msg("Score weights: cannot read {!r}; write name=number with names {}, e.g. need=50, "
                    "area=10.", item, ', '.join(sorted(set(WEIGHT_KEYS) - {'area_full_m2'}))))
        out[key] = value
    return out


def canonical_status(value: Any) -> Optional[str]:
    """idle / vacant / in_use for any accepted spelling (any case); None for empty or unknown values."""
    if value is None:
        return None
    text = word_key(value)  # ('闲置 ', 'IDLE', full-width letters)
    if not text:
        return None
    return _STATUS_LOOKUP.get(text)


# ------------------------------------------------------------------------------------------------------------
# land-use classes


@dataclass(frozen=True)
class LandUseMapper:
    """Land-use values -> the classes the rules use: exact > longest prefix (codes only) > longest keyword."""

    exact: Mapping[str, str]
    prefix: tuple  # (pattern, class), longest first
    keyword: tuple  # (pattern, class), longest first

    def classify(self, value: Any) -> Optional[str]:
        if value is None:
            return None
        text = clean_text(value)  # ('Ｒ２', ' 居住 ' as R2, 居住)
        if not text:
            return None
        low = word_key(text)
        if low in self.exact:
            return self.exact[low]
        if _CODE_RE.fullmatch(text):
            for pattern, cls in self.prefix:
                if low.startswith(pattern):
                    return cls
        for pattern, cls in self.keyword:
            if pattern in low:
                return cls
        return text  # unknown values are kept: a rule may name them


_CODE_RE = re.compile(r"(?i)[a-z]\d{0,4}[a-z]?|\d{2,8}")


def load_land_use(path: Optional[PathLike] = None) -> LandUseMapper:
    """The bundled land-use class table, with a planner's table (same columns) taking precedence."""
    rows = _read_land_use(BUNDLED_LAND_USE)
    if path is not None and str(path).strip():
        p = Path(str(path)).expanduser()
        if not p.is_file():
            raise LifeCircleError(Msg("Land-use classes: no such file '{}'.", p))
        user = _read_land_use(p)
        keys = {(m, pat) for m, pat, _ in user}
        rows = user + [r for r in rows if (r[0], r[1]) not in keys]
    exact = {}
    for m, pat, cls in rows:
        if m == "exact":
            exact.setdefault(pat, cls)
    for word in residential_words():  # the one list of residential words, after the tables' own rows
        exact.setdefault(word_key(word), RESIDENTIAL)
    prefix = sorted(((pat, cls) for m, pat, cls in rows if m == "prefix"), key=lambda t: -len(t[0]))
    keyword = sorted(((pat, cls) for m, pat, cls in rows if m == "keyword"), key=lambda t: -len(t[0]))
    return LandUseMapper(exact=exact, prefix=tuple(prefix), keyword=tuple(keyword))


def _read_land_use(path: Path) -> list:
    header, rows = _read_table(path)
    for col in ("pattern", "match", "class"):
        if col not in header:
            raise LifeCircleError(Msg("{}, row 1: missing column '{}'. Expected: pattern, match, class, "
                                      "note.", path, col))
    out = []
    for row_no, row in rows:
        pat = word_key(row.get("pattern", ""))
        if not pat or pat.startswith("#"):
            continue
        match = row.get("match", "").strip().lower() or "exact"
        if match not in ("exact", "prefix", "keyword"):
            raise LifeCircleError(Msg("{}, row {}, column 'match': use exact, prefix or keyword, got "
                                      "{!r}.", path, row_no, match))
        cls = row.get("class", "").strip()
        if not cls:
            raise LifeCircleError(Msg("{}, row {}, column 'class': empty class for {!r}.", path, row_no, pat))
        out.append((match, pat, cls))
    return out


# ------------------------------------------------------------------------------------------------------------
# plain inputs


@dataclass
class ParcelTable:
    """The parcels as plain values (one entry per feature, in the layer's order).

    ``None`` for a whole attribute means the planner chose no field for it. ``geometries`` are shapely
    polygons in a metric CRS. ``zone`` labels group parcels (their 居委 or life-circle unit; None: not in a zone);
    ``zone_type`` is the type value of each parcel's zone when the zones have one (e.g. 居住).
    """

    ids: Sequence[Any]
    geometries: Sequence[Any]
    land_use: Optional[Sequence[Any]] = None
    status: Optional[Sequence[Any]] = None
    far: Optional[Sequence[Any]] = None
    year: Optional[Sequence[Any]] = None
    ownership: Optional[Sequence[Any]] = None
    area: Optional[Sequence[Any]] = None
    remark: Optional[Sequence[Any]] = None
    zone: Optional[Sequence[Any]] = None
    zone_type: Optional[Sequence[Any]] = None
    layer: str = "parcels"
    field_names: Mapping[str, str] = field(default_factory=dict)  # attribute -> layer field, for messages

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Constraint:
    """A constraint polygon (heritage protection, ecological red line, road red line …)."""

    geometry: Any
    mode: str  # "exclude" or "clip"
    name: str = ""


CONSTRAINT_MODES = {
    "exclude": "exclude", "excluded": "exclude", "排除": "exclude", "剔除": "exclude", "禁止": "exclude",
    "禁建": "exclude", "不可用": "exclude",
    "clip": "clip", "裁剪": "clip", "扣除": "clip", "切除": "clip", "clipped": "clip",
}


def constraint_mode(value: Any, default: str, fid: Any, layer: str, field_name: str) -> str:
    """The constraint mode of one feature from its mode field (empty: ``default``)."""
    if value is None or not str(value).strip():
        return default
    mode = CONSTRAINT_MODES.get(str(value).strip().lower())
    if mode is None:
        raise LifeCircleError(
            Msg("Layer '{}', field '{}', feature id {}: unknown constraint mode {!r}; use exclude (排除) or clip "
                "(裁剪).", layer, field_name, fid, value))
    return mode


@dataclass
class CoverageDemand:
    """Residents with their walking distance to each category (the residents output of facility coverage)."""

    xy: np.ndarray  # (n, 2) in the network's CRS (NaN rows: no geometry)
    population: np.ndarray
    distances: Mapping[str, np.ndarray]  # code -> metres, NaN where empty (beyond the search limit / unreachable)
    layer: str = "coverage"
    #: code -> residents of each point the category serves (its age group), for categories measured over a group
    weights: Mapping[str, np.ndarray] = field(default_factory=dict)

    def weight(self, code: str) -> np.ndarray:
        return np.asarray(self.weights.get(code, self.population), dtype=float)


def clean_distances(values: Sequence[Any], ids: Sequence[Any], layer: str, field_name: str) -> np.ndarray:
    """A ``d_<code>`` field as floats (NULL -> NaN); a LifeCircleError names features with text or negatives."""
    out = np.full(len(values), np.nan)
    bad = []
    for i, v in enumerate(values):
        if v is None:
            continue
        x = None if isinstance(v, bool) else _number(v)
        if x is None or x < 0:
            bad.append(ids[i])
        else:
            out[i] = x
    if bad:
        raise LifeCircleError(
            Msg("Layer '{}', field '{}': a value that is not a distance in metres in feature ids {}. Use the "
                "residents output of lifecircle:facilitycoverage unchanged.", layer, field_name, _listed(bad)))
    return out


# ------------------------------------------------------------------------------------------------------------
# results


@dataclass
class PotentialResult:
    """Per input parcel (arrays in the layer's order) plus the diagnostics the adapter logs."""

    ids: list
    kept: np.ndarray  # bool: the parcel is written (it is potential space, or keep_all)
    potential: np.ndarray  # bool: at least one rule fired and no constraint excluded it
    kinds: list  # tuple of kinds per parcel (KINDS order)
    main_kind: list  # the kind of the first rule that fired (rules-file order), or None
    rules: list  # tuple of rule ids per parcel
    labels: list  # tuple of rendered labels per parcel (duplicates removed)
    land_use_class: list
    status: list  # canonical status or None
    area: np.ndarray  # usable area (m²) after clipping
    clipped_m2: np.ndarray
    geometry: list  # the clipped geometry where constraints clipped it, else None (keep the original)
    constraints: list  # names of the constraints that clipped or excluded each parcel
    excluded: np.ndarray  # bool: excluded by a constraint (or clipped to nothing)
    residential_zone: np.ndarray  # bool
    ref_far: np.ndarray  # reference FAR (NaN: none)
    access_m: np.ndarray  # parcel edge -> network (NaN: not snapped / not computed)
    codes: list  # checklist codes with uncovered residents (the columns of ``uncovered``)
    uncovered: np.ndarray  # (n_parcels, n_codes) uncovered residents within each threshold (NaN: not computed)
    fits: list  # tuple of codes that fit by size and kind, per parcel
    gaps: list  # tuple of codes that fit and lack coverage nearby, largest first
    need: np.ndarray
    components: dict  # "kind", "need", "area", "ownership" -> points arrays
    score: np.ndarray  # NaN where not potential
    rank: np.ndarray  # 1 = best; 0 where not potential
    reasons: list
    thresholds: dict  # code -> metres
    names_zh: dict
    diagnostics: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------------------------
# the run


def potential_space(
    parcels: ParcelTable,
    rules: RuleSet,
    profile: Profile,
    network=None,
    elevated_lines: Sequence[Any] = (),
    constraints: Sequence[Constraint] = (),
    demand: Optional[CoverageDemand] = None,
    land_use: Optional[LandUseMapper] = None,
    snap_tolerance: float = 150.0,
    keep_all: bool = False,
    progress: Optional[ProgressCallback] = None,
    is_cancelled: Optional[CancelCallback] = None,
) -> PotentialResult:
    """Finds, scores and explains potential space among ``parcels`` (see the module docstring), in named phases:
    the parcels read, the constraints applied, the zones, the rules, the residents each could serve, then fits,
    score, rank and reasons."""
    steps = Steps(progress, is_cancelled, [1, 1, 2, 6, 1])
    steps.next()
    n = len(parcels)
    if n == 0:
        raise LifeCircleError(Msg("Layer '{}' has no parcels.", parcels.layer))
    _check_rule_categories(rules, profile)
    attrs, geoms, repaired, area, no_area = _parcel_areas(parcels, land_use or load_land_use())
    steps.next()
    clip = apply_constraints(geoms, area, constraints, rules, steps)
    area = clip["area"]
    work_geoms = [g if c is None else c for g, c in zip(geoms, clip["geometry"])]
    # zones: residential or not, and the reference FAR
    rep_xy = np.array([_rep_point(g) for g in work_geoms]).reshape(-1, 2)
    residential, zone_key = residential_zones(attrs["land_use"], area, parcels.zone, parcels.zone_type, rep_xy,
                                              rules)
    ref_far = reference_far(attrs["land_use"], attrs["far"], zone_key, rules)
    steps.next()
    features = _GeometryFeatures(work_geoms, network, elevated_lines, rules)
    fired = evaluate_rules(rules, attrs, area, residential, ref_far, features, ~clip["excluded"], steps)
    potential = np.array([bool(f) for f in fired]) & ~clip["excluded"]
    steps.next()
    thresholds = {c: profile.threshold(c) for c in profile.codes}
    diag: dict = {"repaired_geometries": repaired, "area_from_geometry": [parcels.ids[i] for i in np.flatnonzero(no_area)]
                  if attrs["area_given"] else [], "unknown_status": attrs["unknown_status"],
                  "excluded": {parcels.ids[i]: clip["names"][i] for i in np.flatnonzero(clip["excluded"])},
                  "keyword_rules_without_text": parcels.remark is None and any(r.keywords for r in rules.rules)}
    codes, uncovered, access = _residents_served(parcels, network, work_geoms, potential, demand, profile,
                                                 thresholds, snap_tolerance, steps, diag)
    steps.next()
    by_id = {r.rule_id: r for r in rules.rules}
    fits, gaps, need = _fits_and_gaps(fired, potential, by_id, profile, area, codes, uncovered, rules,
                                      demand is not None)
    comp = score_components(rules, fired, by_id, need, area, attrs["ownership"], potential)
    score = np.where(potential, sum(comp.values()), np.nan)
    rank = rank_scores(score, need, area)
    kinds = [tuple(k for k in KINDS if any(by_id[r].kind == k for r in f)) for f in fired]
    main = [by_id[f[0]].kind if f else None for f in fired]
    labels = _reason_labels(fired, by_id, attrs, ref_far, area, zone_key)
    names = {c: profile.category(c).name_zh for c in profile.codes}
    reasons = [_parcel_reason(i, potential, clip, labels, area, gaps, uncovered, codes, thresholds, names, fits,
                              demand is not None) for i in range(n)]
    steps.done()
    return PotentialResult(
        ids=list(parcels.ids), kept=potential | bool(keep_all), potential=potential, kinds=kinds, main_kind=main,
        rules=[tuple(f) for f in fired], labels=labels, land_use_class=list(attrs["land_use"]),
        status=list(attrs["status"]), area=area, clipped_m2=clip["clipped_m2"], geometry=clip["geometry"],
        constraints=clip["names"], excluded=clip["excluded"], residential_zone=residential, ref_far=ref_far,
        access_m=access, codes=list(codes), uncovered=uncovered, fits=fits, gaps=gaps, need=need,
        components=comp, score=score, rank=rank, reasons=reasons, thresholds=thresholds, names_zh=names,
        diagnostics=diag,
    )


def _check_rule_categories(rules: RuleSet, profile: Profile) -> None:
    """Every category a rule serves is one of the profile's."""
    for rule in rules.rules:
        unknown = [c for c in rule.serves or () if c not in profile.codes]
        if unknown:
            raise LifeCircleError(
                Msg("Rules {}, rule '{}', column 'serves': {} is not a category of profile '{}' "
                    "({}).", rules.source, rule.rule_id, ', '.join(unknown), profile.id, ', '.join(profile.codes)))


def _parcel_areas(parcels: ParcelTable, mapper: LandUseMapper):
    """(cleaned attributes, valid polygons, repaired ids, area, no_area): the area field where given, else the
    polygon's area."""
    attrs = clean_parcels(parcels, mapper)
    geoms, repaired = _valid_polygons(parcels.geometries, parcels.ids, parcels.layer)
    no_area = ~np.isfinite(attrs["area"])
    area = np.where(no_area, np.array([g.area for g in geoms]), attrs["area"])
    return attrs, geoms, repaired, area, no_area


def _residents_served(parcels, network, work_geoms, potential, demand, profile, thresholds, snap_tolerance, steps,
                      diag):
    """(codes, uncovered residents per parcel × code, access leg) near the potential parcels — empty without
    ``demand``; ``diag`` gains what the count noticed."""
    n = len(parcels)
    if demand is None:
        return [], np.full((n, 0), np.nan), np.full(n, np.nan)
    if network is None:
        raise LifeCircleError("Counting uncovered residents needs the walking network.")
    codes = [c for c in profile.codes if c in demand.distances]
    unknown = sorted(set(demand.distances) - set(profile.codes))
    if unknown:
        diag["unknown_codes"] = unknown
    res = uncovered_population(network, work_geoms, potential, demand, {c: thresholds[c] for c in codes},
                               snap_tolerance, steps.sub, steps.check)
    diag.update({k: res[k] for k in ("parcels_beyond_snap", "residents_beyond_snap", "lacking", "pop_total")})
    diag["parcels_beyond_snap"] = [parcels.ids[i] for i in diag["parcels_beyond_snap"]]
    return res["codes"], res["uncovered"], res["access"]


def _fits_and_gaps(fired, potential, by_id, profile, area, codes, uncovered, rules, with_demand: bool):
    """Per parcel: the categories it fits (served by its rules, big enough), the gaps it would close (十全 before
    十美, then the most residents lacking first) and its weighted need."""
    n = len(fired)
    fits, gaps, need = [], [], np.zeros(n)
    col = {c: j for j, c in enumerate(codes)}
    for i in range(n):
        if not potential[i]:
            fits.append(())
            gaps.append(())
            continue
        served = _served_codes([by_id[r] for r in fired[i]], profile)
        fit = tuple(c for c in served if _fits_size(profile, c, area[i]))
        fits.append(fit)
        if not with_demand:
            gaps.append(())
            continue
        g = [(c, uncovered[i, col[c]]) for c in fit if c in col and np.isfinite(uncovered[i, col[c]])
             and uncovered[i, col[c]] > 0]
        g.sort(key=lambda t: (profile.category(t[0]).tier != MUST_HAVE, -t[1], profile.codes.index(t[0])))
        gaps.append(tuple(c for c, _ in g))
        need[i] = sum(rules.tier_weight(profile.category(c).tier) * u for c, u in g)
    return fits, gaps, need


def _reason_labels(fired, by_id, attrs, ref_far, area, zone_key) -> list:
    """Each parcel's reason labels, from the rules that fired and its values."""
    labels = []
    for i in range(len(fired)):
        values = {"land_use": attrs["land_use"][i], "status": attrs["status"][i], "ownership": attrs["ownership"][i],
                  "far": _nan_none(attrs["far"][i]), "ref_far": _nan_none(ref_far[i]),
                  "year": _nan_none(attrs["year"][i]), "area": area[i], "zone": zone_key[i]}
        labels.append(reason_labels([by_id[r] for r in fired[i]], values))
    return labels


def _parcel_reason(i, potential, clip, labels, area, gaps, uncovered, codes, thresholds, names, fits,
                   with_demand: bool) -> str:
    """Parcel ``i``'s reason in the planner's words: why it is potential space, why a constraint excluded it, or
    nothing."""
    if potential[i]:
        return reason_text(labels[i], area[i], gaps[i], uncovered[i] if len(codes) else None, codes, thresholds,
                           names, fits[i], with_demand, clip["clipped_m2"][i], clip["names"][i])
    if clip["excluded"][i]:
        return f"受约束排除（{'、'.join(clip['names'][i])}）"
    return ""


# ------------------------------------------------------------------------------------------------------------
# steps of the run (public: tested one by one)


def clean_parcels(parcels: ParcelTable, mapper: LandUseMapper) -> dict:
    """Attributes as arrays: land-use class, canonical status, FAR, year, ownership, area, remark text.

    A LifeCircleError names every feature whose FAR, building year or area is not a number (or is negative,
    or not a plausible year), by feature id and field.
    """
    n = len(parcels)
    ids = parcels.ids
    problems = []

    def numbers(values, key: str, *, year: bool = False) -> np.ndarray:
        out = np.full(n, np.nan)
        if values is None:
            return out
        bad, negative, implausible = [], [], []
        for i, v in enumerate(values):
            if v is None or (isinstance(v, str) and not v.strip()):
                continue
            x = None if isinstance(v, bool) else _number(str(v).strip().rstrip("年") if year else v)
            if x is None:
                bad.append(ids[i])
            elif x < 0:
                negative.append(ids[i])
            elif year and not 1000 <= x <= 2200:
                implausible.append(ids[i])
            else:
                out[i] = x
        fname = parcels.field_names.get(key, key)
        if bad:
            problems.append(Msg("field '{}' ({}) is not a number in feature ids {}", fname, key, _listed(bad)))
        if negative:
            problems.append(Msg("field '{}' ({}) is negative in feature ids {}", fname, key, _listed(negative)))
        if implausible:
            problems.append(Msg("field '{}' ({}) is not a year in feature ids {}", fname, key,
                                _listed(implausible)))
        return out

    far = numbers(parcels.far, "FAR")
    year = numbers(parcels.year, "building year", year=True)
    area = numbers(parcels.area, "area")
    if problems:
        raise LifeCircleError(Msg("Layer '{}': {}. Fix the values (leave unknown ones empty) and run again.",
                                  parcels.layer, Msg.join("; ", problems)))

    def texts(values) -> list:
        if values is None:
            return [None] * n
        return [None if v is None or not str(v).strip() else str(v).strip() for v in values]

    raw_status = texts(parcels.status)
    status = [canonical_status(v) for v in raw_status]
    unknown = Counter(v for v, s in zip(raw_status, status) if v is not None and s is None)
    return {
        "land_use": [mapper.classify(v) for v in texts(parcels.land_use)],
        "land_use_raw": texts(parcels.land_use),
        "status": status,
        "unknown_status": dict(unknown),
        "far": far,
        "year": year,
        "ownership": texts(parcels.ownership),
        "area": area,
        "area_given": parcels.area is not None,
        "remark": [v.lower() if v else "" for v in texts(parcels.remark)],
    }


def _valid_polygons(geoms: Sequence[Any], ids: Sequence[Any], layer: str):
    """Polygons, invalid ones repaired (make_valid / buffer(0)); non-polygons and empty ones are an error."""
    from shapely.geometry import MultiPolygon

    bad = [ids[i] for i, g in enumerate(geoms) if g is None or g.is_empty
           or g.geom_type not in ("Polygon", "MultiPolygon")]
    if bad:
        raise LifeCircleError(
            Msg("Layer '{}': {} feature(s) without a polygon geometry (feature ids {}). Parcels must be polygons; "
                "fix or delete these features.", layer, len(bad), _listed(bad)))
    out, repaired, broken = [], [], []
    for i, g in enumerate(geoms):
        if g.is_valid:
            out.append(g)
            continue
        fixed = _make_valid(g)
        polys = _polygon_parts(fixed)
        if not polys:
            broken.append(ids[i])
            out.append(g)
            continue
        repaired.append(ids[i])
        out.append(polys[0] if len(polys) == 1 else MultiPolygon(polys))
    if broken:
        raise LifeCircleError(
            Msg("Layer '{}': invalid polygons that cannot be repaired (feature ids {}). Fix them with 'Fix "
                "geometries' and run again.", layer, _listed(broken)))
    return out, repaired


def apply_constraints(geoms: Sequence[Any], area: np.ndarray, constraints: Sequence[Constraint], rules: RuleSet,
                      steps: Optional[Steps] = None) -> dict:
    """Excludes parcels that overlap an ``exclude`` constraint and cuts ``clip`` constraints out of the others.

    Overlaps smaller than ``constraint_min_overlap_m2`` are ignored (shared edges, slivers). A clipped parcel's
    usable area is its area scaled by the share of its polygon left; one clipped below
    ``min_area_after_clip_m2`` is dropped like an excluded one.
    Returns ``geometry`` (clipped polygon or None), ``area``, ``clipped_m2``, ``excluded`` and ``names``.
    """
    n = len(geoms)
    out_geom: list = [None] * n
    area = np.asarray(area, dtype=float).copy()
    clipped = np.zeros(n)
    excluded = np.zeros(n, dtype=bool)
    names: list = [() for _ in range(n)]
    if not constraints:
        return {"geometry": out_geom, "area": area, "clipped_m2": clipped, "excluded": excluded, "names": names}
    min_overlap = float(rules.setting("constraint_min_overlap_m2"))
    min_left = float(rules.setting("min_area_after_clip_m2"))
    cons = [(c, _make_valid(c.geometry)) for c in constraints if c.geometry is not None and not c.geometry.is_empty]
    cb = np.array([g.bounds for _, g in cons], dtype=float).reshape(-1, 4)
    for i, g in enumerate(geoms):
        if steps is not None and i % 200 == 0:
            steps.sub(i / max(n, 1))
        x0, y0, x1, y1 = g.bounds
        near = np.flatnonzero((cb[:, 0] <= x1) & (cb[:, 2] >= x0) & (cb[:, 1] <= y1) & (cb[:, 3] >= y0))
        hit_names, cut = [], []
        for k in near:
            c, cg = cons[k]
            overlap = g.intersection(cg).area
            if overlap <= min_overlap:
                continue
            hit_names.append(c.name or c.mode)
            if c.mode == "exclude":
                excluded[i] = True
            else:
                cut.append(cg)
        if not hit_names:
            continue
        names[i] = tuple(dict.fromkeys(hit_names))
        if excluded[i] or not cut:
            continue
        from shapely.ops import unary_union

        rest = _make_valid(g.difference(unary_union(cut)))
        polys = _polygon_parts(rest)
        left = sum(p.area for p in polys)
        scale = left / g.area if g.area > 0 else 0.0
        new_area = area[i] * scale
        clipped[i] = area[i] - new_area
        area[i] = new_area
        if not polys or new_area < min_left:
            excluded[i] = True
            continue
        from shapely.geometry import MultiPolygon

        out_geom[i] = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    return {"geometry": out_geom, "area": area, "clipped_m2": clipped, "excluded": excluded, "names": names}


def residential_zones(land_use: Sequence[Optional[str]], area: np.ndarray, zone: Optional[Sequence[Any]],
                      zone_type: Optional[Sequence[Any]], rep_xy: np.ndarray, rules: RuleSet):
    """Whether each parcel lies in a residential zone, and the zone key used for FAR references.

    * zones with a type: residential when the type is one of ``residential_zone_values`` (by default the one
      list of residential words, :func:`core.residential.residential_words`);
    * zones without a type (or with an empty one): when housing (``residential_land_uses``) is at least
      ``residential_share_min`` of the zone's parcel area;
    * no zones (or a parcel outside every zone): the parcels whose points lie within ``zone_radius_m``.
    """
    n = len(land_use)
    housing_classes = {word_key(v) for v in rules.setting("residential_land_uses")}
    zone_values = {word_key(v) for v in rules.setting("residential_zone_values")}
    share_min = float(rules.setting("residential_share_min"))
    housing = np.array([lu is not None and word_key(lu) in housing_classes for lu in land_use])
    out = np.zeros(n, dtype=bool)
    keys: list = [None] * n
    have_zone = np.zeros(n, dtype=bool)
    if zone is not None:
        labels = [None if z is None or (isinstance(z, str) and not z.strip()) else str(z) for z in zone]
        have_zone = np.array([z is not None for z in labels])
        types = [None if zone_type is None or zone_type[i] is None or not str(zone_type[i]).strip()
                 else word_key(zone_type[i]) for i in range(n)]
        total: dict = {}
        home: dict = {}
        for i in np.flatnonzero(have_zone):
            total[labels[i]] = total.get(labels[i], 0.0) + area[i]
            home[labels[i]] = home.get(labels[i], 0.0) + (area[i] if housing[i] else 0.0)
        for i in np.flatnonzero(have_zone):
            if types[i] is not None:
                out[i] = types[i] in zone_values
            else:  # no type (no type field, or an empty value): by the share of housing in the zone
                out[i] = total[labels[i]] > 0 and home[labels[i]] / total[labels[i]] >= share_min
        for i in np.flatnonzero(have_zone):
            keys[i] = labels[i]
    rest = np.flatnonzero(~have_zone)
    if len(rest):
        from scipy.spatial import cKDTree

        finite = np.isfinite(rep_xy).all(axis=1)
        pts = np.where(finite[:, None], rep_xy, 0.0)
        tree = cKDTree(pts[finite])
        where = np.flatnonzero(finite)
        radius = float(rules.setting("zone_radius_m"))
        for i in rest:
            if not finite[i]:
                continue
            near = where[tree.query_ball_point(pts[i], radius)]
            tot = area[near].sum()
            out[i] = tot > 0 and area[near][housing[near]].sum() / tot >= share_min
    return out, keys


def reference_far(land_use: Sequence[Optional[str]], far: np.ndarray, zone_key: Sequence[Any],
                  rules: RuleSet) -> np.ndarray:
    """The FAR each parcel is compared with: the median FAR (> 0) of its land-use class in its zone when the zone
    has at least ``far_reference_min`` such parcels, else in the whole layer (NaN when the class has too few)."""
    n = len(land_use)
    need = int(rules.setting("far_reference_min"))
    groups: dict = {}
    overall: dict = {}
    for i in range(n):
        if land_use[i] is None or not np.isfinite(far[i]) or far[i] <= 0:
            continue
        overall.setdefault(land_use[i], []).append(far[i])
        if zone_key[i] is not None:
            groups.setdefault((zone_key[i], land_use[i]), []).append(far[i])
    out = np.full(n, np.nan)
    for i in range(n):
        if land_use[i] is None:
            continue
        local = groups.get((zone_key[i], land_use[i]), []) if zone_key[i] is not None else []
        values = local if len(local) >= need else overall.get(land_use[i], [])
        if len(values) >= need:
            out[i] = float(np.median(values))
    return out


class _GeometryFeatures:
    """Distances to streets and elevated roads and the corner test, computed only where a rule asks."""

    def __init__(self, geoms: Sequence[Any], network, elevated_lines: Sequence[Any], rules: RuleSet):
        self.geoms = geoms
        self.network = network
        self.rules = rules
        self._road: dict = {}
        self._elev: dict = {}
        self._corner: dict = {}
        self._edge_lines: dict = {}
        if network is not None and network.n_edges:
            s, c = network.edge_start, network.edge_count
            vertex = np.repeat(s - np.cumsum(c) + c, c) + np.arange(int(c.sum()))
            edge = np.repeat(np.arange(network.n_edges), c)
            b = np.empty((network.n_edges, 4))
            b[:, :2], b[:, 2:] = np.inf, -np.inf
            np.minimum.at(b[:, 0], edge, network.vx[vertex])
            np.minimum.at(b[:, 1], edge, network.vy[vertex])
            np.maximum.at(b[:, 2], edge, network.vx[vertex])
            np.maximum.at(b[:, 3], edge, network.vy[vertex])
            self.edge_bounds = b
        else:
            self.edge_bounds = np.zeros((0, 4))
        self.elevated = [g for g in elevated_lines if g is not None and not g.is_empty]
        self.elevated_bounds = np.array([g.bounds for g in self.elevated], dtype=float).reshape(-1, 4)

    def _near(self, bounds: np.ndarray, i: int, d: float) -> np.ndarray:
        x0, y0, x1, y1 = self.geoms[i].bounds
        return np.flatnonzero((bounds[:, 0] <= x1 + d) & (bounds[:, 2] >= x0 - d)
                              & (bounds[:, 1] <= y1 + d) & (bounds[:, 3] >= y0 - d))

    def _edge_line(self, e: int):
        line = self._edge_lines.get(e)
        if line is None:
            from shapely.geometry import LineString

            line = self._edge_lines[e] = LineString(self.network.edge_coords(e))
        return line

    def road_lines(self, i: int, d: float) -> list:
        return [self._edge_line(e) for e in self._near(self.edge_bounds, i, d)]

    def road_distance(self, i: int, limit: float) -> float:
        """Distance (m) from the parcel to the nearest walkable street (inf beyond ``limit``)."""
        if self.network is None:
            raise LifeCircleError("Rules on the distance to streets need the walking network.")
        key = (i, limit)
        if key not in self._road:
            lines = self.road_lines(i, limit)
            self._road[key] = min((self.geoms[i].distance(line) for line in lines), default=np.inf)
        return self._road[key]

    def elevated_distance(self, i: int, limit: float) -> float:
        key = (i, limit)
        if key not in self._elev:
            near = self._near(self.elevated_bounds, i, limit)
            self._elev[key] = min((self.geoms[i].distance(self.elevated[k]) for k in near), default=np.inf)
        return self._elev[key]

    def is_corner(self, i: int, max_d: float) -> bool:
        key = (i, max_d)
        if key not in self._corner:
            if self.network is None:
                raise LifeCircleError("Rules on street corners need the walking network.")
            self._corner[key] = is_corner_piece(self.geoms[i], self.road_lines(i, max_d), max_d,
                                                float(self.rules.setting("corner_frontage_m")),
                                                float(self.rules.setting("corner_angle_deg")))
        return self._corner[key]


def is_corner_piece(polygon, streets: Sequence[Any], max_d: float, frontage_m: float, angle_deg: float) -> bool:
    """True when the polygon fronts two streets whose directions are at least ``angle_deg`` apart, each for at
    least ``frontage_m`` metres.

    A side of the polygon *fronts* a street where it runs along it (within 20° of the street's direction) no
    farther than ``max_d`` from its centre line; the sides of a narrow strip that run across the street it lies
    along do not count, so a strip is not a corner.
    """
    if not streets:
        return False
    from shapely.geometry import LineString
    from shapely.ops import unary_union

    street_segs = []  # (direction in degrees 0–180, buffered segment)
    for line in streets:
        c = np.asarray(line.coords)[:, :2]
        for a, b in zip(c[:-1], c[1:]):
            if np.hypot(*(b - a)) > 1e-6:
                street_segs.append((_direction(a, b), LineString([tuple(a), tuple(b)]).buffer(max_d)))
    fronts = []  # (direction of the street, length of the polygon's side fronting it)
    for part in _polygon_parts(polygon):
        coords = np.asarray(part.exterior.coords)[:, :2]
        for a, b in zip(coords[:-1], coords[1:]):
            if np.hypot(*(b - a)) < 1e-6:
                continue
            side = LineString([tuple(a), tuple(b)])
            theta = _direction(a, b)
            parallel = [(d, zone) for d, zone in street_segs if _apart(theta, d) <= 20.0]
            while parallel:  # street pieces of one direction together (no double count of collinear pieces)
                d0 = parallel[0][0]
                group = [z for d, z in parallel if _apart(d, d0) <= 20.0]
                parallel = [(d, z) for d, z in parallel if _apart(d, d0) > 20.0]
                inside = side.intersection(unary_union(group)).length
                if inside > 1e-6:
                    fronts.append((d0, inside))
    # frontage per street direction: within 20° counts together (a side cut in pieces, a street in segments)
    long_dirs = [a for a, _ in fronts if sum(length for b, length in fronts if _apart(a, b) <= 20.0) >= frontage_m]
    return any(_apart(a, b) >= angle_deg for k, a in enumerate(long_dirs) for b in long_dirs[k + 1:])


def _direction(a, b) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0])) % 180.0


def _apart(x: float, y: float) -> float:
    """Angle between two undirected directions (degrees, 0–90)."""
    d = abs(x - y) % 180.0
    return min(d, 180.0 - d)


def evaluate_rules(rules: RuleSet, attrs: Mapping[str, Any], area: np.ndarray, residential: np.ndarray,
                   ref_far: np.ndarray, features: _GeometryFeatures, eligible: np.ndarray,
                   steps: Optional[Steps] = None) -> list:
    """The ids of the rules that fire on each parcel, in rules-file order (attribute conditions first; the
    geometric ones only where those hold)."""
    n = len(area)
    fired: list = [[] for _ in range(n)]
    land_use, status, ownership, remark = attrs["land_use"], attrs["status"], attrs["ownership"], attrs["remark"]
    far, year = attrs["far"], attrs["year"]
    for k, rule in enumerate(rules.rules):
        ok = eligible.copy()
        if rule.land_use is not None:
            ok &= np.array([rule.land_use.accepts(v) for v in land_use], dtype=bool)
        if rule.status is not None:
            ok &= np.array([rule.status.accepts(v) for v in status], dtype=bool)
        if rule.ownership is not None:
            ok &= np.array([rule.ownership.accepts(v) for v in ownership], dtype=bool)
        if rule.keywords:
            ok &= np.array([any(kw in text for kw in rule.keywords) for text in remark], dtype=bool)
        if rule.residential_zone is not None:
            ok &= residential == rule.residential_zone
        if rule.area_min_m2 is not None:
            ok &= area >= rule.area_min_m2
        if rule.area_max_m2 is not None:
            ok &= area <= rule.area_max_m2
        with np.errstate(invalid="ignore"):
            if rule.far_max is not None:
                ok &= np.isfinite(far) & (far <= rule.far_max)
            if rule.far_ratio_max is not None:
                ok &= np.isfinite(far) & np.isfinite(ref_far) & (far <= rule.far_ratio_max * ref_far)
            if rule.year_max is not None:
                ok &= np.isfinite(year) & (year <= rule.year_max)
        candidates = np.flatnonzero(ok)
        for j, i in enumerate(candidates):
            if steps is not None and j % 64 == 63:  # the geometric tests take milliseconds each
                steps.sub((k + (j + 1) / len(candidates)) / max(len(rules.rules), 1))
            if rule.elevated_max_m is not None and features.elevated_distance(i, rule.elevated_max_m) > \
                    rule.elevated_max_m:
                continue
            if rule.road_max_m is not None and features.road_distance(i, rule.road_max_m) > rule.road_max_m:
                continue
            if rule.corner and not features.is_corner(i, rule.road_max_m):
                continue
            fired[i].append(rule.rule_id)
        if steps is not None:
            steps.sub((k + 1) / max(len(rules.rules), 1))
    return fired


def parcel_entrances(network, geoms: Sequence[Any], mask: np.ndarray, snap_tolerance: float):
    """Where each parcel joins the walking network: the network point nearest to the parcel's point on surface,
    with the access leg measured from the parcel's edge to that point. Parcels whose edge is farther than the
    snap tolerance from the network (or outside ``mask``) are not snapped (``edge`` -1)."""
    from shapely.geometry import Point

    from .network import SnapResult

    n = len(geoms)
    xy = np.array([_rep_point(g) if mask[i] else (np.nan, np.nan) for i, g in enumerate(geoms)]).reshape(-1, 2)
    depth = np.array([g.boundary.distance(Point(*xy[i])) if mask[i] else 0.0 for i, g in enumerate(geoms)])
    reach = float(snap_tolerance) + float(depth.max() if n else 0.0)
    snap = network.snap(np.where(np.isfinite(xy), xy, np.nan), reach, through_gates=False)
    access = np.full(n, np.nan)
    edge = snap.edge.copy()
    for i in np.flatnonzero(snap.edge >= 0):
        access[i] = geoms[i].distance(Point(snap.x[i], snap.y[i]))
        if access[i] > snap_tolerance:
            edge[i] = -1
    access[edge < 0] = np.nan
    street = SnapResult(edge=edge, offset=snap.offset, access=np.where(edge >= 0, access, np.nan), x=snap.x,
                        y=snap.y, tolerance=float(snap_tolerance))
    if network.gated is not None:  # a parcel inside a gated compound is reached through its gates
        return network.gated.through_gates(network, xy, street)
    return street


def uncovered_population(network, geoms: Sequence[Any], mask: np.ndarray, demand: CoverageDemand,
                         thresholds: Mapping[str, float], snap_tolerance: float,
                         progress: Optional[ProgressCallback] = None, is_cancelled: Optional[CancelCallback] = None,
                         chunk: int = 256) -> dict:
    """For each parcel in ``mask`` and each category with uncovered residents: the residents who lack the
    category (distance empty or beyond its threshold) within the category's threshold of the parcel, walking.

    One sparse distance-matrix run from the parcels (in chunks, to bound memory) to the residents, up to the
    largest threshold, reduced per category. Returns ``codes`` (the categories lacking somewhere), ``uncovered``
    (n_parcels × n_codes, NaN outside ``mask`` or for parcels off the network), ``access`` and diagnostics.
    """
    steps = Steps(progress, is_cancelled, [1, 8])
    steps.next()
    n = len(geoms)
    pop = np.asarray(demand.population, dtype=float)
    lacking = {}
    for c, thr in thresholds.items():
        d = np.asarray(demand.distances[c], dtype=float)
        lack = ~np.isfinite(d) | (d > thr)
        if (demand.weight(c)[lack] > 0).any():
            lacking[c] = lack
    codes = list(lacking)
    out = np.full((n, len(codes)), np.nan)
    mask = np.asarray(mask, dtype=bool)
    entrances = parcel_entrances(network, geoms, mask, snap_tolerance)
    res_xy = np.asarray(demand.xy, dtype=float).reshape(-1, 2)
    residents = network.snap(res_xy, snap_tolerance)
    result = {"codes": codes, "uncovered": out, "access": entrances.access,
              "parcels_beyond_snap": [int(i) for i in np.flatnonzero(mask & (entrances.edge < 0))],
              "residents_beyond_snap": [int(i) for i in residents.beyond],
              "lacking": {c: float(demand.weight(c)[lacking[c]].sum()) for c in codes},
              "pop_total": float(pop.sum())}
    sources = np.flatnonzero(mask & (entrances.edge >= 0))
    out[sources] = 0.0
    if not codes or not len(sources):
        steps.done()
        return result
    router = network.router({"parcels": entrances, "residents": residents})
    limit = max(thresholds[c] for c in codes)
    weights = np.column_stack([np.where(lacking[c], demand.weight(c), 0.0) for c in codes])
    thr = np.array([thresholds[c] for c in codes])
    steps.next()
    for start in range(0, len(sources), chunk):
        part = sources[start:start + chunk]
        sel = np.zeros(n, dtype=bool)
        sel[part] = True
        m = router.distance_matrix("parcels", "residents", limit, source_mask=sel, is_cancelled=steps.check)
        m = m[part].tocoo()
        for j in range(len(codes)):
            keep = m.data <= thr[j] + 1e-9
            out[part, j] = np.bincount(m.row[keep], weights=weights[m.col[keep], j], minlength=len(part))
        steps.sub(min(1.0, (start + chunk) / len(sources)))
    steps.done()
    return result


def _served_codes(fired_rules: Sequence[Rule], profile: Profile) -> tuple:
    """Checklist codes the parcel's kinds of space suit, in profile order: a rule that names what it serves
    restricts the parcel to those (a vacant corner is a 金角银边 piece for small points, not any vacant land),
    several such rules to what they have in common (their union when they share nothing); rules without a
    ``serves`` list restrict nothing."""
    lists = []
    for r in fired_rules:
        if r.serves is not None:
            for c in r.serves:
                profile.category(c)  # unknown codes: a planner-readable error
            lists.append(set(r.serves))
    if not lists:
        return tuple(profile.codes) if fired_rules else ()
    allowed = set.intersection(*lists) or set.union(*lists)
    return tuple(c for c in profile.codes if c in allowed)


def _fits_size(profile: Profile, code: str, area: float) -> bool:
    need = profile.category(code).min_area_m2
    return need is None or area >= need


def score_components(rules: RuleSet, fired: Sequence[Sequence[str]], by_id: Mapping[str, Rule], need: np.ndarray,
                     area: np.ndarray, ownership: Sequence[Optional[str]], potential: np.ndarray) -> dict:
    """The four weighted terms of the score (points), zero where the parcel is not potential space."""
    w = rules.weights
    need_full = float(rules.setting("need_full"))
    if need_full <= 0:  # 0: relative to the potential parcel with the largest need
        need_full = float(np.max(np.where(potential, need, 0.0), initial=0.0))
    need_full = max(need_full, 1e-9)
    area_full = max(float(rules.setting("area_full_m2")), 1e-9)
    strength = np.array([max((by_id[r].strength for r in f), default=0.0) for f in fired])
    ease = np.array([rules.ownership_ease(o) for o in ownership])
    comp = {
        "kind": w["kind"] * strength,
        "need": w["need"] * np.minimum(1.0, need / need_full),
        "area": w["area"] * np.minimum(1.0, np.asarray(area) / area_full),
        "ownership": w["ownership"] * ease,
    }
    return {k: np.where(potential, v, 0.0) for k, v in comp.items()}


def rank_scores(score: np.ndarray, need: np.ndarray, area: np.ndarray) -> np.ndarray:
    """1 for the highest score (ties: more need, then more area, then layer order); 0 where score is NaN."""
    rank = np.zeros(len(score), dtype=np.int64)
    ok = np.flatnonzero(np.isfinite(score))
    order = ok[np.lexsort((ok, -np.asarray(area)[ok], -np.asarray(need)[ok], -np.round(score[ok], 9)))]
    rank[order] = np.arange(1, len(order) + 1)
    return rank


# ------------------------------------------------------------------------------------------------------------
# reasons in Chinese


class _LabelFormatter(string.Formatter):
    """str.format for rule labels: named placeholders only; an unknown value shows as "—"."""

    def get_value(self, key, args, kwargs):
        if not isinstance(key, str) or key not in LABEL_FIELDS:
            raise KeyError(key)
        return kwargs.get(key)

    def get_field(self, field_name, args, kwargs):
        if not re.fullmatch(r"[a-z_]+", field_name):
            raise KeyError(field_name)
        return self.get_value(field_name, args, kwargs), field_name

    def format_field(self, value, format_spec):
        if value is None:
            return "—"
        try:
            return format(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


def render_label(label: str, values: Mapping[str, Any]) -> str:
    return _LabelFormatter().format(label, **{k: values.get(k) for k in LABEL_FIELDS})


def reason_labels(fired: Sequence[Rule], values: Mapping[str, Any]) -> tuple:
    """The labels a reason starts with, in rules-file order: for 金角银边 and 附属空间 only the first rule of the
    kind that fired (its rows are alternative descriptions of where the piece lies: a corner is also along a
    road), for 闲置 and 低效 every rule that fired (they add up); repeated labels once."""
    out: list = []
    shown_kinds: set = set()
    for rule in fired:
        if rule.kind in (LEFTOVER, AFFILIATED):
            if rule.kind in shown_kinds:
                continue
            shown_kinds.add(rule.kind)
        text = render_label(rule.label_zh, values)
        if text not in out:
            out.append(text)
    return tuple(out)


def area_text(m2: float) -> str:
    """``1.2 万 m²`` from 10,000 m² up, else ``850 m²``."""
    if not np.isfinite(m2):
        return "面积不详"
    if m2 >= 10000:
        return f"{m2 / 10000:.1f} 万 m²"
    return f"{m2:,.0f} m²"


def walk_text(threshold_m: float) -> str:
    """``15 分钟`` for the standard 300/500/800/1,000 m thresholds, else ``步行 600 米``."""
    minutes = MINUTES.get(float(threshold_m))
    return f"{minutes} 分钟" if minutes else f"步行 {threshold_m:,.0f} 米"


def reason_text(labels: Sequence[str], area: float, gaps: Sequence[str], uncovered_row, codes: Sequence[str],
                thresholds: Mapping[str, float], names: Mapping[str, str], fits: Sequence[str],
                with_demand: bool, clipped_m2: float = 0.0, constraint_names: Sequence[str] = ()) -> str:
    """E.g. ``闲置工业用地，1.2 万 m²，15 分钟内 8,300 名居民缺少 为老服务；另可兼顾 文化活动（1,200 人）``."""
    parts = ["、".join(labels) if labels else "不属于潜力空间", area_text(area)]
    if clipped_m2 > 0:
        parts[-1] += f"（已扣除{'、'.join(constraint_names)} {area_text(clipped_m2)}）"
    if with_demand:
        col = {c: j for j, c in enumerate(codes)}
        if gaps:
            top = gaps[0]
            text = (f"{walk_text(thresholds[top])}内 {uncovered_row[col[top]]:,.0f} 名居民缺少 {names[top]}")
            more = [f"{names[c]}（{uncovered_row[col[c]]:,.0f} 人）" for c in gaps[1:3]]
            if more:
                text += "；另可兼顾 " + "、".join(more) + (f" 等 {len(gaps) - 1} 类" if len(gaps) > 3 else "")
            parts.append(text)
        else:
            parts.append("步行范围内没有本地块可补足的设施缺口")
    elif fits:
        shown = "、".join(names[c] for c in fits[:4])
        parts.append(f"面积可容纳 {shown}" + (f" 等 {len(fits)} 类设施" if len(fits) > 4 else ""))
    return "，".join(parts)


# ------------------------------------------------------------------------------------------------------------
# small helpers


def _split_list(text: str) -> list:
    return [v.strip() for v in re.split(r"[;；,，、|]", str(text)) if v.strip()]


def _number(value: Any) -> Optional[float]:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            x = float(text)
        except ValueError:
            return None
    return x if math.isfinite(x) else None


def _nan_none(x: float) -> Optional[float]:
    return None if x is None or not np.isfinite(x) else float(x)



def _rep_point(g) -> tuple:
    if g is None or g.is_empty:
        return (np.nan, np.nan)
    p = g.representative_point()
    return (p.x, p.y)


def _make_valid(g):
    if g is None or g.is_valid:
        return g
    try:
        from shapely.validation import make_valid  # shapely >= 1.8

        return make_valid(g)
    except ImportError:  # pragma: no cover
        return g.buffer(0)


def _polygon_parts(g) -> list:
    """The polygons of a geometry (of a collection's polygonal members), empty ones dropped."""
    if g is None or g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if hasattr(g, "geoms"):
        return [p for member in g.geoms for p in _polygon_parts(member)]
    return []
