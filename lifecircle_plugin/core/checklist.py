"""The 十全/十美 checklist: profiles (categories with walking thresholds) and facility-type mapping tables.

Pure Python (``csv`` only, no QGIS): the facility-coverage, potential-space and siting algorithms read what a
planner's checklist is from here.

**Profiles** are data files in ``resources/standards/``: ``<id>.csv`` (one row per category: code, name_zh,
name_en, tier 十全/十美, kind 基础保障/品质提升, threshold_m, min_area_m2, one_stop, note) and
``<id>.settings.csv`` (key, value, note: target shares and the "1+N" area rules). A planner's own profile is a
CSV with the same columns anywhere on disk, optionally with a ``<name>.settings.csv`` beside it. Files are
read as UTF-8 (with or without the BOM Excel writes) or, failing that, as GB18030 (Excel's "CSV" on Chinese
Windows); errors name the file, the row (as Excel numbers it: the header is row 1) and the column.

**Mapping tables** in ``resources/mappings/`` (``amap.csv``, ``osm.csv``; columns source, pattern, match,
code, note) translate facility type values to checklist codes. :class:`CategoryMapper` takes a value as a
facility layer holds it and decides what kind it is:

* a checklist code itself (``"Q05"``, any case) passes through (source ``codes``);
* digits: an AMap typecode (``"090100"``; leading zeros lost by Excel or an integer field are restored),
  matched by ``amap_code`` rules;
* ``key=value`` text: OSM tags, one pair or several (``"amenity=clinic;healthcare=clinic"``, OSM's own value
  lists ``"shop=convenience;supermarket"``, or GDAL's ``other_tags`` ``"amenity"=>"clinic",...``), matched by
  ``osm`` rules; a rule may require several tags (``amenity=social_facility;social_facility:for=senior``);
* any other text: an AMap type name ``"医疗保健服务;综合医院;三级甲等医院"`` or the planner's own label,
  matched by ``amap_name`` and ``code`` rules (case-insensitive);
* several alternatives joined by ``|`` (AMap's ``"070000|060000"``): the first that maps wins.

Precedence, the same for every kind: **exact > longest prefix > keyword** (the longest keyword; on equal
length a user-table rule, then the earlier row). Among OSM rules the one requiring the most tags wins, then
the one whose tag comes first in the value. The code ``-`` marks a rule that explicitly maps to no category
(e.g. AMap 090201 整形美容 under the 专科医院 prefix, or ``leisure=park;access=private``): it stops shorter
prefixes and keywords from applying, and the value counts as unmapped. Rows of a user table replace bundled
rows with the same pattern (AMap type names and the planner's own labels share one text namespace).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

from .errors import LifeCircleError, Msg
from .groups import parse_serves
from .typed import clean_text, contains_phrase, word_key, yes_no

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
STANDARDS_DIR = RESOURCES / "standards"
MAPPINGS_DIR = RESOURCES / "mappings"

MUST_HAVE = "十全"
OPTIONAL = "十美"
TIERS = (MUST_HAVE, OPTIONAL)
#: kind of each tier (the 年度项目实施清单 field ``kind`` uses the same words)
KIND_OF_TIER = {MUST_HAVE: "基础保障", OPTIONAL: "品质提升"}
_TIER_ALIASES = {
    "十全": MUST_HAVE, "必配": MUST_HAVE, "must": MUST_HAVE, "must-have": MUST_HAVE, "must_have": MUST_HAVE,
    "十美": OPTIONAL, "选配": OPTIONAL, "optional": OPTIONAL,
}
_KIND_ALIASES = {
    "基础保障": "基础保障", "保基本": "基础保障", "basic": "基础保障",
    "品质提升": "品质提升", "提品质": "品质提升", "quality": "品质提升",
}

PROFILE_COLUMNS = ("code", "name_zh", "name_en", "tier", "kind", "threshold_m", "min_area_m2", "one_stop", "serves",
                   "note")
_PROFILE_REQUIRED = ("code", "name_zh", "tier", "threshold_m")
SETTINGS_SUFFIX = ".settings.csv"
CENTRES_SUFFIX = ".centres.csv"
#: defaults for a user profile without a settings file: the bundled Shanghai profile's values (their sources are
#: in resources/standards/shanghai.settings.csv and the table of resources/standards/README.md)
DEFAULT_SETTINGS = {
    "target_share": 0.85,
    "one_stop_min_area_m2": 800.0,
    "small_point_min_m2": 50.0,
    "small_point_max_m2": 200.0,
    "small_point_link_m": 1000.0,
}
_SETTING_KEYS = ("id", "name_zh", "name_en", "target_share", "target_year", "one_stop_min_area_m2",
                 "small_point_min_m2", "small_point_max_m2", "small_point_link_m")
CENTRE_COLUMNS = ("type", "label_zh", "name_en", "requires", "min_area_m2", "note")
#: in a centre rule's ``requires``: every one-stop function of the profile (its rows with one_stop = 1)
ONE_STOP_TOKEN = "one_stop"
#: the profile a run uses when it names none: Shanghai's rules (resources/standards/shanghai.csv and its README name
#: the public sources), LifeCircle's first profile
DEFAULT_PROFILE = "shanghai"
#: bundled profiles listed first, in this order; any other ``<id>.csv`` in STANDARDS_DIR follows by name
_PREFERRED_ORDER = (DEFAULT_PROFILE, "national")

MAPPING_COLUMNS = ("source", "pattern", "match", "code", "note")
SOURCES = ("amap_code", "amap_name", "osm", "code")
MATCHES = ("exact", "prefix", "keyword")
_ALLOWED_MATCHES = {
    "amap_code": ("exact", "prefix"),
    "amap_name": MATCHES,
    "osm": ("exact",),
    "code": MATCHES,
}
#: the code of a rule that explicitly maps to no category
EXCLUDED = "-"
#: bundled mapping tables, by the name ``load_mapping(sources=...)`` uses
BUNDLED_TABLES = {"amap": "amap.csv", "osm": "osm.csv"}
#: ``sources="auto"``: checklist codes pass through, plus every bundled table
AUTO_SOURCES = ("codes", "amap", "osm")

PathLike = Union[str, "os.PathLike[str]"]


# ------------------------------------------------------------------------------------------------------------
# profiles


@dataclass(frozen=True)
class Category:
    """One checklist category (e.g. Q05 为老服务) with its walking threshold."""

    code: str
    name_zh: str
    name_en: str
    tier: str  # "十全" (must-have) or "十美" (optional)
    kind: str  # "基础保障" or "品质提升"
    threshold_m: float  # walking distance that counts as covered
    min_area_m2: Optional[float]  # smallest floor/land area for a new facility of the category (None: any)
    one_stop: bool  # part of the one-stop centre (一站式综合服务中心) "1+N" check
    note: str  # where the threshold comes from
    serves: tuple = ()  # population groups the category is for (core/groups.py keys); () is everyone

    def name(self, language: str = "zh") -> str:
        """The category name in ``language`` ("zh", "zh_CN" … or "en"; English falls back to Chinese)."""
        if str(language or "zh").lower().startswith("zh"):
            return self.name_zh
        return self.name_en or self.name_zh

    @property
    def must_have(self) -> bool:
        return self.tier == MUST_HAVE


@dataclass(frozen=True)
class CentreType:
    """One row of ``<id>.centres.csv``: a one-stop centre is of this type (e.g. 理想型 全龄共享) when it hosts one
    function of every group in ``requires`` and has at least ``min_area_m2`` (None: the profile's floor)."""

    type_zh: str  # 理想型 / 基本型 / 特色型
    label_zh: str  # 全龄共享 / 服务老幼 …
    name_en: str
    requires: tuple[tuple[str, ...], ...]  # groups of codes: one of each group is needed
    min_area_m2: Optional[float]
    note: str

    def fits(self, hosted: Iterable[str], area: float) -> bool:
        """Whether a centre hosting the codes ``hosted`` with ``area`` m² (NaN: unknown, not held against it) is
        of this type."""
        have = set(hosted)
        if not all(have.intersection(group) for group in self.requires):
            return False
        return self.min_area_m2 is None or not area >= 0 or area >= self.min_area_m2


@dataclass(frozen=True)
class Profile:
    """A checklist profile: the ordered categories (十全 first) and the profile-level rules."""

    id: str
    name_zh: str
    name_en: str
    categories: tuple[Category, ...]
    target_share: float  # share of residents a category must cover in a unit to count as met
    one_stop_min_area_m2: float  # the "1" of "1+N": the one-stop centre's minimum floor area
    small_point_min_m2: float  # the "N" of "1+N": small points between these areas
    small_point_max_m2: float
    source_path: str
    #: labelled targets from the settings (e.g. ("2025", 0.85), ("2035", 0.99)); ``target_share`` is the default
    targets: tuple[tuple[str, float], ...] = ()
    #: the label of the target ``target_share`` is (the settings' target_year, e.g. "2025"); "" when unlabelled
    target_label: str = ""
    #: "1+N": an N point is linked to the centre when it is within this walk of it (metres)
    small_point_link_m: float = 1000.0
    #: centre types in the order they are tried (``<id>.centres.csv``); () when the profile has none
    centre_types: tuple[CentreType, ...] = ()
    _index: dict = field(default=None, init=False, repr=False, compare=False, hash=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.code: c for c in self.categories})

    @property
    def label(self) -> str:
        """What a user picks from, e.g. ``上海 十全十美 (Shanghai 2023)``."""
        if self.name_en and self.name_en != self.name_zh:
            return f"{self.name_zh} ({self.name_en})"
        return self.name_zh

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.categories)

    @property
    def one_stop_codes(self) -> tuple[str, ...]:
        """The functions a one-stop centre must host (rows with one_stop = 1)."""
        return tuple(c.code for c in self.categories if c.one_stop)

    def centre_type(self, hosted: Iterable[str], area: float) -> Optional[CentreType]:
        """The first centre type whose rule a centre hosting ``hosted`` with ``area`` m² meets, or None."""
        hosted = set(hosted)
        return next((t for t in self.centre_types if t.fits(hosted, area)), None)

    @property
    def must_have(self) -> tuple[str, ...]:
        """The 十全 codes."""
        return tuple(c.code for c in self.categories if c.tier == MUST_HAVE)

    @property
    def optional(self) -> tuple[str, ...]:
        """The 十美 codes."""
        return tuple(c.code for c in self.categories if c.tier == OPTIONAL)

    def category(self, code: str) -> Category:
        """The category of ``code`` (any case); a LifeCircleError lists the valid codes."""
        key = str(code).strip().upper()
        try:
            return self._index[key]
        except KeyError:
            raise LifeCircleError(
                Msg("Unknown checklist code {!r} in profile '{}'. Valid codes: "
                    "{}.", code, self.id, ', '.join(self.codes))
            ) from None

    def threshold(self, code: str) -> float:
        """Walking threshold of ``code`` in metres."""
        return self.category(code).threshold_m

    def target(self, label: Optional[str] = None) -> float:
        """The target share labelled ``label`` (e.g. "2035"); None gives ``target_share``."""
        if label is None:
            return self.target_share
        for name, share in self.targets:
            if name == str(label).strip():
                return share
        known = ", ".join(n for n, _ in self.targets) or "none"
        raise LifeCircleError(Msg("Profile '{}' has no target labelled {!r} (labelled targets: "
                                  "{}).", self.id, label, known))

    def with_thresholds(self, overrides: Mapping[str, float]) -> Profile:
        """A copy with some walking thresholds replaced, e.g. ``{"Q05": 300}`` (codes in any case)."""
        new = dict(self._index)
        for code, value in overrides.items():
            cat = self.category(code)
            metres = _positive_number(value)
            if metres is None:
                raise LifeCircleError(
                    Msg("Threshold for {} ({}) must be a positive number of metres, got "
                        "{!r}.", cat.code, cat.name_zh, value)
                )
            new[cat.code] = dataclasses.replace(cat, threshold_m=metres)
        return dataclasses.replace(self, categories=tuple(new[c] for c in self.codes))


