"""The annual project list (年度项目实施清单): schema, project ids, validation, rollover, drafts from siting.

Pure Python (no QGIS). This module is the single source of truth for the list's schema: the QGIS layer
(``project_layer.py``: GeoPackage / PostGIS fields, aliases, value maps, constraints, defaults), the project
dock and form, and the Excel ledgers all read the fields, their Chinese/English aliases and value lists from
:data:`FIELDS` here.

A *project* is a plain ``dict`` keyed by field name. Values are Python values: ``str``, ``int``, ``float``,
``datetime.date`` (dates), ``datetime.datetime`` (``updated_at``) or ``None`` for empty. :func:`coerce_project`
turns what a form or a spreadsheet holds (text, numbers, Excel dates) into those types;
:func:`validate_project` checks a project and returns problems whose messages name the field
(``"投资估算 (investment): must be 0 or more, not -5"``).

Project ids read ``<year>-<街镇>-<sequence>``, e.g. ``2026-东湖-003``: the 街镇 short name (``东湖街道`` →
``东湖``) and a three-digit sequence per year and 街镇 (:func:`next_project_id`).

**Rollover** (:func:`plan_rollover`): unfinished projects of a year (谋划 / 前期 / 在建) are copied into the next
year with a new id and ``previous_id`` = the old id; finished (完工 / 运营) and cancelled (取消) projects stay.
A project that already has a successor in the next year is not rolled twice. ``previous_id`` is part of the
schema but *optional in existing layers* (lists made before it existed, like the bundled sample): the QGIS side
adds the field when a rollover needs it.

**Drafts from siting** (:func:`drafts_from_sites`): chosen sites of ``lifecircle:siting`` (or potential-space
parcels) become 谋划 projects with category, kind and the reason filled in. Field names of those layers are
guessed defensively (:func:`guess_site_fields`); the user can override the guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from .checklist import DEFAULT_PROFILE
from .errors import LifeCircleError, Msg, reason_of
from .typed import canonical_word, clean_text, number_of, vocabulary_lookup, word_key, year_of

# ------------------------------------------------------------------------------------------------------------
# value lists

#: 实施路径 (implementation path)
PATHS: tuple[str, ...] = ("新建", "改扩建", "更新改造", "功能置换", "开放共享", "分时利用")
PATHS_EN = {
    "新建": "New build", "改扩建": "Extension / rebuild", "更新改造": "Renewal", "功能置换": "Change of use",
    "开放共享": "Opening affiliated space", "分时利用": "Time-shared use",
}
#: 项目状态, in the order a project goes through them (取消 = cancelled)
STATUSES: tuple[str, ...] = ("谋划", "前期", "在建", "完工", "运营", "取消")
STATUSES_EN = {
    "谋划": "Planning", "前期": "Preparation", "在建": "Under construction", "完工": "Completed",
    "运营": "In operation", "取消": "Cancelled",
}
#: statuses of projects that are not finished: they roll over into the next year
UNFINISHED_STATUSES: tuple[str, ...] = ("谋划", "前期", "在建")
FINISHED_STATUSES: tuple[str, ...] = ("完工", "运营")
CANCELLED_STATUS = "取消"
DEFAULT_STATUS = "谋划"
#: 项目类型: 十全 categories are 基础保障, 十美 categories 品质提升
KINDS: tuple[str, ...] = ("基础保障", "品质提升")
KINDS_EN = {"基础保障": "Basic guarantee (十全)", "品质提升": "Quality (十美)"}
#: suffixes dropped from a 街镇 name to make the short name in project ids (东湖街道 -> 东湖)
SUBDISTRICT_SUFFIXES: tuple[str, ...] = ("街道办事处", "地区办事处", "街道", "镇", "乡")

MIN_YEAR, MAX_YEAR = 2000, 2100

# field types
TEXT, INTEGER, REAL, DATE, DATETIME = "text", "integer", "real", "date", "datetime"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the project list.

    ``default`` is a symbolic default applied by :func:`new_project` and mapped by the QGIS side onto a default
    value expression: ``"current_year"``, ``"now"`` or a literal value. ``on_update`` = the default is applied
    again on every edit (``updated_at``). ``optional_in_layer``: an existing layer may lack the field (it was
    added to the schema later) and is still a project list.
    """

    name: str
    type: str
    alias_zh: str
    alias_en: str
    required: bool = False
    unique: bool = False
    values: Optional[tuple[str, ...]] = None  # None: free; "category" values come from the checklist
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    default: Any = None
    on_update: bool = False
    optional_in_layer: bool = False
    multiline: bool = False
    help_en: str = ""

    def alias(self, language: str = "zh") -> str:
        return self.alias_en if language.lower().startswith("en") else self.alias_zh

    def label(self) -> str:
        """How messages name the field: ``投资估算 (investment)``."""
        return f"{self.alias_zh} ({self.name})"


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("project_id", TEXT, "项目编号", "Project id", required=True, unique=True,
              help_en="<year>-<街镇>-<sequence>, e.g. 2026-东湖-003"),
    FieldSpec("year", INTEGER, "年度", "Year", required=True, minimum=MIN_YEAR, maximum=MAX_YEAR,
              default="current_year"),
    FieldSpec("district", TEXT, "区", "District"),
    FieldSpec("subdistrict", TEXT, "街镇", "Subdistrict (街镇)", required=True),
    FieldSpec("unit_id", TEXT, "基本单元", "Life-circle unit"),
    FieldSpec("name", TEXT, "项目名称", "Project name", required=True),
    FieldSpec("category", TEXT, "设施类别", "Category", required=True, values=("category",)),
    FieldSpec("kind", TEXT, "项目类型", "Kind", values=KINDS),
    FieldSpec("content", TEXT, "建设内容", "Content", multiline=True),
    FieldSpec("path", TEXT, "实施路径", "Implementation path", values=PATHS),
    FieldSpec("implementer", TEXT, "实施主体", "Implementer"),
    FieldSpec("funding", TEXT, "资金来源", "Funding"),
    FieldSpec("investment", REAL, "投资估算（万元）", "Investment (10k CNY)", minimum=0.0),
    FieldSpec("start_date", DATE, "计划开工", "Planned start"),
    FieldSpec("end_date", DATE, "计划完工", "Planned end"),
    FieldSpec("design_team", TEXT, "设计团队", "Design team"),
    FieldSpec("community_planner", TEXT, "社区规划师", "Community planner"),
    FieldSpec("status", TEXT, "项目状态", "Status", required=True, values=STATUSES, default=DEFAULT_STATUS),
    FieldSpec("progress", INTEGER, "进度（%）", "Progress (%)", minimum=0, maximum=100, default=0),
    FieldSpec("hearing_date", DATE, "听证会", "Hearing meeting"),
    FieldSpec("coordination_date", DATE, "协调会", "Coordination meeting"),
    FieldSpec("evaluation_date", DATE, "评议会", "Evaluation meeting"),
    FieldSpec("remarks", TEXT, "备注", "Remarks", multiline=True),
    FieldSpec("updated_at", DATETIME, "更新时间", "Updated at", default="now", on_update=True),
    FieldSpec("previous_id", TEXT, "上年项目编号", "Previous year's id", optional_in_layer=True,
              help_en="the id this project was rolled over from"),
    # the programme (issue 19): where a project comes from, its budget, actual dates and 一图三会 outcomes —
    # added to existing lists by their upgrade (list_schema), so optional in a layer
    FieldSpec("project_source", TEXT, "项目来源", "Programme", values=("project_source",), optional_in_layer=True,
              help_en="民心工程 / 为民办实事 / 部门项目 / 社区自治 / 其他 (resources/programme/project_sources.csv)"),
    FieldSpec("budget_year", INTEGER, "预算年度", "Budget year", minimum=MIN_YEAR, maximum=MAX_YEAR,
              optional_in_layer=True, help_en="the year's budget (财政预算) the project is funded from"),
    FieldSpec("fund_fiscal", REAL, "财政资金（万元）", "Public funds (10k CNY)", minimum=0.0, optional_in_layer=True),
    FieldSpec("fund_social", REAL, "社会资本（万元）", "Private capital (10k CNY)", minimum=0.0,
              optional_in_layer=True),
    FieldSpec("fund_other", REAL, "其他资金（万元）", "Other funds (10k CNY)", minimum=0.0, optional_in_layer=True),
    FieldSpec("actual_start", DATE, "实际开工", "Actual start", optional_in_layer=True),
    FieldSpec("actual_end", DATE, "实际完工", "Actual end", optional_in_layer=True,
              help_en="required once the project is 完工 or 运营"),
    FieldSpec("hearing_attendance", INTEGER, "听证会参会人数", "Hearing attendance", minimum=0,
              optional_in_layer=True),
    FieldSpec("notice_start", DATE, "公示开始", "Public notice from", optional_in_layer=True),
    FieldSpec("notice_end", DATE, "公示结束", "Public notice until", optional_in_layer=True),
    FieldSpec("voters", INTEGER, "投票人数", "Voters", minimum=0, optional_in_layer=True,
              help_en="for + against + abstain add up to it"),
    FieldSpec("votes_for", INTEGER, "赞成票", "Votes for", minimum=0, optional_in_layer=True),
    FieldSpec("votes_against", INTEGER, "反对票", "Votes against", minimum=0, optional_in_layer=True),
    FieldSpec("votes_abstain", INTEGER, "弃权票", "Abstentions", minimum=0, optional_in_layer=True),
    FieldSpec("satisfaction", REAL, "满意度（%）", "Satisfaction (%)", minimum=0.0, maximum=100.0,
              optional_in_layer=True, help_en="the 评议会's share of residents satisfied"),
    FieldSpec("feedback", TEXT, "评议反馈", "Evaluation feedback", multiline=True, optional_in_layer=True),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
