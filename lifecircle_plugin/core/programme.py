"""The district's annual programme around the project list: where projects come from (项目来源), the yearly
targets per 街镇 or district and the progress against them, and the one-time split of the old overloaded dates
into planned and actual ones. Pure Python (no QGIS).

The rules are written down for planners in resources/programme/README.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .checklist import DEFAULT_PROFILE
from .errors import LifeCircleError, Msg
from .typed import clean_text, vocabulary_lookup, word_key, year_of

PROGRAMME_DIR = Path(__file__).resolve().parents[2] / "resources" / "programme"
SOURCES_FILE = PROGRAMME_DIR / "project_sources.csv"

#: statuses of a project that has started (with an actual start date, any status but 取消 counts too)
STARTED_STATUSES: tuple[str, ...] = ("在建", "完工", "运营")
#: the columns of a targets table, in order
TARGET_COLUMNS: tuple[str, ...] = ("year", "unit", "started", "completed", "investment")
TARGET_HEADERS_ZH = {"year": "年度", "unit": "街镇/区", "started": "目标开工（个）", "completed": "目标完工（个）",
                     "investment": "目标投资（万元）"}


# ------------------------------------------------------------------------------------------------------------
# project sources (项目来源)


@dataclass(frozen=True)
class SourceChoice:
    value: str
    name_en: str
    aliases: tuple[str, ...] = ()

    def label(self, language: str = "zh") -> str:
        return self.name_en if language.lower().startswith("en") else self.value


@lru_cache(maxsize=4)
def project_sources(path: Optional[str] = None) -> tuple[SourceChoice, ...]:
    """The vocabulary of 项目来源 from resources/programme/project_sources.csv (a district may edit it)."""
    from .checklist import _read_table

    where = Path(path) if path else SOURCES_FILE
    header, rows = _read_table(where)
    if "value" not in header:
        raise LifeCircleError(Msg("{}: the header needs a 'value' column (has: {}).", where, ", ".join(header)))
    out = []
    for line, row in rows:
        value = clean_text(row.get("value"))
        if not value:
            continue
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").replace("；", ";").split(";") if a.strip())
        out.append(SourceChoice(value, clean_text(row.get("name_en")) or value, aliases))
    if not out:
        raise LifeCircleError(Msg("{}: no project source in the file.", where))
    return tuple(out)


def parse_project_source(value: object) -> Optional[str]:
    """The vocabulary's value for what a planner typed (民心 → 民心工程, 'Other' → 其他); None when unknown."""
    lookup = vocabulary_lookup([s.value for s in project_sources()],
                               {a: s.value for s in project_sources() for a in (s.aliases + (s.name_en,))})
    return lookup.get(word_key(value))


# ------------------------------------------------------------------------------------------------------------
# yearly targets


@dataclass(frozen=True)
class Target:
    """A yearly target of a 街镇 (or of a whole district): projects started, completed, investment (万元)."""

    year: int
    unit: str
    started: Optional[int] = None
    completed: Optional[int] = None
    investment: Optional[float] = None


@dataclass
class TargetProblem:
    row: int  # 1-based row of the table (the header not counted)
    column: str
    message: str

    def msg(self) -> Msg:
        """The problem as a core message (messages.tr_msg puts it in the planner's language)."""
        return Msg("row {}, column {}: {}", self.row, TARGET_HEADERS_ZH.get(self.column, self.column), self.message)

    def __str__(self) -> str:
        return str(self.msg())


def read_targets(rows: Sequence[Mapping[str, object]]) -> tuple[list[Target], list[TargetProblem]]:
    """Targets from table rows ({column: value}); every unreadable value and duplicated (year, unit) named by
    row and column. Rows that are wholly empty are skipped."""
    targets: list[Target] = []
    problems: list[TargetProblem] = []
    seen: dict[tuple[int, str], int] = {}
    for i, row in enumerate(rows, start=1):
        if all(_empty(row.get(c)) for c in TARGET_COLUMNS):
            continue
        year = year_of(row.get("year"))
        if year is None:
            problems.append(TargetProblem(i, "year", Msg("'{}' is not a year", clean_text(row.get("year")))))
        unit = clean_text(row.get("unit"))
        if not unit:
            problems.append(TargetProblem(i, "unit", Msg("name the 街镇 (or the district) the target is for")))
        numbers = {}
        before = len(problems)
        for column in ("started", "completed", "investment"):
            numbers[column], problem = _target_number(row.get(column), whole=column != "investment")
            if problem:
                problems.append(TargetProblem(i, column, problem))
        if year is None or not unit or len(problems) > before:
            continue
        if (year, unit) in seen:
            problems.append(TargetProblem(i, "unit", Msg("{} {} already has a target (row {})", year, unit,
                                                         seen[(year, unit)])))
            continue
        seen[(year, unit)] = i
        targets.append(Target(year, unit, **numbers))
    return targets, problems