def bundled_profiles() -> list[tuple[str, str]]:
    """The profiles shipped with the plugin as (id, label), the default (Shanghai) first."""
    ids = [p.name[: -len(".csv")] for p in STANDARDS_DIR.glob("*.csv") if not p.name.endswith(SETTINGS_SUFFIX)]
    ordered = [i for i in _PREFERRED_ORDER if i in ids] + sorted(i for i in ids if i not in _PREFERRED_ORDER)
    result = []
    for pid in ordered:
        settings = _read_settings(STANDARDS_DIR / f"{pid}{SETTINGS_SUFFIX}", required=False)
        name_zh = str(settings.get("name_zh") or pid)
        name_en = str(settings.get("name_en") or "")
        result.append((pid, f"{name_zh} ({name_en})" if name_en and name_en != name_zh else name_zh))
    return result


def load_profile(name_or_path: PathLike) -> Profile:
    """A bundled profile by id ("shanghai", "national") or a planner's profile CSV by path.

    A user CSV has the columns of :data:`PROFILE_COLUMNS` (code, name_zh, tier and threshold_m are required;
    extra columns are ignored) and may have ``<name>.settings.csv`` beside it; without one the Shanghai rules
    of :data:`DEFAULT_SETTINGS` apply. Categories are ordered 十全 first, then by code.
    """
    text = os.fspath(name_or_path).strip() if name_or_path is not None else ""
    if not text:
        raise LifeCircleError(
            "No checklist profile given: use a bundled id (" + _bundled_ids_text() + ") or a CSV path."
        )
    bundled = {pid.lower(): pid for pid, _ in bundled_profiles()}
    if text.lower() in bundled:
        path = STANDARDS_DIR / f"{bundled[text.lower()]}.csv"
        settings_required = True
    else:
        path = Path(text).expanduser()
        if not path.is_file():
            raise LifeCircleError(
                Msg(
                    "No bundled checklist profile named '{}' and no such file. Bundled profiles: {}; or give the path "
                    "of a profile CSV.",
                    text,
                    _bundled_ids_text(),
                )
            )
        settings_required = False
    categories = _read_profile_categories(path)
    settings_path = path.with_name(path.name[: -len(path.suffix)] + SETTINGS_SUFFIX) if path.suffix else None
    settings = _read_settings(settings_path, required=settings_required) if settings_path else {}
    profile = _profile_from(path, categories, settings)
    centres_path = path.with_name(path.name[: -len(path.suffix)] + CENTRES_SUFFIX) if path.suffix else None
    if centres_path is not None and centres_path.is_file():
        profile = dataclasses.replace(profile, centre_types=read_centre_types(centres_path, profile))
    return profile