FIELDS_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}
REQUIRED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.required)
#: fields a layer must have to be a project list (``previous_id`` is added when needed)
LAYER_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if not f.optional_in_layer)
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.type == DATE)
#: fields with a minimum (and maximum) the validation checks
_RANGED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.minimum is not None)
#: the "一图三会" consultations
CONSULTATION_FIELDS: tuple[str, ...] = ("hearing_date", "coordination_date", "evaluation_date")
#: funding by source: together they make up the investment (a warning when they do not)
FUNDING_FIELDS: tuple[str, ...] = ("fund_fiscal", "fund_social", "fund_other")
#: the coordination meeting's votes: together they make up the voters
VOTE_FIELDS: tuple[str, ...] = ("votes_for", "votes_against", "votes_abstain")
#: (start, end) pairs whose end cannot come before the start
DATE_PAIRS: tuple[tuple[str, str], ...] = (("start_date", "end_date"), ("actual_start", "actual_end"),
                                           ("notice_start", "notice_end"))


def field_spec(name: str) -> FieldSpec:
    try:
        return FIELDS_BY_NAME[name]
    except KeyError:
        raise LifeCircleError(Msg("'{}' is not a field of the project list (fields: "
                                  "{}).", name, ', '.join(FIELD_NAMES)))


# ------------------------------------------------------------------------------------------------------------
# categories (from the checklist profile: codes are stable, names come with the profile)


