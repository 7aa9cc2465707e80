"""The rules a life-circle unit keeps: presets per area type (population band, walking radius, each with its
public source), the block types planners type, and :class:`UnitRules` (the band, the radius and the method's
tolerances)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

import numpy as np

from .checklist import RESOURCES, _positive_number, _read_table, _require_columns
from .errors import LifeCircleError, Msg, listed as _listed
from .residential import RESIDENTIAL, UNIT_TYPES_FILE
from .typed import canonical_word, clean_text, vocabulary_lookup, word_key


#: the tables behind the presets and the unit types (resources/rules/README.md, "Unit presets")
BUNDLED_PRESETS = RESOURCES / "rules" / "unit_presets.csv"
BUNDLED_UNIT_TYPES = UNIT_TYPES_FILE
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
BUSINESS, INDUSTRY, VILLAGE = "商务", "产业", "乡村"  # (RESIDENTIAL: core/residential.py)
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
    compact: bool = True  # smooth unit boundaries for compactness once the band and the radius are settled

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



def block_walk_limits(rules: UnitRules, block_type: Optional[Sequence], n: int) -> np.ndarray:
    """Each block's walking radius from its unit's centre: its type's (``rules.walk_by_type``, e.g. 乡村), else
    MAX_WALK."""
    limits = np.full(n, float(rules.max_walk))
    if block_type is not None and rules.walk_by_type:
        for i, kind in enumerate(block_type):
            limits[i] = rules.walk_by_type.get(kind, limits[i]) if kind is not None else limits[i]
    return limits