def read_centre_types(path: PathLike, profile: Profile) -> tuple[CentreType, ...]:
    """The centre-type rules of ``path`` (columns :data:`CENTRE_COLUMNS`), checked against ``profile``'s codes.

    ``requires``: groups separated by ``;`` of codes separated by ``|`` (one of a group is enough), e.g.
    ``one_stop;Q06|M03`` = every one-stop function and a childcare function; codes or Chinese names."""
    path = Path(path)
    header, rows = _read_table(path)
    _require_columns(path, header, ("type", "requires"), CENTRE_COLUMNS)
    types = []
    for row_no, row in rows:
        type_zh = row.get("type", "").strip()
        if not type_zh and not any(v.strip() for v in row.values()) or type_zh.startswith("#"):
            continue
        where = f"{path}, row {row_no}"
        if not type_zh:
            raise LifeCircleError(Msg("{}, column 'type': empty centre type.", where))
        requires = _centre_requirements(row.get("requires", ""), profile, f"{where}, column 'requires'")
        area_text = row.get("min_area_m2", "").strip()
        min_area = _positive_number(area_text) if area_text else None
        if area_text and min_area is None:
            raise LifeCircleError(Msg("{}, column 'min_area_m2': {!r} is not a positive number (leave it empty for "
                                      "the profile's one-stop floor).", where, area_text))
        types.append(CentreType(type_zh, row.get("label_zh", "").strip(), row.get("name_en", "").strip() or type_zh,
                                requires, min_area, row.get("note", "").strip()))
    return tuple(types)


def _centre_requirements(text: str, profile: Profile, where: str) -> tuple[tuple[str, ...], ...]:
    groups = []
    for item in (i.strip() for i in re.split(r"[;；]", text)):
        if not item:
            continue
        if item.lower() == ONE_STOP_TOKEN:
            groups.extend((code,) for code in profile.one_stop_codes)
            continue
        codes, unknown = parse_functions(item.replace("|", ";"), profile)
        if unknown:
            raise LifeCircleError(Msg("{}: {} is not a code or category name of profile '{}' (write codes such as "
                                      "Q05, names such as 为老服务, or one_stop).", where, "、".join(unknown), profile.id))
        groups.append(tuple(sorted(codes)))
    if not groups:
        raise LifeCircleError(Msg("{}: empty; name the functions the type needs (e.g. one_stop;Q06|M03).", where))
    return tuple(groups)