@dataclass(frozen=True)
class CategoryChoice:
    code: str
    name_zh: str
    name_en: str
    kind: str

    def label(self, language: str = "zh") -> str:
        """What a dropdown shows: ``Q05 为老服务``."""
        return f"{self.code} {self.name_en if language.lower().startswith('en') else self.name_zh}"


@lru_cache(maxsize=4)
def categories(profile: str = DEFAULT_PROFILE) -> tuple[CategoryChoice, ...]:
    """The 十全/十美 categories (Q01…M10) with names and project kind, from a checklist profile."""
    from .checklist import KIND_OF_TIER, load_profile

    prof = load_profile(profile)
    out = []
    for code in prof.codes:
        cat = prof.category(code)
        out.append(CategoryChoice(code, cat.name_zh, cat.name_en or cat.name_zh,
                                  cat.kind or KIND_OF_TIER.get(cat.tier, "")))
    return tuple(out)


def category_codes(profile: str = DEFAULT_PROFILE) -> tuple[str, ...]:
    return tuple(c.code for c in categories(profile))


def category_choice(code: str, profile: str = DEFAULT_PROFILE) -> Optional[CategoryChoice]:
    for c in categories(profile):
        if c.code == code:
            return c
    return None


def kind_for_category(code: Optional[str], profile: str = DEFAULT_PROFILE) -> Optional[str]:
    """基础保障 for a 十全 code, 品质提升 for a 十美 code, None for an unknown one."""
    choice = category_choice(code, profile) if code else None
    return choice.kind if choice else None


_CODE_RE = re.compile(r"\b([QqMm])\s*0?(\d{1,2})\b")


def parse_category(value: object, profile: str = DEFAULT_PROFILE) -> Optional[str]:
    """A checklist code from how a layer or a person writes it: ``Q05``, ``q5``, ``Q05 为老服务``, ``为老服务``.

    Several categories (``"Q05;Q06"``) give the first one. None when nothing matches.
    """
    text = clean_text(value)  # ('Ｑ０５' typed full width is Q05)
    if not text:
        return None
    codes = category_codes(profile)
    for m in _CODE_RE.finditer(text.replace("_", " ")):
        code = f"{m.group(1).upper()}{int(m.group(2)):02d}"
        if code in codes:
            return code
    for c in categories(profile):
        if c.name_zh and c.name_zh in text:
            return c.code
    low = text.lower()
    for c in categories(profile):
        if c.name_en and c.name_en.lower() == low:
            return c.code
    return None


def value_choices(field_name: str, language: str = "zh", profile: str = DEFAULT_PROFILE) -> list[tuple[str, str]]:
    """(label, stored value) pairs for a field with a value list, in order; [] for free fields.

    Labels: ``Q05 为老服务`` for categories; the value itself in Chinese, ``在建 Under construction`` in English.
    """
    spec = field_spec(field_name)
    if spec.values is None:
        return []
    if spec.values == ("category",):
        return [(c.label(language), c.code) for c in categories(profile)]
    if spec.values == ("project_source",):
        from .programme import project_sources

        return [(s.label(language), s.value) for s in project_sources()]
    english = {"status": STATUSES_EN, "path": PATHS_EN, "kind": KINDS_EN}.get(field_name, {})
    if language.lower().startswith("en"):
        return [(f"{v} {english.get(v, '')}".strip(), v) for v in spec.values]
    return [(v, v) for v in spec.values]


def allowed_values(field_name: str, profile: str = DEFAULT_PROFILE) -> Optional[tuple[str, ...]]:
    spec = field_spec(field_name)
    if spec.values is None:
        return None
    if spec.values == ("category",):
        return category_codes(profile)
    if spec.values == ("project_source",):
        from .programme import project_sources

        return tuple(s.value for s in project_sources())
    return spec.values


# ------------------------------------------------------------------------------------------------------------
# project ids

_ID_RE = re.compile(r"^\s*(\d{4})-(.+)-(\d+)\s*$")


def subdistrict_short_name(subdistrict: str) -> str:
    """The 街镇 part of a project id: ``东湖街道`` → ``东湖``, ``朱家角镇`` → ``朱家角``, ``东湖`` → ``东湖``."""
    name = re.sub(r"\s+", "", str(subdistrict or ""))
    for suffix in SUBDISTRICT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def parse_project_id(project_id: object) -> Optional[tuple[int, str, int]]:
    """(year, 街镇 short name, sequence) of ``2026-东湖-003``; None for an id of another form."""
    if project_id is None:
        return None
    m = _ID_RE.match(str(project_id))
    if not m:
        return None
    return int(m.group(1)), m.group(2), int(m.group(3))