def _target_number(value: object, whole: bool) -> tuple[Optional[float], Optional[str]]:
    from .projects import to_number

    try:
        number = to_number(value, integer=whole)
    except ValueError as exc:
        return None, str(exc)
    if number is not None and number < 0:
        return None, Msg("must be 0 or more, not {}", number)
    return number, None


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or not clean_text(value)


# ------------------------------------------------------------------------------------------------------------
# progress against the targets


@dataclass
class Progress:
    """Actual numbers of a year's projects of one unit (a 街镇, a district or a category) and its target."""

    year: int
    unit: str
    projects: int = 0
    started: int = 0
    completed: int = 0
    investment: float = 0.0
    target: Optional[Target] = None

    def share(self, what: str) -> Optional[float]:
        """Actual / target (1.0 = met) for started, completed or investment; None without a target."""
        goal = getattr(self.target, what, None) if self.target else None
        if not goal:
            return None
        return float(getattr(self, what)) / float(goal)


def has_started(project: Mapping[str, object]) -> bool:
    from .projects import CANCELLED_STATUS, is_empty, status_of

    status = status_of(project.get("status"))
    if status == CANCELLED_STATUS:
        return False
    return status in STARTED_STATUSES or not is_empty(project.get("actual_start"))


def has_completed(project: Mapping[str, object]) -> bool:
    from .projects import FINISHED_STATUSES, status_of

    return status_of(project.get("status")) in FINISHED_STATUSES


def _add(progress: Progress, project: Mapping[str, object]) -> None:
    from .projects import CANCELLED_STATUS, status_of, to_number

    progress.projects += 1
    progress.started += int(has_started(project))
    progress.completed += int(has_completed(project))
    if status_of(project.get("status")) != CANCELLED_STATUS:
        try:
            progress.investment += to_number(project.get("investment")) or 0.0
        except ValueError:
            pass


def names_subdistrict(unit: str, project: Mapping[str, object]) -> bool:
    """Whether a target's unit is the project's 街镇 (its full or its short name: 东湖 for 东湖街道)."""
    from .projects import subdistrict_short_name

    subdistrict = clean_text(project.get("subdistrict"))
    return bool(subdistrict) and word_key(unit) in (word_key(subdistrict),
                                                    word_key(subdistrict_short_name(subdistrict)))


def unit_matches(unit: str, project: Mapping[str, object]) -> bool:
    """Whether a target's unit names the project's 街镇 or its district (区)."""
    district = clean_text(project.get("district"))
    return names_subdistrict(unit, project) or (bool(district) and word_key(unit) == word_key(district))


def progress_by_unit(projects: Iterable[Mapping[str, object]], targets: Sequence[Target],
                     year: int) -> list[Progress]:
    """For ``year``: each target's unit with its actual numbers, then every 街镇 with projects but no target of
    its own (a district-wide target counts them too)."""
    projects = [p for p in projects if year_of(p.get("year")) == year]
    rows = []
    for target in (t for t in targets if t.year == year):
        row = Progress(year, target.unit, target=target)
        for p in projects:
            if unit_matches(target.unit, p):
                _add(row, p)
        rows.append(row)
    own = [t.unit for t in targets if t.year == year]
    others: dict[str, Progress] = {}
    for p in projects:
        if not any(names_subdistrict(unit, p) for unit in own):
            name = clean_text(p.get("subdistrict")) or "（未填）"
            _add(others.setdefault(name, Progress(year, name)), p)
    return rows + [others[k] for k in sorted(others)]


def progress_by_category(projects: Iterable[Mapping[str, object]], year: int,
                         profile: str = DEFAULT_PROFILE) -> list[Progress]:
    """For ``year``: actual numbers per 十全/十美 category (targets are per unit, so none here)."""
    from .projects import category_codes, parse_category

    rows: dict[str, Progress] = {}
    for p in projects:
        if year_of(p.get("year")) != year:
            continue
        code = parse_category(p.get("category"), profile) or clean_text(p.get("category")) or "（未填）"
        _add(rows.setdefault(code, Progress(year, code)), p)
    order = {c: i for i, c in enumerate(category_codes(profile))}
    return sorted(rows.values(), key=lambda r: (order.get(r.unit, len(order)), r.unit))


# ------------------------------------------------------------------------------------------------------------
# the old overloaded dates


def actual_dates_from_legacy(project: Mapping[str, object]) -> dict:
    """{actual_start / actual_end: date} a project of a list made before the split gets: offices kept the one pair
    of dates current ("planned until the work starts / ends, then actual"), so a finished project's end date is
    its actual end and a started project's start date its actual start. Values already there are kept."""
    from .projects import FINISHED_STATUSES, is_empty, status_of

    out = {}
    status = status_of(project.get("status"))
    if status in STARTED_STATUSES and is_empty(project.get("actual_start")) and not is_empty(project.get("start_date")):
        out["actual_start"] = project.get("start_date")
    if status in FINISHED_STATUSES and is_empty(project.get("actual_end")) and not is_empty(project.get("end_date")):
        out["actual_end"] = project.get("end_date")
    return out