def parse_functions(text: object, profile: Profile) -> tuple[set, list]:
    """The checklist codes a facility's functions field lists, e.g. ``"Q01;q02、为老服务"`` -> {Q01, Q02, Q05},
    and the items that are neither a code nor a category name of ``profile`` (separators ``;`` ``,`` ``、`` and
    spaces, full-width too; case-insensitive)."""
    by_name = {word_key(c.name_zh): c.code for c in profile.categories}
    by_name.update({word_key(c.code): c.code for c in profile.categories})
    codes, unknown = set(), []
    for item in re.split(r"[;,、|\s]+", clean_text(text)):
        if not item:
            continue
        code = by_name.get(word_key(item))
        if code is None:
            unknown.append(item)
        else:
            codes.add(code)
    return codes, unknown


def parse_unit_type_profiles(text: Optional[str]) -> dict[str, str]:
    """The UNIT_TYPE_PROFILES parameter, e.g. ``"乡村=national; 产业=D:/体检/industrial.csv"``, as
    ``{"乡村": "national", "产业": "D:/体检/industrial.csv"}`` (unit type -> bundled profile id or CSV path). Items
    are separated by ``;`` ``；`` or line breaks; ``=`` may be ``＝``. Errors name the bad item."""
    out: dict[str, str] = {}
    for item in (i.strip() for i in re.split(r"[;；\n]", str(text or ""))):
        if not item:
            continue
        unit_type, sep, name = item.replace("＝", "=").partition("=")
        unit_type, name = clean_text(unit_type), name.strip()
        if not sep or not unit_type or not name:
            raise LifeCircleError(Msg("Profiles by unit type: cannot read {!r}; write type=profile, e.g. "
                                      "乡村=national.", item))
        if unit_type in out:
            raise LifeCircleError(Msg("Profiles by unit type: {} is given twice ({!r}).", unit_type, item))
        out[unit_type] = name
    return out


def parse_thresholds(text: Optional[str]) -> dict[str, float]:
    """Parse the THRESHOLDS parameter, e.g. ``"Q05=300, M03=800"``, into ``{"Q05": 300.0, "M03": 800.0}``.

    Items are separated by ``,`` ``;`` ``，`` ``；`` ``、``, spaces or line breaks; ``=`` may be ``＝`` or ``:``; a
    trailing ``m`` or ``米`` is allowed. Codes are returned upper-case (they are checked against a profile by
    :meth:`Profile.with_thresholds`). Errors name the bad item.
    """
    if text is None:
        return {}
    normalised = str(text).replace("＝", "=").replace("：", "=").replace(":", "=")
    normalised = re.sub(r"\s*=\s*", "=", normalised)
    result: dict[str, float] = {}
    for item in re.split(r"[,;，；、\s]+", normalised):
        if not item:
            continue
        m = re.fullmatch(r"([A-Za-z][A-Za-z0-9_]*)=(.+)", item)
        if not m:
            raise LifeCircleError(
                Msg("Walking thresholds: cannot read {!r}; write CODE=metres, e.g. Q05=300, M03=800.", item)
            )
        code = m.group(1).upper()
        raw = re.sub(r"(?i)(m|米)$", "", m.group(2).strip())
        metres = _positive_number(raw)
        if metres is None:
            raise LifeCircleError(
                Msg("Walking thresholds: {!r} — the distance for {} must be a positive number of metres.", item, code)
            )
        if code in result:
            raise LifeCircleError(Msg("Walking thresholds: {} is given twice ({!r}).", code, item))
        result[code] = metres
    return result


def _bundled_ids_text() -> str:
    return ", ".join(pid for pid, _ in bundled_profiles()) or "none found"


def _read_profile_categories(path: Path) -> list[Category]:
    header, rows = _read_table(path)
    _require_columns(path, header, _PROFILE_REQUIRED, PROFILE_COLUMNS)
    seen: dict[str, int] = {}
    categories = []
    for row_no, row in rows:
        code = row.get("code", "").strip().upper()
        if not code and not any(v.strip() for v in row.values()):
            continue  # an empty line Excel left behind
        if code.startswith("#"):
            continue  # a comment row
        where = f"{path}, row {row_no}"
        if not code:
            raise LifeCircleError(Msg("{}, column 'code': empty code.", where))
        if code in seen:
            raise LifeCircleError(Msg("{}, column 'code': duplicate code {} (already on row "
                                      "{}).", where, code, seen[code]))
        seen[code] = row_no
        name_zh = row.get("name_zh", "").strip()
        if not name_zh:
            raise LifeCircleError(Msg("{}, column 'name_zh': empty name for {}.", where, code))
        tier_text = row.get("tier", "").strip()
        tier = _TIER_ALIASES.get(tier_text.lower())
        if tier is None:
            raise LifeCircleError(
                Msg("{}, column 'tier': unknown tier {!r} for {}; use 十全 (must-have) or 十美 "
                    "(optional).", where, tier_text, code)
            )
        kind_text = row.get("kind", "").strip()
        if kind_text:
            kind = _KIND_ALIASES.get(kind_text.lower())
            if kind is None:
                raise LifeCircleError(Msg("{}, column 'kind': unknown kind {!r}; use 基础保障 or 品质提升.", where, kind_text))
        else:
            kind = KIND_OF_TIER[tier]
        threshold = _positive_number(row.get("threshold_m", ""))
        if threshold is None:
            raise LifeCircleError(
                Msg("{}, column 'threshold_m': {!r} is not a positive number of "
                    "metres.", where, row.get('threshold_m', ''))
            )
        area_text = row.get("min_area_m2", "").strip()
        min_area = None
        if area_text:
            min_area = _positive_number(area_text)
            if min_area is None:
                raise LifeCircleError(
                    Msg("{}, column 'min_area_m2': {!r} is not a positive number (leave it empty for "
                        "none).", where, area_text)
                )
        one_stop = _boolean(row.get("one_stop", ""))
        if one_stop is None:
            raise LifeCircleError(Msg("{}, column 'one_stop': {!r} is not 1 or 0.", where, row.get('one_stop')))
        serves = parse_serves(row.get("serves", ""), f"{where}, column 'serves'")
        categories.append(
            Category(code=code, name_zh=name_zh, name_en=row.get("name_en", "").strip() or name_zh, tier=tier,
                     kind=kind, threshold_m=threshold, min_area_m2=min_area, one_stop=one_stop,
                     note=row.get("note", "").strip(), serves=serves)
        )
    if not categories:
        raise LifeCircleError(Msg("{}: the profile has no categories.", path))
    order = {t: i for i, t in enumerate(TIERS)}
    return sorted(categories, key=lambda c: (order[c.tier], _natural_key(c.code)))