def format_project_id(year: int, subdistrict: str, sequence: int) -> str:
    return f"{int(year)}-{subdistrict_short_name(subdistrict)}-{int(sequence):03d}"


def next_project_id(year: int, subdistrict: str, existing_ids: Iterable[object]) -> str:
    """The next free id for ``year`` and ``subdistrict``: one past the highest sequence already used.

    Ids of other forms are ignored for the sequence but never returned (a free id is guaranteed).
    """
    if not subdistrict or not subdistrict_short_name(subdistrict):
        raise LifeCircleError("A project id needs the 街镇 (subdistrict): choose the 街镇 first.")
    short = subdistrict_short_name(subdistrict)
    existing = {str(i).strip() for i in existing_ids if i is not None}
    highest = 0
    for pid in existing:
        parsed = parse_project_id(pid)
        if parsed and parsed[0] == int(year) and parsed[1] == short:
            highest = max(highest, parsed[2])
    seq = highest + 1
    candidate = format_project_id(year, short, seq)
    while candidate in existing:  # pragma: no cover - only with ids like 2026-东湖-1 and 2026-东湖-001 mixed
        seq += 1
        candidate = format_project_id(year, short, seq)
    return candidate


def duplicate_ids(ids: Iterable[object]) -> dict[str, int]:
    """Ids that occur more than once (ignoring surrounding spaces), with how often; empty ids are not counted."""
    counts = Counter(str(i).strip() for i in ids if i is not None and str(i).strip())
    return {pid: n for pid, n in sorted(counts.items()) if n > 1}


