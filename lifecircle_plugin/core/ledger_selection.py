"""Which projects a ledger holds: the years and 街镇 a list offers, and the year(s) a YEARS text means.

The rules the export algorithm (``lifecircle:exportledger``) and the project dock's export dialog share; the
projects are plain dicts (``ledger_io.read_projects``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Optional

from . import projects as P
from .ledger import parse_years

#: a YEARS text meaning every year of the list
ALL_YEARS = ("0", "all", "全部")


def year_number(value: object) -> Optional[int]:
    """A project's year as a number (None: empty or not a number)."""
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def years_in(projects: Sequence[Mapping[str, object]]) -> list[int]:
    """The years of the list, in order."""
    return sorted({y for y in (year_number(p.get("year")) for p in projects) if y is not None})


def subdistricts_in(projects: Sequence[Mapping[str, object]]) -> list[str]:
    """The 街镇 of the list, in order (blank ones left out)."""
    return sorted({str(p.get("subdistrict")).strip() for p in projects if not P.is_empty(p.get("subdistrict"))})


def chosen_years(text: object, projects: Sequence[Mapping[str, object]]) -> tuple[tuple[int, ...], bool]:
    """(the years a YEARS text means, whether they are the list's latest by default): empty = the latest year of
    the list; 0, 'all' or 全部 = every year (an empty tuple); otherwise as :func:`ledger.parse_years` reads it."""
    text = str(text if text is not None else "").strip()
    if text.lower() in ALL_YEARS:
        return (), False
    if text:
        return parse_years(text), False
    return tuple(years_in(projects)[-1:]), True


def unknown_subdistricts(names: Sequence[str], projects: Sequence[Mapping[str, object]]) -> list[str]:
    """The chosen 街镇 names no project of the list is in (东湖 matches 东湖街道)."""
    known = {P.subdistrict_short_name(str(p.get("subdistrict") or "")) for p in projects}
    return [n for n in names if P.subdistrict_short_name(n) not in known]