def _read_settings(path: Optional[Path], required: bool) -> dict[str, Any]:
    """``key,value[,note]`` rows; keys ``target_share_<label>`` collect into ``"targets"``."""
    if path is None or not path.is_file():
        if required:
            raise LifeCircleError(Msg("Missing profile settings file {}.", path))
        return {}
    header, rows = _read_table(path)
    _require_columns(path, header, ("key", "value"), ("key", "value", "note"))
    settings: dict[str, Any] = {}
    targets: list[tuple[str, float]] = []
    for row_no, row in rows:
        key = row.get("key", "").strip()
        value = row.get("value", "").strip()
        if not key or key.startswith("#"):
            continue
        where = f"{path}, row {row_no}"
        key_l = key.lower()
        if key_l.startswith("target_share_"):
            share = _share(value)
            if share is None:
                raise LifeCircleError(Msg("{}, column 'value': {} must be a share between 0 and 1, got "
                                          "{!r}.", where, key, value))
            targets.append((key[len("target_share_"):], share))
            continue
        if key_l not in _SETTING_KEYS:
            raise LifeCircleError(
                Msg("{}, column 'key': unknown setting {!r}. Known settings: {}, "
                    "target_share_<label>.", where, key, ', '.join(_SETTING_KEYS))
            )
        if key_l == "target_share":
            share = _share(value)
            if share is None:
                raise LifeCircleError(Msg("{}, column 'value': target_share must be between 0 and 1, got "
                                          "{!r}.", where, value))
            settings[key_l] = share
        elif _setting_unit(key_l):
            number = _positive_number(value)
            if number is None:
                raise LifeCircleError(Msg("{}, column 'value': {} must be a positive {}, got "
                                          "{!r}.", where, key, _setting_unit(key_l), value))
            settings[key_l] = number
        else:
            settings[key_l] = value
    settings["targets"] = tuple(targets)
    settings["_path"] = str(path)
    return settings


def _setting_unit(key: str) -> str:
    """What a numeric setting measures, by its name's ending ('' for a text setting)."""
    if key.endswith("_m2"):
        return Msg("area in m²")
    return Msg("distance in metres") if key.endswith("_m") else ""


def _profile_from(path: Path, categories: list[Category], settings: Mapping[str, Any]) -> Profile:
    where = str(settings.get("_path") or path)
    targets: tuple[tuple[str, float], ...] = tuple(settings.get("targets") or ())
    label = ""
    if "target_share" in settings:
        target = float(settings["target_share"])
    elif settings.get("target_year"):
        label = year = str(settings["target_year"])
        shares = dict(targets)
        if year not in shares:
            raise LifeCircleError(Msg("{}: target_year {} has no target_share_{} row.", where, year, year))
        target = shares[year]
    elif len(targets) == 1:
        label, target = targets[0]
    elif targets:
        raise LifeCircleError(
            Msg("{}: several target_share_<label> rows; add a target_year row saying which applies.", where)
        )
    else:
        target = float(DEFAULT_SETTINGS["target_share"])
    small_min = float(settings.get("small_point_min_m2", DEFAULT_SETTINGS["small_point_min_m2"]))
    small_max = float(settings.get("small_point_max_m2", DEFAULT_SETTINGS["small_point_max_m2"]))
    if small_min > small_max:
        raise LifeCircleError(
            Msg("{}: small_point_min_m2 ({:g}) is larger than small_point_max_m2 ({:g}).", where, small_min, small_max)
        )
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    name_zh = str(settings.get("name_zh") or stem)
    return Profile(
        id=str(settings.get("id") or stem),
        name_zh=name_zh,
        name_en=str(settings.get("name_en") or name_zh),
        categories=tuple(categories),
        target_share=target,
        one_stop_min_area_m2=float(settings.get("one_stop_min_area_m2", DEFAULT_SETTINGS["one_stop_min_area_m2"])),
        small_point_min_m2=small_min,
        small_point_max_m2=small_max,
        source_path=str(path.resolve()),
        targets=targets,
        target_label=label,
        small_point_link_m=float(settings.get("small_point_link_m", DEFAULT_SETTINGS["small_point_link_m"])),
    )


# ------------------------------------------------------------------------------------------------------------
# mapping tables