# ------------------------------------------------------------------------------------------------------------
# values: coercion and validation


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project; ``message`` names the field."""

    field: str
    message: str
    also: tuple[str, ...] = ()  # other fields the problem is about (a change of any of them can cause it)

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,) + tuple(self.also)

    def __str__(self) -> str:
        return self.message


class ProjectValidationError(LifeCircleError):
    def __init__(self, problems: Sequence[Problem], what: str = "The project"):
        self.problems = list(problems)
        super().__init__(Msg("{} cannot be saved: {}", what, Msg.join("; ", [p.message for p in self.problems])))


def is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return False


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def to_date(value: object) -> Optional[dt.date]:
    """A date from a date, datetime, ISO text (``2026-03-01``, ``2026/3/1``, ``2026年3月1日``) or an Excel day
    number. Raises ValueError for anything else."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 200000:
            return (_EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
        raise ValueError(Msg("{!r} is not a date", value))
    text = str(value).strip()
    m = re.match(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise ValueError(Msg("'{}' is not a date (write it as 2026-03-01)", text))


def to_datetime(value: object) -> Optional[dt.datetime]:
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("/", "-").replace("Z", ""))
    except ValueError:
        return dt.datetime.combine(to_date(text), dt.time())


def to_number(value: object, integer: bool = False) -> Optional[float]:
    if is_empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(Msg("{!r} is not a number", value))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = clean_text(value).replace("%", "").replace("万元", "").replace("万", "")
        try:
            number = number_of(text)  # ('１２，５００' is 12500)
        except ValueError:
            raise ValueError(Msg("'{}' is not a number", clean_text(value))) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(Msg("'{}' is not a number", value))
    if integer:
        if abs(number - round(number)) > 1e-9:
            raise ValueError(Msg("{} is not a whole number", value))
        return int(round(number))
    return number


def to_year(value: object) -> int:
    """A project's year as typed (2026, '2026年', '２０２６'); ValueError for anything that is not a year."""
    year = year_of(value)
    if year is None:
        raise ValueError(Msg("'{}' is not a year", clean_text(value)))
    return year


def coerce_value(name: str, value: object) -> object:
    """The value of field ``name`` as the schema's type; raises ValueError with a short reason."""
    spec = field_spec(name)
    if is_empty(value):
        return None
    if spec.type == TEXT:
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # an Excel number in a text column (e.g. unit ids)
        text = str(value).strip()  # (free text keeps its own punctuation: no normalisation)
        if spec.values == ("project_source",):
            from .programme import parse_project_source

            return parse_project_source(text) or text  # ('民心' is 民心工程; an unknown one is refused by validation)
        if spec.values is not None and spec.values != ("category",):
            return canonical_word(text, vocabulary_lookup(spec.values)) or text  # ' 完工', '完工 ' are 完工
        return text
    if name == "year":
        return to_year(value)
    if spec.type == INTEGER:
        return to_number(value, integer=True)
    if spec.type == REAL:
        return to_number(value)
    if spec.type == DATE:
        return to_date(value)
    if spec.type == DATETIME:
        return to_datetime(value)
    raise AssertionError(spec.type)  # pragma: no cover


def coerce_project(raw: Mapping[str, object]) -> tuple[dict, list[Problem]]:
    """Schema-typed copy of ``raw`` (fields not in the schema are dropped) and the values that could not be read.

    Category values such as ``Q05 为老服务`` or ``为老服务`` become ``Q05``."""
    out: dict = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        if name not in FIELDS_BY_NAME:
            continue
        spec = FIELDS_BY_NAME[name]
        try:
            value = coerce_value(name, value)
        except ValueError as exc:
            problems.append(Problem(name, Msg("{}: {}", spec.label(), reason_of(exc))))
            out[name] = None
            continue
        if name == "category" and value is not None:
            value = parse_category(value) or value
        out[name] = value
    return out, problems


def validate_project(
    project: Mapping[str, object],
    *,
    other_ids: Iterable[object] = (),
    profile: str = DEFAULT_PROFILE,
) -> list[Problem]:
    """Everything wrong with a project (empty list: it can be saved).

    ``other_ids``: the ids of the *other* projects of the list (the project's own stored row left out), to
    refuse an id that is already taken. Values may still be raw (text from a form); they are coerced first.
    """
    values, problems = coerce_project(project)
    bad = {p.field for p in problems}

    def label(name: str) -> str:
        return FIELDS_BY_NAME[name].label()

    for name in REQUIRED_FIELDS:
        if name not in bad and is_empty(values.get(name)):
            problems.append(Problem(name, Msg("{}: required, please fill it in", label(name))))
            bad.add(name)

    pid = values.get("project_id")
    if pid and "project_id" not in bad:
        taken = {str(i).strip() for i in other_ids if i is not None}
        if pid in taken:
            problems.append(Problem("project_id", Msg("{}: {} is already used by another project; ids must be "
                                                      "unique", label('project_id'), pid)))

    for name in _RANGED_FIELDS:
        spec = FIELDS_BY_NAME[name]
        v = values.get(name)
        if v is None or name in bad:
            continue
        if spec.minimum is not None and spec.maximum is not None and not spec.minimum <= v <= spec.maximum:
            problems.append(Problem(name, Msg("{}: must be between {} and {}, not "
                                              "{}", label(name), _num(spec.minimum), _num(spec.maximum), _num(v))))
        elif spec.minimum is not None and v < spec.minimum:
            problems.append(Problem(name, Msg("{}: must be {} or more, not "
                                              "{}", label(name), _num(spec.minimum), _num(v))))

    for name in ("category", "kind", "path", "status", "project_source"):
        v = values.get(name)
        if v is None or name in bad:
            continue
        allowed = allowed_values(name, profile)
        if allowed is not None and v not in allowed:
            problems.append(Problem(name, Msg("{}: '{}' is not one of {}", label(name), v, ' / '.join(allowed))))
            bad.add(name)

    category, kind = values.get("category"), values.get("kind")
    if category and kind and "category" not in bad and "kind" not in bad:
        expected = kind_for_category(category, profile)
        if expected and kind != expected:
            problems.append(
                Problem(
                    "kind",
                    Msg(
                        "{}: {} is a {} category, so the kind is {}, not {}",
                        label("kind"),
                        category,
                        "十全" if expected == KINDS[0] else "十美",
                        expected,
                        kind,
                    ),
                )
            )

    for first, last in DATE_PAIRS:
        start, end = values.get(first), values.get(last)
        if start and end and first not in bad and last not in bad and end < start:
            problems.append(Problem(last, Msg("{}: {} is before the start {} {}", label(last), end.isoformat(),
                                              label(first), start.isoformat()), also=(first,)))
    problems += _office_rules(values, bad)
    order = {name: i for i, name in enumerate(FIELD_NAMES)}
    problems.sort(key=lambda p: order.get(p.field, len(order)))  # in the order of the form
    return problems


def _office_rules(values: Mapping[str, object], bad: set) -> list[Problem]:
    """How district offices work: a finished project has its actual end date; the votes add up to the voters."""
    out = []
    status = status_of(values.get("status"))
    if status in FINISHED_STATUSES and "status" not in bad and "actual_end" not in bad \
            and is_empty(values.get("actual_end")):
        out.append(Problem("actual_end", Msg("{}: a project that is {} needs its actual end date",
                                             FIELDS_BY_NAME["actual_end"].label(), status), also=("status",)))
    votes = [values.get(n) for n in VOTE_FIELDS]
    voters = values.get("voters")
    if voters is not None and all(v is not None for v in votes) and not bad & {"voters", *VOTE_FIELDS} \
            and sum(votes) != voters:
        out.append(Problem("voters", Msg("{}: {} for + {} against + {} abstaining = {}, not the {} voters",
                                         FIELDS_BY_NAME["voters"].label(), *votes, sum(votes), voters),
                           also=VOTE_FIELDS))
    return out


def project_warnings(project: Mapping[str, object]) -> list[Problem]:
    """What is worth a second look but does not stop a save: the funding by source does not add up to the
    investment; a finished project whose progress is below 100 %."""
    values, problems = coerce_project(project)
    bad = {p.field for p in problems}
    out = []
    funds = [values.get(n) for n in FUNDING_FIELDS]
    investment = values.get("investment")
    if investment is not None and any(f is not None for f in funds) and not bad & {"investment", *FUNDING_FIELDS}:
        total = sum(f or 0.0 for f in funds)
        if abs(total - investment) > 0.005:
            out.append(Problem("investment", Msg("{}: funding by source adds up to {} 万元, not {}",
                                                 FIELDS_BY_NAME["investment"].label(), _num(round(total, 4)),
                                                 _num(investment)), also=FUNDING_FIELDS))
    status, progress = status_of(values.get("status")), values.get("progress")
    if status in FINISHED_STATUSES and progress is not None and "progress" not in bad and progress < 100:
        out.append(Problem("progress", Msg("{}: the project is {} but {} %", FIELDS_BY_NAME["progress"].label(),
                                           status, _num(progress)), also=("status",)))
    return out


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def new_project(*, year: Optional[int] = None, now: Optional[dt.datetime] = None, **values: object) -> dict:
    """A project with the schema's defaults (year, status 谋划, progress 0, updated_at) and ``values`` over them."""
    now = now or dt.datetime.now().replace(microsecond=0)
    out: dict = {name: None for name in FIELD_NAMES}
    for spec in FIELDS:
        if spec.default == "current_year":
            out[spec.name] = now.year
        elif spec.default == "now":
            out[spec.name] = now
        elif spec.default is not None:
            out[spec.name] = spec.default
    if year is not None:
        out["year"] = int(year)
    out.update(values)
    if out.get("category") and not out.get("kind"):
        out["kind"] = kind_for_category(str(out["category"]))
    return out


# ------------------------------------------------------------------------------------------------------------
# rollover


@dataclass
class RolloverPlan:
    """What rolling ``from_year`` into ``to_year`` does (nothing is changed until the caller applies it)."""

    from_year: int
    to_year: int
    #: new projects for ``to_year`` (full attribute dicts, ``previous_id`` = the old id)
    new_projects: list[dict] = field(default_factory=list)
    #: for each new project, the index of its source in the input list
    sources: list[int] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)  # 完工 / 运营: stay
    cancelled: list[str] = field(default_factory=list)  # 取消: stay
    already_rolled: dict[str, str] = field(default_factory=dict)  # old id -> existing successor id
    unknown_status: list[str] = field(default_factory=list)  # not rolled: status empty or not in the list

    def summary(self) -> str:
        parts = [Msg("{} unfinished project(s) of {} roll into {}", len(self.new_projects), self.from_year,
                     self.to_year)]
        if self.finished:
            parts.append(Msg("{} finished stay", len(self.finished)))
        if self.cancelled:
            parts.append(Msg("{} cancelled stay", len(self.cancelled)))
        if self.already_rolled:
            parts.append(Msg("{} already rolled over", len(self.already_rolled)))
        if self.unknown_status:
            parts.append(Msg("{} without a known status left alone ({})", len(self.unknown_status),
                             ", ".join(self.unknown_status)))
        return Msg("{}.", Msg.join("; ", parts))


def plan_rollover(
    projects: Sequence[Mapping[str, object]],
    from_year: int,
    *,
    now: Optional[dt.datetime] = None,
) -> RolloverPlan:
    """Which projects of ``from_year`` roll into the next year, with their new ids.

    Unfinished projects (谋划 / 前期 / 在建) are copied with every field kept except ``project_id`` (next free
    ``<year+1>-<街镇>-<seq>``, in the order of the old ids), ``year`` (+1), ``previous_id`` (the old id) and
    ``updated_at`` (now). Finished (完工 / 运营) and cancelled (取消) projects stay. Projects that already have a
    successor (a project of the next year whose ``previous_id`` is their id) are not rolled twice, so running
    the rollover again changes nothing.

    Raises LifeCircleError when ids of the list are duplicated (a successor could not say which project it
    continues) or when a project to roll has no 街镇 for its new id.
    """
    from_year = int(from_year)
    to_year = from_year + 1
    now = now or dt.datetime.now().replace(microsecond=0)
    dups = duplicate_ids(p.get("project_id") for p in projects)
    if dups:
        listed = ", ".join(f"{pid} (×{n})" for pid, n in dups.items())
        raise LifeCircleError(Msg("The project list has duplicate project ids: {}. Give each project its own id "
                                  "before rolling over; "
                                  "nothing was changed.", listed))
    plan = RolloverPlan(from_year, to_year)
    successors = {str(p.get("previous_id")).strip(): str(p.get("project_id"))
                  for p in projects if _year_of(p) == to_year and not is_empty(p.get("previous_id"))}
    existing_ids = [p.get("project_id") for p in projects]
    rolling: list[tuple[int, Mapping[str, object]]] = []
    for i, p in enumerate(projects):
        if _year_of(p) != from_year:
            continue
        pid = str(p.get("project_id") or "").strip()
        status = status_of(p.get("status"))
        if pid in successors:
            plan.already_rolled[pid] = successors[pid]
        elif status in FINISHED_STATUSES:
            plan.finished.append(pid)
        elif status == CANCELLED_STATUS:
            plan.cancelled.append(pid)
        elif status in UNFINISHED_STATUSES:
            rolling.append((i, p))
        else:
            plan.unknown_status.append(pid or f"#{i + 1}")
    rolling.sort(key=lambda ip: _id_sort_key(ip[1].get("project_id")))
    missing_sd = [str(p.get("project_id")) for _, p in rolling if is_empty(p.get("subdistrict"))]
    if missing_sd:
        raise LifeCircleError(Msg("{} is empty for {}: the new ids need it. Fill it in first; nothing was "
                                  "changed.", FIELDS_BY_NAME['subdistrict'].label(), ', '.join(missing_sd)))
    for i, p in rolling:
        new = {name: p.get(name) for name in FIELD_NAMES}
        new["project_id"] = next_project_id(to_year, str(p.get("subdistrict")), existing_ids)
        existing_ids.append(new["project_id"])
        new["year"] = to_year
        new["previous_id"] = str(p.get("project_id")).strip()
        new["updated_at"] = now
        plan.new_projects.append(new)
        plan.sources.append(i)
    return plan