@dataclass(frozen=True)
class MappingRule:
    """One row of a mapping table: values of ``source`` matching ``pattern`` belong to checklist ``code``."""

    source: str  # amap_code / amap_name / osm / code
    pattern: str
    match: str  # exact / prefix / keyword
    code: str  # a checklist code, or "-" for "no category"
    note: str = ""
    origin: str = ""  # "file, row n" for messages
    user: bool = False  # from the planner's table (wins ties over bundled rules)

    @property
    def excluded(self) -> bool:
        return self.code == EXCLUDED


_DIGITS = re.compile(r"\d{1,6}")
_HSTORE_PAIR = re.compile(r'"((?:[^"\\]|\\.)*)"\s*=>\s*"((?:[^"\\]|\\.)*)"')


def _norm_text(text: str) -> str:
    """Case-insensitive text key: full-width separators folded, spaces around ``;`` removed."""
    t = word_key(text)  # (NFKC: full-width letters, digits, '；' and '｜' as their plain forms)
    return re.sub(r"\s*;\s*", ";", t)


def _norm_digits(text: str, match: str = "exact") -> str:
    """AMap typecodes are 6 digits: restore zeros Excel or integer fields dropped."""
    t = text.strip()
    if match == "exact":
        return t.zfill(6)
    return t.zfill(len(t) + 1) if len(t) % 2 else t  # 2-digit classes: "903" was "0903"


def parse_osm_tags(text: str) -> list[tuple[str, str]]:
    """OSM tags from ``k=v;k2=v2`` (also ``,``-separated, and OSM value lists ``shop=a;b``) or from GDAL's
    ``other_tags`` hstore text ``"k"=>"v","k2"=>"v2"``; keys and values lower-cased, order kept."""
    text = str(text)
    pairs: list[tuple[str, str]] = []
    if "=>" in text:
        for k, v in _HSTORE_PAIR.findall(text):
            pairs.append((k.replace('\\"', '"').strip().lower(), v.replace('\\"', '"').strip().lower()))
        return [p for p in pairs if p[0] and p[1]]
    key = None
    for item in re.split(r"[;,\n]", text):
        item = item.strip()
        if not item:
            continue
        if "=" in item:
            k, v = item.split("=", 1)
            key = k.strip().strip('"').strip().lower()
            value = v.strip().strip('"').strip().lower()
        elif key is not None:
            value = item.strip('"').strip().lower()  # "shop=convenience;supermarket": another value of shop
        else:
            continue
        if key and value:
            pairs.append((key, value))
    return pairs