def _year_of(p: Mapping[str, object]) -> Optional[int]:
    return year_of(p.get("year"))


_STATUS_LOOKUP = vocabulary_lookup(STATUSES)


@dataclass
class ProjectSelection:
    """Which projects of a list a run counts (indices), and the ones it could not judge — never dropped silently."""

    selected: list[int]
    unreadable_year: list[int]  # the year is not a year ('明年', '26')
    unknown_status: list[int]  # the status is not one of the list's statuses


def select_projects(years: Sequence[object], statuses: Sequence[object], year: int,
                    wanted_statuses: Iterable[object]) -> ProjectSelection:
    """The projects of ``year`` (0: every year) whose status is one of ``wanted_statuses`` (empty: any), with
    years and statuses read as typed ('2026年', '２０２６', ' 完工')."""
    wanted = {word_key(s) for s in wanted_statuses if clean_text(s)}
    out = ProjectSelection([], [], [])
    for i, (y, st) in enumerate(zip(years, statuses)):
        known = status_of(st)
        if year and year_of(y) is None:
            out.unreadable_year.append(i)
        elif known is None and wanted and word_key(st) not in wanted:
            out.unknown_status.append(i)
        elif (not year or year_of(y) == year) and (not wanted or word_key(known or st) in wanted):
            out.selected.append(i)
    return out


def status_of(value: object) -> Optional[str]:
    """The list's own spelling of a typed status (' 完工', '完工 ' are 完工), or None when it is not one."""
    return canonical_word(value, _STATUS_LOOKUP)


def _id_sort_key(pid: object) -> tuple:
    parsed = parse_project_id(pid)
    if parsed:
        return (0, parsed[0], parsed[1], parsed[2], "")
    return (1, 0, "", 0, str(pid))


# ------------------------------------------------------------------------------------------------------------
# drafts from siting results

#: site-layer roles and the field names they are guessed from (case-insensitive; exact names first, then names
#: that start with or contain one of these)
SITE_FIELD_CANDIDATES: dict[str, tuple[str, ...]] = {
    # lifecircle:siting writes lc_rank, lc_site_id, lc_code, new_pop, lc_reason next to the candidates' own
    # fields (which may be potential-space output with its own rank / reason / gaps): lc_* names come first
    "category": ("lc_code", "category", "code", "category_code", "cat", "类别", "设施类别", "gaps", "fits",
                 "categories", "fit_categories"),
    "rank": ("lc_rank", "rank", "site_rank", "order", "priority", "排名", "排序"),
    "name": ("name", "site_name", "名称"),
    "reason": ("lc_reason", "reason", "reasons", "why", "explanation", "理由", "原因", "说明"),
    "newly_covered": ("new_pop", "newly_covered", "new_covered", "marginal_covered", "marginal_population",
                      "marginal", "newly_covered_population", "covered_new", "gain", "新增覆盖", "need"),
    "subdistrict": ("subdistrict", "街镇", "street", "jiezhen"),
    "unit_id": ("unit_id", "unit", "单元"),
    "site_id": ("lc_site_id", "site_id", "candidate_id", "parcel_id", "candidate", "id", "fid_src"),
    "path": ("path", "实施路径"),
    "needs": ("lc_needs", "needs_answered", "居民诉求"),
    "asks": ("lc_asks", "诉求内容"),
}
#: guessed roles that must not take a field already used for another role
_ROLE_ORDER = ("category", "rank", "newly_covered", "reason", "subdistrict", "unit_id", "site_id", "name", "path",
               "needs", "asks")


def guess_site_fields(field_names: Sequence[str]) -> dict[str, Optional[str]]:
    """For each role of :data:`SITE_FIELD_CANDIDATES`, the field of a siting (or potential-space) layer that
    most likely holds it, or None."""
    used: set[str] = set()
    lower = {f.lower(): f for f in field_names}
    out: dict[str, Optional[str]] = {}
    for role in _ROLE_ORDER:
        cands = SITE_FIELD_CANDIDATES[role]
        chosen = None
        for c in cands:  # exact
            if c.lower() in lower and lower[c.lower()] not in used:
                chosen = lower[c.lower()]
                break
        if chosen is None and role not in ("name", "site_id", "path", "needs", "asks"):
            for c in cands:  # names starting with a candidate, then (for longer candidates) containing it
                hits = [f for f in field_names if f not in used and f.lower().startswith(c.lower())]
                hits = hits or [f for f in field_names if f not in used and len(c) >= 5 and c.lower() in f.lower()]
                if hits:
                    chosen = hits[0]
                    break
        out[role] = chosen
        if chosen:
            used.add(chosen)
    return out


@dataclass
class DraftResult:
    projects: list[dict] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # index of the site each draft comes from
    skipped: list[str] = field(default_factory=list)  # "site 3 (P0123): no category" …


def drafts_from_sites(
    sites: Sequence[Mapping[str, object]],
    mapping: Mapping[str, Optional[str]],
    *,
    year: int,
    existing_ids: Iterable[object],
    subdistricts: Optional[Sequence[Optional[str]]] = None,
    unit_ids: Optional[Sequence[Optional[str]]] = None,
    district: Optional[str] = None,
    default_category: Optional[str] = None,
    now: Optional[dt.datetime] = None,
    profile: str = DEFAULT_PROFILE,
) -> DraftResult:
    """Draft projects (status 谋划, progress 0) from chosen sites.

    ``sites``: attribute dicts of the sites; ``mapping``: role -> field name (see :func:`guess_site_fields`).
    ``subdistricts`` / ``unit_ids``: per site, found by location (they win over the site's own fields).
    ``default_category``: for sites without a category field (a siting run is for one category).
    The category and kind are filled in; the remarks say why the site was chosen (rank, newly covered
    residents, the reason); the name is the site's name or ``<category> 设施（选址第 n 位）``.
    Sites without a category or a 街镇 are skipped and listed.
    """
    now = now or dt.datetime.now().replace(microsecond=0)
    ids = [i for i in existing_ids if i is not None]
    result = DraftResult()
    order = list(range(len(sites)))
    rank_field = mapping.get("rank")
    if rank_field:
        def rank_key(i: int) -> tuple:
            try:
                r = to_number(sites[i].get(rank_field))
            except ValueError:
                r = None
            return (r is None, r if r is not None else 0, i)

        order.sort(key=rank_key)
    for i in order:
        site = sites[i]

        def get(role: str) -> object:
            name = mapping.get(role)
            return site.get(name) if name else None

        label = f"site {str(get('site_id')).strip()}" if not is_empty(get("site_id")) else f"site #{i + 1}"
        category = parse_category(get("category"), profile) or (
            parse_category(default_category, profile) if default_category else None)
        if category is None:
            raw = get("category")
            result.skipped.append(f"{label}: no category" + (f" in '{raw}'" if not is_empty(raw) else ""))
            continue
        sd = subdistricts[i] if subdistricts is not None and i < len(subdistricts) else None
        if is_empty(sd):
            sd = get("subdistrict")
        if is_empty(sd):
            result.skipped.append(Msg("{}: no 街镇 (choose a units layer, or a 街镇 field on the sites)", label))
            continue
        unit = unit_ids[i] if unit_ids is not None and i < len(unit_ids) else None
        if is_empty(unit):
            unit = get("unit_id")
        choice = category_choice(category, profile)
        cat_name = choice.name_zh if choice else category
        rank = _maybe_int(get("rank"))
        covered = _maybe_number(get("newly_covered"))
        notes = []
        if rank is not None:
            notes.append(Msg("选址推荐第 {} 位", rank))
        if covered is not None:
            notes.append(Msg("新增覆盖 {:,.0f} 人", covered))
        reason = get("reason")
        if not is_empty(reason):
            notes.append(Msg("理由：{}", str(reason).strip()))
        asked = _maybe_number(get("needs"))
        if asked:
            asks = get("asks")
            notes.append(Msg("回应居民诉求 {:g} 票", asked) if is_empty(asks) else
                         Msg("回应居民诉求 {:g} 票：{}", asked, str(asks).strip()))
        if not is_empty(get("site_id")):
            notes.append(Msg("来源：{}", str(get('site_id')).strip()))
        name = get("name")
        if is_empty(name):
            name = f"{cat_name}设施" + (f"（选址第 {rank} 位）" if rank is not None else "（选址）")
        path = get("path")
        path = str(path).strip() if not is_empty(path) and str(path).strip() in PATHS else None
        pid = next_project_id(year, str(sd), ids)
        ids.append(pid)
        project = new_project(year=year, now=now, project_id=pid, district=district, subdistrict=str(sd).strip(),
                              unit_id=None if is_empty(unit) else str(unit).strip(), name=str(name).strip(),
                              category=category, kind=choice.kind if choice else None, path=path,
                              remarks="；".join(notes) or None)
        result.projects.append(project)
        result.sources.append(i)
    return result


def _maybe_number(value: object) -> Optional[float]:
    try:
        return to_number(value)
    except ValueError:
        return None


def _maybe_int(value: object) -> Optional[int]:
    v = _maybe_number(value)
    return int(round(v)) if v is not None else None


# ------------------------------------------------------------------------------------------------------------
# totals (what the dock shows under the table)


@dataclass
class Totals:
    count: int
    investment: float  # all projects
    active_investment: float  # without cancelled (取消) projects
    by_status: dict[str, tuple[int, float]]  # status -> (count, investment)


def totals(projects: Iterable[Mapping[str, object]]) -> Totals:
    """Count and investment (万元), overall, without cancelled projects, and by status (statuses in list order,
    then any others; empty status as "—"). Unreadable investments count as 0."""
    count = 0
    total = 0.0
    by: dict[str, list] = {}
    for p in projects:
        count += 1
        try:
            inv = to_number(p.get("investment")) or 0.0
        except ValueError:
            inv = 0.0
        total += inv
        status = status_of(p.get("status")) or clean_text(p.get("status")) or "—"
        entry = by.setdefault(status, [0, 0.0])
        entry[0] += 1
        entry[1] += inv
    ordered = {s: (by[s][0], by[s][1]) for s in STATUSES if s in by}
    ordered.update({s: (v[0], v[1]) for s, v in by.items() if s not in ordered})
    cancelled = by.get(CANCELLED_STATUS, [0, 0.0])[1]
    return Totals(count, total, total - cancelled, ordered)