class CategoryMapper:
    """Translates facility type values to checklist codes by mapping rules (see the module docstring).

    ``valid_codes``: the profile's codes. A user rule (``MappingRule.user``) naming another code is an error;
    a bundled rule for a category the profile lacks leaves its values unmapped (it does not fall back to a
    shorter prefix or keyword).
    """

    def __init__(self, rules: list[MappingRule], valid_codes: set[str], *, pass_codes: bool = True):
        self.valid_codes = frozenset(str(c).upper() for c in valid_codes)
        self.pass_codes = pass_codes
        self.rules: tuple[MappingRule, ...] = tuple(rules)
        self._digits_exact: dict[str, MappingRule] = {}
        self._digits_prefix: dict[str, MappingRule] = {}
        self._text_exact: dict[str, MappingRule] = {}
        self._text_prefix: dict[str, MappingRule] = {}
        self._keywords: list[tuple[str, MappingRule]] = []
        self._osm: dict[frozenset, MappingRule] = {}
        for rule in rules:  # later rules replace earlier ones with the same pattern
            if not rule.user and rule.code != EXCLUDED and rule.code not in self.valid_codes:
                # a bundled rule for a category the profile does not have: such values stay unmapped
                rule = dataclasses.replace(rule, code=EXCLUDED, note=f"{rule.note} [{rule.code} not in the profile]")
            self._check(rule)
            if rule.source == "amap_code":
                table = self._digits_exact if rule.match == "exact" else self._digits_prefix
                table[_norm_digits(rule.pattern, rule.match)] = rule
            elif rule.source == "osm":
                self._osm[frozenset(parse_osm_tags(rule.pattern))] = rule
            elif rule.match == "keyword":
                self._keywords = [(k, r) for k, r in self._keywords if k != _norm_text(rule.pattern)]
                self._keywords.append((_norm_text(rule.pattern), rule))
            else:
                table = self._text_exact if rule.match == "exact" else self._text_prefix
                table[_norm_text(rule.pattern)] = rule
        # exclusions first: a name that says it is something else (养老保险, 健身器材, 停车场) is no facility,
        # whatever category keyword it also holds; then the longest keyword; on equal length user rules, then
        # table order (sort is stable)
        self._keywords.sort(key=lambda kr: (not kr[1].excluded, -len(kr[0]), not kr[1].user))
        self._prefix_lengths_digits = sorted({len(p) for p in self._digits_prefix}, reverse=True)
        self._text_prefixes = sorted(self._text_prefix.items(), key=lambda kv: (-len(kv[0]), not kv[1].user))
        self._osm_by_tag: dict[tuple[str, str], list[tuple[frozenset, MappingRule]]] = {}
        for tags, rule in self._osm.items():
            for tag in tags:
                self._osm_by_tag.setdefault(tag, []).append((tags, rule))
        self._cache: dict = {}

    def _check(self, rule: MappingRule) -> None:
        where = rule.origin or "mapping rule"
        if rule.source not in SOURCES:
            raise LifeCircleError(Msg("{}: unknown source {!r}; use one of "
                                      "{}.", where, rule.source, ', '.join(SOURCES)))
        if rule.match not in _ALLOWED_MATCHES[rule.source]:
            raise LifeCircleError(
                Msg("{}: match {!r} is not possible for source {}; use "
                    "{}.", where, rule.match, rule.source, ' or '.join(_ALLOWED_MATCHES[rule.source]))
            )
        if rule.code != EXCLUDED and rule.code not in self.valid_codes:
            raise LifeCircleError(
                Msg("{}: unknown checklist code {!r}; use one of {} or '-' for no "
                    "category.", where, rule.code, ', '.join(sorted(self.valid_codes)))
            )

    # -- lookup ------------------------------------------------------------------------------------------------

    def code_for(self, value: object) -> Optional[str]:
        """The checklist code of a facility type value, or None (unmapped, excluded, or empty)."""
        rule = self.rule_for(value)
        return None if rule is None or rule.excluded else rule.code

    def rule_for(self, value: object) -> Optional[MappingRule]:
        """The rule deciding ``value`` (to explain a mapping), or None. Checklist codes passing through get a
        rule of source ``code`` with the note "checklist code"."""
        if value is None or isinstance(value, bool):
            return None
        try:
            return self._cache[value]
        except (KeyError, TypeError):
            pass
        rule = self._resolve(value)
        try:
            self._cache[value] = rule
        except TypeError:  # unhashable (a dict of tags)
            pass
        return rule

    def map_values(self, values: Iterable[object]) -> tuple[list[Optional[str]], Counter]:
        """Codes for many values, and a Counter of the values left unmapped (empty values count as "")."""
        codes: list[Optional[str]] = []
        unmapped: Counter = Counter()
        for value in values:
            code = self.code_for(value)
            codes.append(code)
            if code is None:
                unmapped[_display(value)] += 1
        return codes, unmapped

    def keyword_categories(self, values: Iterable[object]) -> dict[str, Counter]:
        """For the values whose category came from a keyword in a name (not a code, an exact or prefix name, or
        OSM tags): {code: Counter of the keywords that decided}, for the run's log — a planner checks those."""
        out: dict[str, Counter] = {}
        for value in values:
            rule = self.rule_for(value)
            if rule is not None and not rule.excluded and rule.match == "keyword" and rule.source != "osm":
                out.setdefault(rule.code, Counter())[rule.pattern] += 1
        return out

    def _resolve(self, value: object) -> Optional[MappingRule]:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, Mapping):
            tags = [(str(k).strip().lower(), str(v).strip().lower()) for k, v in value.items()
                    if v is not None and str(v).strip()]
            return self._match_osm(tags)
        if isinstance(value, int):
            text = str(value)
        elif isinstance(value, float):
            if math.isnan(value):
                return None
            text = str(int(value)) if value.is_integer() else str(value)
        else:
            text = clean_text(value)  # ('Ｑ０５', full-width typecodes and separators as their plain forms)
        if not text:
            return None
        if "|" in text:
            excluded = None
            for part in text.split("|"):
                rule = self._resolve(part)
                if rule is not None and not rule.excluded:
                    return rule
                excluded = excluded or rule
            return excluded
        if self.pass_codes and text.upper() in self.valid_codes:
            return MappingRule("code", text.upper(), "exact", text.upper(), note="checklist code")
        if _DIGITS.fullmatch(text):
            return self._match_digits(text.zfill(6))
        if "=" in text:
            return self._match_osm(parse_osm_tags(text))
        return self._match_text(_norm_text(text))

    def _match_digits(self, code: str) -> Optional[MappingRule]:
        rule = self._digits_exact.get(code)
        if rule is not None:
            return rule
        for n in self._prefix_lengths_digits:
            rule = self._digits_prefix.get(code[:n])
            if rule is not None:
                return rule
        return None

    def _match_osm(self, tags: list[tuple[str, str]]) -> Optional[MappingRule]:
        present = set(tags)
        first = {}
        for i, tag in enumerate(tags):
            first.setdefault(tag, i)
        best = None
        best_key = None
        for tag in first:
            for rule_tags, rule in self._osm_by_tag.get(tag, ()):
                if rule_tags <= present:
                    key = (len(rule_tags), -min(first[t] for t in rule_tags))
                    if best_key is None or key > best_key:
                        best, best_key = rule, key
        return best

    def _match_text(self, text: str) -> Optional[MappingRule]:
        rule = self._text_exact.get(text)
        if rule is not None:
            return rule
        for prefix, rule in self._text_prefixes:
            if text.startswith(prefix):
                return rule
        for keyword, rule in self._keywords:
            if contains_phrase(text, keyword):
                return rule
        return None


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, Mapping):
        return ";".join(f"{k}={v}" for k, v in value.items())
    return str(value).strip()


def read_mapping_table(path: PathLike, *, user: bool = False) -> list[MappingRule]:
    """The rules of one mapping table (columns :data:`MAPPING_COLUMNS`), checked row by row (not the codes:
    :class:`CategoryMapper` checks those against a profile)."""
    path = Path(path)
    header, rows = _read_table(path)
    _require_columns(path, header, ("source", "pattern", "match", "code"), MAPPING_COLUMNS)
    rules: list[MappingRule] = []
    seen: dict[tuple[str, str], int] = {}
    for row_no, row in rows:
        if not any(v.strip() for v in row.values()):
            continue
        source = row.get("source", "").strip().lower()
        if source.startswith("#"):
            continue
        where = f"{path}, row {row_no}"
        if source not in SOURCES:
            raise LifeCircleError(
                Msg("{}, column 'source': unknown source {!r}; use one of {}.", where, source, ', '.join(SOURCES))
            )
        match = row.get("match", "").strip().lower() or "exact"
        if match not in _ALLOWED_MATCHES[source]:
            raise LifeCircleError(
                Msg("{}, column 'match': {!r} is not possible for {}; use "
                    "{}.", where, match, source, ' or '.join(_ALLOWED_MATCHES[source]))
            )
        pattern = row.get("pattern", "").strip()
        if not pattern:
            raise LifeCircleError(Msg("{}, column 'pattern': empty pattern.", where))
        if source == "amap_code":
            if not _DIGITS.fullmatch(pattern):
                raise LifeCircleError(Msg("{}, column 'pattern': AMap typecode {!r} must be 1–6 "
                                          "digits.", where, pattern))
            pattern = _norm_digits(pattern, match)
        elif source == "osm":
            tags = parse_osm_tags(pattern)
            if not tags or "=>" in pattern or any("=" not in item for item in pattern.split(";") if item.strip()):
                raise LifeCircleError(
                    Msg("{}, column 'pattern': OSM rule {!r} must be key=value, or several joined by "
                        "';'.", where, pattern)
                )
            pattern = ";".join(f"{k}={v}" for k, v in tags)
        code = row.get("code", "").strip().upper()
        if not code:
            raise LifeCircleError(
                Msg("{}, column 'code': empty code; write '-' for values that belong to no category.", where)
            )
        key = _override_key(source, pattern)
        if key in seen:
            raise LifeCircleError(Msg("{}, column 'pattern': {!r} is already mapped on row "
                                      "{}.", where, pattern, seen[key]))
        seen[key] = row_no
        rules.append(MappingRule(source, pattern, match, code, row.get("note", "").strip(), where, user))
    return rules


def _override_key(source: str, pattern: str) -> tuple[str, str]:
    if source == "amap_code":
        return ("digits", pattern)
    if source == "osm":
        return ("osm", ";".join(sorted(pattern.split(";"))))
    return ("text", _norm_text(pattern))


def load_mapping(sources: str = "auto", user_table: Optional[PathLike] = None,
                 valid_codes: Optional[Iterable[str]] = None) -> CategoryMapper:
    """A mapper from bundled tables and an optional user table.

    ``sources``: ``"auto"`` (= ``"codes,amap,osm"``), or a comma-separated choice of ``codes`` (checklist codes
    pass through), ``amap``, ``osm``; ``"none"`` uses the user table only. User rows replace bundled rows with
    the same pattern; otherwise precedence is exact > longest prefix > keyword (see the module docstring).
    ``valid_codes`` defaults to the Shanghai profile's codes.
    """
    chosen = _parse_sources(sources)
    codes = set(valid_codes) if valid_codes is not None else set(load_profile(DEFAULT_PROFILE).codes)
    rules: list[MappingRule] = []
    for name in ("amap", "osm"):
        if name in chosen:
            rules.extend(read_mapping_table(MAPPINGS_DIR / BUNDLED_TABLES[name]))
    if user_table is not None and os.fspath(user_table).strip():
        user_path = Path(os.fspath(user_table)).expanduser()
        if not user_path.is_file():
            raise LifeCircleError(Msg("Mapping table {} does not exist.", user_path))
        user_rules = read_mapping_table(user_path, user=True)
        replaced = {_override_key(r.source, r.pattern) for r in user_rules}
        rules = [r for r in rules if _override_key(r.source, r.pattern) not in replaced] + user_rules
    return CategoryMapper(rules, codes, pass_codes="codes" in chosen)


def _parse_sources(sources: Optional[str]) -> set[str]:
    text = (sources or "auto").strip().lower()
    if text == "auto":
        return set(AUTO_SOURCES)
    chosen = {s for s in re.split(r"[,+;\s]+", text) if s}
    known = set(AUTO_SOURCES) | {"none"}
    unknown = chosen - known
    if unknown or not chosen:
        raise LifeCircleError(
            Msg("Unknown mapping source(s) {}; use 'auto' or a comma-separated choice of {} (or "
                "'none').", ', '.join(sorted(unknown)) or repr(sources), ', '.join(AUTO_SOURCES))
        )
    return chosen - {"none"}


# ------------------------------------------------------------------------------------------------------------
# CSV helpers


def _read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header (lower-cased) and rows (Excel row number, {column: text}) of a CSV a planner may have saved
    from Excel or LibreOffice: UTF-8 with or without BOM, else GB18030; ``,`` (or ``;``/tab if the header has
    no comma)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise LifeCircleError(Msg("Cannot read {}: {}.", path, exc.strerror or exc)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise LifeCircleError(Msg("{}: not a UTF-8 or GB18030 text file; save it as 'CSV UTF-8'.", path))
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else ("\t" if "\t" in first_line else ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader)
    except StopIteration:
        raise LifeCircleError(Msg("{}: the file is empty (a header row is needed).", path)) from None
    header = [h.replace("\ufeff", "").strip().lower() for h in header_row]
    rows = []
    for i, values in enumerate(reader):
        row = {}
        for col, val in zip(header, values):
            if col:
                row[col] = val
        rows.append((i + 2, row))
    return header, rows


def _require_columns(path: Path, header: list[str], required: Iterable[str], expected: Iterable[str]) -> None:
    for col in required:
        if col not in header:
            raise LifeCircleError(
                Msg("{}, row 1: missing column '{}'. Expected columns: {}.", path, col, ', '.join(expected))
            )


def _positive_number(value: object) -> Optional[float]:
    """A finite number > 0 (thousands separators allowed), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "").replace("_", "")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) and number > 0 else None


def _share(value: object) -> Optional[float]:
    number = _positive_number(value)
    return number if number is not None and number <= 1 else None


def _boolean(value: object) -> Optional[bool]:
    """A profile's yes/no cell (one_stop) through the one yes/no vocabulary (:func:`typed.yes_no`); an empty cell
    is a no; None for a word that says neither. A profile's tick mark "x" is a yes (as it always was here)."""
    if not clean_text(value):
        return False
    return yes_no(value, yes_words=("x",))


def _natural_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code))
